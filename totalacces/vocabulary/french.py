"""French words every surface shares: month names, and "de" before a word."""

from __future__ import annotations

#: The months, as written and said ("juillet 2019", "30 novembre 2026").
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

_VOWELS = tuple("aeiouyâàéèêëîïôöûùAEIOUYÂÀÉÈÊËÎÏÔÖÛÙ")


def de(word: str) -> str:
    """ "de Lyon", "d'Aix-en-Provence", "d'août 2023", "du Mans" (Le Mans), "des Ulis" (Les Ulis).

    "de La Rochelle" and "de L'Isle-Adam" keep their article, as French does."""
    for article, joined in (("Le ", "du "), ("Les ", "des "), ("le ", "du "), ("les ", "des ")):
        if word.startswith(article) and len(word) > len(article):
            return joined + word[len(article) :]
    return f"d'{word}" if word.startswith(_VOWELS) else f"de {word}"
