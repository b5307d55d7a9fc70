"""One folding function, one Markdown parse, one guide ranking: the surfaces agree."""

from __future__ import annotations

import pytest

from geodata.text import fold, fold_place


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("L’Haÿ-les-Roses", "l hay les roses"),
        ("ÉCOLE de la 2ᵉ Chance !", "ecole de la 2e chance"),
        ("Œuvre d’art", "oeuvre d art"),
        ("Cæsar", "caesar"),
        ("Straße", "strasse"),
        ("Ly\u200bon", "lyon"),  # a zero-width space pasted inside a word
        ("\ufeffMission   locale\t— Lyon 3e", "mission locale lyon 3e"),
        ("Qui peut m'aider ? 🙂", "qui peut m aider"),
        ("   ", ""),
    ],
)
def test_fold_tricky_strings(text: str, folded: str) -> None:
    assert fold(text) == folded


def test_place_folding_is_built_on_the_one_fold() -> None:
    assert fold_place("St-Étienne") == "saint etienne"
    assert fold("St-Étienne") == "st etienne"  # only places expand St
    assert fold_place("Ste-Foy-lès-Lyon") == "sainte foy les lyon"


def test_every_surface_folds_the_same_way() -> None:
    from backend.guides import tokenize
    from mobile.guide_content import is_helpers_heading
    from voice.understanding import normalize

    assert normalize("L’École de la Deuxième Chance") == fold("L’École de la 2e Chance").replace(
        "2e", "deuxieme"
    )
    assert is_helpers_heading("QUI PEUT M’AIDER ?")
    assert tokenize("Aménagements d’EXAMENS") == ["amenagement", "examen"]


UNSAFE = (
    "## Titre <b>gras</b>\n\n"
    "Un texte <script>alert(1)</script> et [un lien](javascript:alert(1)).\n\n"
    "- [Service public](https://www.service-public.fr/) **important**\n"
    "- <img src=x onerror=alert(1)>\n"
)


def test_raw_html_in_a_guide_is_text_on_every_surface() -> None:
    from backend.guides import render_markdown
    from mobile.guide_content import markdown_blocks
    from voice.dialogue import guide_sentences

    html = render_markdown(UNSAFE)
    assert "<script" not in html and "<img" not in html and "<b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "javascript:" not in html
    assert '<a href="https://www.service-public.fr/">Service public</a>' in html
    assert "<strong>important</strong>" in html
    assert html.startswith("<h2>Titre &lt;b&gt;gras&lt;/b&gt;</h2>")
    shown = [b.text for b in markdown_blocks(UNSAFE)]
    assert shown[1] == "Un texte <script>alert(1)</script> et un lien."  # text, never run
    assert "javascript" not in " ".join(guide_sentences(UNSAFE))


def test_the_web_the_voice_and_the_app_read_the_same_blocks() -> None:
    from backend.guides import load_guides, render_markdown
    from mobile.guide_content import markdown_blocks
    from totalacces.guide_markdown import parse
    from voice.dialogue import _heard, guide_sentences

    for guide in load_guides():
        blocks = parse(guide.body_markdown)
        app = markdown_blocks(guide.body_markdown)
        assert [b.kind for b in app] == [b.kind for b in blocks], guide.slug
        assert all(a.spoken.endswith(b.text) for a, b in zip(app, blocks, strict=True))
        heard = " ".join(_heard(b.text) for b in blocks)
        assert " ".join(guide_sentences(guide.body_markdown)) == heard, guide.slug
        html = render_markdown(guide.body_markdown)
        assert html.count("<li>") == sum(b.kind == "item" for b in blocks), guide.slug
        assert html.count("<h2>") == sum(b.kind == "heading" for b in blocks), guide.slug


def test_the_api_says_how_it_ranked_the_guides() -> None:
    from fastapi import FastAPI
    from fastapi.testclient import TestClient

    from backend.api.guides import router

    app = FastAPI()
    app.include_router(router)
    with TestClient(app) as client:
        plain = client.get("/api/v1/guides", params={"q": "l'apprentissage"}).json()["items"]
        asked = client.get(
            "/api/v1/guides", params={"q": "l'apprentissage", "definition": "true"}
        ).json()["items"]
        listed = client.get("/api/v1/guides").json()["items"]
    scores = [i["score"] for i in plain]
    assert scores == sorted(scores, reverse=True)
    assert [i["best"] for i in plain] == [s == scores[0] for s in scores]
    assert sum(i["best"] for i in plain) >= 2  # several guides have these words as well
    assert [i["slug"] for i in asked if i["best"]] == ["apprentissage"]  # "C'est quoi ... ?"
    assert asked[0]["named"] and asked[0]["in_title"]
    assert "score" not in listed[0]  # no question, no ranking
