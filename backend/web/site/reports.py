"""« Signaler une erreur » on a place or an offer (``backend.people.services.reports``)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse
from sqlalchemy.orm import Session

from backend.api.deps import get_session
from backend.models import Offer, Structure
from backend.people.errors import PeopleError
from backend.people.services import reports as reports_service
from backend.web.i18n import gettext as _
from backend.web.pages import (
    Prefs,
    form_expired,
    form_state,
    form_token,
    not_found,
    prefs,
    rate_limited,
    read_form,
    render,
)
from totalacces import vocabulary

router = APIRouter(include_in_schema=False)

REPORT_FIELDS = ["raison", "message", "lieu", "offre"]


def _target(session: Session, form: dict[str, str]) -> tuple[str, Structure | Offer] | None:
    """("structure", place) from ``lieu=ID`` or ("offer", offer) from ``offre=ID``."""
    for key, kind, model in (("lieu", "structure", Structure), ("offre", "offer", Offer)):
        value = form.get(key, "")
        if value.isdigit() and 0 < int(value) < 2_000_000_000:
            row = session.get(model, int(value))
            if row is not None and (kind == "structure" or row.status == "published"):
                return kind, row
    return None


def _report_page(
    request: Request,
    p: Prefs,
    kind: str,
    row: Structure | Offer,
    form: dict[str, str],
    errors: dict[str, str] | None = None,
    status_code: int | None = None,
) -> HTMLResponse:
    reasons = vocabulary.REPORT_REASONS if kind == "structure" else vocabulary.OFFER_REPORT_REASONS
    name = row.name if isinstance(row, Structure) else row.title
    back = f"/lieux/{row.id}" if kind == "structure" else f"/stages/{row.id}"
    return render(
        request,
        p,
        "report.html",
        _("Signaler une erreur"),
        kind=kind,
        row=row,
        name=name,
        back=back,
        reasons=reasons,
        form=form,
        csrf=form_token(request),
        **form_state(errors, ["raison", "message"], status_code),
    )


@router.get("/signaler", response_class=HTMLResponse)
def report_form(
    request: Request, p: Prefs = Depends(prefs), session: Session = Depends(get_session)
) -> HTMLResponse:
    """``?lieu=ID`` or ``?offre=ID``: the link of a place's or an offer's page."""
    form = {k: request.query_params.get(k, "") for k in ("lieu", "offre")}
    found = _target(session, form)
    if found is None:
        return not_found(request, p, _("Ce lieu ou cette offre n'existe pas."))
    return _report_page(request, p, found[0], found[1], form)


@router.post("/signaler", response_class=HTMLResponse)
async def report_submit(
    request: Request, p: Prefs = Depends(prefs), session: Session = Depends(get_session)
) -> HTMLResponse:
    raw, form = await read_form(request, REPORT_FIELDS)
    found = _target(session, form)
    if found is None:
        return not_found(request, p, _("Ce lieu ou cette offre n'existe pas."))
    kind, row = found
    stale = form_expired(request, raw)
    if stale:
        return _report_page(request, p, kind, row, form, {"raison": stale}, 400)
    errors: dict[str, str] = {}
    if form["raison"] not in vocabulary.REPORT_REASONS:
        errors["raison"] = _("Choisissez ce qui ne va pas.")
    elif len(form["message"]) > reports_service.MAX_MESSAGE:
        errors["message"] = _(reports_service.MESSAGES["message"])
    if not errors and rate_limited(request, "callbacks"):
        errors["raison"] = _("Trop de demandes envoyées d'ici. Réessayez dans quelques minutes.")
    if errors:
        return _report_page(request, p, kind, row, form, errors)
    try:
        report = reports_service.create_report(
            session,
            target=kind,
            target_id=row.id,
            reason=form["raison"],
            message=form["message"],
            source="web",
        )
    except PeopleError as refused:
        return _report_page(request, p, kind, row, form, {"raison": _(refused.detail)})
    view = reports_service.created_view(report)
    return render(
        request,
        p,
        "report_done.html",
        _("Merci pour votre signalement"),
        thanks=reports_service.MESSAGES["thanks_" + view["goes_to"]],
        back=f"/lieux/{row.id}" if kind == "structure" else f"/stages/{row.id}",
    )
