"""First answers of forty words at most (about fifteen seconds heard); « la suite » for more.

Counted as the voice says the text (speakable: "AESH" is four words, "24" is "vingt-quatre").
"""

from __future__ import annotations

import re

import pytest

from tests.support.backend import Recorder
from voice import Dialogue
from voice import dialogue as dialogue_module
from voice.dialogue import MAX_WORDS, MORE_PROMPT, _heard_words
from voice.dialogue import reply as reply_module

# what people asked in the conversations of the bench and the user trials, in their words
CONVERSATIONS = [
    ("mission locale à lyon", "le premier", "c'est où", "appelle"),
    ("pôle emploi à rouen", "le premier", "appelle"),
    ("un cfa à lyon", "le deuxième", "suivant", "le cinquième"),
    ("c'est quoi la rqth", "la suite", "la suite", "la suite", "oui", "à lyon", "le premier"),
    ("c'est quoi le métier de soudeur", "oui", "à lyon"),
    ("quels métiers dans l'industrie", "le premier"),
    ("je cherche un stage de boulanger à paris", "le premier", "appelle"),
    ("comment trouver un stage", "la suite", "la suite"),
    ("c'est quoi le handicap", "le deuxième", "la suite"),
    ("aide",),
    (
        "rappelle moi pour une formation",
        "Inès",
        "06 12 34 56 78",
        "oui",
        "vingt ans",
        "lyon",
        "oui",
        "la suite",
    ),
]


def heard_all(d: Dialogue, said: str) -> list[str]:
    """What the voice says for `said`, to the end of the answer (« la suite » while it goes on)."""
    reply = d.handle(said)
    parts = [reply.text]
    while d.held is not None:
        assert reply.prompt == MORE_PROMPT and reply.text.endswith(MORE_PROMPT)
        reply = d.handle("la suite")
        parts.append(reply.text)
    return parts


@pytest.mark.parametrize("turns", CONVERSATIONS, ids=lambda t: t[0])
def test_every_answer_is_said_in_forty_words_at_most(server: Recorder, turns: tuple) -> None:
    d = Dialogue(server.client())
    assert _heard_words(d.start().text) <= MAX_WORDS
    for said in turns:
        for part in heard_all(d, said):
            # one sentence longer than forty words alone is said whole, never cut mid-sentence
            sentences = dialogue_module._SENTENCE_END.split(part.replace(MORE_PROMPT, ""))
            assert _heard_words(part) <= MAX_WORDS or len(sentences) == 1, part


def _no_code(text: str) -> str:
    return re.sub(r"(code de demande|Je répète) : [^.]*\.", r"\1 : X.", text)


@pytest.mark.parametrize("turns", CONVERSATIONS, ids=lambda t: t[0])
def test_la_suite_says_the_rest_and_nothing_is_lost(
    server: Recorder, turns: tuple, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What is said part by part is, word for word, what one long answer would have said."""
    cut = Dialogue(server.client())
    cut_parts = [[p.replace(f" {MORE_PROMPT}", "") for p in heard_all(cut, s)] for s in turns]
    monkeypatch.setattr(reply_module, "MAX_WORDS", 10_000)  # read at each turn
    whole = Dialogue(server.client())
    for said, parts in zip(turns, cut_parts, strict=True):
        [text] = heard_all(whole, said)
        # an answer that was cut (list pages and guide chunks fit instead), the random
        # callback code aside
        if len(parts) > 1 and not re.search(r"\bUn : ", text):
            assert _no_code(" ".join(parts)) == _no_code(text), said
    assert any(len(p) > 1 for p in cut_parts) or turns in (CONVERSATIONS[0], CONVERSATIONS[5])


def test_repeat_and_stop_keep_the_rest_for_la_suite(server: Recorder) -> None:
    d = Dialogue(server.client())
    first = d.handle("c'est quoi la rqth")
    assert first.prompt == MORE_PROMPT and d.held is not None
    again = d.handle("répète")
    assert again.text == first.text and d.held is not None
    assert d.handle("stop").text == "D'accord."
    more = d.handle("la suite")
    assert more.state == "guide" and more.text != first.text
    assert "R Q T H, reconnaissance" not in more.text  # the next words, not the start again


def test_suivant_on_a_place_goes_to_the_next_place_not_the_rest(server: Recorder) -> None:
    d = Dialogue(server.client())
    d.handle("un cfa à lyon")
    detail = d.handle("le deuxième")
    assert detail.prompt == MORE_PROMPT  # this CFA's details go on
    nxt = d.handle("suivant")
    assert nxt.state == "results" and nxt.text.startswith("Deux : ") is False
    assert d.held is None


def test_a_list_page_reads_as_many_places_as_fit(server: Recorder) -> None:
    d = Dialogue(server.client())
    page = d.handle("mission locale à lyon")
    assert page.prompt == "Dites un numéro, ou « suivant »."  # not « la suite »: all fitted
    assert _heard_words(page.text) <= MAX_WORDS and page.items_read >= 2
    # the kind just said is not said again in each name
    assert page.text.count("Mission locale") == 0 and "missions locales" in page.text
