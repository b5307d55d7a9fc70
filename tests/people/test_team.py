"""Who works at a structure: an admin's single-use invitation link, a request to join approved by
the structure's counselors, a counselor who leaves (their requests go on), and the admin queue of
what nobody took (on SQLite and PostgreSQL)."""

from __future__ import annotations

import socketserver
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select, update
from starlette.testclient import TestClient

from backend.people.config import PeopleSettings
from backend.people.errors import Conflict
from backend.people.models import Account, AuditEntry, CallbackRequest, JoinRequest
from backend.people.services import callbacks, participation, purge, team
from tests.people.conftest import PASSWORD, World, add_counselor, bearer, callback_body

NEW_PASSWORD = "un-autre-mot-de-passe-long"


def _login(client: TestClient, email: str, password: str = NEW_PASSWORD) -> int:
    return client.post("/api/v1/auth/login", json={"email": email, "password": password}).status_code


def _ain_takes_part(client: TestClient) -> bool:
    """Structure 4 (Mission locale de test Ain) receives requests."""
    return client.get("/api/v1/structures/4").json()["takes_part"]


# ---------------------------------------------------------------------------------------------
# Invitations
# ---------------------------------------------------------------------------------------------


def test_an_invitation_link_creates_the_counselor_account_once(
    client: TestClient, world: World
) -> None:
    assert _ain_takes_part(client) is False
    made = client.post(
        "/api/v1/admin/invitations",
        json={"email": " Nadia.Conseil@Example.invalid ", "structure_id": 4},
        headers=bearer(world, "admin"),
    )
    assert made.status_code == 201, made.text
    body = made.json()
    assert body["sent"] is False  # no mail server here: the admin passes the link on
    secret = body["link"].rsplit("/", 1)[1]
    assert "/espace-pro/invitation/" in body["link"] and len(secret) >= 30
    state = client.get(f"/api/v1/invitations/{secret}").json()
    assert state["email"] == "nadia.conseil@example.invalid"
    assert state["structure_name"] == "Mission locale de test Ain"
    short = client.post(
        f"/api/v1/invitations/{secret}/accept", json={"display_name": "Nadia", "password": "court"}
    )
    assert short.status_code == 422  # a refused password does not use the link up
    accepted = client.post(
        f"/api/v1/invitations/{secret}/accept",
        json={"display_name": "Nadia", "password": NEW_PASSWORD},
    )
    assert accepted.status_code == 201, accepted.text
    assert accepted.json()["role"] == "counselor" and accepted.json()["structure_id"] == 4
    assert _login(client, "nadia.conseil@example.invalid") == 200
    assert _ain_takes_part(client) is True  # every list says so at once
    again = client.post(
        f"/api/v1/invitations/{secret}/accept",
        json={"display_name": "Quelqu'un", "password": NEW_PASSWORD},
    )
    assert again.status_code == 409 and "déjà servi" in again.json()["detail"]
    with world.session() as session:
        actions = session.scalars(select(AuditEntry.action)).all()
    assert "invitation.create" in actions and "invitation.accept" in actions


def test_an_expired_or_replaced_invitation_does_not_open(client: TestClient, world: World) -> None:
    with world.session() as session:
        admin = session.get(Account, world.admin_id)
        assert admin is not None
        old = team.invite(
            session, admin, email="tard@example.invalid", structure_id=4,
            settings=PeopleSettings(invitation_days=0),
        )  # fmt: skip
        first = team.invite(
            session, admin, email="deux@example.invalid", structure_id=4, settings=PeopleSettings()
        )
        second = team.invite(
            session, admin, email="deux@example.invalid", structure_id=4, settings=PeopleSettings()
        )
    expired = client.get(f"/api/v1/invitations/{old.secret}")
    assert expired.status_code == 409 and "expiré" in expired.json()["detail"]
    assert client.get(f"/api/v1/invitations/{first.secret}").status_code == 404  # replaced
    assert client.get(f"/api/v1/invitations/{second.secret}").status_code == 200
    assert client.get("/api/v1/invitations/" + "x" * 43).status_code == 404


