"""``application/problem+json`` responses with French, actionable ``detail``s."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

from backend.services.search import ServiceError

PROBLEM_JSON = "application/problem+json"


class Problem(BaseModel):
    type: str = "about:blank"
    title: str
    status: int
    detail: str


def problem(status: int, title: str, detail: str, **extra: Any) -> JSONResponse:
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail, **extra}
    return JSONResponse(status_code=status, content=body, media_type=PROBLEM_JSON)


PROBLEM_RESPONSES: dict[int | str, dict[str, Any]] = {
    404: {"model": Problem, "content": {PROBLEM_JSON: {}}, "description": "Introuvable"},
    422: {"model": Problem, "content": {PROBLEM_JSON: {}}, "description": "Paramètre invalide"},
}


def _field(loc: tuple[Any, ...]) -> str:
    parts = [str(p) for p in loc if p not in ("query", "path", "body")]
    return ".".join(parts) or "requête"


def _message(err: dict[str, Any]) -> str:
    name = _field(tuple(err.get("loc", ())))
    kind = err.get("type", "")
    ctx = err.get("ctx") or {}
    got = err.get("input")
    got_text = f" (reçu : {got})" if got is not None and not isinstance(got, dict) else ""
    if kind == "missing":
        return f"Le paramètre « {name} » est obligatoire."
    if kind in ("less_than_equal", "less_than"):
        return (
            f"Le paramètre « {name} » doit être au plus {ctx.get('le', ctx.get('lt'))}{got_text}."
        )
    if kind in ("greater_than_equal", "greater_than"):
        return (
            f"Le paramètre « {name} » doit être au moins {ctx.get('ge', ctx.get('gt'))}{got_text}."
        )
    if kind in ("int_parsing", "int_from_float"):
        return f"Le paramètre « {name} » doit être un nombre entier{got_text}."
    if kind in ("float_parsing", "finite_number"):
        return f"Le paramètre « {name} » doit être un nombre{got_text}."
    if kind == "bool_parsing":
        return f"Le paramètre « {name} » doit valoir true ou false{got_text}."
    if kind.startswith("date"):
        return f"Le paramètre « {name} » doit être une date au format AAAA-MM-JJ{got_text}."
    if kind == "string_too_long":
        return (
            f"Le paramètre « {name} » est trop long (au plus {ctx.get('max_length')} caractères)."
        )
    if kind in ("literal_error", "enum"):
        return f"Le paramètre « {name} » doit valoir : {ctx.get('expected')}{got_text}."
    return f"Le paramètre « {name} » est invalide{got_text}."


def install(app: FastAPI) -> None:
    @app.exception_handler(ServiceError)
    async def service_error(_request: Request, exc: ServiceError) -> JSONResponse:
        return problem(exc.status, exc.title, exc.detail, **exc.extra)

    @app.exception_handler(RequestValidationError)
    async def validation_error(_request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [
            {"parameter": _field(tuple(e.get("loc", ()))), "message": _message(e)}
            for e in exc.errors()
        ]
        detail = " ".join(e["message"] for e in errors) + " Corrigez la requête puis réessayez."
        return problem(422, "Paramètre invalide", detail, errors=errors)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        if exc.status_code == 404:
            return problem(
                404,
                "Page introuvable",
                "Cette adresse n'existe pas. La liste des services est sur /docs.",
            )
        if exc.status_code == 405:
            return problem(
                405, "Méthode non permise", "Cette adresse ne s'utilise pas ainsi : utilisez GET."
            )
        return problem(exc.status_code, "Erreur", str(exc.detail))

    @app.exception_handler(Exception)
    async def unexpected(_request: Request, _exc: Exception) -> JSONResponse:
        return problem(
            500,
            "Erreur interne",
            "Le service a rencontré un problème. Réessayez dans un instant ; s'il persiste, "
            "prévenez l'équipe Total Accès.",
        )
