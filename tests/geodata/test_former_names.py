"""Former communes (merged into a current one) and shortened compound names are found, as
people still say them; population breaks ties; the note says what was understood."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import geodata

RAW_COG = (
    Path(__file__).resolve().parents[2].parent / "shared" / "data" / "raw" / "geo" / "communes.json"
)


@pytest.mark.parametrize(
    ("query", "current"),
    [
        ("Annecy-le-Vieux", "Annecy"),
        ("annecy le vieux", "Annecy"),
        ("Cherbourg-Octeville", "Cherbourg-en-Cotentin"),
        ("Pierre-Bénite", "Oullins-Pierre-Bénite"),
        ("pierre benite", "Oullins-Pierre-Bénite"),
        ("Courcouronnes", "Évry-Courcouronnes"),
    ],
)
def test_a_former_commune_resolves_to_the_current_one(query: str, current: str) -> None:
    res = geodata.lookup(query)
    assert res.candidates and res.candidates[0].nom == current, res
    assert "ancienne commune" in (res.note or "") and current in (res.note or "")


def test_evry_finds_evry_courcouronnes_too() -> None:
    """Évry-Courcouronnes is named after the former Évry (Essonne): it ranks by its population
    (66,919) among the communes called Évry, so before Évry (Yonne, 402); both stay candidates
    and the note names both, so that a person can say which."""
    res = geodata.lookup("Évry")
    names = [c.nom for c in res.candidates]
    assert names[:2] == ["Évry-Courcouronnes", "Évry"]
    assert res.ambiguous and "Essonne" in (res.note or "") and "Yonne" in (res.note or "")


@pytest.mark.parametrize(
    ("query", "first"),
    [("Cherbourg", "Cherbourg-en-Cotentin"), ("Châlons", "Châlons-en-Champagne")],
)
def test_the_first_word_of_a_compound_name(query: str, first: str) -> None:
    res = geodata.lookup(query)
    assert res.candidates[0].nom == first and res.matched_by == "name"


def test_current_names_are_unchanged() -> None:
    for name in ("Paris", "Lyon", "Annecy", "Brest", "Rouen"):
        res = geodata.lookup(name)
        assert [c.nom for c in res.candidates] == [name] and res.note is None


@pytest.mark.skipif(not RAW_COG.exists(), reason="../shared/data/raw absent (a clean clone)")
def test_every_delegated_or_associated_commune_of_the_cog_is_found() -> None:
    cog = json.loads(RAW_COG.read_text(encoding="utf-8"))
    missing = []
    for c in cog:
        if c["type"] not in ("commune-deleguee", "commune-associee"):
            continue
        res = geodata.lookup(c["nom"], limit=50)
        if c["chefLieu"] not in {x.code_insee for x in res.candidates}:
            missing.append(c["nom"])
    assert missing == []


# --- the first part of a former name (before any fuzzy match) ---------------------------------


@pytest.mark.parametrize(
    ("query", "code", "former"),
    [("hellemmes", "59350", "Hellemmes-Lille"), ("Hellemmes", "59350", "Hellemmes-Lille")],
)
def test_the_first_part_of_a_former_name_beats_a_typo_match(
    query: str, code: str, former: str
) -> None:
    """ "Hellemmes" is how people say Hellemmes-Lille (a commune associée of Lille); the fuzzy
    match Hélesmes (59297) is another commune."""
    res = geodata.lookup(query)
    assert res.matched_by == "name" and [c.code_insee for c in res.candidates] == [code]
    assert res.read_as == "former_name"
    assert f"ancienne commune {former}" in res.note and "Lille (Nord)" in res.note


def test_a_current_first_part_still_comes_first() -> None:
    """ "Cherbourg": Cherbourg-en-Cotentin, once, although the former Cherbourg-Octeville starts
    with the same word and belongs to the same commune."""
    res = geodata.lookup("cherbourg")
    assert [c.nom for c in res.candidates] == ["Cherbourg-en-Cotentin"] and res.read_as is None


# --- a name both current and former --------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "first", "others"),
    [
        ("evry", "Évry-Courcouronnes", ["Évry"]),
        ("vire", "Vire Normandie", ["Viré"]),
        ("montaigu", "Montaigu-Vendée", ["Montaigu", "Montaigu"]),
        ("gennes", "Gennes-Val-de-Loire", ["Gennes"]),
    ],
)
def test_a_commune_named_after_its_former_commune_ranks_by_its_population(
    query: str, first: str, others: list[str]
) -> None:
    """Its name starts with the former name: it ranks among the communes of that name by
    population; it stays ambiguous and every candidate is there, with its département."""
    res = geodata.lookup(query)
    assert [c.nom for c in res.candidates] == [first, *others]
    assert res.ambiguous and res.read_as == "former_name"
    assert all(c.departement_nom in res.note for c in res.candidates)
    assert f"{first} ({res.candidates[0].departement_nom}, ancienne commune" in res.note


@pytest.mark.parametrize(
    ("query", "first_code", "former_in"),
    [
        ("pringy", "77378", "Annecy"),  # Pringy (77) and (51) first, then Annecy
        ("rouelles", "52437", "Le Havre"),  # Rouelles (52, 25 inhabitants), then Le Havre
    ],
)
def test_a_commune_not_named_after_it_comes_after_the_commune_of_that_name(
    query: str, first_code: str, former_in: str
) -> None:
    res = geodata.lookup(query)
    assert res.candidates[0].code_insee == first_code
    assert res.candidates[-1].nom == former_in and res.ambiguous
    assert res.read_as is None  # the commune of that very name is the reading
    assert f"{former_in} ({res.candidates[-1].departement_nom}, ancienne commune" in res.note


def test_accents_typed_tell_vire_from_vire() -> None:
    """ "Viré" typed with its accent is Viré (Saône-et-Loire); "Vire" and "vire" are the former
    Vire, in Vire Normandie. Both stay candidates."""
    assert [c.nom for c in geodata.lookup("Viré").candidates] == ["Viré", "Vire Normandie"]
    assert [c.nom for c in geodata.lookup("près de Viré").candidates][0] == "Viré"
    assert [c.nom for c in geodata.lookup("Vire").candidates] == ["Vire Normandie", "Viré"]
    assert [c.nom for c in geodata.lookup("Évry").candidates][0] == "Évry-Courcouronnes"


def test_a_much_more_populous_commune_starting_with_the_name_is_offered_after() -> None:
    """No source names "Saint-Ouen" as the former name of Saint-Ouen-sur-Seine (renamed in 2018,
    before La Poste's 2020 file): it comes after the two communes called Saint-Ouen, being more
    than ten times as populous as each."""
    res = geodata.lookup("saint ouen")
    assert [c.code_insee for c in res.candidates] == ["41226", "80711", "93070"]
    assert "Saint-Ouen-sur-Seine (Seine-Saint-Denis)" in res.note
    # La Poste lists no locality "Charleville" in Charleville-Mézières: a prefix candidate too
    names = [c.nom for c in geodata.lookup("charleville").candidates]
    assert names == ["Charleville", "Charleville-Mézières"]


@pytest.mark.parametrize(
    ("query", "names"),
    [
        ("Fleury", {"Fleury"}),  # Fleury-les-Aubrais is not ten times as big as Fleury (Aude)
        ("Saint-Denis", {"Saint-Denis"}),
        ("Brest", {"Brest"}),
    ],
)
def test_prefix_candidates_do_not_flood(query: str, names: set[str]) -> None:
    assert {c.nom for c in geodata.lookup(query, limit=50).candidates} == names


def test_prefix_candidates_are_few() -> None:
    """ "Pont" (Côte-d'Or, 157 inhabitants): at most three far bigger Pont-... are offered."""
    res = geodata.lookup("pont", limit=50)
    assert res.candidates[0].nom == "Pont" and 1 < len(res.candidates) <= 4
