"""Passwords (argon2), secrets, CSRF tokens, rate limits and security headers.

Nothing here logs a secret or personal data.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
import time
from collections import deque
from collections.abc import Awaitable, Callable

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from starlette.requests import Request
from starlette.responses import Response

_hasher = PasswordHasher()
#: Verified against when the account does not exist, so that timing does not reveal it.
_DUMMY_HASH = _hasher.hash("totalacces-dummy-password")

MIN_PASSWORD_LENGTH = 12
#: Reference codes: no 0/O, 1/I/L, so that they can be read out and typed without ambiguity.
REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
REFERENCE_LENGTH = 8


def hash_password(password: str) -> str:
    if len(password) < MIN_PASSWORD_LENGTH:
        from backend.people.errors import PeopleError

        raise PeopleError(
            f"Le mot de passe est trop court : choisissez au moins {MIN_PASSWORD_LENGTH} caractères."
        )
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """True when ``password`` matches; constant work whether or not the account exists."""
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def new_secret() -> str:
    return secrets.token_urlsafe(32)


def secret_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def new_reference() -> str:
    return "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(REFERENCE_LENGTH))


def normalize_reference(reference: str) -> str:
    """Upper case, spaces and dashes removed: "k7m2-9qpx" -> "K7M29QPX"."""
    return "".join(ch for ch in reference.upper() if ch.isascii() and ch.isalnum())


# ----------------------------------------------------------------------------------------------
# CSRF: a token bound to the web session (HMAC of the session's own secret and a nonce).
# ----------------------------------------------------------------------------------------------


def make_csrf_token(csrf_secret: str) -> str:
    nonce = secrets.token_urlsafe(12)
    mac = hmac.new(csrf_secret.encode(), nonce.encode(), hashlib.sha256).hexdigest()[:32]
    return f"{nonce}.{mac}"


def check_csrf_token(csrf_secret: str | None, token: str | None) -> bool:
    if not csrf_secret or not token or "." not in token:
        return False
    nonce, _, mac = token.partition(".")
    expected = hmac.new(csrf_secret.encode(), nonce.encode(), hashlib.sha256).hexdigest()[:32]
    return hmac.compare_digest(expected, mac)


# ----------------------------------------------------------------------------------------------
# Rate limits: a sliding window per (bucket, client address), in memory, one per application.
# ----------------------------------------------------------------------------------------------


class RateLimiter:
    """Sliding-window counter. ``limits`` maps a bucket name to (max requests, window seconds).

    In memory and per process: with several API processes each enforces its own share, which is
    documented in docs/PEOPLE.md. ``reset()`` clears every counter (tests).
    """

    def __init__(self, limits: dict[str, tuple[int, float]]) -> None:
        self.limits = dict(limits)
        self._hits: dict[tuple[str, str], deque[float]] = {}
        self._lock = threading.Lock()

    def hit(self, bucket: str, key: str) -> float | None:
        """Count one request; None when allowed, else the seconds to wait."""
        maximum, window = self.limits[bucket]
        if maximum <= 0:
            return None
        now = time.monotonic()
        with self._lock:
            hits = self._hits.setdefault((bucket, key), deque())
            while hits and hits[0] <= now - window:
                hits.popleft()
            if len(hits) >= maximum:
                return max(1.0, hits[0] + window - now)
            hits.append(now)
            if len(self._hits) > 100_000:  # bound memory under a flood of addresses
                self._hits = {k: v for k, v in self._hits.items() if v and v[-1] > now - window}
            return None

    def reset(self) -> None:
        with self._lock:
            self._hits.clear()


def client_address(request: Request, trust_forwarded_for: bool = False) -> str:
    if trust_forwarded_for:
        forwarded = request.headers.get("x-forwarded-for")
        if forwarded:
            return forwarded.split(",")[0].strip()
    return request.client.host if request.client else "unknown"


# ----------------------------------------------------------------------------------------------
# Security headers
# ----------------------------------------------------------------------------------------------

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; media-src 'self'; object-src 'none'; "
    "base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)
#: The interactive API docs load their scripts from a CDN: they get a looser policy.
DOCS_CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; "
    "style-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; img-src 'self' data: "
    "https://fastapi.tiangolo.com; object-src 'none'; base-uri 'self'; frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Permissions-Policy": "camera=(), geolocation=(self), microphone=(self), payment=()",
    "Cross-Origin-Opener-Policy": "same-origin",
}


class SecurityHeadersMiddleware:
    """Pure ASGI middleware (no BaseHTTPMiddleware: it keeps streaming and background tasks)."""

    def __init__(self, app: Callable[..., Awaitable[None]]) -> None:
        self.app = app

    async def __call__(self, scope: dict, receive: Callable, send: Callable) -> None:  # type: ignore[type-arg]
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope.get("path", "")
        docs = path in ("/docs", "/redoc") or path.startswith("/docs/")

        async def send_with_headers(message: dict) -> None:  # type: ignore[type-arg]
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                extra = dict(SECURITY_HEADERS)
                extra["Content-Security-Policy"] = (
                    DOCS_CONTENT_SECURITY_POLICY if docs else CONTENT_SECURITY_POLICY
                )
                if path.startswith("/api/"):
                    extra.setdefault("Cache-Control", "no-store")
                for name, value in extra.items():
                    if name.lower().encode() not in present:
                        headers.append((name.lower().encode(), value.encode()))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


def retry_after_response(seconds: float, detail: str) -> Response:
    import json

    body = {
        "type": "about:blank",
        "title": "Trop de demandes",
        "status": 429,
        "detail": detail,
    }
    return Response(
        json.dumps(body, ensure_ascii=False),
        status_code=429,
        media_type="application/problem+json",
        headers={"Retry-After": str(int(seconds) + 1)},
    )


class OfferExpiryMiddleware:
    """Stores ``expired`` on offers whose end date has passed, at most once every
    ``every_seconds`` per process, before an offer search or page is answered. So expired offers
    leave the public search (which lists ``status == "published"``) without a scheduler."""

    PATHS = ("/api/v1/offers", "/stages")

    def __init__(
        self,
        app: Callable[..., Awaitable[None]],
        run: Callable[[], object],
        every_seconds: Callable[[], float],
    ) -> None:
        self.app = app
        self.run = run
        self.every_seconds = every_seconds
        self._next = 0.0
        self._lock = threading.Lock()

    async def __call__(self, scope: dict, receive: Callable, send: Callable) -> None:  # type: ignore[type-arg]
        if scope["type"] == "http" and scope.get("path", "").startswith(self.PATHS):
            now = time.monotonic()
            due = False
            with self._lock:
                if now >= self._next:
                    self._next = now + self.every_seconds()
                    due = True
            if due:
                from starlette.concurrency import run_in_threadpool

                try:
                    await run_in_threadpool(self.run)
                except Exception:  # never fail a search because of the expiry pass
                    import logging

                    logging.getLogger("backend.people").exception("offer expiry pass failed")
        await self.app(scope, receive, send)


class DropResultRows:
    """Logging filter for ``sqlalchemy.engine.Engine``: at DEBUG, SQLAlchemy logs every fetched
    row, which would put phone numbers and e-mails in the logs. Statement parameters are hidden
    by ``engine.hide_parameters``; rows are dropped here."""

    def filter(self, record: object) -> bool:
        return getattr(record, "msg", None) not in ("Row %r",)


def protect_logs() -> None:
    import logging

    logger = logging.getLogger("sqlalchemy.engine.Engine")
    if not any(isinstance(f, DropResultRows) for f in logger.filters):
        logger.addFilter(DropResultRows())  # type: ignore[arg-type]
