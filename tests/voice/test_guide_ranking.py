"""The voice reads the guide the API ranks first, and offers the ones it marks as equally good:
it does not rank the guides again. A stub client answers with a ranking no word count would
give, so that a voice re-ranking by its own scoring would fail these tests."""

from __future__ import annotations

from typing import Any

from voice.dialogue import Dialogue


def _guide(slug: str, title: str, **flags: Any) -> dict[str, Any]:
    return {
        "slug": slug,
        "title": title,
        "topic": "stages",
        "short_answer": f"Réponse du guide {slug}.",
        "helpers": [],
        "last_checked": "2026-11-29",
        **flags,
    }


class RankingClient:
    """Answers /guides with a fixed ranking; records the parameters sent."""

    def __init__(self, items: list[dict[str, Any]]) -> None:
        self.items = items
        self.sent: list[dict[str, Any]] = []

    def guides(self, **params: Any) -> dict[str, Any]:
        self.sent.append(params)
        return {"total": len(self.items), "limit": 5, "offset": 0, "items": self.items}

    def guide(self, slug: str) -> dict[str, Any]:
        item = next(i for i in self.items if i["slug"] == slug)
        return {**item, "speech": item["short_answer"], "body_markdown": "Texte."}

    def kinds(self) -> dict[str, Any]:
        return {"items": []}


def test_the_voice_reads_the_guide_the_api_ranks_first() -> None:
    # the second guide's title repeats every word asked: a word count would pick it
    client = RankingClient(
        [
            _guide("premier", "Un autre titre", score=20.0, best=True, named=True),
            _guide("deuxieme", "Comment trouver un stage", score=8.0, best=False, named=True),
        ]
    )
    d = Dialogue(client)
    reply = d.handle("comment trouver un stage")
    assert reply.state == "guide" and d.guide is not None and d.guide["slug"] == "premier"
    assert reply.quoted == "Réponse du guide premier."
    assert client.sent[0]["q"] and client.sent[0]["definition"] is False


def test_the_guides_the_api_marks_as_equally_good_are_offered() -> None:
    client = RankingClient(
        [
            _guide("a", "Le stage de troisième", score=15.0, best=True, named=True),
            _guide("b", "Le stage de seconde", score=15.0, best=True, named=True),
            _guide("c", "Trouver un stage", score=14.0, best=False, named=True),
        ]
    )
    d = Dialogue(client)
    reply = d.handle("comment trouver un stage")
    assert reply.state == "guide_choice"
    assert [g["slug"] for g in d.guide_choices] == ["a", "b"]
    assert reply.text.startswith("Plusieurs guides répondent à votre question. Un : Le stage")


def test_words_found_only_in_the_texts_are_no_answer() -> None:
    client = RankingClient([_guide("a", "Autre chose", score=1.0, best=True, named=False)])
    reply = Dialogue(client).handle("comment trouver un stage")
    assert reply.state == "home" and reply.text.startswith("Je n'ai pas de réponse")


def test_a_definition_question_says_so_to_the_api() -> None:
    client = RankingClient([_guide("a", "C'est quoi un stage ?", score=9.0, best=True, named=True)])
    Dialogue(client).handle("c'est quoi un stage")
    assert client.sent[0]["definition"] is True
