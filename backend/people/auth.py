"""Who is calling: web session cookie or API bearer token; CSRF for cookie sessions.

The web pages use :func:`current_account`, :func:`csrf_token` and :func:`verify_csrf`; the API uses
the FastAPI dependencies :func:`optional_account` and :func:`require_account`. Both open and close
a web session with :func:`open_web_session` / :func:`close_web_session` (one login), and count
public POSTs with :func:`rate_limit_wait` (one rate-limit mechanism).
"""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import Depends, Request, Response
from sqlalchemy.orm import Session

from backend.api.deps import get_session
from backend.people import security
from backend.people.config import PeopleSettings
from backend.people.errors import Forbidden, NotAuthenticated, TooManyAttempts
from backend.people.models import Account, AuthSecret
from backend.people.services import accounts as accounts_service

SESSION_COOKIE = "ta_session"
CSRF_HEADER = "x-csrf-token"
CSRF_FIELD = "csrf_token"
UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


@dataclass
class Auth:
    account: Account
    secret: AuthSecret
    via: str  # "session" | "token"


def _bearer(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() == "bearer" and value.strip():
        return value.strip()
    return None


def resolve(request: Request, session: Session) -> Auth | None:
    """The caller's account from a bearer token, else from the session cookie; cached per request."""
    cached = getattr(request.state, "people_auth", False)
    if cached is not False:
        return cached  # type: ignore[no-any-return]
    auth: Auth | None = None
    token = _bearer(request)
    if token is not None:
        found = accounts_service.resolve_secret(session, token, "token")
        if found is None:
            request.state.people_auth = None
            raise NotAuthenticated(
                "Jeton d'accès inconnu, révoqué ou expiré : demandez-en un nouveau "
                "(POST /api/v1/auth/tokens)."
            )
        auth = Auth(found[0], found[1], "token")
    else:
        cookie = request.cookies.get(SESSION_COOKIE)
        if cookie:
            found = accounts_service.resolve_secret(session, cookie, "session")
            if found is not None:
                auth = Auth(found[0], found[1], "session")
    request.state.people_auth = auth
    # End the read transaction now: a pooled connection must not wait, idle, for the endpoint's
    # worker thread (under load that starves the pool). Loaded attributes stay readable.
    session.commit()
    return auth


def optional_account(request: Request, session: Session = Depends(get_session)) -> Auth | None:
    auth = resolve(request, session)
    if (
        auth is not None
        and auth.via == "session"
        and request.method in UNSAFE_METHODS
        and not security.check_csrf_token(auth.secret.csrf_secret, request.headers.get(CSRF_HEADER))
    ):
        raise Forbidden(
            "Jeton anti-falsification (CSRF) absent ou incorrect : rechargez la page et "
            "recommencez."
        )
    return auth


def require_account(auth: Auth | None = Depends(optional_account)) -> Auth:
    if auth is None:
        raise NotAuthenticated("Connectez-vous d'abord (POST /api/v1/auth/login ou jeton Bearer).")
    return auth


def require_staff(auth: Auth = Depends(require_account)) -> Auth:
    if auth.account.role not in ("counselor", "admin"):
        raise Forbidden("Réservé aux conseillers et aux administrateurs.")
    return auth


def require_admin(auth: Auth = Depends(require_account)) -> Auth:
    if auth.account.role != "admin":
        raise Forbidden("Réservé aux administrateurs.")
    return auth


# ----------------------------------------------------------------------------------------------
# Helpers for the server-rendered pages (no FastAPI dependency injection needed)
# ----------------------------------------------------------------------------------------------


def current_account(request: Request) -> Account | None:
    """The account of the web session cookie or bearer token, or None (never raises)."""
    session = request.app.state.people.session_factory()
    try:
        auth = resolve(request, session)
    except NotAuthenticated:
        return None
    finally:
        session.close()
    return auth.account if auth else None


def csrf_token(request: Request) -> str | None:
    """A CSRF token to put in a hidden ``csrf_token`` field of every form (None without session)."""
    session = request.app.state.people.session_factory()
    try:
        auth = resolve(request, session)
    except NotAuthenticated:
        return None
    finally:
        session.close()
    if auth is None or auth.via != "session" or not auth.secret.csrf_secret:
        return None
    return security.make_csrf_token(auth.secret.csrf_secret)


def verify_csrf(request: Request, token: str | None) -> bool:
    """True when ``token`` (the form's ``csrf_token`` field) belongs to this web session."""
    session = request.app.state.people.session_factory()
    try:
        auth = resolve(request, session)
    except NotAuthenticated:
        return False
    finally:
        session.close()
    if auth is None or auth.via != "session":
        return False
    return security.check_csrf_token(auth.secret.csrf_secret, token)


RATE_LIMITED = (
    "Trop de demandes envoyées depuis cette connexion : attendez quelques minutes puis réessayez."
)


def rate_limit_wait(request: Request, bucket: str) -> float | None:
    """Count one request of ``bucket`` (``callbacks``, ``applications`` or ``login``) from the
    caller's address: None when allowed, else the seconds to wait. The one rate-limit check of
    the API (:func:`rate_limit`) and of the web forms."""
    state = request.app.state.people
    key = security.client_address(request, state.settings.trust_forwarded_for)
    return state.limiter.hit(bucket, key)  # type: ignore[no-any-return]


def rate_limit(bucket: str):  # type: ignore[no-untyped-def]
    """API dependency: 429 with ``Retry-After`` once ``bucket``'s limit is reached."""

    def dependency(request: Request) -> None:
        wait = rate_limit_wait(request, bucket)
        if wait is not None:
            raise TooManyAttempts(RATE_LIMITED, retry_after=wait)

    return dependency


# ----------------------------------------------------------------------------------------------
# One login for the API and the web pages
# ----------------------------------------------------------------------------------------------


def open_web_session(
    session: Session, email: str, password: str, settings: PeopleSettings
) -> tuple[Account, AuthSecret, str]:
    """(account, session row, secret) of a new web session; ``NotAuthenticated`` with the one
    answer for a wrong password, an unknown address and a locked account. Commits."""
    account = accounts_service.authenticate(session, email, password, settings)
    if account is None:
        raise NotAuthenticated(accounts_service.bad_login_message(settings))
    secret, row = accounts_service.create_secret(session, account, "session", settings)
    session.commit()
    return account, row, secret


def set_session_cookie(response: Response, secret: str, settings: PeopleSettings) -> None:
    response.set_cookie(
        SESSION_COOKIE,
        secret,
        max_age=settings.session_hours * 3600,
        httponly=True,
        samesite="strict",
        secure=settings.cookie_secure,
        path="/",
    )


def close_web_session(session: Session, auth: Auth, response: Response) -> None:
    """Revoke the session (or the bearer token) of ``auth`` and delete the cookie. Commits."""
    row = session.get(AuthSecret, auth.secret.id)
    if row is not None:
        accounts_service.revoke(session, row)
    session.commit()
    response.delete_cookie(SESSION_COOKIE, path="/")
