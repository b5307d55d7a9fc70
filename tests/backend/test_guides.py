"""Guides: the content files (one test per file), the loader, search, speech and the HTTP API."""

from __future__ import annotations

import re
import textwrap
from datetime import date
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from backend import guides as g
from backend.api.guides import router

GUIDE_FILES = sorted(p for p in g.CONTENT_DIR.glob("*.md") if p.name.lower() != "readme.md")
TODAY = date(2026, 11, 29)

MAX_SHORT_SENTENCES = 3
MAX_SHORT_WORDS = 60
MAX_SENTENCE_WORDS = 20
MAX_BODY_WORDS = 420
HELP_HEADING = "## Qui peut m'aider ?"

# The subjects issue 8 asks for, each with the guide that answers it.
REQUIRED_SUBJECTS = {
    "leaving school without a diploma": "quitter-ecole-sans-diplome",
    "right to return to school": "droit-retour-formation",
    "micro-lycées": "micro-lycee",
    "École de la 2e chance": "ecole-deuxieme-chance",
    "EPIDE": "epide",
    "Mission locale": "mission-locale",
    "CIO": "cio",
    "apprenticeship": "apprentissage",
    "pre-apprenticeship": "prepa-apprentissage",
    "stage de 3e": "stage-de-3e",
    "stage de seconde": "stage-de-seconde",
    "vocational internships (PFMP)": "stages-lycee-professionnel",
    "finding an internship": "trouver-un-stage",
    "writing to an employer": "ecrire-a-un-employeur",
    "Contrat d'engagement jeune": "contrat-engagement-jeune",
    "1 jeune 1 solution": "un-jeune-une-solution",
    "disability at school (PPS)": "handicap-ecole-pps",
    "ULIS and AESH": "ulis-aesh",
    "RQTH": "rqth",
    "Cap emploi and Agefiph": "cap-emploi-agefiph",
    "workplace adjustments": "amenagement-poste",
    "telling an employer": "dire-son-handicap",
    "blind: studying": "etudier-aveugle-malvoyant",
    "blind: working": "travailler-aveugle-malvoyant",
    "assistive technology": "outils-lecteur-ecran-braille",
    "specialised training centres": "centres-formation-deficience-visuelle",
    "financial help for training": "payer-sa-formation",
    "what a counselor can do": "conseiller",
    "callback in Total Accès": "rappel-total-acces",
}


def sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?…])\s+", text.strip()) if s]


def _significant(text: str) -> set[str]:
    return {w for w in g.fold(text).split() if len(w) >= 4 and w not in g.STOPWORDS}


def unexplained_abbreviations(text: str, known: dict[str, str]) -> list[str]:
    """Abbreviations of ``text`` not explained in parentheses at their first use.

    Accepted: "la RQTH (reconnaissance de la qualité de travailleur handicapé)" and
    "la reconnaissance de la qualité de travailleur handicapé (RQTH)". The explanation must
    share words with the expansion in ``known``.
    """
    problems: list[str] = []
    seen: set[str] = set()
    for match in g.ABBREVIATION_RE.finditer(text):
        abbr = match.group(1)
        if abbr in g.ABBREVIATION_ALLOWLIST or abbr in seen:
            continue
        seen.add(abbr)
        if abbr not in known:
            problems.append(f"{abbr} : absent de ABBREVIATIONS et des abbreviations du guide")
            continue
        before, after = text[: match.start()], text[match.end() :]
        following = re.match(r"\s*\(([^()]+)\)", after)
        if following:
            explanation = following.group(1)
        elif before.endswith("(") and after.startswith(")"):
            explanation = " ".join(before[:-1].split()[-14:])
        else:
            context = text[max(0, match.start() - 30) : match.end() + 30]
            problems.append(f"{abbr} : pas expliqué à sa première apparition (« …{context}… »)")
            continue
        expected = _significant(known[abbr])
        shared = expected & _significant(explanation)
        if len(shared) * 2 < min(len(expected), 4):
            problems.append(f"{abbr} : « {explanation} » ne ressemble pas à « {known[abbr]} »")
    return problems


