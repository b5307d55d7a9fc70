"""Every page answers, in French and English, with sound structure and under 100 kB."""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

import pytest
from fastapi.testclient import TestClient

from tests.web.csrf import form_token, offer_taking_applications
from tests.web.html_checks import clean, parse

PUBLIC = [
    "/",
    "/lieux",
    "/lieux?commune=Lyon",
    "/lieux?commune=Valence",
    "/stages",
    "/stages?mots=&commune=Lyon",
    "/metiers",
    "/metiers?mots=soudage",
    "/metiers/industrie",
    "/metiers/H2913",
    "/comprendre",
    "/comprendre?mots=apprentissage",
    "/comprendre/cio",
    "/rappel",
    "/rappel/suivi",
    "/accessibilite",
    "/reglages",
    "/espace-pro/connexion",
]
ERRORS = ["/lieux?commune=", "/stages?mots=&commune=Zzyqxw", "/rappel/suivi?reference=%3F"]


def first_link(client: TestClient, path: str, prefix: str) -> str:
    found = re.search(rf'href="({re.escape(prefix)}\d+)"', client.get(path).text)
    assert found, path
    return found.group(1)


@pytest.fixture()
def all_pages(client: TestClient) -> list[str]:
    return [
        *PUBLIC,
        first_link(client, "/lieux?commune=Lyon", "/lieux/"),
        first_link(client, "/stages?mots=&commune=Lyon", "/stages/"),
    ]


def test_pages_answer_with_sound_structure(client: TestClient, all_pages: list[str]) -> None:
    titles: dict[str, str] = {}
    for path in all_pages:
        response = client.get(path)
        assert response.status_code == 200, path
        assert response.headers["content-type"].startswith("text/html")
        page = parse(response.text)
        html = page.all("html")[0]
        assert html.attrs["lang"] == "fr", path
        assert len(page.all("h1")) == 1, path
        assert len(page.all("main")) == 1 and page.all("main")[0].attrs["id"] == "contenu"
        assert page.all("a")[0].attrs["href"] == "#contenu", f"{path}: skip link first"
        assert page.all("header") and page.all("nav") and page.all("footer"), path
        ids = [e.attrs["id"] for e in page.elements if "id" in e.attrs]
        assert len(ids) == len(set(ids)), f"{path}: duplicate ids"
        for field in page.elements:
            if field.tag in ("input", "select", "textarea") and field.attrs.get("type") != "hidden":
                labels = [
                    lab for lab in page.all("label") if lab.attrs.get("for") == field.attrs["id"]
                ]
                assert len(labels) == 1 and clean(labels[0].text), f"{path}: #{field.attrs['id']}"
        assert 'style="' not in response.text, f"{path}: inline style (CSP forbids it)"
        assert "<script>" not in response.text and "onclick" not in response.text, path
        titles[path] = clean(page.all("title")[0].text)
    duplicates = {t for t in titles.values() if list(titles.values()).count(t) > 1}
    # The search form and its results share a title only if the results are empty.
    assert not duplicates, {p: t for p, t in titles.items() if t in duplicates}


def test_each_page_weighs_under_100_kb_with_no_external_resource(
    client: TestClient, all_pages: list[str]
) -> None:
    css = client.get("/static/site.css")
    js = client.get("/static/lieux.js")
    assert css.status_code == js.status_code == 200
    assert "@import" not in css.text and "@font-face" not in css.text and "url(" not in css.text
    # The longest page there is: 200 results (the most "Voir plus" gives), Paris being the densest.
    for path in [*all_pages, "/lieux?commune=Paris&nombre=500", "/metiers/industrie"]:
        html = client.get(path).text
        assets = re.findall(r'(?:href|src)="(/static/[^"]+)"', html)
        weight = len(html.encode()) + sum(len(client.get(a).content) for a in assets)
        assert weight < 100_000, f"{path}: {weight} bytes"
        assert not re.search(r'<(?:link|script)[^>]+(?:href|src)="(?:https?:)?//', html), path


def test_error_states_link_each_error_to_its_field(client: TestClient) -> None:
    for path in ERRORS:
        response = client.get(path)
        assert response.status_code == 422, path
        page = parse(response.text)
        assert clean(page.all("title")[0].text).startswith("Erreur : ")
        summary = page.by_id("resume-erreurs")
        assert summary is not None and summary.attrs["role"] == "alert"
        assert "autofocus" in summary.attrs and summary.attrs["tabindex"] == "-1"
        invalid = [e for e in page.elements if e.attrs.get("aria-invalid") == "true"]
        assert invalid, path
        for field in invalid:
            error = page.by_id(f"{field.attrs['id']}-erreur")
            assert (
                error is not None
                and f"{field.attrs['id']}-erreur" in field.attrs["aria-describedby"].split()
            )
            assert clean(error.text).startswith("! Erreur :")
        links = [a.attrs["href"] for a in page.all("a") if a.attrs.get("href", "").startswith("#")]
        assert all(f"#{f.attrs['id']}" in links for f in invalid), path


