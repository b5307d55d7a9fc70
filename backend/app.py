"""The FastAPI application factory: ``create_app(settings=None)``.

``uvicorn --factory backend.app:create_app`` (what ``totalacces serve`` runs). The app state holds
``settings``, ``engine``, ``session_factory``, ``database`` ("sqlite" | "postgresql") and
``snapshots`` (per-process search snapshot, see ``backend.services.snapshot``). Every router is
included here by a plain import: the core API, the guides, the people side (accounts, offers,
callbacks) and the web site. They all take their session from ``backend.api.deps.get_session``.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import AsyncIterator

from fastapi import FastAPI
from starlette.concurrency import run_in_threadpool

from backend import people, web
from backend.api import guides, param_memo, problems, v1
from backend.api.cache import ResponseCacheMiddleware
from backend.db import make_engine, make_session_factory, migrate
from backend.services.snapshot import SnapshotCache
from backend.settings import Settings, get_settings

DESCRIPTION = """
Total Accès : structures d'orientation et de seconde chance, offres de stage (exemples) et
métiers, avec un texte `speech` à faire entendre dans chaque réponse. Les erreurs sont en
`application/problem+json`, avec un `detail` en français qui dit quoi faire.

Exemples : `/api/v1/structures?place=Villeurbanne&kind=mission_locale&radius_km=20`,
`/api/v1/offers?place=Paris&radius_km=10&rome=H`, `/api/v1/careers?q=soudeur`.
"""


def warm_up(snapshots: SnapshotCache) -> None:
    import geodata

    geodata.lookup("Paris")
    snapshots.get()


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    param_memo.install()  # FastAPI's per-request parameter introspection, memoised
    engine = make_engine(settings.effective_database_url)
    migrate(engine)
    snapshots = SnapshotCache(engine, settings.cache_check_seconds)

    @contextlib.asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        try:  # warm the gazetteer and the search snapshot so that the first request is fast
            await run_in_threadpool(warm_up, snapshots)
        except Exception:  # an empty or unreachable database must not stop the server
            logging.getLogger(__name__).exception(
                "Préchargement de l'index de recherche impossible"
            )
        yield

    app = FastAPI(
        lifespan=lifespan,
        title="Total Accès API",
        version="1.0.0",
        description=DESCRIPTION,
        openapi_tags=[
            {"name": "structures", "description": "Lieux qui aident les jeunes"},
            {"name": "stages", "description": "Offres de stage (exemples générés)"},
            {"name": "métiers", "description": "Métiers ROME, secteurs, industrie"},
        ],
    )
    app.state.settings = settings
    app.state.engine = engine
    app.state.session_factory = make_session_factory(engine)
    app.state.database = engine.dialect.name
    app.state.snapshots = snapshots
    problems.install(app)
    app.add_middleware(ResponseCacheMiddleware)
    app.include_router(v1.health_router)
    app.include_router(v1.router)
    app.include_router(guides.router)
    people.install(app)
    web.install(app)
    return app
