"""Reflow: at 320 CSS px nothing scrolls sideways; at 200 % zoom nothing is cut."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from a11y_tests.web.checks import AUDIT_JS
from a11y_tests.web.conftest import Tab
from a11y_tests.web.pages import page_cases

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def narrow(browser: Any, web_base_url: str) -> Iterator[Tab]:
    tab = Tab(browser, web_base_url, viewport={"width": 320, "height": 640})
    yield tab
    tab.close()


@pytest.fixture(scope="module")
def zoomed(browser: Any, web_base_url: str) -> Iterator[Tab]:
    # A 1280 px wide window at 200 % zoom is 640 CSS px drawn with 2 device pixels each; the
    # "very large" text setting is added on top.
    tab = Tab(
        browser,
        web_base_url,
        viewport={"width": 640, "height": 480},
        device_scale_factor=2,
    )
    tab.context.add_cookies([{"name": "ta_text", "value": "xlarge", "url": web_base_url}])
    yield tab
    tab.close()


def test_no_horizontal_scroll_at_320px(narrow: Tab, web_base_url: str) -> None:
    failures = []
    for case in page_cases(web_base_url):
        narrow.goto(case.path)
        audit = narrow.page.evaluate(AUDIT_JS)
        if audit["scrollWidth"] > 320:
            failures.append(f"{case.name}: {audit['scrollWidth']} px wide")
        if audit["clipped"]:
            failures.append(f"{case.name}: cut {audit['clipped']}")
        if audit["smallTargets"]:
            failures.append(f"{case.name}: small targets {audit['smallTargets']}")
    narrow.goto("/lieux?commune=Lyon")
    narrow.screenshot("lieux-resultats-320px")
    assert failures == []


def test_nothing_cut_at_200_percent_zoom_with_very_large_text(
    zoomed: Tab, web_base_url: str
) -> None:
    failures = []
    for case in page_cases(web_base_url):
        zoomed.goto(case.path)
        assert zoomed.page.evaluate("document.documentElement.dataset.text") == "xlarge"
        audit = zoomed.page.evaluate(AUDIT_JS)
        if audit["scrollWidth"] > audit["innerWidth"]:
            failures.append(f"{case.name}: {audit['scrollWidth']} > {audit['innerWidth']} px")
        if audit["clipped"]:
            failures.append(f"{case.name}: cut {audit['clipped']}")
    zoomed.goto("/stages?mots=&commune=Lyon")
    zoomed.screenshot("stages-resultats-zoom200")
    assert failures == []


def test_text_spacing_loses_nothing(browser: Any, web_base_url: str) -> None:
    """WCAG 1.4.12: line height 1.5, letter 0.12em, word 0.16em, paragraphs 2em — nothing lost."""
    from a11y_tests.web.checks import TEXT_SPACING_CSS

    tab = Tab(browser, web_base_url, viewport={"width": 390, "height": 844}, bypass_csp=True)
    try:
        failures = []
        for case in page_cases(web_base_url):
            tab.goto(case.path)
            tab.page.add_style_tag(content=TEXT_SPACING_CSS)
            audit = tab.page.evaluate(AUDIT_JS)
            if audit["scrollWidth"] > audit["innerWidth"]:
                failures.append(f"{case.name}: {audit['scrollWidth']} px wide")
            if audit["clipped"]:
                failures.append(f"{case.name}: cut {audit['clipped']}")
        assert failures == []
    finally:
        tab.close()