def test_callback_form_errors_then_success_then_status(client: TestClient) -> None:
    response = client.post(
        "/rappel", data={"canal": "telephone", "csrf_token": form_token(client, "/rappel")}
    )
    assert response.status_code == 422
    page = parse(response.text)
    invalid = {e.attrs["id"] for e in page.elements if e.attrs.get("aria-invalid") == "true"}
    assert invalid == {"prenom", "contact", "age", "commune", "sujet", "consentement"}
    # The values typed are kept.
    response = client.post(
        "/rappel",
        data={"prenom": "Sami", "canal": "telephone", "contact": "sami@example.org", "age": "17",
              "commune": "Lyon", "sujet": "stage", "csrf_token": client.cookies["ta_csrf"]},
    )  # fmt: skip
    page = parse(response.text)
    assert page.by_id("prenom").attrs["value"] == "Sami"  # type: ignore[union-attr]
    assert {e.attrs["id"] for e in page.elements if e.attrs.get("aria-invalid")} == {
        "contact",
        "consentement",
    }
    response = client.post(
        "/rappel",
        data={"prenom": "Sami", "canal": "telephone", "contact": "06 12 34 56 78", "age": "17",
              "commune": "Lyon", "sujet": "stage", "consentement": "oui", "moment": "matin", "csrf_token": client.cookies["ta_csrf"]},
    )  # fmt: skip
    assert response.status_code == 200, response.text
    reference = clean(parse(response.text).by_id("code-suivi").text)  # type: ignore[union-attr]
    status = client.get("/rappel/suivi", params={"reference": reference.lower()})
    assert status.status_code == 200
    assert "Reçue" in status.text
    unknown = client.get("/rappel/suivi", params={"reference": "ZZZZ-ZZZZ"})
    assert unknown.status_code == 422 and "Aucune demande ne porte ce code" in unknown.text


def test_apply_to_an_offer(client: TestClient) -> None:
    offer = offer_taking_applications(client)
    response = client.post(offer, data={"csrf_token": form_token(client, offer)})
    assert response.status_code == 422
    response = client.post(
        offer,
        data={"prenom": "Yanis", "contact": "yanis@example.org", "message": "Bonjour",
              "consentement": "oui", "csrf_token": client.cookies["ta_csrf"]},
    )  # fmt: skip
    assert response.status_code == 200 and "Candidature envoyée" in response.text


def test_structure_results_count_nearest_first_and_see_more(client: TestClient) -> None:
    page = parse(client.get("/lieux", params={"commune": "Lyon"}).text)
    heading = clean(page.by_id("resultats").text)  # type: ignore[union-attr]
    total = int(heading.split()[0])
    assert heading.endswith("près de Lyon (Rhône)") and total > 10
    items = [e for e in page.all("li") if e.attrs.get("id", "").startswith("lieu-")]
    assert len(items) == 10
    distances = [clean(p.text) for p in page.all("p") if p.attrs.get("class") == "distance"]
    assert all(d.startswith(("à ", "ici", "dans la commune de ")) for d in distances)

    def metres(text: str) -> float:
        number = float(re.search(r"[\d,]+", text).group().replace(",", "."))  # type: ignore[union-attr]
        return number * (1000 if "kilomètre" in text else 1)

    values = [metres(d) if d.startswith("à ") else 0 for d in distances]
    # "à environ 1 kilomètre" (a commune centre, rounded) may come before "à 900 mètres".
    assert all(b >= a - 500 for a, b in zip(values, values[1:], strict=False))
    more = [a for a in page.all("a") if clean(a.text) == "Voir plus de lieux"]
    assert more and more[0].attrs["href"].endswith("nombre=20#lieu-11")
    second = parse(client.get(more[0].attrs["href"].split("#")[0]).text)
    assert second.by_id("lieu-11") is not None


def test_structure_detail_has_contact_route_source_and_guides(client: TestClient) -> None:
    from sqlalchemy import select

    from backend.guides import guides_for_kind
    from backend.models import Structure

    with client.app.state.session_factory() as session:  # type: ignore[attr-defined]
        structure_id = session.scalar(
            select(Structure.id).where(Structure.external_id == "web-tests:structure-0")
        )
        precision = session.get(Structure, structure_id).coord_precision  # type: ignore[union-attr]
    html = client.get(f"/lieux/{structure_id}").text
    assert 'href="tel:' in html
    if precision == "commune":  # the centre of the commune is not the door: search the address
        assert 'href="geo:0,0?q=' in html and "openstreetmap.org/search?query=" in html
        assert "openstreetmap.org/directions" not in html
    else:
        assert 'href="geo:' in html and "openstreetmap.org/directions" in html
    assert "Source : " in html and "Accessibilité du bâtiment" in html
    guide = guides_for_kind("mission_locale")[0]
    assert f'href="/comprendre/{guide.slug}"' in html


