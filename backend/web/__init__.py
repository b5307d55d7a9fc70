"""The accessible web site (server-rendered, complete without JavaScript) and the dashboard.

``install(app)`` mounts the pages, the dashboard and ``/static`` on a FastAPI app.
"""

from __future__ import annotations

from backend.web.routes import install, router

__all__ = ["install", "router"]
