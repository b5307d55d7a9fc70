"""Offer management by employers and counselors, expiry, and applications without an account."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select
from starlette.testclient import TestClient

from backend.models import Offer
from backend.people.models import Application
from tests.people.conftest import (
    FAKE_FIRST_NAME,
    FAKE_PHONE,
    World,
    bearer,
    build_app,
    relaxed_settings,
)


def offer_body(**overrides: object) -> dict[str, object]:
    body: dict[str, object] = {
        "title": "Stage de découverte en chaudronnerie",
        "description": "Une semaine à l'atelier, avec un tuteur.",
        "employer": "Atelier de test",
        "code_insee": "69383",
        "rome_codes": ["H2902"],
        "levels": ["3e", "cap"],
        "start_date": (date.today() + timedelta(days=30)).isoformat(),
        "end_date": (date.today() + timedelta(days=35)).isoformat(),
        "weeks": 1,
        "places_left": 2,
        "contact_modes": ["formulaire", "telephone"],
        "accessible": True,
        "workplace_accessibility": "Atelier de plain-pied.",
    }
    body.update(overrides)
    return body


def application_body(**overrides: object) -> dict[str, object]:
    body: dict[str, object] = {
        "first_name": FAKE_FIRST_NAME,
        "contact_mode": "phone",
        "phone": FAKE_PHONE,
        "message": "Je suis motivée.",
        "consent": True,
    }
    body.update(overrides)
    return body


def _in_search(client: TestClient, offer_id: int) -> bool:
    r = client.get("/api/v1/offers", params={"place": "69383", "radius_km": 50, "limit": 50})
    assert r.status_code == 200, r.text
    return offer_id in {item["id"] for item in r.json()["items"]}


def test_draft_publish_edit_close_lifecycle(client: TestClient, world: World) -> None:
    h = bearer(world, "employer")
    r = client.post("/api/v1/offers", json=offer_body(), headers=h)
    assert r.status_code == 201
    offer = r.json()
    assert offer["status"] == "draft" and offer["owner_id"] == world.employer_id
    assert offer["commune"] == "Lyon 3e Arrondissement" and offer["is_example"] is False
    oid = offer["id"]
    assert client.get(f"/api/v1/offers/{oid}").status_code == 404  # drafts are not public
    assert not _in_search(client, oid)

    r = client.post(f"/api/v1/offers/{oid}/publish", headers=h)
    assert r.status_code == 200 and r.json()["status"] == "published"
    assert client.get(f"/api/v1/offers/{oid}").status_code == 200
    assert _in_search(client, oid)

    r = client.patch(
        f"/api/v1/offers/{oid}", json={"places_left": 5, "title": "Stage en atelier"}, headers=h
    )
    assert r.status_code == 200 and r.json()["places_left"] == 5
    assert client.get(f"/api/v1/offers/{oid}").json()["title"] == "Stage en atelier"
    r = client.patch(f"/api/v1/offers/{oid}", json={"end_date": "2020-01-01"}, headers=h)
    assert r.status_code == 422 and "date de fin" in r.json()["detail"]

    mine = client.get("/api/v1/account/offers", headers=h).json()
    assert [o["id"] for o in mine["items"]] == [oid]

    r = client.post(f"/api/v1/offers/{oid}/close", headers=h)
    assert r.status_code == 200 and r.json()["status"] == "closed"
    assert client.get(f"/api/v1/offers/{oid}").status_code == 404
    assert not _in_search(client, oid)


def test_counselors_share_the_offers_of_their_structure(client: TestClient, world: World) -> None:
    oid = client.post(
        "/api/v1/offers", json=offer_body(), headers=bearer(world, "counselor")
    ).json()["id"]
    with world.session() as session:
        offer = session.get(Offer, oid)
        assert offer is not None and offer.structure_id == 1
    r = client.post(f"/api/v1/offers/{oid}/publish", headers=bearer(world, "other_counselor"))
    assert r.status_code == 403 and "vos offres" in r.json()["detail"]
    assert (
        client.post(f"/api/v1/offers/{oid}/publish", headers=bearer(world, "admin")).status_code
        == 200
    )


def test_offers_past_their_end_date_expire_and_leave_search(world: World) -> None:
    app = build_app(world.url, relaxed_settings(offer_expiry_check_seconds=0))
    with TestClient(app, base_url="https://testserver") as c:
        h = bearer(world, "employer")
        oid = c.post("/api/v1/offers", json=offer_body(), headers=h).json()["id"]
        c.post(f"/api/v1/offers/{oid}/publish", headers=h)
        assert _in_search(c, oid)
        with world.session() as session:
            offer = session.get(Offer, oid)
            assert offer is not None
            offer.start_date = date.today() - timedelta(days=10)
            offer.end_date = date.today() - timedelta(days=1)
            session.commit()
        assert c.get("/api/v1/account/offers", headers=h).json()["items"][0]["status"] == "expired"
        assert not _in_search(c, oid)
        assert c.get(f"/api/v1/offers/{oid}").status_code == 404
        with world.session() as session:
            assert session.scalar(select(Offer.status).where(Offer.id == oid)) == "expired"
        r = c.post(f"/api/v1/offers/{oid}/publish", headers=h)
        assert r.status_code == 409 and "date de fin" in r.json()["detail"]


def test_an_offer_leaves_search_the_day_after_its_end_even_before_the_expiry_pass(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The periodic pass that stores ``expired`` runs every 10 minutes in production: the search
    # itself, and its per-process answer cache, must not show the offer meanwhile.
    from backend.services import search, snapshot

    app = build_app(world.url, relaxed_settings(offer_expiry_check_seconds=3600))
    with TestClient(app, base_url="https://testserver") as c:
        h = bearer(world, "employer")
        end = date.today() + timedelta(days=3)
        body = offer_body(start_date=date.today().isoformat(), end_date=end.isoformat())
        oid = c.post("/api/v1/offers", json=body, headers=h).json()["id"]
        c.post(f"/api/v1/offers/{oid}/publish", headers=h)
        assert _in_search(c, oid) and _in_search(c, oid)  # the second answer is from the cache
        for module in (search, snapshot):
            monkeypatch.setattr(module, "utc_today", lambda: end)
        assert _in_search(c, oid)  # still open on its last day
        for module in (search, snapshot):
            monkeypatch.setattr(module, "utc_today", lambda: end + timedelta(days=1))
        assert not _in_search(c, oid)


def test_apply_without_account_and_the_owner_sees_it(client: TestClient, world: World) -> None:
    h = bearer(world, "employer")
    oid = client.post("/api/v1/offers", json=offer_body(), headers=h).json()["id"]
    r = client.post(f"/api/v1/offers/{oid}/applications", json=application_body())
    assert r.status_code == 409 and "fermée" in r.json()["detail"]  # still a draft
    client.post(f"/api/v1/offers/{oid}/publish", headers=h)
    detail = client.get(f"/api/v1/offers/{oid}").json()
    assert detail["accepts_applications"] is True and detail["applications_note"] is None

    r = client.post(f"/api/v1/offers/{oid}/applications", json=application_body())
    assert r.status_code == 201
    assert len(r.json()["reference"]) == 8 and "candidature est envoyée" in r.json()["speech"]
    r = client.post(
        f"/api/v1/offers/{oid}/applications",
        json=application_body(
            first_name="Bidulon", contact_mode="in_person", phone=None, message=None
        ),
    )
    assert r.status_code == 201
    r = client.post(
        f"/api/v1/offers/{oid}/applications",
        json=application_body(contact_mode="email", phone=None),
    )
    assert r.status_code == 422 and "e-mail" in r.json()["detail"]

    listing = client.get(f"/api/v1/offers/{oid}/applications", headers=h)
    assert listing.status_code == 200
    items = listing.json()["items"]
    assert [(a["first_name"], a["contact_mode"]) for a in items] == [
        (FAKE_FIRST_NAME, "phone"),
        ("Bidulon", "in_person"),
    ]
    assert items[0]["phone"] == FAKE_PHONE
    assert (
        client.get(
            f"/api/v1/offers/{oid}/applications", headers=bearer(world, "counselor")
        ).status_code
        == 403
    )
    r = client.post(f"/api/v1/offers/{oid}/applications/{items[0]['id']}/close", headers=h)
    assert r.status_code == 200 and r.json()["status"] == "closed"
    with world.session() as session:
        stored = session.scalars(select(Application).where(Application.offer_id == oid)).all()
        assert {a.consent_version for a in stored} == {"2026-01"}


def test_applications_are_rate_limited(world: World) -> None:
    app = build_app(world.url, relaxed_settings(rate_limit_applications=2))
    with TestClient(app, base_url="https://testserver") as c:
        h = bearer(world, "employer")
        oid = c.post("/api/v1/offers", json=offer_body(), headers=h).json()["id"]
        c.post(f"/api/v1/offers/{oid}/publish", headers=h)
        codes = [
            c.post(f"/api/v1/offers/{oid}/applications", json=application_body()).status_code
            for _ in range(3)
        ]
        assert codes == [201, 201, 429]


def test_an_example_offer_refuses_applications_and_says_why(
    client: TestClient, world: World
) -> None:
    """The bundled offers are all examples: an application would never be read (409), and the
    offer's detail says so before anybody tries (accepts_applications, applications_note)."""
    with world.session() as session:
        example = Offer(
            title="Stage de 3e : Soudeur",
            description="Exemple d'offre.",
            employer="Usine exemple de Lyon",
            commune="Lyon",
            code_insee="69383",
            departement="69",
            lat=45.7534,
            lon=4.8692,
            rome_codes="H2913",
            levels="3e",
            weeks=1,
            places_left=2,
            contact_modes="telephone sur_place",
            is_example=True,
            status="published",
            dataset="people-tests",
            external_id="example-test-1",
            source="exemples",
            licence="test",
            source_date="2026-01-01",
        )
        session.add(example)
        session.commit()
        offer_id = example.id
    detail = client.get(f"/api/v1/offers/{offer_id}").json()
    assert detail["accepts_applications"] is False
    assert "personne ne lirait votre candidature" in detail["applications_note"]
    assert "personne ne lirait votre candidature" in detail["speech"]
    r = client.post(
        f"/api/v1/offers/{offer_id}/applications",
        json={"first_name": "Yanis", "contact_mode": "phone", "phone": "06 39 98 47 11",
              "consent": True},
    )  # fmt: skip
    assert r.status_code == 409
    assert r.headers["content-type"].startswith("application/problem+json")
    assert "exemple" in r.json()["detail"] and "rappelé" in r.json()["detail"]
    with world.session() as session:
        assert session.scalar(select(func.count()).select_from(Application)) == 0