# --------------------------------------------------------------------------------------------
# Content: one test per guide file
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", GUIDE_FILES, ids=[p.stem for p in GUIDE_FILES])
def test_guide_file(path: Path) -> None:
    guide = g.parse_guide(path)  # required fields, types, known topic and helpers, https, date

    assert guide.title.endswith("?"), "le titre est une question"
    assert len(guide.title) <= 90, "titre court"

    short = sentences(guide.short_answer)
    assert 1 <= len(short) <= MAX_SHORT_SENTENCES, f"réponse courte : {len(short)} phrases"
    assert g.word_count(guide.short_answer) <= MAX_SHORT_WORDS
    for sentence in short:
        assert g.word_count(sentence) <= MAX_SENTENCE_WORDS, f"phrase trop longue : {sentence}"
    assert "](" not in guide.short_answer and "**" not in guide.short_answer, "pas de Markdown"

    words = g.word_count(guide.body_markdown)
    assert 80 <= words <= MAX_BODY_WORDS, f"texte de {words} mots"
    assert HELP_HEADING in guide.body_markdown
    help_part = guide.body_markdown.split(HELP_HEADING, 1)[1]
    assert g.word_count(help_part) >= 10, "la section « Qui peut m'aider ? » dit qui et comment"
    assert not re.search(r"<[a-zA-Z/!]", guide.body_markdown), "pas de HTML brut"

    known = {**g.ABBREVIATIONS, **guide.abbreviations}
    assert unexplained_abbreviations(guide.short_answer, known) == []
    assert unexplained_abbreviations(guide.body_markdown, known) == []

    assert guide.sources
    for source in guide.sources:
        assert source.url.startswith("https://")
        assert source.title.strip()
    assert isinstance(guide.last_checked, date)
    assert date(2026, 1, 1) <= guide.last_checked <= date.today()  # never a check in the future
    assert guide.helpers and all(h in g.HELPER_LABELS for h in guide.helpers)
    assert len(guide.keywords) >= 3
    assert guide.topic in g.TOPICS


def test_at_least_25_guides_with_unique_slugs() -> None:
    guides = g.load_guides()
    assert len(guides) >= 25
    slugs = [guide.slug for guide in guides]
    assert len(slugs) == len(set(slugs))
    assert len(GUIDE_FILES) == len(guides)
    assert len({guide.title for guide in guides}) == len(guides), "titres uniques"


def test_every_topic_has_guides() -> None:
    used = {guide.topic for guide in g.load_guides()}
    assert used == set(g.TOPICS)


@pytest.mark.parametrize("subject,slug", sorted(REQUIRED_SUBJECTS.items()))
def test_issue_subject_is_covered(subject: str, slug: str) -> None:
    assert g.get_guide(slug) is not None, f"aucun guide « {slug} » pour : {subject}"


def test_no_outdated_scheme_presented_as_current() -> None:
    for guide in g.load_guides():
        text = g.fold(guide.short_answer + " " + guide.body_markdown)
        if "garantie jeunes" in text:
            assert "remplace" in text, f"{guide.slug} : la Garantie jeunes n'existe plus"
        assert "pole emploi" not in text or "france travail" in text, guide.slug


def test_abbreviation_checker_catches_mistakes() -> None:
    known = dict(g.ABBREVIATIONS)
    assert unexplained_abbreviations("Allez à la MDPH.", known)
    assert unexplained_abbreviations("La MDPH (maison de quartier) décide.", known)
    assert unexplained_abbreviations("Le ZXQW (un truc) aide.", known)
    assert not unexplained_abbreviations(
        "La MDPH (maison départementale des personnes handicapées) décide. La MDPH répond.", known
    )
    assert not unexplained_abbreviations(
        "La reconnaissance de la qualité de travailleur handicapé (RQTH) aide.", known
    )
    assert not unexplained_abbreviations("Envoyez un fichier PDF.", known)


# --------------------------------------------------------------------------------------------
# Loader
# --------------------------------------------------------------------------------------------

VALID = """\
---
slug: {slug}
title: "C'est quoi un test ?"
topic: structures
short_answer: "Un test vérifie le code. Il est court."
helpers: [cio]
sources:
  - {{title: "Service public", url: "https://www.service-public.fr/"}}
last_checked: 2026-11-29
keywords: [test, essai, vérifier]
---
Un texte simple.

## Qui peut m'aider ?

Le CIO (centre d'information et d'orientation).
"""


def write_guide(folder: Path, slug: str = "essai", text: str | None = None) -> Path:
    path = folder / f"{slug}.md"
    path.write_text(text if text is not None else VALID.format(slug=slug), encoding="utf-8")
    return path


