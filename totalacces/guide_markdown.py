"""The guides' Markdown, parsed once (markdown-it-py, CommonMark) into blocks every surface reads.

One parse gives one structure: headings, paragraphs and list items in reading order, each made of
spans of text (plain, bold or emphasised, or a link). The web renders it as HTML
(``backend.guides.render_markdown``), the voice reads its text as sentences
(``voice.dialogue.guide_sentences``) and the app shows one block at a time
(``mobile.guide_content.markdown_blocks``). Here because the phone carries it too: the APK ships
``totalacces`` and markdown-it-py (pure Python), not the backend.

Safe by construction: raw HTML in the source is text (``html: False``), images are text, and a
link keeps its target only when it is ``https``, ``http``, ``mailto``, ``tel`` or a path on the
site; any other target (``javascript:``...) leaves the link's words alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

SAFE_URL = re.compile(r"^(?:https://|http://|/|#|mailto:|tel:)[^\s\"'<>]*$")
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class Span:
    text: str
    href: str | None = None  # a safe link target
    strong: bool = False
    em: bool = False


@dataclass(frozen=True, slots=True)
class Block:
    """One heading, paragraph or list item.

    ``level`` is a heading's level (1 to 6); list items of one list share ``list_id`` and say
    whether the list is ``ordered`` and, then, their ``number``.
    """

    kind: str  # "heading" | "paragraph" | "item"
    spans: tuple[Span, ...]
    level: int = 0
    list_id: int = -1
    ordered: bool = False
    number: int | None = None

    @property
    def text(self) -> str:
        """The words, as a person reads them (no marks, a link's words without its target)."""
        return "".join(span.text for span in self.spans).strip()

    @property
    def links(self) -> list[Span]:
        return [span for span in self.spans if span.href]


@lru_cache(maxsize=1)
def _parser() -> Any:
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": False}).disable("image")
    md.validateLink = lambda url: True  # every target is judged by SAFE_URL below instead
    return md


def _spans(children: list[Any]) -> tuple[Span, ...]:
    spans: list[Span] = []
    strong = em = 0
    href: str | None = None
    for token in children:
        kind = token.type
        if kind == "strong_open":
            strong += 1
        elif kind == "strong_close":
            strong -= 1
        elif kind == "em_open":
            em += 1
        elif kind == "em_close":
            em -= 1
        elif kind == "link_open":
            target = str(token.attrs.get("href") or "")
            href = target if SAFE_URL.match(target) else None
        elif kind == "link_close":
            href = None
        elif kind in ("text", "code_inline", "softbreak", "hardbreak", "html_inline"):
            text = " " if kind in ("softbreak", "hardbreak") else token.content
            span = Span(_SPACES.sub(" ", text), href, strong > 0, em > 0)
            last = spans[-1] if spans else None
            if last and (last.href, last.strong, last.em) == (span.href, span.strong, span.em):
                spans[-1] = Span(last.text + span.text, href, span.strong, span.em)
            else:
                spans.append(span)
    if spans:  # no space at either end of the block
        spans[0] = Span(spans[0].text.lstrip(), spans[0].href, spans[0].strong, spans[0].em)
        spans[-1] = Span(spans[-1].text.rstrip(), spans[-1].href, spans[-1].strong, spans[-1].em)
    return tuple(s for s in spans if s.text)


def parse(markdown: str) -> list[Block]:
    """The blocks of a guide's Markdown text, in reading order.

    A list item with several paragraphs is one block (its paragraphs joined); a nested list's
    items follow their parent item as items of their own list. Code is read as text; thematic
    breaks are dropped.
    """
    tokens = _parser().parse(markdown or "")
    blocks: list[Block] = []
    lists: list[tuple[int, bool, list[int]]] = []  # (list_id, ordered, [next number])
    item: dict[str, Any] | None = None
    item_stack: list[dict[str, Any] | None] = []
    next_list = 0
    heading_level = 0

    def close_item() -> None:
        nonlocal item
        if item is not None and item["spans"]:
            blocks.append(
                Block(
                    "item",
                    tuple(item["spans"]),
                    list_id=item["list_id"],
                    ordered=item["ordered"],
                    number=item["number"],
                )
            )
        item = None

    for token in tokens:
        kind = token.type
        if kind in ("bullet_list_open", "ordered_list_open"):
            start = int(token.attrs.get("start") or 1) if kind == "ordered_list_open" else 1
            lists.append((next_list, kind == "ordered_list_open", [start]))
            next_list += 1
            if item is not None:  # a sub-list: its parent item is said first
                parent = dict(item)
                close_item()
                parent["spans"] = []
                item = parent
            item_stack.append(item)
            item = None
        elif kind in ("bullet_list_close", "ordered_list_close"):
            close_item()
            lists.pop()
            item = item_stack.pop()
        elif kind == "list_item_open":
            close_item()
            list_id, ordered, counter = lists[-1]
            item = {"spans": [], "list_id": list_id, "ordered": ordered, "number": None}
            if ordered:
                item["number"] = counter[0]
                counter[0] += 1
        elif kind == "list_item_close":
            close_item()
        elif kind == "heading_open":
            heading_level = int(token.tag[1])
        elif kind == "inline":
            spans = _spans(token.children or [])
            if not spans:
                continue
            if item is not None:
                if item["spans"]:
                    spans = (Span(" "), *spans)
                item["spans"].extend(spans)
            elif heading_level:
                blocks.append(Block("heading", spans, level=heading_level))
            else:
                blocks.append(Block("paragraph", spans))
        elif kind == "heading_close":
            heading_level = 0
        elif kind in ("fence", "code_block"):
            text = _SPACES.sub(" ", token.content).strip()
            if text:
                blocks.append(Block("paragraph", (Span(text),)))
    return blocks
