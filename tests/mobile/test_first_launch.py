"""Touch works for everyone by default; screen-reader mode is chosen, not imposed.

A first launch asks one spoken question ("Voulez-vous que l'application lise l'écran ?") with
two big buttons; TalkBack answers it by itself; every screen has the "Lecture de l'écran"
switch; dragging scrolls; the choice is kept across launches. Driven by touch events.
"""

from __future__ import annotations

import json
import time

import pytest

from mobile.gestures import DOUBLE_TAP_INTERVAL
from mobile.screens.base import READING_SWITCH
from mobile.screens.welcome import QUESTION
from mobile.settings import AppSettings
from tests.support.harness import Harness

pytestmark = [pytest.mark.kivy, pytest.mark.timeout(120)]


def _tap(h: Harness, x: float, y: float) -> None:
    h.touch([(x, y)])
    h.settle()


def _tap_widget(h: Harness, widget: object) -> None:
    _tap(h, *widget.to_window(*widget.center))  # type: ignore[attr-defined]


def _explore(h: Harness, widget: object) -> None:
    """One tap in screen-reader mode: once no second tap follows, the element is spoken."""
    _tap_widget(h, widget)
    time.sleep(DOUBLE_TAP_INTERVAL + 0.05)
    h.app.flush_tap()
    h.settle()


def _button(h: Harness, label: str) -> object:
    return next(w for w in h.app.focus.items() if w.a11y_label == label)


def test_a_first_launch_asks_one_spoken_question_with_two_big_answers(harness: Harness) -> None:
    h = harness
    h.reset(reading=None)
    assert h.app.current_screen.screen_name == "welcome"
    assert not h.app.settings.self_voicing and not h.app.gestures_active
    # spoken although the app does not read the screen yet
    assert QUESTION in h.app.announcer.last
    screen = h.app.current_screen
    _w, height = h.Window.size
    yes_x, yes_y = screen.yes.to_window(*screen.yes.center)
    no_x, no_y = screen.no.to_window(*screen.no.center)
    assert yes_y > no_y  # "Oui" above "Non"
    assert screen.yes.height >= 0.3 * height and screen.no.height >= 0.3 * height
    assert h.app.history == []  # "Retour" would not make sense here


def test_answering_no_keeps_plain_touch_taps_press_and_dragging_scrolls(harness: Harness) -> None:
    h = harness
    h.reset(reading=None)
    screen = h.app.current_screen
    _tap_widget(h, screen.no)  # one tap answers
    assert h.app.current_screen.screen_name == "home"
    assert h.app.settings.reading_asked and not h.app.settings.self_voicing
    assert not h.app.gestures_active
    saved = json.loads(h.app.settings_path.read_text(encoding="utf-8"))
    assert saved["reading_asked"] is True and saved["self_voicing"] is False
    heard = len(h.app.announcer.history)
    _tap_widget(h, _button(h, "Chercher un stage"))  # one tap presses, nothing is spoken
    assert h.app.current_screen.screen_name == "offers"
    assert len(h.app.announcer.history) == heard
    # a long screen scrolls when the finger is dragged up
    h.app.navigate("callback")
    h.settle()
    scroll = h.app.current_screen.scroll
    assert scroll.children[0].height > scroll.height
    assert scroll.scroll_y == 1
    w, hh = h.Window.size
    h.touch([(w / 2, hh * 0.2), (w / 2, hh * 0.3), (w / 2, hh * 0.5), (w / 2, hh * 0.7)])
    h.settle()
    assert scroll.scroll_y < 1


def test_answering_yes_turns_touches_into_screen_reader_gestures(harness: Harness) -> None:
    h = harness
    h.reset(reading=None)
    _tap_widget(h, h.app.current_screen.yes)
    assert h.app.current_screen.screen_name == "home"
    assert h.app.settings.self_voicing and h.app.gestures_active
    assert h.app.announcer.last.startswith("Accueil")  # the home screen speaks now
    offers = _button(h, "Chercher un stage")
    _explore(h, offers)  # one tap: spoken, not pressed
    assert h.app.current_screen.screen_name == "home"
    assert h.app.announcer.last.startswith("Chercher un stage")
    h.double_tap()  # anywhere: activates the focused element
    assert h.app.current_screen.screen_name == "offers"
    # a vertical swipe scrolls a long screen in this mode too
    h.app.navigate("callback")
    h.settle()
    scroll = h.app.current_screen.scroll
    w, hh = h.Window.size
    h.touch([(w / 2, hh * 0.2), (w / 2, hh * 0.5), (w / 2, hh * 0.8)])
    h.settle()
    assert scroll.scroll_y < 1


def test_talkback_on_at_first_launch_answers_the_question(harness: Harness) -> None:
    h = harness
    h.platform.touch_exploration = True
    h.reset(reading=None)
    h.platform.touch_exploration = True  # reset() renews the fake platform
    h.app.check_screen_reader()  # on_start and on_resume do this
    assert h.app.current_screen.screen_name == "home"
    assert h.app.settings.self_voicing and h.app.settings.reading_asked and h.app.talkback


@pytest.mark.parametrize(
    "name", ["home", "near", "offers", "careers", "callback", "guides", "talk", "callback_status"]
)
def test_every_screen_has_the_switch_first_and_it_works_by_touch(
    harness: Harness, name: str
) -> None:
    h = harness  # screen-reader mode on, as a sighted helper may find the phone
    h.app.navigate(name)
    h.settle()
    switch = h.app.current_screen.reading_switch
    assert switch is not None and h.app.focus.items()[0] is switch
    assert switch.a11y_label == READING_SWITCH and switch.active
    _explore(h, switch)  # the switch is spoken
    assert h.app.focus.current is switch
    h.double_tap()  # activate: screen-reader mode off
    assert not h.app.settings.self_voicing and not h.app.gestures_active
    assert not switch.active and h.app.announcer.last.startswith("Lecture de l'écran désactivée")
    _tap_widget(h, switch)  # plain touch now: one tap turns it back on
    assert h.app.settings.self_voicing and switch.active and h.app.gestures_active


def test_the_choice_is_kept_and_an_old_settings_file_asks_again(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "settings.json"
    AppSettings(self_voicing=True, reading_asked=True).save(path)
    assert AppSettings.load(path).self_voicing is True
    # written before the question existed: touch works until the person answers
    path.write_text(json.dumps({"self_voicing": True, "speech_rate": 170}), encoding="utf-8")
    old = AppSettings.load(path)
    assert old.reading_asked is False and old.self_voicing is False
    assert AppSettings().self_voicing is False  # a new install too
