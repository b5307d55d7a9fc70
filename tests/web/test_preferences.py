"""Settings in cookies (no JavaScript needed) and English through gettext."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.web.csrf import form_token
from tests.web.html_checks import clean, parse


def test_settings_are_kept_in_cookies(client: TestClient) -> None:
    response = client.post(
        "/reglages", data={"theme": "dark", "text": "xlarge", "lang": "fr", "csrf_token": form_token(client, "/reglages")}, follow_redirects=False
    )
    assert response.status_code == 303
    cookies = response.headers.get_list("set-cookie")
    assert any(c.startswith("ta_theme=dark") and "HttpOnly" in c for c in cookies)
    html = parse(client.get("/").text).all("html")[0]
    assert html.attrs["data-theme"] == "dark" and html.attrs["data-text"] == "xlarge"
    page = parse(client.get("/reglages").text)
    assert "checked" in page.by_id("theme-dark").attrs  # type: ignore[union-attr]
    client.post("/reglages", data={"theme": "nimporte", "text": "normal", "csrf_token": client.cookies["ta_csrf"]})
    html = parse(client.get("/").text).all("html")[0]
    assert html.attrs["data-theme"] == "dark" and html.attrs["data-text"] == "normal"


def test_english_through_gettext(client: TestClient) -> None:
    response = client.get("/?lang=en")
    page = parse(response.text)
    assert page.all("html")[0].attrs["lang"] == "en"
    assert "Find where to go near me" in response.text
    assert any(c.startswith("ta_lang=en") for c in response.headers.get_list("set-cookie"))
    later = parse(client.get("/rappel").text)  # the cookie keeps the language
    assert clean(later.all("h1")[0].text) == "Get a call back"
    errors = client.post("/rappel", data={"csrf_token": client.cookies["ta_csrf"]})
    assert "Enter your first name." in errors.text
    guide = parse(client.get("/comprendre/cio").text)
    assert guide.all("article")[0].attrs["lang"] == "fr"  # French content keeps its language
    back = client.get("/?lang=fr")
    assert parse(back.text).all("html")[0].attrs["lang"] == "fr"


def test_english_catalogue_is_complete() -> None:
    from babel.messages.pofile import read_po

    from backend.web.i18n import update_catalog

    template = update_catalog.extract()
    with update_catalog.PO_PATH.open("rb") as handle:
        catalog = read_po(handle, locale="en")
    missing = [
        m.id
        for m in template
        if m.id and not update_catalog.translated(getattr(catalog.get(m.id), "string", None))
    ]
    assert missing == [], f"run python -m backend.web.i18n.update_catalog and translate: {missing}"
