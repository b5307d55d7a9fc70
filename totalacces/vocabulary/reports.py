"""« Signaler une erreur »: the reasons a person gives and what every surface says of a place or
an offer with an open report (web, API speech, voice, app say the same words)."""

from __future__ import annotations

from typing import Any

#: Reason key -> its label, for a place and for an offer.
REPORT_REASONS: dict[str, str] = {
    "phone": "Le numéro de téléphone est faux",
    "closed": "Le lieu est fermé",
    "moved": "L'adresse a changé",
    "other": "Autre erreur",
}
OFFER_REPORT_REASONS: dict[str, str] = {
    "phone": "Le contact est faux",
    "closed": "L'offre n'existe plus",
    "moved": "Le lieu du stage a changé",
    "other": "Autre erreur",
}
#: Words a person says for each reason (the voice), folded: no accents, lower case.
REPORT_REASON_WORDS: dict[str, tuple[str, ...]] = {
    "phone": ("telephone", "numero", "repond pas", "mauvais numero", "contact"),
    "closed": ("ferme", "fermee", "n existe plus", "existe plus", "plus la"),
    "moved": ("demenage", "adresse", "change d adresse", "deplace", "bouge"),
    "other": ("autre", "autre chose"),
}

REPORTED_WORDS = (
    "Signalé comme à vérifier : une personne a signalé une erreur, pas encore corrigée."
)


def reported_words(item: dict[str, Any]) -> str:
    """The sentence for a place or offer with an open report; empty otherwise."""
    return REPORTED_WORDS if item.get("reported") else ""


def report_reason(folded: str) -> str | None:
    """The reason key a person's words name ("le numéro ne répond pas" -> phone), or None."""
    padded = f" {folded} "
    for key, words in REPORT_REASON_WORDS.items():
        if any(f" {w} " in padded for w in words):
            return key
    return None
