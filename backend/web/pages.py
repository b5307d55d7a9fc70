"""What every web page shares: templates, display preferences, ``render``, the CSRF token of
the public forms, form state, guards (``Refusal``) and the "not found" page.

The public site (``backend.web.site``) and the pro area (``backend.web.pro``) import this module;
it imports neither of them.
"""

from __future__ import annotations

import hmac
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse, Response
from fastapi.templating import Jinja2Templates
from markupsafe import Markup, escape
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from backend import guides as guide_service
from backend.people.auth import rate_limit_wait
from backend.services.snapshot import Snapshot
from backend.web import data
from backend.web.i18n import LANGUAGES, gettext, install_templates, translated
from backend.web.i18n import use_language as _use_language

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
templates.env.globals["tel_href"] = lambda phone: tel_href(phone)
templates.env.globals["level_labels"] = data.LEVEL_LABELS
templates.env.globals["LANGUAGES"] = LANGUAGES


def select_options(options: dict[Any, str], value: Any) -> Markup:
    """The ``<option>`` lines of the ``select`` macro of ``_forms.html``, made in Python (a loop
    of the template cost more than the rest of a search form): the same markup, byte for byte,
    as the loop it replaces (``{% for key, text in options.items() %}`` with its line breaks
    and indentation, each label translated as ``_()`` does in a template)."""
    lines = []
    for key, text in options.items():
        selected = " selected" if key == value else ""
        label = escape(translated(text, True, {}))
        lines.append(f'\n    <option value="{escape(key)}"{selected}>{label}</option>\n    ')
    return Markup("".join(lines))


def kind_options(kinds: list[str], kind: str) -> Markup:
    """The kind ``<option>`` elements of the place search form (``structures.html``), as its
    loop wrote them."""
    return Markup(
        "".join(
            f'<option value="{escape(k)}"{" selected" if k == kind else ""}>'
            f"{escape(data.kind_label(k))}</option>"
            for k in kinds
        )
    )


templates.env.globals["select_options"] = select_options
templates.env.globals["kind_options"] = kind_options
templates.env.globals["guides_of"] = lambda *topics: [
    g for topic in topics for g in guide_service.list_guides(topic=topic)
]


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


def url_with(request: Request, **changes: str | None) -> str:
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
            "other_lang_url": url_with(request, lang=other),
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


_TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{32,64}$")


def cookie_secure(request: Request) -> bool:
    """The Secure flag of the site's security cookies: the people settings' ``cookie_secure``."""
    return bool(request.app.state.people.settings.cookie_secure)


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


async def send_refusal(request: Request, refusal: Refusal) -> Response:
    return refusal.response


def rate_limited(request: Request, bucket: str) -> bool:
    """True when one more public POST of ``bucket`` from this address is refused (the same
    limiter and limits as the API: ``backend.people.auth.rate_limit_wait``)."""
    return rate_limit_wait(request, bucket) is not None


def page_limit(request: Request) -> int:
    """How many results a list page shows (``?nombre=``, by steps of ``PAGE_SIZE``, at most 200)."""
    try:
        value = int(request.query_params.get("nombre", PAGE_SIZE))
    except ValueError:
        return PAGE_SIZE
    return max(PAGE_SIZE, min(value, 200))


def snapshot(request: Request) -> Snapshot:
    """The data snapshot the API searches (one per process, refreshed with the data version)."""
    return request.app.state.snapshots.get()  # type: ignore[no-any-return]


def tel_href(phone: str | None) -> str | None:
    """``tel:`` link of a phone number as written ("04 72 04 94 14" -> "tel:0472049414")."""
    if not phone:
        return None
    digits = re.sub(r"[^\d+]", "", phone)
    return f"tel:{digits}" if digits else None


def osm_route(lat: float, lon: float) -> str:
    return f"https://www.openstreetmap.org/directions?route=%3B{lat:.5f}%2C{lon:.5f}"


def place_links(s: Any) -> tuple[str, str]:
    """(OpenStreetMap link, geo: URI) to go to a place. A point at the door gives a route to
    it; a point that is only the commune's centre would lead to the town hall square, so the
    links search the street address (or the commune, when the address is not known)."""
    if s.coord_precision != "commune":
        return (
            osm_route(s.lat, s.lon),
            f"geo:{s.lat:.6f},{s.lon:.6f}?q={s.lat:.6f},{s.lon:.6f}",
        )
    query = " ".join(x for x in (s.address, s.postcode, s.commune) if x)
    return (
        f"https://www.openstreetmap.org/search?query={quote(query)}",
        f"geo:0,0?q={quote(query)}",
    )


def not_found(request: Request, p: Prefs, message: str) -> HTMLResponse:
    return render(
        request, p, "not_found.html", _("Page introuvable"), status_code=404, message=message
    )


def by_id(session: Session, text_id: str, find: Callable[[Session, int], Any]) -> Any:
    """``find(session, id)`` when ``text_id`` is a plausible row id, else None."""
    if text_id.isdigit() and len(text_id) < 10:
        return find(session, int(text_id))
    return None
