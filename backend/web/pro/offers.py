"""An employer's or counselor's internship offers: list, new, edit, publish, close."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from backend.api.deps import get_session
from backend.people.services import applications as applications_service
from backend.people.services import offers as offers_service
from backend.web import data
from backend.web.i18n import gettext as _
from backend.web.pages import Refusal, form_state
from backend.web.pro.forms import OFFER_FIELDS, offer_form_values, parse_offer
from backend.web.pro.labels import CONTACT_MODE_LABELS, OFFER_STATUS_LABELS
from backend.web.pro.visit import Visit, csrf_ok, expired, forbidden, page, signed_in
from totalacces import vocabulary

router = APIRouter()

#: The employer's answers to an application (form value -> label).
REPLY_OPTIONS = {
    "lue": "Je l'ai lue",
    "acceptee": "Je l'accepte : je vais la contacter",
    "refusee": "Pas retenue cette fois",
}


@router.get("/offres", response_class=HTMLResponse)
def my_offers(
    visit: Visit = Depends(signed_in), session: Session = Depends(get_session)
) -> Response:
    service = offers_service
    offers = service.offers_of(session, visit.account)
    return page(
        visit,
        "dashboard/offers.html",
        _("Mes offres de stage"),
        offers=[(o, service.effective_status(o)) for o in offers],
        offer_status_labels=OFFER_STATUS_LABELS,
        saved=visit.request.query_params.get("enregistre", ""),
    )


def _offer_form_page(
    visit: Visit,
    offer: Any,
    form: dict[str, Any],
    errors: dict[str, str] | None = None,
    session: Session | None = None,
) -> HTMLResponse:
    applications: list[dict[str, Any]] = []
    if offer is not None and session is not None:
        applications = [
            applications_service.application_view(a)
            for a in applications_service.applications_for(session, visit.account, offer.id)
        ]

    title = _("Modifier l'offre") if offer is not None else _("Nouvelle offre de stage")
    if offer is not None:
        title = _("Modifier l'offre « %(title)s »") % {"title": offer.title}
    return page(
        visit,
        "dashboard/offer_form.html",
        title,
        offer=offer,
        offer_status=offers_service.effective_status(offer) if offer is not None else None,
        offer_status_labels=OFFER_STATUS_LABELS,
        form=form,
        **form_state(errors, OFFER_FIELDS),
        level_options=data.LEVEL_LABELS,
        contact_options=CONTACT_MODE_LABELS,
        applications=applications,
        application_labels=vocabulary.APPLICATION_STATUS_LABELS,
        reply_options=REPLY_OPTIONS,
    )


async def _save_offer(visit: Visit, session: Session, offer: Any) -> Response:
    """Create (``offer`` None) or update ``offer`` from the posted form; the form again with its
    errors, else the redirect to the list of offers."""
    raw = await visit.request.form()
    form, values, errors = parse_offer(raw)
    stale = expired(visit.request, raw)
    if stale:
        errors = {"titre": stale, **errors}
    if not errors:
        service = offers_service
        try:
            if offer is None:
                created = service.create_offer(session, visit.account, values)
                if raw.get("publier") == "oui":
                    service.publish_offer(session, visit.account, created.id)
            else:
                service.update_offer(session, visit.account, offer.id, values)
        except ValueError as exc:
            session.rollback()
            errors["titre"] = str(exc)
    if errors:
        return _offer_form_page(visit, offer, form, errors)
    done = "cree" if offer is None else "modifiee"
    return RedirectResponse(f"/espace-pro/offres?enregistre={done}", status_code=303)


@router.get("/offres/nouvelle", response_class=HTMLResponse)
def new_offer(visit: Visit = Depends(signed_in)) -> Response:
    return _offer_form_page(visit, None, {"niveaux": [], "contacts": ["formulaire"], "places": "1"})


@router.post("/offres/nouvelle", response_class=HTMLResponse)
async def create_offer(
    visit: Visit = Depends(signed_in), session: Session = Depends(get_session)
) -> Response:
    return await _save_offer(visit, session, None)


def _managed(session: Session, account: Any, offer_id: int) -> Any:
    try:
        return offers_service.get_managed(session, account, offer_id)
    except ValueError:
        return None


def _managed_or_forbidden(visit: Visit, session: Session, offer_id: int) -> Any:
    """The offer ``offer_id`` if the account manages it; else the 403 page is sent."""
    offer = _managed(session, visit.account, offer_id)
    if offer is None:
        raise Refusal(forbidden(visit, _("Cette offre n'est pas parmi les vôtres.")))
    return offer


@router.get("/offres/{offer_id}", response_class=HTMLResponse)
def edit_offer(
    offer_id: int, visit: Visit = Depends(signed_in), session: Session = Depends(get_session)
) -> Response:
    offer = _managed_or_forbidden(visit, session, offer_id)
    return _offer_form_page(visit, offer, offer_form_values(offer), session=session)


@router.post("/offres/{offer_id}", response_class=HTMLResponse)
async def update_offer(
    offer_id: int, visit: Visit = Depends(signed_in), session: Session = Depends(get_session)
) -> Response:
    return await _save_offer(visit, session, _managed_or_forbidden(visit, session, offer_id))


@router.post("/offres/{offer_id}/{action}", response_class=HTMLResponse)
async def offer_action(
    offer_id: int,
    action: str,
    visit: Visit = Depends(signed_in),
    session: Session = Depends(get_session),
) -> Response:
    raw = await visit.request.form()
    offer = _managed(session, visit.account, offer_id)
    if offer is None or action not in ("fermer", "publier") or not csrf_ok(visit.request, raw):
        return forbidden(visit, _("Action impossible : rechargez la page."))
    try:
        if action == "fermer":
            offers_service.close_offer(session, visit.account, offer_id)
        else:
            offers_service.publish_offer(session, visit.account, offer_id)
    except ValueError as exc:
        session.rollback()
        return _offer_form_page(visit, offer, offer_form_values(offer), {"titre": str(exc)})
    done = "fermee" if action == "fermer" else "publiee"
    if action == "publier" and offer.status == "review":
        done = "attente"  # a signed-up employer's offer waits for a moderator
    return RedirectResponse(f"/espace-pro/offres?enregistre={done}", status_code=303)
