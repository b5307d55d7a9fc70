"""A counselor confirms a career summary written by Total Accès (see ``backend.services.summaries``).

One service for the web's pro area and the API: who may confirm, what they read (with the
automatic readability check), the confirmation tied to the text's hash, the audit entry.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.models import Career, CareerSummaryReview, JobTitle
from backend.people.errors import Conflict, Forbidden, NotFound
from backend.people.models import Account
from backend.people.services import audit
from backend.services import readability
from backend.services.summaries import REVIEWED, Provenance, provenance, text_hash

MESSAGES = {
    "forbidden": "Seuls les conseillers et les administrateurs confirment un résumé.",
    "no_summary": "Ce métier n'a pas encore de résumé.",
    "changed": "Le résumé a changé depuis que vous l'avez lu : relisez-le avant de confirmer.",
    "not_found": "Ce métier n'existe pas dans notre liste.",
}


def reviewed_codes(session: Session) -> dict[str, str]:
    """Career code -> hash of the confirmed text (for lists)."""
    rows = session.execute(select(CareerSummaryReview.career_code, CareerSummaryReview.text_sha256))
    return dict(rows.tuples().all())


@dataclass(frozen=True)
class ToReview:
    code: str
    label: str
    summary: str
    reviewed: bool
    problems: list[str]
    titles: tuple[str, ...] = ()


def check_reviewer(account: Account) -> None:
    if account.role not in ("counselor", "admin"):
        raise Forbidden(MESSAGES["forbidden"])


def review_list(session: Session, account: Account, *, pending_only: bool = True) -> list[ToReview]:
    """The summaries, unconfirmed first (with the readability check's findings)."""
    check_reviewer(account)
    confirmed = reviewed_codes(session)
    careers = session.scalars(
        select(Career).where(Career.summary.is_not(None)).order_by(Career.code)
    ).all()
    items = []
    for career in careers:
        done = confirmed.get(career.code) == text_hash(career.summary or "")
        if pending_only and done:
            continue
        items.append(ToReview(career.code, career.label, career.summary or "", done, []))
    return items


def review_detail(session: Session, account: Account, code: str) -> ToReview:
    """One summary with the readability check against the job's own words."""
    check_reviewer(account)
    career = session.get(Career, code.upper())
    if career is None:
        raise NotFound(MESSAGES["not_found"])
    if not career.summary:
        raise NotFound(MESSAGES["no_summary"])
    titles = tuple(
        session.scalars(
            select(JobTitle.label)
            .where(JobTitle.career_code == career.code)
            .order_by(JobTitle.label)
        )
    )
    found = provenance(session, career.code, career.summary)
    return ToReview(
        career.code,
        career.label,
        career.summary,
        found is not None and found.author == REVIEWED,
        readability.problems(career.summary, [career.label, *titles]),
        titles,
    )


def confirm(
    session: Session, account: Account, code: str, seen_hash: str | None = None
) -> Provenance:
    """A counselor (or admin) confirms the summary they read; commits, with an audit entry.

    ``seen_hash`` is the hash of the text the counselor read (the form sends it): when the text
    changed since (a new import), the confirmation is refused (409) rather than given blind.
    """
    check_reviewer(account)
    career = session.get(Career, code.upper())
    if career is None:
        raise NotFound(MESSAGES["not_found"])
    if not career.summary:
        raise NotFound(MESSAGES["no_summary"])
    current = text_hash(career.summary)
    if seen_hash is not None and seen_hash != current:
        raise Conflict(MESSAGES["changed"])
    now = datetime.now(UTC)
    review = session.get(CareerSummaryReview, career.code)
    if review is None:
        review = CareerSummaryReview(career_code=career.code)
        session.add(review)
    review.text_sha256 = current
    review.account_id = account.id
    review.reviewed_at = now
    try:
        audit.record(session, account, "career_summary.confirm", "career", career.code)
        session.commit()
    except BaseException:
        session.rollback()
        raise
    return Provenance(REVIEWED, now)
