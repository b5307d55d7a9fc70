"""Errors of the people side. Each carries an HTTP status and a French, actionable detail.

They subclass ``ValueError`` so that callers outside the API (the web pages) can show the detail.
"""

from __future__ import annotations


class PeopleError(ValueError):
    status = 422
    title = "Demande incorrecte"

    def __init__(self, detail: str, **extra: object) -> None:
        super().__init__(detail)
        self.detail = detail
        self.extra = extra


class NotAuthenticated(PeopleError):
    status = 401
    title = "Connexion nécessaire"


class Forbidden(PeopleError):
    status = 403
    title = "Action non autorisée"


class NotFound(PeopleError):
    status = 404
    title = "Introuvable"


class Conflict(PeopleError):
    status = 409
    title = "Action impossible dans l'état actuel"


class TooManyAttempts(PeopleError):
    status = 429
    title = "Trop de tentatives"

    def __init__(self, detail: str, retry_after: float) -> None:
        super().__init__(detail)
        self.retry_after = retry_after
