"""ASGI middleware answering repeated list queries from the per-process response cache.

The list endpoints (``/api/v1/structures``, ``/offers``, ``/careers``) memoise their encoded answer
per data version (``SnapshotCache.cached``). This middleware looks the exact same request up
(path + raw query string) before FastAPI's routing and validation, and answers it directly when
present. Only successful answers are memoised; the cache is dropped whenever ``meta.data_version``
changes, which each process checks at most once a second.
"""

from __future__ import annotations

from typing import Any

CACHED_PATHS = frozenset({"/api/v1/structures", "/api/v1/offers", "/api/v1/careers"})
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
HEADERS = [(b"content-type", b"application/json"), (b"x-cache", b"hit")]


class ResponseCacheMiddleware:
    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] == "http" and scope["method"] in UNSAFE_METHODS:
            try:  # a write (API or web form): this process reads the data version again
                await self.app(scope, receive, send)
            finally:
                scope["app"].state.snapshots.recheck()
            return
        if scope["type"] == "http" and scope["method"] == "GET" and scope["path"] in CACHED_PATHS:
            snapshots = scope["app"].state.snapshots
            body = snapshots.peek(snapshots.get(), (scope["path"], scope["query_string"]))
            if body is not None:
                await send(
                    {
                        "type": "http.response.start",
                        "status": 200,
                        "headers": [*HEADERS, (b"content-length", str(len(body)).encode())],
                    }
                )
                await send({"type": "http.response.body", "body": body})
                return
        await self.app(scope, receive, send)
