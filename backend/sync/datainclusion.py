"""data·inclusion (API v1): the structures of the networks that young people are sent to.

``GET /api/v1/structures?reseaux_porteurs=<network>&page=N&size=M`` with
``Authorization: Bearer <token>``; each page is ``{"items": [...], "total", "page", "size",
"pages"}`` (the API's own ``pagination.Page``). Fields follow the data·inclusion schema
(``../shared/data/raw/schemas/data-inclusion-schema/structure.json``): ``id``, ``source``,
``nom``, ``siret``, ``adresse``, ``code_postal``, ``code_insee``, ``commune``, ``latitude``,
``longitude``, ``telephone``, ``courriel``, ``site_web``, ``horaires_accueil`` (OpenStreetMap
opening hours), ``description``, ``date_maj``, ``reseaux_porteurs``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from backend.sync.http import PoliteClient, SourceError

NAME = "datainclusion"
DEFAULT_BASE_URL = "https://api.data.inclusion.gouv.fr"
#: Licence of the data·inclusion open data; its rows may go into the offline snapshot.
LICENCE = "Licence Ouverte 2.0 (data·inclusion)"
OFFLINE_ALLOWED = True
TOKEN_SETTING = "TOTALACCES_DATAINCLUSION_TOKEN"
#: data·inclusion network -> Total Accès kind.
NETWORKS = {
    "mission-locale": "mission_locale",
    "ecoles-de-la-deuxieme-chance": "e2c",
    "cap-emploi-reseau-cheops": "cap_emploi",
    "epide": "epide",
    "mdph": "mdph",
    "france-travail": "france_travail",
}
PAGE_SIZE = 1000


@dataclass(frozen=True)
class SourceRow:
    """One structure as a source gives it, in Total Accès's words."""

    source: str
    source_id: str
    kind: str
    name: str
    siret: str | None
    address: str | None
    postcode: str | None
    code_insee: str | None
    commune: str | None
    lat: float | None
    lon: float | None
    phone: str | None
    email: str | None
    website: str | None
    opening_hours: str | None
    description: str | None
    updated_at: str | None  # the source's own date (AAAA-MM-JJ)


class MissingToken(Exception):
    pass


def _text(item: dict[str, Any], key: str) -> str | None:
    value = item.get(key)
    if value is None:
        return None
    text = " ".join(str(value).split())
    return text or None


def to_row(item: dict[str, Any], kind: str) -> SourceRow:
    def number(key: str) -> float | None:
        value = item.get(key)
        return float(value) if isinstance(value, int | float) else None

    address = " ".join(p for p in (_text(item, "adresse"), _text(item, "complement_adresse")) if p)
    return SourceRow(
        source=NAME,
        source_id=str(item.get("id") or ""),
        kind=kind,
        name=_text(item, "nom") or "",
        siret=_text(item, "siret"),
        address=address or None,
        postcode=_text(item, "code_postal"),
        code_insee=_text(item, "code_insee"),
        commune=_text(item, "commune"),
        lat=number("latitude"),
        lon=number("longitude"),
        phone=_text(item, "telephone"),
        email=_text(item, "courriel"),
        website=_text(item, "site_web"),
        opening_hours=_text(item, "horaires_accueil"),
        description=_text(item, "description"),
        updated_at=(_text(item, "date_maj") or "")[:10] or None,
    )


def client(token: str | None, base_url: str = DEFAULT_BASE_URL, **options: Any) -> PoliteClient:
    if not token:
        raise MissingToken(
            f"data·inclusion demande un jeton : réglez {TOKEN_SETTING} (demande sur "
            "data.inclusion.gouv.fr, rubrique API)."
        )
    return PoliteClient(base_url, headers={"Authorization": f"Bearer {token}"}, **options)


def fetch(
    http: PoliteClient, progress: Any = None, page_size: int = PAGE_SIZE
) -> Iterator[SourceRow]:
    """Every structure of every network, page after page."""
    for network, kind in NETWORKS.items():
        page, pages = 1, 1
        while page <= pages:
            body = http.get_json(
                "/api/v1/structures",
                {"reseaux_porteurs": network, "page": page, "size": page_size},
            )
            if not isinstance(body, dict) or not isinstance(body.get("items"), list):
                raise SourceError(f"data·inclusion : page {page} de {network} mal formée")
            pages = int(body.get("pages") or 0)
            for item in body["items"]:
                if isinstance(item, dict):
                    yield to_row(item, kind)
            if progress is not None:
                progress(f"data·inclusion {network} : page {page}/{max(pages, 1)}")
            page += 1


def fetch_file(path: Any) -> Iterator[SourceRow]:
    """The data·inclusion open data export (the ``structures`` JSON file of its data.gouv.fr
    page: a list of schema items, or an API page): the same rows, without a token."""
    import json
    from pathlib import Path

    try:
        body = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise SourceError(f"data·inclusion : fichier illisible ({type(exc).__name__})") from exc
    items = body.get("items") if isinstance(body, dict) else body
    if not isinstance(items, list):
        raise SourceError("data·inclusion : le fichier ne contient pas de liste de structures")
    for item in items:
        if not isinstance(item, dict):
            continue
        networks = [n for n in item.get("reseaux_porteurs") or [] if n in NETWORKS]
        if networks:
            yield to_row(item, NETWORKS[networks[0]])
