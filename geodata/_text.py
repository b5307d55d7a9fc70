"""Normalisation of place names for matching (internal)."""

from __future__ import annotations

import re
import unicodedata

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

_ABBREV = {"st": "saint", "ste": "sainte", "sts": "saints", "stes": "saintes"}
_NON_ALNUM = re.compile(r"[^0-9a-z]+")
_ABBREV_RE = re.compile(r"\b(?:st|ste|sts|stes)\b")
_COMBINING = re.compile(r"[\u0300-\u036f]+")
_CONTROL = re.compile(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060\ufeff]"
)
_PHRASE_RE = re.compile(r"^(?:(?:" + "|".join(re.escape(p) for p in LEADING_PHRASES) + r") )+")
_ARTICLE_RE = re.compile(r"^(?:" + "|".join(ARTICLES) + r") ")


def fold(text: str) -> str:
    """Lower case, accents removed, control and invisible characters deleted, every other
    non-alphanumeric run (hyphens, apostrophes, emoji, punctuation) turned into one space,
    St/Ste expanded."""
    text = _CONTROL.sub("", text).replace("œ", "oe").replace("Œ", "OE")
    text = _COMBINING.sub("", unicodedata.normalize("NFKD", text)).lower()
    text = _NON_ALNUM.sub(" ", text).strip()
    return _ABBREV_RE.sub(lambda m: _ABBREV[m.group(0)], text)


def strip_leading_phrases(folded: str) -> str:
    """Remove "près de", "à", "vers"... at the start (repeatedly) of a folded text."""
    return _PHRASE_RE.sub("", folded)


def strip_article(folded: str) -> str:
    """Remove one leading article (le, la, les, l') of a folded text."""
    return _ARTICLE_RE.sub("", folded)