def test_loader_reads_a_valid_folder_once(tmp_path: Path) -> None:
    write_guide(tmp_path)
    first = g.load_guides(tmp_path)
    assert [guide.slug for guide in first] == ["essai"]
    assert first[0].last_checked == date(2026, 11, 29)
    assert first[0].sources[0].url == "https://www.service-public.fr/"
    assert first[0].sources[0].read is None
    assert g.load_guides(tmp_path)[0] is first[0], "chargé une seule fois par processus"
    assert g.load_guides()[0] is g.load_guides()[0]


def test_a_source_read_on_the_check_day_is_kept_with_its_date(tmp_path: Path) -> None:
    text = VALID.format(slug="essai").replace(
        'url: "https://www.service-public.fr/"}',
        'url: "https://www.service-public.fr/", read: 2026-11-29}',
    )
    write_guide(tmp_path, text=text)
    (guide,) = g.load_guides(tmp_path)
    assert guide.sources[0].read == date(2026, 11, 29) == guide.last_checked


@pytest.mark.parametrize(
    "old,new,field",
    [
        ("topic: structures\n", "", "topic"),
        ("topic: structures", "topic: cuisine", "topic"),
        ("helpers: [cio]", "helpers: [boulangerie]", "helpers"),
        ("helpers: [cio]", "helpers: []", "helpers"),
        ("https://www.service-public.fr/", "http://www.service-public.fr/", "sources"),
        ("last_checked: 2026-11-29", "last_checked: bientôt", "last_checked"),
        ("slug: essai", "slug: autre-nom", "slug"),
        ("keywords: [test, essai, vérifier]", "keywords: mot", "keywords"),
        ("short_answer:", "reponse_courte:", "short_answer"),
        ("last_checked: 2026-11-29\n", "last_checked: 2026-11-29\nauteur: moi\n", "auteur"),
        # a source read on another day than the guide's check
        (
            'url: "https://www.service-public.fr/"}',
            'url: "https://www.service-public.fr/", read: 2026-11-30}',
            "last_checked",
        ),
        (
            'url: "https://www.service-public.fr/"}',
            'url: "https://www.service-public.fr/", read: hier}',
            "sources",
        ),
        (
            'url: "https://www.service-public.fr/"}',
            'url: "https://www.service-public.fr/", lu: 2026-11-29}',
            "sources",
        ),
    ],
)
def test_malformed_file_names_file_and_field(
    tmp_path: Path, old: str, new: str, field: str
) -> None:
    text = VALID.format(slug="essai")
    assert old in text
    path = write_guide(tmp_path, text=text.replace(old, new, 1))
    with pytest.raises(g.GuideContentError) as info:
        g.load_guides(tmp_path)
    message = str(info.value)
    assert "essai.md" in message
    assert f"« {field} »" in message
    assert info.value.field == field
    assert info.value.path == path


def test_file_without_front_matter_or_with_bad_yaml(tmp_path: Path) -> None:
    write_guide(tmp_path, text="Pas d'en-tête.\n")
    with pytest.raises(g.GuideContentError, match=r"essai\.md.*« --- »"):
        g.load_guides(tmp_path)
    write_guide(tmp_path, text="---\ntitle: [pas fermé\n---\nTexte\n")
    with pytest.raises(g.GuideContentError, match=r"essai\.md.*YAML"):
        g.load_guides(tmp_path)


def test_empty_body_is_an_error(tmp_path: Path) -> None:
    text = VALID.format(slug="essai").split("Un texte simple.")[0]
    write_guide(tmp_path, text=text)
    with pytest.raises(g.GuideContentError, match="body"):
        g.load_guides(tmp_path)


def test_missing_folder_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(g.GuideContentError, match="introuvable"):
        g.load_guides(tmp_path / "absent")


# --------------------------------------------------------------------------------------------
# Search and links
# --------------------------------------------------------------------------------------------


def slugs_for(q: str, topic: str | None = None) -> list[str]:
    return [guide.slug for guide in g.list_guides(topic=topic, q=q)]


