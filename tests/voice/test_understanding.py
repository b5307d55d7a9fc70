"""Understanding, data-driven: utterances as a recognizer returns them -> intent and slots."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from geodata.text import fold
from tests.support.backend import Recorder
from voice import understand
from voice.understanding import INTENTS

CASES = yaml.safe_load((Path(__file__).parent / "utterances.yaml").read_text(encoding="utf-8"))
CHECKED_SLOTS = (
    "kind",
    "place",
    "radius_km",
    "rome",
    "words",
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
    checked = [k for k in CHECKED_SLOTS if k != "words" or intent == "find_offer"]
    got = {k: u.slots[k] for k in checked if k in u.slots}
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


ACCESSIBILITY_WORDS = ("accessib", "fauteuil", "adapt", "pmr", "handicap", "malvoyant", "aveugle")


def test_accessible_is_a_filter_only_when_asked() -> None:
    """`accessible` is True when asked, absent otherwise (never False: that would exclude)."""
    asked = 0
    for text, intent, slots in CASES:
        if intent not in ("find_offer", "find_structure"):
            continue
        got = understand(text).slots
        assert got.get("accessible") in (None, True), text
        if not any(w in fold(text) for w in ACCESSIBILITY_WORDS):
            assert "accessible" not in got, text  # not said: no filter
        asked += "accessible" in slots
    assert asked >= 5


@pytest.mark.parametrize(
    ("said", "sent"),
    [
        ("je cherche un stage à lyon", None),
        ("un stage accessible en fauteuil à lyon", "true"),
        ("un stage pas forcément accessible à lyon", None),
        ("un stage à lyon peu importe si c est adapté au handicap", None),
    ],
)
def test_accessibility_reaches_the_search_only_when_asked(
    said: str, sent: str | None, server: Recorder
) -> None:
    from voice import Dialogue

    Dialogue(server.client()).handle(said)
    (query,) = server.params("/api/v1/offers")
    assert query.get("accessible") == sent and query["code_insee"] == "69123"


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("c'est quoi le métier de boulangère", "boulangere"),
        ("c'est quoi le métier d'électricien", "electricien"),
        ("c'est quoi le métier de electricen", "electricen"),  # mistyped: the API's search
        ("c'est quoi le métier de infirmiere scolere", "infirmiere scolere"),
        ("je veux devenir soudeuse", "soudeuse"),
    ],
)
def test_a_job_asked_about_is_sent_as_said_to_the_career_search(text: str, words: str) -> None:
    """The API's career search ranks the answer (the web's "/metiers" does the same)."""
    u = understand(text)
    assert (u.intent, u.slots.get("words")) == ("career_info", words), u
