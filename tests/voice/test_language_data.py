"""The voice's French as data: the YAML next to the hassil sentences, and the dialogue package.

Words and phrases live in ``voice/sentences/fr_words.yaml``, the fixed sentences the dialogue says
in ``fr_prompts.yaml``; the Python modules keep the logic, one idea a module.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from voice import language

ROOT = Path(__file__).resolve().parents[2]
MAX_MODULE_LINES = 600


def _lists(node: Any, where: str = "") -> list[tuple[str, list[Any]]]:
    """Every list of a parsed YAML document, with where it is."""
    found: list[tuple[str, list[Any]]] = []
    if isinstance(node, list):
        found.append((where, node))
        for i, item in enumerate(node):
            found.extend(_lists(item, f"{where}[{i}]"))
    elif isinstance(node, dict):
        for key, value in node.items():
            found.extend(_lists(value, f"{where}.{key}" if where else str(key)))
    return found


@pytest.mark.parametrize("path", [language.WORDS_FILE, language.PROMPTS_FILE], ids=lambda p: p.name)
def test_the_files_load_and_no_list_is_empty_or_repeats_itself(path: Path) -> None:
    data = language.load(path)
    assert isinstance(data, dict) and data
    for where, items in _lists(data):
        assert items, f"{path.name}: {where} is empty"
        plain = [repr(x) for x in items if not isinstance(x, dict | list)]
        assert len(plain) == len(set(plain)), f"{path.name}: {where} has a duplicate"
        # YAML reads yes, no, on, off as booleans: every word must stay a string
        assert all(isinstance(x, str | dict | list) for x in items), f"{path.name}: {where}"


def test_every_string_value_is_a_string_and_every_regex_compiles() -> None:
    data = language.load(language.WORDS_FILE)
    for key, value in data.items():
        if key == "rules":
            continue
        if isinstance(value, list):
            assert all(isinstance(x, str) and x for x in value), key
            re.compile(language.alternatives(key).replace("{level_words}", "x"))
    for intent, pattern in language.rules():
        assert isinstance(intent, str)
        re.compile(pattern)


def test_the_rules_name_known_intents() -> None:
    from voice.understanding import INTENTS

    assert {intent for intent, _ in language.rules()} <= set(INTENTS)


def test_not_place_phrases_are_kept_and_matched_as_phrases() -> None:
    from voice import understanding

    phrases = language.words("not_places")
    assert {"chez moi", "ce moment", "le coin", "fauteuil roulant", "un rayon"} <= set(phrases)
    # the words of a phrase are not, alone, "not a place" ("le", "la", "mon" come before towns)
    for word in ("le", "la", "l", "un", "ce", "mon", "moment", "rayon"):
        assert word not in understanding.NOT_PLACES
    assert "ce moment" in understanding.NOT_PLACES
    # "en ce moment" is not a town; a town said after the phrase still is
    u = understanding.understand("je cherche un stage en ce moment à lyon")
    assert u.intent == "find_offer" and u.slots.get("place") == "69123"


def test_prompts_hold_the_sentences_of_every_state() -> None:
    from voice.dialogue import STATES

    prompts = language.prompt("state_prompts")
    choices = language.prompt("state_choices")
    built = {"confirm_place", "guide", "ended"}  # said from the towns or the guide
    assert set(STATES) - built <= set(prompts) | {"ended"}
    assert set(STATES) - {"confirm_place"} <= set(choices)
    assert all(len(c) <= 3 for c in choices.values())


def test_each_module_of_the_dialogue_package_holds_one_idea_in_a_readable_size() -> None:
    package = ROOT / "voice" / "dialogue"
    assert not (ROOT / "voice" / "dialogue.py").exists()
    modules = sorted(package.glob("*.py"))
    assert len(modules) >= 6
    for path in [*modules, ROOT / "voice" / "understanding.py", ROOT / "voice" / "language.py"]:
        lines = len(path.read_text(encoding="utf-8").splitlines())
        assert lines <= MAX_MODULE_LINES, f"{path.relative_to(ROOT)}: {lines} lines"


def test_the_dialogue_uses_only_public_names_of_the_understanding() -> None:
    for path in (ROOT / "voice" / "dialogue").glob("*.py"):
        text = path.read_text(encoding="utf-8")
        for m in re.finditer(r"from voice\.understanding import ([^\n]+)", text):
            names = [n.strip(" ()") for n in m.group(1).split(",")]
            assert not [n for n in names if n.startswith("_")], path.name


def test_the_old_names_still_import_from_voice_dialogue() -> None:
    from voice.dialogue import (  # noqa: F401
        _SENTENCE_END,
        KIND_EXPLAINED,
        MAX_WORDS,
        MORE_PROMPT,
        STATES,
        Action,
        Dialogue,
        Reply,
        _heard,
        _heard_words,
        _short,
        _told_apart,
        guide_sentences,
    )

    assert MORE_PROMPT == "Pour la suite, dites « la suite »."


@pytest.mark.parametrize(
    ("said", "place"),
    [
        ("une mission locale dans la ville", None),  # was Villé (Bas-Rhin) or Ville (Oise)
        ("un stage dans le centre", None),  # was Le Cendre, unsure
        ("un cio dans le centre de lyon", "69123"),  # was Le Cendre: Lyon
        ("je cherche un stage dans la vie", None),  # was La Javie, unsure
    ],
)
def test_a_not_place_phrase_is_never_a_commune(said: str, place: str | None) -> None:
    from voice.understanding import understand

    assert understand(said).slots.get("place") == place
