"""Retention: delete callback requests and applications whose retention date has passed."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import delete
from sqlalchemy.orm import Session

from backend.people.config import PeopleSettings, get_people_settings
from backend.people.models import Application, AuditEntry, AuthSecret, CallbackRequest
from backend.people.services import reports, team
from backend.people.services.offers import expire_due_offers


def purge(
    session: Session, now: datetime | None = None, settings: PeopleSettings | None = None
) -> dict[str, int]:
    """Delete what is past its ``purge_after`` date (closed + N days, or the maximum age for
    requests never closed), expired sessions and tokens, old requests to join a structure and
    old invitations; store ``expired`` on past offers."""
    now = now or datetime.now(UTC)
    settings = settings or get_people_settings()
    plain = {"synchronize_session": False}
    callbacks = session.execute(
        delete(CallbackRequest).where(CallbackRequest.purge_after < now), execution_options=plain
    )
    applications = session.execute(
        delete(Application).where(Application.purge_after < now), execution_options=plain
    )
    secrets = session.execute(
        delete(AuthSecret).where(AuthSecret.expires_at < now), execution_options=plain
    )
    joins = team.purge_old(session, settings, now)
    reports_done = reports.purge_closed(session, now)
    counts = {
        "callbacks": int(callbacks.rowcount or 0),  # type: ignore[attr-defined]
        "applications": int(applications.rowcount or 0),  # type: ignore[attr-defined]
        "sessions_and_tokens": int(secrets.rowcount or 0),  # type: ignore[attr-defined]
        "join_requests": joins,
        "error_reports": reports_done,
    }
    session.add(
        AuditEntry(
            at=now,
            action="purge",
            object_type="retention",
            detail=f"{counts['callbacks']} callbacks, {counts['applications']} applications",
        )
    )
    session.commit()
    counts["offers_expired"] = expire_due_offers(session, now.date())
    return counts
