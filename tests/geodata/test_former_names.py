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
    """The commune named exactly Évry (Yonne) first, then the one the former Évry (Essonne) is
    part of today; the note names both, so that a person can say which."""
    res = geodata.lookup("Évry")
    names = [c.nom for c in res.candidates]
    assert names[:2] == ["Évry", "Évry-Courcouronnes"]
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
