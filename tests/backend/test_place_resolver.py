"""The one place resolver behind every search: explicit code_insee and postcode, free text whose
reading is said, and the commune a search runs around is the one the answer names."""

from __future__ import annotations

import random

import pytest

import geodata
from backend import speech
from geodata.speech import pronounce


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
        ({"code_insee": "0105"}, 422, "n'est pas un code INSEE"),
        ({"postcode": "130"}, 422, "n'est pas un code postal"),
        ({"postcode": "0130"}, 422, "n'est pas un code postal"),
        ({"code_insee": "9999"}, 404, "Aucune commune n'a le code INSEE 09999"),
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
    # the speech says the town as it is pronounced ("Annecy" is respelled "Anneci" for the voice)
    assert pronounce(nom) in body["speech"]


FORMER_CODES = [
    ("74011", "Annecy", "Annecy-le-Vieux"),
    ("93059", "Saint-Denis", "Pierrefitte-sur-Seine"),
    ("50602", "Cherbourg-en-Cotentin", "Tourlaville"),
    ("91182", "Évry-Courcouronnes", None),
    ("59355", "Lille", "Lomme"),
    ("02285", "Saint-Souplet", "Escaufourt"),
]


@pytest.mark.parametrize(("code", "nom", "old_name"), FORMER_CODES)
def test_a_former_code_insee_searches_around_the_current_commune_and_says_so(
    api, code: str, nom: str, old_name: str | None
) -> None:  # type: ignore[no-untyped-def]
    """An app installed last year still sends the code of a commune merged since."""
    r = api.get("/api/v1/structures", params={"code_insee": code, "limit": 1})
    assert r.status_code == 200, r.text
    body = r.json()
    place = body["place"]
    assert place["nom"] == nom and place["reading"] == "code_insee"
    assert place["code_insee"] == geodata.former_code(code).commune.code_insee
    assert code in place["note"] and nom in place["note"]
    if old_name:
        assert f"ancienne commune {old_name}" in place["note"]
    assert body["speech"].startswith(speech._clean(place["note"]))  # said first, codes spelt out


def test_a_former_code_as_free_text_too(api) -> None:  # type: ignore[no-untyped-def]
    place = api.get("/api/v1/structures", params={"place": "74011", "limit": 1}).json()["place"]
    assert place["nom"] == "Annecy" and "Annecy-le-Vieux" in place["note"]


def test_a_current_code_shared_with_a_commune_deleguee_is_the_current_commune(api) -> None:  # type: ignore[no-untyped-def]
    place = api.get("/api/v1/structures", params={"code_insee": "74010"}).json()["place"]
    assert place["nom"] == "Annecy" and place["note"] is None


@pytest.mark.parametrize(
    ("params", "nom", "words"),
    [
        ({"code_insee": "1053"}, "Bourg-en-Bresse", "J'ai lu le code INSEE 1053 comme 01053"),
        ({"postcode": "1300"}, "Belley", "J'ai lu le code postal 1300 comme 01300"),
        ({"place": "1053"}, "Bourg-en-Bresse", "J'ai lu 1053 comme 01053"),
    ],
)
def test_a_code_without_its_leading_zero_is_read_with_it(api, params, nom, words) -> None:  # type: ignore[no-untyped-def]
    body = api.get("/api/v1/structures", params={**params, "limit": 1}).json()
    assert body["place"]["nom"] == nom
    assert body["place"]["note"].startswith(words)
    assert body["speech"].startswith("J'ai lu")


@pytest.mark.parametrize(
    ("place", "code"),
    [
        ("saint pierre reunion", "97416"),
        ("st pierre reunion", "97416"),
        ("st denis seine st denis", "93066"),
        ("saint florent corse", "2B298"),
    ],
)
def test_a_departement_or_region_named_after_the_place(api, place: str, code: str) -> None:  # type: ignore[no-untyped-def]
    body = api.get("/api/v1/structures", params={"place": place, "limit": 1}).json()
    assert body["place"]["code_insee"] == code


def test_the_first_part_of_a_former_name(api) -> None:  # type: ignore[no-untyped-def]
    place = api.get("/api/v1/structures", params={"place": "hellemmes", "limit": 1}).json()["place"]
    assert place["nom"] == "Lille" and place["reading"] == "name"
    assert "Hellemmes-Lille" in place["note"]


@pytest.mark.parametrize(
    ("place", "nom", "other"),
    [
        ("evry", "Évry-Courcouronnes", "Yonne"),
        ("vire", "Vire Normandie", "Saône-et-Loire"),
        ("montaigu", "Montaigu-Vendée", "Aisne"),
    ],
)
def test_a_name_both_current_and_former(api, place: str, nom: str, other: str) -> None:  # type: ignore[no-untyped-def]
    """The search runs around the commune named after the former one (the most populous); the
    note, said first, names the other candidates, so that a person can say which."""
    body = api.get("/api/v1/structures", params={"place": place, "limit": 1}).json()
    assert body["place"]["nom"] == nom
    assert other in body["place"]["note"] and "Précisez" in body["place"]["note"]
    candidates = api.get("/api/v1/places", params={"q": place}).json()
    assert candidates["ambiguous"] and candidates["candidates"][0]["nom"] == nom
    assert any(c["departement_nom"] == other for c in candidates["candidates"])
