"""Validation of the pro area's forms, apart from the handlers: login, offer, callback update
and the structure form (whose rules are the structure service's)."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import geodata
from backend.models import Offer
from backend.people.services import structures as structure_service
from backend.services import hours as opening_hours
from backend.web import data
from backend.web.i18n import gettext as _
from backend.web.pro.labels import CONTACT_MODE_LABELS, NEXT_STATUS_LABELS, OUTCOME_LABELS

LOGIN_FIELDS = ["email", "mot_de_passe"]
OFFER_FIELDS = [
    "titre",
    "employeur",
    "description",
    "commune",
    "rome",
    "niveaux",
    "debut",
    "fin",
    "semaines",
    "places",
    "contacts",
    "accessible",
    "accessibilite",
]
STRUCTURE_FIELDS = ["telephone", "email", "site", "horaires", "accessibilite", "description"]

#: The form's field names and the structure service's.
STRUCTURE_FORM = dict(zip(STRUCTURE_FIELDS, structure_service.FIELDS, strict=True))


def login_errors(form: dict[str, str]) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not form["email"]:
        errors["email"] = _("Indiquez l'adresse e-mail de votre compte.")
    if not form["mot_de_passe"]:
        errors["mot_de_passe"] = _("Indiquez votre mot de passe.")
    return errors


def callback_update_errors(form: dict[str, str]) -> dict[str, str]:
    if form["statut"] not in NEXT_STATUS_LABELS:
        return {"statut": _("Choisissez où en est la demande.")}
    if form["statut"] == "closed" and form["resultat"] not in OUTCOME_LABELS:
        return {"resultat": _("Pour clore la demande, choisissez son résultat.")}
    return {}


#: The opening hours are days and time ranges, never a raw string: two ranges a day.
HOURS_DAYS = list(zip(("lu", "ma", "me", "je", "ve", "sa", "di"), opening_hours.DAYS, strict=True))
HOURS_FIELDS = [
    f"h-{code}-{n}-{end}" for code, _day in HOURS_DAYS for n in (1, 2) for end in ("de", "a")
] + ["h-feries"]


def hours_form_values(stored: str | None) -> dict[str, str]:
    """The day fields of a stored value (a value the form cannot hold exactly comes back as its
    usual week; free text from before the form is shown apart, see ``hours_note``)."""
    days, holidays_closed = opening_hours.to_days(stored)
    values = {name: "" for name in HOURS_FIELDS}
    for (code, _day), ranges in zip(HOURS_DAYS, days, strict=True):
        for n, (start, end) in enumerate(ranges[:2], start=1):
            values[f"h-{code}-{n}-de"] = f"{start:%H:%M}"
            values[f"h-{code}-{n}-a"] = (
                "23:59" if end == opening_hours.END_OF_DAY else f"{end:%H:%M}"
            )
    values["h-feries"] = "oui" if holidays_closed else ""
    return values


def hours_from_form(form: dict[str, str]) -> tuple[str | None, str | None]:
    """The OSM ``opening_hours`` string of the posted days, or an error in the visitor's language."""
    days: list[list[tuple[Any, Any]]] = []
    for code, day in HOURS_DAYS:
        ranges = []
        for n in (1, 2):
            start_text, end_text = form.get(f"h-{code}-{n}-de", ""), form.get(f"h-{code}-{n}-a", "")
            if not start_text and not end_text:
                continue
            if not start_text or not end_text:
                return None, _(
                    "Pour %(day)s, donnez l'heure d'ouverture et l'heure de fermeture.", day=_(day)
                )
            start, end = opening_hours.parse_time(start_text), opening_hours.parse_time(end_text)
            if start is None or end is None:
                return None, _(
                    "Heure incorrecte pour %(day)s : écrivez-la par exemple 09:00.", day=_(day)
                )
            if end <= start:
                return None, _(
                    "Pour %(day)s, l'heure de fermeture vient après l'heure d'ouverture.",
                    day=_(day),
                )
            if ranges and start < ranges[-1][1]:
                return None, _(
                    "Pour %(day)s, la deuxième plage commence après la fin de la première.",
                    day=_(day),
                )
            ranges.append((start, end))
        days.append(ranges)
    return opening_hours.from_days(days, holidays_closed=form.get("h-feries") == "oui"), None


def structure_form_values(structure: Any) -> dict[str, str]:
    values = {name: getattr(structure, key) or "" for name, key in STRUCTURE_FORM.items()}
    values.update(hours_form_values(structure.opening_hours))
    return values


