"""Places and distances for France: gazetteer, lookup, nearest points, French wording.

Public API (see docs/ARCHITECTURE.md): ``Commune``, ``LookupResult``, ``lookup``,
``get_commune``, ``former_code`` / ``FormerCode`` (former INSEE codes), ``pad_code`` (a
4-digit code that lost its leading zero), ``reverse``, ``communes``, ``PointIndex``, ``haversine_m``, ``bearing_deg``,
``distance_words``, ``direction_words``, ``clock_words``, ``place_words``, ``OfflineGeocoder``,
``make_geocoder``; ``geodata.speech`` for text made to be heard.

Everything is imported on first access (``import geodata`` alone costs nothing, so
``geodata.commands`` stays light); the gazetteer itself loads on first use, once per process.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from geodata.areas import Area, all_areas, find_area, get_area
    from geodata.gazetteer import (
        FUZZY_THRESHOLD,
        Commune,
        FormerCode,
        LookupResult,
        communes,
        former_code,
        get_commune,
        lookup,
        pad_code,
        reverse,
    )
    from geodata.geocoder import OfflineGeocoder, make_geocoder
    from geodata.points import EARTH_RADIUS_M, PointIndex, bearing_deg, haversine_m
    from geodata.wording import (
        clock_words,
        direction_words,
        distance_words,
        in_area_words,
        place_words,
    )

_EXPORTS: dict[str, str] = {
    "FUZZY_THRESHOLD": "geodata.gazetteer",
    "Commune": "geodata.gazetteer",
    "FormerCode": "geodata.gazetteer",
    "LookupResult": "geodata.gazetteer",
    "communes": "geodata.gazetteer",
    "former_code": "geodata.gazetteer",
    "get_commune": "geodata.gazetteer",
    "lookup": "geodata.gazetteer",
    "pad_code": "geodata.gazetteer",
    "reverse": "geodata.gazetteer",
    "EARTH_RADIUS_M": "geodata.points",
    "PointIndex": "geodata.points",
    "bearing_deg": "geodata.points",
    "haversine_m": "geodata.points",
    "clock_words": "geodata.wording",
    "direction_words": "geodata.wording",
    "distance_words": "geodata.wording",
    "place_words": "geodata.wording",
    "in_area_words": "geodata.wording",
    "OfflineGeocoder": "geodata.geocoder",
    "Area": "geodata.areas",
    "all_areas": "geodata.areas",
    "find_area": "geodata.areas",
    "get_area": "geodata.areas",
    "make_geocoder": "geodata.geocoder",
}

__all__ = [
    "Area",
    "EARTH_RADIUS_M",
    "FUZZY_THRESHOLD",
    "Commune",
    "FormerCode",
    "LookupResult",
    "OfflineGeocoder",
    "PointIndex",
    "all_areas",
    "bearing_deg",
    "clock_words",
    "communes",
    "direction_words",
    "distance_words",
    "find_area",
    "former_code",
    "get_area",
    "get_commune",
    "haversine_m",
    "lookup",
    "make_geocoder",
    "pad_code",
    "in_area_words",
    "place_words",
    "reverse",
]
assert sorted(__all__) == sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'geodata' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # cache: next access is a plain attribute read
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_EXPORTS))
