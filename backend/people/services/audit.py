"""The audit log: who did what to which object. Never any personal data."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.people.models import Account, AuditEntry


def record(
    session: Session,
    account: Account | None,
    action: str,
    object_type: str,
    object_ref: str | None = None,
    structure_id: int | None = None,
    detail: str | None = None,
) -> AuditEntry:
    entry = AuditEntry(
        at=datetime.now(UTC),
        account_id=account.id if account else None,
        role=account.role if account else None,
        action=action,
        object_type=object_type,
        object_ref=object_ref,
        structure_id=structure_id,
        detail=detail,
    )
    session.add(entry)
    return entry


def entries(session: Session, limit: int = 100, offset: int = 0) -> tuple[int, list[AuditEntry]]:
    from sqlalchemy import func

    total = session.scalar(select(func.count()).select_from(AuditEntry)) or 0
    rows = session.scalars(
        select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit).offset(offset)
    ).all()
    return total, list(rows)
