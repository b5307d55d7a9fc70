"""The counselors' and employers' dashboard, logged in, in each theme (forms in error too)."""

from __future__ import annotations

from typing import Any

import pytest

from a11y_tests.web.checks import (
    AUDIT_JS,
    accessible_names,
    audit_problems,
    normalize,
    wait_for_focus,
)
from a11y_tests.web.conftest import THEMES, ProAccount, Tab, format_violations
from a11y_tests.web.pages import dashboard_cases, log_in, open_dashboard_case

pytestmark = pytest.mark.browser

DASHBOARD_NAMES = [
    "pro-rappels", "pro-rappel", "pro-rappel-erreur", "pro-statistiques", "pro-offres",
    "pro-offre-nouvelle", "pro-offre-nouvelle-erreur", "pro-offre", "pro-offre-erreur",
    "pro-equipe", "pro-signalements", "pro-moderation",
    "pro-structure", "pro-structure-erreur",
]  # fmt: skip


@pytest.mark.parametrize("theme", THEMES)
def test_dashboard_pages(
    theme: str, browser: Any, web_base_url: str, pro_account: ProAccount
) -> None:
    cases = dashboard_cases(pro_account)
    assert [c.name for c in cases] == DASHBOARD_NAMES
    tab = Tab(browser, web_base_url, theme)
    try:
        log_in(tab, pro_account)
        failures: list[str] = []
        titles: dict[str, str] = {}
        for case in cases:
            name = case.name
            open_dashboard_case(tab, case)
            if case.fill is not None:
                assert wait_for_focus(tab.page, "resume-erreurs") == "resume-erreurs", name
                assert tab.page.title().startswith("Erreur"), f"{name}: {tab.page.title()}"
            violations = tab.axe()
            if violations:
                failures.append(f"{name}: {format_violations(violations)}")
            audit = tab.page.evaluate(AUDIT_JS)
            failures += [f"{name}: {p}" for p in audit_problems(audit)]
            if case.fill is None:
                titles[name] = audit["title"]
            if theme == "default":
                names = accessible_names(tab.page, [f["id"] for f in audit["fields"]])
                for field in audit["fields"]:
                    if normalize(names[field["id"]]) != normalize(field["label"]):
                        failures.append(f"{name}: #{field['id']} named {names[field['id']]!r}")
            tab.screenshot(name)
            if name == "pro-offre":
                assert "Jade" in tab.page.locator("#candidatures").locator("..").inner_text()
        assert failures == []
        assert len(set(titles.values())) == len(titles), titles
        # The refused edit changed nothing.
        tab.goto(f"/espace-pro/offres/{pro_account.offer_id}")
        assert tab.page.input_value("#titre") == "Stage de découverte en atelier"
    finally:
        tab.close()
