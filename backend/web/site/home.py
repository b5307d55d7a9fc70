"""Home, display settings and the accessibility statement."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from backend.web.i18n import LANGUAGES
from backend.web.i18n import gettext as _
from backend.web.pages import (
    COOKIE_MAX_AGE,
    TEXT_SIZES,
    THEMES,
    Prefs,
    form_expired,
    form_state,
    form_token,
    prefs,
    render,
)

router = APIRouter(include_in_schema=False)


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
