"""Dates in French words, the same on every surface."""

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
