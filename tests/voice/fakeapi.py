"""A fake Total Accès API (httpx.MockTransport) answering exactly like docs/ARCHITECTURE.md.

The guides (``/api/v1/guides``) are the real ones: the fake calls the backend's own endpoint
functions (``backend.api.guides``) over the bundled content of ``backend/content/guides``, so their
JSON (fields, ranking, ``speech``) is exactly what the service sends.
"""

from __future__ import annotations

import json
from typing import Any

import httpx

from backend.services.offer_rules import EXAMPLE_NOTE
from totalacces.client import ApiClient

LYON = {
    "code_insee": "69123",
    "nom": "Lyon",
    "departement": "69",
    "departement_nom": "Rhône",
    "population": 522250,
    "lat": 45.758,
    "lon": 4.835,
    "postcodes": ["69001"],
}


def _structure(i: int, kind: str, commune: str, code: str, dist: float) -> dict[str, Any]:
    return {
        "id": i,
        "kind": kind,
        "kind_label": "Mission locale",
        "name": f"Mission locale numéro {i} de {commune}",
        "address": f"{i} rue de la République",
        "postcode": "69001",
        "commune": commune,
        "code_insee": code,
        "lat": 45.76 + i / 1000,
        "lon": 4.83,
        "phone": f"04 78 {10 + i:02d} 34 56" if i != 2 else None,
        "distance_m": dist,
        "direction": "au nord",
        "distance_text": "",
        "verified": True,
        "source": "annuaire 2019",
    }


STRUCTURES = [_structure(i, "mission_locale", "Lyon", "69123", 420.0 * i) for i in range(1, 8)]
OFFERS = [
    {
        "id": 100 + i,
        "title": f"Stage en boulangerie {i}",
        "employer": f"Boulangerie du coin {i}",
        "commune": "Lyon",
        "code_insee": "69123",
        "lat": 45.76,
        "lon": 4.83,
        "rome_codes": ["D1102"],
        "levels": ["3e"],
        "start_date": "2026-01-12",
        "end_date": "2026-01-16",
        "weeks": 1,
        "places_left": 2,
        "accessible": i == 1,
        "distance_m": 800.0 * i,
        "direction": "à l'est",
        "distance_text": "",
        "is_example": True,
        "status": "published",
    }
    for i in range(1, 5)
] + [
    {
        "id": 105,
        "title": "Stage stage en chaudronnerie",
        "employer": "Atelier exemple",
        "commune": "Lyon",
        "code_insee": "69123",
        "lat": 45.75,
        "lon": 4.85,
        "rome_codes": ["H2902"],
        "levels": ["2nde"],
        "start_date": None,
        "end_date": None,
        "weeks": 2,
        "places_left": 1,
        "accessible": False,
        "distance_m": 1200.0,
        "direction": "au sud",
        "distance_text": "",
        "is_example": True,
        "status": "published",
    }
]
CAREERS = {
    "D1102": {
        "code": "D1102",
        "label": "Boulanger / Boulangère",
        "domain_code": "D11",
        "domain_label": "Commerce alimentaire",
        "grand_domain_code": "D",
        "grand_domain_label": "Commerce, vente",
        "is_industry": False,
        "summary": "Le boulanger fabrique le pain et les viennoiseries.",
        "onisep_url": "https://www.onisep.fr/http/redirection/metier/slug/MET.103",
        "job_titles": ["Boulanger"],
        "speech": "Boulanger.",
    },
    "H2913": {
        "code": "H2913",
        "label": "Soudeur / Soudeuse",
        "domain_code": "H29",
        "domain_label": "Mécanique, travail des métaux",
        "grand_domain_code": "H",
        "grand_domain_label": "Industrie",
        "is_industry": True,
        "summary": "Le soudeur assemble des pièces de métal.",
        "onisep_url": None,
        "job_titles": ["Soudeur"],
        "speech": "Soudeur.",
    },
}


# Kinds with no structure in the bundled open data (GET /kinds says "available": false).
UNAVAILABLE_KINDS = frozenset({"e2c", "cap_emploi"})


def _kinds() -> dict[str, Any]:
    from totalacces.vocabulary import KINDS as BACKEND_KINDS

    items = []
    for k in BACKEND_KINDS.values():
        available = k.kind not in UNAVAILABLE_KINDS
        items.append(
            {
                "kind": k.kind,
                "label": k.label,
                "label_plural": k.label_plural,
                "spoken": k.spoken,
                "synonyms": list(k.synonyms),
                "description": k.description,
                "available": available,
                "count": 7 if available else 0,
                "note": None if available else "Aucune structure de ce type pour l'instant.",
            }
        )
    return {"items": items}


def _guides(params: Any) -> httpx.Response:
    from backend.api import guides as api

    answer = api.list_guides(
        q=params.get("q"),
        topic=params.get("topic"),
        limit=int(params.get("limit", 20)),
        offset=int(params.get("offset", 0)),
        definition=params.get("definition") == "true",
    )
    return _pydantic(answer)


def _guide(slug: str) -> httpx.Response:
    from backend.api import guides as api

    return _pydantic(api.get_guide(slug))


