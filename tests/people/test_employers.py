"""Employers sign up alone (SIRET checked by its form and by a company directory), confirm by
e-mail or are activated by an admin; their first offer waits for a moderator; they answer
applicants, who read the answer with their code (on SQLite and PostgreSQL).

The directory is a local HTTP server answering like the public "recherche d'entreprises" API
(``GET /search?q=``, answers shaped on its published response model: ``results`` of legal units
with ``matching_etablissements``); this machine has no internet, so they are not live recordings.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

import pytest
from sqlalchemy import select
from starlette.testclient import TestClient

from backend.people import siret
from backend.people.models import Account, AuthSecret
from tests.people.conftest import World, bearer, build_app, relaxed_settings
from tests.people.test_offers import application_body, offer_body

DINUM = "13002526500013"  # a real, public SIRET (the State's digital service)
CLOSED = "73282932000074"
PASSWORD = "un-mot-de-passe-employeur"


def _unit(siret_number: str, name: str, state: str) -> dict[str, object]:
    return {
        "siren": siret_number[:9],
        "nom_complet": name,
        "etat_administratif": "A",
        "siege": {"siret": siret_number[:9] + "00099", "etat_administratif": "A"},
        "matching_etablissements": [
            {"siret": siret_number, "etat_administratif": state, "libelle_commune": "PARIS"}
        ],
    }


ANSWERS = {
    DINUM: {"results": [_unit(DINUM, "DIRECTION INTERMINISTERIELLE DU NUMERIQUE", "A")],
            "total_results": 1, "page": 1, "per_page": 5, "total_pages": 1},
    CLOSED: {"results": [_unit(CLOSED, "ANCIENNE SOCIETE", "F")], "total_results": 1,
             "page": 1, "per_page": 5, "total_pages": 1},
}  # fmt: skip


class _Directory(BaseHTTPRequestHandler):
    mode = "ok"

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        query = parse_qs(urlparse(self.path).query).get("q", [""])[0]
        if _Directory.mode == "slow":
            time.sleep(1.5)
        if _Directory.mode == "error":
            self.send_response(503)
            self.end_headers()
            return
        body = json.dumps(
            ANSWERS.get(query, {"results": [], "total_results": 0, "page": 1})
        ).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def directory() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Directory)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    _Directory.mode = "ok"
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture
def employer_client(world: World, directory: str) -> Iterator[TestClient]:
    settings = relaxed_settings(company_directory_url=directory, company_directory_timeout=1.0)
    with TestClient(build_app(world.url, settings), base_url="https://testserver") as client:
        yield client


def _sign_up(client: TestClient, email: str, number: str = DINUM) -> object:
    return client.post(
        "/api/v1/employers/signup",
        json={"company": "Boulangerie Test", "email": email, "password": PASSWORD,
              "siret": number},
    )  # fmt: skip


def _login(client: TestClient, email: str) -> int:
    return client.post(
        "/api/v1/auth/login", json={"email": email, "password": PASSWORD}
    ).status_code


def test_the_siret_form_is_checked_with_its_luhn_key() -> None:
    assert siret.form_error("130 025 265 00013") is None
    assert siret.form_error("13002526500014") == "Ce numéro SIRET n'existe pas : vérifiez chaque chiffre."
    assert "14 chiffres" in (siret.form_error("130025265") or "")
    assert siret.form_error("35600000000048") is None  # La Poste, Luhn
    assert siret.form_error("35600000000029") is None  # La Poste, digit sum multiple of 5


def test_the_directory_says_active_closed_unknown_or_does_not_answer(directory: str) -> None:
    assert siret.lookup(DINUM, directory).status == "active"
    assert siret.lookup(DINUM, directory).name == "DIRECTION INTERMINISTERIELLE DU NUMERIQUE"
    assert siret.lookup(CLOSED, directory).status == "closed"
    assert siret.lookup("35600000000048", directory).status == "unknown"
    assert siret.lookup(DINUM, None).status == "unchecked"
    _Directory.mode = "error"
    assert siret.lookup(DINUM, directory).status == "unavailable"
    _Directory.mode = "slow"
    assert siret.lookup(DINUM, directory, timeout=0.3).status == "unavailable"
    assert siret.lookup(DINUM, "http://127.0.0.1:9").status == "unavailable"  # nothing listens


def test_a_sign_up_waits_for_an_admin_without_mail_and_refuses_a_closed_company(
    employer_client: TestClient, world: World
) -> None:
    client = employer_client
    done = _sign_up(client, "patron@boulangerie.example")
    assert done.status_code == 202, done.text
    body = done.json()
    assert body["sent"] is False and body["company_check"] == "active"
    assert "un administrateur va vérifier" in body["detail"]
    assert _login(client, "patron@boulangerie.example") == 401  # closed until activated
    # the same answer for an address that has an account; nothing stored
    again = _sign_up(client, "employer@example.invalid")
    assert again.status_code == 202 and again.json() == body
    closed = _sign_up(client, "autre@example.invalid", CLOSED)
    assert closed.status_code == 422 and "fermé" in closed.json()["detail"]
    wrong = _sign_up(client, "autre@example.invalid", "13002526500014")
    assert wrong.status_code == 422
    _Directory.mode = "error"  # the directory is down: the sign-up goes on, moderation follows
    down = _sign_up(client, "second@example.invalid")
    assert down.status_code == 202 and down.json()["company_check"] == "unavailable"
    pending = client.get("/api/v1/admin/signups", headers=bearer(world, "admin")).json()
    emails = {a["email"]: a["id"] for a in pending["items"]}
    assert set(emails) == {"patron@boulangerie.example", "second@example.invalid"}
    opened = client.post(
        f"/api/v1/admin/accounts/{emails['patron@boulangerie.example']}/activate",
        headers=bearer(world, "admin"),
    )
    assert opened.status_code == 200
    assert _login(client, "patron@boulangerie.example") == 200
    refused = client.post(
        f"/api/v1/admin/accounts/{emails['second@example.invalid']}/activate",
        headers=bearer(world, "counselor"),
    )
    assert refused.status_code == 403


def test_the_confirmation_link_opens_the_account_once(world: World, directory: str) -> None:
    import socketserver

    from tests.people.test_team import _SmtpHandler

    smtp = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _SmtpHandler)
    smtp.messages = []  # type: ignore[attr-defined]
    threading.Thread(target=smtp.serve_forever, daemon=True).start()
    settings = relaxed_settings(
        company_directory_url=directory, smtp_host="127.0.0.1",
        smtp_port=smtp.server_address[1], smtp_starttls=False,
    )  # fmt: skip
    try:
        with TestClient(build_app(world.url, settings), base_url="https://testserver") as client:
            done = _sign_up(client, "lien@example.invalid")
            assert done.json()["sent"] is True
            (message,) = smtp.messages  # type: ignore[attr-defined]
            text = message["data"].replace("=\r\n", "")
            found = re.search(r"/espace-pro/confirmer/([A-Za-z0-9_\-]+)", text)
            assert found is not None
            secret = found.group(1)
            opened = client.post(f"/api/v1/employers/confirm/{secret}")
            assert opened.status_code == 200 and opened.json()["role"] == "employer"
            assert _login(client, "lien@example.invalid") == 200
            assert client.post(f"/api/v1/employers/confirm/{secret}").status_code == 404
    finally:
        smtp.shutdown()
        smtp.server_close()
    with world.session() as session:
        account = session.scalar(select(Account).where(Account.email == "lien@example.invalid"))
        assert account is not None and account.siret == DINUM
        assert account.company_check == "active" and account.offers_trusted is False
        assert session.scalars(
            select(AuthSecret).where(AuthSecret.kind == "confirm", AuthSecret.revoked_at.is_(None))
        ).all() == []


def _signed_up_employer(client: TestClient, world: World) -> dict[str, str]:
    _sign_up(client, "nouveau@example.invalid")
    pending = client.get("/api/v1/admin/signups", headers=bearer(world, "admin")).json()
    client.post(
        f"/api/v1/admin/accounts/{pending['items'][0]['id']}/activate",
        headers=bearer(world, "admin"),
    )
    token = client.post(
        "/api/v1/auth/tokens", json={"email": "nouveau@example.invalid", "password": PASSWORD}
    ).json()["token"]
    return {"Authorization": f"Bearer {token}"}


def test_a_new_employers_first_offer_waits_for_a_moderator(
    employer_client: TestClient, world: World
) -> None:
    client = employer_client
    headers = _signed_up_employer(client, world)
    offer = client.post("/api/v1/offers", json=offer_body(), headers=headers).json()
    waiting = client.post(f"/api/v1/offers/{offer['id']}/publish", headers=headers).json()
    assert waiting["status"] == "review"
    assert client.get(f"/api/v1/offers/{offer['id']}").status_code == 404  # not public yet
    queue = client.get("/api/v1/moderation/offers", headers=bearer(world, "counselor")).json()
    assert [o["id"] for o in queue["items"]] == [offer["id"]]  # Lyon's counselor: a Lyon offer
    assert client.get("/api/v1/moderation/offers", headers=headers).status_code == 403
    url = f"/api/v1/moderation/offers/{offer['id']}"
    no_reason = client.post(url, json={"approve": False}, headers=bearer(world, "counselor"))
    assert no_reason.status_code == 422
    back = client.post(
        url, json={"approve": False, "reason": "Précisez les horaires du stage."},
        headers=bearer(world, "counselor"),
    )  # fmt: skip
    assert back.status_code == 200 and back.json()["status"] == "draft"
    mine = client.get("/api/v1/account/offers", headers=headers).json()["items"]
    assert mine[0]["moderation_note"] == "Précisez les horaires du stage."
    client.post(f"/api/v1/offers/{offer['id']}/publish", headers=headers)
    approved = client.post(url, json={"approve": True}, headers=bearer(world, "admin"))
    assert approved.status_code == 200 and approved.json()["status"] == "published"
    assert client.get(f"/api/v1/offers/{offer['id']}").status_code == 200
    second = client.post("/api/v1/offers", json=offer_body(), headers=headers).json()
    published = client.post(f"/api/v1/offers/{second['id']}/publish", headers=headers).json()
    assert published["status"] == "published"  # trusted after one approved offer


def test_an_employer_answers_and_the_applicant_reads_it_with_the_code(
    client: TestClient, world: World
) -> None:
    headers = bearer(world, "employer")  # created by an admin: trusted
    offer = client.post("/api/v1/offers", json=offer_body(), headers=headers).json()
    assert client.post(f"/api/v1/offers/{offer['id']}/publish", headers=headers).json()[
        "status"
    ] == "published"
    sent = client.post(f"/api/v1/offers/{offer['id']}/applications", json=application_body())
    reference = sent.json()["reference"]
    status = client.get(f"/api/v1/applications/{reference}").json()
    assert status["status"] == "new" and status["reply"] is None
    assert "pas encore lue" in status["speech"]
    application_id = client.get(
        f"/api/v1/offers/{offer['id']}/applications", headers=headers
    ).json()["items"][0]["id"]
    url = f"/api/v1/offers/{offer['id']}/applications/{application_id}/reply"
    other = client.post(url, json={"status": "accepted"}, headers=bearer(world, "other_counselor"))
    assert other.status_code == 403
    answered = client.post(
        url, json={"status": "accepted", "message": "Venez lundi à 9 h avec une pièce d'identité."},
        headers=headers,
    )  # fmt: skip
    assert answered.status_code == 200
    status = client.get(f"/api/v1/applications/{reference.lower()}").json()
    assert status["status"] == "accepted" and status["offer_title"] == offer["title"]
    assert "Venez lundi à 9 h" in status["speech"] and status["replied_at"]
    assert client.get("/api/v1/applications/ZZZZZZZZ").status_code == 404
