"""The one place resolver behind every search: explicit code_insee and postcode, free text whose
reading is said, and the commune a search runs around is the one the answer names."""

from __future__ import annotations

import random

import pytest

import geodata


def _communes_whose_code_is_another_communes_postcode() -> list[geodata.Commune]:
    by_postcode: dict[str, list[str]] = {}
    for c in geodata.communes():
        for pc in c.postcodes:
            by_postcode.setdefault(pc, []).append(c.code_insee)
    return [
        c
        for c in geodata.communes()
        if c.has_coords
        and c.code_insee in by_postcode
        and c.code_insee not in by_postcode[c.code_insee]
    ]


def test_thousands_of_communes_have_an_insee_code_that_is_another_postcode() -> None:
    assert len(_communes_whose_code_is_another_communes_postcode()) > 2000


def test_code_insee_is_never_read_as_a_postcode(api) -> None:  # type: ignore[no-untyped-def]
    """For 150 such communes (Lille 59350, Rouen 76540...), the search runs around the commune
    itself: the place named is the one asked for, and the nearest result is within it or close."""
    sample = random.Random(7).sample(_communes_whose_code_is_another_communes_postcode(), 150)
    for c in sample:
        r = api.get("/api/v1/structures", params={"code_insee": c.code_insee, "limit": 1})
        assert r.status_code == 200, (c.code_insee, r.text)
        place = r.json()["place"]
        assert place["code_insee"] == c.code_insee and place["reading"] == "code_insee"
        assert (place["lat"], place["lon"]) == (c.lat, c.lon)


@pytest.mark.parametrize(
    ("code", "nom"), [("59350", "Lille"), ("76540", "Rouen"), ("13001", "Aix-en-Provence")]
)
def test_the_issue_examples_by_code_insee(api, code: str, nom: str) -> None:  # type: ignore[no-untyped-def]
    for path in ("/api/v1/structures", "/api/v1/offers"):
        body = api.get(path, params={"code_insee": code, "limit": 3}).json()
        assert body["place"]["nom"] == nom
        assert nom in body["speech"] and "code postal" not in body["speech"]


def test_a_free_text_code_says_which_reading_was_taken_and_offers_the_other(api) -> None:  # type: ignore[no-untyped-def]
    body = api.get("/api/v1/structures", params={"place": "59350", "limit": 1}).json()
    place = body["place"]
    assert place["reading"] == "postcode" and place["nom"] == "Saint-André-lez-Lille"
    assert place["alternative"]["code_insee"] == "59350" and place["alternative"]["nom"] == "Lille"
    assert "code postal" in place["note"] and "Lille" in place["note"]
    assert body["speech"].startswith("J'ai lu")  # said first, before the results
    # the other reading, as offered
    other = api.get(
        "/api/v1/structures", params={"code_insee": place["alternative"]["code_insee"]}
    ).json()
    assert other["place"]["nom"] == "Lille" and other["place"]["note"] is None


def test_plain_names_and_postcodes(api) -> None:  # type: ignore[no-untyped-def]
    lyon = api.get("/api/v1/structures", params={"place": "lyon", "limit": 1}).json()["place"]
    assert lyon["nom"] == "Lyon" and lyon["reading"] == "name" and lyon["alternative"] is None
    marseille = api.get("/api/v1/offers", params={"postcode": "13001", "limit": 1}).json()
    assert marseille["place"]["reading"] == "postcode"
    assert marseille["place"]["nom"].startswith("Marseille")
    # the most explicit input wins: code_insee over place
    both = api.get("/api/v1/structures", params={"place": "Brest", "code_insee": "69123"}).json()
    assert both["place"]["nom"] == "Lyon"


@pytest.mark.parametrize(
    ("params", "status", "words"),
    [
        ({"code_insee": "abc"}, 422, "n'est pas un code INSEE"),
        ({"code_insee": "99999"}, 404, "Aucune commune n'a le code INSEE 99999"),
        ({"postcode": "1300"}, 422, "n'est pas un code postal"),
        ({"postcode": "00000"}, 404, "Aucune commune n'a le code postal 00000"),
    ],
)
def test_wrong_codes_are_explained(api, params: dict, status: int, words: str) -> None:  # type: ignore[no-untyped-def]
    r = api.get("/api/v1/structures", params=params)
    assert r.status_code == status
    assert r.headers["content-type"].startswith("application/problem+json")
    assert words in r.json()["detail"]


@pytest.mark.parametrize(
    ("place", "nom"),
    [
        ("Annecy-le-Vieux", "Annecy"),
        ("Cherbourg-Octeville", "Cherbourg-en-Cotentin"),
        ("Pierre-Bénite", "Oullins-Pierre-Bénite"),
        ("Courcouronnes", "Évry-Courcouronnes"),
    ],
)
def test_former_commune_names_search_around_the_current_commune(api, place: str, nom: str) -> None:  # type: ignore[no-untyped-def]
    body = api.get("/api/v1/structures", params={"place": place, "limit": 1}).json()
    assert body["place"]["nom"] == nom
    assert nom in body["speech"]
