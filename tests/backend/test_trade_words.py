"""The workplace words of the internship search point at careers that exist."""

from __future__ import annotations

import csv

from backend.services.search import _stem, trade_words
from backend.settings import BUNDLED_DATA_DIR


def test_every_trade_word_names_existing_careers() -> None:
    with (BUNDLED_DATA_DIR / "careers.csv").open(encoding="utf-8") as handle:
        codes = {row["code"] for row in csv.DictReader(handle)}
    words = trade_words()
    assert len(words) >= 10
    assert {w: c for w, cs in words.items() for c in cs if c not in codes} == {}


def test_a_trade_or_workplace_word_loses_its_ending_only() -> None:
    assert _stem("boulangerie") == "boulang"
    assert _stem("coiffure") == "coiff"
    assert _stem("patisserie") == "patiss"
    assert _stem("stage") == "stage"  # too short a stem is kept whole
