"""The kinds of places in words: what each one does, and names read without their kind."""

from __future__ import annotations

import re

from geodata.text import fold
from totalacces.vocabulary import KINDS, kind_synonyms
from voice.understanding import FUNCTION_WORDS

# What each kind of place does, in plain words (one idea a sentence): the shared vocabulary's.
KIND_EXPLAINED: dict[str, tuple[str, ...]] = {key: k.explained for key, k in KINDS.items()}


def _one_who_helps(kind: str) -> str:
    """'Une mission locale', 'Un centre de formation d'apprentis', 'Cap emploi'."""
    one = KINDS[kind].one
    return one[:1].upper() + one[1:]


def _only_kind(topic: str, kind: str) -> bool:
    """The question is about the kind of place itself: "c'est quoi une mission locale"."""
    padded = f" {fold(topic)} "
    for synonym, k in kind_synonyms():
        if k == kind and f" {synonym} " in padded:
            rest = padded.replace(f" {synonym} ", " ", 1).split()
            return all(w in FUNCTION_WORDS for w in rest)
    return False


def _without_kind(name: str, kind_code: str | None) -> str:
    """A place's name without the kind just said ("Mission locale, Lyon 3e" is read "Lyon 3e"
    in a list of missions locales): shorter, and the words that tell the items apart come first."""
    kind = KINDS.get(kind_code or "")
    if kind is None:
        return name
    for label in (kind.label, kind.full_label):
        m = re.match(
            rf"(?:agence\s+|antenne\s+)?{re.escape(label)}(?:\s*[,:–-]\s*|\s+(?=[A-ZÀ-Ý]))(?P<rest>.+)",
            name,
            re.IGNORECASE,
        )
        if m and m.group("rest")[:1].isupper():  # "Mission locale nord" stays whole
            return m.group("rest")
    return name
