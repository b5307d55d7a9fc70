"""Example offers take no application on the web: no form, the reason, a callback link; a
forged POST gets 409 and stores nothing. An offer an employer published keeps its form."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import func, select

from backend.models import Offer
from backend.people.models import Application
from tests.web.csrf import form_token, offer_taking_applications


def _example_offer_id(web_app: Any) -> int:
    with web_app.state.session_factory() as session:
        found = session.scalar(
            select(Offer.id).where(Offer.is_example.is_(True), Offer.status == "published")
        )
        assert found is not None
        return int(found)


def _applications(web_app: Any) -> int:
    with web_app.state.session_factory() as session:
        return int(session.scalar(select(func.count()).select_from(Application)) or 0)


def test_an_example_offer_page_has_no_form_but_says_why(client: TestClient, web_app: Any) -> None:
    path = f"/stages/{_example_offer_id(web_app)}"
    page = client.get(path)
    assert page.status_code == 200
    assert f'action="{path}"' not in page.text and "Envoyer ma candidature" not in page.text
    assert "personne ne lirait votre candidature" in page.text
    assert 'href="/rappel?sujet=stage"' in page.text
    callback = client.get("/rappel?sujet=stage")
    assert '<option value="stage" selected' in callback.text


def test_a_forged_application_to_an_example_offer_is_refused(
    client: TestClient, web_app: Any
) -> None:
    path = f"/stages/{_example_offer_id(web_app)}"
    before = _applications(web_app)
    sent = client.post(
        path,
        data={
            "prenom": "Yanis",
            "contact": "yanis@example.org",
            "consentement": "oui",
            "csrf_token": form_token(client, "/rappel"),
        },
    )
    assert sent.status_code == 409
    assert "Candidature envoyée" not in sent.text
    assert "personne ne lirait votre candidature" in sent.text
    assert _applications(web_app) == before


def test_an_offer_an_employer_published_keeps_its_form(client: TestClient) -> None:
    path = offer_taking_applications(client)
    assert "Envoyer ma candidature" in client.get(path).text


def test_the_english_site_translates_the_reason(client: TestClient, web_app: Any) -> None:
    path = f"/stages/{_example_offer_id(web_app)}"
    page = client.get(path, params={"lang": "en"}, cookies={"ta_lang": "en"})
    assert "nobody would read your application" in page.text, page.text[:3000]
