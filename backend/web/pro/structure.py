"""A counselor's structure: the public details they keep up to date, through the structure service
(``backend.people.services.structures``: validated, audited, data version bumped)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from backend.api.deps import get_session
from backend.people.errors import Forbidden, NotFound
from backend.people.services import structures as structure_service
from backend.web.i18n import gettext as _
from backend.web.pages import Refusal, form_state, read_form
from backend.web.pro.forms import (
    STRUCTURE_FIELDS,
    structure_errors,
    structure_form_values,
    structure_values,
)
from backend.web.pro.visit import Visit, expired, forbidden, page, signed_in

router = APIRouter()


def _structure_page(
    visit: Visit,
    structure: Any,
    form: dict[str, str],
    errors: dict[str, str] | None = None,
    saved: bool = False,
) -> HTMLResponse:
    return page(
        visit,
        "dashboard/structure.html",
        _("Ma structure"),
        s=structure,
        form=form,
        **form_state(errors, STRUCTURE_FIELDS),
        saved=saved,
    )


def _my_structure(visit: Visit, session: Session) -> Any:
    """The structure of a counselor's account; anyone else gets the 403 page."""
    try:
        return structure_service.editable_structure(session, visit.account)
    except (Forbidden, NotFound):
        raise Refusal(forbidden(visit, _(structure_service.MESSAGES["forbidden"]))) from None


@router.get("/structure", response_class=HTMLResponse)
def structure_form(
    visit: Visit = Depends(signed_in), session: Session = Depends(get_session)
) -> Response:
    structure = _my_structure(visit, session)
    return _structure_page(visit, structure, structure_form_values(structure), saved=visit.saved())


@router.post("/structure", response_class=HTMLResponse)
async def structure_save(
    visit: Visit = Depends(signed_in), session: Session = Depends(get_session)
) -> Response:
    structure = _my_structure(visit, session)
    raw, form = await read_form(visit.request, STRUCTURE_FIELDS)
    stale = expired(visit.request, raw)
    if stale:
        return _structure_page(visit, structure, form, {"telephone": stale})
    try:
        structure_service.update_structure(session, visit.account, structure_values(form))
    except structure_service.InvalidStructure as error:
        return _structure_page(visit, structure, form, structure_errors(error))
    return RedirectResponse("/espace-pro/structure?enregistre=1", status_code=303)
