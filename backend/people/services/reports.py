"""« Signaler une erreur »: anyone reports that a place or an offer is wrong (wrong phone, closed,
moved, other), from the web, the API, the app or the voice.

Where a report goes: a place's report goes to its own counselors when the place takes part
(``participation``), else to the admin queue; an offer's report goes to its author (the employer
or counselor who published it) and to the admins. While a report is open, the place or offer says
"signalé comme à vérifier" on every surface. Closing a report as fixed marks a place verified
today ("Vérifié après un signalement"); every open or close refreshes the searches.

A report holds no personal data: no name, no contact, only an optional short free text, which
the form asks not to fill with personal details and which is deleted with the report.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import delete, func, or_, select
from sqlalchemy.orm import Session

from backend.importer import bump_data_version
from backend.models import Offer, Structure
from backend.people.errors import Conflict, Forbidden, NotFound, PeopleError
from backend.people.models import Account, ErrorReport
from backend.people.services import audit, participation
from backend.people.services.accounts import _aware
from totalacces import vocabulary

REASONS = vocabulary.REPORT_REASONS
OFFER_REASONS = vocabulary.OFFER_REPORT_REASONS
TARGETS = ("structure", "offer")
SOURCES = ("web", "api", "voice", "app")
MAX_MESSAGE = 500
#: Reports are deleted this many days after they are closed (no personal data, but no need).
KEEP_CLOSED_DAYS = 365

REPORTED_NOTE = vocabulary.REPORTED_WORDS

MESSAGES = {
    "reason": "Choisissez ce qui ne va pas : phone, closed, moved ou other.",
    "target": "On signale une erreur sur un lieu (structure) ou une offre (offer).",
    "message": "Votre message est trop long : 500 caractères au plus.",
    "missing": "Ce lieu ou cette offre n'existe pas.",
    "forbidden": "Ce signalement n'est pas pour vous.",
    "closed_already": "Ce signalement est déjà clos.",
    "outcome": "Pour clore, indiquez fixed (corrigé) ou rejected (pas d'erreur).",
    "unknown": "Ce signalement n'existe pas.",
    "thanks_structure": "Merci. Les conseillers de ce lieu vont vérifier.",
    "thanks_author": "Merci. La personne qui a publié l'offre va vérifier.",
    "thanks_admin": "Merci. L'équipe de Total Accès va vérifier.",
    "meanwhile": "En attendant, la fiche dit qu'elle est à vérifier.",
    "reported": REPORTED_NOTE,
}


def _now() -> datetime:
    return datetime.now(UTC)


def _target(session: Session, kind: str, target_id: int) -> Structure | Offer:
    if kind not in TARGETS:
        raise PeopleError(MESSAGES["target"])
    row: Structure | Offer | None = session.get(
        Structure if kind == "structure" else Offer, target_id
    )
    if row is None or (kind == "offer" and row.status != "published"):
        raise NotFound(MESSAGES["missing"])
    return row


def create_report(
    session: Session,
    *,
    target: str,
    target_id: int,
    reason: str,
    message: str | None = None,
    source: str = "api",
) -> ErrorReport:
    """Store a report and route it; commits and refreshes every search."""
    row = _target(session, target, target_id)
    if reason not in REASONS:
        raise PeopleError(MESSAGES["reason"])
    text = (message or "").strip() or None
    if text is not None and len(text) > MAX_MESSAGE:
        raise PeopleError(MESSAGES["message"])
    structure_id: int | None = None
    if target == "structure" and participation.is_participating(session, target_id):
        structure_id = target_id  # its own counselors read it
    elif target == "offer" and not getattr(row, "is_example", False):
        structure_id = getattr(row, "structure_id", None)
    report = ErrorReport(
        target=target,
        target_id=target_id,
        reason=reason,
        message=text,
        source=source if source in SOURCES else "api",
        structure_id=structure_id,
        owner_id=getattr(row, "owner_id", None) if target == "offer" else None,  # type: ignore[arg-type]
        status="open",
        created_at=_now(),
    )
    session.add(report)
    session.flush()
    audit.record(
        session, None, "report.create", target, str(target_id), structure_id, detail=reason
    )
    bump_data_version(session.connection())
    session.commit()
    return report


def goes_to(report: ErrorReport) -> str:
    """ "structure" (its counselors), "author" (the offer's author) or "admin" (the queue)."""
    if report.target == "structure":
        return "structure" if report.structure_id is not None else "admin"
    return "author" if report.owner_id is not None else "admin"


def created_view(report: ErrorReport) -> dict[str, Any]:
    who = MESSAGES["thanks_" + goes_to(report)]
    return {
        "id": report.id,
        "status": report.status,
        "goes_to": goes_to(report),
        "speech": f"{who} {MESSAGES['meanwhile']}",
    }


def open_targets(session: Session, target: str) -> set[int]:
    """Ids of the places (or offers) with an open report."""
    return set(
        session.scalars(
            select(ErrorReport.target_id)
            .where(ErrorReport.target == target, ErrorReport.status == "open")
            .distinct()
        )
    )


def is_reported(session: Session, target: str, target_id: int) -> bool:
    return (
        session.scalar(
            select(func.count()).where(
                ErrorReport.target == target,
                ErrorReport.target_id == target_id,
                ErrorReport.status == "open",
            )
        )
        or 0
    ) > 0


def _visible(account: Account):  # type: ignore[no-untyped-def]
    """The reports ``account`` handles: admins all; counselors their structure's (places and
    offers of it); employers those of their own offers."""
    if account.role == "admin":
        return True
    if account.role == "counselor" and account.structure_id is not None:
        return or_(
            ErrorReport.structure_id == account.structure_id,
            ErrorReport.owner_id == account.id,
        )
    return ErrorReport.owner_id == account.id


def queue(session: Session, account: Account, status: str = "open") -> list[dict[str, Any]]:
    """The reports ``account`` handles, oldest first (``status``: open, fixed, rejected, all)."""
    if account.role not in ("admin", "counselor", "employer"):
        raise Forbidden(MESSAGES["forbidden"])
    query = select(ErrorReport).where(_visible(account)).order_by(ErrorReport.created_at)
    if status != "all":
        query = query.where(ErrorReport.status == status)
    out = []
    for report in session.scalars(query):
        row = session.get(Structure if report.target == "structure" else Offer, report.target_id)
        name = getattr(row, "name", None) or getattr(row, "title", None) if row else None
        reasons = REASONS if report.target == "structure" else OFFER_REASONS
        out.append(
            {
                "id": report.id,
                "target": report.target,
                "target_id": report.target_id,
                "target_name": name,
                "reason": report.reason,
                "reason_label": reasons[report.reason],
                "message": report.message,
                "source": report.source,
                "goes_to": goes_to(report),
                "status": report.status,
                "created_at": _aware(report.created_at),
                "closed_at": _aware(report.closed_at),
            }
        )
    return out


def close_report(session: Session, account: Account, report_id: int, outcome: str) -> ErrorReport:
    """Close as ``fixed`` (a fixed place is marked verified today) or ``rejected``; audited."""
    report = session.get(ErrorReport, report_id)
    if report is None:
        raise NotFound(MESSAGES["unknown"])
    if account.role != "admin" and not _may_handle(account, report):
        raise NotFound(MESSAGES["unknown"])  # another structure's: not even shown
    if report.status != "open":
        raise Conflict(MESSAGES["closed_already"])
    if outcome not in ("fixed", "rejected"):
        raise PeopleError(MESSAGES["outcome"])
    now = _now()
    report.status = outcome
    report.closed_at = now
    report.closed_by_id = account.id
    if outcome == "fixed" and report.target == "structure":
        structure = session.get(Structure, report.target_id)
        if structure is not None:
            structure.verified = True
            structure.source_date = now.date().isoformat()
            structure.verification_note = (
                f"Vérifié après un signalement le {now.date().strftime('%d/%m/%Y')}."
            )
    audit.record(
        session,
        account,
        "report.close",
        report.target,
        str(report.target_id),
        report.structure_id,
        detail=f"{report.reason} -> {outcome}",
    )
    session.flush()
    bump_data_version(session.connection())
    session.commit()
    return report


def _may_handle(account: Account, report: ErrorReport) -> bool:
    if account.role == "counselor" and report.structure_id is not None:
        return account.structure_id == report.structure_id
    return report.owner_id is not None and report.owner_id == account.id


def purge_closed(session: Session, now: datetime | None = None) -> int:
    """Delete reports closed more than KEEP_CLOSED_DAYS ago (``totalacces purge``); does not
    commit."""
    limit = (now or _now()) - timedelta(days=KEEP_CLOSED_DAYS)
    done = session.execute(
        delete(ErrorReport).where(ErrorReport.status != "open", ErrorReport.closed_at < limit),
        execution_options={"synchronize_session": False},
    )
    return int(done.rowcount or 0)  # type: ignore[attr-defined]
