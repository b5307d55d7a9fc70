"""The accessible web site: server-rendered pages, complete without JavaScript.

French first; English through gettext (``?lang=en`` or the settings page). Preferences (language,
theme, text size) live in cookies so that they work without JavaScript and without an account.
"""

from __future__ import annotations

import functools
import hmac
import re
import secrets
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from markupsafe import Markup
from sqlalchemy.orm import Session, sessionmaker
from starlette.datastructures import FormData

from backend import guides as guide_service
from backend.services import offer_rules, search
from backend.web import data
from backend.web.i18n import LANGUAGES, gettext, install_templates, ngettext
from backend.web.i18n import use_language as _use_language
from totalacces import vocabulary

_ = gettext

WEB_DIR = Path(__file__).resolve().parent
TEMPLATES_DIR = WEB_DIR / "templates"
STATIC_DIR = WEB_DIR / "static"

THEMES = ("default", "dark", "light")
TEXT_SIZES = ("normal", "large", "xlarge")
COOKIE_MAX_AGE = 365 * 24 * 3600
CSRF_COOKIE = "ta_csrf"
CSRF_FIELD = "csrf_token"
CSRF_MAX_AGE = 24 * 3600
PAGE_SIZE = 10

templates = Jinja2Templates(directory=str(TEMPLATES_DIR))
templates.env.auto_reload = False  # read once per process: no file check on every render
install_templates(templates.env)
templates.env.globals["kind_label"] = data.kind_label
templates.env.globals["level_labels"] = data.LEVEL_LABELS
templates.env.globals["LANGUAGES"] = LANGUAGES
templates.env.globals["guides_of"] = lambda *topics: [
    g for topic in topics for g in guide_service.list_guides(topic=topic)
]

router = APIRouter(include_in_schema=False)


# --------------------------------------------------------------------------------------------
# Database session and preferences
# --------------------------------------------------------------------------------------------


def _session_factory(app: Any) -> sessionmaker[Session]:
    state = app.state
    for name in ("session_factory", "sessionmaker", "db_sessionmaker", "web_session_factory"):
        factory = getattr(state, name, None)
        if factory is not None:
            return factory
    from backend.db import make_engine, make_session_factory
    from backend.settings import get_settings

    settings = getattr(state, "settings", None) or get_settings()
    factory = make_session_factory(make_engine(settings.effective_database_url))
    state.web_session_factory = factory
    return factory


def get_session(request: Request) -> Iterator[Session]:
    from backend.db import session_scope

    with session_scope(_session_factory(request.app)) as session:
        yield session


@dataclass
class Prefs:
    lang: str = "fr"
    theme: str = "default"
    text: str = "normal"
    set_cookies: dict[str, str] = field(default_factory=dict)


async def prefs(request: Request) -> Prefs:
    """Async on purpose: the language set here is then seen by the sync endpoints' threads."""
    cookies = request.cookies
    p = Prefs(
        lang=cookies.get("ta_lang", "fr") if cookies.get("ta_lang") in LANGUAGES else "fr",
        theme=cookies.get("ta_theme", "default")
        if cookies.get("ta_theme") in THEMES
        else "default",
        text=cookies.get("ta_text", "normal") if cookies.get("ta_text") in TEXT_SIZES else "normal",
    )
    asked = request.query_params.get("lang")
    if asked in LANGUAGES and asked != p.lang:
        p.lang = asked
        p.set_cookies["ta_lang"] = asked
    _use_language(p.lang)
    return p


def _url_with(request: Request, **changes: str | None) -> str:
    params = dict(request.query_params)
    for key, value in changes.items():
        if value is None:
            params.pop(key, None)
        else:
            params[key] = value
    query = urlencode(params)
    return request.url.path + (f"?{query}" if query else "")