def test_only_an_admin_invites_and_never_an_existing_address(
    client: TestClient, world: World
) -> None:
    body = {"email": "quelqu.un@example.invalid", "structure_id": 1}
    for role in ("employer", "counselor"):
        refused = client.post("/api/v1/admin/invitations", json=body, headers=bearer(world, role))
        assert refused.status_code == 403
    existing = {"email": "counselor@example.invalid", "structure_id": 1}
    taken = client.post("/api/v1/admin/invitations", json=existing, headers=bearer(world, "admin"))
    assert taken.status_code == 409
    closed = {"email": "quelqu.un@example.invalid", "structure_id": 5}
    shut = client.post("/api/v1/admin/invitations", json=closed, headers=bearer(world, "admin"))
    assert shut.status_code == 409 and "fermée" in shut.json()["detail"]


class _SmtpHandler(socketserver.StreamRequestHandler):
    """Just enough SMTP for smtplib: keeps each message's envelope and text."""

    def handle(self) -> None:
        self.wfile.write(b"220 test ESMTP\r\n")
        envelope: dict[str, object] = {"to": []}
        while True:
            line = self.rfile.readline()
            if not line:
                return
            verb = line.decode().strip().upper()
            if verb.startswith(("EHLO", "HELO")):
                self.wfile.write(b"250 test\r\n")
            elif verb.startswith("MAIL FROM"):
                self.wfile.write(b"250 OK\r\n")
            elif verb.startswith("RCPT TO"):
                envelope["to"].append(line.decode().split(":", 1)[1].strip())  # type: ignore[union-attr]
                self.wfile.write(b"250 OK\r\n")
            elif verb == "DATA":
                self.wfile.write(b"354 go\r\n")
                data = []
                while (chunk := self.rfile.readline()) not in (b".\r\n", b""):
                    data.append(chunk)
                envelope["data"] = b"".join(data).decode()
                self.server.messages.append(envelope)  # type: ignore[attr-defined]
                self.wfile.write(b"250 queued\r\n")
            elif verb == "QUIT":
                self.wfile.write(b"221 bye\r\n")
                return
            else:
                self.wfile.write(b"250 OK\r\n")


@pytest.fixture
def smtp_server() -> Iterator[socketserver.ThreadingTCPServer]:
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _SmtpHandler)
    server.messages = []  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def test_with_a_mail_server_the_link_is_sent_and_a_failing_one_leaves_it_to_the_admin(
    world: World, smtp_server: socketserver.ThreadingTCPServer
) -> None:
    port = smtp_server.server_address[1]
    settings = PeopleSettings(
        smtp_host="127.0.0.1", smtp_port=port, smtp_starttls=False,
        public_url="https://totalacces.example",
    )  # fmt: skip
    with world.session() as session:
        admin = session.get(Account, world.admin_id)
        assert admin is not None
        made = team.invite(
            session, admin, email="lea@example.invalid", structure_id=4, settings=settings
        )
        assert made.sent is True
        (message,) = smtp_server.messages  # type: ignore[attr-defined]
        assert message["to"] == ["<lea@example.invalid>"]
        text = message["data"].replace("=\r\n", "")
        assert "Mission locale de test Ain" in text or "Mission locale de test Ain" in text.replace(
            "=C3=A9", "é"
        )
        assert "https://totalacces.example/espace-pro/invitation/" + made.secret[:20] in text
        smtp_server.shutdown()
        smtp_server.server_close()
        down = team.invite(
            session, admin, email="leo@example.invalid", structure_id=4, settings=settings
        )
    assert down.sent is False  # the server is gone: the invitation exists, the admin sends it


# ---------------------------------------------------------------------------------------------
# Requests to join
# ---------------------------------------------------------------------------------------------


def _ask(client: TestClient, email: str, structure_id: int = 1) -> dict[str, object]:
    answer = client.post(
        "/api/v1/join-requests",
        json={"email": email, "display_name": "Samia Essai", "password": NEW_PASSWORD,
              "structure_id": structure_id, "note": "Conseillère insertion depuis 2021"},
    )  # fmt: skip
    assert answer.status_code == 202, answer.text
    return answer.json()


