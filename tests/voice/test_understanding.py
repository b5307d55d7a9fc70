"""Understanding, data-driven: utterances as a recognizer returns them -> intent and slots."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from voice import understand
from voice.understanding import INTENTS

CASES = yaml.safe_load((Path(__file__).parent / "utterances.yaml").read_text(encoding="utf-8"))
CHECKED_SLOTS = (
    "kind",
    "place",
    "radius_km",
    "rome",
    "level",
    "accessible",
    "index",
    "topic",
    "topic_text",
)


def test_enough_cases_cover_every_intent() -> None:
    assert len(CASES) >= 200
    assert {intent for _, intent, _ in CASES} >= set(INTENTS) - {"end"} | {"end"}


@pytest.mark.parametrize(("text", "intent", "slots"), CASES, ids=[c[0] or "(vide)" for c in CASES])
def test_utterance(text: str, intent: str, slots: dict) -> None:
    u = understand(text)
    assert u.intent == intent, (text, u)
    got = {k: u.slots[k] for k in CHECKED_SLOTS if k in u.slots}
    assert got == slots, (text, u)
    assert (u.confidence > 0) == (intent != "unknown")


def test_ambiguous_place_keeps_every_candidate_with_most_populous_first() -> None:
    u = understand("mission locale à saint denis")
    assert u.slots["place_candidates"][:2] == ["97411", "93066"]


def test_near_miss_place_is_marked_unsure() -> None:
    u = understand("mission locale à villeurbane")
    assert u.slots["place"] == "69266" and u.slots.get("place_unsure") is True
    assert "place_unsure" not in understand("mission locale à villeurbanne").slots


def test_templates_give_full_confidence_and_keywords_less() -> None:
    assert understand("je cherche une mission locale à lyon").confidence == 1.0
    fallback = understand("bon alors euh rappel quoi")
    assert fallback.intent == "request_callback" and 0 < fallback.confidence < 1


def test_a_bare_town_name_is_a_place() -> None:
    u = understand("villeurbanne")
    assert u.intent == "unknown" and u.slots["place"] == "69266"
    assert "place" not in understand("banane").slots
