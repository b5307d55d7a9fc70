"""``totalacces sync lba``: real apprenticeship offers from La bonne alternance (API apprentissage
``/api/job/v1/search``), on recorded answers of its shape; each is shown as a real offer with its
source and the link where one applies, and Total Accès takes no application for it."""

from __future__ import annotations

import copy
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.models import Offer
from backend.services import offer_rules
from backend.sync import lba
from backend.sync import offers as offer_sync
from backend.sync.datainclusion import MissingToken
from backend.sync.engine import SyncRefused
from backend.sync.http import SourceError

NOW = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)
JOB = {
    "identifier": {"id": "6a5a004c8bfdaae34d6a2ea4", "partner_job_id": "6a5a004c8bfdaae34d6a2ea4",
                   "partner_label": "offres_emploi_lba"},
    "workplace": {"name": "Boulangerie du Vieux-Lille", "legal_name": "BVL SARL",
                  "website": None, "siret": "12345678900012",
                  "location": {"address": "10 Rue de la Paix, 59000 Lille",
                               "geopoint": {"type": "Point", "coordinates": [3.0634, 50.6366]}}},
    "apply": {"url": "https://labonnealternance.apprentissage.beta.gouv.fr/emploi/offres_emploi_lba/6a5a"},
    "contract": {"start": "2027-01-04T00:00:00.000Z", "duration": 24, "type": ["Apprentissage"],
                 "remote": "onsite"},
    "offer": {"title": "Apprenti boulanger (H/F)", "description": "Vous apprenez le pain au levain.",
              "rome_codes": ["D1102"], "target_diploma": {"european": "3", "label": "Cap, autres formations niveau (Infrabac)"},
              "publication": {"creation": "2026-11-28T10:00:00.000Z", "expiration": "2027-01-28T00:00:00.000Z"},
              "status": "Active"},
}  # fmt: skip


def job(n: int, **offer: Any) -> dict[str, Any]:
    j = copy.deepcopy(JOB)
    j["identifier"]["id"] = f"job-{n}"
    j["offer"]["title"] = f"Apprenti boulanger {n} (H/F)"
    j["offer"].update(offer)
    return j


class Lba:
    def __init__(self, jobs: list[dict[str, Any]]) -> None:
        self.jobs, self.seen = jobs, []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.seen.append(request)
        if request.headers.get("Authorization") != "Bearer jeton":
            return httpx.Response(401, json={"message": "Unauthorized"})
        romes = set(request.url.params["romes"].split(","))
        mine = [j for j in self.jobs if romes & set(j["offer"]["rome_codes"])]
        return httpx.Response(200, json={"jobs": mine, "recruiters": [], "warnings": []})


def _run(db: Any, jobs: list[dict[str, Any]], **options: Any) -> offer_sync.SyncReport:
    source = Lba(jobs)
    http = lba.client("jeton", "https://lba.test", transport=httpx.MockTransport(source),
                      sleep=lambda s: None)  # fmt: skip
    points = [(50.63, 3.06), (50.70, 3.16)]  # Lille and Roubaix: the same offers twice
    try:
        return offer_sync.run(
            db, lba.NAME, lba.LABEL, lba.LICENCE,
            lambda: lba.fetch(http, points, ["D1102", "D1104"]), now=NOW, **options,
        )  # fmt: skip
    finally:
        http.close()


def test_a_job_becomes_a_real_offer_with_its_link_and_its_source() -> None:
    row = lba.to_row(JOB)
    assert row is not None
    assert (row.lat, row.lon) == (50.6366, 3.0634) and row.levels == ("cap",)
    assert row.start_date.isoformat() == "2027-01-04" and row.end_date.isoformat() == "2029-01-04"
    assert lba.to_row(job(2, status="Filled")) is None  # a filled offer is not shown
    no_link = copy.deepcopy(JOB)
    no_link["apply"]["url"] = "http://insecure.example/offre"
    assert lba.to_row(no_link) is None


def test_offers_are_added_once_updated_and_closed_when_gone(db: Any) -> None:
    first = _run(db, [job(n) for n in range(1, 6)])
    assert first.added == 5 and first.fetched == 10  # seen around both points, kept once
    with Session(db) as session:
        offers = session.scalars(select(Offer).order_by(Offer.id)).all()
        assert all(not o.is_example and o.status == "published" for o in offers)
        assert offers[0].apply_url.startswith("https://labonnealternance")
        assert offers[0].source == "La bonne alternance (offres_emploi_lba)"
        assert offers[0].commune == "Lille" and offers[0].levels == "cap"
        fetched = offers[0].fetched_at
        assert fetched is not None and fetched.replace(tzinfo=fetched.tzinfo or UTC) == NOW
        assert offer_rules.note_of(offers[0]) == offer_rules.ELSEWHERE_NOTE
    again = _run(db, [job(n) for n in range(1, 6)])
    assert (again.added, again.changed, again.unchanged) == (0, 0, 5)
    assert _run(db, [job(n) for n in range(1, 5)]).closed == 1
    with pytest.raises(SyncRefused):
        _run(db, [job(1)])  # 3 of 4 gone at once: refused, nothing changed
    with Session(db) as session:
        published = session.scalars(select(Offer).where(Offer.status == "published")).all()
        assert len(published) == 4


def test_a_missing_or_refused_token_stops_with_what_to_do(db: Any) -> None:
    with pytest.raises(MissingToken, match=lba.TOKEN_SETTING):
        lba.client(None)
    http = lba.client("faux", "https://lba.test", transport=httpx.MockTransport(Lba([])),
                      sleep=lambda s: None)  # fmt: skip
    with pytest.raises(SourceError, match="accès refusé"):
        list(lba.fetch(http, [(50.63, 3.06)], ["D1102"]))


def test_every_surface_sends_the_young_person_to_the_offers_own_site(db: Any, db_url: str) -> None:
    from backend.app import create_app
    from backend.settings import Settings

    _run(db, [job(1)])
    with Session(db) as session:
        offer_id = session.scalars(select(Offer.id)).one()
    client = TestClient(create_app(Settings(database_url=db_url)))
    detail = client.get(f"/api/v1/offers/{offer_id}").json()
    assert detail["apply_url"].startswith("https://labonnealternance")
    assert detail["accepts_applications"] is False
    assert detail["applications_note"] == offer_rules.ELSEWHERE_NOTE
    assert "Exemple" not in detail["speech"]
    refused = client.post(
        f"/api/v1/offers/{offer_id}/applications",
        json={
            "first_name": "Lina",
            "contact_mode": "phone",
            "phone": "06 12 34 56 78",
            "message": "Bonjour",
            "consent": True,
        },  # fmt: skip
    )
    assert refused.status_code == 409
    page = client.get(f"/stages/{offer_id}").text
    assert f'href="{detail["apply_url"]}"' in page and "Postuler sur le site de l'offre" in page
    assert "Source : La bonne alternance (offres_emploi_lba)." in page
    assert 'action="/stages/' not in page  # no form that would go nowhere
