"""Keyboard-only flows (Tab, Shift+Tab, Enter, Space), with the focus visible at every step."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest

from a11y_tests.web.checks import FOCUS_JS, wait_for_focus
from a11y_tests.web.conftest import ProAccount, Tab
from a11y_tests.web.pages import first_offer

pytestmark = pytest.mark.browser

Focus = dict[str, Any]


def focused(tab: Tab) -> Focus:
    info = tab.page.evaluate(FOCUS_JS)
    assert info is not None, "focus lost (on the body)"
    return info


def tab_until(
    tab: Tab, wanted: Callable[[Focus], bool], shift: bool = False, limit: int = 60
) -> Focus:
    """Press Tab (or Shift+Tab) until ``wanted``; every focused element must show its focus."""
    seen = []
    for _ in range(limit):
        tab.page.keyboard.press("Shift+Tab" if shift else "Tab")
        info = focused(tab)
        assert info["outline"] or info["shadow"], f"focus not visible on {info}"
        assert info["inView"], f"focused element out of view: {info}"
        seen.append(info.get("id") or info.get("href") or info.get("text"))
        if wanted(info):
            return info
    raise AssertionError(f"never reached the element; focus went through {seen}")


def by_id(element_id: str) -> Callable[[Focus], bool]:
    return lambda f: f["id"] == element_id


def by_text(start: str) -> Callable[[Focus], bool]:
    return lambda f: f["text"].startswith(start)


def enter_and_wait(tab: Tab, key: str = "Enter") -> None:
    with tab.page.expect_navigation():
        tab.page.keyboard.press(key)


def test_skip_link_then_find_a_structure_and_open_it(tab: Tab) -> None:
    tab.goto("/")
    tab.page.keyboard.press("Tab")
    first = focused(tab)
    assert first["href"] == "#contenu" and first["outline"], first
    tab.page.keyboard.press("Enter")
    assert wait_for_focus(tab.page, "contenu") == "contenu"
    tab_until(tab, by_text("Trouver où aller près de chez moi"))
    enter_and_wait(tab)
    assert tab.page.url.endswith("/lieux")
    tab_until(tab, by_id("commune"))
    tab.page.keyboard.type("Lyon")
    tab_until(tab, by_id("type"))
    tab_until(tab, by_id("commune"), shift=True)  # back, then forward again
    assert tab.page.input_value("#commune") == "Lyon"
    tab_until(tab, lambda f: f["tag"] == "button" and f["text"] == "Chercher")
    enter_and_wait(tab)
    heading = tab.page.locator("#resultats").inner_text()
    assert re.match(r"^\d+ lieux près de Lyon", heading), heading
    first_name = tab.page.locator("ol.resultats li h3 a").first.inner_text()
    tab_until(tab, lambda f: (f["href"] or "").startswith("/lieux/") and f["text"] == first_name)
    enter_and_wait(tab)
    assert first_name.startswith(tab.page.locator("h1").inner_text())
    assert tab.page.locator("main a[href^='tel:']").count() == 1
    assert tab.page.locator("main a[href^='geo:']").count() == 1
    more = tab.page.locator("main a[href*='openstreetmap.org']")
    assert more.count() == 1


def test_search_an_offer_and_apply(tab: Tab) -> None:
    tab.goto("/stages")
    tab_until(tab, by_id("mots"))
    tab.page.keyboard.type("menuiserie")
    tab_until(tab, by_id("commune"))
    tab.page.keyboard.type("Lyon")
    tab_until(tab, by_id("accessible"))
    tab.page.keyboard.press("Space")
    assert tab.page.is_checked("#accessible")
    tab_until(tab, lambda f: f["tag"] == "button")
    enter_and_wait(tab)
    assert re.match(r"^\d+ stages? trouvés?", tab.page.locator("#resultats").inner_text())
    # the first results are example offers (no form): an employer's offer comes after them
    chosen = tab_until(
        tab,
        lambda f: (
            (f["href"] or "").startswith("/stages/") and f["text"].startswith("Stage en menuiserie")
        ),
    )
    enter_and_wait(tab)
    assert chosen["text"].startswith(tab.page.locator("h1").inner_text())
    # Submit empty: the error summary takes the focus and names each field.
    tab_until(tab, lambda f: f["tag"] == "button" and f["text"].startswith("Envoyer"))
    enter_and_wait(tab)
    assert wait_for_focus(tab.page, "resume-erreurs") == "resume-erreurs"
    assert tab.page.title().startswith("Erreur")
    tab_until(tab, lambda f: f["href"] == "#prenom")
    tab.page.keyboard.press("Enter")  # the error's link takes the focus to its field
    assert focused(tab)["id"] == "prenom"
    assert tab.page.get_attribute("#prenom", "aria-invalid") == "true"
    tab.page.keyboard.type("Yanis")
    tab_until(tab, by_id("contact"))
    tab.page.keyboard.type("06 12 34 56 78")
    tab_until(tab, by_id("message"))
    tab.page.keyboard.type("Bonjour, ce stage m'intéresse.")
    tab_until(tab, by_id("consentement"))
    tab.page.keyboard.press("Space")
    tab_until(tab, lambda f: f["tag"] == "button" and f["text"].startswith("Envoyer"))
    enter_and_wait(tab)
    assert tab.page.locator("h1").inner_text() == "Candidature envoyée", tab.page.locator(
        "main"
    ).inner_text()


def test_an_example_offer_has_no_form_and_leads_to_a_callback(tab: Tab) -> None:
    """By keyboard: an example offer says why nobody would read an application, has no form,
    and its link opens the callback form with the internship topic chosen."""
    example = first_offer(tab.base, takes_applications=False)
    tab.goto("/stages?mots=&commune=Lyon")
    tab_until(tab, lambda f: f["href"] == example)
    enter_and_wait(tab)
    main = tab.page.locator("main")
    assert "personne ne lirait votre candidature" in main.inner_text()
    assert main.locator("form[method=post]").count() == 0
    tab_until(tab, by_text("Être rappelé·e par un conseiller"))
    enter_and_wait(tab)
    assert tab.page.url.endswith("/rappel?sujet=stage")
    assert tab.page.locator("#sujet").input_value() == "stage"


def test_ask_to_be_called_back_then_check_the_status(tab: Tab) -> None:
    tab.goto("/rappel")
    tab_until(tab, by_id("prenom"))
    tab.page.keyboard.type("Sami")
    tab_until(tab, by_id("canal-telephone"))
    assert tab.page.is_checked("#canal-telephone")
    tab_until(tab, by_id("contact"))
    tab.page.keyboard.type("07 11 22 33 44")
    tab_until(tab, by_id("age"))
    tab.page.keyboard.type("17")
    tab_until(tab, by_id("commune"))
    tab.page.keyboard.type("Villeurbanne")
    tab_until(tab, by_id("sujet"))
    tab.page.keyboard.press("ArrowDown")
    tab.page.keyboard.press("ArrowDown")
    assert tab.page.input_value("#sujet") != ""
    tab_until(tab, by_id("consentement"))
    tab.page.keyboard.press("Space")
    assert tab.page.is_checked("#consentement")
    tab_until(tab, lambda f: f["tag"] == "button")
    enter_and_wait(tab)
    assert tab.page.locator("h1").inner_text() == "Demande de rappel enregistrée", tab.page.locator(
        "main"
    ).inner_text()
    reference = tab.page.locator("#code-suivi").inner_text().strip()
    assert reference
    tab_until(tab, by_text("Suivre ma demande"))
    enter_and_wait(tab)
    assert "Reçue" in tab.page.locator("[role=status]").inner_text()
    # The status form alone: type the code, press Enter.
    tab.goto("/rappel/suivi")
    tab_until(tab, by_id("reference"))
    tab.page.keyboard.type(reference.lower())
    enter_and_wait(tab)
    assert "Reçue" in tab.page.locator("[role=status]").inner_text()


def test_log_in_and_close_a_callback(tab: Tab, pro_account: ProAccount) -> None:
    tab.goto("/")
    tab_until(tab, by_text("Espace conseillers"))
    enter_and_wait(tab)
    tab_until(tab, by_id("email"))
    tab.page.keyboard.type(pro_account.email)
    tab_until(tab, by_id("mot_de_passe"))
    tab.page.keyboard.type(pro_account.password)
    enter_and_wait(tab)
    assert tab.page.url.endswith("/espace-pro/rappels"), tab.page.url
    reference = pro_account.references[0]
    tab_until(tab, lambda f: (f["href"] or "").endswith(f"/rappels/{reference}"))
    enter_and_wait(tab)
    tab_until(tab, by_id("statut-contacted"))  # Tab enters the radio group on its first option
    tab.page.keyboard.press("ArrowDown")
    tab.page.keyboard.press("ArrowDown")
    assert focused(tab)["id"] == "statut-closed"
    assert tab.page.is_checked("#statut-closed")
    tab_until(tab, by_id("resultat"))
    tab.page.keyboard.press("ArrowDown")
    assert tab.page.input_value("#resultat") != ""
    tab_until(tab, lambda f: f["tag"] == "button" and f["text"] == "Enregistrer")
    enter_and_wait(tab)
    assert "C'est enregistré" in tab.page.locator("[role=status]").inner_text()
    assert "Close" in tab.page.locator("dl.fiche").inner_text()
    # Closed: the form is gone.
    assert tab.page.locator("#statut-closed").count() == 0


@pytest.mark.parametrize(
    ("path", "prefix"),
    [
        ("/lieux?commune=Lyon", "/lieux/"),
        ("/stages?mots=&commune=Lyon", "/stages/"),
        ("/metiers?mots=soudeur", "/metiers/"),
    ],
)
def test_after_a_search_the_count_is_heard_and_the_first_result_is_near(
    tab: Tab, path: str, prefix: str
) -> None:
    """A screen-reader user hears the count (page title and the focused results heading, no
    JavaScript needed) and reaches the first result in at most 3 Tab presses."""
    tab.goto(path)
    heading = tab.page.locator("#resultats").inner_text()
    assert re.match(r"^\d+ ", heading) and tab.page.title().startswith(heading.split()[0])
    assert tab.page.evaluate("document.activeElement.id") == "resultats"
    for _press in range(3):
        tab.page.keyboard.press("Tab")
        if (focused(tab)["href"] or "").startswith(prefix):
            break
    else:
        raise AssertionError(f"first result not reached in 3 Tab presses on {path}")


def test_each_place_in_the_results_has_its_phone_as_a_tel_link(tab: Tab) -> None:
    tab.goto("/lieux?commune=Lyon")
    items = tab.page.locator("ol.resultats > li")
    with_tel = tab.page.locator('ol.resultats > li a[href^="tel:"]')
    assert items.count() >= 5 and with_tel.count() >= 1
    own = tab.page.locator('ol.resultats > li a[href^="tel:"]', has_text="Appeler le ")
    first = own.first
    assert re.fullmatch(r"tel:\+?\d{6,}", first.get_attribute("href") or "")
    # A place without a number of its own (a France Travail agency) gives the national one.
    network = tab.page.locator(
        'ol.resultats > li a[href^="tel:"]', has_text="Appeler France Travail au 39 49"
    )
    assert network.count() >= 1 and network.first.get_attribute("href") == "tel:3949"
