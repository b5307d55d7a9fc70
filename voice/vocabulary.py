"""The words only the voice needs: ordinals and the ROME job titles and sectors said aloud.

Structure kinds, levels and callback topics, with their synonyms, are the shared vocabulary's
(:mod:`totalacces.vocabulary`); everything is folded by the one function,
:func:`geodata.text.fold`.
"""

from __future__ import annotations

import gzip
import json
from functools import lru_cache
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parent / "data"

ORDINALS: dict[str, int] = {
    "premier": 1,
    "premiere": 1,
    "1er": 1,
    "1ere": 1,
    "un": 1,
    "une": 1,
    "deuxieme": 2,
    "second": 2,
    "seconde": 2,
    "2e": 2,
    "2eme": 2,
    "deux": 2,
    "troisieme": 3,
    "3e": 3,
    "3eme": 3,
    "trois": 3,
    "quatrieme": 4,
    "4e": 4,
    "4eme": 4,
    "quatre": 4,
    "cinquieme": 5,
    "cinq": 5,
    "5e": 5,
    "5eme": 5,
    "sixieme": 6,
    "septieme": 7,
    "huitieme": 8,
    "neuvieme": 9,
    "dixieme": 10,
    "dernier": -1,
    "derniere": -1,
}


@lru_cache(maxsize=1)
def rome_vocab() -> dict[str, Any]:
    """The compact ROME vocabulary built by scripts/build_voice_vocab.py."""
    with gzip.open(DATA / "rome_vocab.json.gz", "rt", encoding="utf-8") as f:
        return json.load(f)


def rome_label(code: str) -> str | None:
    v = rome_vocab()
    if len(code) == 1:
        return v["grand_domains"].get(code)
    if len(code) == 3:
        return v["domains"].get(code)
    return v["labels"].get(code)


@lru_cache(maxsize=4096)
def find_rome(folded: str) -> str | None:
    """A ROME code or prefix for a job title or sector said in `folded` text, or None."""
    v = rome_vocab()
    words = folded.split()
    # Longest job title first (three words, then two, then one); plural "s" tolerated.
    for size in (3, 2, 1):
        for i in range(len(words) - size + 1):
            chunk = " ".join(words[i : i + size])
            for candidate in (chunk, chunk.rstrip("s"), chunk.rstrip("x")):
                code = v["jobs"].get(candidate)
                if code and candidate not in _JOB_STOPWORDS:
                    return code
    for size in (3, 2, 1):
        for i in range(len(words) - size + 1):
            chunk = " ".join(words[i : i + size])
            prefix = v["sectors"].get(chunk) or v["sectors"].get(chunk.rstrip("s"))
            if prefix:
                return prefix
    return None


# Words that are job titles in the ROME but mean something else in a sentence.
_JOB_STOPWORDS = frozenset(
    {
        "guide",
        "aide",
        "stage",
        "stagiaire",
        "conseiller",
        "conseillere",
        "agent",
        "chef",
        "directeur",
        "assistant",
        "mission",
        "responsable",
        "charge",
        "apprenti",
        "accueil",
        "second",
        "seconde",
        "troisieme",
        "cap",
        "bts",
        "epide",
        "mission locale",
    }
)
