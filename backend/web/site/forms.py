"""Validation of the public site's forms and query fields, apart from the handlers: the place
field, the contact fields, the application form, the callback form and the follow-up code."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from fastapi import Request

import geodata
from backend.services import places as places_service
from backend.services.errors import ServiceError
from backend.web.i18n import gettext as _
from totalacces import vocabulary


def resolve_place(
    request: Request, field_name: str = "commune"
) -> tuple[dict[str, Any] | None, dict[str, str], list[Any]]:
    """(place, errors, candidates) from ``code`` (a candidate link), ``lat``/``lon`` (the
    "Autour de moi" button) or the text field, through the one place resolver
    (``backend.services.places.choose``). ``place`` has the page's ``label``, the position and
    the resolver's ``note`` (the reading taken: a former commune, a postcode, a code read
    with its leading zero)."""
    params = request.query_params
    code = params.get("code", "").strip()
    lat_text, lon_text = params.get("lat"), params.get("lon")
    lat = lon = None
    if not code and lat_text and lon_text:
        try:
            lat, lon = float(lat_text), float(lon_text)
            if not (-90 <= lat <= 90 and -180 <= lon <= 180):
                raise ValueError
        except ValueError:
            return (
                None,
                {field_name: _("La position reçue n'est pas valable. Tapez une commune.")},
                [],
            )
    text = params.get(field_name, "").strip()
    if not code and lat is None:
        if field_name not in params:
            return None, {}, []
        if not text:
            return None, {field_name: _("Indiquez une commune ou un code postal.")}, []
    try:
        choice = places_service.choose(
            place=None if code or lat is not None else text,
            code_insee=code or None,
            lat=lat,
            lon=lon,
        )
    except ServiceError as error:
        if error.status == 404:
            message = _(
                "Nous ne trouvons pas « %(text)s ». Vérifiez l'orthographe ou tapez le code postal."
            ) % {"text": text or code}
        else:
            message = _("Nous ne trouvons pas « %(text)s ». Tapez le nom de la commune.") % {
                "text": text or code
            }
        return None, {field_name: message}, []
    if choice.candidates:
        return None, {}, choice.candidates
    origin = choice.origin
    assert origin is not None  # a text, a code or a position was given
    if origin.place is None:  # a position
        label = _("votre position")
        near = geodata.reverse(origin.lat, origin.lon)
        if near is not None:
            label = _("votre position (%(commune)s)") % {"commune": near.nom}
        return {"label": label, "lat": origin.lat, "lon": origin.lon, "note": None}, {}, []
    commune = geodata.get_commune(origin.place["code_insee"])
    label = commune.label if commune is not None else origin.name
    return {"label": label, "lat": origin.lat, "lon": origin.lon, "note": origin.note}, {}, []


APPLY_FIELDS = ["prenom", "contact", "message", "consentement"]
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
PHONE_RE = re.compile(r"^\+?[\d .-]{10,20}$")


def _check_contact(value: str) -> str | None:
    if not value:
        return _("Indiquez un numéro de téléphone ou une adresse e-mail.")
    if EMAIL_RE.match(value) or (PHONE_RE.match(value) and len(re.sub(r"\D", "", value)) >= 10):
        return None
    return _(
        "Ce n'est ni un numéro de téléphone ni une adresse e-mail. Exemples : 06 12 34 56 78 ou prenom@exemple.fr."
    )


def name_and_contact_errors(form: dict[str, str]) -> dict[str, str]:
    """The errors of the first name and contact fields that the public forms share."""
    errors: dict[str, str] = {}
    if not form["prenom"]:
        errors["prenom"] = _("Indiquez votre prénom.")
    contact_error = _check_contact(form["contact"])
    if contact_error:
        errors["contact"] = contact_error
    return errors


def apply_errors(form: dict[str, str]) -> dict[str, str]:
    """The errors of an application form (first name, contact, message, consent)."""
    errors = name_and_contact_errors(form)
    if len(form["message"]) > 1000:
        errors["message"] = _("Votre message est trop long : 1000 caractères au plus.")
    if form["consentement"] != "oui":
        errors["consentement"] = _(
            "Cochez la case pour accepter que l'employeur reçoive vos coordonnées."
        )
    return errors


CALLBACK_FIELDS = [
    "prenom",
    "contact",
    "canal",
    "moment",
    "age",
    "commune",
    "sujet",
    "consentement",
]
#: The form's channel keys (kept for old links) and the shared labels.
CHANNELS = {
    "telephone": vocabulary.CHANNELS["call"].label,
    "sms": vocabulary.CHANNELS["sms"].label,
    "email": vocabulary.CHANNELS["email"].label,
}
#: The form's moment keys (kept for old links) and the shared labels (``time_slot_key`` reads
#: each key as the vocabulary's).
MOMENTS = {
    "indifferent": vocabulary.TIME_SLOT_LABELS["any"],
    "matin": vocabulary.TIME_SLOT_LABELS["morning"],
    "apres_midi": vocabulary.TIME_SLOT_LABELS["afternoon"],
    "fin_journee": vocabulary.TIME_SLOT_LABELS["evening"],
}
TOPICS = vocabulary.FORM_TOPIC_LABELS
REFERENCE_RE = re.compile(r"^[A-Z0-9]{6,12}$")


def callback_errors(form: dict[str, str]) -> dict[str, str]:
    """The errors of a callback form; an unknown moment becomes "indifferent" in ``form``."""
    errors = name_and_contact_errors(form)
    if "contact" not in errors:  # a valid contact: does it suit the channel?
        if form["canal"] == "email" and not EMAIL_RE.match(form["contact"]):
            errors["contact"] = _("Pour être contacté·e par e-mail, indiquez une adresse e-mail.")
        elif form["canal"] in ("telephone", "sms") and EMAIL_RE.match(form["contact"]):
            errors["contact"] = _("Pour un appel ou un SMS, indiquez un numéro de téléphone.")
    if form["canal"] not in CHANNELS:
        errors["canal"] = _("Choisissez comment être contacté·e.")
    if form["moment"] not in MOMENTS:
        form["moment"] = "indifferent"
    if not form["age"].isdigit() or not 11 <= int(form["age"]) <= 99:
        errors["age"] = _("Indiquez votre âge en chiffres, par exemple 17.")
    if not form["commune"]:
        errors["commune"] = _("Indiquez votre commune ou votre code postal.")
    if form["sujet"] not in TOPICS:
        errors["sujet"] = _("Choisissez le sujet de votre demande.")
    if form["consentement"] != "oui":
        errors["consentement"] = _(
            "Cochez la case pour accepter que nous gardions vos coordonnées le temps de vous rappeler."
        )
    return errors


def reference_error(reference: str) -> str | None:
    """Why a follow-up code (letters and digits, already cleaned) cannot be looked up, or None."""
    if not reference:
        return _("Indiquez le code reçu quand vous avez fait la demande.")
    if not REFERENCE_RE.match(reference):
        return _(
            "Ce code n'a pas la bonne forme : des lettres et des chiffres, par exemple K7M2-9QPX."
        )
    return None


# -- the internship search's filters (the API's: radius, sector, level, dates, accessible) -------

#: Radius choices of the internship search, in km (the API's default is one of them).
RADIUS_CHOICES = {"5": "5 km", "10": "10 km", "20": "20 km", "50": "50 km", "100": "100 km"}
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y")


@dataclass(frozen=True)
class OfferFilters:
    radius_km: float
    rome: str | None
    level: str | None
    accessible: bool
    start_after: date | None
    start_before: date | None

    def search_arguments(self) -> dict[str, Any]:
        """The keyword arguments of ``search.search_offers`` these filters set."""
        return {
            "radius_km": self.radius_km,
            "rome": self.rome,
            "level": self.level,
            "accessible": True if self.accessible else None,
            "start_after": self.start_after,
            "start_before": self.start_before,
        }


def _parse_date(text: str) -> date | None:
    for pattern in DATE_FORMATS:
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError(text)


def offer_filters(
    params: Any, levels: dict[str, str], sectors: dict[str, str], default_radius_km: float
) -> tuple[OfferFilters, dict[str, str], dict[str, str]]:
    """(filters, the form's values to show again, errors) of ``/stages``' query. An unknown
    choice (a level, sector or radius that is not offered) is ignored, as the form cannot send it;
    a date that cannot be read is an error on its field."""
    values = {
        name: str(params.get(name, "")).strip()
        for name in ("rayon", "secteur", "niveau", "debut_apres", "debut_avant")
    }
    errors: dict[str, str] = {}
    default_radius = str(round(default_radius_km))
    if values["rayon"] not in RADIUS_CHOICES:
        values["rayon"] = default_radius
    if values["secteur"] not in sectors:
        values["secteur"] = ""
    if values["niveau"] not in levels:
        values["niveau"] = ""
    dates: dict[str, date | None] = {}
    for name in ("debut_apres", "debut_avant"):
        dates[name] = None
        if values[name]:
            try:
                dates[name] = _parse_date(values[name])
                values[name] = dates[name].strftime("%d/%m/%Y")  # as the hint writes it
            except ValueError:
                errors[name] = _("Date incorrecte : écrivez-la sous la forme 31/01/2027.")
    after, before = dates["debut_apres"], dates["debut_avant"]
    if after and before and after > before:
        errors["debut_avant"] = _("Cette date doit venir après la date « Début à partir du ».")
    filters = OfferFilters(
        radius_km=float(values["rayon"]),
        rome=values["secteur"] or None,
        level=values["niveau"] or None,
        accessible=params.get("accessible") == "1",
        start_after=after,
        start_before=before,
    )
    return filters, values, errors
