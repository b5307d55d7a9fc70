"""Privacy of the web flows: no first name, phone, e-mail, message or password in any log line.

Every web flow that carries personal data (the callback form, the application form, the login,
the dashboard's inbox and status change, the status page by reference), the failing ones too, runs
with every logger at DEBUG (SQLAlchemy's included: statements, parameters and rows); the captured
output must contain none of the data sent, and must contain the database work, so that the test
can fail.
"""

from __future__ import annotations

import logging
import re
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.web.csrf import form_token, offer_taking_applications, token_in

FIRST_NAME = "Zéphyrine"
PHONE = "06 39 98 41 27"
EMAIL = "zephyrine.privee@example.org"
MESSAGE = "Je voudrais découvrir la menuiserie, message confidentiel 7Q3X"
COUNSELOR_EMAIL = "conseillere.confidentielle@example.org"
PASSWORD = "mot-de-passe-tres-secret-93"
SECRETS = (
    FIRST_NAME,
    PHONE,
    PHONE.replace(" ", ""),
    EMAIL,
    MESSAGE,
    "message confidentiel 7Q3X",
    COUNSELOR_EMAIL,
    PASSWORD,
)
LOGGERS = (
    "",
    "sqlalchemy",
    "sqlalchemy.engine",
    "sqlalchemy.engine.Engine",
    "sqlalchemy.pool",
    "uvicorn",
    "uvicorn.error",
    "uvicorn.access",
    "fastapi",
    "starlette",
    "backend",
    "backend.web",
    "backend.people",
    "httpx",
    "httpcore",
)


def _leaks(text: str) -> list[str]:
    lowered = text.lower()
    return [s for s in SECRETS if s.lower() in lowered]


def _reset_limits(app: Any) -> None:
    limiter = getattr(getattr(app.state, "people", None), "limiter", None)
    if limiter is not None and hasattr(limiter, "reset"):
        limiter.reset()


def _make_counselor(app: Any, reference: str) -> None:
    """A counselor of the structure the request was routed to (an admin if it was not routed)."""
    from backend.people.services import accounts, callbacks

    with app.state.session_factory() as session:
        row = callbacks.find(session, reference)
        assert row is not None
        structure_id = row.structure_id
        accounts.create_account(
            session,
            email=COUNSELOR_EMAIL,
            password=PASSWORD,
            role="counselor" if structure_id is not None else "admin",
            display_name="Conseillère",
            structure_id=structure_id,
        )
        session.commit()


def run_every_web_flow(client: TestClient) -> None:
    _reset_limits(client.app)
    # The callback form: an expired page, invalid inputs, then a valid request.
    callback = {"prenom": FIRST_NAME, "canal": "telephone", "contact": PHONE, "age": "17",
                "commune": "Lyon", "sujet": "stage", "moment": "matin"}  # fmt: skip
    assert client.post("/rappel", data=callback).status_code == 400  # no CSRF token
    token = form_token(client, "/rappel")
    invalid = {**callback, "contact": FIRST_NAME + "@@", "csrf_token": token}
    assert client.post("/rappel", data=invalid).status_code == 422
    by_mail = {**callback, "canal": "sms", "contact": EMAIL, "csrf_token": token}
    assert client.post("/rappel", data=by_mail).status_code == 422  # an e-mail for an SMS
    done = client.post("/rappel", data={**callback, "consentement": "oui", "csrf_token": token})
    assert done.status_code == 200, done.text
    found = re.search(r'id="code-suivi"[^>]*>([^<]+)<', done.text)
    assert found is not None
    reference = re.sub(r"[^A-Z0-9]", "", found.group(1).upper())

    # The status page by reference.
    assert client.get("/rappel/suivi", params={"reference": reference}).status_code == 200
    assert client.get("/rappel/suivi", params={"reference": "ZZZZ-ZZZZ"}).status_code == 422

    # The application form: expired, invalid, then valid with a message.
    path = offer_taking_applications(client)
    apply = {"prenom": FIRST_NAME, "contact": EMAIL, "message": MESSAGE}
    assert client.post(path, data=apply).status_code == 400
    token = form_token(client, path)
    assert client.post(path, data={**apply, "csrf_token": token}).status_code == 422  # no consent
    bad_contact = {**apply, "contact": "x" + PHONE, "consentement": "oui", "csrf_token": token}
    assert client.post(path, data=bad_contact).status_code == 422
    sent = client.post(path, data={**apply, "consentement": "oui", "csrf_token": token})
    assert sent.status_code == 200 and "Candidature envoyée" in sent.text, sent.text

    # The login: expired, wrong password, then the counselor who handles the request.
    _make_counselor(client.app, reference)
    _reset_limits(client.app)
    login = {"email": COUNSELOR_EMAIL, "mot_de_passe": PASSWORD}
    assert client.post("/espace-pro/connexion", data=login).status_code == 400
    token = form_token(client, "/espace-pro/connexion")
    wrong = {"email": COUNSELOR_EMAIL, "mot_de_passe": PASSWORD + "x", "csrf_token": token}
    assert client.post("/espace-pro/connexion", data=wrong).status_code == 422
    signed = client.post(
        "/espace-pro/connexion", data={**login, "csrf_token": token}, follow_redirects=False
    )
    assert signed.status_code == 303, signed.text

    # The dashboard: the inbox and the request show the personal data; then status changes.
    inbox = client.get("/espace-pro/rappels")
    assert inbox.status_code == 200 and FIRST_NAME in inbox.text
    detail = client.get(f"/espace-pro/rappels/{reference}")
    assert detail.status_code == 200 and FIRST_NAME in detail.text
    csrf = token_in(detail.text)
    url = f"/espace-pro/rappels/{reference}"
    assert client.post(url, data={"statut": "contacted"}).status_code == 422  # no token
    assert client.post(url, data={"statut": "closed", "csrf_token": csrf}).status_code == 422
    for data in ({"statut": "contacted"}, {"statut": "closed", "resultat": "training"}):
        changed = client.post(url, data={**data, "csrf_token": csrf}, follow_redirects=False)
        assert changed.status_code == 303, changed.text
    assert client.get("/rappel/suivi", params={"reference": reference}).status_code == 200
    out = client.post("/espace-pro/deconnexion", data={"csrf_token": csrf}, follow_redirects=False)
    assert out.status_code == 303


def test_no_personal_data_in_any_web_log_line_at_debug(
    client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    previous = {name: logging.getLogger(name).level for name in LOGGERS}
    try:
        for name in LOGGERS:
            logging.getLogger(name).setLevel(logging.DEBUG)
        with caplog.at_level(logging.DEBUG):
            run_every_web_flow(client)
    finally:
        for name, level in previous.items():
            logging.getLogger(name).setLevel(level)
    text = "\n".join(f"{r.name} {r.getMessage()} {r.exc_text or ''}" for r in caplog.records)
    # The capture really saw the database work...
    assert re.search(r"INSERT INTO callback_requests", text)
    assert re.search(r"INSERT INTO applications", text)
    assert re.search(r"UPDATE callback_requests", text)
    assert "SELECT" in text and len(caplog.records) > 100
    # ...and none of the personal data that was sent.
    assert _leaks(text) == []
