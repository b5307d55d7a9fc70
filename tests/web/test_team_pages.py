"""On the web: an admin invites a counselor with a single-use link; a person asks to join a
structure from its page and a colleague accepts; a counselor leaves; the admin queue shows a
request whose structure stopped taking part, and reassigns it."""

from __future__ import annotations

import re
import uuid

from fastapi.testclient import TestClient

from tests.web.csrf import form_token, token_in

PASSWORD = "mot-de-passe-solide-42"


def _factory(client: TestClient):  # type: ignore[no-untyped-def]
    return client.app.state.session_factory  # type: ignore[attr-defined]


def _account(client: TestClient, role: str, structure_id: int | None = None) -> str:
    from backend.people.services import accounts

    email = f"{role}-{uuid.uuid4().hex[:8]}@example.org"
    with _factory(client)() as session:
        accounts.create_account(
            session, email=email, password=PASSWORD, role=role, display_name=f"Compte {role}",
            structure_id=structure_id,
        )  # fmt: skip
        session.commit()
    return email


def _sign_in(client: TestClient, email: str, password: str = PASSWORD) -> None:
    client.cookies.clear()
    token = form_token(client, "/espace-pro/connexion")
    response = client.post(
        "/espace-pro/connexion",
        data={"email": email, "mot_de_passe": password, "csrf_token": token},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text


def _nobody_reads(client: TestClient) -> int:
    from sqlalchemy import select

    from backend.models import Structure
    from backend.people.services.participation import participating

    with _factory(client)() as session:
        ids = session.scalars(
            select(Structure.id).where(Structure.departement == "15", Structure.status == "active")
        ).all()
        taking = participating(session, set(ids))
        return next(i for i in ids if i not in taking)


def test_an_admin_invites_a_counselor_who_creates_the_account_from_the_link(
    client: TestClient,
) -> None:
    admin = _account(client, "admin")
    _sign_in(client, admin)
    team = client.get("/espace-pro/equipe")
    assert team.status_code == 200 and "Inviter un conseiller" in team.text
    place = _nobody_reads(client)
    invited_email = f"invitee-{uuid.uuid4().hex[:6]}@example.org"
    made = client.post(
        "/espace-pro/equipe/invitation",
        data={"email": invited_email, "structure": str(place), "csrf_token": token_in(team.text)},
    )
    assert made.status_code == 200, made.text
    assert "Aucun e-mail n'est parti" in made.text  # no mail server: the admin passes it on
    link = re.search(r'id="lien-invitation">([^<]+)<', made.text)
    assert link is not None
    path = "/" + link.group(1).split("/", 3)[3]
    client.cookies.clear()  # the invited person, on another computer
    form = client.get(path)
    assert form.status_code == 200 and invited_email in form.text
    token = token_in(form.text)
    mismatch = client.post(
        path, data={"nom": "Inès", "mot_de_passe": PASSWORD, "confirmation": "autre-chose-123",
                    "csrf_token": token},
    )  # fmt: skip
    assert mismatch.status_code == 422 and 'aria-invalid="true"' in mismatch.text
    assert "ne sont pas les mêmes" in mismatch.text
    done = client.post(
        path, data={"nom": "Inès", "mot_de_passe": PASSWORD, "confirmation": PASSWORD,
                    "csrf_token": token},
    )  # fmt: skip
    assert done.status_code == 200 and "Votre compte de conseiller est créé" in done.text
    _sign_in(client, invited_email)
    assert "Répond aux demandes sur Total Accès." in client.get(f"/lieux/{place}").text
    client.cookies.clear()
    used = client.get(path)
    assert used.status_code == 409 and "déjà servi" in used.text


def test_a_person_asks_to_join_from_the_place_page_and_a_colleague_accepts(
    client: TestClient,
) -> None:
    place = client.get("/lieux/1").text
    assert 'href="/espace-pro/rejoindre?structure=1"' in place
    form = client.get("/espace-pro/rejoindre?structure=1")
    assert form.status_code == 200 and 'value="1"' in form.text
    token = token_in(form.text)
    email = f"rejoint-{uuid.uuid4().hex[:6]}@example.org"
    asked = {"email": email, "nom": "Karim Essai", "structure": "1", "mot_de_passe": PASSWORD,
             "confirmation": PASSWORD, "message": "Conseiller depuis 2020", "csrf_token": token}  # fmt: skip
    wrong = client.post("/espace-pro/rejoindre", data={**asked, "structure": "lyon"})
    assert wrong.status_code == 422 and "numéro de votre structure" in wrong.text
    sent = client.post("/espace-pro/rejoindre", data=asked)
    assert sent.status_code == 200 and "Demande reçue" in sent.text
    colleague = _account(client, "counselor", 1)
    _sign_in(client, colleague)
    team = client.get("/espace-pro/equipe")
    assert "Karim Essai" in team.text and "Conseiller depuis 2020" in team.text
    found = re.search(r'action="/espace-pro/equipe/demandes/(\d+)"', team.text)
    assert found is not None
    accepted = client.post(
        f"/espace-pro/equipe/demandes/{found.group(1)}",
        data={"decision": "accepter", "csrf_token": token_in(team.text)},
        follow_redirects=False,
    )
    assert accepted.status_code == 303
    assert "Demande acceptée" in client.get(accepted.headers["location"]).text
    _sign_in(client, email)  # the new colleague can sign in


def test_a_counselor_leaves_the_structure_and_the_account_closes(client: TestClient) -> None:
    leaving = _account(client, "counselor", 1)
    _sign_in(client, leaving)
    team = client.get("/espace-pro/equipe")
    assert "Quitter la structure" in team.text
    token = token_in(team.text)
    unconfirmed = client.post("/espace-pro/equipe/quitter", data={"csrf_token": token})
    assert unconfirmed.status_code == 422 and "Cochez la case" in unconfirmed.text
    left = client.post("/espace-pro/equipe/quitter", data={"confirmer": "oui", "csrf_token": token})
    assert left.status_code == 200 and "Votre compte est fermé" in left.text
    after = client.get("/espace-pro/rappels", follow_redirects=False)
    assert after.status_code == 303 and after.headers["location"].endswith("/connexion")


def test_the_admin_queue_shows_a_request_whose_structure_paused_and_reassigns_it(
    client: TestClient,
) -> None:
    from backend.people.models import Account
    from backend.people.services import callbacks, participation

    admin = _account(client, "admin")
    with _factory(client)() as session:
        made = callbacks.create_callback(
            session, first_name="Essai", phone="06 39 98 47 13", age=19, topic="job",
            consent=True, commune="Lyon",
        )  # fmt: skip
        paused_id = made.structure_id
        admin_row = session.query(Account).filter(Account.email == admin).one()
        participation.update(session, admin_row, paused_id, paused=True)
        other = next(i for i in participation.participating(session) if i != paused_id)
    try:
        _sign_in(client, admin)
        queue = client.get("/espace-pro/file")
        assert queue.status_code == 200
        assert made.reference in queue.text
        assert "Demandes dont la structure ne participe plus" in queue.text
        token = token_in(queue.text)
        url = f"/espace-pro/file/{made.reference}"
        refused = client.post(url, data={"structure": str(_nobody_reads(client)), "csrf_token": token})
        assert refused.status_code == 422 and "ne reçoit pas de demandes" in refused.text
        moved = client.post(url, data={"structure": str(other), "csrf_token": token}, follow_redirects=False)
        assert moved.status_code == 303
        after = client.get(moved.headers["location"]).text
        assert f"Demande {made.reference} réattribuée." in after
        assert f'action="/espace-pro/file/{made.reference}"' not in after
        counselor = _account(client, "counselor", 1)
        _sign_in(client, counselor)
        assert client.get("/espace-pro/file").status_code == 403
    finally:
        with _factory(client)() as session:
            admin_row = session.query(Account).filter(Account.email == admin).one()
            participation.update(session, admin_row, paused_id, paused=False)
