"""Offer management by their owners: create, edit, publish, close; expiry by date."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from backend.models import Offer
from backend.people.errors import Conflict, Forbidden, NotFound, PeopleError
from backend.people.models import Account
from backend.people.services import audit
from totalacces import vocabulary

LEVELS = tuple(vocabulary.LEVELS)
CONTACT_MODES = tuple(vocabulary.CONTACT_MODE_LABELS)
EDITABLE = (
    "title",
    "description",
    "employer",
    "code_insee",
    "rome_codes",
    "levels",
    "start_date",
    "end_date",
    "weeks",
    "places_left",
    "contact_modes",
    "accessible",
    "workplace_accessibility",
)


def _data_changed(session: Session) -> None:
    """Bump ``meta.data_version`` so that every API process refreshes its search snapshot."""
    from backend.importer import bump_data_version

    bump_data_version(session.connection())


def today() -> date:
    return datetime.now(UTC).date()


def effective_status(offer: Offer, on: date | None = None) -> str:
    """``expired`` as soon as the end date has passed, whatever the stored status says."""
    on = on or today()
    if (
        offer.status in ("draft", "published")
        and offer.end_date is not None
        and offer.end_date < on
    ):
        return "expired"
    return offer.status


def expire_due_offers(session: Session, on: date | None = None) -> int:
    """Store ``expired`` on published offers whose end date has passed (search filters
    ``status == "published"``, so they leave it). Returns the count; commits."""
    on = on or today()
    result = session.execute(
        update(Offer)
        .where(Offer.status == "published", Offer.end_date.is_not(None), Offer.end_date < on)
        .values(status="expired"),
        execution_options={"synchronize_session": False},
    )
    if result.rowcount:  # type: ignore[attr-defined]
        _data_changed(session)
    session.commit()
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


def can_manage(account: Account, offer: Offer) -> bool:
    if account.role == "admin":
        return True
    if offer.owner_id == account.id:
        return True
    return (
        account.role == "counselor"
        and offer.structure_id is not None
        and offer.structure_id == account.structure_id
    )


def get_managed(session: Session, account: Account, offer_id: int) -> Offer:
    offer = session.get(Offer, offer_id)
    if offer is None:
        raise NotFound("Cette offre n'existe pas : vérifiez son numéro.")
    if not can_manage(account, offer):
        raise Forbidden("Vous ne pouvez modifier que vos offres (ou celles de votre structure).")
    return offer


def _check(values: dict[str, Any]) -> dict[str, Any]:
    from geodata import get_commune

    out = dict(values)
    if "code_insee" in out:
        commune = get_commune(str(out["code_insee"]))
        if commune is None or not commune.has_coords:
            raise PeopleError("Commune inconnue : indiquez le code INSEE du lieu du stage.")
        out["commune"] = commune.nom
        out["departement"] = commune.departement
        out["lat"] = commune.lat
        out["lon"] = commune.lon
    if "levels" in out:
        levels = list(out["levels"])
        if not levels or any(level not in LEVELS for level in levels):
            raise PeopleError("Niveaux possibles : " + ", ".join(LEVELS) + ".")
        out["levels"] = " ".join(levels)
    if "contact_modes" in out:
        modes = list(out["contact_modes"])
        if not modes or any(mode not in CONTACT_MODES for mode in modes):
            raise PeopleError("Modes de contact possibles : " + ", ".join(CONTACT_MODES) + ".")
        out["contact_modes"] = " ".join(modes)
    if "rome_codes" in out:
        codes = [c.strip().upper() for c in out["rome_codes"]]
        if any(len(c) != 5 or not c[0].isalpha() or not c[1:].isdigit() for c in codes):
            raise PeopleError(
                "Codes ROME incorrects : une lettre et quatre chiffres, par exemple H2913."
            )
        out["rome_codes"] = " ".join(codes)
    start, end = out.get("start_date"), out.get("end_date")
    if start and end and end < start:
        raise PeopleError("La date de fin doit venir après la date de début.")
    return out


def create_offer(session: Session, account: Account, values: dict[str, Any]) -> Offer:
    if account.role not in ("admin", "counselor", "employer"):
        raise Forbidden("Connectez-vous avec un compte employeur ou conseiller.")
    data = _check(values)
    offer = Offer(
        **{
            k: v
            for k, v in data.items()
            if k in (*EDITABLE, "commune", "departement", "lat", "lon")
        },
        dataset="accounts",
        external_id=f"account-{uuid.uuid4().hex}",
        source="Publiée sur Total Accès par un compte vérifié",
        licence="Tous droits réservés à l'auteur de l'offre",
        source_date=today().isoformat(),
        verified=True,
        is_example=False,
        status="draft",
        owner_id=account.id,
        structure_id=account.structure_id if account.role == "counselor" else None,
    )
    session.add(offer)
    session.flush()
    _data_changed(session)
    audit.record(session, account, "offer.create", "offer", str(offer.id), offer.structure_id)
    session.commit()
    return offer


def update_offer(
    session: Session, account: Account, offer_id: int, values: dict[str, Any]
) -> Offer:
    offer = get_managed(session, account, offer_id)
    data = _check({k: v for k, v in values.items() if k in EDITABLE})
    merged_start = data.get("start_date", offer.start_date)
    merged_end = data.get("end_date", offer.end_date)
    if merged_start and merged_end and merged_end < merged_start:
        raise PeopleError("La date de fin doit venir après la date de début.")
    for key, value in data.items():
        setattr(offer, key, value)
    _data_changed(session)
    audit.record(session, account, "offer.update", "offer", str(offer.id), offer.structure_id)
    session.commit()
    return offer


def publish_offer(session: Session, account: Account, offer_id: int) -> Offer:
    offer = get_managed(session, account, offer_id)
    if offer.end_date is not None and offer.end_date < today():
        raise Conflict("La date de fin de cette offre est passée : changez-la avant de la publier.")
    if offer.places_left <= 0:
        raise Conflict("Il ne reste aucune place : indiquez le nombre de places avant de publier.")
    if account.role == "employer" and not account.offers_trusted:
        # A signed-up employer's offers wait for a moderator until one is approved.
        offer.status = "review"
        offer.moderation_note = None
        audit.record(session, account, "offer.submit", "offer", str(offer.id), offer.structure_id)
        session.commit()
        return offer
    offer.status = "published"
    offer.moderation_note = None
    _data_changed(session)
    audit.record(session, account, "offer.publish", "offer", str(offer.id), offer.structure_id)
    session.commit()
    return offer


MODERATION_MESSAGES = {
    "staff": "La modération des offres est faite par les conseillers et les administrateurs.",
    "unknown": "Aucune offre n'attend de validation sous ce numéro.",
    "reason": "Pour renvoyer l'offre, écrivez à l'employeur ce qu'il doit changer "
    "(3 à 300 caractères).",
}


def _moderates(account: Account, offer: Offer, structure_dep: str | None) -> bool:
    """Admins moderate every offer; a counselor those of their structure's département."""
    if account.role == "admin":
        return True
    return (
        account.role == "counselor"
        and structure_dep is not None
        and (offer.departement == structure_dep)
    )


