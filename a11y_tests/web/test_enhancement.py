"""The small script: position asked only on a click, commune suggestions; CSP respected."""

from __future__ import annotations

import re
from typing import Any

import pytest

from a11y_tests.web.conftest import Tab

pytestmark = pytest.mark.browser


def test_position_is_asked_only_on_click(browser: Any, web_base_url: str) -> None:
    tab = Tab(
        browser,
        web_base_url,
        geolocation={"latitude": 45.764043, "longitude": 4.835659},
        permissions=["geolocation"],
    )
    errors: list[str] = []
    tab.page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    try:
        tab.goto("/lieux")
        tab.page.wait_for_timeout(300)
        assert tab.page.url.endswith("/lieux"), "the page moved before any click"
        button = tab.page.locator("#ma-position")
        assert button.is_visible()
        with tab.page.expect_navigation():
            button.click()
        assert re.search(r"lat=45\.764&lon=4\.836(&|$)", tab.page.url), tab.page.url
        heading = tab.page.locator("#resultats").inner_text()
        assert re.match(r"^\d+ lieux près de votre position \(Lyon", heading), heading
        assert errors == [], errors  # e.g. a Content-Security-Policy refusal
    finally:
        tab.close()


def test_commune_suggestions_fill_the_datalist(tab: Tab) -> None:
    tab.goto("/lieux")
    tab.page.locator("#commune").focus()
    tab.page.keyboard.type("Villeurb")
    values: list[str] = []
    for _ in range(50):  # wait_for_function evaluates a string: the site's CSP forbids that
        values = tab.page.eval_on_selector_all(
            "#communes-suggestions option", "els => els.map(e => e.value)"
        )
        if values:
            break
        tab.page.wait_for_timeout(100)
    assert "Villeurbanne (Rhône)" in values
    tab.page.fill("#commune", "Villeurbanne (Rhône)")
    with tab.page.expect_navigation():
        tab.page.keyboard.press("Enter")
    assert "près de Villeurbanne" in tab.page.locator("#resultats").inner_text()
