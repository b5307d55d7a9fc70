"""A counselor keeps their structure's public details up to date (phone, e-mail, web site, opening
hours, building accessibility, description).

One service for the dashboard form and the API: it checks who may edit, validates every field,
writes, records the change in the audit log (field names only, never the values) and bumps
``meta.data_version`` so that every API process refreshes its search snapshot at once (the voice
dials the phone of the API's lists). All of it is one transaction: if the audit entry cannot be
written, nothing is changed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy.orm import Session

from backend.importer import bump_data_version
from backend.models import Structure
from backend.people.errors import Forbidden, NotFound, PeopleError
from backend.people.models import Account
from backend.people.services import audit
from backend.services import hours as opening_hours
from backend.services import trust

#: The editable fields, in the order of the form.
FIELDS = ("phone", "email", "website", "opening_hours", "building_accessibility", "description")
MAX_LENGTHS = {"opening_hours": 500, "building_accessibility": 2000, "description": 2000}
SOURCE = trust.COUNSELOR_UPDATED
CONFIRMED_SOURCE = trust.COUNSELOR_CONFIRMED
EMAIL_RE = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")

#: The French messages (also in the web's gettext catalogue, see ``update_catalog``).
MESSAGES = {
    "phone": "Numéro incorrect : 10 chiffres, par exemple 04 78 12 34 56.",
    "email": "Adresse e-mail incorrecte : écrivez-la sous la forme nom@exemple.fr.",
    "website": "L'adresse du site doit commencer par https://",
    "too_long": "Trop long : %(limit)s caractères au plus.",
    "forbidden": "Seul un compte de conseiller rattaché à une structure la modifie.",
    "invalid": "Certaines valeurs ne sont pas valables : corrigez-les puis enregistrez.",
    "opening_hours": "Horaires non valables : donnez des plages du type "
    "« Mo-Fr 09:00-12:00,14:00-17:00; PH off » (format OpenStreetMap).",
}


@dataclass(frozen=True)
class FieldError:
    field: str
    message: str  # a key of MESSAGES' French text
    limit: int | None = None

    def text(self) -> str:
        return self.message % {"limit": self.limit} if self.limit else self.message


class InvalidStructure(PeopleError):
    """422 with one error per field (``errors``: field -> French message)."""

    def __init__(self, errors: list[FieldError]) -> None:
        super().__init__(
            MESSAGES["invalid"], errors=[{"field": e.field, "message": e.text()} for e in errors]
        )
        self.errors = errors


def editable_structure(session: Session, account: Account) -> Structure:
    """The structure ``account`` may edit: a counselor's own structure."""
    if account.role != "counselor" or account.structure_id is None:
        raise Forbidden(MESSAGES["forbidden"])
    structure = session.get(Structure, account.structure_id)
    if structure is None:
        raise NotFound("La structure de ce compte n'existe plus.")
    return structure


def clean(values: dict[str, str | None]) -> dict[str, str | None]:
    """Stripped values of the known fields; an empty text means "none"."""
    cleaned = {key: ((values.get(key) or "").strip() or None) for key in FIELDS if key in values}
    if cleaned.get("opening_hours"):
        cleaned["opening_hours"] = " ".join(str(cleaned["opening_hours"]).split())
    return cleaned


def validate(values: dict[str, str | None]) -> list[FieldError]:
    errors: list[FieldError] = []
    phone, email, website = values.get("phone"), values.get("email"), values.get("website")
    if phone and (len(re.sub(r"\D", "", phone)) < 10 or not re.fullmatch(r"[\d +().-]+", phone)):
        errors.append(FieldError("phone", MESSAGES["phone"]))
    if email and not EMAIL_RE.fullmatch(email):
        errors.append(FieldError("email", MESSAGES["email"]))
    if website and not website.startswith(("https://", "http://")):
        errors.append(FieldError("website", MESSAGES["website"]))
    for key, limit in MAX_LENGTHS.items():
        if len(values.get(key) or "") > limit:
            errors.append(FieldError(key, MESSAGES["too_long"], limit))
    hours = values.get("opening_hours")
    if hours and len(hours) <= MAX_LENGTHS["opening_hours"] and not opening_hours.is_osm(hours):
        errors.append(FieldError("opening_hours", MESSAGES["opening_hours"]))
    return errors


def update_structure(
    session: Session, account: Account, values: dict[str, str | None]
) -> Structure:
    """Apply ``values`` (some of ``FIELDS``) to the account's structure; commits.

    Raises ``Forbidden`` (not a counselor of a structure) or ``InvalidStructure`` (with every
    field error at once). The structure is then marked verified, with today's date as source.
    """
    structure = editable_structure(session, account)
    changes = clean(values)
    errors = validate(changes)
    if errors:
        raise InvalidStructure(errors)
    changed = [key for key, value in changes.items() if getattr(structure, key) != value]
    for key in changed:
        setattr(structure, key, changes[key])
    return _verified_now(
        session, account, structure, SOURCE, "structure.update", ",".join(changed) or "confirmed"
    )


def _verified_now(
    session: Session, account: Account, structure: Structure, source: str, action: str, detail: str
) -> Structure:
    """The structure confirmed today by ``account``: audited, every search refreshed; one
    transaction (if the audit entry cannot be written, nothing is changed)."""
    structure.source = source
    structure.source_date = datetime.now(UTC).date().isoformat()
    structure.verified = True
    try:
        audit.record(
            session, account, action, "structure", str(structure.id), structure.id, detail=detail
        )
        session.flush()
        bump_data_version(session.connection())
        session.commit()
    except BaseException:
        session.rollback()
        raise
    return structure


def confirm_structure(session: Session, account: Account) -> Structure:
    """The counselor says every public detail of their structure is right: the row becomes
    verified for ``trust.FRESH_YEARS`` years from today (audited, every search refreshed)."""
    structure = editable_structure(session, account)
    return _verified_now(
        session, account, structure, CONFIRMED_SOURCE, "structure.confirm", "confirmed"
    )


def verified_until(structure: Structure) -> date | None:
    """The last day the row counts as verified, or None when it is already "à vérifier"."""
    if not trust.is_fresh(structure.source_date):
        return None
    parts = trust.date_parts(structure.source_date)
    if parts is None:
        return None
    year, month, day = parts
    start = date(year, month or 12, min(day or 28, 28))
    return start.replace(year=start.year + trust.FRESH_YEARS)
