"""On the web: a place says whether it reads callback requests on Total Accès; its counselors
pause it for holidays and set the delay promised to young people; the statistics count requests
per structure with their response times."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from tests.web.csrf import token_in
from tests.web.test_dashboard import log_in


def _a_place_nobody_reads(client: TestClient) -> int:
    from sqlalchemy import select

    from backend.models import Structure
    from backend.people.services.participation import participating

    factory = client.app.state.session_factory  # type: ignore[attr-defined]
    with factory() as session:
        cantal = session.scalars(
            select(Structure.id).where(Structure.departement == "15", Structure.status == "active")
        ).all()
        taking = participating(session, set(cantal))
        return next(i for i in cantal if i not in taking)


def test_a_place_says_whether_it_reads_requests_here(client: TestClient) -> None:
    log_in(client)  # a counselor of structure 1: it takes part
    page = client.get("/lieux/1").text
    assert "Répond aux demandes sur Total Accès." in page
    assert 'href="/rappel"' in page
    other = client.get(f"/lieux/{_a_place_nobody_reads(client)}").text
    assert "ne lit pas encore les demandes de rappel de Total Accès" in other
    assert "Répond aux demandes sur Total Accès" not in other


def test_a_counselor_pauses_the_structure_and_sets_its_delay(client: TestClient) -> None:
    log_in(client)
    form = client.get("/espace-pro/structure").text
    assert "Réception des demandes de rappel" in form
    assert "Votre structure reçoit les demandes de rappel des jeunes." in form
    csrf = token_in(form)
    wrong = client.post("/espace-pro/structure/participation", data={"delai": "90", "csrf_token": csrf})
    assert wrong.status_code == 422 and "de 1 à 30" in wrong.text
    assert 'aria-invalid="true"' in wrong.text
    saved = client.post(
        "/espace-pro/structure/participation",
        data={"pause": "oui", "delai": "5", "csrf_token": csrf},
        follow_redirects=False,
    )
    assert saved.status_code == 303, saved.text
    paused = client.get("/espace-pro/structure").text
    assert "En pause" in paused and 'value="5"' in paused
    assert "Répond aux demandes sur Total Accès" not in client.get("/lieux/1").text
    client.post(
        "/espace-pro/structure/participation",
        data={"delai": "5", "csrf_token": csrf},
        follow_redirects=False,
    )
    assert "Répond aux demandes sur Total Accès." in client.get("/lieux/1").text


def test_statistics_count_requests_per_structure_for_an_admin(client: TestClient) -> None:
    from backend.people.services import accounts, callbacks

    factory = client.app.state.session_factory  # type: ignore[attr-defined]
    with factory() as session:
        admin = accounts.create_account(
            session, email="admin.stats@example.org", password="mot-de-passe-solide-42",
            role="admin", display_name="Admin",
        )  # fmt: skip
        session.commit()
        callbacks.create_callback(
            session, first_name="Essai", age=19, topic="job", consent=True, channel="call",
            contact="06 39 98 47 12", commune="Lyon",
        )  # fmt: skip
        seen = callbacks.stats(session, admin)
    assert seen["per_structure"] and seen["per_structure"][0]["requests"] >= 1
    assert all(row["takes_part"] for row in seen["per_structure"] if row["structure_id"])
    login = client.get("/espace-pro/connexion").text
    client.post(
        "/espace-pro/connexion",
        data={"email": "admin.stats@example.org", "mot_de_passe": "mot-de-passe-solide-42",
              "csrf_token": token_in(login)},  # fmt: skip
    )
    page = client.get("/espace-pro/statistiques").text
    assert "Demandes et délais par structure" in page
    first = seen["per_structure"][0]
    row = re.search(r"<tr><th scope=\"row\"[^>]*>([^<]+)</th><td>(\d+)</td>", page)
    assert row is not None and int(row.group(2)) == first["requests"]


def test_a_request_read_only_by_demo_accounts_says_so_on_the_confirmation_page(
    client: TestClient,
) -> None:
    from sqlalchemy import select, update

    from backend.people.models import Account
    from backend.people.services import demo
    from tests.web.csrf import form_token

    factory = client.app.state.session_factory  # type: ignore[attr-defined]
    with factory() as session:
        demo.create_demo(session)
        real = session.scalars(
            select(Account.id).where(Account.role == "counselor", Account.demo.is_(False))
        ).all()
        session.execute(update(Account).where(Account.id.in_(real)).values(active=False))
        session.commit()
    try:
        callback = {"prenom": "Inès", "canal": "telephone", "contact": "06 39 98 47 12",
                    "age": "19", "commune": "Lyon", "sujet": "emploi", "moment": "matin",
                    "consentement": "oui", "csrf_token": form_token(client)}  # fmt: skip
        done = client.post("/rappel", data=callback)
        assert done.status_code == 200, done.text
        assert "ceci est une démonstration" in done.text
        assert "personne ne vous rappellera vraiment" in done.text
    finally:
        with factory() as session:
            session.execute(update(Account).where(Account.id.in_(real)).values(active=True))
            demo.remove_demo(session)
            session.commit()
