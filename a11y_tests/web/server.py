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

    url = os.environ["TOTALACCES_WEB_TEST_DB"]
    app = create_app(Settings(database_url=url))
    from a11y_tests.web.seed import seed

    engine = make_engine(url)
    _import_bundled_data(engine)
    seed(engine)
    from tests.support.participants import take_part

    take_part(engine)
    return app
