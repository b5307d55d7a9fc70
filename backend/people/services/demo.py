"""``totalacces demo``: a few demonstration accounts so that a newcomer can try the whole flow.

A real deployment starts with no account at all, so no structure takes part and every callback
request is answered with whom to call instead. The demo attaches one counselor account to a
handful of real structures (Mission locale and CIO of large towns) and creates one employer
account. Every such account has ``Account.demo`` set: its structures say "démonstration" wherever
they show, and a young person routed to one is told that nobody will really call back.

Passwords are drawn at random and returned once (the command prints them); running it again
keeps the existing accounts and their passwords.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.importer import bump_data_version
from backend.models import Structure
from backend.people.models import Account
from backend.people.services import accounts

DEMO_EMAIL_DOMAIN = "demo.totalacces.invalid"

# (kind, commune, e-mail key): the structures that get a demonstration counselor.
DEMO_PLACES = (
    ("mission_locale", "Lyon", "lyon"),
    ("mission_locale", "Paris", "paris"),
    ("mission_locale", "Marseille", "marseille"),
    ("mission_locale", "Lille", "lille"),
    ("cio", "Toulouse", "cio-toulouse"),
)


@dataclass(frozen=True, slots=True)
class DemoAccount:
    email: str
    role: str
    structure: str | None  # "Mission locale de Lyon (Lyon)"
    password: str | None  # None: the account already existed, its password is unchanged


def demo_email(key: str) -> str:
    return f"demo-{key}@{DEMO_EMAIL_DOMAIN}"


def _structure_for(session: Session, kind: str, commune: str) -> Structure | None:
    return session.scalar(
        select(Structure)
        .where(
            Structure.kind == kind,
            Structure.commune == commune,
            Structure.status != "closed",
        )
        .order_by(Structure.id)
        .limit(1)
    )


def _ensure(
    session: Session, key: str, role: str, name: str, structure: Structure | None
) -> DemoAccount:
    email = demo_email(key)
    label = f"{structure.name} ({structure.commune})" if structure is not None else None
    existing = session.scalar(select(Account).where(Account.email == email))
    if existing is not None:
        return DemoAccount(email, role, label, None)
    password = secrets.token_urlsafe(12)
    account = accounts.create_account(
        session,
        email=email,
        password=password,
        role=role,
        display_name=name,
        structure_id=structure.id if structure is not None else None,
    )
    account.demo = True
    return DemoAccount(email, role, label, password)


def create_demo(session: Session) -> list[DemoAccount]:
    """Create the missing demonstration accounts; commits. Structures absent from the data are
    skipped (a deployment with other data gets fewer)."""
    made: list[DemoAccount] = []
    for kind, commune, key in DEMO_PLACES:
        structure = _structure_for(session, kind, commune)
        if structure is None:
            continue
        made.append(_ensure(session, key, "counselor", f"Démo — conseiller {commune}", structure))
    made.append(_ensure(session, "employeur", "employer", "Démo — employeur", None))
    session.flush()
    bump_data_version(session.connection())  # the lists show who takes part
    session.commit()
    return made


def remove_demo(session: Session) -> int:
    """Delete every demonstration account (before opening a deployment to the public)."""
    found = list(session.scalars(select(Account).where(Account.demo.is_(True))))
    for account in found:
        session.delete(account)
    session.flush()
    bump_data_version(session.connection())
    session.commit()
    return len(found)
