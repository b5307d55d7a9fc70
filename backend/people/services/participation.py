"""Which structures take part in Total Accès: the only ones that receive callback requests.

A structure *participates* when at least one active counselor account is attached to it and its
counselors have not paused it (``StructureParticipation.paused``, for holidays). Everywhere else
nobody reads a request: a young person is told so plainly, with the place's own phone or its
network's national contact, and the request goes to a regional or national fallback team only
where such a participating team exists (``fallback_scope``); otherwise it is not taken at all.

The promised delay of a request is the participating structure's own setting
(``response_delay_days``), or the deployment's ``response_target_days`` when it set none.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from backend.importer import bump_data_version
from backend.models import Structure
from backend.people.errors import Forbidden, NotFound, PeopleError
from backend.people.models import Account, StructureParticipation
from backend.people.services import audit

MAX_DELAY_DAYS = 30
SCOPE_WORDS = ("national", "departement", "region")

# Said wherever a demonstration structure would seem to promise something real.
DEMO_NOTE = (
    "Attention : ceci est une démonstration. Les comptes de cette structure sont des comptes "
    "d'essai, personne ne vous rappellera vraiment."
)

MESSAGES = {
    "forbidden": "Seul un conseiller rattaché à la structure, ou un administrateur, change cela.",
    "delay": "Le délai de réponse est un nombre de jours, de 1 à 30.",
    "scope": "Zone de relais incorrecte : national, ou des mots comme departement:69 region:84.",
    "demo": DEMO_NOTE,
}


@dataclass(frozen=True, slots=True)
class Participation:
    """What routing needs to know of a participating structure."""

    structure_id: int
    delay_days: int | None
    fallback_scope: frozenset[str]
    # Every counselor of it is a demonstration account (``totalacces demo``): nobody real reads.
    demo: bool = False

    def covers(self, departement: str | None, region: str | None) -> int | None:
        """How closely this team's fallback scope covers a place: 0 département, 1 region,
        2 national; None when it does not."""
        if departement and f"departement:{departement}" in self.fallback_scope:
            return 0
        if region and f"region:{region}" in self.fallback_scope:
            return 1
        if "national" in self.fallback_scope:
            return 2
        return None


def parse_scope(text: str | None) -> frozenset[str]:
    """``"national"``, ``"departement:69 region:84"`` -> its words; raises PeopleError."""
    words = frozenset((text or "").replace(",", " ").split())
    for word in words:
        key, _, value = word.partition(":")
        if key not in SCOPE_WORDS or (key == "national") == bool(value):
            raise PeopleError(MESSAGES["scope"])
    return words


def participating(
    session: Session, structure_ids: set[int] | None = None
) -> dict[int, Participation]:
    """Structure id -> its participation, for every structure that takes part (or among
    ``structure_ids``)."""
    counted = (
        select(Account.structure_id, func.min(case((Account.demo.is_(True), 1), else_=0)))
        .where(
            Account.role == "counselor",
            Account.active.is_(True),
            Account.structure_id.is_not(None),
        )
        .group_by(Account.structure_id)
        .having(func.count() > 0)
    )
    if structure_ids is not None:
        if not structure_ids:
            return {}
        counted = counted.where(Account.structure_id.in_(structure_ids))
    demo_only = {int(i): bool(d) for i, d in session.execute(counted)}
    ids = set(demo_only)
    if not ids:
        return {}
    settings = {
        row.structure_id: row
        for row in session.scalars(
            select(StructureParticipation).where(StructureParticipation.structure_id.in_(ids))
        )
    }
    found: dict[int, Participation] = {}
    for structure_id in ids:
        row = settings.get(structure_id)
        if row is not None and row.paused:
            continue
        found[structure_id] = Participation(
            structure_id,
            row.response_delay_days if row else None,
            parse_scope(row.fallback_scope) if row and row.fallback_scope else frozenset(),
            demo_only[structure_id],
        )
    return found


def fallback_teams(session: Session) -> dict[int, Participation]:
    """The participating structures that take requests from elsewhere (a fallback scope)."""
    scoped = set(
        session.scalars(
            select(StructureParticipation.structure_id).where(
                StructureParticipation.fallback_scope.is_not(None),
                StructureParticipation.fallback_scope != "",
            )
        )
    )
    return {k: v for k, v in participating(session, scoped).items() if v.fallback_scope}


def is_demo(session: Session, structure_id: int | None) -> bool:
    """The structure takes part through demonstration accounts only."""
    if structure_id is None:
        return False
    found = participating(session, {structure_id}).get(structure_id)
    return bool(found and found.demo)


def is_participating(session: Session, structure_id: int) -> bool:
    return structure_id in participating(session, {structure_id})


def settings_of(session: Session, structure_id: int) -> StructureParticipation | None:
    return session.get(StructureParticipation, structure_id)


def check_may_change(account: Account, structure_id: int) -> None:
    if account.role == "admin":
        return
    if account.role == "counselor" and account.structure_id == structure_id:
        return
    raise Forbidden(MESSAGES["forbidden"])


def counselor_count(session: Session, structure_id: int) -> int:
    return (
        session.scalar(
            select(func.count()).where(
                Account.role == "counselor",
                Account.active.is_(True),
                Account.structure_id == structure_id,
            )
        )
        or 0
    )


def view(session: Session, structure_id: int, settings: Any) -> dict[str, Any]:
    """The participation of one structure, as the API and the pro area show it."""
    if session.get(Structure, structure_id) is None:
        raise NotFound("Cette structure n'existe pas.")
    row = session.get(StructureParticipation, structure_id)
    counselors = counselor_count(session, structure_id)
    paused = bool(row.paused) if row else False
    own = row.response_delay_days if row else None
    found = participating(session, {structure_id}).get(structure_id)
    return {
        "structure_id": structure_id,
        "participating": counselors > 0 and not paused,
        "counselors": counselors,
        "demo": bool(found and found.demo),
        "paused": paused,
        "response_delay_days": own or settings.response_target_days,
        "own_delay": own is not None,
        "fallback_scope": row.fallback_scope if row else None,
    }


def update(
    session: Session,
    account: Account,
    structure_id: int,
    *,
    paused: bool | None = None,
    response_delay_days: int | None | str = "unchanged",
    fallback_scope: str | None | bool = False,
) -> StructureParticipation:
    """Pause or resume, set the response delay (None: the deployment's) or, for an admin, the
    fallback scope; commits with an audit entry and refreshes every search (participation shows
    in the lists)."""
    check_may_change(account, structure_id)
    if session.get(Structure, structure_id) is None:
        raise NotFound("Cette structure n'existe pas.")
    if response_delay_days not in ("unchanged", None) and not (
        isinstance(response_delay_days, int) and 1 <= response_delay_days <= MAX_DELAY_DAYS
    ):
        raise PeopleError(MESSAGES["delay"])
    if fallback_scope is not False and account.role != "admin":
        raise Forbidden("Seul un administrateur désigne une équipe de relais.")
    words = parse_scope(fallback_scope if isinstance(fallback_scope, str) else None)
    # Checked above: nothing below can refuse, so no half-made row stays in the session.
    row = session.get(StructureParticipation, structure_id)
    if row is None:
        row = StructureParticipation(
            structure_id=structure_id, paused=False, updated_at=datetime.now(UTC)
        )
        session.add(row)
    changed = []
    if paused is not None and bool(row.paused) != paused:
        row.paused = paused
        changed.append("paused" if paused else "resumed")
    if response_delay_days != "unchanged" and row.response_delay_days != response_delay_days:
        row.response_delay_days = response_delay_days  # type: ignore[assignment]
        changed.append("delay")
    if fallback_scope is not False:
        text = " ".join(sorted(words)) or None
        if row.fallback_scope != text:
            row.fallback_scope = text
            changed.append("fallback_scope")
    row.updated_at = datetime.now(UTC)
    try:
        audit.record(
            session,
            account,
            "participation.update",
            "structure",
            str(structure_id),
            structure_id,
            detail=",".join(changed) or "confirmed",
        )
        session.flush()
        bump_data_version(session.connection())
        session.commit()
    except BaseException:
        session.rollback()
        raise
    return row
