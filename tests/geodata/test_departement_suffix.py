"""A commune named with its département or region after it, as people tell homonyms apart:
without the article ("Réunion"), with "St"/"Ste", by number, or by region ("Corse")."""

from __future__ import annotations

import pytest

import geodata


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("saint pierre reunion", "97416"),
        ("st pierre reunion", "97416"),
        ("saint pierre la reunion", "97416"),
        ("Saint-Pierre de la Réunion", "97416"),
        ("saint-pierre (974)", "97416"),
        ("saint paul reunion", "97415"),
        ("sainte marie reunion", "97418"),
        ("sainte marie martinique", "97228"),
        ("ste marie martinique", "97228"),
        ("le lamentin martinique", "97213"),
        ("lamentin guadeloupe", "97115"),
        ("saint denis seine saint denis", "93066"),
        ("st denis seine st denis", "93066"),
        ("st denis 93", "93066"),
        ("saint florent corse", "2B298"),
        ("valence drome", "26362"),
    ],
)
def test_a_departement_or_region_after_the_name(query: str, code: str) -> None:
    res = geodata.lookup(query)
    assert [c.code_insee for c in res.candidates] == [code], res


@pytest.mark.parametrize(
    ("query", "code"),
    [("saint laurent guyane", "97311"), ("saint maximin var", "83116")],
)
def test_a_name_that_starts_a_communes_name_there(query: str, code: str) -> None:
    """No Saint-Laurent in Guyane: Saint-Laurent-du-Maroni is the one whose name starts so."""
    assert geodata.lookup(query).candidates[0].code_insee == code


def test_a_region_keeps_every_homonym_in_it() -> None:
    res = geodata.lookup("saint martin bretagne")
    assert res.candidates and all(c.region_nom == "Bretagne" for c in res.candidates)
    assert "saint martin" in res.note


def test_a_full_name_ending_with_a_region_word_is_still_the_name() -> None:
    assert [c.nom for c in geodata.lookup("Vire Normandie").candidates] == ["Vire Normandie"]
    assert geodata.lookup("Condé-en-Normandie").candidates[0].code_insee == "14174"
