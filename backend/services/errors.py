"""The error every core service raises: an HTTP status, a French title and an actionable detail
(sent as application/problem+json by the API, shown as a message by the web pages)."""

from __future__ import annotations

from typing import Any


class ServiceError(Exception):
    def __init__(self, status: int, title: str, detail: str, **extra: Any) -> None:
        super().__init__(detail)
        self.status, self.title, self.detail, self.extra = status, title, detail, extra
