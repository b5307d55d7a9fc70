"""Login and logout of the pro area: the same web session as ``POST /api/v1/auth/login``
(``backend.people.auth.open_web_session``), an HttpOnly SameSite=Strict cookie."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from backend.api.deps import get_session
from backend.people import auth
from backend.people.errors import NotAuthenticated
from backend.people.services import accounts as accounts_service
from backend.web.i18n import gettext as _
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
from backend.web.pro.forms import LOGIN_FIELDS, login_errors
from backend.web.pro.labels import STAFF
from backend.web.pro.visit import csrf_ok, to_login

router = APIRouter()


def _login_page(
    request: Request,
    p: Prefs,
    form: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    status_code: int | None = None,
) -> HTMLResponse:
    return render(
        request,
        p,
        "dashboard/login.html",
        _("Connexion à l'espace professionnel"),
        form=form or {},
        csrf=form_token(request),
        **form_state(errors, LOGIN_FIELDS, status_code),
    )


def _home(account: Any) -> RedirectResponse:
    """Where an account lands once signed in: the callbacks for staff, else the offers."""
    return RedirectResponse(
        "/espace-pro/rappels" if account.role in STAFF else "/espace-pro/offres",
        status_code=303,
    )


@router.get("", response_class=HTMLResponse)
@router.get("/connexion", response_class=HTMLResponse)
def login_form(request: Request, p: Prefs = Depends(prefs)) -> Response:
    account = auth.current_account(request)
    if account is not None:
        return _home(account)
    return _login_page(request, p)


def _open_session(request: Request, session: Session, email: str, password: str) -> Response | str:
    """The redirect that carries a new session cookie, or the error to show on the email field."""
    settings = request.app.state.people.settings
    if rate_limited(request, "login"):
        return _("Trop d'essais de connexion. Attendez quelques minutes.")
    try:
        account, _row, secret = auth.open_web_session(session, email, password, settings)
    except NotAuthenticated:  # wrong password, unknown address or locked account: one answer
        return _(accounts_service.BAD_LOGIN, **accounts_service.bad_login_values(settings))
    response = _home(account)
    auth.set_session_cookie(response, secret, settings)
    return response


@router.post("/connexion", response_class=HTMLResponse)
async def login_submit(
    request: Request, p: Prefs = Depends(prefs), session: Session = Depends(get_session)
) -> Response:
    raw, form = await read_form(request, LOGIN_FIELDS)
    expired = form_expired(request, raw)  # no login CSRF: the form must come from this site
    if expired:
        return _login_page(request, p, {"email": form["email"]}, {"email": expired}, 400)
    errors = login_errors(form)
    if not errors:
        opened = _open_session(request, session, form["email"], form["mot_de_passe"])
        if not isinstance(opened, str):
            return opened
        errors["email"] = opened
    return _login_page(request, p, {"email": form["email"]}, errors)


@router.post("/deconnexion")
async def logout(request: Request, session: Session = Depends(get_session)) -> Response:
    form = await request.form()
    response = to_login()
    if csrf_ok(request, form):
        found = auth.resolve(request, session)
        if found is not None:
            auth.close_web_session(session, found, response)
    return response
