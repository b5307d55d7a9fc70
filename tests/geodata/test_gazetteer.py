"""The gazetteer: data completeness and every lookup rule a person relies on."""

from __future__ import annotations

import math
import time

import pytest

from geodata import FUZZY_THRESHOLD, communes, get_commune, lookup, reverse
from geodata.text import fold_place as fold

DROM = {"971", "972", "973", "974", "976"}


def codes(result) -> list[str]:
    return [c.code_insee for c in result.candidates]


# --- data ------------------------------------------------------------------------------------


def test_every_current_commune_and_the_45_arrondissements():
    rows = communes()
    assert len(rows) == 35014
    arr = [c for c in rows if c.kind == "arrondissement"]
    assert len(arr) == 45
    assert {c.parent_insee for c in arr} == {"75056", "69123", "13055"}
    assert len({c.code_insee for c in rows}) == len(rows)


def test_metropolitan_and_drom_communes_all_have_coordinates():
    for c in communes():
        if c.departement in DROM or not c.departement.startswith("97"):
            if c.departement.startswith("98"):
                continue
            assert c.has_coords, c
            assert c.coord_method != "aucune"
            if c.departement not in DROM:
                assert 41.0 < c.lat < 51.5 and -5.5 < c.lon < 10.0, c


def test_bihorel_hole_is_filled_and_flagged():
    c = get_commune("76095")
    assert c is not None and c.nom == "Bihorel"
    assert c.coord_method == "manuel_a_verifier"
    rouen = get_commune("76540")
    assert rouen is not None
    from geodata import haversine_m

    assert haversine_m(c.lat, c.lon, rouen.lat, rouen.lon) < 6000


def test_cities_with_arrondissements_use_the_arrondissements_centroid():
    paris = get_commune("75056")
    assert paris.coord_method == "centroide_arrondissements"
    arrs = [c for c in communes() if c.parent_insee == "75056"]
    assert paris.lat == pytest.approx(sum(a.lat for a in arrs) / 20, abs=1e-4)


def test_commune_fields():
    c = get_commune("69383")
    assert c.nom == "Lyon 3e Arrondissement"
    assert c.postcodes == ("69003",)
    assert (c.departement, c.departement_nom) == ("69", "Rhône")
    assert (c.region, c.region_nom) == ("84", "Auvergne-Rhône-Alpes")
    assert c.population > 90_000
    assert c.kind == "arrondissement" and c.parent_insee == "69123"
    assert get_commune("2a004").nom == "Ajaccio"
    assert get_commune("00000") is None


def test_overseas_collectivities_without_coordinates_are_marked():
    c = get_commune("98818")
    assert c.nom == "Nouméa" and not c.has_coords and c.coord_method == "aucune"
    assert math.isnan(c.lat)


# --- lookup by name --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        "Saint-Étienne",
        "saint etienne",
        "ST ETIENNE",
        "St-Étienne",
        "saint-étienne",
        " st. etienne ",
    ],
)
def test_case_accents_hyphens_and_saint_abbreviations(query):
    r = lookup(query)
    assert r.matched_by == "name"
    assert codes(r) == ["42218"]


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("Sainte-Maxime", "83115"),
        ("ste maxime", "83115"),
        ("L'Haÿ-les-Roses", "94038"),
        ("lhay les roses", None),  # apostrophe removed entirely: handled by fuzzy
        ("l hay les roses", "94038"),
        ("Le Havre", "76351"),
        ("havre", "76351"),
        ("les sables d'olonne", "85194"),
        ("sables d olonne", "85194"),
    ],
)
def test_apostrophes_and_leading_articles(query, code):
    r = lookup(query)
    if code is None:
        assert r.best is not None and r.best.code_insee == "94038"
    else:
        assert r.best is not None and r.best.code_insee == code, r


@pytest.mark.parametrize(
    "query",
    [
        "à Nantes",
        "a nantes",
        "près de Nantes",
        "pres de nantes",
        "vers Nantes",
        "sur Nantes",
        "autour de Nantes",
        "dans Nantes",
        "en Nantes",
    ],
)
def test_leading_words_a_person_says(query):
    r = lookup(query)
    assert codes(r) == ["44109"]
    assert r.matched_by == "name"


