"""Internship offers: the search (``/stages``) with the API's filters, an offer's page and
the application form."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from backend.api.deps import get_session
from backend.people.errors import PeopleError
from backend.people.services import reports as reports_service
from backend.people.services.applications import create_application
from backend.services import offer_rules, search
from backend.web import data
from backend.web.i18n import gettext as _
from backend.web.i18n import ngettext
from backend.web.pages import (
    PAGE_SIZE,
    Prefs,
    Refusal,
    by_id,
    form_expired,
    form_state,
    form_token,
    not_found,
    osm_route,
    page_limit,
    prefs,
    rate_limited,
    read_form,
    render,
    snapshot,
    url_with,
)
from backend.web.site.forms import (
    APPLY_FIELDS,
    RADIUS_CHOICES,
    apply_errors,
    offer_filters,
    resolve_place,
)
from totalacces import vocabulary

router = APIRouter(include_in_schema=False)

#: The search form's fields, in page order (an error links to its field).
SEARCH_FIELDS = ["mots", "commune", "rayon", "secteur", "niveau", "debut_apres", "debut_avant"]


@router.get("/stages", response_class=HTMLResponse)
async def offers(request: Request, p: Prefs = Depends(prefs)) -> HTMLResponse:
    params = request.query_params
    searched = "mots" in params or "commune" in params
    errors: dict[str, str] = {}
    candidates: list[Any] = []
    place = None
    if params.get("commune", "").strip() or params.get("code") or params.get("lat"):
        place, errors, candidates = resolve_place(request)
    snap = snapshot(request)
    sectors = data.rome_sectors(snap.version)
    if sectors is None:  # once per data version, off the event loop
        sectors = await run_in_threadpool(
            data.load_rome_sectors, request.app.state.session_factory, snap.version
        )
    filters, filter_form, filter_errors = offer_filters(
        params, data.LEVEL_LABELS, sectors, search.DEFAULT_RADIUS_KM
    )
    errors = {**errors, **filter_errors}
    limit = page_limit(request)
    page = None
    if searched and not errors and not candidates:
        # the API's internship search: same snapshot, matching (trade words), radius, order
        origin = search.Origin(place["lat"], place["lon"], place["label"], None) if place else None
        found = search.search_offers(
            snap,
            origin=origin,
            **filters.search_arguments(),
            q=params.get("mots"),
            limit=limit,
            offset=0,
        )
        page = data.Page(
            found.total,
            [
                data.Located(
                    {**item, "start_date": _date_or_none(item.get("start_date"))},
                    item.get("distance_m"),
                    item.get("distance_text"),
                )
                for item in found.items
            ],
            limit,
            0,
        )
    more_url = None
    if page is not None and page.total > len(page.items):
        more_url = url_with(request, nombre=str(limit + PAGE_SIZE)) + f"#stage-{limit + 1}"
    titles = [r.item["title"] for r in page.items] if page is not None else []
    same_title = {t for t in titles if titles.count(t) > 1}
    title = _("Stages")
    if candidates:
        title = _("Stages : quelle commune « %(text)s » ?") % {"text": params.get("commune", "")}
    if page is not None:
        title = ngettext("%(num)s stage trouvé", "%(num)s stages trouvés", page.total) % {
            "num": page.total
        }
    return render(
        request,
        p,
        "offers.html",
        title,
        **form_state(errors, SEARCH_FIELDS),
        candidates=candidates,
        candidate_url=lambda c: url_with(request, code=c.code_insee, commune=c.nom, nombre=None),
        place=place,
        page=page,
        words=params.get("mots", ""),
        commune=params.get("commune", ""),
        filters=filter_form,
        level=filter_form["niveau"],
        accessible=filters.accessible,
        radius_choices=RADIUS_CHOICES,
        sectors=sectors,
        more_url=more_url,
        same_title=same_title,
    )


def _date_or_none(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def _offer_page(
    request: Request,
    p: Prefs,
    offer: Any,
    form: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    notice: str | None = None,
    status_code: int | None = None,
    session: Session | None = None,
) -> HTMLResponse:
    reported = session is not None and reports_service.is_reported(session, "offer", offer.id)
    return render(
        request,
        p,
        "offer.html",
        offer.title,
        o=offer,
        form=form or {},
        csrf=form_token(request),
        **form_state(errors, APPLY_FIELDS, status_code),
        notice=notice,
        osm_url=osm_route(offer.lat, offer.lon),
        applications_note=offer_rules.note_of(offer),
        reported=reported,
        reported_note=vocabulary.REPORTED_WORDS,
    )


def _offer_or_not_found(request: Request, p: Prefs, session: Session, offer_id: str) -> Any:
    """The offer ``offer_id``; else the "page not found" is sent (``Refusal``)."""
    offer = by_id(session, offer_id, data.get_offer)
    if offer is None:
        raise Refusal(
            not_found(request, p, _("Cette offre de stage n'existe pas ou n'existe plus."))
        )
    return offer


@router.get("/stages/{offer_id}", response_class=HTMLResponse)
def offer_detail(
    offer_id: str,
    request: Request,
    p: Prefs = Depends(prefs),
    session: Session = Depends(get_session),
) -> HTMLResponse:
    return _offer_page(
        request, p, _offer_or_not_found(request, p, session, offer_id), session=session
    )


@router.post("/stages/{offer_id}", response_class=HTMLResponse)
async def offer_apply(
    offer_id: str,
    request: Request,
    p: Prefs = Depends(prefs),
    session: Session = Depends(get_session),
) -> HTMLResponse:
    offer = _offer_or_not_found(request, p, session, offer_id)
    if offer_rules.note_of(offer) is not None:  # an example, closed or ended: no form to send
        return _offer_page(request, p, offer, status_code=409)
    raw, form = await read_form(request, APPLY_FIELDS)
    expired = form_expired(request, raw)
    if expired:
        return _offer_page(request, p, offer, form, {"prenom": expired}, status_code=400)
    errors = apply_errors(form)
    if not errors and rate_limited(request, "applications"):
        errors["prenom"] = _(
            "Trop de candidatures envoyées d'ici. Réessayez dans quelques minutes."
        )
    if errors:
        return _offer_page(request, p, offer, form, errors)
    try:
        created = create_application(
            session,
            offer_id=offer.id,
            first_name=form["prenom"],
            contact=form["contact"],
            message=form["message"] or None,
            consent=True,
        )
    except PeopleError as exc:  # the offer closed or filled up meanwhile
        return _offer_page(request, p, offer, form, {"prenom": exc.detail})
    return render(
        request,
        p,
        "offer_applied.html",
        _("Candidature envoyée"),
        o=offer,
        reference=created.reference,
    )
