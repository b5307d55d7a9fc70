"""Labels of the pro area (callback statuses and outcomes, offer statuses, contact modes)."""

from __future__ import annotations

STAFF = ("counselor", "admin")

CALLBACK_STATUS_LABELS = {
    "new": "Nouvelle",
    "contacted": "Contactée",
    "appointment": "Rendez-vous fixé",
    "closed": "Close",
}
NEXT_STATUS_LABELS = {
    "contacted": "J'ai contacté la personne",
    "appointment": "Un rendez-vous est fixé",
    "closed": "Clore la demande",
}
OUTCOME_LABELS = {
    "return_to_school": "Retour en formation initiale",
    "training": "Entrée en formation",
    "job": "Emploi ou apprentissage",
    "referred": "Orientée vers une autre structure",
    "unreachable": "Impossible à joindre",
    "withdrawn": "Demande retirée",
    "other": "Autre",
}
TOPIC_LABELS = {
    "return_to_school": "Reprendre des études",
    "training": "Formation ou orientation",
    "job": "Emploi ou apprentissage",
    "disability": "Handicap",
}
CHANNEL_LABELS = {"call": "Par téléphone", "sms": "Par SMS", "email": "Par e-mail"}
OFFER_STATUS_LABELS = {
    "draft": "Brouillon (pas encore publiée)",
    "published": "Publiée",
    "closed": "Fermée",
    "expired": "Terminée (date passée)",
}
CONTACT_MODE_LABELS = {
    "telephone": "Téléphone",
    "email": "E-mail",
    "formulaire": "Formulaire de Total Accès",
    "sur_place": "Sur place",
}
