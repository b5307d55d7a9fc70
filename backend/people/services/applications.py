"""Applications to an offer, made without an account; seen by the offer's owner."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from backend.models import Offer
from backend.people import security
from backend.people.config import PeopleSettings, get_people_settings
from backend.people.errors import Conflict, NotFound, PeopleError
from backend.people.models import Account, Application
from backend.people.services import audit
from backend.people.services.accounts import _aware
from backend.people.services.callbacks import clean_email, clean_phone, split_contact
from backend.people.services.offers import get_managed
from backend.services import offer_rules
from totalacces import vocabulary

log = logging.getLogger("backend.people.applications")
CONTACT_MODES = ("phone", "email", "in_person")


def create_application(
    session: Session,
    *,
    offer_id: int,
    first_name: str,
    consent: bool,
    contact_mode: str | None = None,
    phone: str | None = None,
    email: str | None = None,
    contact: str | None = None,
    message: str | None = None,
    consent_version: str | None = None,
    settings: PeopleSettings | None = None,
) -> Application:
    settings = settings or get_people_settings()
    offer = session.get(Offer, offer_id)
    if offer is None:
        raise NotFound("Cette offre n'existe pas : vérifiez son numéro.")
    refusal = offer_rules.note_of(offer)  # an example, closed, draft or ended offer
    if refusal is not None:
        raise Conflict(refusal)
    if consent is not True:
        raise PeopleError(
            "Votre accord est nécessaire : cochez la case qui permet à l'employeur de recevoir "
            "vos coordonnées."
        )
    first_name = (first_name or "").strip()
    if not first_name or len(first_name) > 100:
        raise PeopleError("Indiquez votre prénom (100 caractères au plus).")
    if contact:
        contact_phone, contact_email = split_contact(contact)
        phone, email = phone or contact_phone, email or contact_email
    phone, email = clean_phone(phone), clean_email(email)
    if contact_mode is None:
        contact_mode = "email" if email and not phone else "phone" if phone else "in_person"
    if contact_mode not in CONTACT_MODES:
        raise PeopleError("Mode de contact : phone, email ou in_person (je viens sur place).")
    if contact_mode == "phone" and not phone:
        raise PeopleError("Indiquez votre numéro de téléphone, ou choisissez un autre mode.")
    if contact_mode == "email" and not email:
        raise PeopleError("Indiquez votre adresse e-mail, ou choisissez un autre mode.")
    if message is not None and len(message) > 1000:
        raise PeopleError("Votre message est trop long : 1000 caractères au plus.")
    now = datetime.now(UTC)
    for _attempt in range(5):
        application = Application(
            reference=security.new_reference(),
            offer_id=offer.id,
            first_name=first_name,
            contact_mode=contact_mode,
            phone=phone,
            email=email,
            message=(message or "").strip() or None,
            consent_version=consent_version or settings.consent_version,
            consent_at=now,
            status="new",
            created_at=now,
            purge_after=now + timedelta(days=settings.retention_max_age_days),
        )
        try:
            with session.begin_nested():
                session.add(application)
        except IntegrityError:
            continue
        session.commit()
        log.info("application %s to offer %s", application.reference, offer.id)
        return application
    raise Conflict("Le service est très sollicité : réessayez dans un instant.")


def application_view(application: Application) -> dict[str, Any]:
    return {
        "id": application.id,
        "reference": application.reference,
        "offer_id": application.offer_id,
        "first_name": application.first_name,
        "contact_mode": application.contact_mode,
        "phone": application.phone,
        "email": application.email,
        "message": application.message,
        "status": application.status,
        "reply": application.reply,
        "created_at": _aware(application.created_at),
        "closed_at": _aware(application.closed_at),
    }


def applications_for(session: Session, account: Account, offer_id: int) -> list[Application]:
    offer = get_managed(session, account, offer_id)
    rows = list(
        session.scalars(
            select(Application).where(Application.offer_id == offer.id).order_by(Application.id)
        )
    )
    audit.record(
        session,
        account,
        "application.list",
        "offer",
        str(offer.id),
        offer.structure_id,
        detail=f"{len(rows)} applications",
    )
    session.commit()
    return rows


REPLY_STATUSES = ("seen", "accepted", "declined")


def reply_application(
    session: Session,
    account: Account,
    offer_id: int,
    application_id: int,
    status: str,
    message: str | None = None,
) -> Application:
    """The employer (or a counselor of the structure) answers: seen, accepted or declined, with a
    short message the applicant reads with their application code. Commits."""
    offer = get_managed(session, account, offer_id)
    application = session.get(Application, application_id)
    if application is None or application.offer_id != offer.id:
        raise NotFound("Cette candidature n'existe pas pour cette offre.")
    if status not in REPLY_STATUSES:
        raise PeopleError("Réponse inconnue : seen (lue), accepted (acceptée) ou declined.")
    if application.status == "closed":
        raise Conflict("Cette candidature est close : elle ne reçoit plus de réponse.")
    text = (message or "").strip() or None
    if text is not None and len(text) > 500:
        raise PeopleError("Votre message est trop long : 500 caractères au plus.")
    application.status = status
    application.reply = text
    application.replied_at = datetime.now(UTC)
    audit.record(
        session,
        account,
        "application.reply",
        "application",
        application.reference,
        offer.structure_id,
        detail=status,
    )
    session.commit()
    return application


def application_status(session: Session, reference: str) -> dict[str, Any] | None:
    """What an applicant sees with their code alone: the status, the employer's reply, the
    offer's title. No personal data."""
    application = session.scalar(
        select(Application).where(Application.reference == security.normalize_reference(reference))
    )
    if application is None:
        return None
    offer = session.get(Offer, application.offer_id) if application.offer_id else None
    label = vocabulary.APPLICATION_STATUS_LABELS[application.status]
    title = offer.title if offer else None
    said = f"Votre candidature{' pour ' + title if title else ''} : {label[:1].lower()}{label[1:]}."
    if application.reply:
        said += f" Message de l'employeur : {application.reply}"
    return {
        "reference": application.reference,
        "status": application.status,
        "status_label": label,
        "offer_id": application.offer_id,
        "offer_title": title,
        "reply": application.reply,
        "replied_at": _aware(application.replied_at),
        "speech": said,
    }


def close_application(
    session: Session,
    account: Account,
    offer_id: int,
    application_id: int,
    settings: PeopleSettings | None = None,
) -> Application:
    settings = settings or get_people_settings()
    offer = get_managed(session, account, offer_id)
    application = session.get(Application, application_id)
    if application is None or application.offer_id != offer.id:
        raise NotFound("Cette candidature n'existe pas pour cette offre.")
    now = datetime.now(UTC)
    application.status = "closed"
    application.closed_at = now
    application.purge_after = now + timedelta(days=settings.retention_closed_days)
    audit.record(
        session,
        account,
        "application.close",
        "application",
        application.reference,
        offer.structure_id,
    )
    session.commit()
    return application
