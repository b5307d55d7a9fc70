"""The plain-language check of the career summaries, and the bundled summaries themselves: every
parent ROME fiche has one, each passes the check, none is copied from another."""

from __future__ import annotations

import csv
import io

import yaml

from backend.services import readability
from backend.settings import BUNDLED_DATA_DIR

WELDER = ["Soudeur / Soudeuse", "Soudeur / Soudeuse à l'arc"]


def _summaries() -> dict[str, str]:
    text = (BUNDLED_DATA_DIR / "career_summaries_fr.yaml").read_text(encoding="utf-8")
    return {str(k): " ".join(str(v).split()) for k, v in yaml.safe_load(text).items()}


def _careers() -> list[dict[str, str]]:
    text = (BUNDLED_DATA_DIR / "careers.csv").read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text)))


def test_a_plain_text_passes() -> None:
    text = (
        "Vous assemblez des pièces de métal avec un poste à souder. Vous lisez un plan. "
        "Le travail se fait en atelier, debout."
    )
    assert readability.problems(text, WELDER) == []


def test_a_long_sentence_is_refused_with_its_length() -> None:
    text = (
        "Vous assemblez des pièces de métal avec un poste à souder dans un atelier de grande "
        "taille où il fait chaud et où il y a du bruit. Vous lisez un plan."
    )
    (problem,) = readability.problems(text, WELDER)
    assert problem.startswith("phrase de 28 mots (au plus 15)")


def test_an_acronym_needs_its_meaning_in_brackets_the_first_time() -> None:
    bare = "Vous soudez des pièces. Un CAP suffit pour commencer."
    assert readability.problems(bare, WELDER) == [
        "sigle sans explication entre parenthèses : CAP"
    ]
    explained = (
        "Vous soudez des pièces. Un CAP (diplôme de métier en 2 ans) suffit. Le CAP se prépare "
        "aussi en apprentissage."
    )
    assert readability.problems(explained, WELDER) == []


def test_figures_of_speech_and_jargon_are_refused() -> None:
    figure = "Vous soudez des pièces. Il faut avoir l'œil et donner un coup de main."
    found = readability.problems(figure, WELDER)
    assert any("avoir l oeil" in p for p in found) and any("coup de main" in p for p in found)
    jargon = "Vous réalisez l'orbitage, le chanfreinage et le ressuage des cordons. Vous contrôlez."
    (problem,) = readability.problems(jargon, WELDER)
    assert problem.startswith("3 mots peu courants") and "chanfreinage" in problem


def test_the_jobs_own_words_and_regular_endings_are_not_rare() -> None:
    assert readability.rare_words("Vous soudez. Les soudeuses aussi.", WELDER) == []
    assert readability.rare_words("Vous conduisez et vous vissez.") == ["vissez"]
    assert readability.rare_words("Le soudeur soude.") == ["soudeur"]  # not the job's words here


def test_every_parent_rome_fiche_has_a_summary_and_every_summary_is_plain() -> None:
    careers = _careers()
    parents = {r["code"] for r in careers if r["parent_code"] == r["code"]}
    assert len(parents) == 532
    summaries = _summaries()
    assert parents <= set(summaries), sorted(parents - set(summaries))[:10]
    assert set(summaries) <= {r["code"] for r in careers}
    own = readability.career_own_words(BUNDLED_DATA_DIR)
    failing = {
        code: readability.problems(text, own.get(code, []))
        for code, text in summaries.items()
        if readability.problems(text, own.get(code, []))
    }
    assert failing == {}


def test_no_two_summaries_share_a_sentence_about_the_job() -> None:
    """Written fiche by fiche: a sentence may recur only if it is short and general."""
    seen: dict[str, str] = {}
    shared: list[tuple[str, str, str]] = []
    for code, text in _summaries().items():
        for sentence in readability.sentences(text):
            if len(readability.words(sentence)) < 8:
                continue
            if sentence in seen:
                shared.append((seen[sentence], code, sentence))
            seen.setdefault(sentence, code)
    assert shared == []
