"""The pages the browser suite visits: every page, and every form in its error state."""

from __future__ import annotations

import re
from dataclasses import dataclass

import httpx


@dataclass(frozen=True)
class PageCase:
    name: str
    path: str
    #: Submit the page's form empty first (to reach its error state).
    submit_empty: bool = False
    #: Expected to show an error summary.
    error_state: bool = False


def first_link(base: str, path: str, prefix: str) -> str:
    html = httpx.get(base + path, timeout=10).text
    found = re.search(rf'href="({re.escape(prefix)}[^"#?]+)"', html)
    if not found:
        raise AssertionError(f"no link starting with {prefix} on {path}")
    return found.group(1)


def page_cases(base: str) -> list[PageCase]:
    structure = first_link(base, "/lieux?commune=Lyon", "/lieux/")
    offer = first_link(base, "/stages?mots=&commune=Lyon", "/stages/")
    career = first_link(base, "/metiers/industrie", "/metiers/")
    guide = first_link(base, "/comprendre", "/comprendre/")
    return [
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
        PageCase("stage-erreur", offer, submit_empty=True, error_state=True),
        PageCase("metiers", "/metiers"),
        PageCase("metiers-resultats", "/metiers?mots=soudage"),
        PageCase("mon-industrie", "/metiers/industrie"),
        PageCase("metier", career),
        PageCase("comprendre", "/comprendre"),
        PageCase("comprendre-recherche", "/comprendre?mots=apprentissage"),
        PageCase("guide", guide),
        PageCase("rappel", "/rappel"),
        PageCase("rappel-erreur", "/rappel", submit_empty=True, error_state=True),
        PageCase("suivi", "/rappel/suivi"),
        PageCase("suivi-erreur", "/rappel/suivi?reference=%3F", error_state=True),
        PageCase("accessibilite", "/accessibilite"),
        PageCase("reglages", "/reglages"),
        PageCase("connexion", "/espace-pro/connexion"),
        PageCase("connexion-erreur", "/espace-pro/connexion", submit_empty=True, error_state=True),
        PageCase("introuvable", "/lieux/999999"),
        PageCase("accueil-en", "/?lang=en"),
    ]
