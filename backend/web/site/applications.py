"""An applicant follows their application with its code alone: its status and the employer's
reply (``backend.people.services.applications.application_status``)."""

from __future__ import annotations

import re

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse
from sqlalchemy.orm import Session

from backend.api.deps import get_session
from backend.people.services.applications import application_status
from backend.web.i18n import gettext as _
from backend.web.pages import Prefs, form_state, prefs, render
from backend.web.site.forms import reference_error

router = APIRouter(include_in_schema=False)


@router.get("/candidature/suivi", response_class=HTMLResponse)
def application_follow_up(
    request: Request, p: Prefs = Depends(prefs), session: Session = Depends(get_session)
) -> HTMLResponse:
    asked = "reference" in request.query_params
    reference = re.sub(r"[^A-Z0-9]", "", request.query_params.get("reference", "").upper())
    errors: dict[str, str] = {}
    found = None
    if asked:
        problem = reference_error(reference)
        if problem is None:
            found = application_status(session, reference)
            if found is None:
                problem = _(
                    "Aucune candidature ne porte ce code. Vérifiez chaque lettre et chaque chiffre."
                )
        if problem is not None:
            errors["reference"] = problem
    return render(
        request,
        p,
        "application_status.html",
        _("Suivre ma candidature"),
        reference=reference,
        found=found,
        **form_state(errors, ["reference"]),
    )
