"""The people side of Total Accès: accounts and roles, offer management and applications,
callback requests with routing, the counselor inbox, privacy (purge, export, erasure, audit log)
and security (sessions, tokens, CSRF, rate limits, security headers).

``install(app)`` adds the routers, the error handlers and the security-headers middleware to an
application made by ``backend.app.create_app``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fastapi import FastAPI
    from sqlalchemy.orm import Session, sessionmaker

    from backend.people.config import PeopleSettings
    from backend.people.security import RateLimiter


@dataclass
class PeopleState:
    settings: PeopleSettings
    session_factory: sessionmaker[Session]
    limiter: RateLimiter

    def configure(self, settings: PeopleSettings) -> None:
        """Replace the settings and start fresh rate-limit counters with their limits."""
        self.settings = settings
        self.limiter = make_limiter(settings)


def make_limiter(settings: PeopleSettings) -> RateLimiter:
    from backend.people.security import RateLimiter

    window = float(settings.rate_limit_window_seconds)
    return RateLimiter(
        {
            "callbacks": (settings.rate_limit_callbacks, window),
            "applications": (settings.rate_limit_applications, window),
            "login": (settings.rate_limit_login, window),
        }
    )


def install(
    app: FastAPI, settings: PeopleSettings | None = None, *, security_headers: bool = True
) -> PeopleState:
    """Include the people routers, handlers and middleware into ``app`` (made by
    ``backend.app.create_app``, whose session factory it uses); returns its state.

    ``app.state.people.limiter.reset()`` clears the rate-limit counters.
    """
    from fastapi.exception_handlers import request_validation_exception_handler
    from fastapi.exceptions import RequestValidationError

    from backend.people import handlers
    from backend.people.api import routers
    from backend.people.config import get_people_settings
    from backend.people.errors import PeopleError
    from backend.people.security import (
        OfferExpiryMiddleware,
        SecurityHeadersMiddleware,
        protect_logs,
    )

    settings = settings or get_people_settings()
    factory = app.state.session_factory
    # Statement parameters (phone numbers, e-mails, first names) must never reach a log line,
    # even with sqlalchemy.engine at DEBUG or in an exception message.
    bind = factory.kw.get("bind")
    if bind is not None:
        bind.hide_parameters = True
    protect_logs()
    state = PeopleState(settings=settings, session_factory=factory, limiter=make_limiter(settings))
    app.state.people = state
    for router in routers:
        app.include_router(router)
    app.add_exception_handler(PeopleError, handlers.people_error_handler)  # type: ignore[arg-type]
    if app.exception_handlers.get(RequestValidationError) in (
        None,
        request_validation_exception_handler,
    ):
        app.add_exception_handler(
            RequestValidationError,
            handlers.validation_error_handler,  # type: ignore[arg-type]
        )

    def expire_offers() -> None:
        from backend.people.services.offers import expire_due_offers

        with factory() as session:
            expire_due_offers(session)

    app.add_middleware(
        OfferExpiryMiddleware,
        run=expire_offers,
        every_seconds=lambda: app.state.people.settings.offer_expiry_check_seconds,
    )
    if security_headers:
        app.add_middleware(SecurityHeadersMiddleware)
    app.openapi_schema = None
    return state


__all__ = ["install", "PeopleState", "make_limiter"]
