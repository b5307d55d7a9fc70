"""Every page and every form in its error state, in each theme: axe-core, structure, targets."""

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
from a11y_tests.web.pages import PageCase, english_error_cases, open_case, page_cases

pytestmark = pytest.mark.browser

NAMES = [
    "accueil", "lieux", "lieux-resultats", "lieux-choix-commune", "lieux-erreur", "lieu",
    "signaler", "signaler-erreur",
    "stages", "stages-resultats", "stages-erreur", "stage", "stage-exemple", "stage-erreur",
    "candidature-envoyee",
    "metiers", "metiers-resultats", "mon-industrie", "metier", "comprendre",
    "comprendre-recherche", "guide", "rappel", "rappel-erreur", "rappel-envoye", "suivi",
    "suivi-erreur", "suivi-resultat", "accessibilite", "reglages", "connexion",
    "connexion-erreur", "connexion-refusee", "rejoindre", "rejoindre-erreur",
    "inscription", "inscription-erreur", "introuvable",
    "accueil-en",
]  # fmt: skip
#: The English site through gettext: every form in its error state.
ENGLISH_NAMES = [
    "lieux-erreur-en", "stages-erreur-en", "stage-erreur-en", "rappel-erreur-en",
    "suivi-erreur-en", "connexion-erreur-en", "connexion-refusee-en", "rejoindre-erreur-en",
    "signaler-erreur-en", "inscription-erreur-en",
]  # fmt: skip


@pytest.fixture(scope="session")
def cases(web_base_url: str, pro_account: ProAccount) -> dict[str, PageCase]:
    found = {
        c.name: c
        for c in [
            *page_cases(web_base_url, pro_account.references[-1]),
            *english_error_cases(web_base_url),
        ]
    }
    assert sorted(found) == sorted(NAMES + ENGLISH_NAMES)
    return found


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("name", NAMES + ENGLISH_NAMES)
def test_page_has_no_axe_violation_and_sound_structure(
    name: str, theme: str, cases: dict[str, PageCase], tabs: dict[str, Tab]
) -> None:
    case = cases[name]
    tab = tabs[theme]
    open_case(tab, case)
    page = tab.page
    assert page.evaluate("document.documentElement.dataset.theme") == theme
    violations = tab.axe()
    assert violations == [], f"{name} ({theme}):\n{format_violations(violations)}"
    audit: dict[str, Any] = page.evaluate(AUDIT_JS)
    problems = audit_problems(audit)
    assert problems == [], f"{name} ({theme}): {problems}"
    if case.error_state:
        assert page.locator("#resume-erreurs").count() == 1, "no error summary"
        assert page.title().startswith(("Erreur", "Error")), page.title()
        if case.submit:
            focused = wait_for_focus(page, "resume-erreurs")
            assert focused == "resume-erreurs", f"focus on {focused!r} after a failed submit"
        invalid = page.locator("[aria-invalid=true]")
        assert invalid.count() >= 1
        for i in range(invalid.count()):
            described = invalid.nth(i).get_attribute("aria-describedby") or ""
            error_ids = [d for d in described.split() if d.endswith("-erreur")]
            assert error_ids, "invalid field without its error in aria-describedby"
            assert page.locator(f"#{error_ids[0]}").inner_text().strip()
    else:
        assert page.locator("#resume-erreurs").count() == 0, f"{name}: unexpected errors"
    if theme == "default":
        ids = [f["id"] for f in audit["fields"]]
        names = accessible_names(page, ids)
        for field in audit["fields"]:
            assert normalize(names[field["id"]]) == normalize(field["label"]), (
                f"{name}: #{field['id']} is named {names[field['id']]!r}, "
                f"its visible label says {field['label']!r}"
            )
    tab.screenshot(name)
