"""The pieces of the app that need no window: gestures, themes, settings, speech, directions."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from mobile.directions import place_text
from mobile.gestures import DOUBLE_TAP_INTERVAL, GestureRecognizer
from mobile.platform import heading_from_field
from mobile.settings import AppSettings
from mobile.speech import Announcer
from mobile.themes import MIN_TEXT_CONTRAST, THEMES, check_theme, contrast_ratio, hex_rgba


# -- gestures -----------------------------------------------------------------------------------
def _tap(r: GestureRecognizer, t: float, x: float = 100, y: float = 100):
    r.down(x, y, t)
    return r.up(x + 2, y - 2, t + 0.08)


def test_swipes_move_and_a_single_tap_waits_for_a_possible_second_tap() -> None:
    r = GestureRecognizer(swipe_min=60)
    r.down(50, 300, 0.0)
    assert r.up(250, 310, 0.2).kind == "swipe_right"
    r.down(250, 300, 1.0)
    assert r.up(40, 280, 1.2).kind == "swipe_left"
    assert _tap(r, 2.0) is None and r.waiting
    assert r.flush(2.0 + DOUBLE_TAP_INTERVAL / 2) is None  # still waiting
    # the tap ended at 2.08: what is left of the interval after 2.0 + half of it
    assert r.due_in(2.0 + DOUBLE_TAP_INTERVAL / 2) == pytest.approx(0.08 + DOUBLE_TAP_INTERVAL / 2)
    tap = r.flush(2.1 + DOUBLE_TAP_INTERVAL)
    assert tap is not None and tap.kind == "tap" and not r.waiting
    assert r.due_in(3.0) == 0.0


def test_double_tap_activates_but_two_slow_taps_do_not() -> None:
    r = GestureRecognizer()
    assert _tap(r, 0.0) is None
    assert _tap(r, 0.2).kind == "activate"
    assert _tap(r, 5.0) is None
    assert _tap(r, 5.0 + DOUBLE_TAP_INTERVAL + 0.2) is None  # a new first tap, not a double tap


def test_with_talkback_one_tap_activates() -> None:
    r = GestureRecognizer(tap_activates=True)
    assert _tap(r, 0.0).kind == "activate"
    r.down(0, 0, 1.0)
    assert r.up(0, -200, 1.2).kind == "swipe_down"


# -- themes ---------------------------------------------------------------------------------------
def test_contrast_formula_matches_wcag_reference_values() -> None:
    assert contrast_ratio(hex_rgba("#000000"), hex_rgba("#FFFFFF")) == pytest.approx(21.0)
    assert contrast_ratio(hex_rgba("#767676"), hex_rgba("#FFFFFF")) == pytest.approx(4.54, abs=0.01)


@pytest.mark.parametrize("key", list(THEMES))
def test_every_declared_text_pair_reaches_7_to_1(key: str) -> None:
    ratios = check_theme(THEMES[key])
    assert len(ratios) == 7
    assert {pair: r for pair, r in ratios.items() if r < MIN_TEXT_CONTRAST} == {}


def test_three_themes_with_french_names() -> None:
    assert [t.label for t in THEMES.values()] == [
        "Standard",
        "Contraste élevé sombre",
        "Contraste élevé clair",
    ]


# -- settings -------------------------------------------------------------------------------------
def test_settings_survive_a_restart_and_bad_values_are_corrected(tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    AppSettings(self_voicing=False, speech_rate=230, text_scale=1.75, theme="dark").save(path)
    loaded = AppSettings.load(path)
    assert (loaded.self_voicing, loaded.speech_rate, loaded.text_scale, loaded.theme) == (
        False,
        230,
        1.75,
        "dark",
    )
    path.write_text('{"speech_rate": 9999, "text_scale": 7, "theme": "pink", "x": 1}')
    fixed = AppSettings.load(path)
    assert (fixed.speech_rate, fixed.text_scale, fixed.theme) == (320, 2.0, "default")
    path.write_text("not json")
    assert AppSettings.load(path) == AppSettings()


# -- speech ---------------------------------------------------------------------------------------
class RecordingEngine:
    def __init__(self) -> None:
        self.calls: list[tuple[str, object]] = []
        self.done = threading.Event()

    def speak(self, text: str) -> None:
        self.calls.append(("speak", text))

    def stop(self) -> None:
        self.calls.append(("stop", None))

    def set_rate(self, words_per_minute: int) -> None:
        self.calls.append(("rate", words_per_minute))


def test_a_new_announcement_interrupts_the_previous_one() -> None:
    engine = RecordingEngine()
    announcer = Announcer(engine_factory=lambda: engine, rate=200)
    announcer.say("Accueil")
    announcer.wait_idle()
    announcer.say("Réglages")
    announcer.wait_idle()
    assert engine.calls == [
        ("rate", 200),
        ("stop", None),
        ("speak", "Accueil"),
        ("stop", None),
        ("speak", "Réglages"),
    ]
    assert announcer.history == ["Accueil", "Réglages"]


def test_nothing_is_spoken_when_self_voicing_is_off_except_forced_messages() -> None:
    engine = RecordingEngine()
    announcer = Announcer(engine_factory=lambda: engine, enabled=False)
    announcer.say("Accueil")
    announcer.say("Voix désactivée.", force=True)
    announcer.wait_idle()
    assert [c for c in engine.calls if c[0] == "speak"] == [("speak", "Voix désactivée.")]


def test_a_broken_speech_engine_never_breaks_the_app() -> None:
    def broken() -> RecordingEngine:
        raise RuntimeError("no audio device")

    announcer = Announcer(engine_factory=broken)
    announcer.say("Bonjour")
    announcer.wait_idle()
    assert announcer.last == "Bonjour"


# -- directions -----------------------------------------------------------------------------------
ITEM = {"lat": 45.0, "lon": 5.0, "distance_m": 2300.0, "distance_text": "à 2,3 kilomètres à l'est"}


def test_directions_are_cardinal_by_default_and_without_compass() -> None:
    assert place_text(ITEM) == "à 2,3 kilomètres à l'est"
    assert place_text(ITEM, "clock", origin=(45.0, 4.97), heading=None) == ITEM["distance_text"]


def test_clock_directions_follow_the_phone_heading() -> None:
    # the place is due east: straight ahead when facing east, at 3 o'clock when facing north
    assert place_text(ITEM, "clock", origin=(45.0, 4.97), heading=0.0).endswith("à 3 heures")
    assert place_text(ITEM, "clock", origin=(45.0, 4.97), heading=90.0).endswith("à 12 heures")
    assert place_text(ITEM, "clock", origin=(45.0, 4.97), heading=0.0).startswith("à 2,3 kilomètre")


def test_heading_from_a_flat_phone_magnetometer() -> None:
    assert heading_from_field(0.0, 30.0) == pytest.approx(0.0)  # top of the phone to the north
    assert heading_from_field(-30.0, 0.0) == pytest.approx(90.0)  # to the east
    assert heading_from_field(0.0, -30.0) == pytest.approx(180.0)


# -- command --------------------------------------------------------------------------------------
def test_totalacces_app_command_is_registered() -> None:
    import typer
    from typer.testing import CliRunner

    from mobile.commands import register

    app = typer.Typer()
    register(app)

    @app.command("other")
    def other() -> None:  # a second command so that typer keeps sub-command names
        pass

    result = CliRunner().invoke(app, ["app", "--help"])
    assert result.exit_code == 0
    assert "--api" in result.output


@pytest.mark.voice
def test_desktop_speech_goes_through_voice_speaker_and_can_be_interrupted() -> None:
    import time

    from mobile.speech import VoiceSpeakerEngine, make_desktop_engine

    engine = make_desktop_engine(170)
    assert isinstance(engine, VoiceSpeakerEngine), "voice.Speaker (espeak-ng) did not start"
    engine.set_rate(200)
    assert engine._speaker.rate == 200
    engine.speak("Bonjour, ceci est une phrase assez longue pour être coupée en plein milieu.")
    deadline = time.monotonic() + 5
    while not engine._speaker.is_speaking and time.monotonic() < deadline:
        time.sleep(0.02)
    assert engine._speaker.is_speaking
    engine.stop()  # barge-in: a new announcement cuts the old one
    assert not engine._speaker.is_speaking


# -- guides -----------------------------------------------------------------------------------------
def test_a_guide_text_is_cut_into_pieces_read_one_at_a_time() -> None:
    """On the bundled RQTH guide, as the API sends its Markdown."""
    from backend.guides import get_guide
    from mobile.guide_content import markdown_blocks, split_helpers_section

    blocks = markdown_blocks(get_guide("rqth").body_markdown)
    assert blocks[0].kind == "paragraph" and blocks[0].text.endswith("ou une maladie qui dure.")
    assert [b.text for b in blocks if b.kind == "heading"] == [
        "À quoi sert-elle ?",
        "Comment la demander ?",
        "Et mon employeur ?",
        "Qui peut m'aider ?",
    ]
    agefiph = next(b for b in blocks if "Agefiph (" in b.text)
    assert agefiph.kind == "item" and agefiph.text.startswith("• Obtenir des aides")
    assert agefiph.spoken.startswith("Obtenir des aides")  # no bullet said
    assert "(Association de gestion du fonds pour l'insertion professionnelle" in agefiph.text
    first_step = next(b for b in blocks if b.text.startswith("1. "))
    assert (
        first_step.text
        == first_step.spoken
        == (
            "1. Remplissez le formulaire de demande de la MDPH (maison départementale des personnes "
            "handicapées). Souvent, il existe aussi en ligne."
        )
    )  # the indented line joined
    text, helpers = split_helpers_section(blocks)
    assert "Qui peut m'aider ?" not in [b.text for b in text]
    assert [b.kind for b in helpers] == ["item", "item", "item", "paragraph"]
    links = markdown_blocks("Voir [le site](https://exemple.fr) **vite**.\n- a\n\nsuite")
    assert [b.text for b in links] == ["Voir le site vite.", "• a", "suite"]
    # CommonMark, as on the web: a line right under an item continues it
    assert [b.text for b in markdown_blocks("- a\nsuite")] == ["• a suite"]
    raw = markdown_blocks("<script>alert(1)</script> [x](javascript:alert(1))")
    assert [b.text for b in raw] == ["<script>alert(1)</script> x"]  # shown as text, never run


def test_dates_in_words() -> None:
    from mobile.guide_content import date_words

    assert date_words("2026-11-29") == "29 novembre 2026"
    assert date_words("2026-08-01") == "1er août 2026"
    assert date_words("bientôt") == "bientôt"


def test_the_guide_of_a_kind_is_the_one_the_backend_would_choose() -> None:
    from backend import guides as backend_guides
    from mobile.guide_content import best_guide_for_kind

    summaries = [
        {"slug": g.slug, "title": g.title, "helpers": list(g.helpers)}
        for g in backend_guides.load_guides()
    ]
    for kind in backend_guides.HELPER_LABELS:
        expected = backend_guides.guides_for_kind(kind)
        found = best_guide_for_kind(summaries, kind)
        assert (found and found["slug"]) == (expected[0].slug if expected else None), kind
    assert best_guide_for_kind(summaries, "mission_locale")["slug"] == "mission-locale"
    assert best_guide_for_kind(summaries, "apec") is None
    assert best_guide_for_kind(summaries, None) is None


def test_an_announcement_the_speaker_could_not_say_is_shown_not_lost() -> None:
    """The Speaker calls on_error after its retry on a new worker; the announcer passes it to
    the app's `on_unavailable`, which shows the sentence (a toast TalkBack reads)."""
    from mobile.speech import Announcer

    class FailingSpeakerEngine:
        def __init__(self) -> None:
            self.on_error = None

        def speak(self, text: str) -> None:
            assert self.on_error is not None, "the announcer must wire the failure callback"
            self.on_error("Je n'ai pas pu lire la réponse à voix haute. Elle est à l'écran.")

        def stop(self) -> None:
            return None

        def set_rate(self, words_per_minute: int) -> None:
            return None

    shown: list[str] = []
    announcer = Announcer(engine_factory=FailingSpeakerEngine, on_unavailable=shown.append)
    announcer.say("Trois missions locales à Lyon.")
    announcer.wait_idle()
    assert shown == ["Je n'ai pas pu lire la réponse à voix haute. Elle est à l'écran."]
