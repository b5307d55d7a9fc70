"""Fixtures of the backend tests."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from backend.db import make_engine, migrate


@pytest.fixture()
def db(db_url: str) -> Iterator[Any]:
    """A migrated, empty database (SQLite and PostgreSQL, as ``db_url``): its engine."""
    engine = make_engine(db_url)
    migrate(engine)
    yield engine
    engine.dispose()