@pytest.mark.parametrize(
    "q,first",
    [
        ("rqth", "rqth"),
        ("RQTH", "rqth"),
        ("c'est quoi la RQTH", "rqth"),
        ("école de la deuxième chance", "ecole-deuxieme-chance"),
        ("ECOLE DE LA 2E CHANCE", "ecole-deuxieme-chance"),
        ("ecole de la seconde chance", "ecole-deuxieme-chance"),
        ("epide", "epide"),
        ("micro lycée", "micro-lycee"),
        ("mission locale", "mission-locale"),
        ("stage de troisième", "stage-de-3e"),
        ("stage de seconde", "stage-de-seconde"),
        ("aprentissage", "apprentissage"),
        ("contrat d'engagement jeune", "contrat-engagement-jeune"),
        ("plage braille", "outils-lecteur-ecran-braille"),
        ("être rappelé par un conseiller", "rappel-total-acces"),
    ],
)
def test_search_ranks_the_right_guide_first(q: str, first: str) -> None:
    found = slugs_for(q)
    assert found, q
    assert found[0] == first, (q, found[:5])


def test_search_stage_finds_every_internship_guide() -> None:
    found = slugs_for("stage")
    for slug in (
        "stage-de-3e",
        "stage-de-seconde",
        "stages-lycee-professionnel",
        "trouver-un-stage",
    ):
        assert slug in found
    assert set(found[:5]) & {"stage-de-3e", "stage-de-seconde", "trouver-un-stage"}


def test_search_nothing_and_topic_filter() -> None:
    assert slugs_for("xylophone quantique") == []
    assert g.list_guides(q="   ") == g.load_guides()
    handicap = g.list_guides(topic="handicap")
    assert handicap and all(guide.topic == "handicap" for guide in handicap)
    assert slugs_for("rqth", topic="stages") == []
    assert slugs_for("aveugle", topic="deficience_visuelle")


def test_get_guide_and_guides_for_kind() -> None:
    assert g.get_guide("rqth").title.startswith("C'est quoi la RQTH")
    assert g.get_guide("n-existe-pas") is None
    assert g.guides_for_kind("e2c")[0].slug == "ecole-deuxieme-chance"
    assert g.guides_for_kind("epide")[0].slug == "epide"
    assert g.guides_for_kind("mission_locale")[0].slug == "mission-locale"
    assert g.guides_for_kind("cio")[0].slug == "cio"
    for kind in ("microlycee", "mdph", "cap_emploi", "agefiph", "cfa", "esat", "suio", "crous"):
        assert g.guides_for_kind(kind), f"aucun guide pour la page des structures {kind}"
    assert g.guides_for_kind("inconnu") == []
    assert "rqth" in g.closest_slugs("rqht")


# --------------------------------------------------------------------------------------------
# Speech
# --------------------------------------------------------------------------------------------


def test_prepare_for_speech_says_each_abbreviation_once() -> None:
    text = (
        "La RQTH (reconnaissance de la qualité de travailleur handicapé) aide. Voir la [MDPH](/x)."
    )
    spoken = g.prepare_for_speech(text)
    assert spoken.startswith(
        "La R Q T H, reconnaissance de la qualité de travailleur handicapé, aide."
    )
    assert "](" not in spoken and "(" not in spoken
    assert g.prepare_for_speech("l'École de la 2e chance (E2C) aide.") == (
        "l'École de la 2e chance, E 2 C, aide."
    )
    assert g.spoken_abbreviation("EPIDE") == "Epide"
    assert g.prepare_for_speech("L'Agefiph (une association) aide (parfois).") == (
        "L'Agefiph, une association, aide, parfois."
    )
    for guide in g.load_guides():
        assert "(" not in g.prepare_for_speech(guide.short_answer), guide.slug


def test_guide_speech_is_plain_spoken_french() -> None:
    for guide in g.load_guides():
        speech = g.guide_speech(guide)
        assert speech and "(" not in speech and "*" not in speech, guide.slug
        assert not re.search(r"\d", speech), (guide.slug, speech)
    speech = g.to_speech("Le stage de 3e dure 5 jours. Demandez au CIO.")
    assert "troisième" in speech and "cinq jours" in speech
    assert "centre d'information et d'orientation" in speech


def test_list_speech_counts_and_reads_three_titles(monkeypatch: pytest.MonkeyPatch) -> None:
    found = g.list_guides(q="stage")
    speech = g.list_speech(found[:10], len(found), "stage")
    assert "guides trouvés pour « stage »" in speech
    assert re.search(r"Premier ?:", speech) and re.search(r"Troisième ?:", speech)
    assert "Quatrième" not in speech
    assert not re.search(r"\d", speech)
    assert g.list_speech([], 0, "zzz").startswith("Aucun guide trouvé pour « zzz »")
    one = g.get_guide("epide")
    assert g.list_speech([one], 1).startswith("Un guide trouvé.")


