"""School levels an internship offer targets (``Offer.levels``, the API's ``level``)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from geodata.text import fold


@dataclass(frozen=True, slots=True)
class Level:
    level: str
    label: str  # written, as a choice: "Stage de 3e"
    spoken: str  # inside a sentence: "troisième"
    synonyms: tuple[str, ...] = ()  # what a person says or types


LEVELS: dict[str, Level] = {
    lv.level: lv
    for lv in (
        Level("3e", "Stage de 3e", "troisième", ("troisième", "3e", "3ème", "3 ème")),
        Level("2nde", "Stage de 2nde", "seconde", ("seconde", "2nde", "2de")),
        Level("cap", "CAP", "CAP", ("cap", "certificat d'aptitude professionnelle")),
        Level("bac_pro", "Bac professionnel", "bac pro", ("bac pro", "bac professionnel")),
        Level("bts", "BTS", "BTS", ("bts", "brevet de technicien supérieur")),
    )
}

#: The written labels, in order, for a form's choices and the web catalogue.
LEVEL_LABELS: dict[str, str] = {key: lv.label for key, lv in LEVELS.items()}


@lru_cache(maxsize=1)
def level_words() -> dict[str, str]:
    """folded synonym -> level key."""
    return {fold(word): lv.level for lv in LEVELS.values() for word in lv.synonyms}


def level_spoken(levels: list[str] | tuple[str, ...]) -> str:
    """'troisième, CAP' (an unknown key as it is)."""
    return ", ".join(LEVELS[k].spoken if k in LEVELS else k for k in levels)
