"""A counselor fills their structure's opening hours as days and time ranges (no raw string);
the public page, the API detail and its speech then give the week and what is true now."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from tests.web.test_dashboard import log_in

WEEK = {
    f"h-{day}-{n}-{end}": value
    for day in ("lu", "ma", "me", "je", "ve")
    for n, (start, stop) in ((1, ("09:00", "12:00")), (2, ("14:00", "17:00")))
    for end, value in (("de", start), ("a", stop))
}


def _form(client: TestClient, **values: str) -> dict[str, str]:
    page = client.get("/espace-pro/structure").text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert token is not None
    return {"csrf_token": token.group(1), "telephone": "04 78 12 34 56", **values}


def test_days_and_ranges_become_hours_shown_on_every_surface(client: TestClient) -> None:
    log_in(client)  # a counselor of structure 1
    form = client.get("/espace-pro/structure").text
    # Each day is a group with labelled time fields, not one text box.
    assert '<fieldset class="champ" id="horaires"' in form and "<legend>lundi</legend>" in form
    assert '<label for="h-lu-1-de">Ouverture</label>' in form and 'type="time"' in form
    saved = client.post(
        "/espace-pro/structure",
        data=_form(
            client, **WEEK, **{"h-sa-1-de": "09:00", "h-sa-1-a": "12:00"}, **{"h-feries": "oui"}
        ),
        follow_redirects=False,
    )
    assert saved.status_code == 303
    detail = client.get("/api/v1/structures/1").json()
    assert detail["opening_hours"] == "Mo-Fr 09:00-12:00,14:00-17:00; Sa 09:00-12:00; PH off"
    hours = detail["hours"]
    assert hours["known"] and hours["osm"] and len(hours["week"]) == 7
    assert hours["now"].startswith(("Ouvert en ce moment", "Fermé en ce moment"))
    assert hours["now"].split(",")[0] in detail["speech"]  # spoken: "neuf heures"
    saturday = next(d for d in hours["week"] if d["day"] == "samedi")
    assert saturday["ranges"] == ["09:00-12:00"] and saturday["text"] == "de 9 h à 12 h"
    sunday = next(d for d in hours["week"] if d["day"] == "dimanche")
    assert sunday["ranges"] == [] and sunday["text"] == "fermé"
    page = client.get("/lieux/1").text
    assert "Les sept prochains jours" in page and '<th scope="row">samedi' in page
    assert "de 9 h à 12 h et de 14 h à 17 h" in page and " en ce moment, " in page
    # The form comes back filled with what was saved.
    again = client.get("/espace-pro/structure").text
    assert 'id="h-sa-1-a" name="h-sa-1-a" value="12:00"' in again
    assert 'id="h-di-1-de" name="h-di-1-de" value=""' in again


def test_a_half_filled_range_is_refused_and_changes_nothing(client: TestClient) -> None:
    log_in(client)
    before = client.get("/api/v1/structures/1").json()["opening_hours"]
    page = client.post("/espace-pro/structure", data=_form(client, **{"h-ma-1-de": "09:00"}))
    assert page.status_code == 422
    assert 'href="#horaires"' in page.text
    assert (
        "Pour mardi, donnez l&#39;heure d&#39;ouverture et l&#39;heure de fermeture." in page.text
    )
    late = client.post(
        "/espace-pro/structure", data=_form(client, **{"h-me-1-de": "17:00", "h-me-1-a": "09:00"})
    )
    assert late.status_code == 422 and "Pour mercredi, l&#39;heure de fermeture" in late.text
    assert client.get("/api/v1/structures/1").json()["opening_hours"] == before


def test_the_api_takes_the_osm_syntax_and_refuses_anything_else(client: TestClient) -> None:
    log_in(client)
    headers = {"x-csrf-token": client.get("/api/v1/auth/me").json()["csrf_token"]}
    refused = client.patch(
        "/api/v1/account/structure", json={"opening_hours": "lundi 9h-12h"}, headers=headers
    )
    assert refused.status_code == 422
    assert [e["field"] for e in refused.json()["errors"]] == ["opening_hours"]
    taken = client.patch(
        "/api/v1/account/structure", json={"opening_hours": "Mo-Fr 08:30-16:30"}, headers=headers
    )
    assert taken.status_code == 200
    detail = client.get("/api/v1/structures/1").json()
    monday = next(d for d in detail["hours"]["week"] if d["day"] == "lundi")
    assert monday["text"] == "de 8 h 30 à 16 h 30"


def test_a_place_without_hours_says_so() -> None:
    from backend.services.hours import describe

    assert describe(None, "69")["now"] == "Je n'ai pas les horaires de ce lieu."
