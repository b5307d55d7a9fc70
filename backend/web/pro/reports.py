"""« Signaler une erreur » in the pro area: the reports an account handles (its structure's
places and offers, its own offers, every one for an admin), closed as fixed or not an error."""

from __future__ import annotations

from fastapi import APIRouter, Depends
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from backend.api.deps import get_session
from backend.people.errors import PeopleError
from backend.people.services import reports as reports_service
from backend.web.i18n import gettext as _
from backend.web.pro.visit import Visit, expired, message_page, page, signed_in

router = APIRouter()

OUTCOMES = {"corrige": "fixed", "pas-d-erreur": "rejected"}


def _reports_page(visit: Visit, session: Session, notice: str | None = None) -> HTMLResponse:
    shown = visit.request.query_params.get("voir", "open")
    status = shown if shown in ("open", "all") else "open"
    items = reports_service.queue(session, visit.account, status)
    return page(
        visit,
        "dashboard/reports.html",
        _("Signalements d'erreur"),
        items=items,
        show_all=status == "all",
        notice=notice,
    )


@router.get("/signalements", response_class=HTMLResponse)
def reports_page(
    visit: Visit = Depends(signed_in), session: Session = Depends(get_session)
) -> Response:
    done = visit.request.query_params.get("clos", "")
    notice = {
        "fixed": _("Signalement clos : la fiche est marquée vérifiée aujourd'hui."),
        "rejected": _("Signalement clos : pas d'erreur."),
    }.get(done)
    return _reports_page(visit, session, notice)


@router.post("/signalements/{report_id}", response_class=HTMLResponse)
async def report_close(
    report_id: int, visit: Visit = Depends(signed_in), session: Session = Depends(get_session)
) -> Response:
    form = await visit.request.form()
    stale = expired(visit.request, form)
    if stale:
        return _reports_page(visit, session, stale)
    outcome = OUTCOMES.get(str(form.get("issue", "")))
    if outcome is None:
        return message_page(
            visit, _("Action impossible"), _("Choisissez : corrigé ou pas d'erreur."), 422
        )
    try:
        reports_service.close_report(session, visit.account, report_id, outcome)
    except PeopleError as refused:
        return message_page(visit, _("Action impossible"), _(refused.detail), refused.status)
    return RedirectResponse(f"/espace-pro/signalements?clos={outcome}", status_code=303)
