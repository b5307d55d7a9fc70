"""The pro area ("Espace pro") of counselors and employers: a module per section, each with its
own router; forms are in ``forms``, the signed-in visit and its guards in ``visit``."""

from __future__ import annotations

from fastapi import APIRouter

from backend.web.pro import (
    callbacks,
    employers,
    login,
    offers,
    reports,
    structure,
    summaries,
    team,
)

PREFIX = "/espace-pro"
router = APIRouter(include_in_schema=False)
for section in (login, callbacks, employers, offers, structure, summaries, team, reports):
    router.include_router(section.router, prefix=PREFIX)

__all__ = ["router"]
