"""The one text-folding function of the project: every surface compares words through it.

``fold`` is what "the same words" means everywhere (place names, kinds, careers, guides, what the
voice heard): case and accents do not matter, nor hyphens, apostrophes or punctuation. A caller
that needs more builds it on top (``fold_place`` expands "St"/"Ste"; the voice turns spoken
numbers into digits first). ``geodata`` imports nothing of ours, so every package can use it.
"""

from __future__ import annotations

import re
import unicodedata

_COMBINING = re.compile(r"[\u0300-\u036f]+")
#: Control and invisible characters (zero-width spaces, direction marks, BOM): deleted, so that a
#: word pasted with one inside stays one word.
_CONTROL = re.compile(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060\ufeff]"
)
_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae"})
_NON_ALNUM = re.compile(r"[^0-9a-z]+")
_ABBREV = {"st": "saint", "ste": "sainte", "sts": "saints", "stes": "saintes"}
_ABBREV_RE = re.compile(r"\b(?:st|ste|sts|stes)\b")


def fold(text: str) -> str:
    """Lower case (casefold: "ß" -> "ss"), accents removed, "œ"/"æ" spelt out, control and
    invisible characters deleted, every other run of non-alphanumeric characters (hyphens,
    apostrophes, punctuation, emoji) turned into one space, no space at either end.

    >>> fold("L’École de la 2e Chance !")
    'l ecole de la 2e chance'
    """
    text = _CONTROL.sub("", text).casefold().translate(_LIGATURES)
    text = _COMBINING.sub("", unicodedata.normalize("NFKD", text))
    return _NON_ALNUM.sub(" ", text).strip()


def fold_place(text: str) -> str:
    """:func:`fold`, then "St"/"Ste"/"Sts"/"Stes" as words said in full (place names)."""
    return _ABBREV_RE.sub(lambda m: _ABBREV[m.group(0)], fold(text))
