"""A polite HTTP client for the official sources: a timeout on every request, retries with
exponential backoff on network errors, 429 and 5xx (``Retry-After`` honoured), and at most one
request every ``min_interval`` seconds."""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable
from typing import Any

import httpx

log = logging.getLogger(__name__)
RETRIED_STATUSES = frozenset({429, 500, 502, 503, 504})


class SourceError(Exception):
    """A source answered badly (after the retries) or refused us: the run stops, nothing changes."""


class PoliteClient:
    def __init__(
        self,
        base_url: str,
        *,
        headers: dict[str, str] | None = None,
        timeout: float = 30.0,
        retries: int = 4,
        backoff: float = 1.0,
        min_interval: float = 0.2,
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.http = httpx.Client(
            base_url=base_url,
            headers={"User-Agent": "TotalAcces-sync/1.0", **(headers or {})},
            timeout=httpx.Timeout(timeout),
            transport=transport,
            follow_redirects=True,
        )
        self.retries, self.backoff, self.min_interval = retries, backoff, min_interval
        self.sleep, self.clock = sleep, clock
        self._last = -1e9
        self.requests = 0

    def close(self) -> None:
        self.http.close()

    def _wait_turn(self) -> None:
        wait = self._last + self.min_interval - self.clock()
        if wait > 0:
            self.sleep(wait)
        self._last = self.clock()

    def get_json(self, path: str, params: dict[str, Any] | None = None) -> Any:
        for attempt in range(self.retries + 1):
            self._wait_turn()
            self.requests += 1
            try:
                response = self.http.get(path, params=params)
            except httpx.TransportError as exc:
                if attempt == self.retries:
                    raise SourceError(f"{path} : pas de réponse ({type(exc).__name__})") from exc
                self.sleep(self._delay(attempt, None))
                continue
            if response.status_code in RETRIED_STATUSES and attempt < self.retries:
                self.sleep(self._delay(attempt, response.headers.get("Retry-After")))
                continue
            if response.status_code in (401, 403):
                raise SourceError(
                    f"{path} : accès refusé ({response.status_code}) : vérifiez le jeton."
                )
            if response.status_code >= 400:
                raise SourceError(f"{path} : réponse {response.status_code}")
            try:
                return response.json()
            except ValueError as exc:
                raise SourceError(f"{path} : réponse qui n'est pas du JSON") from exc
        raise SourceError(f"{path} : trop d'essais")  # pragma: no cover - the loop returns

    def _delay(self, attempt: int, retry_after: str | None) -> float:
        if retry_after and retry_after.strip().isdigit():
            return min(float(retry_after), 300.0)
        return self.backoff * (2**attempt) * (1 + random.random() / 4)
