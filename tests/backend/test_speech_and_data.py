"""Spoken text rules, sample offers and the committed data files."""

from __future__ import annotations

import csv
import gzip
import io
import json
import re
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backend import speech
from backend.sample_offers import generate
from backend.settings import BUNDLED_DATA_DIR

DIGITS = re.compile(r"\d")


def item(name: str, metres: int | None = None) -> dict[str, Any]:
    text = None if metres is None else f"à {metres / 1000:.1f} kilomètres au nord".replace(".", ",")
    return {
        "name": name,
        "distance_text": text,
        "is_example": True,
        "title": name,
        "commune": "Lyon",
    }


def test_count_agrees_with_feminine_nouns() -> None:
    assert speech.count_words(1, True) == "une"
    assert speech.count_words(21, True) == "vingt et une"
    assert speech.count_words(331, True) == "trois cent trente et une"
    assert speech.count_words(21, False) == "vingt et un"
    assert speech.count_words(12, True) == "douze"


def test_list_speech_counts_then_reads_three_nearest_within_sixty_words() -> None:
    items = [
        item(f"Mission locale du quartier numéro {n} avec un nom vraiment très long", n * 1000)
        for n in range(1, 6)
    ]
    text = speech.structures_list(12, items, ["mission_locale"], "Villeurbanne", 20)
    assert text.startswith(
        "J'ai trouvé douze missions locales à moins de vingt kilomètres de Villeurbanne."
    )
    assert "La plus proche" in text
    assert len(text.split()) <= speech.MAX_WORDS
    assert not DIGITS.search(text) and " km" not in text


def test_abbreviations_are_spelled_out_and_phones_read_in_pairs() -> None:
    text = speech.structure_detail(
        {
            "name": "CIO de Lyon Est",
            "kind": "cio",
            "address": "12 rue X",
            "commune": "Lyon",
            "phone": "04 78 12 34 56",
            "verified": True,
        }
    )
    assert "centre d'information et d'orientation de Lyon Est" in text
    assert "zéro quatre, soixante-dix-huit, douze, trente-quatre, cinquante-six" in text
    assert "CIO" not in text


def test_singular_and_zero() -> None:
    one = speech.structures_list(1, [item("CIO de Gap", 500)], ["cio"], "Gap", 10)
    assert one.startswith(
        "J'ai trouvé un centre d'information et d'orientation à moins de dix kilomètres"
    )
    zero = speech.offers_list(0, [], "Gap", 1.5)
    assert (
        zero
        == "Je n'ai trouvé aucune offre de stage à moins de un virgule cinq kilomètre de Gap. Essayez un rayon plus grand."
    )


@given(
    total=st.integers(min_value=0, max_value=100_000),
    names=st.lists(st.text(min_size=1, max_size=200), max_size=5),
)
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_speech_never_breaks_and_stays_short(total: int, names: list[str]) -> None:
    items = [item(n, 1500) for n in names if n.strip()]
    for text in (
        speech.structures_list(total, items, [], "Paris", 10),
        speech.offers_list(total, items, None, None),
        speech.careers_list(total, [{"label": n} for n in names if n.strip()], "x"),
    ):
        assert (
            text and len(text.split()) <= speech.MAX_WORDS + 25
        )  # the head alone can't exceed this


def test_sample_offers_are_deterministic_and_use_the_given_places_and_codes() -> None:
    careers = [("H2913", "Soudeur / Soudeuse"), ("D1106", "Vendeur / Vendeuse en alimentation")]
    communes = [
        ("69266", "Villeurbanne", "69", 150_000, 45.77, 4.88),
        ("05061", "Gap", "05", 40_000, 44.56, 6.08),
    ]
    a, b = generate(careers, communes, seed=1, n=300), generate(careers, communes, seed=1, n=300)
    assert a == b and generate(careers, communes, seed=2, n=300) != a
    assert {o["code_insee"] for o in a} == {"69266", "05061"}
    villeurbanne = sum(o["code_insee"] == "69266" for o in a)
    assert villeurbanne > 180  # weighted by population (about 79 %)
    assert {o["rome_codes"] for o in a} <= {"H2913", "D1106"}
    assert all(str(o["description"]).startswith("Exemple d'offre.") for o in a)
    assert {lv for o in a for lv in str(o["levels"]).split()} == {
        "3e",
        "2nde",
        "cap",
        "bac_pro",
        "bts",
    }


def _read(name: str) -> list[dict[str, str]]:
    data = (BUNDLED_DATA_DIR / name).read_bytes()
    if name.endswith(".gz"):
        data = gzip.decompress(data)
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"))))


def test_committed_summaries_cover_sixty_industry_careers_in_short_sentences() -> None:
    summaries = yaml.safe_load(
        (BUNDLED_DATA_DIR / "career_summaries_fr.yaml").read_text(encoding="utf-8")
    )
    careers = {r["code"] for r in _read("careers.csv")}
    industry = [c for c in summaries if c.startswith("H")]
    assert len(industry) >= 60
    assert set(summaries) <= careers
    # their length and words: the one readability check (tests/backend/test_readability.py)


def test_manifest_credits_every_dataset_and_notice_mentions_them() -> None:
    manifest = json.loads((BUNDLED_DATA_DIR / "manifest.json").read_text(encoding="utf-8"))
    notice = (BUNDLED_DATA_DIR / "NOTICE.md").read_text(encoding="utf-8")
    for ds in manifest["datasets"]:
        assert (BUNDLED_DATA_DIR / ds["file"]).exists()
        assert ds["source"] and ds["licence"] and ds["source_date"]
        assert ds["file"] in notice
    assert "Cap emploi" in notice and "non vérifié" in notice