def render(
    request: Request,
    p: Prefs,
    template: str,
    title: str,
    status_code: int = 200,
    **context: Any,
) -> HTMLResponse:
    _use_language(p.lang)
    other = "en" if p.lang == "fr" else "fr"
    errors = context.get("errors") or {}
    full_title = f"{title} — Total Accès"
    if errors:
        full_title = _("Erreur : ") + full_title
    response = templates.TemplateResponse(
        request,
        template,
        {
            "prefs": p,
            "lang": p.lang,
            "title": full_title,
            "page_title": title,
            "other_lang": other,
            "other_lang_url": _url_with(request, lang=other),
            "other_lang_label": LANGUAGES[other],
            "path": request.url.path,
            # French-only data (names, descriptions, guides) keeps its language on English pages.
            "fr": Markup(' lang="fr"') if p.lang != "fr" else "",
            **context,
        },
        status_code=status_code,
    )
    for name, value in p.set_cookies.items():
        response.set_cookie(name, value, max_age=COOKIE_MAX_AGE, samesite="lax", httponly=True)
    token = getattr(request.state, "form_token", None)
    if token:
        response.set_cookie(
            CSRF_COOKIE,
            token,
            max_age=CSRF_MAX_AGE,
            samesite="lax",
            httponly=True,
            secure=cookie_secure(request),
            path="/",
        )
    response.headers["Content-Language"] = p.lang
    return response


# --------------------------------------------------------------------------------------------
# CSRF protection of the public forms (no account): a double-submit token
# --------------------------------------------------------------------------------------------

_TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{32,64}$")


def cookie_secure(request: Request) -> bool:
    """The Secure flag of the site's security cookies: the people settings' ``cookie_secure``;
    without the people side, whether the request came over HTTPS."""
    people_state = getattr(request.app.state, "people", None)
    value = getattr(getattr(people_state, "settings", None), "cookie_secure", None)
    if value is None:
        return request.url.scheme == "https"
    return bool(value)


def form_token(request: Request) -> str:
    """The token to put in the hidden ``csrf_token`` field of a public form (login, callback,
    application, settings). ``render`` sends it also in the ``ta_csrf`` cookie (HttpOnly,
    SameSite=Lax): a cross-site POST carries neither the cookie nor the token. The visitor's
    current token is kept, so that several tabs keep working."""
    token = getattr(request.state, "form_token", None)
    if token:
        return str(token)
    token = request.cookies.get(CSRF_COOKIE, "")
    if not _TOKEN_RE.match(token):
        token = secrets.token_urlsafe(32)
    request.state.form_token = token
    return token


def form_token_ok(request: Request, form: Any) -> bool:
    """True when the posted ``csrf_token`` field equals the ``ta_csrf`` cookie (constant time)."""
    cookie = request.cookies.get(CSRF_COOKIE, "")
    sent = str(form.get(CSRF_FIELD, ""))
    if not cookie or not sent:
        return False
    return hmac.compare_digest(cookie.encode(), sent.encode())


def form_expired(request: Request, form: Any) -> str | None:
    """The error to show when a public ``form`` does not carry the visitor's token, else None.
    The form is then shown again, with its values and a fresh token (status 400)."""
    if form_token_ok(request, form):
        return None
    return _("La page a expiré. Envoyez le formulaire à nouveau.")


def _rate_limited(request: Request, bucket: str) -> bool:
    """True when the people side's limiter refuses one more public POST from this address."""
    people_state = getattr(request.app.state, "people", None)
    limiter = getattr(people_state, "limiter", None)
    if limiter is None or bucket not in getattr(limiter, "limits", {}):
        return False
    from backend.people.security import client_address

    trust = getattr(people_state.settings, "trust_forwarded_for", False)
    return limiter.hit(bucket, client_address(request, trust)) is not None


def _errors_list(errors: dict[str, str], order: list[str]) -> list[tuple[str, str]]:
    return [(name, errors[name]) for name in order if name in errors]


def form_state(
    errors: dict[str, str] | None, order: list[str], status_code: int | None = None
) -> dict[str, Any]:
    """A form page's context for ``render``: its errors, listed in the fields' ``order``, and the
    status code (``status_code`` if given, else 422 while there are errors)."""
    errors = errors or {}
    return {
        "status_code": status_code or (422 if errors else 200),
        "errors": errors,
        "error_list": _errors_list(errors, order),
    }


