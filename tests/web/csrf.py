"""Helpers for the CSRF tokens of the web forms (TestClient keeps the ``ta_csrf`` cookie)."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

TOKEN_RE = re.compile(r'name="csrf_token" value="([^"]+)"')


def token_in(html: str) -> str:
    """The value of the first hidden ``csrf_token`` field of a page."""
    found = TOKEN_RE.search(html)
    assert found is not None, "no csrf_token field on the page"
    return found.group(1)


def form_token(client: TestClient, path: str = "/rappel") -> str:
    """GET the page with the form at ``path`` (which sets the ``ta_csrf`` cookie) and return the
    token of its hidden field, to post with the form."""
    response = client.get(path)
    assert response.status_code == 200, response.text
    return token_in(response.text)
