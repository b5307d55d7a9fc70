"""Counselors read and confirm the career summaries written by Total Accès
(``backend.people.services.career_reviews``): the list still to read, one summary beside the job's
titles and the automatic readability check, and the confirmation form."""

from __future__ import annotations

from fastapi import APIRouter, Depends
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from backend.api.deps import get_session
from backend.people.errors import Conflict, NotFound
from backend.people.services import career_reviews
from backend.services.summaries import text_hash
from backend.web.i18n import gettext as _
from backend.web.pro.visit import Visit, expired, message_page, page, require_staff, signed_in

router = APIRouter()
PAGE = 50


def staff_for_summaries(visit: Visit = Depends(signed_in)) -> Visit:
    require_staff(visit, _("Les résumés de métiers sont relus par les conseillers."))
    return visit


@router.get("/resumes", response_class=HTMLResponse)
def summaries_to_read(
    visit: Visit = Depends(staff_for_summaries), session: Session = Depends(get_session)
) -> Response:
    show_all = visit.request.query_params.get("tous") == "1"
    items = career_reviews.review_list(session, visit.account, pending_only=not show_all)
    pages = max(1, -(-len(items) // PAGE))
    number = visit.request.query_params.get("page", "1")
    current = min(int(number), pages) if number.isdigit() and int(number) >= 1 else 1
    start = (current - 1) * PAGE
    return page(
        visit,
        "dashboard/summaries.html",
        _("Résumés de métiers à relire"),
        items=items[start : start + PAGE],
        first=start + 1,
        total=len(items),
        show_all=show_all,
        current=current,
        pages=pages,
    )


def _summary_page(
    visit: Visit, session: Session, code: str, error: str | None = None, status_code: int = 200
) -> HTMLResponse:
    try:
        item = career_reviews.review_detail(session, visit.account, code)
    except NotFound as missing:
        return message_page(visit, _("Introuvable"), _(missing.detail), 404)
    response = page(
        visit,
        "dashboard/summary.html",
        _("Résumé : %(label)s") % {"label": item.label},
        item=item,
        text_sha256=text_hash(item.summary),
        error=error,
        saved=visit.saved(),
    )
    response.status_code = status_code
    return response


@router.get("/resumes/{code}", response_class=HTMLResponse)
def summary_detail(
    code: str, visit: Visit = Depends(staff_for_summaries), session: Session = Depends(get_session)
) -> Response:
    return _summary_page(visit, session, code)


@router.post("/resumes/{code}", response_class=HTMLResponse)
async def summary_confirm(
    code: str, visit: Visit = Depends(staff_for_summaries), session: Session = Depends(get_session)
) -> Response:
    form = await visit.request.form()
    stale = expired(visit.request, form)
    if stale:
        return _summary_page(visit, session, code, stale, 400)
    try:
        career_reviews.confirm(session, visit.account, code, str(form.get("texte", "")) or None)
    except NotFound as missing:
        return message_page(visit, _("Introuvable"), _(missing.detail), 404)
    except Conflict as changed:
        return _summary_page(visit, session, code, _(changed.detail), 409)
    return RedirectResponse(f"/espace-pro/resumes/{code.upper()}?enregistre=1", status_code=303)
