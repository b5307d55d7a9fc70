"""Privacy: no personal data in any log line, the retention purge, the audit log."""

from __future__ import annotations

import logging
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func, select
from starlette.testclient import TestClient

from backend.people.models import Application, AuditEntry, CallbackRequest
from backend.people.services.purge import purge
from tests.people.conftest import (
    FAKE_EMAIL,
    FAKE_FIRST_NAME,
    FAKE_PHONE,
    PASSWORD,
    World,
    bearer,
    callback_body,
)
from tests.people.server import LiveServer
from tests.people.test_offers import application_body, offer_body

LOGGERS = (
    "",
    "sqlalchemy",
    "sqlalchemy.engine",
    "sqlalchemy.pool",
    "uvicorn",
    "uvicorn.error",
    "uvicorn.access",
    "fastapi",
    "backend",
    "backend.people",
    "httpx",
    "httpcore",
)
SECRETS = (FAKE_FIRST_NAME, FAKE_PHONE, FAKE_PHONE.replace(" ", ""), FAKE_EMAIL, PASSWORD)


def _leaks(text: str) -> list[str]:
    lowered = text.lower()
    return [s for s in SECRETS if s.lower() in lowered]


def run_every_flow(client: TestClient, world: World) -> None:
    """Every flow that carries personal data, including the failing ones."""
    r = client.post("/api/v1/callbacks", json=callback_body())
    assert r.status_code == 201
    ref = r.json()["reference"]
    # Invalid inputs that contain the personal data.
    assert (
        client.post(
            "/api/v1/callbacks", json=callback_body(email=FAKE_FIRST_NAME + "@@x")
        ).status_code
        == 422
    )
    assert (
        client.post(
            "/api/v1/callbacks", json=callback_body(phone=FAKE_PHONE + "999999999")
        ).status_code
        == 422
    )
    assert client.post("/api/v1/callbacks", json=callback_body(age="dix-neuf")).status_code == 422
    assert client.get(f"/api/v1/callbacks/{ref}").status_code == 200
    h = bearer(world, "counselor")
    assert client.get("/api/v1/inbox", headers=h).status_code == 200
    assert client.get(f"/api/v1/inbox/{ref}", headers=h).status_code == 200
    assert client.post(f"/api/v1/inbox/{ref}/assign", headers=h).status_code == 200
    assert (
        client.post(
            f"/api/v1/inbox/{ref}/status", headers=h, json={"status": "contacted"}
        ).status_code
        == 200
    )
    assert client.get("/api/v1/inbox/stats", headers=h).status_code == 200
    assert (
        client.post(f"/api/v1/callbacks/{ref}/export", json={"contact": FAKE_EMAIL}).status_code
        == 200
    )
    assert (
        client.post(
            f"/api/v1/callbacks/{ref}/export", json={"contact": FAKE_PHONE + "1"}
        ).status_code
        == 403
    )
    # Applications.
    e = bearer(world, "employer")
    oid = client.post("/api/v1/offers", json=offer_body(), headers=e).json()["id"]
    client.post(f"/api/v1/offers/{oid}/publish", headers=e)
    assert (
        client.post(
            f"/api/v1/offers/{oid}/applications", json=application_body(email=FAKE_EMAIL)
        ).status_code
        == 201
    )
    assert client.get(f"/api/v1/offers/{oid}/applications", headers=e).status_code == 200
    # Accounts: the password must not be logged either.
    assert (
        client.post(
            "/api/v1/auth/login", json={"email": "admin@example.invalid", "password": PASSWORD}
        ).status_code
        == 200
    )
    assert (
        client.post(
            "/api/v1/auth/login",
            json={"email": "admin@example.invalid", "password": PASSWORD + "x"},
        ).status_code
        == 401
    )
    client.cookies.clear()  # the login opened a session: later POSTs would need its CSRF token
    assert client.get("/api/v1/admin/audit", headers=bearer(world, "admin")).status_code == 200
    assert (
        client.post(f"/api/v1/callbacks/{ref}/erasure", json={"contact": FAKE_PHONE}).status_code
        == 204
    )


def test_no_personal_data_in_any_log_line_at_debug(
    client: TestClient, world: World, caplog: pytest.LogCaptureFixture
) -> None:
    previous = {name: logging.getLogger(name).level for name in LOGGERS}
    try:
        for name in LOGGERS:
            logging.getLogger(name).setLevel(logging.DEBUG)
        with caplog.at_level(logging.DEBUG):
            run_every_flow(client, world)
    finally:
        for name, level in previous.items():
            logging.getLogger(name).setLevel(level)
    text = "\n".join(f"{r.name} {r.getMessage()} {r.exc_text or ''}" for r in caplog.records)
    # The capture really saw the database work and our own lines...
    assert re.search(r"INSERT INTO callback_requests", text)
    assert "SELECT" in text and "routed to structure" in text
    assert len(caplog.records) > 100
    # ...and none of the personal data that was sent.
    assert _leaks(text) == []


