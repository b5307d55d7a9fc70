"""The accessibility statement says what the suite measures, no more (RGAA 4.1 statement format).

Each test reads the statement as the site serves it, in French and in English, and ties one of
its claims to the suite: the axe-core version and rules, the checked pages (to the page cases the
axe runs visit), the measured results (to the tests that measure them), the small links it admits
(to the ones the target check excuses), and the conformity status (to the audit recorded in
``a11y_tests/RGAA_CHECKLIST.md``).
"""

from __future__ import annotations

import importlib
import json
import re
from html.parser import HTMLParser
from typing import Any

import httpx
import pytest

from a11y_tests.web.checks import INLINE_EXCEPTIONS, INLINE_STATEMENT
from a11y_tests.web.conftest import AXE_TAGS, CHROMIUM, PROJECT, Tab
from a11y_tests.web.test_dashboard_pages import DASHBOARD_NAMES
from a11y_tests.web.test_pages import ENGLISH_NAMES, NAMES

AXE_PACKAGE = PROJECT / "a11y_tests" / "node_modules" / "axe-core" / "package.json"
CHECKLIST = PROJECT / "a11y_tests" / "RGAA_CHECKLIST.md"

#: WCAG 2.2 levels A and AA, as axe-core tags them (2.0, 2.1 and 2.2 success criteria).
WCAG_22_A_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

HEADINGS = {
    "fr": {
        "status": "État de conformité",
        "results": "Résultats des tests",
        "known": "Non-conformités connues",
        "environment": "Environnement de test",
        "pages": "Pages vérifiées",
    },
    "en": {
        "status": "Compliance status",
        "results": "Test results",
        "known": "Known non-compliance",
        "environment": "Test environment",
        "pages": "Pages checked",
    },
}
STATUS_WORDS = {
    "fr": {
        "none": "non conforme",
        "partial": "partiellement conforme",
        "full": "totalement conforme",
    },
    "en": {"none": "not compliant", "partial": "partially compliant", "full": "fully compliant"},
}
FOOTER_STATUS = {"fr": "Accessibilité : {}", "en": "Accessibility: {}"}

#: Each group of "Pages vérifiées", and the page cases of the axe runs it stands for.
PAGE_GROUPS = {
    "Accueil, recherche de lieux et résultats, fiche d'un lieu, signaler une erreur": [
        "accueil", "lieux", "lieux-resultats", "lieux-choix-commune", "lieux-erreur", "lieu",
        "signaler", "signaler-erreur",
    ],
    "Recherche de stages, offre de stage, formulaire de candidature et confirmation de l'envoi": [
        "stages", "stages-resultats", "stages-erreur", "stage", "stage-exemple", "stage-erreur",
        "candidature-envoyee",
    ],
    "Métiers, Mon industrie, fiche métier": [
        "metiers", "metiers-resultats", "mon-industrie", "metier",
    ],
    "Comprendre mes options et un guide": ["comprendre", "comprendre-recherche", "guide"],
    "Être rappelé·e, confirmation de la demande et suivi de la demande": [
        "rappel", "rappel-erreur", "rappel-envoye", "suivi", "suivi-erreur", "suivi-resultat",
    ],
    "Réglages, cette déclaration, connexion à l'espace professionnel, demande d'accès "
    "conseiller, inscription d'un employeur, page introuvable": [
        "reglages", "accessibilite", "connexion", "connexion-erreur", "connexion-refusee",
        "rejoindre", "rejoindre-erreur", "inscription", "inscription-erreur", "introuvable",
    ],
    "Espace professionnel : demandes de rappel, statistiques, offres de stage, fiche de la "
    "structure, équipe, signalements, offres à valider": [
        "pro-rappels", "pro-rappel", "pro-rappel-erreur", "pro-statistiques", "pro-offres",
        "pro-offre-nouvelle", "pro-offre-nouvelle-erreur", "pro-offre", "pro-offre-erreur",
        "pro-equipe", "pro-signalements", "pro-moderation", "pro-structure", "pro-structure-erreur",
    ],
    "En anglais : l'accueil et chaque formulaire en erreur": ["accueil-en", *ENGLISH_NAMES],
}  # fmt: skip

