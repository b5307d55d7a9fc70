"""Internship offers: where an offer stands and how to contact its employer."""

from __future__ import annotations

#: Offer.status, as a counselor or an employer reads it.
OFFER_STATUS_LABELS: dict[str, str] = {
    "draft": "Brouillon (pas encore publiée)",
    "published": "Publiée",
    "closed": "Fermée",
    "expired": "Terminée (date passée)",
}
#: Offer.contact_modes.
CONTACT_MODE_LABELS: dict[str, str] = {
    "telephone": "Téléphone",
    "email": "E-mail",
    "formulaire": "Formulaire de Total Accès",
    "sur_place": "Sur place",
}