def test_a_request_to_join_is_answered_by_the_structures_own_counselors(
    client: TestClient, world: World
) -> None:
    received = _ask(client, "samia@example.invalid")
    assert _login(client, "samia@example.invalid") == 401  # not before it is accepted
    mine = client.get("/api/v1/join-requests", headers=bearer(world, "counselor")).json()
    assert [i["email"] for i in mine["items"]] == ["samia@example.invalid"]
    assert mine["items"][0]["structure_name"] == "Mission locale de test Lyon"
    other = client.get("/api/v1/join-requests", headers=bearer(world, "other_counselor")).json()
    assert other["items"] == []
    request_id = mine["items"][0]["id"]
    url = f"/api/v1/join-requests/{request_id}/decision"
    stranger = client.post(url, json={"approve": True}, headers=bearer(world, "other_counselor"))
    assert stranger.status_code == 404
    accepted = client.post(url, json={"approve": True}, headers=bearer(world, "counselor"))
    assert accepted.status_code == 200 and accepted.json()["status"] == "approved"
    assert _login(client, "samia@example.invalid") == 200
    twice = client.post(url, json={"approve": False}, headers=bearer(world, "admin"))
    assert twice.status_code == 409
    with world.session() as session:
        row = session.get(JoinRequest, request_id)
        assert row is not None and row.password_hash == ""  # decided: no password kept
    # Someone who has an account already gets the same answer, and nothing is stored.
    assert _ask(client, "counselor@example.invalid") == received
    with world.session() as session:
        stored = session.scalars(select(JoinRequest.email)).all()
    assert "counselor@example.invalid" not in stored


def test_a_refused_request_creates_nothing_and_a_demo_account_cannot_accept(
    client: TestClient, world: World
) -> None:
    from backend.people.services import demo

    _ask(client, "refus@example.invalid")
    _ask(client, "essai@example.invalid")
    with world.session() as session:
        demo.create_demo(session)
        demo_counselor = session.scalars(
            select(Account).where(Account.demo.is_(True), Account.structure_id == 1)
        ).one()
        pending = {j.email: j.id for j in team.pending_join_requests(session, demo_counselor)}
        with pytest.raises(team.Forbidden):
            team.decide(session, demo_counselor, pending["essai@example.invalid"], approve=True)
    refused = client.post(
        f"/api/v1/join-requests/{pending['refus@example.invalid']}/decision",
        json={"approve": False},
        headers=bearer(world, "admin"),
    )
    assert refused.status_code == 200 and refused.json()["status"] == "refused"
    assert _login(client, "refus@example.invalid") == 401


def test_old_requests_to_join_are_purged(world: World) -> None:
    with world.session() as session:
        team.ask_to_join(
            session, email="ancien@example.invalid", display_name="Ancien", password=PASSWORD,
            structure_id=1,
        )  # fmt: skip
        team.ask_to_join(
            session, email="recent@example.invalid", display_name="Récent", password=PASSWORD,
            structure_id=1,
        )  # fmt: skip
        session.execute(
            update(JoinRequest)
            .where(JoinRequest.email == "ancien@example.invalid")
            .values(created_at=datetime.now(UTC) - timedelta(days=45))
        )
        session.commit()
        counts = purge.purge(session, settings=PeopleSettings(join_request_days=30))
        left = session.scalars(select(JoinRequest.email)).all()
    assert counts["join_requests"] == 1 and left == ["recent@example.invalid"]


# ---------------------------------------------------------------------------------------------
# Leaving, and the admin queue
# ---------------------------------------------------------------------------------------------


def _request_at_lyon(client: TestClient, world: World) -> str:
    created = client.post("/api/v1/callbacks", json=callback_body())
    assert created.status_code == 201, created.text
    reference = created.json()["reference"]
    assign = client.post(f"/api/v1/inbox/{reference}/assign", headers=bearer(world, "counselor"))
    assert assign.status_code == 200
    return reference


def _row(world: World, reference: str) -> CallbackRequest:
    with world.session() as session:
        row = session.scalar(select(CallbackRequest).where(CallbackRequest.reference == reference))
        assert row is not None
        session.expunge(row)
        return row


def test_a_counselor_who_leaves_gives_the_requests_to_a_colleague_of_the_structure(
    client: TestClient, world: World
) -> None:
    reference = _request_at_lyon(client, world)
    add_counselor(world, 1)  # a colleague stays
    left = client.post("/api/v1/account/leave", headers=bearer(world, "counselor"))
    assert left.status_code == 200
    assert left.json() == {"unassigned": 1, "rerouted": 0, "waiting": 0}
    row = _row(world, reference)
    assert row.structure_id == 1 and row.assigned_to_id is None  # in the shared box again
    assert client.get("/api/v1/inbox", headers=bearer(world, "counselor")).status_code == 401
    assert _login(client, "counselor@example.invalid", PASSWORD) == 401


