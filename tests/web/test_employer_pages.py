"""Employers on the web: sign up with a SIRET, an admin activates the account (no mail server
here), the first offer is sent back by a moderator then published; an applicant reads the
employer's answer with their code."""

from __future__ import annotations

import re
import uuid

from fastapi.testclient import TestClient

from tests.web.csrf import form_token, token_in
from tests.web.test_team_pages import PASSWORD, _account, _factory, _sign_in


def test_an_employer_signs_up_is_activated_and_the_first_offer_is_moderated(
    client: TestClient,
) -> None:
    from backend.people.models import Account
    from backend.people.services import offers
    from tests.people.test_offers import offer_body

    email = f"patron-{uuid.uuid4().hex[:6]}@example.org"
    client.cookies.clear()
    token = form_token(client, "/espace-pro/inscription")
    form = {"entreprise": "Boulangerie du Parc", "email": email, "siret": "130 025 265 00014",
            "mot_de_passe": PASSWORD, "confirmation": PASSWORD, "csrf_token": token}  # fmt: skip
    wrong = client.post("/espace-pro/inscription", data=form)
    assert wrong.status_code == 422 and "Ce numéro SIRET n" in wrong.text
    assert 'id="siret"' in wrong.text and 'aria-invalid="true"' in wrong.text
    done = client.post("/espace-pro/inscription", data={**form, "siret": "130 025 265 00013"})
    assert done.status_code == 200 and "un administrateur va vérifier" in done.text
    admin = _account(client, "admin")
    _sign_in(client, admin)
    queue = client.get("/espace-pro/moderation")
    assert "Boulangerie du Parc" in queue.text
    found = re.search(r'action="/espace-pro/moderation/compte/(\d+)"', queue.text)
    assert found is not None
    activated = client.post(
        found.group(0).split('"')[1], data={"csrf_token": token_in(queue.text)},
        follow_redirects=False,
    )  # fmt: skip
    assert activated.status_code == 303
    _sign_in(client, email)  # the employer can sign in now
    with _factory(client)() as session:
        employer = session.query(Account).filter(Account.email == email).one()
        values = {k: v for k, v in offer_body().items() if k not in ("start_date", "end_date")}
        offer = offers.create_offer(session, employer, values)
        offers.publish_offer(session, employer, offer.id)
        offer_id = offer.id
        assert offer.status == "review"
    assert client.get(f"/stages/{offer_id}").status_code == 404  # not public yet
    _sign_in(client, admin)
    queue = client.get("/espace-pro/moderation")
    token = token_in(queue.text)
    back = client.post(
        f"/espace-pro/moderation/{offer_id}",
        data={"decision": "renvoyer", "motif": "Précisez les horaires.", "csrf_token": token},
        follow_redirects=False,
    )
    assert back.status_code == 303
    _sign_in(client, email)
    assert "Le modérateur demande : Précisez les horaires." in client.get(
        f"/espace-pro/offres/{offer_id}"
    ).text
    with _factory(client)() as session:
        employer = session.query(Account).filter(Account.email == email).one()
        offers.publish_offer(session, employer, offer_id)
    _sign_in(client, admin)
    queue = client.get("/espace-pro/moderation")
    published = client.post(
        f"/espace-pro/moderation/{offer_id}",
        data={"decision": "publier", "csrf_token": token_in(queue.text)},
        follow_redirects=False,
    )
    assert published.status_code == 303
    assert client.get(f"/stages/{offer_id}").status_code == 200


def test_the_applicant_reads_the_employers_answer_with_the_code(client: TestClient) -> None:
    from backend.people.models import Account
    from backend.people.services import applications, offers
    from tests.people.test_offers import offer_body

    employer_email = _account(client, "employer")
    with _factory(client)() as session:
        employer = session.query(Account).filter(Account.email == employer_email).one()
        values = {k: v for k, v in offer_body().items() if k not in ("start_date", "end_date")}
        offer = offers.create_offer(session, employer, values)
        offers.publish_offer(session, employer, offer.id)
        made = applications.create_application(
            session, offer_id=offer.id, first_name="Yanis", contact_mode="in_person", consent=True
        )
        offer_id, application_id, reference = offer.id, made.id, made.reference
    client.cookies.clear()
    before = client.get(f"/candidature/suivi?reference={reference}")
    assert "pas encore lue" in before.text
    _sign_in(client, employer_email)
    page = client.get(f"/espace-pro/offres/{offer_id}")
    assert "Répondre à Yanis" in page.text
    answered = client.post(
        f"/espace-pro/offres/{offer_id}/candidatures/{application_id}",
        data={f"reponse-{application_id}": "acceptee",
              f"message-{application_id}": "Venez lundi à 9 h.", "csrf_token": token_in(page.text)},
        follow_redirects=False,
    )  # fmt: skip
    assert answered.status_code == 303
    client.cookies.clear()
    after = client.get(f"/candidature/suivi?reference={reference.lower()}")
    assert "Acceptée" in after.text and "Venez lundi à 9 h." in after.text
    missing = client.get("/candidature/suivi?reference=ZZZZZZZZ")
    assert missing.status_code == 422 and "Aucune candidature ne porte ce code" in missing.text
