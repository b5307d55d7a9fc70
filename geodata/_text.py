"""Place-name matching helpers on top of :func:`geodata.text.fold_place` (internal)."""

from __future__ import annotations

import re

# Words a person says before a place: "près de Nantes", "à Lyon", "autour de Lille".
# Longest first; matched at the start of the normalised text only.
LEADING_PHRASES: tuple[str, ...] = (
    "pas loin de",
    "du cote de",
    "a cote de",
    "autour de",
    "proche de",
    "aux alentours de",
    "dans la ville de",
    "dans la commune de",
    "la ville de",
    "la commune de",
    "ville de",
    "commune de",
    "pres de",
    "vers",
    "sur",
    "dans",
    "en",
    "a",
    "au",
    "aux",
    "de",
    "du",
    "des",
)
ARTICLES: tuple[str, ...] = ("les", "le", "la", "l")

_PHRASE_RE = re.compile(r"^(?:(?:" + "|".join(re.escape(p) for p in LEADING_PHRASES) + r") )+")
_ARTICLE_RE = re.compile(r"^(?:" + "|".join(ARTICLES) + r") ")


def strip_leading_phrases(folded: str) -> str:
    """Remove "près de", "à", "vers"... at the start (repeatedly) of a folded text."""
    return _PHRASE_RE.sub("", folded)


def strip_article(folded: str) -> str:
    """Remove one leading article (le, la, les, l') of a folded text."""
    return _ARTICLE_RE.sub("", folded)
