"""Text as a recognizer returns it, made comparable: lower case, numbers as digits, folded.

Also the words that say nothing of the subject (``FUNCTION_WORDS``) and the fillers said before
a request or an answer (``FILLERS``), from ``voice/sentences/fr_words.yaml``.
"""

from __future__ import annotations

import contextlib
import re

from geodata.text import fold
from voice.language import alternatives, words

_SPLIT_NUMBER = re.compile(r"\b(\d)\s+(?=\d\b)")


_UNITS = alternatives("number_units")
_TEENS = alternatives("number_teens")
# A recognizer writes "quatre vingt treize", "soixante dix sept", "dix sept" without hyphens;
# text2num reads those as separate numbers ("4 20 13"): put the hyphens back first.
_COMPOUNDS = (
    (re.compile(r"\bdix (sept|huit|neuf)\b"), r"dix-\1"),
    (re.compile(r"\bquatre[ -]vingt(s?)\b"), r"quatre-vingt\1"),
    (
        re.compile(
            rf"\b(soixante|quatre-vingts?) (dix(?:-(?:sept|huit|neuf))?|{_TEENS}|{_UNITS})\b"
        ),
        r"\1-\2",
    ),
    (re.compile(rf"\b({alternatives('number_tens')}) ({_UNITS})\b"), r"\1-\2"),
)


def join_number_words(text: str) -> str:
    """ "quatre vingt treize" -> "quatre-vingt-treize", as text2num expects."""
    for pattern, repl in _COMPOUNDS:
        text = pattern.sub(repl, text)
    return text.replace("quatre-vingts-", "quatre-vingt-")


def normalize(text: str) -> str:
    """Lower case, numbers as digits ("dix kilomètres" -> "10 kilometres"), folded."""
    from text_to_num import alpha2digit

    lowered = join_number_words(text.lower().replace("’", "'"))
    with contextlib.suppress(Exception):  # text2num is strict about odd inputs: keep the words
        lowered = alpha2digit(lowered, "fr")
    return fold(lowered)


# Words that say nothing of the subject (the backend's search ignores them too), folded.
FUNCTION_WORDS: frozenset[str] = frozenset(words("function_words"))

# Sounds and words before a request or an answer ("non un cio a grenoble", "euh ben...").
FILLERS = re.compile(rf"^(?:(?:{alternatives('fillers')})\s+)+")
