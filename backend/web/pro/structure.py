"""A counselor's structure: the public details they keep up to date, through the structure service
(``backend.people.services.structures``: validated, audited, data version bumped)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from backend.api.deps import get_session
from backend.people.errors import Forbidden, NotFound, PeopleError
from backend.people.services import participation as participation_service
from backend.people.services import structures as structure_service
from backend.services import hours as opening_hours
from backend.services import trust
from backend.web.i18n import gettext as _
from backend.web.pages import Refusal, form_state, read_form
from backend.web.pro.forms import (
    HOURS_DAYS,
    HOURS_FIELDS,
    STRUCTURE_FIELDS,
    hours_from_form,
    structure_errors,
    structure_form_values,
    structure_values,
)
from backend.web.pro.visit import Visit, expired, forbidden, page, signed_in

router = APIRouter()

PARTICIPATION_FIELDS = ["pause", "delai"]


def _structure_page(
    visit: Visit,
    structure: Any,
    form: dict[str, str],
    errors: dict[str, str] | None = None,
    saved: bool = False,
    session: Session | None = None,
    taking: dict[str, str] | None = None,
) -> HTMLResponse:
    from backend.people.config import get_people_settings

    settings = get_people_settings()
    state = (
        participation_service.view(session, structure.id, settings) if session is not None else None
    )
    if taking is None and state is not None:
        taking = {
            "pause": "oui" if state["paused"] else "",
            "delai": str(state["response_delay_days"]) if state["own_delay"] else "",
        }
    return page(
        visit,
        "dashboard/structure.html",
        _("Ma structure"),
        s=structure,
        form=form,
        taking=taking or {},
        participation=state,
        settings_delay=settings.response_target_days,
        hours_days=HOURS_DAYS,
        hours_note=_hours_note(structure.opening_hours),
        verified_until=_day_words(structure_service.verified_until(structure)),
        source_date=trust.date_words(structure.source_date),
        public_fields=_public_fields(structure),
        **form_state(errors, STRUCTURE_FIELDS + PARTICIPATION_FIELDS),
        saved=saved,
    )


def _day_words(day: Any) -> str | None:
    return trust.date_words(day.isoformat()) if day else None


def _public_fields(structure: Any) -> list[tuple[str, str | None]]:
    """What young people read about the structure, each field as it stands now."""
    address = " ".join(p for p in (structure.address, structure.postcode, structure.commune) if p)
    hours = opening_hours.describe(structure.opening_hours, structure.departement)
    week = (
        "; ".join(f"{_(d['day'])} : {d['text']}" for d in hours["week"]) or structure.opening_hours
    )
    return [
        (_("Adresse"), address),
        (_("Téléphone"), structure.phone),
        (_("E-mail"), structure.email),
        (_("Site web"), structure.website),
        (_("Horaires d'ouverture"), week),
        (_("Accessibilité du bâtiment"), structure.building_accessibility),
        (_("Ce que vous faites pour les jeunes"), structure.description),
    ]


def _hours_note(stored: str | None) -> str | None:
    """What the days cannot show of the stored hours: free text typed before the form, or an
    OpenStreetMap value with months or weeks (saving the form replaces it)."""
    if not stored:
        return None
    if not opening_hours.is_osm(stored):
        return _(
            "Horaires enregistrés avant, en texte libre : « %(text)s ». Remplissez les jours pour les remplacer.",
            text=stored,
        )
    if opening_hours.from_days(opening_hours.to_days(stored)[0], "PH off" in stored) != stored:
        return _(
            "Horaires enregistrés : « %(text)s ». Les jours ci-dessous montrent une semaine habituelle ; enregistrer la remplace.",
            text=stored,
        )
    return None


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
    return _structure_page(
        visit, structure, structure_form_values(structure), saved=visit.saved(), session=session
    )


@router.post("/structure", response_class=HTMLResponse)
async def structure_save(
    visit: Visit = Depends(signed_in), session: Session = Depends(get_session)
) -> Response:
    structure = _my_structure(visit, session)
    raw, form = await read_form(visit.request, STRUCTURE_FIELDS + HOURS_FIELDS)
    stale = expired(visit.request, raw)
    if stale:
        return _structure_page(visit, structure, form, {"telephone": stale}, session=session)
    _hours, hours_error = hours_from_form(form)
    if hours_error:
        return _structure_page(visit, structure, form, {"horaires": hours_error}, session=session)
    try:
        structure_service.update_structure(session, visit.account, structure_values(form))
    except structure_service.InvalidStructure as error:
        return _structure_page(visit, structure, form, structure_errors(error), session=session)
    return RedirectResponse("/espace-pro/structure?enregistre=1", status_code=303)


@router.post("/structure/participation", response_class=HTMLResponse)
async def participation_save(
    visit: Visit = Depends(signed_in), session: Session = Depends(get_session)
) -> Response:
    """Pause or resume receiving requests (holidays), and the delay promised to young people."""
    structure = _my_structure(visit, session)
    raw, taking = await read_form(visit.request, PARTICIPATION_FIELDS)
    values = structure_form_values(structure)
    stale = expired(visit.request, raw)
    if stale:
        return _structure_page(
            visit, structure, values, {"delai": stale}, session=session, taking=taking
        )
    delay: int | None = None
    if taking["delai"]:
        if not taking["delai"].isdigit():
            error = {"delai": _(participation_service.MESSAGES["delay"])}
            return _structure_page(visit, structure, values, error, session=session, taking=taking)
        delay = int(taking["delai"])
    try:
        participation_service.update(
            session,
            visit.account,
            structure.id,
            paused=taking["pause"] == "oui",
            response_delay_days=delay,
        )
    except PeopleError as error:
        message = {"delai": _(error.detail)}
        return _structure_page(visit, structure, values, message, session=session, taking=taking)
    return RedirectResponse("/espace-pro/structure?enregistre=1", status_code=303)


@router.post("/structure/confirmer", response_class=HTMLResponse)
async def structure_confirm(
    visit: Visit = Depends(signed_in), session: Session = Depends(get_session)
) -> Response:
    """Every public detail is right: verified for two years from today (audited)."""
    structure = _my_structure(visit, session)
    raw, _form = await read_form(visit.request, [])
    stale = expired(visit.request, raw)
    if stale:
        values = structure_form_values(structure)
        return _structure_page(visit, structure, values, {"telephone": stale}, session=session)
    structure_service.confirm_structure(session, visit.account)
    return RedirectResponse("/espace-pro/structure?enregistre=1", status_code=303)
