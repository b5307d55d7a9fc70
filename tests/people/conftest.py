"""Fixtures of the people suite, on the core's ``db_url`` (sqlite + postgresql, tests/conftest.py)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

import pytest
from fastapi import FastAPI
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker
from starlette.testclient import TestClient

from backend.db import make_engine, make_session_factory, migrate
from backend.models import Structure
from backend.people.config import PeopleSettings
from backend.people.models import Account
from backend.people.security import hash_password
from backend.people.services import accounts as accounts_service

# Obviously fake personal data, searched for in the logs by test_privacy.py.
FAKE_FIRST_NAME = "Zorglubette"
# ARCEP reserves 06 39 98 xx xx and 04 65 71 xx xx for fiction: no real person has them.
FAKE_PHONE = "06 39 98 47 11"
FAKE_EMAIL = "zorglubette.essai@example.invalid"
PASSWORD = "mot-de-passe-de-test-tres-long"


def _structure(
    id_: int,
    kind: str,
    name: str,
    code_insee: str,
    dep: str,
    lat: float,
    lon: float,
    **extra: object,
) -> Structure:
    return Structure(
        id=id_,
        kind=kind,
        name=name,
        commune=extra.pop("commune", "Lyon"),
        code_insee=code_insee,
        departement=dep,
        lat=lat,
        lon=lon,
        coord_precision="commune",
        phone=extra.pop("phone", f"04 65 71 00 {id_:02d}"),
        dataset="people-tests",
        external_id=f"people-test-{id_}",
        source="données de test",
        licence="test",
        source_date="2026-01-01",
        verified=True,
        **extra,
    )


#: Test structures near Lyon (69) and just across the border in the Ain (01).
STRUCTURES = [
    (1, "mission_locale", "Mission locale de test Lyon", "69383", "69", 45.7534, 4.8692),
    (2, "cio", "CIO de test Lyon", "69381", "69", 45.7676, 4.8344),
    (3, "mdph", "MDPH de test Rhône", "69387", "69", 45.7275, 4.8300),
    (4, "mission_locale", "Mission locale de test Ain", "01249", "01", 45.8400, 4.9500),
    (5, "mission_locale", "Mission locale de test fermée", "69266", "69", 45.7700, 4.8800),
    (6, "cio", "CIO de test Marseille", "13201", "13", 43.2990, 5.3730),
]


@dataclass
class World:
    url: str
    engine: Engine
    factory: sessionmaker[Session]
    admin_id: int
    employer_id: int
    counselor_id: int  # of structure 1 (Mission locale de test Lyon)
    other_counselor_id: int  # of structure 2 (CIO de test Lyon)
    tokens: dict[str, str]

    def session(self) -> Session:
        return self.factory()


_PASSWORD_HASH: list[str] = []


def password_hash() -> str:
    """argon2 is slow on purpose: hash the shared test password once per session."""
    if not _PASSWORD_HASH:
        _PASSWORD_HASH.append(hash_password(PASSWORD))
    return _PASSWORD_HASH[0]


def seed(factory: sessionmaker[Session]) -> World:
    with factory() as session:
        for row in STRUCTURES:
            extra: dict[str, object] = {}
            if row[0] == 5:
                extra["status"] = "closed"
            session.add(_structure(*row, **extra))
        session.flush()
        ids = {}
        tokens = {}
        for role_name, role, structure_id in (
            ("admin", "admin", None),
            ("employer", "employer", None),
            ("counselor", "counselor", 1),
            ("other_counselor", "counselor", 2),
        ):
            account = Account(
                email=f"{role_name}@example.invalid",
                display_name=f"Compte {role_name}",
                role=role,
                structure_id=structure_id,
                password_hash=password_hash(),
                active=True,
                failed_logins=0,
                created_at=datetime.now(UTC),
                offers_trusted=role == "employer",  # created by an admin: vetted
            )
            session.add(account)
            session.flush()
            ids[role_name] = account.id
            secret, _row = accounts_service.create_secret(
                session, account, "token", PeopleSettings(), "tests"
            )
            tokens[role_name] = secret
        session.commit()
    return World(
        url="",
        engine=None,
        factory=factory,  # type: ignore[arg-type]
        admin_id=ids["admin"],
        employer_id=ids["employer"],
        counselor_id=ids["counselor"],
        other_counselor_id=ids["other_counselor"],
        tokens=tokens,
    )


@pytest.fixture
def world(db_url: str) -> Iterator[World]:
    engine = make_engine(db_url)
    migrate(engine)
    engine.hide_parameters = True
    factory = make_session_factory(engine)
    w = seed(factory)
    w.url, w.engine = db_url, engine
    yield w
    engine.dispose()


def add_counselor(world: World, structure_id: int, active: bool = True) -> int:
    """An active counselor account at ``structure_id``: the structure then takes part."""
    with world.session() as session:
        account = Account(
            email=f"conseil-{structure_id}-{datetime.now(UTC).timestamp()}@example.invalid",
            display_name=f"Conseiller {structure_id}",
            role="counselor",
            structure_id=structure_id,
            password_hash=password_hash(),
            active=active,
            failed_logins=0,
            created_at=datetime.now(UTC),
        )
        session.add(account)
        session.commit()
        return account.id


def relaxed_settings(**overrides: object) -> PeopleSettings:
    values: dict[str, object] = {
        "rate_limit_callbacks": 0,
        "rate_limit_applications": 0,
        "rate_limit_login": 0,
        "cookie_secure": True,
    }
    values.update(overrides)
    return PeopleSettings(**values)  # type: ignore[arg-type]


def build_app(db_url: str, settings: PeopleSettings | None = None) -> FastAPI:
    """The application as it ships (``create_app``), with test settings for the people side."""
    from backend.app import create_app
    from backend.settings import Settings

    app = create_app(Settings(database_url=db_url, cache_check_seconds=0.0))
    app.state.people.configure(settings or relaxed_settings())
    return app


@pytest.fixture
def client(world: World) -> Iterator[TestClient]:
    app = build_app(world.url)
    with TestClient(app, base_url="https://testserver") as test_client:
        yield test_client


def bearer(world: World, role: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {world.tokens[role]}"}


def callback_body(**overrides: object) -> dict[str, object]:
    body: dict[str, object] = {
        "first_name": FAKE_FIRST_NAME,
        "phone": FAKE_PHONE,
        "email": FAKE_EMAIL,
        "channel": "call",
        "time_slot": "le matin",
        "age": 19,
        "code_insee": "69383",
        "topic": "training",
        "message": "Je voudrais reprendre une formation.",
        "consent": True,
        "consent_version": "2026-01",
    }
    body.update(overrides)
    return body
