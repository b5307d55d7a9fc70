"""Security headers on the HTML pages too, not only on the API (see tests/people)."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from tests.web.test_dashboard import log_in
from tests.web.test_pages import ERRORS, PUBLIC

#: Referrer policies that never send a page's address (with what was searched or a callback
#: reference in it) to another site: OpenStreetMap, ONISEP, the structures' sites.
PRIVATE_REFERRERS = {
    "no-referrer",
    "same-origin",
    "strict-origin",
    "strict-origin-when-cross-origin",
}
#: Source expressions that name no other origin.
OWN_SOURCES = {"'self'", "'none'"}


def csp_problems(policy: str) -> list[str]:
    directives = {}
    for part in policy.split(";"):
        words = part.split()
        if words:
            directives[words[0].lower()] = words[1:]
    problems = []
    for name, sources in directives.items():
        for source in sources:
            if source in OWN_SOURCES:
                continue
            if source == "data:" and name in ("img-src", "font-src"):
                continue  # inline images only (the empty favicon): no other origin
            problems.append(f"{name} allows {source}")
    for needed in ("default-src", "script-src", "style-src", "object-src", "base-uri"):
        if needed not in directives:
            problems.append(f"no {needed}")
    if directives.get("script-src", ["'self'"]) != ["'self'"]:
        problems.append(f"script-src is {' '.join(directives['script-src'])}")
    return problems


def header_problems(headers: dict[str, str] | object) -> list[str]:
    get = headers.get  # type: ignore[attr-defined]
    problems = []
    if get("x-content-type-options") != "nosniff":
        problems.append(f"X-Content-Type-Options: {get('x-content-type-options')!r}")
    if get("referrer-policy") not in PRIVATE_REFERRERS:
        problems.append(f"Referrer-Policy: {get('referrer-policy')!r}")
    policy = get("content-security-policy")
    if not policy:
        problems.append("no Content-Security-Policy")
    else:
        problems += csp_problems(policy)
    framing = re.search(r"frame-ancestors ([^;]+)", policy or "")
    if get("x-frame-options", "").upper() not in ("DENY", "SAMEORIGIN") and not (
        framing and framing.group(1).strip() in ("'none'", "'self'")
    ):
        problems.append("can be framed: no X-Frame-Options nor frame-ancestors")
    return problems


def test_csp_check_refuses_external_origins() -> None:
    assert csp_problems("default-src 'self'; script-src 'self'; style-src 'self'; "
                        "object-src 'none'; base-uri 'self'") == []  # fmt: skip
    assert csp_problems(
        "default-src 'self'; script-src 'self' https://cdn.example.org; style-src 'self' "
        "'unsafe-inline'; object-src 'none'; base-uri 'self'; img-src *"
    ) == [
        "script-src allows https://cdn.example.org",
        "style-src allows 'unsafe-inline'",
        "img-src allows *",
        "script-src is 'self' https://cdn.example.org",
    ]


def test_html_pages_send_security_headers(client: TestClient) -> None:
    responses = {path: client.get(path) for path in [*PUBLIC, *ERRORS, "/lieux/999999"]}
    responses["POST /rappel"] = client.post("/rappel", data={})
    responses["POST /espace-pro/connexion"] = client.post("/espace-pro/connexion", data={})
    offer = re.search(r'href="(/stages/\d+)"', client.get("/stages?mots=&commune=Lyon").text)
    assert offer is not None
    responses[f"POST {offer.group(1)}"] = client.post(offer.group(1), data={})
    log_in(client)
    dashboard = ["/espace-pro/rappels", "/espace-pro/offres", "/espace-pro/structure"]
    for path in dashboard:
        responses[path] = client.get(path)
    problems = {}
    for name, response in responses.items():
        assert response.headers["content-type"].startswith("text/html"), name
        found = header_problems(response.headers)
        if name in dashboard and response.headers.get("cache-control") != "no-store":
            found.append("personal data without Cache-Control: no-store")
        if found:
            problems[name] = found
    assert problems == {}
