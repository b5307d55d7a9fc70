"""Where a place is, in words: cardinal ("au nord-est") by default, clock face ("à 2 heures")
from the phone's heading when a compass is there and the person chose it."""

from __future__ import annotations

from typing import Any


def place_text(
    item: dict[str, Any],
    mode: str = "cardinal",
    origin: tuple[float, float] | None = None,
    heading: float | None = None,
) -> str:
    """Distance and direction of an API item (StructureSummary, OfferSummary) from `origin`."""
    cardinal = str(item.get("distance_text") or "")
    if mode != "clock" or heading is None or origin is None:
        return cardinal
    lat, lon, metres = item.get("lat"), item.get("lon"), item.get("distance_m")
    if lat is None or lon is None:
        return cardinal
    try:
        from geodata import bearing_deg, clock_words, distance_words, haversine_m
    except ImportError:
        return cardinal
    if metres is None:
        metres = haversine_m(origin[0], origin[1], lat, lon)
    if item.get("coord_precision") == "commune":
        # A commune's centre, not the door: the API gives a direction only from 5 km on (and
        # a rough distance); a clock hour is given only where it gives one.
        direction = item.get("direction")
        if not direction:
            return cardinal
        bearing = bearing_deg(origin[0], origin[1], float(lat), float(lon))
        return f"{cardinal.removesuffix(' ' + direction)}, {clock_words(bearing, heading)}"
    distance = distance_words(float(metres))
    if metres < 30:
        return distance
    bearing = bearing_deg(origin[0], origin[1], float(lat), float(lon))
    return f"{distance}, {clock_words(bearing, heading)}"