#: Each item of "Résultats des tests" (its first words) and the tests that measure it.
MEASURED = [
    ("0 erreur détectée par l'outil axe-core", [
        "test_pages:test_page_has_no_axe_violation_and_sound_structure",
        "test_dashboard_pages:test_dashboard_pages",
        "test_statement:test_axe_runs_with_exactly_the_wcag_22_a_and_aa_tags",
    ]),
    ("les parcours au clavier seul", []),  # one test a journey: see KEYBOARD_JOURNEYS
    ("à 320 pixels de large, rien ne défile de côté", [
        "test_layout:test_no_horizontal_scroll_at_320px",
        "test_layout:test_nothing_cut_at_200_percent_zoom_with_very_large_text",
        "test_layout:test_text_spacing_loses_nothing",
    ]),
    ("chaque zone cliquable mesure au moins 44 pixels sur 44", [
        "test_pages:test_page_has_no_axe_violation_and_sound_structure",
        "test_layout:test_no_horizontal_scroll_at_320px",
        "test_checks:test_inline_exception_is_only_for_links_in_a_line_of_text",
    ]),
    ("chaque champ a une étiquette visible", [
        "test_pages:test_page_has_no_axe_violation_and_sound_structure",
        "test_dashboard_pages:test_dashboard_pages",
    ]),
]  # fmt: skip
KEYBOARD_JOURNEYS = {
    "trouver un lieu": "test_skip_link_then_find_a_structure_and_open_it",
    "chercher un stage et candidater": "test_search_an_offer_and_apply",
    "demander un rappel et le suivre": "test_ask_to_be_called_back_then_check_the_status",
    "se connecter et clore une demande de rappel": "test_log_in_and_close_a_callback",
}


class Statement(HTMLParser):
    """The headings of ``<main>``, each with the paragraphs and list items under it; the footer."""

    def __init__(self) -> None:
        super().__init__()
        self.sections: dict[str, list[tuple[str, str]]] = {}
        self.footer: list[str] = []
        self.text = ""
        self._where = ""
        self._open: str | None = None
        self._buffer: list[str] = []
        self._heading = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("main", "footer"):
            self._where = tag
        elif tag in ("h1", "h2", "h3", "p", "li") and self._open is None:
            self._open, self._buffer = tag, []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("main", "footer"):
            self._where = ""
        if tag != self._open:
            return
        text = " ".join("".join(self._buffer).split())
        self._open = None
        if self._where == "main":
            self.text += text + "\n"
            if tag.startswith("h"):
                self._heading = text
                self.sections[text] = []
            elif self._heading:
                self.sections[self._heading].append((tag, text))
        elif self._where == "footer" and tag == "li":
            self.footer.append(text)

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            self._buffer.append(data)

    def items(self, heading: str, tag: str = "li") -> list[str]:
        assert heading in self.sections, f"no heading {heading!r}: {list(self.sections)}"
        return [text for t, text in self.sections[heading] if t == tag]


@pytest.fixture(scope="module")
def statements(web_base_url: str) -> dict[str, Statement]:
    read = {}
    for lang in ("fr", "en"):
        response = httpx.get(f"{web_base_url}/accessibilite?lang={lang}", timeout=10)
        assert response.status_code == 200
        assert f'<html lang="{lang}"' in response.text
        read[lang] = Statement()
        read[lang].feed(response.text)
    return read


def test_statement_names_the_installed_axe_core(statements: dict[str, Statement]) -> None:
    version = json.loads(AXE_PACKAGE.read_text(encoding="utf-8"))["version"]
    major_minor = ".".join(version.split(".")[:2])
    for lang, statement in statements.items():
        environment = " ".join(statement.items(HEADINGS[lang]["environment"], "p"))
        assert re.findall(r"axe-core (\d+\.\d+)", environment) == [major_minor], (lang, version)
        assert re.findall(r"axe-core (\d+(?:\.\d+)+)", statement.text) == [major_minor], lang
        assert "Chromium" in environment and "Debian" in environment and "Playwright" in environment
    assert CHROMIUM == "/usr/bin/chromium"  # Debian's package


def test_axe_runs_with_exactly_the_wcag_22_a_and_aa_tags(
    statements: dict[str, Statement], browser: Any, web_base_url: str
) -> None:
    assert AXE_TAGS == WCAG_22_A_AA
    axe_item = statements["fr"].items(HEADINGS["fr"]["results"])[0]
    assert "règles WCAG 2.2 niveaux A et AA" in axe_item
    assert "WCAG 2.2 level A and AA" in statements["en"].items(HEADINGS["en"]["results"])[0]
    tab = Tab(browser, web_base_url)
    try:
        tab.goto("/")
        # What the suite really passes to axe.run: record it, then run as every page does.
        tab.page.evaluate(
            """() => { const run = axe.run.bind(axe); window.axeCalls = [];
                       axe.run = (context, options) => { window.axeCalls.push(options);
                                                         return run(context, options); }; }"""
        )
        assert tab.axe() == []
        calls = tab.page.evaluate("window.axeCalls")
        assert [c["runOnly"] for c in calls] == [{"type": "tag", "values": WCAG_22_A_AA}]
        rules = tab.page.evaluate("(tags) => axe.getRules(tags).map(r => r.ruleId)", AXE_TAGS)
        assert "target-size" in rules  # the WCAG 2.2 AA rule is in the run
    finally:
        tab.close()


