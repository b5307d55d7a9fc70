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

pytestmark = pytest.mark.browser


def log_in(tab: Tab, account: ProAccount) -> None:
    tab.goto("/espace-pro/connexion")
    tab.page.fill("#email", account.email)
    tab.page.fill("#mot_de_passe", account.password)
    with tab.page.expect_navigation():
        tab.page.click("main form button[type=submit]")
    assert tab.page.url.endswith("/espace-pro/rappels"), tab.page.url


def submit(
    tab: Tab, selector: str = "main form[method=post]:not(.deconnexion) button[type=submit]"
) -> None:
    with tab.page.expect_navigation():
        tab.page.locator(selector).first.click()


@pytest.mark.parametrize("theme", THEMES)
def test_dashboard_pages(
    theme: str, browser: Any, web_base_url: str, pro_account: ProAccount
) -> None:
    tab = Tab(browser, web_base_url, theme)
    try:
        log_in(tab, pro_account)
        cases: list[tuple[str, str, Any]] = [
            ("pro-rappels", "/espace-pro/rappels", None),
            ("pro-rappel", f"/espace-pro/rappels/{pro_account.references[-1]}", None),
            (
                "pro-rappel-erreur",
                f"/espace-pro/rappels/{pro_account.references[-1]}",
                lambda: submit(tab),
            ),
            ("pro-statistiques", "/espace-pro/statistiques", None),
            ("pro-offres", "/espace-pro/offres", None),
            ("pro-offre-nouvelle", "/espace-pro/offres/nouvelle", None),
            ("pro-offre-nouvelle-erreur", "/espace-pro/offres/nouvelle", lambda: submit(tab)),
            ("pro-offre", f"/espace-pro/offres/{pro_account.offer_id}", None),
            ("pro-structure", "/espace-pro/structure", None),
            (
                "pro-structure-erreur",
                "/espace-pro/structure",
                lambda: (tab.page.fill("#telephone", "12"), submit(tab)),
            ),
        ]
        failures: list[str] = []
        titles: dict[str, str] = {}
        for name, path, action in cases:
            tab.goto(path)
            if action is not None:
                action()
                assert wait_for_focus(tab.page, "resume-erreurs") == "resume-erreurs", name
            violations = tab.axe()
            if violations:
                failures.append(f"{name}: {format_violations(violations)}")
            audit = tab.page.evaluate(AUDIT_JS)
            failures += [f"{name}: {p}" for p in audit_problems(audit)]
            if action is None:
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
    finally:
        tab.close()
