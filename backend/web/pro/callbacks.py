"""The callback inbox of counselors: the list, a request, its status and outcome, statistics."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from backend.api.deps import get_session
from backend.models import Structure
from backend.people.services import callbacks as callbacks_service
from backend.people.services.structures import verified_until
from backend.services.trust import date_words
from backend.web.i18n import gettext as _
from backend.web.pages import form_state
from backend.web.pro.forms import callback_update_errors
from backend.web.pro.labels import (
    CALLBACK_STATUS_LABELS,
    CHANNEL_LABELS,
    NEXT_STATUS_LABELS,
    OUTCOME_LABELS,
    TOPIC_LABELS,
)
from backend.web.pro.visit import (
    Visit,
    expired,
    message_page,
    page,
    require_staff,
    signed_in,
    staff_for_callbacks,
)

router = APIRouter()


def _item(request_row: Any) -> dict[str, Any]:
    return callbacks_service.inbox_item(request_row)


@router.get("/rappels", response_class=HTMLResponse)
def inbox(
    visit: Visit = Depends(staff_for_callbacks), session: Session = Depends(get_session)
) -> Response:
    status = visit.request.query_params.get("statut", "")
    if status not in CALLBACK_STATUS_LABELS:
        status = ""
    total, rows = callbacks_service.inbox(session, visit.account, status=status or None, limit=50)
    return page(
        visit,
        "dashboard/inbox.html",
        _("Demandes de rappel"),
        items=[_item(r) for r in rows],
        total=total,
        status=status,
        status_labels=CALLBACK_STATUS_LABELS,
        topic_labels=TOPIC_LABELS,
        channel_labels=CHANNEL_LABELS,
        to_check=_structure_to_check(session, visit.account),
    )


def _structure_to_check(session: Session, account: Any) -> str | None:
    """The date of a counselor's structure details when they are "à vérifier" (older than two
    years, or never confirmed): the inbox asks them to check it."""
    if account.role != "counselor" or account.structure_id is None:
        return None
    structure = session.get(Structure, account.structure_id)
    if structure is None or verified_until(structure) is not None:
        return None
    return date_words(structure.source_date) or _("sans date")


def _callback_page(
    visit: Visit,
    row: Any,
    form: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    saved: bool = False,
) -> HTMLResponse:
    item = _item(row)
    return page(
        visit,
        "dashboard/callback.html",
        _("Demande %(reference)s") % {"reference": item["reference"]},
        c=item,
        form=form or {},
        **form_state(errors, ["statut", "resultat"]),
        saved=saved,
        status_labels=CALLBACK_STATUS_LABELS,
        next_labels=NEXT_STATUS_LABELS,
        outcome_labels=OUTCOME_LABELS,
        topic_labels=TOPIC_LABELS,
        channel_labels=CHANNEL_LABELS,
    )


def _find_callback(session: Session, account: Any, reference: str) -> Any:
    try:
        return callbacks_service.get_for(session, account, reference)
    except ValueError:
        return None


@router.get("/rappels/{reference}", response_class=HTMLResponse)
def callback_detail(
    reference: str,
    visit: Visit = Depends(staff_for_callbacks),
    session: Session = Depends(get_session),
) -> Response:
    row = _find_callback(session, visit.account, reference)
    if row is None:
        return _callback_not_found(visit)
    return _callback_page(visit, row, saved=visit.saved())


def _callback_not_found(visit: Visit) -> HTMLResponse:
    """The 404 page of a request that does not exist or is not in the account's inbox."""
    return message_page(
        visit,
        _("Demande introuvable"),
        _("Aucune demande ne porte ce code dans la boîte de votre structure."),
        404,
    )


@router.post("/rappels/{reference}", response_class=HTMLResponse)
async def callback_update(
    reference: str,
    visit: Visit = Depends(staff_for_callbacks),
    session: Session = Depends(get_session),
) -> Response:
    raw = await visit.request.form()
    row = _find_callback(session, visit.account, reference)
    if row is None:
        return _callback_not_found(visit)
    form = {"statut": str(raw.get("statut", "")), "resultat": str(raw.get("resultat", ""))}
    errors: dict[str, str] = {}
    stale = expired(visit.request, raw)
    if stale:
        errors["statut"] = stale
    else:
        errors = callback_update_errors(form)
    if not errors:
        try:
            callbacks_service.change_status(
                session,
                visit.account,
                row.reference,
                form["statut"],
                form["resultat"] if form["statut"] == "closed" else None,
            )
        except ValueError as exc:
            errors["statut"] = str(exc)
    if errors:
        session.rollback()
        return _callback_page(visit, row, form, errors)
    return RedirectResponse(f"/espace-pro/rappels/{row.reference}?enregistre=1", status_code=303)


@router.get("/statistiques", response_class=HTMLResponse)
def statistics(
    visit: Visit = Depends(signed_in), session: Session = Depends(get_session)
) -> Response:
    require_staff(visit, _("Les statistiques sont pour les conseillers."))
    return page(
        visit,
        "dashboard/stats.html",
        _("Statistiques"),
        s=callbacks_service.stats(session, visit.account),
        status_labels=CALLBACK_STATUS_LABELS,
        outcome_labels=OUTCOME_LABELS,
    )
