"""The web pages give the API's answers: the same count and the same first result for the same
question (careers, internships, places), since both call the one search service.

Queries a person would type, not derived from the data: accents missing, feminine forms, trade
and workplace words, postcodes and INSEE codes.
"""

from __future__ import annotations

import html
import re
from typing import Any

import pytest
from fastapi.testclient import TestClient

CAREER_WORDS = [
    "électricien", "electricien", "boulangere", "boulangère", "macon", "maçonne", "mecanicien",
    "developpeur", "développeuse", "soudeur", "coiffeuse", "aide soignante", "infirmier",
    "cuisinier", "plombier", "menuisiere", "vendeuse", "jardinier", "chauffeur", "peintre",
]  # fmt: skip
INTERNSHIP_WORDS = [
    "boulangerie", "coiffure", "pâtisserie", "patisserie", "hôpital", "hopital", "menuiserie",
    "garage", "restaurant", "soudure", "informatique", "cuisine",
]  # fmt: skip
PLACES = ["Lyon", "Mauriac", "Villeurbanne", "Brest", "69003", "Tarbes", "Aubagne", "Rouen"]

HEADING_RE = re.compile(r'<h2 id="resultats"[^>]*>(.*?)</h2>', re.S)


def _count(page: str) -> int:
    found = HEADING_RE.search(page)
    assert found is not None, "no results heading"
    return int(re.sub(r"\s+", " ", html.unescape(found.group(1))).strip().split()[0])


def _first_link(page: str, prefix: str) -> str | None:
    found = re.search(rf'<li id="[a-z]+-1">\s*<h3[^>]*><a href="{prefix}([^"]+)"', page)
    return found.group(1) if found else None


@pytest.mark.parametrize("words", CAREER_WORDS)
def test_careers_same_count_and_first_result(client: TestClient, words: str) -> None:
    api = client.get("/api/v1/careers", params={"q": words, "limit": 1}).json()
    page = client.get("/metiers", params={"mots": words}).text
    assert api["total"] > 0, words
    assert _count(page) == api["total"], words
    assert _first_link(page, "/metiers/") == api["items"][0]["code"], words


@pytest.mark.parametrize("words", INTERNSHIP_WORDS)
@pytest.mark.parametrize("place", [None, "Lyon"])
def test_internships_same_count_and_first_result(
    client: TestClient, words: str, place: str | None
) -> None:
    params: dict[str, Any] = {"q": words, "limit": 1}
    web: dict[str, Any] = {"mots": words}
    if place:
        params["place"] = place
        web["commune"] = place
    api = client.get("/api/v1/offers", params=params).json()
    page = client.get("/stages", params=web).text
    if place is None:
        assert api["total"] > 0, words  # every trade word finds internships in France
    assert _count(page) == api["total"], (words, place)
    first = api["items"][0]["id"] if api["items"] else None
    assert _first_link(page, "/stages/") == (str(first) if first else None), (words, place)


@pytest.mark.parametrize("place", PLACES)
@pytest.mark.parametrize("kind", ["", "mission_locale", "cio"])
def test_places_same_count_and_first_result(client: TestClient, place: str, kind: str) -> None:
    params: dict[str, Any] = {"place": place, "limit": 1}
    web: dict[str, Any] = {"commune": place}
    if kind:
        params["kind"] = kind
        web["type"] = kind
    api = client.get("/api/v1/structures", params=params).json()
    page = client.get("/lieux", params=web).text
    if "Quelle commune" in page:  # several communes of that name: the page lets one choose;
        code = api["place"]["code_insee"]  # the API took the most populous and names it
        assert f"code={code}" in html.unescape(page) and api["place"]["departement_nom"] in page
        page = client.get("/lieux", params={**web, "code": code}).text
    if api["total"] == 0:  # the page then says so and shows the nearest beyond the radius
        assert "Voici les plus proches" in page
        return
    assert _count(page) == api["total"], (place, kind)
    assert _first_link(page, "/lieux/") == str(api["items"][0]["id"]), (place, kind)
