"""The pages the browser suite visits: every page, and every form in its error state.

``page_cases`` lists the public pages (French; the home page also in English),
``english_error_cases`` the forms in their error state on the English site (gettext), and
``dashboard_cases`` the professional area (after ``log_in``). ``open_case`` and
``open_dashboard_case`` bring a tab to the state a case describes (a form sent when it must be).
The axe runs (``test_pages.py``, ``test_dashboard_pages.py``), the layout runs (``test_layout.py``)
and the accessibility statement check (``test_statement.py``) share these lists.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

import httpx

if TYPE_CHECKING:
    from a11y_tests.web.conftest import ProAccount, Tab

#: A field to fill before sending a form: (CSS selector, text to type, or True to tick it).
Fill = tuple[tuple[str, str | bool], ...]

SUBMIT = "main form[method=post]:not(.deconnexion) button[type=submit]"

CALLBACK_FILLED: Fill = (
    ("#prenom", "Sami"),
    ("#canal-telephone", True),
    ("#contact", "06 12 34 56 78"),
    ("#age", "17"),
    ("#commune", "Villeurbanne"),
    ("#sujet", "stage"),
    ("#consentement", True),
)
APPLICATION_FILLED: Fill = (
    ("#prenom", "Sami"),
    ("#contact", "sami@example.org"),
    ("#consentement", True),
)
#: An address no account has: the answer is the same as for a wrong password, and no account
#: gets locked by the repeated attempts.
WRONG_LOGIN: Fill = (("#email", "personne@example.org"), ("#mot_de_passe", "pas-le-bon"))


@dataclass(frozen=True)
class PageCase:
    name: str
    path: str
    #: Send the page's main form (after filling ``fill``: empty when nothing is filled).
    submit: bool = False
    #: Expected to show an error summary.
    error_state: bool = False
    fill: Fill = ()
    lang: str = "fr"


def first_link(base: str, path: str, prefix: str) -> str:
    html = httpx.get(base + path, timeout=10).text
    found = re.search(rf'href="({re.escape(prefix)}[^"#?]+)"', html)
    if not found:
        raise AssertionError(f"no link starting with {prefix} on {path}")
    return found.group(1)


def first_offer(base: str, takes_applications: bool) -> str:
    """The first offer listed near Lyon that has the application form (an offer an employer
    published), or that has none (an example offer)."""
    html = httpx.get(base + "/stages?mots=&commune=Lyon", timeout=10).text
    for path in dict.fromkeys(re.findall(r'href="(/stages/\d+)"', html)):
        page = httpx.get(base + path, timeout=10).text
        if (f'action="{path}"' in page) == takes_applications:
            return path
    raise AssertionError(f"no offer near Lyon with takes_applications={takes_applications}")


def page_cases(base: str, reference: str | None = None) -> list[PageCase]:
    """The public pages; ``reference`` (an existing callback request) adds its status page."""
    structure = first_link(base, "/lieux?commune=Lyon", "/lieux/")
    offer = first_offer(base, takes_applications=True)
    example_offer = first_offer(base, takes_applications=False)
    career = first_link(base, "/metiers/industrie", "/metiers/")
    guide = first_link(base, "/comprendre", "/comprendre/")
    cases = [
        PageCase("accueil", "/"),
        PageCase("lieux", "/lieux"),
        PageCase("lieux-resultats", "/lieux?commune=Lyon"),
        PageCase("lieux-choix-commune", "/lieux?commune=Valence"),
        PageCase("lieux-erreur", "/lieux?commune=", error_state=True),
        PageCase("lieu", structure),
        PageCase("stages", "/stages"),
        PageCase("stages-resultats", "/stages?mots=&commune=Lyon"),
        PageCase("stages-erreur", "/stages?mots=&commune=Zzyqxw", error_state=True),
        PageCase("stage", offer),
        PageCase("stage-exemple", example_offer),
        PageCase("stage-erreur", offer, submit=True, error_state=True),
        PageCase("candidature-envoyee", offer, submit=True, fill=APPLICATION_FILLED),
        PageCase("metiers", "/metiers"),
        PageCase("metiers-resultats", "/metiers?mots=soudage"),
        PageCase("mon-industrie", "/metiers/industrie"),
        PageCase("metier", career),
        PageCase("comprendre", "/comprendre"),
        PageCase("comprendre-recherche", "/comprendre?mots=apprentissage"),
        PageCase("guide", guide),
        PageCase("rappel", "/rappel"),
        PageCase("rappel-erreur", "/rappel", submit=True, error_state=True),
        PageCase("rappel-envoye", "/rappel", submit=True, fill=CALLBACK_FILLED),
        PageCase("suivi", "/rappel/suivi"),
        PageCase("suivi-erreur", "/rappel/suivi?reference=%3F", error_state=True),
        PageCase("accessibilite", "/accessibilite"),
        PageCase("reglages", "/reglages"),
        PageCase("connexion", "/espace-pro/connexion"),
        PageCase("connexion-erreur", "/espace-pro/connexion", submit=True, error_state=True),
        PageCase(
            "connexion-refusee",
            "/espace-pro/connexion",
            submit=True,
            error_state=True,
            fill=WRONG_LOGIN,
        ),
        PageCase("signaler", "/signaler?lieu=1"),
        PageCase("signaler-erreur", "/signaler?lieu=1", submit=True, error_state=True),
        PageCase("inscription", "/espace-pro/inscription"),
        PageCase("inscription-erreur", "/espace-pro/inscription", submit=True, error_state=True),
        PageCase("rejoindre", "/espace-pro/rejoindre?structure=1"),
        PageCase("rejoindre-erreur", "/espace-pro/rejoindre", submit=True, error_state=True),
        PageCase("introuvable", "/lieux/999999"),
        PageCase("accueil-en", "/", lang="en"),
    ]
    if reference is not None:
        cases.append(PageCase("suivi-resultat", f"/rappel/suivi?reference={reference}"))
    return cases


def english_error_cases(base: str) -> list[PageCase]:
    """Every form of the public site in its error state, in English (``<name>-en``)."""
    return [
        PageCase(f"{c.name}-en", c.path, c.submit, c.error_state, c.fill, lang="en")
        for c in page_cases(base)
        if c.error_state
    ]


def _fill(tab: Tab, fill: Fill) -> None:
    for selector, value in fill:
        field = tab.page.locator(selector)
        if value is True:
            field.check()
        elif field.evaluate("e => e.tagName") == "SELECT":
            field.select_option(str(value))
        else:
            field.fill(str(value))


def open_case(tab: Tab, case: PageCase) -> None:
    """Load the page in the case's language, then send its form when the case says so."""
    tab.goto(case.path + ("&" if "?" in case.path else "?") + f"lang={case.lang}")
    if case.submit:
        _fill(tab, case.fill)
        with tab.page.expect_navigation():
            tab.page.locator(SUBMIT).first.click()
    lang = tab.page.evaluate("document.documentElement.lang")
    assert lang == case.lang, f"{case.name}: the page is in {lang!r}, not {case.lang!r}"


