"""Great-circle distances, bearings and an exact nearest-point index.

``PointIndex`` stores the points as 3-D unit vectors in a k-d tree (scipy ``cKDTree``). The chord
between two unit vectors is a strictly increasing function of the great-circle angle
(``chord = 2 sin(angle / 2)``), so "nearest by chord" is "nearest by great-circle distance": the
answers are exact, not approximations. Distances returned are haversine metres on a sphere of
radius ``EARTH_RADIUS_M``, computed for the returned points only.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np

EARTH_RADIUS_M = 6_371_008.8  # mean Earth radius (IUGG)

# Relative slack used when turning a radius into a chord: candidates are gathered slightly beyond
# the radius, then filtered on their exact haversine distance.
_SLACK = 1e-9


def _check_coords(lat: float, lon: float) -> tuple[float, float]:
    try:
        lat_f, lon_f = float(lat), float(lon)
    except (TypeError, ValueError):
        raise ValueError(
            "Les coordonnées doivent être des nombres (latitude, longitude)."
        ) from None
    if not (math.isfinite(lat_f) and math.isfinite(lon_f)):
        raise ValueError("Les coordonnées doivent être des nombres finis (pas NaN ni l'infini).")
    if not -90.0 <= lat_f <= 90.0:
        raise ValueError(f"La latitude {lat_f} est hors limites : elle doit être entre -90 et 90.")
    if not -180.0 <= lon_f <= 180.0:
        raise ValueError(
            f"La longitude {lon_f} est hors limites : elle doit être entre -180 et 180."
        )
    return lat_f, lon_f


def haversine_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in metres between two points given in degrees.

    Raises ``ValueError`` (French message) for NaN, infinite or out-of-range coordinates.
    """
    lat1, lon1 = _check_coords(lat1, lon1)
    lat2, lon2 = _check_coords(lat2, lon2)
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(a)))


def haversine_np(lat1: Any, lon1: Any, lats: np.ndarray, lons: np.ndarray) -> np.ndarray:
    """Vectorised haversine metres from one point (or arrays) to arrays of points (degrees)."""
    p1 = np.radians(lat1)
    p2 = np.radians(lats)
    dp = p2 - p1
    dl = np.radians(lons) - np.radians(lon1)
    a = np.sin(dp / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))


