"""problem+json answers for the people side's errors (French, actionable ``detail``)."""

from __future__ import annotations

import json

from fastapi.exceptions import RequestValidationError
from starlette.requests import Request
from starlette.responses import Response

from backend.people.errors import NotAuthenticated, PeopleError, TooManyAttempts

FIELD_NAMES = {
    "first_name": "le prénom",
    "phone": "le téléphone",
    "email": "l'adresse e-mail",
    "channel": "le mode de rappel",
    "time_slot": "le moment préféré",
    "age": "l'âge",
    "code_insee": "la commune (code INSEE)",
    "topic": "le sujet",
    "message": "le message",
    "consent": "l'accord",
    "password": "le mot de passe",
}


def problem(
    status: int, title: str, detail: str, headers: dict[str, str] | None = None, **extra: object
) -> Response:
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail, **extra}
    return Response(
        json.dumps(body, ensure_ascii=False, default=str),
        status_code=status,
        media_type="application/problem+json",
        headers=headers,
    )


async def people_error_handler(_request: Request, exc: PeopleError) -> Response:
    headers: dict[str, str] = {}
    if isinstance(exc, TooManyAttempts):
        headers["Retry-After"] = str(int(exc.retry_after) + 1)
    if isinstance(exc, NotAuthenticated):
        headers["WWW-Authenticate"] = "Bearer"
    return problem(exc.status, exc.title, exc.detail, headers, **exc.extra)


async def validation_error_handler(_request: Request, exc: RequestValidationError) -> Response:
    """Used only when the application has no problem+json handler of its own."""
    fields = []
    for error in exc.errors():
        location = [str(p) for p in error.get("loc", ()) if p not in ("body", "query", "path")]
        name = location[0] if location else ""
        fields.append(FIELD_NAMES.get(name, name or "la demande"))
    unique = list(dict.fromkeys(fields))
    detail = "Vérifiez " + ", ".join(unique) + " : la valeur manque ou n'a pas la bonne forme."
    errors = [
        {"field": ".".join(str(p) for p in e.get("loc", ())), "message": e.get("msg", "")}
        for e in exc.errors()
    ]
    return problem(422, "Demande incorrecte", detail, errors=errors)