def test_example_offers_are_labelled(client: TestClient) -> None:
    html = client.get("/stages", params={"mots": "boulangerie", "commune": ""}).text
    assert "Exemple d&#39;offre" in html or "Exemple d'offre" in html
    html = client.get("/stages", params={"mots": "Menuiserie des Pentes", "commune": ""}).text
    assert "Stage en menuiserie" in html and "Exemple d" not in html


def test_position_button_only_with_javascript(client: TestClient) -> None:
    page = parse(client.get("/lieux").text)
    button = page.by_id("ma-position")
    assert button is not None
    wrapper = next(e for e in page.all("p") if "js-seulement" in e.attrs.get("class", ""))
    assert "hidden" in wrapper.attrs
    assert any(s.attrs.get("src") == "/static/lieux.js" for s in page.all("script"))


def test_guides_section_lists_every_guide(client: TestClient) -> None:
    from backend.guides import list_guides

    html = client.get("/comprendre").text
    for guide in list_guides():
        assert f'href="/comprendre/{guide.slug}"' in html
    page = client.get("/comprendre/cio").text
    assert "<h1" in page and "<h2>Sources</h2>" in page
    assert "(lue le 03/12/2026)" in page and "Guide vérifié le 03/12/2026." in page
    assert client.get("/comprendre/nexiste-pas").status_code == 404


def test_unknown_or_malformed_ids_are_html_404(client: TestClient) -> None:
    for path in ("/lieux/abc", "/lieux/99999999999999999999", "/stages/0", "/metiers/ZZZZZ"):
        response = client.get(path)
        assert response.status_code == 404, path
        assert response.headers["content-type"].startswith("text/html")
        assert "Page introuvable" in response.text


def test_what_people_type_is_escaped(client: TestClient) -> None:
    attack = '<script>alert(1)</script>"><img src=x>'
    for path, params in (("/metiers", {"mots": attack}), ("/lieux", {"commune": attack})):
        html = client.get(path, params=params).text
        assert "<script>alert" not in html and "<img src=x>" not in html, path
        assert "&lt;script&gt;" in html, path


def test_relevant_pages_link_their_guides(client: TestClient) -> None:
    from backend.guides import list_guides

    for path, topic in (
        ("/stages", "stages"),
        ("/rappel", "accompagnement"),
        ("/metiers", "apprentissage"),
    ):
        html = client.get(path).text
        assert 'id="guides-utiles"' in html, path
        assert f'href="/comprendre/{list_guides(topic=topic)[0].slug}"' in html, path


@dataclass
class Link:
    href: str
    classes: list[str]
    #: The classes of the elements it is in.
    around: list[str]


class Tree(HTMLParser):
    """The links and lists of ``<main>``, each link with the classes of what it is in."""

    VOID = {"input", "br", "meta", "link", "img", "hr"}

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[tuple[str, dict[str, str]]] = []
        self.links: list[Link] = []
        self.lists: list[dict[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if any(t == "main" for t, _ in self.stack):
            around = [c for _, a in self.stack for c in a.get("class", "").split()]
            if tag == "a":
                self.links.append(
                    Link(values.get("href", ""), values.get("class", "").split(), around)
                )
            if tag == "ul":
                self.lists.append(values)
        if tag not in self.VOID:
            self.stack.append((tag, values))

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                break


def css_rule(css: str, selector: str) -> str:
    found = re.search(rf"^{re.escape(selector)}\s*\{{([^}}]*)\}}", css, re.M)
    assert found, selector
    return found.group(1)


def test_home_has_at_most_four_big_choices(client: TestClient) -> None:
    """Issue 5: "Home with at most four big choices"; the guides link is a secondary link."""
    counted = {"fr": {4: "quatre", 3: "trois", 2: "deux"}, "en": {4: "four", 3: "three", 2: "two"}}
    for lang in ("fr", "en"):
        tree = Tree()
        tree.feed(client.get(f"/?lang={lang}").text)
        big = [a for a in tree.links if "grand-choix" in a.classes]
        assert 1 <= len(big) <= 4, big
        assert all("choix" in a.around for a in big)
        choices = [u for u in tree.lists if "choix" in u.get("class", "").split()]
        assert len(choices) == 1 and counted[lang][len(big)] in choices[0]["aria-label"]
        others = [a for a in tree.links if a not in big]
        assert not [a for a in others if "choix" in a.around], "a small link among the choices"
        guides = [a for a in others if a.href == "/comprendre"]
        assert len(guides) == 1, others
        assert guides[0].classes == ["lien-bloc"]  # the secondary link style, not a card
    css = client.get("/static/site.css").text
    card, secondary = css_rule(css, ".grand-choix"), css_rule(css, ".lien-bloc")
    assert "border:" in card and "padding:" in card and "background:" in card
    assert not re.search(r"\b(border|padding|background|font-size)\b", secondary), secondary
    assert "font-size: 1.3rem" in css_rule(css, ".choix-titre")  # the choices read bigger
