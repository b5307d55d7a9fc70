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


def offer_taking_applications(
    client: TestClient, listing: str = "/stages?mots=&commune=Lyon"
) -> str:
    """The path of the first listed offer whose page has the application form (not an example)."""
    import re

    for path in re.findall(r'href="(/stages/\d+)"', client.get(listing).text):
        if f'action="{path}"' in client.get(path).text:
            return path
    raise AssertionError(f"no offer taking applications in {listing}")
