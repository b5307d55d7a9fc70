"""Reflow: at 320 CSS px nothing scrolls sideways; at 200 % zoom nothing is cut.

Every page the axe runs visit, in the state they visit it (forms sent with errors, confirmation
pages, the English forms in error, the professional area logged in), in the default theme: the
themes change colours only, not sizes.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from a11y_tests.web.checks import AUDIT_JS, INLINE_EXCEPTIONS, TEXT_SPACING_CSS, inline_kind
from a11y_tests.web.conftest import ProAccount, Tab
from a11y_tests.web.pages import (
    dashboard_cases,
    english_error_cases,
    log_in,
    open_case,
    open_dashboard_case,
    page_cases,
)

pytestmark = pytest.mark.browser


def visit_every_page(tab: Tab, account: ProAccount) -> Iterator[str]:
    """Bring ``tab`` to each audited page in turn; yields the case name once the page is there."""
    public = [
        *page_cases(tab.base, account.references[-1]),
        *english_error_cases(tab.base),
    ]
    for case in public:
        open_case(tab, case)
        errors = tab.page.locator("#resume-erreurs").count()
        assert errors == (1 if case.error_state else 0), f"{case.name}: not in the expected state"
        yield case.name
    log_in(tab, account)
    for dashboard_case in dashboard_cases(account):
        open_dashboard_case(tab, dashboard_case)
        errors = tab.page.locator("#resume-erreurs").count()
        assert errors == (dashboard_case.fill is not None), f"{dashboard_case.name}: wrong state"
        yield dashboard_case.name


@pytest.fixture()
def narrow(browser: Any, web_base_url: str) -> Iterator[Tab]:
    tab = Tab(browser, web_base_url, viewport={"width": 320, "height": 640})
    yield tab
    tab.close()


@pytest.fixture()
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


def test_no_horizontal_scroll_at_320px(narrow: Tab, pro_account: ProAccount) -> None:
    failures = []
    visited = []
    excused: dict[str, set[str]] = {}
    for name in visit_every_page(narrow, pro_account):
        visited.append(name)
        audit = narrow.page.evaluate(AUDIT_JS)
        if audit["scrollWidth"] > 320:
            failures.append(f"{name}: {audit['scrollWidth']} px wide")
        if audit["clipped"]:
            failures.append(f"{name}: cut {audit['clipped']}")
        if audit["smallTargets"]:
            failures.append(f"{name}: small targets {audit['smallTargets']}")
        for link in audit["inlineLinks"]:
            excused.setdefault(inline_kind(link["href"]), set()).add(name)
        if name == "lieux-resultats":
            narrow.screenshot("lieux-resultats-320px")
    assert {"stage-erreur", "rappel-erreur", "connexion-refusee", "pro-offre-erreur"} <= set(
        visited
    )
    assert failures == [], "\n".join(failures)
    # The links excused as "inline" are exactly the ones the accessibility statement lists.
    assert excused == INLINE_EXCEPTIONS


def test_nothing_cut_at_200_percent_zoom_with_very_large_text(
    zoomed: Tab, pro_account: ProAccount
) -> None:
    failures = []
    for name in visit_every_page(zoomed, pro_account):
        assert zoomed.page.evaluate("document.documentElement.dataset.text") == "xlarge", name
        audit = zoomed.page.evaluate(AUDIT_JS)
        if audit["scrollWidth"] > audit["innerWidth"]:
            failures.append(f"{name}: {audit['scrollWidth']} > {audit['innerWidth']} px")
        if audit["clipped"]:
            failures.append(f"{name}: cut {audit['clipped']}")
        if name == "stages-resultats":
            zoomed.screenshot("stages-resultats-zoom200")
    assert failures == [], "\n".join(failures)


def test_text_spacing_loses_nothing(
    browser: Any, web_base_url: str, pro_account: ProAccount
) -> None:
    """WCAG 1.4.12: line height 1.5, letter 0.12em, word 0.16em, paragraphs 2em — nothing lost."""
    tab = Tab(browser, web_base_url, viewport={"width": 390, "height": 844}, bypass_csp=True)
    try:
        failures = []
        for name in visit_every_page(tab, pro_account):
            tab.page.add_style_tag(content=TEXT_SPACING_CSS)
            audit = tab.page.evaluate(AUDIT_JS)
            if audit["scrollWidth"] > audit["innerWidth"]:
                failures.append(f"{name}: {audit['scrollWidth']} px wide")
            if audit["clipped"]:
                failures.append(f"{name}: cut {audit['clipped']}")
        assert failures == [], "\n".join(failures)
    finally:
        tab.close()
