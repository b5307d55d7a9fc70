"""The web internship search has the API's filters (radius, sector, level, dates, accessible) and
gives the API's answers with them: same count, same first result."""

from __future__ import annotations

import html
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.web.test_same_answers import _count, _first_link

#: (web query, the same question to the API)
CASES = [
    ({"commune": "Lyon", "rayon": "5"}, {"place": "Lyon", "radius_km": 5}),
    ({"commune": "Lyon", "rayon": "100"}, {"place": "Lyon", "radius_km": 100}),
    ({"commune": "Aurillac", "rayon": "50"}, {"place": "Aurillac", "radius_km": 50}),
    ({"commune": "Paris", "secteur": "H"}, {"place": "Paris", "rome": "H"}),
    ({"commune": "", "secteur": "D", "niveau": "3e"}, {"rome": "D", "level": "3e"}),
    ({"mots": "cuisine", "niveau": "cap"}, {"q": "cuisine", "level": "cap"}),
    ({"commune": "Lille", "accessible": "1"}, {"place": "Lille", "accessible": "true"}),
    (
        {"commune": "Toulouse", "rayon": "50", "debut_apres": "2027-02-01"},
        {"place": "Toulouse", "radius_km": 50, "start_after": "2027-02-01"},
    ),
    (
        {"mots": "", "commune": "", "debut_apres": "01/03/2027", "debut_avant": "30/06/2027"},
        {"start_after": "2027-03-01", "start_before": "2027-06-30"},
    ),
]


@pytest.mark.parametrize(("web", "api"), CASES)
def test_web_filters_give_the_api_answer(
    client: TestClient, web: dict[str, Any], api: dict[str, Any]
) -> None:
    answer = client.get("/api/v1/offers", params={**api, "limit": 1}).json()
    page = client.get("/stages", params={"mots": "", "commune": "", **web}).text
    assert _count(page) == answer["total"], (web, answer["total"])
    first = answer["items"][0]["id"] if answer["items"] else None
    assert _first_link(page, "/stages/") == (str(first) if first else None), web


def test_filters_narrow_the_answer(client: TestClient) -> None:
    """Each filter changes what a person gets (a filter the search ignores would not)."""

    def count(**extra: str) -> int:
        return _count(client.get("/stages", params={"mots": "", "commune": "Lyon", **extra}).text)

    wide, narrow = count(rayon="100"), count(rayon="5")
    assert wide > narrow > 0
    assert count(rayon="100", secteur="H") < wide
    assert count(rayon="100", niveau="bts") < wide
    assert count(rayon="100", debut_apres="2099-01-01") == 0


def test_the_form_shows_the_filters_and_keeps_them(client: TestClient) -> None:
    page = client.get(
        "/stages", params={"mots": "", "commune": "Lyon", "rayon": "50", "secteur": "H",
                           "debut_apres": "15/02/2027"}
    ).text  # fmt: skip
    page = html.unescape(page)
    assert '<option value="50" selected>' in page
    assert '<option value="H" selected>' in page and "Industrie" in page
    assert 'id="debut_apres" name="debut_apres" value="15/02/2027"' in page
    for label in (
        "Jusqu'à quelle distance ?",
        "Secteur",
        "Début à partir du",
        "Début au plus tard le",
    ):
        assert label in page, label


def test_a_date_that_cannot_be_read_is_an_error_on_its_field(client: TestClient) -> None:
    page = client.get("/stages", params={"mots": "", "commune": "Lyon", "debut_apres": "demain"})
    assert page.status_code == 422
    assert 'href="#debut_apres"' in page.text and "Date incorrecte" in page.text
    reversed_dates = client.get(
        "/stages", params={"mots": "", "debut_apres": "2027-06-01", "debut_avant": "2027-01-01"}
    )
    assert reversed_dates.status_code == 422 and 'href="#debut_avant"' in reversed_dates.text
