"""Guides ("Comprendre mes options") as the app shows them, with no Kivy: the Markdown text cut
into pieces a person reads one at a time, dates in words, and the guide that explains a kind of
structure. The API (`/api/v1/guides`) is the only source; nothing here imports the backend. The
Markdown is parsed by the same function as on the web and in the voice
(`totalacces.guide_markdown`, markdown-it-py, shipped in the APK)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from geodata.text import fold
from totalacces import guide_markdown
from totalacces.vocabulary import MONTHS

HELPERS_HEADING = "Qui peut m'aider ?"



@dataclass(frozen=True)
class Block:
    """One piece of a guide's text, focusable on its own.

    kind: "heading", "paragraph" or "item" (a list item). `text` is shown; `spoken` is what the
    self-voicing says (a bullet is not read out as a symbol).
    """

    kind: str
    text: str
    spoken: str


def markdown_blocks(markdown: str) -> list[Block]:
    """Headings, paragraphs and list items of a guide, in reading order, as the one parser
    (:mod:`totalacces.guide_markdown`) cuts them: a numbered item keeps its number, a bullet is
    shown but not said."""
    blocks: list[Block] = []
    for parsed in guide_markdown.parse(markdown):
        text = parsed.text
        if parsed.kind != "item":
            blocks.append(Block(parsed.kind, text, text))
        elif parsed.ordered:
            blocks.append(Block("item", f"{parsed.number}. {text}", f"{parsed.number}. {text}"))
        else:
            blocks.append(Block("item", f"• {text}", text))
    return blocks


def is_helpers_heading(text: str) -> bool:
    return fold(text) == fold(HELPERS_HEADING)


def split_helpers_section(blocks: list[Block]) -> tuple[list[Block], list[Block]]:
    """(the text without its "Qui peut m'aider ?" section, that section's blocks without its
    heading). The app shows the section last, followed by one button a kind of structure."""
    before: list[Block] = []
    section: list[Block] = []
    inside = False
    for block in blocks:
        if block.kind == "heading":
            inside = is_helpers_heading(block.text)
            if inside:
                continue
        (section if inside else before).append(block)
    return before, section


def date_words(value: Any) -> str:
    """ "2026-11-29" -> "29 novembre 2026" ("1er" for the first day); the text as is otherwise."""
    try:
        day = value if isinstance(value, date) else date.fromisoformat(str(value)[:10])
    except (TypeError, ValueError):
        return str(value or "")
    number = "1er" if day.day == 1 else str(day.day)
    return f"{number} {MONTHS[day.month - 1]} {day.year}"


def best_guide_for_kind(summaries: Iterable[dict[str, Any]], kind: str | None) -> dict | None:
    """The guide that explains `kind` best, as `backend.guides.guides_for_kind` ranks them: the
    kind earliest in the guide's `helpers` (the most useful first), then the fewest helpers
    (the most specific guide), then the list order."""
    if not kind:
        return None
    found = [
        (list(s.get("helpers") or []).index(kind), len(s.get("helpers") or []), i, s)
        for i, s in enumerate(summaries)
        if kind in (s.get("helpers") or [])
    ]
    if not found:
        return None
    return min(found, key=lambda t: t[:3])[3]


def domain(url: str) -> str:
    """ "https://www.service-public.fr/particuliers/..." -> "service-public.fr"."""
    host = re.sub(r"^[a-z]+://", "", str(url)).split("/", 1)[0].split(":", 1)[0]
    return host[4:] if host.startswith("www.") else host
