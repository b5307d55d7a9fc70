"""The signed-in visit of the pro area and its guards.

Every page but the login page takes a ``Visit`` from the ``signed_in`` dependency. The guards
(``signed_in``, ``require_staff``, ``staff_for_callbacks``) raise ``Refusal`` with the response to
send instead: the redirect to the login page or a 403 page. Every form carries the web session's
CSRF token (``backend.people.auth``), checked before anything changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from backend.people import auth
from backend.people.models import Account
from backend.web.i18n import gettext as _
from backend.web.pages import Prefs, Refusal, prefs, render
from backend.web.pro.labels import STAFF


def csrf_ok(request: Request, form: Any) -> bool:
    return auth.verify_csrf(request, str(form.get("csrf_token", "")))


def expired(request: Request, form: Any) -> str | None:
    """The error to show when ``form`` does not carry this session's CSRF token, else None."""
    if csrf_ok(request, form):
        return None
    return _("La page a expiré. Rechargez-la puis recommencez.")


def to_login() -> RedirectResponse:
    return RedirectResponse("/espace-pro/connexion", status_code=303)


@dataclass
class Visit:
    """A dashboard request by a signed-in account, with the visitor's display preferences."""

    request: Request
    p: Prefs
    account: Account

    def saved(self) -> bool:
        """True after a redirect that says the change was saved (``?enregistre=1``)."""
        return self.request.query_params.get("enregistre") == "1"


def page(visit: Visit, template: str, title: str, **context: Any) -> HTMLResponse:
    response = render(
        visit.request,
        visit.p,
        template,
        title,
        account=visit.account,
        csrf=auth.csrf_token(visit.request),
        staff=visit.account.role in STAFF,
        **context,
    )
    response.headers["Cache-Control"] = "no-store"
    return response


def message_page(visit: Visit, title: str, message: str, status_code: int) -> HTMLResponse:
    return page(visit, "dashboard/message.html", title, message=message, status_code=status_code)


def forbidden(visit: Visit, message: str) -> HTMLResponse:
    return message_page(visit, _("Accès refusé"), message, 403)


def signed_in(request: Request, p: Prefs = Depends(prefs)) -> Visit:
    """Dependency: the signed-in account's visit; without an account, the redirect to the login
    page is sent instead."""
    account = auth.current_account(request)
    if account is None:
        raise Refusal(to_login())
    return Visit(request, p, account)


def require_staff(visit: Visit, message: str) -> None:
    """Only counselors and admins go further; anyone else gets the 403 page with ``message``."""
    if visit.account.role not in STAFF:
        raise Refusal(forbidden(visit, message))


def staff_for_callbacks(visit: Visit = Depends(signed_in)) -> Visit:
    """Dependency: a signed-in counselor or admin, the only ones who see callback requests."""
    require_staff(visit, _("Les demandes de rappel sont pour les conseillers."))
    return visit
