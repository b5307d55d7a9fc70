"""Internship offers: where an offer stands and how to contact its employer."""

from __future__ import annotations

#: Offer.status, as a counselor or an employer reads it.
OFFER_STATUS_LABELS: dict[str, str] = {
    "draft": "Brouillon (pas encore publiée)",
    "review": "En attente de validation par un conseiller",
    "published": "Publiée",
    "closed": "Fermée",
    "expired": "Terminée (date passée)",
}
#: An application's status, as its author reads it with the application code.
APPLICATION_STATUS_LABELS: dict[str, str] = {
    "new": "Envoyée, pas encore lue par l'employeur",
    "seen": "Lue par l'employeur",
    "accepted": "Acceptée : l'employeur va vous contacter",
    "declined": "Pas retenue cette fois",
    "closed": "Close",
}
#: Offer.contact_modes.
CONTACT_MODE_LABELS: dict[str, str] = {
    "telephone": "Téléphone",
    "email": "E-mail",
    "formulaire": "Formulaire de Total Accès",
    "sur_place": "Sur place",
}