async def read_form(request: Request, fields: list[str]) -> tuple[FormData, dict[str, str]]:
    """The posted form, and the stripped text of each of ``fields`` ("" when absent)."""
    raw = await request.form()
    return raw, {k: str(raw.get(k, "")).strip() for k in fields}


class Refusal(Exception):
    """Raised by a guard (not signed in, not allowed, not found) to send ``response`` instead of
    the page; ``install`` registers the handler that sends it."""

    def __init__(self, response: Response) -> None:
        super().__init__(response.status_code)
        self.response = response


async def _send_refusal(request: Request, refusal: Refusal) -> Response:
    return refusal.response


# --------------------------------------------------------------------------------------------
# Home, settings, accessibility statement
# --------------------------------------------------------------------------------------------


@router.get("/", response_class=HTMLResponse)
def home(request: Request, p: Prefs = Depends(prefs)) -> HTMLResponse:
    return render(request, p, "home.html", _("Accueil"))


@router.get("/reglages", response_class=HTMLResponse)
def settings_page(request: Request, p: Prefs = Depends(prefs)) -> HTMLResponse:
    saved = request.query_params.get("enregistre") == "1"
    return _settings_page(request, p, saved=saved)


SETTINGS_FIELDS = ["text-normal"]  # an error links to the first field


def _settings_page(
    request: Request, p: Prefs, saved: bool = False, errors: dict[str, str] | None = None
) -> HTMLResponse:
    return render(
        request,
        p,
        "settings.html",
        _("Réglages"),
        saved=saved,
        csrf=form_token(request),
        **form_state(errors, SETTINGS_FIELDS, 400 if errors else None),
    )


@router.post("/reglages")
async def settings_save(request: Request, p: Prefs = Depends(prefs)) -> Response:
    form = await request.form()
    expired = form_expired(request, form)
    if expired:
        return _settings_page(request, p, errors={"text-normal": expired})
    response = RedirectResponse("/reglages?enregistre=1", status_code=303)
    values = {
        "ta_theme": (str(form.get("theme", "")), THEMES),
        "ta_text": (str(form.get("text", "")), TEXT_SIZES),
        "ta_lang": (str(form.get("lang", "")), tuple(LANGUAGES)),
    }
    for name, (value, allowed) in values.items():
        if value in allowed:
            response.set_cookie(name, value, max_age=COOKIE_MAX_AGE, samesite="lax", httponly=True)
    return response


@router.get("/accessibilite", response_class=HTMLResponse)
def accessibility(request: Request, p: Prefs = Depends(prefs)) -> HTMLResponse:
    return render(request, p, "accessibility.html", _("Déclaration d'accessibilité"))


# --------------------------------------------------------------------------------------------
# Structures near me
# --------------------------------------------------------------------------------------------


def _limit(request: Request) -> int:
    try:
        value = int(request.query_params.get("nombre", PAGE_SIZE))
    except ValueError:
        return PAGE_SIZE
    return max(PAGE_SIZE, min(value, 200))