def test_no_personal_data_in_a_real_server_log(world: World, tmp_path: Path) -> None:
    """uvicorn at trace level, access log on: only paths and status codes."""
    server = LiveServer(world.url, tmp_path / "server.log", log_level="trace")
    server.start()
    try:
        with httpx.Client(base_url=server.base_url) as c:
            assert c.post("/api/v1/callbacks", json=callback_body()).status_code == 201
            assert (
                c.post("/api/v1/callbacks", json=callback_body(email="pas-une-adresse")).status_code
                == 422
            )
    finally:
        server.stop()
    log = (tmp_path / "server.log").read_text()
    assert "POST /api/v1/callbacks" in log
    assert _leaks(log) == []


def _age(world: World, ref: str, **fields: datetime) -> None:
    with world.session() as session:
        row = session.scalar(select(CallbackRequest).where(CallbackRequest.reference == ref))
        assert row is not None
        for key, value in fields.items():
            setattr(row, key, value)
        session.commit()


def test_purge_deletes_closed_requests_after_90_days_and_stale_ones_after_the_maximum_age(
    client: TestClient, world: World
) -> None:
    h = bearer(world, "counselor")
    refs = [
        client.post("/api/v1/callbacks", json=callback_body()).json()["reference"] for _ in range(3)
    ]
    closed_ref, open_ref, fresh_ref = refs
    client.post(
        f"/api/v1/inbox/{closed_ref}/status", headers=h, json={"status": "closed", "outcome": "job"}
    )
    with world.session() as session:
        closed = session.scalar(
            select(CallbackRequest).where(CallbackRequest.reference == closed_ref)
        )
        assert closed is not None and closed.closed_at is not None
        closed_at = closed.closed_at.replace(tzinfo=closed.closed_at.tzinfo or UTC)
        purge_after = closed.purge_after.replace(tzinfo=closed.purge_after.tzinfo or UTC)
        assert abs((purge_after - closed_at) - timedelta(days=90)) < timedelta(seconds=1)
    r = client.post("/api/v1/admin/purge", headers=bearer(world, "admin"))
    assert r.status_code == 200 and r.json()["callbacks"] == 0  # nothing is due yet
    now = datetime.now(UTC)
    with world.session() as session:
        assert purge(session, now + timedelta(days=89))["callbacks"] == 0
    with world.session() as session:
        counts = purge(session, now + timedelta(days=91))
    assert counts["callbacks"] == 1
    with world.session() as session:
        remaining = set(session.scalars(select(CallbackRequest.reference)))
        assert remaining == {open_ref, fresh_ref}
        counts = purge(session, now + timedelta(days=366))
        assert counts["callbacks"] == 2  # never handled: deleted after the maximum age (365 days)
        assert session.scalar(select(func.count()).select_from(CallbackRequest)) == 0


def test_purge_command_runs_on_the_configured_database(world: World) -> None:
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[2]
    with world.session() as session:
        session.add(
            Application(
                reference="PURGE234",
                offer_id=None,
                first_name="Essai",
                contact_mode="in_person",
                consent_version="v",
                consent_at=datetime.now(UTC),
                status="closed",
                created_at=datetime.now(UTC) - timedelta(days=200),
                closed_at=datetime.now(UTC) - timedelta(days=100),
                purge_after=datetime.now(UTC) - timedelta(days=10),
            )
        )
        session.commit()
    code = "import typer, sys\nfrom backend.people.commands import register\napp = typer.Typer()\nregister(app)\napp(['purge'])\n"
    done = subprocess.run(
        [sys.executable, "-c", code],
        env={"DATABASE_URL": world.url, "PYTHONPATH": str(root), "PATH": "/usr/bin:/bin"},
        cwd=root,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "1 candidature(s)" in done.stdout
    with world.session() as session:
        assert session.scalar(select(func.count()).select_from(Application)) == 0


def test_audit_log_records_counselor_actions_without_personal_data(
    client: TestClient, world: World
) -> None:
    run_every_flow(client, world)
    with world.session() as session:
        entries = session.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
    actions = [(e.action, e.role) for e in entries]
    assert ("callback.assign", "counselor") in actions
    assert ("callback.status", "counselor") in actions
    assert ("callback.view", "counselor") in actions
    assert ("callback.erase", None) in actions
    assert ("offer.publish", "employer") in actions
    dump = "\n".join(f"{e.action} {e.object_type} {e.object_ref} {e.detail}" for e in entries)
    assert _leaks(dump) == []
    r = client.get("/api/v1/admin/audit", headers=bearer(world, "admin"))
    assert r.json()["total"] == len(entries)
    assert _leaks(r.text) == []
