"""The migration matches the models; the callback service understands the web form's words."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import select

import backend.people.models as people_models
from backend.models import Base
from backend.people.models import CallbackRequest
from backend.people.services.callbacks import callback_status, create_callback
from tests.people.conftest import FAKE_FIRST_NAME, FAKE_PHONE, World

PEOPLE_TABLES = {
    "accounts",
    "auth_secrets",
    "callback_requests",
    "applications",
    "audit_log",
    "structure_participation",
    "invitations",
    "join_requests",
    "error_reports",
}


def test_migration_creates_exactly_the_people_tables_of_the_models(world: World) -> None:
    assert set(Base.metadata.tables) >= PEOPLE_TABLES
    assert people_models.Account.__table__.metadata is Base.metadata
    with world.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    ours = [d for d in diff if any(t in repr(d) for t in PEOPLE_TABLES)]
    assert ours == []


def test_web_form_words_are_understood(world: World) -> None:
    create, status = create_callback, callback_status
    with world.session() as session:
        created = create(
            session,
            first_name=FAKE_FIRST_NAME,
            contact=FAKE_PHONE,
            channel="telephone",
            preferred_time="matin",
            age=None,
            commune="Lyon 3e",
            topic="retour_ecole",
            consent=True,
        )
        ref = created.reference
    with world.session() as session:
        row = session.scalar(select(CallbackRequest).where(CallbackRequest.reference == ref))
        assert row is not None
        assert (row.channel, row.topic, row.phone, row.code_insee) == (
            "call",
            "return_to_school",
            FAKE_PHONE,
            "69383",
        )
        assert row.structure_id == 1  # routed as an 18-year-old: the Mission locale
        found = status(session, ref)
        assert (
            found["status"] == "new" and found["structure"]["name"] == "Mission locale de test Lyon"
        )
        assert status(session, "ZZZZZZZZ") is None
        try:
            create(
                session,
                first_name="A",
                contact=FAKE_PHONE,
                channel="telephone",
                preferred_time="",
                age=17,
                commune="Saint-Martin",
                topic="emploi",
                consent=True,
            )
        except ValueError as exc:
            assert "Plusieurs communes" in str(exc) and "code postal" in str(exc)
        else:
            raise AssertionError("an ambiguous commune must be refused with the candidates")