def test_leading_words_do_not_break_names_that_start_like_them():
    # "Sury-..." / "En..." names must still match as typed.
    assert lookup("Autun").best.code_insee == "71014"
    assert lookup("Vers-Pont-du-Gard").best.departement == "30"


def test_city_alone_returns_the_city_not_an_arrondissement():
    for name, code in (("Lyon", "69123"), ("Paris", "75056"), ("Marseille", "13055")):
        r = lookup(name)
        assert codes(r) == [code]
        assert r.best.kind == "commune"


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("Lyon 3e", "69383"),
        ("Lyon 3", "69383"),
        ("lyon 3ème", "69383"),
        ("Lyon 3e arrondissement", "69383"),
        ("Paris quinzième", "75115"),
        ("Paris 15", "75115"),
        ("paris 15e", "75115"),
        ("Paris 16", "75116"),
        ("Marseille 1er", "13201"),
        ("marseille premier", "13201"),
        ("15e arrondissement de Paris", "75115"),
        ("à Lyon 7e", "69387"),
        ("Marseille 16", "13216"),
    ],
)
def test_arrondissements_by_name(query, code):
    r = lookup(query)
    assert codes(r) == [code]


def test_arrondissement_number_that_does_not_exist_returns_the_city_with_a_note():
    r = lookup("Lyon 12")
    assert codes(r) == ["69123"]
    assert "9 arrondissements" in r.note


@pytest.mark.parametrize(
    ("name", "departements"),
    [
        ("Saint-Denis", ["974", "93", "11", "30"]),
        ("Valence", ["26", "82", "16"]),
        ("La Rochelle", ["17", "70"]),
    ],
)
def test_ambiguous_names_return_every_candidate_most_populous_first(name, departements):
    r = lookup(name)
    assert r.ambiguous
    assert [c.departement for c in r.candidates] == departements
    pops = [c.population for c in r.candidates]
    assert pops == sorted(pops, reverse=True)
    assert all(c.departement_nom for c in r.candidates)
    assert "précisez le département" in r.note


def test_limit_cuts_the_candidates():
    assert len(lookup("Saint-Denis", limit=2).candidates) == 2


def test_unique_name_is_not_ambiguous():
    r = lookup("Bihorel")
    assert not r.ambiguous and r.note is None


# --- postcodes and INSEE codes ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("75015", "75115"),
        ("69003", "69383"),
        ("13001", "13201"),
        ("75116", "75116"),
        ("75 015", "75115"),
        ("76420", "76095"),
    ],
)
def test_postcodes(query, code):
    r = lookup(query)
    assert r.matched_by == "postcode"
    assert codes(r) == [code]


def test_postcode_is_tried_before_insee_and_the_note_says_why():
    r = lookup("13001")
    assert r.matched_by == "postcode"
    assert r.best.nom == "Marseille 1er Arrondissement"
    assert "code postal" in r.note and "Aix-en-Provence" in r.note and "INSEE" in r.note


def test_insee_code_when_no_postcode_matches():
    r = lookup("76095")
    assert r.matched_by == "insee"
    assert codes(r) == ["76095"]
    assert "code INSEE" in r.note
    r = lookup("2A004")
    assert r.matched_by == "insee" and r.best.nom == "Ajaccio"


def test_postcode_shared_by_several_communes():
    r = lookup("55000")
    assert r.matched_by == "postcode" and r.ambiguous
    assert "partagé" in r.note


def test_unknown_code():
    r = lookup("00000")
    assert r.matched_by == "none" and r.candidates == ()


def test_postcode_with_name():
    assert codes(lookup("75015 Paris")) == ["75115"]
    assert codes(lookup("Paris 75015")) == ["75115"]
    assert lookup("26000 Valence").best.code_insee == "26362"


# --- typos -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("Montpelier", "34172"),
        ("Strasbuorg", "67482"),
        ("Bordeau", "33063"),
        ("Toulouze", "31555"),
        ("Marseile", "13055"),
        ("Grenobel", "38185"),
    ],
)
def test_small_typos_are_tolerated(query, code):
    r = lookup(query)
    assert r.matched_by == "fuzzy"
    assert r.best.code_insee == code
    assert "exactement" in r.note


@pytest.mark.parametrize("query", ["Xyzzyville", "Bonjour tout le monde", "Lyn", "qwertyuiop"])
def test_wild_guesses_are_refused(query):
    r = lookup(query)
    assert r.matched_by == "none"
    assert r.candidates == ()
    assert r.best is None
    assert not r.ambiguous


