"""Réglages driven as a person does (keyboard, self-voicing gestures), and what they change."""

from __future__ import annotations

import json

import pytest

from mobile.app import NO_COMPASS
from mobile.speech import SpeechUnavailable
from tests.support.harness import Harness, swipe_to, tab_to

pytestmark = [pytest.mark.kivy, pytest.mark.timeout(120)]

CLOCK = "Heures d'une horloge"
CARDINAL = "Points cardinaux"

#: Most places are placed at their commune's centre, which has a direction only from 5 km on:
#: the clock-face tests search the EPIDE near Lyon (about 13 km to the east).
LYON_EPIDE = {"place": "Lyon", "kind": "epide"}



def _first_result(h: Harness) -> str:
    h.app.navigate("results", params=LYON_EPIDE)
    h.settle()
    return str(tab_to(h, "1. ").a11y_label)


def _nearest(h: Harness) -> dict:
    """The nearest place around Lyon, as the API itself gives it."""
    return h.api.get("/api/v1/structures", **LYON_EPIDE, limit=1)["items"][0]


def test_clock_face_directions_chosen_in_reglages_with_the_keyboard(harness: Harness) -> None:
    h = harness
    h.platform.heading = 0.0  # a phone with a compass, its top to the north
    nearest = _nearest(h)
    assert nearest["distance_text"] in _first_result(h)  # cardinal by default
    h.app.go_back()
    tab_to(h, "Réglages")
    h.key(13)
    assert h.app.current_screen.name == "settings"
    choice = tab_to(h, CLOCK)
    h.key(32)
    assert choice.selected and choice.text.endswith("(choisi)")
    assert h.app.settings.direction_mode == "clock"
    assert h.platform.compass_on  # turned on when chosen, not when first read
    saved = json.loads(h.app.settings_path.read_text(encoding="utf-8"))
    assert saved["direction_mode"] == "clock"
    h.key(27)
    label = _first_result(h)
    distance = nearest["distance_text"].removesuffix(" " + nearest["direction"])
    assert f"{distance}, à " in label and "heure" in label
    assert nearest["direction"] not in label
    # back to cardinal points, still with the keyboard
    h.app.navigate("settings")
    tab_to(h, CARDINAL)
    h.key(13)
    assert h.app.settings.direction_mode == "cardinal" and not h.platform.compass_on
    assert nearest["distance_text"] in _first_result(h)


def test_clock_face_directions_chosen_in_reglages_with_gestures(harness: Harness) -> None:
    h = harness
    h.platform.heading = 90.0  # the top of the phone to the east
    swipe_to(h, "Réglages")
    h.double_tap()
    assert h.app.current_screen.name == "settings"
    swipe_to(h, CLOCK)
    h.double_tap()
    assert h.app.settings.direction_mode == "clock"
    assert h.app.announcer.history[-1].startswith(CLOCK)
    label = _first_result(h)
    assert "heure" in label and _nearest(h)["direction"] not in label


def test_choosing_clock_directions_without_a_compass_says_so(harness: Harness) -> None:
    h = harness
    h.app.navigate("settings")
    tab_to(h, CLOCK)
    h.key(13)
    # said, and not cut off by the choice saying "sélectionné"; written too, and focused
    assert h.app.announcer.last == NO_COMPASS
    assert h.app.focus.current.text == NO_COMPASS
    tab_to(h, CARDINAL)
    h.key(13)
    assert not any(w.text == NO_COMPASS for w in h.app.focus.items())
    tab_to(h, CLOCK)
    h.key(13)
    h.app.navigate("results", params=LYON_EPIDE)
    h.settle()
    assert any("Boussole indisponible" in w.text for w in h.app.focus.items())


def test_a_missing_french_voice_is_shown_instead_of_spoken_with_another_voice(
    harness: Harness,
) -> None:
    h = harness
    h.platform.speech_error = SpeechUnavailable("La voix française n'est pas installée.")
    h.app.announcer.reset_engine()
    h.app.say("Accueil")
    h.app.announcer.wait_idle()
    h.settle()
    assert h.app.speech_problem == "La voix française n'est pas installée."
    assert h.platform.notified == ["La voix française n'est pas installée."]  # a toast
    h.app.navigate("settings")
    alert = tab_to(h, "Erreur : La voix française")
    assert alert.kind == "alert"
    # back in front, the voice installed meanwhile: the app tries again, the message goes away
    h.platform.speech_error = None
    h.app.on_resume()
    h.app.say("Réglages")
    h.app.announcer.wait_idle()
    h.settle()
    assert h.app.speech_problem is None
    assert not [w for w in h.app.focus.items() if w.text.startswith("Erreur : La voix")]