def structure_values(form: dict[str, str]) -> dict[str, str | None]:
    """The structure service's values of the posted form (the hours built from the days)."""
    values: dict[str, str | None] = {key: form[name] for name, key in STRUCTURE_FORM.items()}
    values["opening_hours"], _error = hours_from_form(form)
    return values


def structure_errors(error: structure_service.InvalidStructure) -> dict[str, str]:
    """The service's field errors on the form's fields, in the visitor's language."""
    names = {key: name for name, key in STRUCTURE_FORM.items()}
    return {
        names[e.field]: _(e.message) % {"limit": e.limit} if e.limit else _(e.message)
        for e in error.errors
    }


def offer_form_values(offer: Offer) -> dict[str, Any]:
    return {
        "titre": offer.title,
        "employeur": offer.employer,
        "description": offer.description,
        "commune": offer.commune,
        "rome": offer.rome_codes,
        "niveaux": offer.levels.split(),
        "debut": offer.start_date.isoformat() if offer.start_date else "",
        "fin": offer.end_date.isoformat() if offer.end_date else "",
        "semaines": str(offer.weeks or ""),
        "places": str(offer.places_left),
        "contacts": offer.contact_modes.split(),
        "accessible": "oui" if offer.accessible else "",
        "accessibilite": offer.workplace_accessibility or "",
    }


def parse_offer(raw: Any) -> tuple[dict[str, Any], dict[str, Any], dict[str, str]]:
    """(form values to show again, service values, errors)."""
    form: dict[str, Any] = {
        k: str(raw.get(k, "")).strip() for k in OFFER_FIELDS if k not in ("niveaux", "contacts")
    }
    form["niveaux"] = [str(v) for v in raw.getlist("niveaux")]
    form["contacts"] = [str(v) for v in raw.getlist("contacts")]
    values: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for key, target, message in (
        ("titre", "title", _("Indiquez le titre du stage.")),
        ("employeur", "employer", _("Indiquez le nom de l'employeur.")),
        ("description", "description", _("Décrivez le stage en quelques phrases.")),
    ):
        if form[key]:
            values[target] = form[key]
        else:
            errors[key] = message
    if not form["commune"]:
        errors["commune"] = _("Indiquez la commune du stage.")
    else:
        try:
            found = geodata.lookup(form["commune"], limit=5)
        except ValueError:
            found = None
        if found is None or found.best is None:
            errors["commune"] = _("Commune introuvable : vérifiez l'orthographe ou le code postal.")
        elif found.ambiguous:
            names = ", ".join(c.label for c in found.candidates[:4])
            errors["commune"] = _(
                "Plusieurs communes portent ce nom : %(names)s. Ajoutez le code postal."
            ) % {"names": names}
        else:
            values["code_insee"] = found.best.code_insee
    codes = form["rome"].upper().replace(",", " ").split()
    if not codes or any(not re.fullmatch(r"[A-Z]\d{4}", c) for c in codes):
        errors["rome"] = _("Codes ROME : une lettre et quatre chiffres, par exemple H2913.")
    else:
        values["rome_codes"] = codes
    if not form["niveaux"] or any(v not in data.LEVEL_LABELS for v in form["niveaux"]):
        errors["niveaux"] = _("Cochez au moins un niveau.")
    else:
        values["levels"] = form["niveaux"]
    if not form["contacts"] or any(v not in CONTACT_MODE_LABELS for v in form["contacts"]):
        errors["contacts"] = _("Cochez au moins un moyen de contact.")
    else:
        values["contact_modes"] = form["contacts"]
    for key, target in (("debut", "start_date"), ("fin", "end_date")):
        if form[key]:
            try:
                values[target] = date.fromisoformat(form[key])
            except ValueError:
                errors[key] = _("Date incorrecte : écrivez-la sous la forme 2027-01-31.")
        else:
            values[target] = None
    if form["semaines"]:
        if form["semaines"].isdigit() and 1 <= int(form["semaines"]) <= 52:
            values["weeks"] = int(form["semaines"])
        else:
            errors["semaines"] = _("Nombre de semaines : un nombre entre 1 et 52.")
    if form["places"].isdigit() and 0 <= int(form["places"]) <= 100:
        values["places_left"] = int(form["places"])
    else:
        errors["places"] = _("Nombre de places : un nombre entre 0 et 100.")
    values["accessible"] = form["accessible"] == "oui"
    values["workplace_accessibility"] = form["accessibilite"] or None
    return form, values, errors