# --------------------------------------------------------------------------------------------
# Markdown rendering
# --------------------------------------------------------------------------------------------


def test_render_markdown_subset_and_safety() -> None:
    source = textwrap.dedent(
        """\
        ## Titre

        Un paragraphe avec un [lien](https://www.service-public.fr/) et **du gras**.
        <script>alert(1)</script>

        - un
        - deux

        1. premier
        2. second

        [piège](javascript:alert(1))
        """
    )
    out = g.render_markdown(source)
    assert "<h2>Titre</h2>" in out
    assert '<a href="https://www.service-public.fr/">lien</a>' in out
    assert "<strong>du gras</strong>" in out
    assert "<script>" not in out and "&lt;script&gt;" in out
    assert "<ul><li>un</li><li>deux</li></ul>" in out
    assert "<ol><li>premier</li><li>second</li></ol>" in out
    assert "javascript:" not in out


def test_every_guide_renders_with_its_help_section() -> None:
    for guide in g.load_guides():
        out = g.render_markdown(guide.body_markdown)
        assert "<h2>Qui peut m&#x27;aider ?</h2>" in out, guide.slug
        assert "<script" not in out


# --------------------------------------------------------------------------------------------
# HTTP API
# --------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def client() -> TestClient:
    app = FastAPI()
    app.include_router(router)
    return TestClient(app)


def test_api_list(client: TestClient) -> None:
    response = client.get("/api/v1/guides")
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"total", "limit", "offset", "items", "speech"}
    assert body["total"] == len(g.load_guides())
    assert body["limit"] == 20 and body["offset"] == 0
    assert len(body["items"]) == 20
    item = body["items"][0]
    assert set(item) == {"slug", "title", "topic", "short_answer", "helpers", "last_checked"}
    assert item["last_checked"] == g.get_guide(item["slug"]).last_checked.isoformat()
    assert "guides trouvés" in body["speech"]

    page = client.get("/api/v1/guides", params={"limit": 5, "offset": 5}).json()
    assert [i["slug"] for i in page["items"]] == [i["slug"] for i in body["items"][5:10]]


@pytest.mark.parametrize(
    "q,expected",
    [
        ("rqth", "rqth"),
        ("école de la deuxième chance", "ecole-deuxieme-chance"),
        ("stage", None),
    ],
)
def test_api_search(client: TestClient, q: str, expected: str | None) -> None:
    body = client.get("/api/v1/guides", params={"q": q}).json()
    slugs = [i["slug"] for i in body["items"]]
    assert body["total"] >= 1
    if expected:
        assert slugs[0] == expected
    else:
        assert {"stage-de-3e", "stage-de-seconde", "trouver-un-stage"} <= set(slugs)
    assert f"pour « {q} »" in body["speech"]


def test_api_topic_filter(client: TestClient) -> None:
    body = client.get("/api/v1/guides", params={"topic": "apprentissage"}).json()
    assert body["total"] >= 2
    assert all(i["topic"] == "apprentissage" for i in body["items"])

    bad = client.get("/api/v1/guides", params={"topic": "cuisine"})
    assert bad.status_code == 400
    assert bad.headers["content-type"].startswith("application/problem+json")
    assert "apprentissage" in bad.json()["detail"]

    topics = client.get("/api/v1/guides/topics").json()["items"]
    assert [t["topic"] for t in topics] == list(g.TOPICS)
    assert all(t["count"] >= 1 for t in topics)


def test_api_detail(client: TestClient) -> None:
    response = client.get("/api/v1/guides/rqth")
    assert response.status_code == 200
    body = response.json()
    expected = {"slug", "title", "topic", "short_answer", "body_markdown", "body_html"}
    expected |= {"helpers", "sources", "last_checked", "keywords", "speech"}
    assert expected <= set(body)
    assert body["slug"] == "rqth"
    assert "<h2>" in body["body_html"] and "<script" not in body["body_html"]
    mdph = {"kind": "mdph", "label": g.HELPER_LABELS["mdph"]}
    mdph["structures_url"] = "/api/v1/structures?kind=mdph"
    # A guides-only app has no structures to count: nothing is said missing.
    mdph.update(available=True, note=None)
    assert mdph in body["helpers"]
    assert all(s["url"].startswith("https://") for s in body["sources"])
    assert body["speech"] and "(" not in body["speech"]


