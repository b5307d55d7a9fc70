"""Former INSEE codes (communes merged since) and 4-digit codes that lost their leading zero:
a client with stale data or a spreadsheet export still finds the commune, and is told how the
code was read."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import geodata

RAW_COG = (
    Path(__file__).resolve().parents[2].parent / "shared" / "data" / "raw" / "geo" / "communes.json"
)

FORMER_CODES = [
    # (former code, current code, current name, former name named in the note or None)
    ("74011", "74010", "Annecy", "Annecy-le-Vieux"),
    ("93059", "93066", "Saint-Denis", "Pierrefitte-sur-Seine"),
    ("50602", "50129", "Cherbourg-en-Cotentin", "Tourlaville"),
    ("91182", "91228", "Évry-Courcouronnes", None),  # only in anciensCodes: the COG has no name
    ("59355", "59350", "Lille", "Lomme"),
    ("02285", "59545", "Saint-Souplet", "Escaufourt"),  # associated across a département line
]


@pytest.mark.parametrize(("old", "code", "nom", "old_name"), FORMER_CODES)
def test_a_former_code_finds_the_current_commune_and_says_so(
    old: str, code: str, nom: str, old_name: str | None
) -> None:
    former = geodata.former_code(old)
    assert former is not None and former.commune.code_insee == code
    assert former.former_name == old_name
    res = geodata.lookup(old)
    assert res.matched_by == "insee" and res.read_as == "former_code"
    assert [c.code_insee for c in res.candidates] == [code]
    note = res.note or ""
    assert old in note and nom in note and res.candidates[0].departement_nom in note
    if old_name:
        assert f"ancienne commune {old_name}" in note
    else:
        assert "ancien code INSEE" in note


def test_the_note_reads_as_the_issue_asks() -> None:
    assert geodata.lookup("74011").note == (
        "74011 était le code de l'ancienne commune Annecy-le-Vieux, aujourd'hui dans Annecy "
        "(Haute-Savoie)."
    )


@pytest.mark.parametrize("code", ["74010", "50129", "93066", "01033"])
def test_current_codes_always_win(code: str) -> None:
    """Annecy 74010 is also the code of its commune déléguée: it is Annecy's code, not a former
    one, and a lookup says nothing about a former commune."""
    assert geodata.former_code(code) is None
    res = geodata.lookup(code)
    assert res.candidates[0].code_insee == code or res.matched_by == "postcode"
    assert "ancienne" not in (res.note or "") and res.read_as is None


def test_get_commune_stays_exact() -> None:
    assert geodata.get_commune("74011") is None
    assert geodata.former_code("99999") is None and geodata.former_code("") is None


@pytest.mark.skipif(not RAW_COG.exists(), reason="../shared/data/raw absent (a clean clone)")
def test_every_former_code_of_the_cog_is_found() -> None:
    cog = json.loads(RAW_COG.read_text(encoding="utf-8"))
    current = {
        c["code"] for c in cog if c["type"] in ("commune-actuelle", "arrondissement-municipal")
    }
    expected: dict[str, str] = {}
    for c in cog:
        if c["type"] == "commune-actuelle":
            for old in c.get("anciensCodes") or ():
                expected[old] = c["code"]
    for c in cog:
        if c["type"] in ("commune-deleguee", "commune-associee") and c["code"] not in current:
            expected[c["code"]] = c["chefLieu"]
    assert len(expected) > 4000
    wrong = {
        old: code
        for old, code in expected.items()
        if old not in current
        and getattr(geodata.former_code(old), "commune", None) is not geodata.get_commune(code)
    }
    assert wrong == {}


# --- 4-digit codes -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "padded"),
    [("1053", "01053"), (" 1053 ", "01053"), ("1 300", "01300"), ("9230", "09230")],
)
def test_pad_code(text: str, padded: str) -> None:
    assert geodata.pad_code(text) == padded


@pytest.mark.parametrize("text", ["0105", "105", "10530", "1O53", "2A04", "", "abcd"])
def test_pad_code_leaves_anything_else(text: str) -> None:
    assert geodata.pad_code(text) is None


def test_a_4_digit_insee_code_is_read_with_its_zero() -> None:
    res = geodata.lookup("1053")
    assert [c.nom for c in res.candidates] == ["Bourg-en-Bresse"]
    assert res.read_as == "padded_code" and res.matched_by == "insee"
    assert "1053" in res.note and "01053" in res.note


def test_a_4_digit_postcode_is_read_with_its_zero() -> None:
    res = geodata.lookup("1300")  # 01300: Belley and its neighbours
    assert res.matched_by == "postcode" and res.read_as == "padded_code"
    assert res.candidates[0].nom == "Belley" and all(c.departement == "01" for c in res.candidates)
    assert "01300" in res.note


def test_a_4_digit_code_that_is_nothing_says_what_was_tried() -> None:
    res = geodata.lookup("9999")
    assert res.matched_by == "none" and "09999" in (res.note or "")