@dataclass(frozen=True)
class DashboardCase:
    name: str
    path: str
    #: Fields to fill, then the page's form is sent (to reach its error state); None: just load.
    fill: Fill | None = None


def dashboard_cases(account: ProAccount) -> list[DashboardCase]:
    callback = f"/espace-pro/rappels/{account.references[-1]}"
    offer = f"/espace-pro/offres/{account.offer_id}"
    return [
        DashboardCase("pro-rappels", "/espace-pro/rappels"),
        DashboardCase("pro-rappel", callback),
        DashboardCase("pro-rappel-erreur", callback, ()),
        DashboardCase("pro-statistiques", "/espace-pro/statistiques"),
        DashboardCase("pro-offres", "/espace-pro/offres"),
        DashboardCase("pro-offre-nouvelle", "/espace-pro/offres/nouvelle"),
        DashboardCase("pro-offre-nouvelle-erreur", "/espace-pro/offres/nouvelle", ()),
        DashboardCase("pro-offre", offer),
        # The offer is not changed: an empty title is refused before anything is saved.
        DashboardCase("pro-offre-erreur", offer, (("#titre", ""),)),
        DashboardCase("pro-equipe", "/espace-pro/equipe"),
        DashboardCase("pro-signalements", "/espace-pro/signalements"),
        DashboardCase("pro-moderation", "/espace-pro/moderation"),
        DashboardCase("pro-structure", "/espace-pro/structure"),
        DashboardCase("pro-structure-erreur", "/espace-pro/structure", (("#telephone", "12"),)),
    ]


def log_in(tab: Tab, account: ProAccount) -> None:
    tab.goto("/espace-pro/connexion?lang=fr")
    tab.page.fill("#email", account.email)
    tab.page.fill("#mot_de_passe", account.password)
    with tab.page.expect_navigation():
        tab.page.click("main form button[type=submit]")
    assert tab.page.url.endswith("/espace-pro/rappels"), tab.page.url


def open_dashboard_case(tab: Tab, case: DashboardCase) -> None:
    """Load the page (the tab is logged in); send its form when the case fills one."""
    tab.goto(case.path)
    if case.fill is not None:
        _fill(tab, case.fill)
        # the form that holds the first filled field (a page can have several forms)
        button = SUBMIT
        if case.fill:
            button = f"main form[method=post]:has({case.fill[0][0]}) button[type=submit]"
        with tab.page.expect_navigation():
            tab.page.locator(button).first.click()