def test_fuzzy_threshold_is_documented_value():
    assert FUZZY_THRESHOLD == 0.75
    # one substitution in a 4-letter name is at the threshold (accepted), two are not.
    assert lookup("Lyin").best.code_insee == "69123"
    assert lookup("Qxyz").matched_by == "none"


# --- bad input -------------------------------------------------------------------------------


@pytest.mark.parametrize("query", ["", "   ", "\t\n", "x" * 10_000, "é" * 201])
def test_empty_or_huge_queries_raise_a_french_value_error(query):
    with pytest.raises(ValueError, match=r"recherche"):
        lookup(query)


@pytest.mark.parametrize("query", [None, 42, b"Lyon", ["Lyon"]])
def test_non_text_queries_raise(query):
    with pytest.raises(ValueError, match="texte"):
        lookup(query)


@pytest.mark.parametrize("limit", [0, -1, 1.5, True])
def test_bad_limit_raises(limit):
    with pytest.raises(ValueError, match="résultats"):
        lookup("Lyon", limit=limit)


@pytest.mark.parametrize(
    "query",
    [
        "😀🏠",
        "🚀 Lyon 🚀",
        "Ly\x00on",
        "Lyon\x07",
        "Lyon\x1b[31m",
        "'; DROP TABLE communes; --",
        "Lyon' OR '1'='1",
        "<script>alert(1)</script>",
        "%%%%",
        "\u202e\u200b",
    ],
)
def test_odd_text_never_crashes(query):
    t0 = time.perf_counter()
    r = lookup(query)
    assert time.perf_counter() - t0 < 1.0
    assert r.matched_by in {"name", "fuzzy", "none"}
    if query in ("🚀 Lyon 🚀", "Ly\x00on", "Lyon\x07"):
        assert r.best is not None and r.best.code_insee == "69123"


def test_emoji_only_query_explains_in_french():
    r = lookup("😀")
    assert r.matched_by == "none" and "aucun nom de lieu" in r.note


def test_fold_is_robust():
    assert fold("Saint-Étienne-du-Rouvray") == "saint etienne du rouvray"
    assert fold("Œuilly") == "oeuilly"
    assert fold("L’Haÿ") == "l hay"


# --- reverse ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lat", "lon", "code"),
    [
        (45.7560, 4.8650, "69383"),  # Lyon 3e, east of Part-Dieu
        (48.8414, 2.2995, "75115"),  # Paris 15e
        (43.2965, 5.3698, "13201"),  # Vieux-Port, Marseille 1er
        (41.9192, 8.7386, "2A004"),  # Ajaccio
        (-20.8789, 55.4481, "97411"),  # Saint-Denis de La Réunion
    ],
)
def test_reverse_finds_the_commune_or_arrondissement(lat, lon, code):
    c = reverse(lat, lon)
    assert c is not None and c.code_insee == code


def test_reverse_deep_in_guyane_still_answers():
    # Guyane's communes are huge: inland points are far from every town point.
    c = reverse(3.0, -53.0)
    assert c is not None and c.departement == "973"


@pytest.mark.parametrize(
    ("lat", "lon"),
    [
        (0.0, 0.0),
        (40.7128, -74.006),
        (51.5074, -0.1278),
        (float("nan"), 2.0),
        (48.0, float("inf")),
        (91.0, 2.0),
        (45.0, 181.0),
        (-90.0, 0.0),
    ],
)
def test_reverse_outside_france_or_invalid_is_none(lat, lon):
    assert reverse(lat, lon) is None


def test_reverse_never_returns_a_city_split_in_arrondissements():
    for lat, lon in ((48.8566, 2.3522), (45.764, 4.8357), (43.2965, 5.3698)):
        assert reverse(lat, lon).kind == "arrondissement"


def test_loading_is_cached():
    assert communes() is communes()


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("Valence 26", "26362"),
        ("Saint-Denis (93)", "93066"),
        ("Saint-Denis 974", "97411"),
        ("Valence dans la Drôme", "26362"),
        ("saint denis la reunion", "97411"),
        ("La Rochelle Charente-Maritime", "17300"),
    ],
)
def test_a_departement_after_the_name_narrows_homonyms(query, code):
    r = lookup(query)
    assert codes(r) == [code]
    assert not r.ambiguous
