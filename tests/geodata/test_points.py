"""PointIndex gives exactly the brute-force answer; haversine and bearings are right."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geodata import PointIndex, bearing_deg, haversine_m
from geodata.points import haversine_np

# Places that matter: mainland, Corsica, the five DROM, and the antimeridian/poles for safety.
ANCHORS = [
    (48.8566, 2.3522),  # Paris
    (43.2965, 5.3698),  # Marseille
    (41.9192, 8.7386),  # Ajaccio (Corsica)
    (42.7, 9.45),  # Bastia
    (16.2650, -61.5510),  # Guadeloupe
    (14.6161, -61.0588),  # Martinique
    (4.9372, -52.3260),  # Cayenne
    (-20.8789, 55.4481),  # La Réunion
    (-12.7806, 45.2279),  # Mayotte
    (89.9, 179.9),
    (-89.9, -179.9),
]


@st.composite
def point(draw):
    if draw(st.booleans()):
        lat0, lon0 = draw(st.sampled_from(ANCHORS))
        dlat = draw(st.floats(-0.5, 0.5))
        dlon = draw(st.floats(-0.5, 0.5))
        return max(-90.0, min(90.0, lat0 + dlat)), ((lon0 + dlon + 180.0) % 360.0) - 180.0
    return draw(st.floats(-90, 90)), draw(st.floats(-180, 180))


@st.composite
def point_set(draw):
    pts = draw(st.lists(point(), min_size=0, max_size=60))
    if pts and draw(st.booleans()):
        # many points on the same spot
        pts += [pts[0]] * draw(st.integers(1, 40))
    return pts


def brute(pts, lat, lon):
    if not pts:
        return np.array([])
    arr = np.array(pts)
    return haversine_np(lat, lon, arr[:, 0], arr[:, 1])


def check_exact(result, dists, expected_count):
    """The result holds exactly the `expected_count` smallest true distances, sorted."""
    assert len(result) == expected_count
    got = [d for _, d in result]
    assert got == sorted(got)
    for i, d in result:  # each reported distance is the true one
        assert d == pytest.approx(dists[i], abs=1e-6)
    want = np.sort(dists)[:expected_count]
    assert np.allclose(got, want, atol=1e-6, rtol=0)


FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(point_set(), point(), st.integers(1, 80))
def test_nearest_matches_brute_force(pts, q, k):
    index = PointIndex([p[0] for p in pts], [p[1] for p in pts])
    res = index.nearest(q[0], q[1], k=k)
    dists = brute(pts, *q)
    check_exact(res, dists, min(k, len(pts)))  # k > n returns every point


@FAST
@given(point_set(), point(), st.sampled_from([0.0, 1.0, 500.0, 20_000.0, 300_000.0, 8e6, 3e7]))
def test_within_matches_brute_force(pts, q, radius):
    index = PointIndex([p[0] for p in pts], [p[1] for p in pts])
    res = index.within(q[0], q[1], radius)
    dists = brute(pts, *q)
    inside = int((dists <= radius).sum()) if len(pts) else 0
    # float noise exactly at the boundary: allow only points within 1e-6 m of it to differ
    near_edge = int((np.abs(dists - radius) < 1e-6).sum()) if len(pts) else 0
    assert abs(len(res) - inside) <= near_edge
    for i, d in res:
        assert d <= radius
        assert d == pytest.approx(dists[i], abs=1e-6)
    assert [d for _, d in res] == sorted(d for _, d in res)


@FAST
@given(point_set(), point(), st.integers(1, 20), st.floats(0, 2e6))
def test_nearest_with_max_radius(pts, q, k, radius):
    index = PointIndex([p[0] for p in pts], [p[1] for p in pts])
    res = index.nearest(q[0], q[1], k=k, max_radius_m=radius)
    dists = brute(pts, *q)
    expected = min(k, int((dists <= radius).sum())) if len(pts) else 0
    assert abs(len(res) - expected) <= (
        int((np.abs(dists - radius) < 1e-6).sum()) if len(pts) else 0
    )
    assert all(d <= radius for _, d in res)


def test_duplicates_and_radius_zero():
    index = PointIndex(
        [45.0] * 500 + [45.001], [5.0] * 500 + [5.0], ids=[f"p{i}" for i in range(501)]
    )
    res = index.within(45.0, 5.0, 0)
    assert len(res) == 500 and all(d == 0.0 for _, d in res)
    assert [i for i, _ in res[:3]] == ["p0", "p1", "p2"]  # ties in insertion order
    assert index.nearest(45.0, 5.0, k=1) == [("p0", 0.0)]
    near = index.nearest(45.0, 5.0, k=501)
    assert near[-1][0] == "p500" and near[-1][1] == pytest.approx(111.2, abs=0.5)


def test_empty_index():
    index = PointIndex([], [])
    assert len(index) == 0
    assert index.nearest(45.0, 5.0, k=3) == []
    assert index.within(45.0, 5.0, 1000) == []


def test_ids_are_returned():
    index = PointIndex([48.8566, 43.2965], [2.3522, 5.3698], ids=["paris", "marseille"])
    (first, d), (second, _) = index.nearest(45.76, 4.84, k=2)
    assert first == "marseille" and second == "paris"
    assert d == pytest.approx(278_000, rel=0.01)


@pytest.mark.parametrize(
    ("call", "msg"),
    [
        (lambda ix: ix.nearest(45, 5, k=0), "au moins 1"),
        (lambda ix: ix.nearest(45, 5, k=-3), "au moins 1"),
        (lambda ix: ix.nearest(45, 5, k=2.5), "entier"),
        (lambda ix: ix.nearest(45, 5, k=2, max_radius_m=-1), "négatif"),
        (lambda ix: ix.within(45, 5, -0.1), "négatif"),
        (lambda ix: ix.within(45, 5, float("nan")), "NaN"),
        (lambda ix: ix.nearest(float("nan"), 5), "NaN"),
        (lambda ix: ix.nearest(45, float("inf")), "infini"),
        (lambda ix: ix.within(95, 5, 10), "latitude"),
        (lambda ix: ix.within(45, -200, 10), "longitude"),
        (lambda ix: ix.within("abc", 5, 10), "nombres"),
    ],
)
def test_bad_queries_raise_french_value_errors(call, msg):
    index = PointIndex([45.0], [5.0])
    with pytest.raises(ValueError, match=msg):
        call(index)


@pytest.mark.parametrize(
    ("lats", "lons", "ids"),
    [
        ([45.0, float("nan")], [5.0, 5.0], None),
        ([45.0], [5.0, 6.0], None),
        ([95.0], [5.0], None),
        ([45.0], [5.0], ["a", "b"]),
    ],
)
def test_bad_points_raise(lats, lons, ids):
    with pytest.raises(ValueError):
        PointIndex(lats, lons, ids)


def test_huge_radius_returns_everything():
    index = PointIndex([48.85, -20.88, 4.93], [2.35, 55.45, -52.33])
    assert len(index.within(48.85, 2.35, 1e9)) == 3


def test_haversine_known_distances():
    assert haversine_m(48.8566, 2.3522, 43.2965, 5.3698) == pytest.approx(661_000, rel=0.005)
    assert haversine_m(45.0, 5.0, 45.0, 5.0) == 0.0
    # one degree of latitude ~ 111.2 km
    assert haversine_m(45.0, 5.0, 46.0, 5.0) == pytest.approx(111_195, rel=1e-3)
    assert haversine_m(0, 0, 0, 180) == pytest.approx(math.pi * 6_371_008.8, rel=1e-9)
    with pytest.raises(ValueError):
        haversine_m(float("nan"), 0, 0, 0)


@pytest.mark.parametrize(
    ("dest", "expected"),
    [((46.0, 5.0), 0.0), ((45.0, 6.0), 90.0), ((44.0, 5.0), 180.0), ((45.0, 4.0), 270.0)],
)
def test_bearing_cardinal_points(dest, expected):
    assert bearing_deg(45.0, 5.0, *dest) == pytest.approx(expected, abs=0.5)


def test_bearing_same_point_and_bad_input():
    assert bearing_deg(45.0, 5.0, 45.0, 5.0) == 0.0
    with pytest.raises(ValueError, match="latitude"):
        bearing_deg(100, 0, 0, 0)
