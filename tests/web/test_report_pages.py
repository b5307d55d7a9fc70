"""« Signaler une erreur » on the web: from a place's page, the form, the thanks, the place then
says "signalé comme à vérifier" on its page and in the list; its counselor closes the report in
the pro area and the note goes away."""

from __future__ import annotations

import re
import time

from fastapi.testclient import TestClient

from tests.web.csrf import token_in
from tests.web.test_dashboard import log_in, make_counselor

NOTE = "Signalé comme à vérifier"


def test_a_visitor_reports_a_wrong_phone_and_the_counselor_fixes_it(client: TestClient) -> None:
    make_counselor(client)  # structure 1 takes part: its counselors read the report
    page = client.get("/lieux/1").text
    assert 'href="/signaler?lieu=1"' in page and NOTE not in page
    form = client.get("/signaler?lieu=1")
    assert form.status_code == 200 and "Qu'est-ce qui ne va pas ?" in form.text
    token = token_in(form.text)
    empty = client.post("/signaler", data={"lieu": "1", "csrf_token": token})
    assert empty.status_code == 422 and "Choisissez ce qui ne va pas." in empty.text
    sent = client.post(
        "/signaler",
        data={"lieu": "1", "raison": "phone", "message": "Le numéro sonne dans le vide.",
              "csrf_token": token},
    )  # fmt: skip
    assert sent.status_code == 200 and "Les conseillers de ce lieu vont vérifier" in sent.text
    assert NOTE in client.get("/lieux/1").text
    time.sleep(1.2)  # the searches' snapshot checks the data version every second here
    listing = client.get("/lieux?commune=Blois").text  # structure 1 is at Blois
    assert 'href="/lieux/1"' in listing and NOTE in listing
    log_in(client)  # a counselor of structure 1
    queue = client.get("/espace-pro/signalements")
    assert "Le numéro de téléphone est faux" in queue.text
    assert "Le numéro sonne dans le vide." in queue.text
    found = re.search(r'action="/espace-pro/signalements/(\d+)"', queue.text)
    assert found is not None
    closed = client.post(
        f"/espace-pro/signalements/{found.group(1)}",
        data={"issue": "corrige", "csrf_token": token_in(queue.text)},
        follow_redirects=False,
    )
    assert closed.status_code == 303
    assert "la fiche est marquée vérifiée" in client.get(closed.headers["location"]).text
    assert NOTE not in client.get("/lieux/1").text


def test_an_unknown_place_has_no_report_form(client: TestClient) -> None:
    assert client.get("/signaler?lieu=999999").status_code == 404
    assert client.get("/signaler").status_code == 404


def test_an_offer_page_links_to_the_report_form(client: TestClient) -> None:
    listing = client.get("/stages?mots=&commune=Lyon").text
    found = re.search(r'href="/stages/(\d+)"', listing)
    assert found is not None
    offer = client.get(f"/stages/{found.group(1)}").text
    assert f'href="/signaler?offre={found.group(1)}"' in offer
    form = client.get(f"/signaler?offre={found.group(1)}").text
    assert "L'offre n'existe plus" in form
