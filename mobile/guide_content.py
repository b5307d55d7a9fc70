"""Guides ("Comprendre mes options") as the app shows them, with no Kivy: the Markdown text cut
into pieces a person reads one at a time, dates in words, and the guide that explains a kind of
structure. The API (`/api/v1/guides`) is the only source; nothing here imports the backend."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

HELPERS_HEADING = "Qui peut m'aider ?"

MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)

_LINK_RE = re.compile(r"\[([^\]]+)\]\([^)]*\)")
_HEADING_RE = re.compile(r"^#{1,6}\s+(.*)$")
_BULLET_RE = re.compile(r"^[-*+]\s+(.*)$")
_NUMBERED_RE = re.compile(r"^(\d+)[.)]\s+(.*)$")


@dataclass(frozen=True)
class Block:
    """One piece of a guide's text, focusable on its own.

    kind: "heading", "paragraph" or "item" (a list item). `text` is shown; `spoken` is what the
    self-voicing says (a bullet is not read out as a symbol).
    """

    kind: str
    text: str
    spoken: str


def _inline(text: str) -> str:
    text = _LINK_RE.sub(r"\1", text)  # a link inside the text: its words (the sources are links)
    text = text.replace("**", "").replace("__", "").replace("`", "")
    return " ".join(text.split())


def markdown_blocks(markdown: str) -> list[Block]:
    """Headings, paragraphs and list items of the guides' Markdown subset, in reading order.

    Lines of one paragraph are joined; an indented line continues the list item above it.
    """
    blocks: list[Block] = []
    paragraph: list[str] = []
    item: list[str] = []
    item_mark = ""

    def flush() -> None:
        nonlocal item_mark
        if paragraph:
            text = _inline(" ".join(paragraph))
            blocks.append(Block("paragraph", text, text))
            paragraph.clear()
        if item:
            text = _inline(" ".join(item))
            shown = f"{item_mark} {text}" if item_mark else f"• {text}"
            spoken = f"{item_mark} {text}" if item_mark else text
            blocks.append(Block("item", shown, spoken))
            item.clear()
            item_mark = ""

    for raw in markdown.splitlines():
        line = raw.strip()
        heading = _HEADING_RE.match(line)
        bullet = _BULLET_RE.match(line)
        numbered = _NUMBERED_RE.match(line)
        if not line:
            flush()
        elif heading:
            flush()
            text = _inline(heading.group(1))
            blocks.append(Block("heading", text, text))
        elif bullet or numbered:
            flush()
            if numbered:
                item_mark = f"{numbered.group(1)}."
                item.append(numbered.group(2))
            else:
                item.append(bullet.group(1))  # type: ignore[union-attr]
        elif item and raw[:1] in (" ", "\t"):
            item.append(line)
        else:
            if item:
                flush()
            paragraph.append(line)
    flush()
    return blocks


def _key(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


def is_helpers_heading(text: str) -> bool:
    return _key(text) == _key(HELPERS_HEADING)


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
