"""The callback request ("Être rappelé·e") and its follow-up by code."""

from __future__ import annotations

import re

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse
from sqlalchemy.orm import Session

from backend.api.deps import get_session
from backend.models import Structure
from backend.people.errors import PeopleError
from backend.people.services import participation
from backend.people.services.callbacks import NotTaken, create_callback, promised_days
from backend.people.services.callbacks import callback_status as find_callback_status
from backend.web.i18n import gettext as _
from backend.web.i18n import ngettext
from backend.web.pages import (
    Prefs,
    form_expired,
    form_state,
    form_token,
    prefs,
    rate_limited,
    read_form,
    render,
)
from backend.web.site.forms import (
    CALLBACK_FIELDS,
    CHANNELS,
    MOMENTS,
    TOPICS,
    callback_errors,
    reference_error,
)
from totalacces import vocabulary

router = APIRouter(include_in_schema=False)


def _delay(days: int) -> str:
    """``vocabulary.delay_words`` in the page's language."""
    if days <= 0:
        return _("dans la journée")
    return ngettext("sous %(num)s jour", "sous %(num)s jours", days) % {"num": days}


def _callback_page(
    request: Request,
    p: Prefs,
    form: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    status_code: int | None = None,
) -> HTMLResponse:
    return render(
        request,
        p,
        "callback.html",
        _("Être rappelé·e"),
        form=form or {"canal": "telephone", "moment": "indifferent"},
        csrf=form_token(request),
        **form_state(errors, CALLBACK_FIELDS, status_code),
        channels=CHANNELS,
        channel_note=vocabulary.CHANNEL_NOTE,
        moments=MOMENTS,
        topics=TOPICS,
    )


@router.get("/rappel", response_class=HTMLResponse)
def callback_form(request: Request, p: Prefs = Depends(prefs)) -> HTMLResponse:
    """The form; ``?sujet=stage`` (a link from an offer, a guide) chooses the topic already."""
    form = {"canal": "telephone", "moment": "indifferent"}
    topic = request.query_params.get("sujet", "")
    if topic in TOPICS:
        form["sujet"] = topic
    return _callback_page(request, p, form)


@router.post("/rappel", response_class=HTMLResponse)
async def callback_submit(
    request: Request, p: Prefs = Depends(prefs), session: Session = Depends(get_session)
) -> HTMLResponse:
    raw, form = await read_form(request, CALLBACK_FIELDS)
    expired = form_expired(request, raw)
    if expired:
        return _callback_page(request, p, form, {"prenom": expired}, status_code=400)
    errors = callback_errors(form)
    if not errors and rate_limited(request, "callbacks"):
        errors["prenom"] = _("Trop de demandes envoyées d'ici. Réessayez dans quelques minutes.")
    if errors:
        return _callback_page(request, p, form, errors)
    try:
        created = create_callback(
            session,
            first_name=form["prenom"],
            contact=form["contact"],
            channel=form["canal"],
            preferred_time=form["moment"],
            age=int(form["age"]),
            commune=form["commune"],
            topic=form["sujet"],
            consent=True,
        )
    except NotTaken as refused:  # nobody near the person takes part: nothing was stored
        return render(
            request,
            p,
            "callback_not_taken.html",
            _("Nous ne pouvons pas transmettre votre demande ici"),
            alt=refused.extra["alternative"],
        )
    except PeopleError as exc:  # the commune is unknown or ambiguous
        return _callback_page(request, p, form, {"commune": exc.detail})
    structure = session.get(Structure, created.structure_id) if created.structure_id else None
    return render(
        request,
        p,
        "callback_done.html",
        _("Demande de rappel enregistrée"),
        reference=created.reference,
        structure=structure,
        routed_as=created.routed_as,
        delay=_delay(promised_days(created)),
        confirmation_note=vocabulary.CONFIRMATION_NOTE,
        demo_note=participation.DEMO_NOTE
        if participation.is_demo(session, created.structure_id)
        else None,
    )


STATUS_LABELS = vocabulary.STATUS_FOR_REQUESTER


@router.get("/rappel/suivi", response_class=HTMLResponse)
def callback_status(
    request: Request, p: Prefs = Depends(prefs), session: Session = Depends(get_session)
) -> HTMLResponse:
    asked = "reference" in request.query_params
    reference = re.sub(r"[^A-Z0-9]", "", request.query_params.get("reference", "").upper())
    errors: dict[str, str] = {}
    status = None
    if asked:
        problem = reference_error(reference)
        if problem is None:
            status = find_callback_status(session, reference)
            if status is None:
                problem = _(
                    "Aucune demande ne porte ce code. Vérifiez chaque lettre et chaque chiffre."
                )
        if problem is not None:
            errors["reference"] = problem
    return render(
        request,
        p,
        "callback_status.html",
        _("Suivre ma demande de rappel"),
        reference=reference,
        **form_state(errors, ["reference"]),
        status=status,
        status_label=_(STATUS_LABELS[status["status"]]) if status is not None else None,
    )