def _resolve_place(
    request: Request, field_name: str = "commune"
) -> tuple[dict[str, Any] | None, dict[str, str], list[Any]]:
    """(place, errors, candidates) from ``code``, ``lat``/``lon`` or the text field."""
    import geodata

    params = request.query_params
    code = params.get("code", "").strip()
    if code:
        commune = geodata.get_commune(code)
        if commune is not None and commune.has_coords:
            return {"label": commune.label, "lat": commune.lat, "lon": commune.lon}, {}, []
    lat_text, lon_text = params.get("lat"), params.get("lon")
    if lat_text and lon_text:
        try:
            lat, lon = float(lat_text), float(lon_text)
            if not (-90 <= lat <= 90 and -180 <= lon <= 180):
                raise ValueError
        except ValueError:
            return (
                None,
                {field_name: _("La position reçue n'est pas valable. Tapez une commune.")},
                [],
            )
        near = geodata.reverse(lat, lon)
        label = _("votre position")
        if near is not None:
            label = _("votre position (%(commune)s)") % {"commune": near.nom}
        return {"label": label, "lat": lat, "lon": lon}, {}, []
    if field_name not in params:
        return None, {}, []
    text = params.get(field_name, "").strip()
    if not text:
        return None, {field_name: _("Indiquez une commune ou un code postal.")}, []
    try:
        result = geodata.lookup(text, limit=8)
    except ValueError:
        result = None
    if result is None or result.best is None:
        return (
            None,
            {
                field_name: _(
                    "Nous ne trouvons pas « %(text)s ». Vérifiez l'orthographe ou tapez le code postal."
                )
                % {"text": text}
            },
            [],
        )
    if result.ambiguous:
        return None, {}, [c for c in result.candidates if c.has_coords]
    best = result.best
    if not best.has_coords:
        return None, {field_name: _("Nous ne savons pas encore situer cette commune.")}, []
    return {"label": best.label, "lat": best.lat, "lon": best.lon}, {}, []


@router.get("/lieux", response_class=HTMLResponse)
async def structures(request: Request, p: Prefs = Depends(prefs)) -> HTMLResponse:
    place, errors, candidates = _resolve_place(request)
    kind = request.query_params.get("type", "")
    kinds = data.structure_kinds(_snapshot(request))
    if kind and kind not in kinds:
        kind = ""
    page = None
    limit = _limit(request)
    if place is not None:
        page = _structures_page(request, place, kind, limit)
    more_url = None
    if page is not None and page.total > len(page.items):
        more_url = _url_with(request, nombre=str(limit + PAGE_SIZE)) + f"#lieu-{limit + 1}"
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
        commune=request.query_params.get("commune", ""),
        more_url=more_url,
        same_name=same_name,
        radius_km=round(search.DEFAULT_RADIUS_KM),
        candidate_url=lambda c: _url_with(request, code=c.code_insee, commune=c.nom, nombre=None),
    )


def tel_href(phone: str | None) -> str | None:
    """``tel:`` link of a phone number as written ("04 72 04 94 14" -> "tel:0472049414")."""
    if not phone:
        return None
    digits = re.sub(r"[^\d+]", "", phone)
    return f"tel:{digits}" if digits else None


