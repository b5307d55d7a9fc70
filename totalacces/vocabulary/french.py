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


#: The spelling alphabet said for a letter of a code ("K comme kilo"), the one radio operators
#: and call centres use in France.
SPELLING = dict(
    zip(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
        [
            "alpha",
            "bravo",
            "charlie",
            "delta",
            "écho",
            "fox-trot",
            "golf",
            "hôtel",
            "india",
            "juliette",
            "kilo",
            "lima",
            "mike",
            "novembre",
            "oscar",
            "papa",
            "québec",
            "roméo",
            "sierra",
            "tango",
            "uniforme",
            "victor",
            "whisky",
            "x-ray",
            "yankee",
            "zoulou",
        ],
        strict=True,
    )
)
_DIGITS = ["zéro", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf"]


def spell_code(code: str, group: int = 4) -> str:
    """ "66GM9HRG" -> "six, six, G comme golf, M comme mike ; neuf, H comme hôtel, R comme
    roméo, G comme golf": each sign on its own, in groups of ``group``, so that it can be written
    down while listening."""
    signs = [c for c in code.upper() if c.isalnum()]
    words = [
        _DIGITS[int(c)] if c.isdigit() else f"{c} comme {SPELLING.get(c, c.lower())}" for c in signs
    ]
    groups = [", ".join(words[i : i + group]) for i in range(0, len(words), group)]
    return " ; ".join(groups)