def test_api_unknown_slug_is_french_problem_json(client: TestClient) -> None:
    response = client.get("/api/v1/guides/rqht")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    assert body["status"] == 404 and body["title"] == "Guide introuvable"
    assert "Aucun guide" in body["detail"] and "rqth" in body["detail"]
    assert "rqth" in body["candidates"]


def test_api_limit_over_50_is_refused(client: TestClient) -> None:
    assert client.get("/api/v1/guides", params={"limit": 51}).status_code == 422
    assert client.get("/api/v1/guides", params={"limit": 50}).status_code == 200
    assert client.get("/api/v1/guides", params={"offset": -1}).status_code == 422


def test_the_cej_allowance_is_the_checked_amount_with_its_date() -> None:
    guide = g.get_guide("contrat-engagement-jeune")
    assert guide is not None and guide.last_checked >= date(2026, 12, 2)
    text = " ".join(guide.body_markdown.split())
    assert "1er avril 2025" in text and "561 euros et 68 centimes" in text
    assert "environ 500 euros" not in text  # the 2022 figure
    assert any("1er avril 2025" in s.title for s in guide.sources)


AMOUNT = re.compile(r"\d[\d  ]*(?:,\d+)? ?(?:euros|€)")


def test_every_amount_in_a_guide_is_dated_and_cited_and_its_check_is_its_own() -> None:
    """An amount changes every year: a guide that states one cites a source whose title says when
    it was read (``read``), and its own last_checked is that reading (not one date for every guide)."""
    stating = []
    for guide in g.load_guides():
        text = " ".join(guide.body_markdown.split())
        if not AMOUNT.search(text):
            continue
        stating.append(guide.slug)
        dated = [s for s in guide.sources if s.read is not None]
        assert dated, f"{guide.slug}: an amount without a source read to check it"
        assert guide.last_checked == max(s.read for s in dated), guide.slug
        assert guide.last_checked >= date(2026, 12, 2), guide.slug
    assert {"contrat-engagement-jeune", "service-civique", "payer-sa-formation"} <= set(stating)
    dates = {guide.last_checked for guide in g.load_guides()}
    assert len(dates) > 1  # each guide keeps the day it was really checked


def test_the_cpf_participation_and_the_civic_service_amount_are_the_checked_ones() -> None:
    cpf = g.get_guide("payer-sa-formation")
    assert cpf is not None
    text = " ".join(cpf.body_markdown.split())
    assert "102 euros et 23 centimes depuis le 1er janvier 2025" in text
    assert "sauf si vous êtes inscrit à France Travail" in text
    civic = g.get_guide("service-civique")
    assert civic is not None
    text = " ".join(civic.body_markdown.split())
    assert "un peu plus de 600 euros" in text and "montants de 2024" in text


def test_every_guide_was_checked_against_a_source_read_on_its_own_check_day() -> None:
    """``last_checked`` is the day a source was really read to check the guide's rules, ages,
    dates and amounts (``read`` on that source), not one date written on every file."""
    for guide in g.load_guides():
        readings = [s.read for s in guide.sources if s.read is not None]
        assert readings, f"{guide.slug}: no source read to check it"
        assert guide.last_checked == max(readings), guide.slug


def test_the_rules_that_changed_are_the_checked_ones() -> None:
    """Rules that moved since the guides were first written (each read in a dated source)."""

    def text(slug: str) -> str:
        guide = g.get_guide(slug)
        assert guide is not None
        return " ".join((guide.short_answer + " " + guide.body_markdown).split())

    assert "31 décembre 2024" in text("prepa-apprentissage")  # the national programme ended
    seconde = text("stage-de-seconde")
    assert "1élève1stage" in seconde and "15 au 26 juin" in seconde
    assert "1élève1stage" in text("stage-de-3e")
    assert "10 euros par jour" in text("stages-lycee-professionnel")


def test_the_guide_page_and_the_api_give_the_day_each_source_was_read(client: TestClient) -> None:
    body = client.get("/api/v1/guides/epide").json()
    read = [s for s in body["sources"] if s["read"]]
    assert read and all(s["read"] <= body["last_checked"] for s in read)
    assert max(s["read"] for s in read) == body["last_checked"]
