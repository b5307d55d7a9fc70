"""Counselor accounts on the test servers, so that some structures take part.

A deployment starts with no account: every callback request would be answered "not taken". The
test servers give one counselor (not a demonstration account) to the first structure of every kind
in the Rhône, and to the Mission locale of Paris: a request from Lyon is taken, one from the Cantal
is not, as in a real deployment where only some structures use the service.
"""

from __future__ import annotations

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

PASSWORD = "mot de passe de test 2026"


def take_part(engine: Engine, departements: tuple[str, ...] = ("69",)) -> list[int]:
    """Attach a counselor to one structure of each kind in ``departements`` (and to a Mission
    locale of Paris); idempotent. Returns the participating structure ids."""
    from backend.importer import bump_data_version
    from backend.models import Structure
    from backend.people.models import Account
    from backend.people.services import accounts

    chosen: list[Structure] = []
    with Session(engine) as session:
        for departement in departements:
            kinds = session.scalars(
                select(Structure.kind).where(Structure.departement == departement).distinct()
            ).all()
            for kind in sorted(kinds):
                found = session.scalar(
                    select(Structure)
                    .where(
                        Structure.departement == departement,
                        Structure.kind == kind,
                        Structure.status != "closed",
                    )
                    .order_by(Structure.commune != "Lyon", Structure.id)
                    .limit(1)
                )
                if found is not None:
                    chosen.append(found)
        paris = session.scalar(
            select(Structure)
            .where(Structure.kind == "mission_locale", Structure.commune == "Paris")
            .order_by(Structure.id)
            .limit(1)
        )
        if paris is not None:
            chosen.append(paris)
        for structure in chosen:
            email = f"participant-{structure.id}@exemple.invalid"
            if session.scalar(select(Account.id).where(Account.email == email)) is None:
                accounts.create_account(
                    session,
                    email=email,
                    password=PASSWORD,
                    role="counselor",
                    display_name=f"Conseiller de test {structure.id}",
                    structure_id=structure.id,
                )
        session.flush()
        bump_data_version(session.connection())
        session.commit()
        return [s.id for s in chosen]
