"""Alembic environment. Run programmatically by ``backend.db.migrate`` (connection passed in
``config.attributes["connection"]``), or from the command line with ``-x url=...``."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from backend.models import Base

target_metadata = Base.metadata


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


connection = context.config.attributes.get("connection")
if connection is not None:
    _run(connection)
else:
    from backend.db import make_engine

    url = context.get_x_argument(as_dictionary=True).get("url")
    if not url:
        from backend.settings import get_settings

        url = get_settings().effective_database_url
    with make_engine(url).begin() as conn:
        _run(conn)