def _pydantic(answer: Any) -> httpx.Response:
    from fastapi.responses import JSONResponse

    if isinstance(answer, JSONResponse):  # a problem+json error
        return httpx.Response(
            answer.status_code,
            content=bytes(answer.body),
            headers={"content-type": "application/problem+json"},
        )
    return httpx.Response(200, json=answer.model_dump(mode="json"))


class FakeApi:
    """Records every request; `down=True` makes every request fail like an unreachable server."""

    def __init__(self, down: bool = False) -> None:
        self.requests: list[httpx.Request] = []
        self.callbacks: list[dict[str, Any]] = []
        self.down = down
        self.empty = False
        self.no_callbacks = False  # the API of an older backend, without /callbacks
        self.no_guides = False  # the API of an older backend, without /guides

    def _list(self, items: list[dict[str, Any]], params: Any) -> dict[str, Any]:
        limit = int(params.get("limit", 20))
        offset = int(params.get("offset", 0))
        page = items[offset : offset + limit]
        return {
            "total": len(items),
            "limit": limit,
            "offset": offset,
            "items": page,
            "speech": f"{len(items)} résultats.",
            "place": LYON if params.get("place") or params.get("code_insee") else None,
        }

    def handler(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if self.down:
            raise httpx.ConnectError("refused", request=request)
        path = request.url.path
        params = request.url.params
        if path in ("/health", "/api/v1/health"):
            return httpx.Response(200, json={"status": "ok", "database": "sqlite", "counts": {}})
        if path == "/api/v1/kinds":
            return httpx.Response(200, json=_kinds())
        if path == "/api/v1/guides" and not self.no_guides:
            return _guides(params)
        if path.startswith("/api/v1/guides/") and not self.no_guides:
            return _guide(path.rsplit("/", 1)[1])
        if path == "/api/v1/structures":
            if "00000" in (params.get("place"), params.get("code_insee")):
                return self._problem(404, "Lieu inconnu. Dites une autre ville.", candidates=[])
            items = [] if self.empty else STRUCTURES
            return httpx.Response(200, json=self._list(items, params))
        if path.startswith("/api/v1/structures/"):
            sid = int(path.rsplit("/", 1)[1])
            for s in STRUCTURES:
                if s["id"] == sid:
                    return httpx.Response(
                        200,
                        json={
                            **s,
                            "email": None,
                            "website": None,
                            "opening_hours": "Du lundi au vendredi.",
                            "age_min": 16,
                            "age_max": 25,
                            "description": "On vous aide à trouver une formation ou un emploi.",
                            "building_accessibility": None,
                            "source_date": "2019-07-01",
                            "licence": "Licence Ouverte",
                            "speech": "Détail.",
                        },
                    )
            return self._problem(404, "Structure inconnue.")
        if path == "/api/v1/offers":
            rome = params.get("rome", "")
            items = [o for o in OFFERS if any(c.startswith(rome) for c in o["rome_codes"])]
            items = [] if self.empty else items
            return httpx.Response(200, json=self._list(items, params))
        if path.startswith("/api/v1/offers/"):
            oid = int(path.rsplit("/", 1)[1])
            for o in OFFERS:
                if o["id"] == oid:
                    return httpx.Response(
                        200,
                        json={
                            **o,
                            "description": "Découvrir le fournil.",
                            "workplace_accessibility": None,
                            "contact_modes": {"phone": "04 72 00 11 22"},
                            "source": "exemple",
                            "accepts_applications": not o["is_example"],
                            "applications_note": EXAMPLE_NOTE if o["is_example"] else None,
                            "speech": "Offre.",
                        },
                    )
            return self._problem(404, "Offre inconnue.")
        if path == "/api/v1/careers":
            rome = params.get("rome", "")
            items = [c for c in CAREERS.values() if c["code"].startswith(rome)]
            return httpx.Response(200, json=self._list(items, params))
        if path.startswith("/api/v1/careers/"):
            code = path.rsplit("/", 1)[1]
            if code in CAREERS:
                return httpx.Response(200, json=CAREERS[code])
            return httpx.Response(
                200,
                json={**CAREERS["D1102"], "code": code, "label": f"Métier {code}", "summary": None},
            )
        if path == "/api/v1/callbacks" and request.method == "POST" and not self.no_callbacks:
            payload = json.loads(request.content)
            self.callbacks.append(payload)
            return httpx.Response(
                201,
                json={
                    "reference": "TA7K3P",
                    "status": "new",
                    "structure": {"id": 1, "name": "Mission locale de Lyon"},
                    "speech": "Demande envoyée.",
                },
            )
        return self._problem(404, "Adresse inconnue.")

    @staticmethod
    def _problem(status: int, detail: str, **extra: Any) -> httpx.Response:
        body = {"type": "about:blank", "title": "Erreur", "status": status, "detail": detail}
        body.update(extra)
        return httpx.Response(
            status, json=body, headers={"content-type": "application/problem+json"}
        )

    def client(self) -> ApiClient:
        return ApiClient("http://fake.test", transport=httpx.MockTransport(self.handler))