def test_checked_pages_are_exactly_the_audited_cases(statements: dict[str, Statement]) -> None:
    listed = statements["fr"].items(HEADINGS["fr"]["pages"])
    assert listed == list(PAGE_GROUPS)
    audited = {*NAMES, *ENGLISH_NAMES, *DASHBOARD_NAMES}
    not_audited = {g: sorted(set(ids) - audited) for g, ids in PAGE_GROUPS.items()}
    assert all(PAGE_GROUPS.values()), "a listed group stands for no audited page"
    assert {g: ids for g, ids in not_audited.items() if ids} == {}
    covered = {name for ids in PAGE_GROUPS.values() for name in ids}
    assert sorted(audited - covered) == [], "audited pages missing from « Pages vérifiées »"
    english = statements["en"].items(HEADINGS["en"]["pages"])
    assert len(english) == len(listed) and not set(english) & set(listed)


def test_measured_results_are_the_suite_s_tests(statements: dict[str, Statement]) -> None:
    items = statements["fr"].items(HEADINGS["fr"]["results"])
    assert len(items) == len(MEASURED), items
    missing = []
    for item, (start, tests) in zip(items, MEASURED, strict=True):
        assert item.startswith(start), (item, start)
        for named in tests:
            module, name = named.split(":")
            if not callable(
                getattr(importlib.import_module(f"a11y_tests.web.{module}"), name, None)
            ):
                missing.append(named)
    journeys = items[1].split(":", 1)[1].strip(" ;").split(", ")
    assert journeys == list(KEYBOARD_JOURNEYS)
    keyboard = importlib.import_module("a11y_tests.web.test_keyboard")
    missing += [n for n in KEYBOARD_JOURNEYS.values() if not callable(getattr(keyboard, n, None))]
    assert missing == []
    assert len(statements["en"].items(HEADINGS["en"]["results"])) == len(items)


def test_known_non_conformities_name_exactly_the_excused_links(
    statements: dict[str, Statement],
) -> None:
    assert set(INLINE_STATEMENT["fr"]) == set(INLINE_STATEMENT["en"]) == set(INLINE_EXCEPTIONS)
    for lang, statement in statements.items():
        small = [i for i in statement.items(HEADINGS[lang]["known"]) if "44" in i]
        assert len(small) == 1, (lang, small)
        for kind, words in INLINE_STATEMENT[lang].items():
            assert words in small[0], (lang, kind, small[0])
    # The results say where the exception is, next to the 44 px claim.
    target_item = statements["fr"].items(HEADINGS["fr"]["results"])[3]
    assert "sauf les liens placés dans une ligne de texte" in target_item


def recorded_audit() -> str:
    """The checklist's "Audit complet : ..." line: ``aucun`` or ``YYYY-MM-DD, NN %``."""
    found = re.findall(r"^Audit complet : (.+)$", CHECKLIST.read_text(encoding="utf-8"), re.M)
    assert len(found) == 1, "RGAA_CHECKLIST.md must hold one « Audit complet : » line"
    return found[0].strip()


def test_conformity_status_follows_the_recorded_audit(statements: dict[str, Statement]) -> None:
    audit = recorded_audit()
    rate = None
    if audit == "aucun":
        level = "none"  # no full audit: the law says « non conforme »
    else:
        parsed = re.fullmatch(r"(\d{4}-\d{2}-\d{2}), (\d{1,3}(?:,\d+)?) %", audit)
        assert parsed, f"« Audit complet : {audit} »: write « aucun » or « 2027-03-15, 87 % »"
        rate = parsed.group(2)
        value = float(rate.replace(",", "."))
        level = "full" if value >= 100 else "partial" if value >= 50 else "none"
    for lang, statement in statements.items():
        words = STATUS_WORDS[lang]
        status = " ".join(statement.items(HEADINGS[lang]["status"], "p"))
        assert words[level] in status, (lang, status)
        assert not [w for k, w in words.items() if k != level and w in status], (lang, status)
        assert FOOTER_STATUS[lang].format(words[level]) in statement.footer, statement.footer
        if rate is not None:
            assert f"{rate} %" in status or f"{rate}%" in status, (lang, status)
