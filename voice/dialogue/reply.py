"""What a turn answers (:class:`Reply`, :class:`Action`) and how long it may be.

A first answer is at most MAX_WORDS words as heard; what does not fit waits for « la suite ».
Names are cut short for the ear (:func:`_short`), items are numbered in words (:func:`_nth`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from geodata.speech import speakable
from voice import language
from voice.language import alternatives, words
from voice.understanding import Understanding


@dataclass
class Action:
    kind: str  # "dial" | "route" | "open_url" | "end" | "rate"
    data: dict[str, Any] = field(default_factory=dict)


@dataclass
class Reply:
    text: str
    actions: list[Action] = field(default_factory=list)
    state: str = "home"
    prompt: str = ""  # the question or instruction that ends `text` (already inside it)
    items_read: int = 0  # how many list items `text` reads in a row
    understanding: Understanding | None = None
    quoted: str = ""  # guide text read as written (inside `text`): at most three sentences


# A first answer is at most MAX_WORDS words as heard (about 15 seconds); the rest waits for
# « la suite ». Counted on the text as the voice says it (acronyms and numbers in words).
MAX_WORDS = 40

MORE_PROMPT: str = language.prompt("more")

_SENTENCE_END = re.compile(r"(?<=[.!?»])\s+(?=[A-ZÀ-ÖØ-Þ«])")

_ITEM_SENTENCE = re.compile(rf"^(?:{alternatives('item_numbers')}) : ")


def _heard_words(text: str) -> int:
    return len(speakable(text).split())


def _first_words(parts: list[str], budget: int) -> tuple[list[str], list[str]]:
    """The sentences of `parts` that fit in `budget` heard words (at least one), and the rest."""
    sentences = [x for part in parts for x in _SENTENCE_END.split(part) if x.strip()]
    kept: list[str] = []
    used = 0
    for i, sentence in enumerate(sentences):
        words = _heard_words(sentence)
        if kept and used + words > budget:
            return kept, sentences[i:]
        kept.append(sentence)
        used += words
    return kept, []


def _short(name: str, max_words: int = 8) -> str:
    """A name a person can hear: no parentheses, dashes as commas, at most 8 words.

    'Mission locale - Lyon 3e' -> 'Mission locale, Lyon 3e'; 'Stage stage de 3e' -> 'Stage de 3e'.
    """
    name = re.sub(r"\s*\(.*?\)", "", name or "").strip()
    name = re.sub(r"\s+[-–]\s+", ", ", name)
    words = name.split()
    if len(words) > 1 and words[0].lower() == words[1].lower():
        words = words[1:]
        words[0] = words[0].capitalize()
    kept_words = words[:max_words]
    if len(words) > max_words:  # cut: never on a word that announces another ("Chef de")
        while len(kept_words) > 1 and _DANGLING.match(kept_words[-1].rstrip(",;:")):
            kept_words.pop()
    kept = " ".join(kept_words).rstrip(",;:")
    return kept or "Sans nom"


# words a cut name must not end on: "Chef de", "Vendeur en", "Institut des"
_DANGLING = re.compile(rf"^(?:{alternatives('dangling_words')})$", re.IGNORECASE)


def _first_sentence(text: str | None, max_words: int = 15) -> str | None:
    if not text:
        return None
    sentence = re.split(r"(?<=[.!?])\s+", text.strip())[0]
    words = sentence.split()
    if len(words) > max_words:
        return None
    return sentence if sentence.endswith((".", "!", "?")) else sentence + "."


_NUMBER_WORDS: tuple[str, ...] = words("number_words")


def _nth(n: int) -> str:
    return _NUMBER_WORDS[n - 1] if 1 <= n <= len(_NUMBER_WORDS) else str(n)


def _short_sentences(text: str, most: int = 15) -> list[str]:
    """A server's sentence said in short ones: "A ici : B." -> "A ici.", "B." (a part longer
    than ``most`` words is left out: the rest of the answer says what to do)."""
    parts = [p.strip(" .") for p in re.split(r"[:;.]\s+|\.$", text) if p.strip(" .")]
    out = []
    for part in parts:
        if len(part.split()) <= most:
            out.append(part[:1].upper() + part[1:] + ".")
    return out


class Speaking:
    """The replies of a dialogue: the answer said now, the rest held for « la suite »."""

    state: str
    held: tuple[list[str], str, str] | None

    def _say(
        self,
        *sentences: str,
        prompt: str = "",
        actions: list[Action] | None = None,
        items_read: int = 0,
        state: str | None = None,
        quoted: str = "",
    ) -> Reply:
        if state is not None:
            self.state = state
        parts = [s for s in sentences if s]
        self.held = None
        if _heard_words(" ".join([*parts, prompt])) > MAX_WORDS:
            parts, rest = _first_words(parts, MAX_WORDS - _heard_words(MORE_PROMPT))
            if rest:  # the rest waits for « la suite »; the question comes at the end
                # a guide's text read as written: the part of it said now, the rest later
                quoted_now = " ".join(x for x in parts if quoted and x in quoted)
                quoted_later = " ".join(x for x in rest if quoted and x in quoted)
                self.held = (rest, prompt, quoted_later)
                prompt, quoted = MORE_PROMPT, quoted_now
                items_read = sum(bool(_ITEM_SENTENCE.match(p)) for p in parts)
        if prompt:
            parts.append(prompt)
        text = " ".join(parts) or language.prompt("listening")
        return Reply(text, actions or [], self.state, prompt, items_read, quoted=quoted)

    def _say_held(self) -> Reply:
        """« La suite » after an answer cut at MAX_WORDS: the next words of the same answer."""
        assert self.held is not None
        rest, prompt, quoted = self.held
        items = sum(bool(_ITEM_SENTENCE.match(p)) for p in rest)
        return self._say(*rest, prompt=prompt, items_read=items, quoted=quoted)