def _counselor_dep(session: Session, account: Account) -> str | None:
    if account.role != "counselor" or account.structure_id is None:
        return None
    from backend.models import Structure

    structure = session.get(Structure, account.structure_id)
    return structure.departement if structure else None


def moderation_queue(session: Session, account: Account) -> list[Offer]:
    """Offers waiting for a moderator that ``account`` may judge, oldest first."""
    if account.role not in ("admin", "counselor"):
        raise Forbidden(MODERATION_MESSAGES["staff"])
    query = select(Offer).where(Offer.status == "review").order_by(Offer.updated_at, Offer.id)
    if account.role == "counselor":
        query = query.where(Offer.departement == _counselor_dep(session, account))
    return list(session.scalars(query.limit(500)))


def moderate(
    session: Session, account: Account, offer_id: int, *, approve: bool, reason: str | None = None
) -> Offer:
    """Publish a waiting offer (its employer is then trusted) or send it back with a reason."""
    if account.role not in ("admin", "counselor"):
        raise Forbidden(MODERATION_MESSAGES["staff"])
    offer = session.get(Offer, offer_id)
    if (
        offer is None
        or offer.status != "review"
        or not _moderates(account, offer, _counselor_dep(session, account))
    ):
        raise NotFound(MODERATION_MESSAGES["unknown"])
    if approve:
        if offer.end_date is not None and offer.end_date < today():
            raise Conflict("La date de fin de cette offre est passée : renvoyez-la à l'employeur.")
        offer.status = "published"
        offer.moderation_note = None
        owner = session.get(Account, offer.owner_id) if offer.owner_id else None
        if owner is not None and owner.role == "employer":
            owner.offers_trusted = True
        _data_changed(session)
    else:
        text = (reason or "").strip()
        if not 3 <= len(text) <= 300:
            raise PeopleError(MODERATION_MESSAGES["reason"])
        offer.status = "draft"
        offer.moderation_note = text
    audit.record(
        session,
        account,
        "offer.approve" if approve else "offer.send_back",
        "offer",
        str(offer.id),
        offer.structure_id,
    )
    session.commit()
    return offer


def close_offer(session: Session, account: Account, offer_id: int) -> Offer:
    offer = get_managed(session, account, offer_id)
    offer.status = "closed"
    _data_changed(session)
    audit.record(session, account, "offer.close", "offer", str(offer.id), offer.structure_id)
    session.commit()
    return offer


def offers_of(session: Session, account: Account) -> list[Offer]:
    query = select(Offer).order_by(Offer.id.desc())
    if account.role == "counselor" and account.structure_id is not None:
        query = query.where(
            or_(Offer.owner_id == account.id, Offer.structure_id == account.structure_id)
        )
    elif account.role != "admin":
        query = query.where(Offer.owner_id == account.id)
    else:
        query = query.where(Offer.owner_id.is_not(None))
    return list(session.scalars(query.limit(500)))


def offer_view(offer: Offer) -> dict[str, Any]:
    return {
        "id": offer.id,
        "title": offer.title,
        "description": offer.description,
        "employer": offer.employer,
        "commune": offer.commune,
        "code_insee": offer.code_insee,
        "rome_codes": offer.rome_codes.split(),
        "levels": offer.levels.split(),
        "start_date": offer.start_date,
        "end_date": offer.end_date,
        "weeks": offer.weeks,
        "places_left": offer.places_left,
        "contact_modes": offer.contact_modes.split(),
        "accessible": offer.accessible,
        "workplace_accessibility": offer.workplace_accessibility,
        "status": effective_status(offer),
        "owner_id": offer.owner_id,
        "structure_id": offer.structure_id,
        "is_example": offer.is_example,
        "moderation_note": offer.moderation_note,
    }