def bearing_deg(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Initial bearing from point 1 to point 2, in degrees: 0 = north, 90 = east, clockwise.

    Returns 0.0 when the two points are the same.
    """
    lat1, lon1 = _check_coords(lat1, lon1)
    lat2, lon2 = _check_coords(lat2, lon2)
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dl = math.radians(lon2 - lon1)
    x = math.sin(dl) * math.cos(p2)
    y = math.cos(p1) * math.sin(p2) - math.sin(p1) * math.cos(p2) * math.cos(dl)
    if x == 0.0 and y == 0.0:
        return 0.0
    return math.degrees(math.atan2(x, y)) % 360.0


def _unit_vectors(lats: np.ndarray, lons: np.ndarray) -> np.ndarray:
    phi, lam = np.radians(lats), np.radians(lons)
    cos_phi = np.cos(phi)
    return np.column_stack((cos_phi * np.cos(lam), cos_phi * np.sin(lam), np.sin(phi)))


def _unit_vector(lat: float, lon: float) -> tuple[float, float, float]:
    """One point's unit vector, without numpy's per-call overhead (the candidates it gathers are
    then filtered on their exact haversine distance, with a slack far above rounding)."""
    phi, lam = math.radians(lat), math.radians(lon)
    cos_phi = math.cos(phi)
    return (cos_phi * math.cos(lam), cos_phi * math.sin(lam), math.sin(phi))


def _chord(radius_m: float) -> float:
    """Chord length on the unit sphere for a great-circle distance in metres."""
    angle = min(math.pi, radius_m / EARTH_RADIUS_M)
    return 2.0 * math.sin(angle / 2.0)


def _check_radius(radius_m: Any, name: str = "Le rayon") -> float:
    try:
        r = float(radius_m)
    except (TypeError, ValueError):
        raise ValueError(f"{name} doit être un nombre de mètres.") from None
    if math.isnan(r):
        raise ValueError(f"{name} doit être un nombre de mètres, pas NaN.")
    if r < 0:
        raise ValueError(f"{name} ne peut pas être négatif ({r} mètres).")
    return r


class PointIndex:
    """Exact nearest-k and within-radius search over points given in degrees.

    ``ids`` (optional) gives the identifier returned for each point; by default the position.
    Results are lists of ``(id, metres)``, nearest first; ties are ordered by insertion order.
    Invalid coordinates raise ``ValueError`` with a French message.
    """

    def __init__(
        self,
        lats: Iterable[float] | np.ndarray,
        lons: Iterable[float] | np.ndarray,
        ids: Sequence[Any] | None = None,
    ) -> None:
        from scipy.spatial import cKDTree

        self._lats = np.asarray(list(lats) if not isinstance(lats, np.ndarray) else lats, float)
        self._lons = np.asarray(list(lons) if not isinstance(lons, np.ndarray) else lons, float)
        self._lats = self._lats.reshape(-1)
        self._lons = self._lons.reshape(-1)
        if self._lats.shape != self._lons.shape:
            raise ValueError("Il faut autant de latitudes que de longitudes.")
        n = len(self._lats)
        if n and not (np.isfinite(self._lats).all() and np.isfinite(self._lons).all()):
            raise ValueError(
                "Les coordonnées doivent être des nombres finis (pas NaN ni l'infini)."
            )
        if n and (np.abs(self._lats).max() > 90 or np.abs(self._lons).max() > 180):
            raise ValueError("Des coordonnées sont hors limites (latitude ±90, longitude ±180).")
        if ids is not None:
            ids = list(ids)
            if len(ids) != n:
                raise ValueError("Il faut un identifiant par point.")
        self._ids: list[Any] | None = ids
        self._tree = cKDTree(_unit_vectors(self._lats, self._lons)) if n else None

    def __len__(self) -> int:
        return len(self._lats)

    def _result(
        self, idx: np.ndarray, lat: float, lon: float, limit: int | None, max_m: float | None
    ) -> list[tuple[Any, float]]:
        if idx.size == 0:
            return []
        dist = haversine_np(lat, lon, self._lats[idx], self._lons[idx])
        if max_m is not None:
            keep = dist <= max_m
            idx, dist = idx[keep], dist[keep]
        order = np.lexsort((idx, dist))  # by distance, then insertion order
        if limit is not None:
            order = order[:limit]
        ids = self._ids
        return [
            (ids[i] if ids is not None else int(i), float(d))
            for i, d in zip(idx[order].tolist(), dist[order].tolist(), strict=True)
        ]

    def nearest(
        self, lat: float, lon: float, k: int = 10, max_radius_m: float | None = None
    ) -> list[tuple[Any, float]]:
        """The ``k`` nearest points as ``(id, metres)``, nearest first.

        ``max_radius_m`` (optional) drops points farther than that. ``k <= 0`` or a negative
        radius raise ``ValueError``; ``k`` larger than the index returns every point.
        """
        lat, lon = _check_coords(lat, lon)
        if isinstance(k, bool) or not isinstance(k, int | np.integer):
            raise ValueError("Le nombre de résultats demandé doit être un entier.")
        if k <= 0:
            raise ValueError("Le nombre de résultats demandé doit être au moins 1.")
        max_m = None if max_radius_m is None else _check_radius(max_radius_m)
        if self._tree is None:
            return []
        n = len(self)
        k = min(int(k), n)
        q = _unit_vectors(np.array([lat]), np.array([lon]))[0]
        bound = np.inf if max_m is None else _chord(max_m) * (1 + _SLACK) + 1e-12
        dists, idx = self._tree.query(q, k=k, distance_upper_bound=bound)
        dists, idx = np.atleast_1d(dists), np.atleast_1d(idx)
        found = idx < n
        if not found.any():
            return []
        # Gather every point tied (within float noise) with the k-th, so the answer is exact.
        kth = float(dists[found].max())
        ball = self._tree.query_ball_point(q, kth * (1 + _SLACK) + 1e-12)
        return self._result(np.asarray(ball, dtype=np.intp), lat, lon, k, max_m)

    def within(self, lat: float, lon: float, radius_m: float) -> list[tuple[Any, float]]:
        """Every point at most ``radius_m`` metres away, as ``(id, metres)``, nearest first."""
        lat, lon = _check_coords(lat, lon)
        r = _check_radius(radius_m)
        if self._tree is None:
            return []
        q = _unit_vector(lat, lon)
        # unsorted: _result orders the candidates by distance, then insertion order
        ball = self._tree.query_ball_point(q, _chord(r) * (1 + _SLACK) + 1e-12, return_sorted=False)
        return self._result(np.asarray(ball, dtype=np.intp), lat, lon, None, r)

    def within_positions(
        self, lat: float, lon: float, radius_m: float
    ) -> tuple[np.ndarray, np.ndarray]:
        """What :meth:`within` finds, as two arrays: the points' positions (insertion order,
        not ids) and their metres, nearest first (ties by position). For callers that filter
        the points with arrays of their own before making Python objects of the few they keep."""
        lat, lon = _check_coords(lat, lon)
        r = _check_radius(radius_m)
        if self._tree is None:
            return np.empty(0, dtype=np.intp), np.empty(0, dtype=float)
        q = _unit_vector(lat, lon)
        ball = self._tree.query_ball_point(q, _chord(r) * (1 + _SLACK) + 1e-12, return_sorted=False)
        idx = np.asarray(ball, dtype=np.intp)
        if idx.size == 0:
            return idx, np.empty(0, dtype=float)
        dist = haversine_np(lat, lon, self._lats[idx], self._lons[idx])
        keep = dist <= r
        idx, dist = idx[keep], dist[keep]
        order = np.lexsort((idx, dist))  # by distance, then insertion order, as _result
        return idx[order], dist[order]
