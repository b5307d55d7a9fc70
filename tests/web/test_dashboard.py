"""The dashboard without a browser: login required, CSRF checked, offers and structure edited."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from tests.web.csrf import form_token


def make_counselor(client: TestClient) -> tuple[str, str]:
    from backend.people.services import accounts

    factory = client.app.state.session_factory  # type: ignore[attr-defined]
    with factory() as session:
        email = "conseiller.web@example.org"
        if (
            accounts.authenticate(
                session, email, "mot-de-passe-solide-42", client.app.state.people.settings
            )
            is None
        ):  # type: ignore[attr-defined]
            accounts.create_account(
                session, email=email, password="mot-de-passe-solide-42", role="counselor",
                display_name="Alex", structure_id=1,
            )  # fmt: skip
            session.commit()
    return email, "mot-de-passe-solide-42"


def log_in(client: TestClient) -> str:
    email, password = make_counselor(client)
    response = client.post("/espace-pro/connexion", data={"email": email, "mot_de_passe": password, "csrf_token": form_token(client, "/espace-pro/connexion")}, follow_redirects=False)  # fmt: skip
    assert response.status_code == 303 and response.headers["location"] == "/espace-pro/rappels"
    page = client.get("/espace-pro/offres/nouvelle").text
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]


def test_pages_need_a_login(client: TestClient) -> None:
    for path in ("/espace-pro/rappels", "/espace-pro/offres", "/espace-pro/structure"):
        response = client.get(path, follow_redirects=False)
        assert response.status_code == 303 and response.headers["location"].endswith("/connexion")


def test_wrong_password_is_an_error_on_the_field(client: TestClient) -> None:
    make_counselor(client)
    response = client.post("/espace-pro/connexion", data={"email": "conseiller.web@example.org", "mot_de_passe": "non", "csrf_token": form_token(client, "/espace-pro/connexion")})  # fmt: skip
    assert response.status_code == 422 and 'aria-invalid="true"' in response.text


def test_offer_create_edit_close_and_structure_edit(client: TestClient) -> None:
    csrf = log_in(client)
    form = {"titre": "Stage en cuisine", "employeur": "Restaurant du Parc", "description": "Aider en cuisine.",
            "commune": "69003", "rome": "G1602", "niveaux": ["3e"], "places": "2", "contacts": ["formulaire"],
            "publier": "oui"}  # fmt: skip
    refused = client.post("/espace-pro/offres/nouvelle", data=form, follow_redirects=False)
    assert refused.status_code == 422 and "expiré" in refused.text  # no CSRF token
    created = client.post("/espace-pro/offres/nouvelle", data={**form, "csrf_token": csrf}, follow_redirects=False)  # fmt: skip
    assert created.status_code == 303, created.text
    listing = client.get("/espace-pro/offres").text
    offer_id = re.search(r'href="/espace-pro/offres/(\d+)">Stage en cuisine', listing).group(1)  # type: ignore[union-attr]
    near = {"mots": "cuisine", "commune": "69003"}  # the nearest first: this offer
    assert "Stage en cuisine" in client.get("/stages", params=near).text
    edited = client.post(f"/espace-pro/offres/{offer_id}", data={**form, "titre": "Stage en cuisine (midi)", "csrf_token": csrf}, follow_redirects=False)  # fmt: skip
    assert edited.status_code == 303
    closed = client.post(f"/espace-pro/offres/{offer_id}/fermer", data={"csrf_token": csrf}, follow_redirects=False)  # fmt: skip
    assert closed.status_code == 303
    assert "Stage en cuisine (midi)" not in client.get("/stages", params=near).text
    bad = client.post("/espace-pro/structure", data={"telephone": "12", "csrf_token": csrf})
    assert bad.status_code == 422
    saved = client.post("/espace-pro/structure", data={"telephone": "04 72 00 00 00", "h-lu-1-de": "09:00", "h-lu-1-a": "17:00", "csrf_token": csrf}, follow_redirects=False)  # fmt: skip
    assert saved.status_code == 303
    assert '<th scope="row">lundi' in client.get("/lieux/1").text
    assert "<td>de 9 h à 17 h</td>" in client.get("/lieux/1").text
    assert client.get("/espace-pro/statistiques").status_code == 200
