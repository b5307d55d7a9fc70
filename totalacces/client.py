"""The HTTP client of the Total Accès API, shared by the voice dialogue and the Kivy app.

It returns the decoded JSON answers as dicts and turns every failure into one of two exceptions
whose message can be shown or spoken as it is (French).
"""

from __future__ import annotations

import logging
import os
from typing import Any
from urllib.parse import quote

import httpx

from totalacces.models import checked

log = logging.getLogger(__name__)

DEFAULT_API_URL = "http://127.0.0.1:8000"


def default_api_url() -> str:
    return os.environ.get("TOTALACCES_API_URL", DEFAULT_API_URL).rstrip("/")


class ApiUnavailable(Exception):
    """The service cannot be reached (down, no network, time-out)."""

    def __init__(self, base_url: str, cause: Exception | None = None):
        self.base_url = base_url
        self.cause = cause
        super().__init__(
            "Le service Total Accès ne répond pas. Vérifiez votre connexion, puis réessayez."
        )


class ApiError(Exception):
    """The service answered with an HTTP error (problem+json)."""

    def __init__(self, status: int, problem: dict[str, Any]):
        self.status = status
        self.problem = problem
        self.detail = str(problem.get("detail") or problem.get("title") or "Erreur du service.")
        super().__init__(self.detail)


def _clean(params: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in params.items():
        if value is None:
            continue
        if isinstance(value, bool):
            value = "true" if value else "false"
        elif isinstance(value, (list, tuple)):
            value = [str(v) for v in value]
        out[key] = value
    return out


class ApiClient:
    def __init__(
        self,
        base_url: str | None = None,
        timeout: float = 5.0,
        transport: httpx.BaseTransport | None = None,
    ):
        self.base_url = (base_url or default_api_url()).rstrip("/")
        self._http = httpx.Client(
            base_url=self.base_url,
            timeout=timeout,
            transport=transport,
            headers={"Accept": "application/json", "Accept-Language": "fr"},
        )

    # -- plumbing -------------------------------------------------------------------------------
    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> ApiClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def request(self, method: str, path: str, **kwargs: Any) -> dict[str, Any]:
        if "params" in kwargs and kwargs["params"] is not None:
            kwargs["params"] = _clean(kwargs["params"])
        try:
            response = self._http.request(method, path, **kwargs)
        except httpx.TransportError as exc:  # connect errors, time-outs, protocol errors
            raise ApiUnavailable(self.base_url, exc) from exc
        if response.status_code >= 400:
            try:
                problem = response.json()
                if not isinstance(problem, dict):
                    problem = {"detail": str(problem)}
            except ValueError:
                problem = {"title": response.reason_phrase, "status": response.status_code}
            if response.status_code >= 500 and "detail" not in problem:
                problem["detail"] = "Le service a un problème. Réessayez dans un moment."
            raise ApiError(response.status_code, problem)
        if not response.content:
            return {}
        try:
            return checked(response.request.url.path, response.json())
        except ValueError as exc:  # not JSON, or not the documented answer (MalformedAnswer)
            log.warning("API answer not understood: %s", exc)
            raise ApiError(
                502,
                {
                    "title": "Réponse illisible",
                    "status": 502,
                    "detail": "Le service a un problème. Réessayez dans un moment.",
                },
            ) from None

    def get(self, path: str, **params: Any) -> dict[str, Any]:
        return self.request("GET", path, params=params)

    # -- endpoints ------------------------------------------------------------------------------
    def health(self) -> dict[str, Any]:
        return self.get("/api/v1/health")

    def places(self, q: str) -> dict[str, Any]:
        return self.get("/api/v1/places", q=q)

    def kinds(self) -> dict[str, Any]:
        return self.get("/api/v1/kinds")

    def structures(self, **params: Any) -> dict[str, Any]:
        return self.get("/api/v1/structures", **params)

    def structure(self, structure_id: int) -> dict[str, Any]:
        return self.get(f"/api/v1/structures/{int(structure_id)}")

    def offers(self, **params: Any) -> dict[str, Any]:
        return self.get("/api/v1/offers", **params)

    def offer(self, offer_id: int) -> dict[str, Any]:
        return self.get(f"/api/v1/offers/{int(offer_id)}")

    def careers(self, **params: Any) -> dict[str, Any]:
        return self.get("/api/v1/careers", **params)

    def career(self, code: str) -> dict[str, Any]:
        return self.get(f"/api/v1/careers/{httpx.URL(code).path.strip('/')}")

    def sectors(self, **params: Any) -> dict[str, Any]:
        return self.get("/api/v1/sectors", **params)

    def sector(self, code: str) -> dict[str, Any]:
        return self.get(f"/api/v1/sectors/{quote(code, safe='')}")

    def create_callback(self, payload: dict[str, Any]) -> dict[str, Any]:
        return self.request("POST", "/api/v1/callbacks", json=payload)

    def report_error(
        self, target: str, target_id: int, reason: str, source: str, message: str | None = None
    ) -> dict[str, Any]:
        """« Signaler une erreur » on a place (``structure``) or an offer (``offer``)."""
        payload: dict[str, Any] = {
            "target": target, "target_id": target_id, "reason": reason, "source": source
        }  # fmt: skip
        if message:
            payload["message"] = message
        return self.request("POST", "/api/v1/reports", json=payload)

    def callback_coverage(self, **params: Any) -> dict[str, Any]:
        """Would a request from here be read (``taken``), by whom; whom to call otherwise."""
        return self.get("/api/v1/callbacks/coverage", **params)

    def callback_status(self, reference: str) -> dict[str, Any]:
        return self.get(f"/api/v1/callbacks/{reference.strip().upper()}")

    def guides(self, **params: Any) -> dict[str, Any]:
        return self.get("/api/v1/guides", **params)

    def guide(self, slug: str) -> dict[str, Any]:
        return self.get(f"/api/v1/guides/{slug}")
