"""Careers (``/metiers``), Mon industrie and a career's page."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse
from sqlalchemy.orm import Session

from backend.api.deps import get_session
from backend.services import search, summaries
from backend.web import data
from backend.web.i18n import gettext as _
from backend.web.i18n import ngettext
from backend.web.pages import (
    PAGE_SIZE,
    Prefs,
    not_found,
    page_limit,
    prefs,
    render,
    snapshot,
    url_with,
)

router = APIRouter(include_in_schema=False)


@router.get("/metiers", response_class=HTMLResponse)
async def careers(request: Request, p: Prefs = Depends(prefs)) -> HTMLResponse:
    words = request.query_params.get("mots", "").strip()
    limit = page_limit(request)
    total, items = (0, [])
    if words:  # the API's career search: accents, case, feminine forms, typos
        found = search.search_careers(snapshot(request), q=words, rome=None, limit=limit, offset=0)
        total, items = found.total, found.items
    more_url = None
    if total > len(items):
        more_url = url_with(request, nombre=str(limit + PAGE_SIZE)) + f"#metier-{limit + 1}"
    title = _("Métiers")
    if words:
        title = ngettext(
            "%(num)s métier pour « %(words)s »", "%(num)s métiers pour « %(words)s »", total
        ) % {"num": total, "words": words}
    return render(
        request,
        p,
        "careers.html",
        title,
        words=words,
        total=total,
        items=items,
        searched=bool(words),
        more_url=more_url,
    )


@router.get("/metiers/industrie", response_class=HTMLResponse)
def industry(
    request: Request, p: Prefs = Depends(prefs), session: Session = Depends(get_session)
) -> HTMLResponse:
    return render(
        request,
        p,
        "industry.html",
        _("Mon industrie : les métiers de l'industrie"),
        domains=data.industry_domains(session),
    )


@router.get("/metiers/{code}", response_class=HTMLResponse)
def career_detail(
    code: str,
    request: Request,
    p: Prefs = Depends(prefs),
    session: Session = Depends(get_session),
) -> HTMLResponse:
    career = data.get_career(session, code)
    if career is None:
        return not_found(request, p, _("Ce métier n'existe pas dans notre liste."))
    return render(
        request,
        p,
        "career.html",
        career.label,
        c=career,
        provenance=summaries.provenance(session, career.code, career.summary),
        domain_label=data.sector_label(session, career.domain_code),
        grand_domain_label=data.sector_label(session, career.grand_domain_code),
    )
