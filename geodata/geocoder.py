"""geopy geocoders: the embedded offline one over the gazetteer, and geopy's online ones."""

from __future__ import annotations

import os
from typing import Any

from geopy.geocoders.base import Geocoder
from geopy.location import Location

from geodata.gazetteer import Commune, lookup, reverse

USER_AGENT = "totalacces/0.1 (Total Accès, service public d'orientation accessible)"
GEOCODERS = ("offline", "ban", "nominatim")


def commune_raw(c: Commune) -> dict[str, Any]:
    """The ``raw`` dict of a Location built from a Commune."""
    return {
        "code_insee": c.code_insee,
        "nom": c.nom,
        "postcodes": list(c.postcodes),
        "departement": c.departement,
        "departement_nom": c.departement_nom,
        "region": c.region,
        "region_nom": c.region_nom,
        "population": c.population,
        "kind": c.kind,
        "parent_insee": c.parent_insee,
        "coord_method": c.coord_method,
        "lat": c.lat,
        "lon": c.lon,
    }


def _location(c: Commune) -> Location:
    pc = f"{c.postcodes[0]} " if c.postcodes else ""
    address = f"{c.nom}, {pc}{c.departement_nom}, France"
    return Location(address, (c.lat, c.lon), commune_raw(c))


class OfflineGeocoder(Geocoder):
    """Geocoder over the embedded gazetteer: communes and arrondissements, no network.

    Communes without coordinates (a few overseas collectivities) are never returned.
    """

    def __init__(self) -> None:
        super().__init__(user_agent=USER_AGENT)

    def geocode(
        self, query: str, *, exactly_one: bool = True, limit: int | None = None, **_: Any
    ) -> Location | list[Location] | None:
        """Candidates best first (most populous first among homonyms); None when nothing
        matches or the query is empty/invalid (geopy convention)."""
        try:
            res = lookup(query, limit=max(1, limit or 10))
        except ValueError:
            return None
        locations = [_location(c) for c in res.candidates if c.has_coords]
        if not locations:
            return None
        return locations[0] if exactly_one else locations

    def reverse(
        self, query: Any, *, exactly_one: bool = True, **_: Any
    ) -> Location | list[Location] | None:
        """The commune or arrondissement nearest to ``(lat, lon)`` (or a geopy Point)."""
        try:
            lat, lon = self._coerce_point_to_string(query).split(",")
            c = reverse(float(lat), float(lon))
        except (ValueError, TypeError):
            return None
        if c is None:
            return None
        loc = _location(c)
        return loc if exactly_one else [loc]


def make_geocoder(name: str | None = None) -> Geocoder:
    """Build a geocoder: "offline" (default, embedded), "ban" (geopy BANFrance, street
    addresses) or "nominatim" (geopy Nominatim). ``None`` reads ``TOTALACCES_GEOCODER``.

    The online ones call the network only when used.
    """
    chosen = (name or os.environ.get("TOTALACCES_GEOCODER") or "offline").strip().lower()
    if chosen == "offline":
        return OfflineGeocoder()
    if chosen == "ban":
        from geopy.geocoders import BANFrance

        return BANFrance(user_agent=USER_AGENT, timeout=5)
    if chosen == "nominatim":
        from geopy.geocoders import Nominatim

        return Nominatim(user_agent=USER_AGENT, timeout=5)
    raise ValueError(
        f"Géocodeur inconnu : « {chosen} ». Choisissez parmi : {', '.join(GEOCODERS)}."
    )
