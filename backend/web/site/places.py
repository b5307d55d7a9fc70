"""Structures near a place (``/lieux``), the commune autocomplete and a structure's page."""

from __future__ import annotations

import functools
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, JSONResponse
from sqlalchemy.orm import Session

from backend import guides as guide_service
from backend import speech
from backend.api.deps import get_session
from backend.people.services import reports as reports_service
from backend.services import hours as opening_hours
from backend.services import search, trust
from backend.web import data
from backend.web.i18n import gettext as _
from backend.web.i18n import ngettext
from backend.web.pages import (
    PAGE_SIZE,
    Prefs,
    by_id,
    form_state,
    not_found,
    page_limit,
    place_links,
    prefs,
    render,
    snapshot,
    tel_href,
    url_with,
)
from backend.web.site.forms import resolve_place
from totalacces import vocabulary
from totalacces.vocabulary import KINDS

router = APIRouter(include_in_schema=False)


@router.get("/lieux", response_class=HTMLResponse)
async def structures(request: Request, p: Prefs = Depends(prefs)) -> HTMLResponse:
    place, errors, candidates = resolve_place(request)
    kind = request.query_params.get("type", "")
    snap = snapshot(request)
    kinds = data.structure_kinds(snap.kind_counts)
    missing_note = None
    if kind and kind not in kinds:
        if kind in KINDS:  # a kind of place the data has none of, anywhere: said as such
            missing_note = speech.missing_kind(kind)
            kinds = [*kinds, kind]
        else:
            kind = ""
    missing_network = trust.network_contact(kind) if missing_note else None
    page = None
    limit = page_limit(request)
    if place is not None:
        page = (
            _structures_page(request, place, kind, limit)
            if missing_note is None
            else data.Page(0, [], limit, 0)
        )
    more_url = None
    if page is not None and page.total > len(page.items):
        more_url = url_with(request, nombre=str(limit + PAGE_SIZE)) + f"#lieu-{limit + 1}"
    # Two places with the same name: their links say where each one is (RGAA 6.1).
    names = [r.item["name"] for r in page.items] if page is not None else []
    same_name = {n for n in names if names.count(n) > 1}
    title = _("Trouver où aller près de chez moi")
    if candidates:
        title = _("Quelle commune « %(text)s » ?") % {
            "text": request.query_params.get("commune", "")
        }
    if page is not None:
        title = ngettext(
            "%(num)s lieu près de %(place)s", "%(num)s lieux près de %(place)s", page.total
        ) % {"num": page.total, "place": place["label"] if place else ""}
    return render(
        request,
        p,
        "structures.html",
        title,
        **form_state(errors, ["commune"]),
        candidates=candidates,
        place=place,
        page=page,
        kinds=kinds,
        kind=kind,
        missing_note=missing_note,
        missing_network=missing_network,
        missing_network_phone_href=tel_href((missing_network or {}).get("phone")),
        commune=request.query_params.get("commune", ""),
        more_url=more_url,
        same_name=same_name,
        radius_km=round(search.DEFAULT_RADIUS_KM),
        candidate_url=lambda c: url_with(request, code=c.code_insee, commune=c.nom, nombre=None),
    )


def _structures_page(request: Request, place: dict[str, Any], kind: str, limit: int) -> Any:
    """The API's structure search around ``place`` (same snapshot, radius, order and count).
    When nothing is within the radius, the 10 nearest follow, said as such on the page."""
    origin = search.Origin(place["lat"], place["lon"], place["label"], None)

    def run(radius_km: float, count: int) -> Any:
        return search.search_structures(
            snapshot(request),
            origin=origin,
            radius_km=radius_km,
            kinds=[kind] if kind else [],
            age=None,
            q=None,
            limit=count,
            offset=0,
        )

    found, outside = run(search.DEFAULT_RADIUS_KM, limit), False
    if found.total == 0:
        found, outside = run(search.MAX_RADIUS_KM, 10), True
    rows = [
        data.Located(
            {
                **item,
                "phone_href": tel_href(item.get("phone")),
                "network_phone_href": tel_href((item.get("network_contact") or {}).get("phone")),
            },
            item.get("distance_m"),
            item.get("distance_text"),
        )
        for item in found.items
    ]
    total = len(rows) if outside else found.total
    return data.Page(total, rows, limit, 0, outside)


@functools.cache
def _commune_prefixes() -> list[tuple[str, Any]]:
    """(folded name, commune) for every commune with coordinates, most populous first."""
    import geodata
    from geodata.text import fold

    rows = [(fold(c.nom), c) for c in geodata.communes() if c.has_coords]
    rows.sort(key=lambda row: -row[1].population)
    return rows


@router.get("/lieux/communes")
def commune_suggestions(q: str = "") -> JSONResponse:
    """Names for the commune field's autocomplete (progressive enhancement): the most populous
    communes whose name starts with what was typed, else the gazetteer's fuzzy lookup."""
    import geodata
    from geodata.text import fold

    folded = fold(q)
    if len(folded) < 2:
        return JSONResponse({"items": []})
    found = [c for name, c in _commune_prefixes() if name.startswith(folded)][:8]
    if not found:
        try:
            found = [c for c in geodata.lookup(q, limit=8).candidates if c.has_coords]
        except ValueError:
            found = []
    items = [
        {"label": c.label, "code": c.code_insee, "postcode": c.postcodes[0] if c.postcodes else ""}
        for c in found
    ]
    return JSONResponse({"items": items})


@router.get("/lieux/{structure_id}", response_class=HTMLResponse)
def structure_detail(
    structure_id: str,
    request: Request,
    p: Prefs = Depends(prefs),
    session: Session = Depends(get_session),
) -> HTMLResponse:
    structure = by_id(session, structure_id, data.get_structure)
    if structure is None:
        return not_found(request, p, _("Ce lieu n'existe pas ou n'existe plus."))
    related = guide_service.guides_for_kind(structure.kind)[:3]
    phone_href = tel_href(structure.phone)
    osm_url, geo_uri = place_links(structure)
    facts = trust.contact_fields(structure)
    from backend.people.services.participation import participating

    taking = participating(session, {structure.id}).get(structure.id)
    return render(
        request,
        p,
        "structure.html",
        structure.name,
        s=structure,
        phone_href=phone_href,
        osm_url=osm_url,
        geo_uri=geo_uri,
        trust=facts,
        network_phone_href=tel_href((facts["network_contact"] or {}).get("phone")),
        guides=related,
        takes_part=taking is not None,
        takes_part_demo=bool(taking and taking.demo),
        reported=reports_service.is_reported(session, "structure", structure.id),
        reported_note=vocabulary.REPORTED_WORDS,
        hours=opening_hours.describe(structure.opening_hours, structure.departement),
    )
