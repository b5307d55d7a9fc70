"""The in-page checks themselves: the 44x44 target check excuses only links in a line of text."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from a11y_tests.web.checks import AUDIT_JS
from a11y_tests.web.conftest import Tab

pytestmark = pytest.mark.browser

#: Small links (the line height of 16 px text): which ones WCAG 2.5.5 / 2.5.8 "inline" excuses.
SNIPPETS = {
    # In a sentence (a paragraph, a list item with other words, a definition): excused.
    "phrase": "<p>Lisez {a:la notice} avant de commencer.</p>",
    "fin-de-phrase": "<p>Le guide est sur {a:le site du CIO}</p>",
    "element-de-liste": "<ul><li>Voir {a:le guide} du CIO</li></ul>",
    "definition": "<dl><dt>Lieu</dt><dd>Lyon — {a:itinéraire}</dd></dl>",
    "dans-un-strong": "<p><strong>Important : {a:la date}</strong></p>",
    # Not in a sentence: a target like any other.
    "seul-dans-la-liste": "<ul><li>{a:Le guide du CIO}</li></ul>",
    "seul-dans-le-paragraphe": "<p>{a:Le guide}</p>",
    "titre": "<h3>Résultat : {a:Mission locale}</h3>",
    "div": "<div>Voir {a:le guide}</div>",
    "entre-liens": '<p>{a:Un} · <a href="#autre" id="autre">Deux</a></p>',
    "texte-sur-une-autre-ligne": "<p>Confiée à :<br>{a:CIO}</p>",
    "bouton": '<p>Envoyer <button type="button" id="bouton">ok</button> maintenant.</p>',
}
EXCUSED = {"phrase", "fin-de-phrase", "element-de-liste", "definition", "dans-un-strong"}


def html(name: str) -> str:
    """The snippet, its link written ``{a:text}`` given the snippet's name as href and id."""
    return re.sub(r"\{a:([^}]*)\}", rf'<a href="#{name}" id="{name}">\1</a>', SNIPPETS[name])


@pytest.fixture()
def blank(browser: Any, web_base_url: str) -> Iterator[Tab]:
    tab = Tab(browser, web_base_url, viewport={"width": 600, "height": 800})
    yield tab
    tab.close()


def test_inline_exception_is_only_for_links_in_a_line_of_text(blank: Tab) -> None:
    blank.page.set_content(
        "<!doctype html><html lang='fr'><body style='font: 16px/1.2 sans-serif'>"
        + "".join(html(name) for name in SNIPPETS)
        + "</body></html>"
    )
    audit = blank.page.evaluate(AUDIT_JS)
    assert {link["href"].lstrip("#") for link in audit["inlineLinks"]} == EXCUSED
    flagged = {t.split(" ", 1)[0].split("#", 1)[1] for t in audit["smallTargets"]}
    assert flagged == (set(SNIPPETS) - EXCUSED) | {"autre"}


def test_a_link_wrapped_over_two_lines_is_measured_line_by_line(blank: Tab) -> None:
    """Its bounding box can be 44 px high; each of its boxes, one a line, is a 20 px target."""
    blank.page.set_content(
        "<!doctype html><html lang='fr'><body style='font: 16px/1.25 sans-serif; width: 9em'>"
        '<ul><li><a href="#long">Centre information jeunesse de Lyon</a></li></ul>'
        "</body></html>"
    )
    box = blank.page.locator("a").bounding_box()
    assert box is not None and box["height"] >= 44  # the old check passed it
    audit = blank.page.evaluate(AUDIT_JS)
    assert [t for t in audit["smallTargets"] if "Centre information" in t], audit["smallTargets"]
