"""The accessible web site (server-rendered, complete without JavaScript) and the pro area.

- ``pages``: what every page shares (templates, preferences, ``render``, CSRF of public forms);
- ``site/``: the public site, a module per section (places, offers, careers, guides, callbacks);
- ``pro/``: the counselors' and employers' area under ``/espace-pro``;
- ``data``: the detail reads and page shapes the templates use.

``install(app)`` mounts both routers and ``/static`` on the application of ``create_app``.
"""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from backend.web import pages, pro, site


def install(app: FastAPI) -> None:
    app.include_router(site.router)
    app.include_router(pro.router)
    app.add_exception_handler(pages.Refusal, pages.send_refusal)  # type: ignore[arg-type]
    app.mount("/static", StaticFiles(directory=str(pages.STATIC_DIR)), name="static")


__all__ = ["install"]
