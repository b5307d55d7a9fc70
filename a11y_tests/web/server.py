"""The app the browser suite serves with uvicorn (``--factory a11y_tests.web.server:make_app``).

The whole application (``backend.app.create_app``: API, people side and web site).
The database is ``TOTALACCES_WEB_TEST_DB`` (a SQLite URL), filled with :mod:`a11y_tests.web.seed`.
"""

from __future__ import annotations

import os
from typing import Any

from fastapi import FastAPI


def _import_bundled_data(engine: Any) -> None:
    """The core's import of the bundled open data, when it exists and the database is empty."""
    from sqlalchemy import func, select

    from backend.importer import import_all
    from backend.models import Structure
    from backend.settings import BUNDLED_DATA_DIR

    with engine.connect() as connection:
        if connection.scalar(select(func.count()).select_from(Structure)):
            return
    report = import_all(engine, BUNDLED_DATA_DIR)
    if not report.ok:
        raise RuntimeError("\n".join(report.lines()))


def make_app() -> FastAPI:
    from backend.app import create_app
    from backend.db import make_engine
    from backend.settings import Settings
    from tests.support.templates import prepare_sqlite

    url = os.environ["TOTALACCES_WEB_TEST_DB"]
    holder: list[FastAPI] = []

    def build() -> None:
        from a11y_tests.web.seed import seed
        from tests.support.participants import take_part

        holder.append(create_app(Settings(database_url=url)))  # migrates the empty database
        engine = make_engine(url)
        try:
            _import_bundled_data(engine)
            seed(engine)
            take_part(engine)
        finally:
            engine.dispose()

    prepare_sqlite(url, "web-seeded", build)
    return holder[0] if holder else create_app(Settings(database_url=url))
