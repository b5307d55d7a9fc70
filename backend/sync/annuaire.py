"""API Annuaire de l'administration (DILA), served by OpenDataSoft's explore API v2.1, with the
places' opening hours.

``GET /api/explore/v2.1/catalog/datasets/api-lannuaire-administration/records`` with
``where=pivot like "<type>"``, ``limit`` (100 at most) and ``offset``; the answer is
``{"total_count": N, "results": [...]}``. OpenDataSoft refuses ``offset + limit`` above 10,000:
a type with more rows is read département by département. Several fields are JSON text:
``pivot`` ([{type_service_local, code_insee_commune}]), ``adresse`` ([{type_adresse, numero_voie,
complement1, complement2, code_postal, nom_commune, latitude, longitude}]), ``telephone``
([{valeur}]), ``site_internet`` ([{valeur}]), ``plage_ouverture`` ([{nom_jour_debut,
nom_jour_fin, valeur_heure_debut_1, valeur_heure_fin_1, valeur_heure_debut_2,
valeur_heure_fin_2, commentaire}]). No token is needed.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from backend.sync.datainclusion import SourceRow
from backend.sync.http import PoliteClient, SourceError

NAME = "annuaire"
LABEL = "Annuaire de l'administration (DILA)"
DEFAULT_BASE_URL = "https://api-lannuaire.service-public.fr"
PATH = "/api/explore/v2.1/catalog/datasets/api-lannuaire-administration/records"
LICENCE = "Licence Ouverte 2.0 (DILA)"
OFFLINE_ALLOWED = True
#: pivot type_service_local -> Total Accès kind.
TYPES = {
    "cio": "cio",
    "mission_locale": "mission_locale",
    "maison_handicapees": "mdph",
    "cij": "cij",
    "france_services": "france_services",
    "msap": "france_services",
}
PAGE = 100
OFFSET_LIMIT = 10_000
DAYS = {"lundi": "Mo", "mardi": "Tu", "mercredi": "We", "jeudi": "Th", "vendredi": "Fr",
        "samedi": "Sa", "dimanche": "Su"}  # fmt: skip
ORDER = list(DAYS.values())


def _json_list(value: Any) -> list[dict[str, Any]]:
    if isinstance(value, str):
        try:
            value = json.loads(value) if value.strip() else []
        except ValueError:
            return []
    if isinstance(value, dict):
        value = [value]
    return [v for v in value or [] if isinstance(v, dict)]


def _hhmm(value: Any) -> str | None:
    text = str(value or "").strip()
    return text[:5] if len(text) >= 5 and text[2] == ":" else None


def opening_hours(plages: list[dict[str, Any]]) -> str | None:
    """The DILA's day ranges as an OpenStreetMap string: [{Lundi..Vendredi, 09:00:00-12:00:00,
    14:00:00-17:00:00}] -> "Mo-Fr 09:00-12:00,14:00-17:00". None when nothing is usable."""
    rules = []
    for plage in plages:
        first = DAYS.get(str(plage.get("nom_jour_debut") or "").strip().lower())
        last = DAYS.get(str(plage.get("nom_jour_fin") or "").strip().lower()) or first
        if first is None or last is None or ORDER.index(last) < ORDER.index(first):
            continue
        ranges = []
        for n in (1, 2):
            start = _hhmm(plage.get(f"valeur_heure_debut_{n}"))
            end = _hhmm(plage.get(f"valeur_heure_fin_{n}"))
            if start and end and start < end:
                ranges.append(f"{start}-{end}")
        if ranges:
            span = first if first == last else f"{first}-{last}"
            rules.append(f"{span} {','.join(ranges)}")
    return "; ".join(rules) + "; PH off" if rules else None


def to_row(record: dict[str, Any], kind: str) -> SourceRow:
    addresses = _json_list(record.get("adresse"))
    address = next(
        (a for a in addresses if "physique" in str(a.get("type_adresse", "")).lower()),
        addresses[0] if addresses else {},
    )
    street = " ".join(
        str(address.get(k) or "").strip() for k in ("numero_voie", "complement1", "complement2")
    ).strip()

    def number(key: str) -> float | None:
        try:
            return float(address.get(key)) if address.get(key) not in (None, "") else None
        except (TypeError, ValueError):
            return None

    phones = [str(p.get("valeur") or "").strip() for p in _json_list(record.get("telephone"))]
    sites = [str(s.get("valeur") or "").strip() for s in _json_list(record.get("site_internet"))]
    email = str(record.get("adresse_courriel") or "").split(";")[0].strip() or None
    return SourceRow(
        source=NAME,
        source_id=str(record.get("id") or ""),
        kind=kind,
        name=" ".join(str(record.get("nom") or "").split()),
        siret=(str(record.get("siret") or "").strip() or None),
        address=street or None,
        postcode=(str(address.get("code_postal") or "").strip() or None),
        code_insee=(str(record.get("code_insee_commune") or "").strip() or None),
        commune=(str(address.get("nom_commune") or "").strip() or None),
        lat=number("latitude"),
        lon=number("longitude"),
        phone=next((p for p in phones if p), None),
        email=email,
        website=next((s for s in sites if s.startswith(("http://", "https://"))), None),
        opening_hours=opening_hours(_json_list(record.get("plage_ouverture"))),
        description=None,
        updated_at=(str(record.get("date_modification") or "")[:10] or None),
    )


def client(base_url: str = DEFAULT_BASE_URL, **options: Any) -> PoliteClient:
    return PoliteClient(base_url, **options)


def _pages(http: PoliteClient, where: str, progress: Any) -> Iterator[dict[str, Any]]:
    offset, total = 0, None
    while total is None or offset < total:
        body = http.get_json(PATH, {"where": where, "limit": PAGE, "offset": offset})
        if not isinstance(body, dict) or not isinstance(body.get("results"), list):
            raise SourceError(f"Annuaire : page {offset // PAGE + 1} mal formée ({where})")
        total = int(body.get("total_count") or 0)
        if total > OFFSET_LIMIT:
            raise OverflowError(total)
        yield from (r for r in body["results"] if isinstance(r, dict))
        if not body["results"]:
            break
        offset += PAGE
        if progress is not None:
            progress(f"Annuaire {where} : {min(offset, total)}/{total}")


def _types(record: dict[str, Any]) -> set[str]:
    return {str(p.get("type_service_local") or "") for p in _json_list(record.get("pivot"))}


def fetch(
    http: PoliteClient, progress: Any = None, departements: list[str] | None = None
) -> Iterator[SourceRow]:
    """Every place of every type; a type above 10,000 rows is read département by département.
    Only records whose pivot really names the type are kept (``like`` is a word search)."""
    for pivot, kind in TYPES.items():
        where = f'pivot like "{pivot}"'
        try:
            records = list(_pages(http, where, progress))
        except OverflowError:
            import geodata

            codes = departements or sorted({c.departement for c in geodata.communes()})
            records = [
                r
                for code in codes
                for r in _pages(
                    http, f'{where} and startswith(code_insee_commune, "{code}")', progress
                )
            ]
        for record in records:
            if pivot in _types(record):
                yield to_row(record, kind)
