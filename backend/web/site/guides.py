"""The guides ("Comprendre mes options") and a guide's page."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from backend import guides as guide_service
from backend.web.i18n import gettext as _
from backend.web.i18n import ngettext
from backend.web.pages import Prefs, not_found, prefs, render, snapshot

router = APIRouter(include_in_schema=False)


@router.get("/comprendre", response_class=HTMLResponse)
def guides(request: Request, p: Prefs = Depends(prefs)) -> HTMLResponse:
    words = request.query_params.get("mots", "").strip()
    topic = request.query_params.get("theme", "")
    if topic not in guide_service.TOPICS:
        topic = ""
    found = guide_service.list_guides(topic=topic or None, q=words or None)
    grouped: dict[str, list[Any]] = {}
    for guide in found:
        grouped.setdefault(guide.topic, []).append(guide)
    sections = [
        (key, label, grouped[key]) for key, label in guide_service.TOPICS.items() if key in grouped
    ]
    title = _("Comprendre mes options")
    if words:
        title = ngettext(
            "%(num)s guide pour « %(words)s »", "%(num)s guides pour « %(words)s »", len(found)
        ) % {"num": len(found), "words": words}
    return render(
        request,
        p,
        "guides.html",
        title,
        words=words,
        topic=topic,
        topics=guide_service.TOPICS,
        sections=sections,
        total=len(found),
    )


@router.get("/comprendre/{slug}", response_class=HTMLResponse)
def guide_detail(slug: str, request: Request, p: Prefs = Depends(prefs)) -> HTMLResponse:
    guide = guide_service.get_guide(slug)
    if guide is None:
        return not_found(request, p, _("Ce guide n'existe pas."))
    return render(
        request,
        p,
        "guide.html",
        guide.title,
        g=guide,
        kind_counts=snapshot(request).kind_counts,
        body_html=guide_service.render_markdown(guide.body_markdown, heading_offset=0),
    )
