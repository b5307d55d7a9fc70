"""French numbers as a recognizer writes them, for phone numbers and ages.

text2num handles most numbers, but a recognizer writes "soixante dix huit" without hyphens, which
text2num reads as "70 8". Phone numbers are said in pairs, so this module reads each pair itself.
"""

from __future__ import annotations

import re

from geodata.text import fold

_UNITS = {
    "zero": 0,
    "un": 1,
    "une": 1,
    "deux": 2,
    "trois": 3,
    "quatre": 4,
    "cinq": 5,
    "six": 6,
    "sept": 7,
    "huit": 8,
    "neuf": 9,
    "dix": 10,
    "onze": 11,
    "douze": 12,
    "treize": 13,
    "quatorze": 14,
    "quinze": 15,
    "seize": 16,
}
_TENS = {"vingt": 20, "vingts": 20, "trente": 30, "quarante": 40, "cinquante": 50, "soixante": 60}


def _read_number(words: list[str], i: int) -> tuple[int, int] | None:
    """Read one number 0..99 starting at words[i]; returns (value, next index)."""
    w = words[i]
    if w.isdigit():
        return int(w), i + 1
    if w == "quatre" and i + 1 < len(words) and words[i + 1] in ("vingt", "vingts"):
        value, i = 80, i + 2
        if i < len(words) and words[i] == "dix":
            if i + 1 < len(words) and words[i + 1] in ("sept", "huit", "neuf"):
                return 90 + _UNITS[words[i + 1]], i + 2
            return 90, i + 1
        if i < len(words) and words[i] in _UNITS and 1 <= _UNITS[words[i]] <= 19:
            return value + _UNITS[words[i]], i + 1
        return value, i
    if w in _TENS:
        value, i = _TENS[w], i + 1
        if i < len(words) and words[i] == "et":
            i += 1
        if (
            i < len(words)
            and words[i] in _UNITS
            and 1 <= _UNITS[words[i]] <= (19 if value == 60 else 9)
        ):
            # "soixante dix huit": dix + huit
            if value == 60 and words[i] == "dix" and i + 1 < len(words) and words[i + 1] in _UNITS:
                extra = _UNITS[words[i + 1]]
                if 1 <= extra <= 9:
                    return 70 + extra, i + 2
            return value + _UNITS[words[i]], i + 1
        return value, i
    if w == "dix" and i + 1 < len(words) and words[i + 1] in ("sept", "huit", "neuf"):
        return 10 + _UNITS[words[i + 1]], i + 2
    if w in _UNITS:
        return _UNITS[w], i + 1
    return None


def digits_from_speech(text: str) -> str:
    """'zéro six, douze, trente-quatre' -> '061234'; digits already written stay as they are."""
    words = fold(text.replace("+33", " 0 ")).split()
    out: list[str] = []
    i = 0
    while i < len(words):
        found = _read_number(words, i)
        if found is None:
            i += 1
            continue
        value, j = found
        token = words[i]
        if value == 33 and not out and j < len(words):  # "+33 6 ..." -> "06..."
            out.append("0")
        elif token.isdigit():
            out.append(token)
        elif value < 10 and j == i + 1:
            out.append(str(value))
        else:
            out.append(f"{value:02d}")
        i = j
    return "".join(out)


def phone_from_speech(text: str) -> str | None:
    """A French phone number (10 digits, starts with 0) heard in `text`, or None."""
    digits = digits_from_speech(text)
    if len(digits) == 9 and not digits.startswith("0"):
        digits = "0" + digits
    if len(digits) == 10 and digits.startswith("0"):
        return digits
    return None


def phone_pairs(digits: str) -> str:
    """'0612345678' -> '06 12 34 56 78'."""
    return " ".join(digits[i : i + 2] for i in range(0, len(digits), 2))


_AGE = re.compile(r"\b(\d{1,2})\b")


def age_from_speech(text: str) -> int | None:
    folded = fold(text)
    m = _AGE.search(folded)
    if m:
        value = int(m.group(1))
    else:
        words = folded.split()
        value = None
        for i in range(len(words)):
            found = _read_number(words, i)
            if found:
                value = found[0]
                break
    if value is not None and 10 <= value <= 99:
        return value
    return None
