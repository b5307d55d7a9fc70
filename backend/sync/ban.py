"""Street addresses to points through the Base Adresse Nationale (geopy's ``BANFrance``), so that
a synced place sits at its door and not at its commune's centre. A point is kept only above
``engine.MIN_GEOCODE_SCORE`` and in the commune the row names; any failure keeps the commune
point (a geocoding outage never stops a sync)."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from geopy.exc import GeocoderServiceError
from geopy.geocoders import BANFrance

from geodata.text import fold

log = logging.getLogger(__name__)
DEFAULT_DOMAIN = "api-adresse.data.gouv.fr"


class BanGeocoder:
    def __init__(
        self,
        domain: str = DEFAULT_DOMAIN,
        scheme: str = "https",
        timeout: float = 10.0,
        retries: int = 2,
        min_interval: float = 0.05,  # the public API allows 50 requests a second
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.geocoder = BANFrance(
            domain=domain, scheme=scheme, timeout=timeout, user_agent="TotalAcces-sync/1.0"
        )
        self.retries, self.min_interval, self.sleep = retries, min_interval, sleep
        self._last = 0.0
        self.calls = 0

    def __call__(
        self, address: str, postcode: str | None, commune: str
    ) -> tuple[float, float, float] | None:
        query = f"{address}, {postcode or ''} {commune}".replace("  ", " ").strip()
        for attempt in range(self.retries + 1):
            wait = self._last + self.min_interval - time.monotonic()
            if wait > 0:
                self.sleep(wait)
            self._last = time.monotonic()
            self.calls += 1
            try:
                found = self.geocoder.geocode(query, exactly_one=True)
                break
            except GeocoderServiceError as exc:  # timeouts, 5xx, refused connections
                if attempt == self.retries:
                    log.info("BAN: no answer for a row (%s)", type(exc).__name__)
                    return None
                self.sleep(0.5 * 2**attempt)
        if found is None:
            return None
        props = (found.raw or {}).get("properties") or {}
        same_place = fold(str(props.get("city") or "")) == fold(commune) or (
            postcode is not None and props.get("postcode") == postcode
        )
        if not same_place:
            return None  # a point in another commune is not this place's door
        return float(found.latitude), float(found.longitude), float(props.get("score") or 0.0)