def test_when_the_last_counselor_leaves_open_requests_go_to_a_structure_that_takes_part(
    client: TestClient, world: World
) -> None:
    reference = _request_at_lyon(client, world)
    # The CIO of Lyon (structure 2) takes part and is competent for a training question.
    left = client.post(
        f"/api/v1/admin/accounts/{world.counselor_id}/leave", headers=bearer(world, "admin")
    )
    assert left.status_code == 200 and left.json()["rerouted"] == 1, left.text
    row = _row(world, reference)
    with world.session() as session:
        assert row.structure_id in participation.participating(session)
    assert row.structure_id != 1 and row.assigned_to_id is None
    status = client.get(f"/api/v1/callbacks/{reference}").json()
    assert status["structure"]["id"] == row.structure_id  # the young person sees who reads it


def test_a_request_nobody_can_read_waits_in_the_admin_queue_until_reassigned(
    client: TestClient, world: World
) -> None:
    reference = _request_at_lyon(client, world)
    with world.session() as session:
        session.execute(
            update(Account).where(Account.id == world.other_counselor_id).values(active=False)
        )
        session.commit()
    left = client.post("/api/v1/account/leave", headers=bearer(world, "counselor"))
    assert left.json() == {"unassigned": 1, "rerouted": 0, "waiting": 1}
    queue = client.get("/api/v1/admin/queue", headers=bearer(world, "admin")).json()
    waiting = {i["reference"]: i for i in queue["orphaned"]}
    assert waiting[reference]["structure_takes_part"] is False
    assert waiting[reference]["structure_name"] == "Mission locale de test Lyon"
    assert client.get("/api/v1/admin/queue", headers=bearer(world, "other_counselor")).status_code == 401
    url = f"/api/v1/admin/callbacks/{reference}/reassign"
    nobody = client.post(url, json={"structure_id": 4}, headers=bearer(world, "admin"))
    assert nobody.status_code == 409 and "ne reçoit pas de demandes" in nobody.json()["detail"]
    add_counselor(world, 4)
    moved = client.post(url, json={"structure_id": 4}, headers=bearer(world, "admin"))
    assert moved.status_code == 200, moved.text
    assert moved.json()["structure_name"] == "Mission locale de test Ain"
    queue = client.get("/api/v1/admin/queue", headers=bearer(world, "admin")).json()
    assert reference not in {i["reference"] for i in queue["orphaned"] + queue["overdue"]}
    row = _row(world, reference)
    assert row.structure_id == 4 and row.routed_as == "admin"
    with world.session() as session:
        audit = session.scalars(
            select(AuditEntry).where(AuditEntry.action == "callback.reassign")
        ).one()
    assert audit.object_ref == reference and audit.detail == "1 -> 4"


def test_the_queue_lists_requests_past_their_delay_and_pending_requests_to_join(
    client: TestClient, world: World
) -> None:
    reference = _request_at_lyon(client, world)
    fresh = client.post("/api/v1/callbacks", json=callback_body()).json()["reference"]
    with world.session() as session:
        session.execute(
            update(CallbackRequest)
            .where(CallbackRequest.reference == reference)
            .values(due_at=datetime.now(UTC) - timedelta(days=2))
        )
        session.commit()
    _ask(client, "attente@example.invalid", structure_id=2)
    queue = client.get("/api/v1/admin/queue", headers=bearer(world, "admin"))
    assert queue.status_code == 200
    body = queue.json()
    assert [i["reference"] for i in body["overdue"]] == [reference]
    assert body["overdue"][0]["overdue"] is True and body["overdue"][0]["structure_takes_part"]
    assert fresh not in {i["reference"] for i in body["overdue"] + body["orphaned"]}
    assert [j["email"] for j in body["join_requests"]] == ["attente@example.invalid"]
    assert body["join_requests"][0]["structure_name"] == "CIO de test Lyon"
    assert client.get("/api/v1/admin/queue", headers=bearer(world, "counselor")).status_code == 403


def test_a_closed_request_is_not_reassigned(world: World) -> None:
    with world.session() as session:
        admin = session.get(Account, world.admin_id)
        counselor = session.get(Account, world.counselor_id)
        assert admin is not None and counselor is not None
        made = callbacks.create_callback(
            session, first_name="Essai", phone="06 39 98 00 01", age=19, topic="training",
            consent=True, code_insee="69383",
        )  # fmt: skip
        callbacks.change_status(session, counselor, made.reference, "closed", "unreachable")
        with pytest.raises(Conflict):
            team.reassign(session, admin, made.reference, 2, PeopleSettings())
