"""« Signaler une erreur »: a report on a place or an offer goes to whoever can fix it, the place
says "signalé comme à vérifier" everywhere until then, and a fixed report marks the place
verified today (on SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select, update
from starlette.testclient import TestClient

from backend.models import Structure
from backend.people.models import AuditEntry, ErrorReport
from backend.people.services import purge
from tests.people.conftest import World, bearer
from tests.people.test_offers import offer_body

REPORTED = "Signalé comme à vérifier"


def _report(client: TestClient, **body: object) -> dict[str, object]:
    sent = client.post("/api/v1/reports", json={"target": "structure", "target_id": 1,
                                                 "reason": "phone", **body})  # fmt: skip
    assert sent.status_code == 201, sent.text
    return sent.json()


def test_a_report_on_a_place_that_takes_part_goes_to_its_counselors(
    client: TestClient, world: World
) -> None:
    place = client.get("/api/v1/structures/1").json()
    assert place["reported"] is False and REPORTED not in place["speech"]
    made = _report(client, message="Le numéro sonne dans le vide.", source="voice")
    assert made["goes_to"] == "structure"
    assert made["speech"].startswith("Merci. Les conseillers de ce lieu vont vérifier.")
    place = client.get("/api/v1/structures/1").json()
    assert place["reported"] is True and REPORTED in place["speech"]
    listed = client.get("/api/v1/structures", params={"place": "69383", "kind": "mission_locale"})
    assert next(i for i in listed.json()["items"] if i["id"] == 1)["reported"] is True
    mine = client.get("/api/v1/reports", headers=bearer(world, "counselor")).json()
    assert [(r["target_id"], r["reason_label"]) for r in mine["items"]] == [
        (1, "Le numéro de téléphone est faux")
    ]
    assert mine["items"][0]["message"] == "Le numéro sonne dans le vide."
    assert client.get("/api/v1/reports", headers=bearer(world, "other_counselor")).json()[
        "items"
    ] == []
    report_id = made["id"]
    stranger = client.post(
        f"/api/v1/reports/{report_id}/close", json={"outcome": "fixed"},
        headers=bearer(world, "other_counselor"),
    )  # fmt: skip
    assert stranger.status_code == 404
    closed = client.post(
        f"/api/v1/reports/{report_id}/close", json={"outcome": "fixed"},
        headers=bearer(world, "counselor"),
    )  # fmt: skip
    assert closed.status_code == 200 and closed.json()["status"] == "fixed"
    place = client.get("/api/v1/structures/1").json()
    assert place["reported"] is False and place["verified"] is True
    assert place["source_date"] == datetime.now(UTC).date().isoformat()
    again = client.post(
        f"/api/v1/reports/{report_id}/close", json={"outcome": "rejected"},
        headers=bearer(world, "admin"),
    )  # fmt: skip
    assert again.status_code == 409
    with world.session() as session:
        actions = session.scalars(select(AuditEntry.action)).all()
    assert "report.create" in actions and "report.close" in actions


def test_a_report_on_a_place_nobody_reads_goes_to_the_admins(
    client: TestClient, world: World
) -> None:
    made = _report(client, target_id=4, reason="closed")  # the Ain's Mission locale: no counselor
    assert made["goes_to"] == "admin" and "L'équipe de Total Accès" in made["speech"]
    assert client.get("/api/v1/reports", headers=bearer(world, "counselor")).json()["items"] == []
    queue = client.get("/api/v1/reports", headers=bearer(world, "admin")).json()["items"]
    assert [r["target_id"] for r in queue] == [4]
    rejected = client.post(
        f"/api/v1/reports/{made['id']}/close", json={"outcome": "rejected"},
        headers=bearer(world, "admin"),
    )  # fmt: skip
    assert rejected.status_code == 200
    with world.session() as session:
        place = session.get(Structure, 4)
        assert place is not None and place.source_date == "2026-01-01"  # nothing was fixed


def test_a_report_on_an_offer_goes_to_its_author(client: TestClient, world: World) -> None:
    headers = bearer(world, "employer")
    offer = client.post("/api/v1/offers", json=offer_body(), headers=headers).json()
    client.post(f"/api/v1/offers/{offer['id']}/publish", headers=headers)
    made = _report(client, target="offer", target_id=offer["id"], reason="closed")
    assert made["goes_to"] == "author"
    detail = client.get(f"/api/v1/offers/{offer['id']}").json()
    assert detail["reported"] is True and REPORTED in detail["speech"]
    mine = client.get("/api/v1/reports", headers=headers).json()["items"]
    assert [r["reason_label"] for r in mine] == ["L'offre n'existe plus"]
    assert client.get("/api/v1/reports", headers=bearer(world, "other_counselor")).json()[
        "items"
    ] == []
    closed = client.post(
        f"/api/v1/reports/{made['id']}/close", json={"outcome": "fixed"}, headers=headers
    )
    assert closed.status_code == 200
    assert client.get(f"/api/v1/offers/{offer['id']}").json()["reported"] is False


def test_reports_on_nothing_or_with_a_bad_reason_are_refused(client: TestClient) -> None:
    missing = client.post(
        "/api/v1/reports", json={"target": "structure", "target_id": 999999, "reason": "phone"}
    )
    assert missing.status_code == 404
    wrong = client.post(
        "/api/v1/reports", json={"target": "structure", "target_id": 1, "reason": "nul"}
    )
    assert wrong.status_code == 422
    long = client.post(
        "/api/v1/reports",
        json={"target": "structure", "target_id": 1, "reason": "other", "message": "x" * 501},
    )
    assert long.status_code == 422
    assert client.get("/api/v1/reports").status_code == 401


def test_closed_reports_are_purged_after_a_year(client: TestClient, world: World) -> None:
    old = _report(client)
    recent = _report(client, target_id=2)
    with world.session() as session:
        session.execute(
            update(ErrorReport)
            .where(ErrorReport.id.in_([old["id"], recent["id"]]))
            .values(status="fixed", closed_at=datetime.now(UTC) - timedelta(days=400))
        )
        session.execute(
            update(ErrorReport)
            .where(ErrorReport.id == recent["id"])
            .values(closed_at=datetime.now(UTC) - timedelta(days=10))
        )
        session.commit()
        counts = purge.purge(session)
        left = session.scalars(select(ErrorReport.id)).all()
    assert counts["error_reports"] == 1 and left == [recent["id"]]