def _structures_page(request: Request, place: dict[str, Any], kind: str, limit: int) -> Any:
    """The API's structure search around ``place`` (same snapshot, radius, order and count).
    When nothing is within the radius, the 10 nearest follow, said as such on the page."""
    origin = search.Origin(place["lat"], place["lon"], place["label"], None)

    def run(radius_km: float, count: int) -> Any:
        return search.search_structures(
            _snapshot(request),
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
            {**item, "phone_href": tel_href(item.get("phone"))},
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
    from backend.guides import normalize

    rows = [(normalize(c.nom), c) for c in geodata.communes() if c.has_coords]
    rows.sort(key=lambda row: -row[1].population)
    return rows


@router.get("/lieux/communes")
def commune_suggestions(q: str = "") -> JSONResponse:
    """Names for the commune field's autocomplete (progressive enhancement): the most populous
    communes whose name starts with what was typed, else the gazetteer's fuzzy lookup."""
    import geodata
    from backend.guides import normalize

    folded = normalize(q)
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


def _osm_route(lat: float, lon: float) -> str:
    return f"https://www.openstreetmap.org/directions?route=%3B{lat:.5f}%2C{lon:.5f}"


def _by_id(session: Session, text_id: str, find: Callable[[Session, int], Any]) -> Any:
    """``find(session, id)`` when ``text_id`` is a plausible row id, else None."""
    if text_id.isdigit() and len(text_id) < 10:
        return find(session, int(text_id))
    return None


@router.get("/lieux/{structure_id}", response_class=HTMLResponse)
def structure_detail(
    structure_id: str,
    request: Request,
    p: Prefs = Depends(prefs),
    session: Session = Depends(get_session),
) -> HTMLResponse:
    structure = _by_id(session, structure_id, data.get_structure)
    if structure is None:
        return not_found(request, p, _("Ce lieu n'existe pas ou n'existe plus."))
    related = guide_service.guides_for_kind(structure.kind)[:3]
    phone_href = tel_href(structure.phone)
    return render(
        request,
        p,
        "structure.html",
        structure.name,
        s=structure,
        phone_href=phone_href,
        osm_url=_osm_route(structure.lat, structure.lon),
        geo_uri=f"geo:{structure.lat:.6f},{structure.lon:.6f}?q={structure.lat:.6f},{structure.lon:.6f}",
        guides=related,
    )


# --------------------------------------------------------------------------------------------
# Internships
# --------------------------------------------------------------------------------------------


@router.get("/stages", response_class=HTMLResponse)
async def offers(request: Request, p: Prefs = Depends(prefs)) -> HTMLResponse:
    params = request.query_params
    searched = "mots" in params or "commune" in params
    errors: dict[str, str] = {}
    candidates: list[Any] = []
    place = None
    if params.get("commune", "").strip() or params.get("code") or params.get("lat"):
        place, errors, candidates = _resolve_place(request)
    level = params.get("niveau", "")
    if level not in data.LEVEL_LABELS:
        level = ""
    accessible = params.get("accessible") == "1"
    limit = _limit(request)
    page = None
    if searched and not errors and not candidates:
        # the API's internship search: same snapshot, matching (trade words), radius, order
        origin = search.Origin(place["lat"], place["lon"], place["label"], None) if place else None
        found = search.search_offers(
            _snapshot(request),
            origin=origin,
            radius_km=search.DEFAULT_RADIUS_KM,
            rome=None,
            level=level or None,
            accessible=True if accessible else None,
            start_after=None,
            start_before=None,
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
        more_url = _url_with(request, nombre=str(limit + PAGE_SIZE)) + f"#stage-{limit + 1}"
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
        **form_state(errors, ["commune"]),
        candidates=candidates,
        candidate_url=lambda c: _url_with(request, code=c.code_insee, commune=c.nom, nombre=None),
        place=place,
        page=page,
        words=params.get("mots", ""),
        commune=params.get("commune", ""),
        level=level,
        accessible=accessible,
        more_url=more_url,
        same_title=same_title,
    )


def _snapshot(request: Request) -> Any:
    """The data snapshot the API searches (one per process, refreshed with the data version)."""
    return request.app.state.snapshots.get()


def _date_or_none(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


APPLY_FIELDS = ["prenom", "contact", "message", "consentement"]
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
PHONE_RE = re.compile(r"^\+?[\d .-]{10,20}$")


def _check_contact(value: str) -> str | None:
    if not value:
        return _("Indiquez un numéro de téléphone ou une adresse e-mail.")
    if EMAIL_RE.match(value) or (PHONE_RE.match(value) and len(re.sub(r"\D", "", value)) >= 10):
        return None
    return _(
        "Ce n'est ni un numéro de téléphone ni une adresse e-mail. Exemples : 06 12 34 56 78 ou prenom@exemple.fr."
    )


def _name_and_contact_errors(form: dict[str, str]) -> dict[str, str]:
    """The errors of the first name and contact fields that the public forms share."""
    errors: dict[str, str] = {}
    if not form["prenom"]:
        errors["prenom"] = _("Indiquez votre prénom.")
    contact_error = _check_contact(form["contact"])
    if contact_error:
        errors["contact"] = contact_error
    return errors


def _call_people(
    target: str, session: Session, unavailable: str, refused_field: str, **arguments: Any
) -> tuple[Any, dict[str, str]]:
    """(result, errors) of the people service ``target`` ("module:function") called with
    ``session`` and ``arguments``. Errors: ``unavailable`` on ``prenom`` when the service is not
    installed; the service's refusal (a ValueError) on ``refused_field``."""
    from backend.web.people_bridge import PeopleUnavailable, function

    try:
        return function(target)(session, **arguments), {}
    except PeopleUnavailable:
        return None, {"prenom": unavailable}
    except ValueError as exc:
        return None, {refused_field: str(exc)}


def _get(result: Any, name: str) -> Any:
    if isinstance(result, dict):
        return result.get(name)
    return getattr(result, name, None)


def _offer_page(
    request: Request,
    p: Prefs,
    offer: Any,
    form: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    notice: str | None = None,
    status_code: int | None = None,
) -> HTMLResponse:
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
        osm_url=_osm_route(offer.lat, offer.lon),
        applications_note=offer_rules.note_of(offer),
    )


def _offer_or_not_found(request: Request, p: Prefs, session: Session, offer_id: str) -> Any:
    """The offer ``offer_id``; else the "page not found" is sent (``Refusal``)."""
    offer = _by_id(session, offer_id, data.get_offer)
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
    return _offer_page(request, p, _offer_or_not_found(request, p, session, offer_id))


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
    errors = _name_and_contact_errors(form)
    if len(form["message"]) > 1000:
        errors["message"] = _("Votre message est trop long : 1000 caractères au plus.")
    if form["consentement"] != "oui":
        errors["consentement"] = _(
            "Cochez la case pour accepter que l'employeur reçoive vos coordonnées."
        )
    if not errors and _rate_limited(request, "applications"):
        errors["prenom"] = _(
            "Trop de candidatures envoyées d'ici. Réessayez dans quelques minutes."
        )
    if errors:
        return _offer_page(request, p, offer, form, errors)
    result, errors = _call_people(
        "services.applications:create_application",
        session,
        _("Les candidatures en ligne ne sont pas encore ouvertes. Utilisez le contact de l'offre."),
        "prenom",
        offer_id=offer.id,
        first_name=form["prenom"],
        contact=form["contact"],
        message=form["message"] or None,
        consent=True,
    )
    if errors:
        return _offer_page(request, p, offer, form, errors)
    return render(
        request,
        p,
        "offer_applied.html",
        _("Candidature envoyée"),
        o=offer,
        reference=_get(result, "reference"),
    )


# --------------------------------------------------------------------------------------------
# Careers and Mon industrie
# --------------------------------------------------------------------------------------------


@router.get("/metiers", response_class=HTMLResponse)
async def careers(request: Request, p: Prefs = Depends(prefs)) -> HTMLResponse:
    words = request.query_params.get("mots", "").strip()
    limit = _limit(request)
    total, items = (0, [])
    if words:  # the API's career search: accents, case, feminine forms, typos
        found = search.search_careers(_snapshot(request), q=words, rome=None, limit=limit, offset=0)
        total, items = found.total, found.items
    more_url = None
    if total > len(items):
        more_url = _url_with(request, nombre=str(limit + PAGE_SIZE)) + f"#metier-{limit + 1}"
    title = _("Métiers")
    if words:
        title = ngettext(
            "%(num)s métier pour « %(words)s »", "%(num)s métiers pour « %(words)s »", total
        ) % {"num": total, "words": words}
    return render(
        request,
        p,
        "careers.html",
        title,
        words=words,
        total=total,
        items=items,
        searched=bool(words),
        more_url=more_url,
    )


@router.get("/metiers/industrie", response_class=HTMLResponse)
def industry(
    request: Request, p: Prefs = Depends(prefs), session: Session = Depends(get_session)
) -> HTMLResponse:
    return render(
        request,
        p,
        "industry.html",
        _("Mon industrie : les métiers de l'industrie"),
        domains=data.industry_domains(session),
    )


@router.get("/metiers/{code}", response_class=HTMLResponse)
def career_detail(
    code: str,
    request: Request,
    p: Prefs = Depends(prefs),
    session: Session = Depends(get_session),
) -> HTMLResponse:
    career = data.get_career(session, code)
    if career is None:
        return not_found(request, p, _("Ce métier n'existe pas dans notre liste."))
    return render(
        request,
        p,
        "career.html",
        career.label,
        c=career,
        domain_label=data.sector_label(session, career.domain_code),
        grand_domain_label=data.sector_label(session, career.grand_domain_code),
    )


# --------------------------------------------------------------------------------------------
# Guides: "Comprendre mes options"
# --------------------------------------------------------------------------------------------


@router.get("/comprendre", response_class=HTMLResponse)
def guides(request: Request, p: Prefs = Depends(prefs)) -> HTMLResponse:
    words = request.query_params.get("mots", "").strip()
    topic = request.query_params.get("theme", "")
    if topic not in guide_service.TOPICS:
        topic = ""
    found = guide_service.list_guides(topic=topic or None, q=words or None)
    grouped: dict[str, list[Any]] = {}
    for guide in found:
        grouped.setdefault(guide.topic, []).append(guide)
    sections = [
        (key, label, grouped[key]) for key, label in guide_service.TOPICS.items() if key in grouped
    ]
    title = _("Comprendre mes options")
    if words:
        title = ngettext(
            "%(num)s guide pour « %(words)s »", "%(num)s guides pour « %(words)s »", len(found)
        ) % {"num": len(found), "words": words}
    return render(
        request,
        p,
        "guides.html",
        title,
        words=words,
        topic=topic,
        topics=guide_service.TOPICS,
        sections=sections,
        total=len(found),
    )


@router.get("/comprendre/{slug}", response_class=HTMLResponse)
def guide_detail(slug: str, request: Request, p: Prefs = Depends(prefs)) -> HTMLResponse:
    guide = guide_service.get_guide(slug)
    if guide is None:
        return not_found(request, p, _("Ce guide n'existe pas."))
    return render(
        request,
        p,
        "guide.html",
        guide.title,
        g=guide,
        body_html=guide_service.render_markdown(guide.body_markdown, heading_offset=0),
    )


# --------------------------------------------------------------------------------------------
# Callback ("Être rappelé·e")
# --------------------------------------------------------------------------------------------

CALLBACK_FIELDS = [
    "prenom",
    "contact",
    "canal",
    "moment",
    "age",
    "commune",
    "sujet",
    "consentement",
]
#: The form's channel keys (kept for old links) and the shared labels.
CHANNELS = {
    "telephone": vocabulary.CHANNELS["call"].label,
    "sms": vocabulary.CHANNELS["sms"].label,
    "email": vocabulary.CHANNELS["email"].label,
}
MOMENTS = {
    "indifferent": "Peu importe",
    "matin": "Le matin (9 h – 12 h)",
    "apres_midi": "L'après-midi (14 h – 17 h)",
    "fin_journee": "En fin de journée (17 h – 19 h)",
}
TOPICS = {
    "orientation": "Choisir une formation ou un métier",
    "retour_ecole": "Reprendre des études",
    "stage": "Trouver un stage",
    "emploi": "Trouver un emploi ou un apprentissage",
    "handicap": "Handicap : études ou travail",
    "autre": "Autre question",
}
REFERENCE_RE = re.compile(r"^[A-Z0-9]{6,12}$")


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
    errors = _name_and_contact_errors(form)
    if "contact" not in errors:  # a valid contact: does it suit the channel?
        if form["canal"] == "email" and not EMAIL_RE.match(form["contact"]):
            errors["contact"] = _("Pour être contacté·e par e-mail, indiquez une adresse e-mail.")
        elif form["canal"] in ("telephone", "sms") and EMAIL_RE.match(form["contact"]):
            errors["contact"] = _("Pour un appel ou un SMS, indiquez un numéro de téléphone.")
    if form["canal"] not in CHANNELS:
        errors["canal"] = _("Choisissez comment être contacté·e.")
    if form["moment"] not in MOMENTS:
        form["moment"] = "indifferent"
    if not form["age"].isdigit() or not 11 <= int(form["age"]) <= 99:
        errors["age"] = _("Indiquez votre âge en chiffres, par exemple 17.")
    if not form["commune"]:
        errors["commune"] = _("Indiquez votre commune ou votre code postal.")
    if form["sujet"] not in TOPICS:
        errors["sujet"] = _("Choisissez le sujet de votre demande.")
    if form["consentement"] != "oui":
        errors["consentement"] = _(
            "Cochez la case pour accepter que nous gardions vos coordonnées le temps de vous rappeler."
        )
    if not errors and _rate_limited(request, "callbacks"):
        errors["prenom"] = _("Trop de demandes envoyées d'ici. Réessayez dans quelques minutes.")
    if errors:
        return _callback_page(request, p, form, errors)
    result, errors = _call_people(
        "services.callbacks:create_callback",
        session,
        _("Le service de rappel n'est pas encore ouvert. Réessayez plus tard."),
        "commune",
        first_name=form["prenom"],
        contact=form["contact"],
        channel=form["canal"],
        preferred_time=form["moment"],
        age=int(form["age"]) if form["age"] else None,
        commune=form["commune"],
        topic=form["sujet"],
        consent=True,
    )
    if errors:
        return _callback_page(request, p, form, errors)
    return render(
        request,
        p,
        "callback_done.html",
        _("Demande de rappel enregistrée"),
        reference=_get(result, "reference"),
        confirmation_note=vocabulary.CONFIRMATION_NOTE,
    )


STATUS_LABELS = {
    "new": "Reçue : une conseillère ou un conseiller va vous rappeler.",
    "contacted": "En cours : une conseillère ou un conseiller vous a contacté·e.",
    "appointment": "Rendez-vous fixé.",
    "closed": "Terminée.",
}


@router.get("/rappel/suivi", response_class=HTMLResponse)
def callback_status(
    request: Request, p: Prefs = Depends(prefs), session: Session = Depends(get_session)
) -> HTMLResponse:
    from backend.web.people_bridge import PeopleUnavailable, function

    asked = "reference" in request.query_params
    reference = re.sub(r"[^A-Z0-9]", "", request.query_params.get("reference", "").upper())
    errors: dict[str, str] = {}
    status = None
    if asked:
        if not reference:
            errors["reference"] = _("Indiquez le code reçu quand vous avez fait la demande.")
        elif not REFERENCE_RE.match(reference):
            errors["reference"] = _(
                "Ce code n'a pas la bonne forme : des lettres et des chiffres, par exemple K7M2-9QPX."
            )
        else:
            try:
                lookup = function("services.callbacks:callback_status")
                status = lookup(session, reference)
            except PeopleUnavailable:
                errors["reference"] = _("Le suivi n'est pas encore ouvert. Réessayez plus tard.")
            except (LookupError, ValueError):
                status = None
            if status is None and not errors:
                errors["reference"] = _(
                    "Aucune demande ne porte ce code. Vérifiez chaque lettre et chaque chiffre."
                )
    return render(
        request,
        p,
        "callback_status.html",
        _("Suivre ma demande de rappel"),
        reference=reference,
        **form_state(errors, ["reference"]),
        status=status,
        status_label=_(STATUS_LABELS.get(str(_get(status, "status")), ""))
        if status is not None
        else None,
    )


# --------------------------------------------------------------------------------------------
# Errors
# --------------------------------------------------------------------------------------------


def not_found(request: Request, p: Prefs, message: str) -> HTMLResponse:
    return render(
        request, p, "not_found.html", _("Page introuvable"), status_code=404, message=message
    )


def install(app: FastAPI) -> None:
    """Mount the web pages, the dashboard and ``/static`` on ``app``."""
    from backend.web import dashboard

    app.include_router(router)
    app.include_router(dashboard.router)
    app.add_exception_handler(Refusal, _send_refusal)  # type: ignore[arg-type]
    if not any(getattr(r, "path", None) == "/static" for r in app.routes):
        app.mount("/static", StaticFiles(directory=str(STATIC_DIR)), name="static")
