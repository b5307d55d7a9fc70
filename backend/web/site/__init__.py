"""The public site: a module per section, each with its own router; forms are in ``forms``."""

from __future__ import annotations

from fastapi import APIRouter

from backend.web.site import (
    applications,
    callbacks,
    careers,
    guides,
    home,
    offers,
    places,
    reports,
)

router = APIRouter(include_in_schema=False)
for section in (home, places, offers, careers, guides, callbacks, reports, applications):
    router.include_router(section.router)

__all__ = ["router"]
