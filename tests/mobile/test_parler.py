"""Parler: turns of the dialogue one at a time and in order; the dialogue knows the position."""

from __future__ import annotations

import threading
import time
from types import SimpleNamespace
from typing import Any

import pytest

from tests.support.harness import FakeDialogue, Harness, tab_to

pytestmark = [pytest.mark.kivy, pytest.mark.timeout(120)]


class SlowDialogue:
    """A dialogue whose first answer is slow (a slow network), recording overlapping turns."""

    SLOW = {"un": 0.4}

    def __init__(self, client: Any = None, position: Any = None) -> None:
        self.position = position
        self.handled: list[str] = []
        self.active = 0
        self.most_at_once = 0
        self._lock = threading.Lock()

    def start(self) -> Any:
        return SimpleNamespace(text="Bonjour.", actions=[], state="start")

    def handle(self, text: str) -> Any:
        with self._lock:
            self.active += 1
            self.most_at_once = max(self.most_at_once, self.active)
        try:
            time.sleep(self.SLOW.get(text, 0.01))
            self.handled.append(text)
            return SimpleNamespace(text=f"Réponse à {text}.", actions=[], state="x")
        finally:
            with self._lock:
                self.active -= 1


def _open_talk(h: Harness, monkeypatch: pytest.MonkeyPatch, factory: Any) -> Any:
    monkeypatch.setattr(h.app, "dialogue_factory", factory)
    h.app.navigate("talk")
    h.settle()
    return h.app.current_screen


def _lines(screen: Any) -> list[str]:
    return [w.text for w in reversed(screen.replies.children)]


def test_two_quick_questions_are_handled_one_at_a_time_and_answered_in_order(
    harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    h = harness
    screen = _open_talk(h, monkeypatch, SlowDialogue)
    for question in ("un", "deux"):  # the second one before the first is answered
        screen.question.text = question
        screen.send()
    h.settle()
    dialogue = screen.dialogue
    assert dialogue.most_at_once == 1  # never two turns at the same time
    assert dialogue.handled == ["un", "deux"]
    assert _lines(screen) == [
        "Total Accès : Bonjour.",
        "Vous : un",
        "Vous : deux",
        "Total Accès : Réponse à un.",
        "Total Accès : Réponse à deux.",
    ]
    assert h.app.announcer.last == "Réponse à deux."


def test_recommencer_drops_the_answer_of_the_previous_conversation(
    harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    h = harness
    screen = _open_talk(h, monkeypatch, SlowDialogue)
    screen.question.text = "un"
    screen.send()
    screen.restart()  # before "un" is answered
    h.settle()
    assert _lines(screen) == ["Total Accès : Bonjour."]


def test_the_dialogue_gets_the_position_the_person_gave(
    harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    h = harness
    positions: list[Any] = []

    def factory(client: Any, position: Any = None) -> FakeDialogue:
        positions.append(position)
        return FakeDialogue(client, position=position)

    screen = _open_talk(h, monkeypatch, factory)
    assert positions == [None]  # no position asked for yet
    h.platform.location = (45.76, 4.84)
    h.app.navigate("near")
    tab_to(h, "Utiliser ma position")
    h.key(13)
    h.settle()
    assert h.app.position == (45.76, 4.84)
    h.app.navigate("talk")  # the dialogue already begun learns it, between two turns
    h.settle()
    assert screen.dialogue.position == (45.76, 4.84)
    tab_to(h, "Recommencer")
    h.key(13)
    h.settle()
    assert positions[-1] == (45.76, 4.84)


def test_near_me_in_parler_searches_around_the_position(
    harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With voice.Dialogue itself: "près de chez moi" searches around the position given in
    "Structures près de moi" (before, the dialogue asked for a town)."""
    h = harness
    h.platform.location = (45.76, 4.84)
    h.app.navigate("near")
    tab_to(h, "Utiliser ma position")
    h.key(13)
    h.settle()
    _open_talk(h, monkeypatch, None)  # dialogue_factory None: voice.Dialogue
    tab_to(h, "Votre question")
    h.type_text("une mission locale près de chez moi")
    h.key(13)
    h.settle()
    params = h.server.requests[-1].url.params
    assert (params["lat"], params["lon"], params["kind"]) == ("45.76", "4.84", "mission_locale")
    assert "près de vous" in h.app.announcer.last
