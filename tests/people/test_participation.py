"""Only structures that take part receive callback requests, and everyone else is told the truth,
on SQLite and PostgreSQL: a structure takes part when an active counselor is attached to it and
it has not paused; a fallback team takes requests only where an admin set its scope; without
either, nothing is stored and the answer gives the competent place's own phone; the promised
delay is the structure's own."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select
from starlette.testclient import TestClient

from backend.people.models import Account, AuditEntry, CallbackRequest
from tests.people.conftest import World, add_counselor, bearer, callback_body

MARSEILLE = "13201"  # CIO de test Marseille (structure 6) is there, with no counselor


def _count(world: World) -> int:
    with world.session() as session:
        return session.scalar(select(func.count()).select_from(CallbackRequest)) or 0


def test_a_request_where_nobody_takes_part_is_not_taken_and_says_whom_to_call(
    client: TestClient, world: World
) -> None:
    before = _count(world)
    body = callback_body(code_insee=MARSEILLE)
    r = client.post("/api/v1/callbacks", json=body)
    assert r.status_code == 409, r.text
    problem = r.json()
    assert problem["title"] == "Demande non transmise"
    assert problem["detail"].startswith("Nous ne pouvons pas transmettre votre demande ici")
    assert "CIO de test Marseille au 04 65 71 00 06" in problem["detail"]
    assert problem["alternative"]["structure_id"] == 6
    assert problem["alternative"]["phone"] == "04 65 71 00 06"
    assert _count(world) == before  # nothing personal is stored
    assert body["first_name"] not in r.text and body["phone"] not in r.text


def test_coverage_says_before_any_personal_data_who_would_read_the_request(
    client: TestClient,
) -> None:
    lyon = client.get("/api/v1/callbacks/coverage", params={"code_insee": "69383"}).json()
    assert lyon["taken"] is True and lyon["routed_as"] == "competent"
    assert lyon["structure"]["name"] == "Mission locale de test Lyon"
    assert lyon["delay_days"] == 15 and "lit les demandes de rappel" in lyon["speech"]
    far = client.get("/api/v1/callbacks/coverage", params={"code_insee": MARSEILLE}).json()
    assert far["taken"] is False and far["structure"] is None
    assert far["alternative"]["name"] == "CIO de test Marseille"
    assert far["speech"].startswith("Nous ne pouvons pas transmettre votre demande ici")


def test_a_fallback_team_takes_requests_only_where_an_admin_set_its_scope(
    client: TestClient, world: World
) -> None:
    url = "/api/v1/structures/2/participation"
    refused = client.patch(url, json={"fallback_scope": "departement:13"},
                           headers=bearer(world, "other_counselor"))  # fmt: skip
    assert refused.status_code == 403  # a counselor does not make their team a fallback
    wrong = client.patch(url, json={"fallback_scope": "partout"}, headers=bearer(world, "admin"))
    assert wrong.status_code == 422
    done = client.patch(url, json={"fallback_scope": "departement:13"},
                        headers=bearer(world, "admin"))  # fmt: skip
    assert done.status_code == 200 and done.json()["fallback_scope"] == "departement:13"

    r = client.post("/api/v1/callbacks", json=callback_body(code_insee=MARSEILLE))
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["routed_as"] == "fallback" and body["structure"]["id"] == 2
    assert "Aucune structure près de chez vous ne répond encore" in body["speech"]
    assert "votre demande va à l'équipe de relais" in body["speech"]
    inbox = client.get("/api/v1/inbox", headers=bearer(world, "other_counselor")).json()
    assert body["reference"] in {i["reference"] for i in inbox["items"]}
    # A commune of another département is still not covered.
    assert client.post("/api/v1/callbacks", json=callback_body(code_insee="06088")).status_code == 409


def test_a_paused_structure_receives_nothing_until_it_resumes(
    client: TestClient, world: World
) -> None:
    url = "/api/v1/structures/1/participation"
    paused = client.patch(url, json={"paused": True}, headers=bearer(world, "counselor"))
    assert paused.status_code == 200
    assert paused.json()["participating"] is False and paused.json()["counselors"] == 1
    r = client.post("/api/v1/callbacks", json=callback_body()).json()
    assert r["structure"]["name"] == "CIO de test Lyon"  # the next competent one that takes part
    client.patch(url, json={"paused": False}, headers=bearer(world, "counselor"))
    r = client.post("/api/v1/callbacks", json=callback_body()).json()
    assert r["structure"]["name"] == "Mission locale de test Lyon"
    with world.session() as session:
        details = session.scalars(
            select(AuditEntry.detail).where(AuditEntry.action == "participation.update")
        ).all()
    assert list(details) == ["paused", "resumed"]


def test_the_promised_delay_is_the_structures_own(client: TestClient, world: World) -> None:
    url = "/api/v1/structures/1/participation"
    assert client.patch(url, json={"response_delay_days": 0},
                        headers=bearer(world, "counselor")).status_code == 422  # fmt: skip
    set_delay = client.patch(url, json={"response_delay_days": 5}, headers=bearer(world, "counselor"))
    assert set_delay.json()["response_delay_days"] == 5 and set_delay.json()["own_delay"] is True
    body = client.post("/api/v1/callbacks", json=callback_body()).json()
    assert body["delay_days"] == 5 and "en général sous cinq jours" in body["speech"]
    with world.session() as session:
        row = session.scalar(
            select(CallbackRequest).where(CallbackRequest.reference == body["reference"])
        )
        assert row is not None and row.due_at - row.created_at == timedelta(days=5)
    status = client.get(f"/api/v1/callbacks/{body['reference']}").json()
    assert "cinq jours" in status["speech"]
    coverage = client.get("/api/v1/callbacks/coverage", params={"code_insee": "69383"}).json()
    assert coverage["delay_days"] == 5


def test_a_structure_without_an_active_counselor_stops_taking_part(
    client: TestClient, world: World
) -> None:
    with world.session() as session:
        account = session.get(Account, world.counselor_id)
        assert account is not None
        account.active = False
        session.commit()
    r = client.post("/api/v1/callbacks", json=callback_body()).json()
    assert r["structure"]["name"] == "CIO de test Lyon"
    add_counselor(world, 1, active=False)  # an inactive account changes nothing
    assert client.post("/api/v1/callbacks", json=callback_body()).json()["structure"]["id"] == 2
    add_counselor(world, 1)
    assert client.post("/api/v1/callbacks", json=callback_body()).json()["structure"]["id"] == 1


def test_only_the_structures_counselors_and_admins_see_or_change_its_participation(
    client: TestClient, world: World
) -> None:
    url = "/api/v1/structures/1/participation"
    assert client.get(url).status_code == 401
    assert client.get(url, headers=bearer(world, "employer")).status_code == 403
    assert client.get(url, headers=bearer(world, "other_counselor")).status_code == 403
    mine = client.get(url, headers=bearer(world, "counselor")).json()
    assert mine == {
        "structure_id": 1,
        "participating": True,
        "counselors": 1,
        "demo": False,
        "paused": False,
        "response_delay_days": 15,
        "own_delay": False,
        "fallback_scope": None,
    }
    assert client.get(url, headers=bearer(world, "admin")).status_code == 200
    missing = client.get("/api/v1/structures/999/participation", headers=bearer(world, "admin"))
    assert missing.status_code == 404
