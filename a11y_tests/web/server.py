"""The app the browser suite serves with uvicorn (``--factory a11y_tests.web.server:make_app``).

The whole application when ``backend.app.create_app`` exists, else a bare FastAPI app; then the web
site (``backend.web.install``) and, when present, the people side (``backend.people.install``).
The database is ``TOTALACCES_WEB_TEST_DB`` (a SQLite URL), filled with :mod:`a11y_tests.web.seed`.
"""

from __future__ import annotations

import importlib
import os
from typing import Any

from fastapi import FastAPI


def _routes(app: FastAPI) -> set[str]:
    return {getattr(r, "path", "") for r in app.routes}


def _import_bundled_data(engine: Any) -> None:
    """The core's import of the bundled open data, when it exists and the database is empty."""
    try:
        from backend.importer import import_all
        from backend.settings import BUNDLED_DATA_DIR
    except ImportError:
        return
    from sqlalchemy import func, select

    from backend.models import Structure

    with engine.connect() as connection:
        if connection.scalar(select(func.count()).select_from(Structure)):
            return
    report = import_all(engine, BUNDLED_DATA_DIR)
    if not report.ok:
        raise RuntimeError("\n".join(report.lines()))


def make_app() -> FastAPI:
    from backend.db import make_engine, make_session_factory
    from backend.settings import Settings
    from backend.web import install as install_web

    url = os.environ["TOTALACCES_WEB_TEST_DB"]
    settings = Settings(database_url=url)
    app: Any = None
    try:
        create_app = importlib.import_module("backend.app").create_app
    except (ImportError, AttributeError):
        create_app = None
    app = create_app(settings) if create_app is not None else FastAPI()
    try:
        people = importlib.import_module("backend.people")
        importlib.import_module("backend.people.models")
    except ImportError:
        people = None
    from a11y_tests.web.seed import seed

    engine = make_engine(url)
    _import_bundled_data(engine)
    seed(engine)
    if not any(
        getattr(app.state, n, None) for n in ("session_factory", "sessionmaker", "db_sessionmaker")
    ):
        app.state.session_factory = make_session_factory(engine)
    if (
        people is not None
        and hasattr(people, "install")
        and "/api/v1/callbacks" not in _routes(app)
    ):
        people.install(app)
    if "/" not in _routes(app):
        install_web(app)
    return app
