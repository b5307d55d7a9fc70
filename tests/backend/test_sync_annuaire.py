"""``totalacces sync annuaire``: the API Annuaire de l'administration (OpenDataSoft explore v2.1)
against recorded answers of its shape: ``total_count`` and ``results``, JSON-text fields, limit
and offset paging; its opening hours become the OpenStreetMap syntax the app speaks."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.models import Structure
from backend.services import hours
from backend.sync import annuaire
from backend.sync import engine as sync

NOW = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)
PLAGES = [
    {"nom_jour_debut": "Lundi", "nom_jour_fin": "Jeudi", "valeur_heure_debut_1": "09:00:00",
     "valeur_heure_fin_1": "12:30:00", "valeur_heure_debut_2": "13:30:00",
     "valeur_heure_fin_2": "17:00:00", "commentaire": ""},
    {"nom_jour_debut": "Vendredi", "nom_jour_fin": "Vendredi", "valeur_heure_debut_1": "09:00:00",
     "valeur_heure_fin_1": "12:00:00", "valeur_heure_debut_2": "", "valeur_heure_fin_2": "",
     "commentaire": "Fermé l'après-midi"},
]  # fmt: skip


def record(n: int, pivot: str = "cio", **extra: Any) -> dict[str, Any]:
    base = {
        "id": f"cio-{n:04d}",
        "nom": f"Centre d'information et d'orientation (CIO) - Bordeaux {n}",
        "pivot": json.dumps([{"type_service_local": pivot, "code_insee_commune": ["33063"]}]),
        "adresse": json.dumps(
            [
                {
                    "type_adresse": "Adresse",
                    "numero_voie": f"{n} rue Vital-Carles",
                    "complement1": "",
                    "complement2": "",
                    "code_postal": "33000",
                    "nom_commune": "Bordeaux",
                    "latitude": "44.8412",
                    "longitude": "-0.5765",
                }
            ]
        ),  # fmt: skip
        "telephone": json.dumps([{"valeur": "05 56 00 00 0" + str(n % 10), "description": ""}]),
        "adresse_courriel": f"cio{n}@ac-bordeaux.example.org",
        "site_internet": json.dumps([{"valeur": "https://www.ac-bordeaux.fr/cio"}]),
        "plage_ouverture": json.dumps(PLAGES),
        "code_insee_commune": "33063",
        "siret": None,
        "date_modification": "2026-10-02T08:14:55+00:00",
    }
    base.update(extra)
    return base


class Ods:
    """Answers like OpenDataSoft explore v2.1: offset paging, total_count, 10,000 at most."""

    def __init__(self, records: list[dict[str, Any]]) -> None:
        self.records, self.seen = records, []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.seen.append(request)
        params = request.url.params
        limit, offset = int(params["limit"]), int(params["offset"])
        if limit > 100 or offset + limit > 10_000:
            return httpx.Response(400, json={"error_code": "InvalidRESTParameterError"})
        wanted = params["where"].split('"')[1]
        mine = [r for r in self.records if wanted in r["pivot"]]
        body = {"total_count": len(mine), "results": mine[offset : offset + limit]}
        return httpx.Response(200, json=body)


def _run(db: Any, records: list[dict[str, Any]]) -> tuple[sync.SyncReport, Ods]:
    source = Ods(records)
    http = annuaire.client(
        "https://annuaire.test", transport=httpx.MockTransport(source), sleep=lambda s: None
    )
    try:
        report = sync.run(
            db, annuaire.NAME, annuaire.LABEL, annuaire.LICENCE,
            lambda: annuaire.fetch(http), now=NOW,
        )  # fmt: skip
    finally:
        http.close()
    return report, source


def test_the_dila_ranges_become_osm_opening_hours() -> None:
    text = annuaire.opening_hours(PLAGES)
    assert text == "Mo-Th 09:00-12:30,13:30-17:00; Fr 09:00-12:00; PH off"
    assert hours.is_osm(text)
    assert annuaire.opening_hours([{"nom_jour_debut": "Dimanche", "nom_jour_fin": "Lundi",
                                    "valeur_heure_debut_1": "09:00:00",
                                    "valeur_heure_fin_1": "10:00:00"}]) is None  # fmt: skip
    assert annuaire.opening_hours([]) is None


def test_pages_of_a_hundred_are_read_and_only_the_named_type_is_kept(db: Any) -> None:
    rows = [record(n) for n in range(1, 231)] + [
        record(900, pivot="cio_annexe"),  # a word search also finds it: not a CIO
        record(901, pivot="mission_locale", nom="Mission locale des Graves"),
    ]
    report, source = _run(db, rows)
    cio_offsets = [r.url.params["offset"] for r in source.seen if '"cio"' in r.url.params["where"]]
    assert cio_offsets == ["0", "100", "200"]
    assert report.added == 231 and not report.rejected
    with Session(db) as session:
        kinds = {k for (k,) in session.execute(select(Structure.kind))}
        first = session.scalar(
            select(Structure).where(Structure.external_id == "annuaire:cio-0001")
        )
    assert kinds == {"cio", "mission_locale"}
    assert first is not None
    assert first.opening_hours == "Mo-Th 09:00-12:30,13:30-17:00; Fr 09:00-12:00; PH off"
    assert first.phone == "05 56 00 00 01" and first.address == "1 rue Vital-Carles"
    assert first.source_date == "2026-10-02" and first.website == "https://www.ac-bordeaux.fr/cio"
    said = hours.describe(first.opening_hours, first.departement, NOW)
    assert said["now"].startswith("Ouvert en ce moment, jusqu'à 12 h 30.")  # Thursday 10:00 Paris


def test_a_type_above_ten_thousand_rows_is_read_departement_by_departement(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    class Big(Ods):
        def __call__(self, request: httpx.Request) -> httpx.Response:
            self.seen.append(request)
            where = request.url.params["where"]
            if "startswith" not in where:
                return httpx.Response(200, json={"total_count": 12_000, "results": []})
            code = where.rsplit('"', 2)[1]
            mine = [r for r in self.records if r["code_insee_commune"].startswith(code)]
            return httpx.Response(200, json={"total_count": len(mine), "results": mine})

    big = Big([record(1), record(2, code_insee_commune="69123")])
    http = annuaire.client(
        "https://annuaire.test", transport=httpx.MockTransport(big), sleep=lambda s: None
    )
    monkeypatch.setattr(annuaire, "TYPES", {"cio": "cio"})
    try:
        rows = list(annuaire.fetch(http, departements=["33", "69"]))
    finally:
        http.close()
    assert sorted(r.code_insee for r in rows) == ["33063", "69123"]
