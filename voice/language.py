"""The French words of the voice, as data next to the hassil sentences.

``voice/sentences/fr_words.yaml`` holds the words and phrases the understanding and the dialogue
look for (fillers, question words, prepositions, the keyword rules...), ``fr_prompts.yaml`` the
fixed sentences the dialogue says. Each file is read once; the Python modules keep the logic.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

SENTENCES_DIR = Path(__file__).resolve().parent / "sentences"
WORDS_FILE = SENTENCES_DIR / "fr_words.yaml"
PROMPTS_FILE = SENTENCES_DIR / "fr_prompts.yaml"

# how a keyword rule's alternatives are closed (fr_words.yaml, ``rules``)
_RULE_START = {"word": r"\b(", "line": "^("}
_RULE_END = {"word": r")\b", "open": ")", "line": ")$"}


@cache
def load(path: Path) -> dict[str, Any]:
    """A YAML file of this folder, parsed once."""
    import yaml

    return yaml.safe_load(path.read_text(encoding="utf-8"))


def words(key: str) -> tuple[str, ...]:
    """A list of words or phrases of ``fr_words.yaml``, in its order."""
    return tuple(load(WORDS_FILE)[key])


def alternatives(key: str) -> str:
    """A list of ``fr_words.yaml`` as the alternatives of a regular expression ("a|b|c")."""
    return "|".join(words(key))


def joined(key: str) -> str:
    """A regular expression of ``fr_words.yaml`` written in pieces, joined as they are."""
    return "".join(words(key))


def mapping(key: str) -> dict[str, str]:
    """A mapping of ``fr_words.yaml``."""
    return dict(load(WORDS_FILE)[key])


def rules() -> tuple[tuple[str, str], ...]:
    """The keyword rules, in order: (intent, regular expression)."""
    out = []
    for rule in load(WORDS_FILE)["rules"]:
        text = _RULE_START[rule["start"]] + "|".join(rule["patterns"]) + _RULE_END[rule["end"]]
        out.append((rule["intent"], "|".join([text, *rule.get("also", [])])))
    return tuple(out)


def prompt(key: str) -> Any:
    """A fixed sentence (or a table of them) of ``fr_prompts.yaml``."""
    return load(PROMPTS_FILE)[key]
