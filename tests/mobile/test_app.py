"""App behaviour a person notices: TalkBack, slow or absent network, settings, Parler, compass."""

from __future__ import annotations

import time
from typing import Any

import httpx
import pytest

from mobile.a11y import walk
from mobile.app import TALKBACK_SENTENCE
from tests.support.harness import DIALOGUE_PHONE, Harness, open_state, swipe_to, tab_to

pytestmark = [pytest.mark.kivy, pytest.mark.timeout(120)]

#: Most places are placed at their commune's centre, which has a direction only from 5 km on:
#: the clock-face tests search the EPIDE near Lyon (about 13 km to the east).
LYON_EPIDE = {"place": "Lyon", "kind": "epide"}


def test_talkback_is_detected_announced_once_and_switches_to_app_gestures(harness: Harness) -> None:
    h = harness
    h.app.set_self_voicing(False)
    assert not h.app.gestures_active
    h.platform.touch_exploration = True
    h.app.check_screen_reader()  # what on_start / on_resume do
    h.app.check_screen_reader()
    assert h.app.announcer.history.count(TALKBACK_SENTENCE) == 1
    assert TALKBACK_SENTENCE.count(".") == 1  # one sentence
    assert h.app.talkback and h.app.settings.self_voicing and h.app.gestures_active
    # TalkBack turns a double tap into one tap: one tap now activates the focused element
    swipe_to(h, "Chercher un stage")
    w, hh = h.Window.size
    h.touch([(w / 2, hh / 2)])
    h.settle()
    assert h.app.current_screen.name == "offers"
    # TalkBack turned off: back to explore-by-touch, a single tap no longer activates
    h.platform.touch_exploration = False
    h.app.check_screen_reader()
    assert not h.app.talkback and not h.app.recognizer.tap_activates


def test_without_self_voicing_a_tap_presses_directly_and_nothing_is_spoken(
    harness: Harness,
) -> None:
    h = harness
    tab_to(h, "Réglages")
    h.key(13)
    toggle = tab_to(h, "Lecture de l'écran (voix et gestes)")
    h.key(32)
    assert not toggle.active
    assert h.app.announcer.last.startswith("Lecture de l'écran désactivée")
    assert h.app.settings.self_voicing is False
    h.key(27)
    assert h.app.current_screen.reading_switch.active is False  # every screen's switch follows
    heard = len(h.app.announcer.history)
    button = next(b for b in h.app.focus.items() if b.a11y_label == "Chercher un stage")
    h.touch([button.to_window(*button.center)])
    h.settle()
    assert h.app.current_screen.name == "offers"
    assert len(h.app.announcer.history) == heard


def lyon_total(h: Harness) -> int:
    """How many places the API itself finds around Lyon (the results screen's search)."""
    return int(h.api.get("/api/v1/structures", place="Lyon", limit=1)["total"])


def test_network_calls_do_not_block_the_interface(harness: Harness) -> None:
    h = harness
    h.server.delay = 1.0  # a slow mobile network
    start = time.perf_counter()
    h.app.navigate("results", params={"place": "Lyon"})
    assert time.perf_counter() - start < 0.5  # the tap returns at once
    assert "Recherche en cours." in [w.text for w in h.app.focus.items()]
    frames_while_waiting = 0
    while h.app.runner.pending and frames_while_waiting < 10_000:
        h.frames(1)  # the interface keeps drawing and handling input meanwhile
        frames_while_waiting += 1
        time.sleep(0.005)
    assert frames_while_waiting >= 10
    h.settle()
    assert h.server.params("/api/v1/structures")[-1]["place"] == "Lyon"
    assert h.app.announcer.last.startswith(f"{lyon_total(h)} structures trouvées près de Lyon.")


def test_backend_unreachable_is_said_in_words_with_a_retry(harness: Harness) -> None:
    h = harness
    open_state(h, "results-offline")
    alert = h.app.focus.current
    assert alert.text.startswith("Erreur : Le service Total Accès ne répond pas.")
    assert h.app.announcer.last == alert.text
    h.server.down = False
    retry = tab_to(h, "Réessayer")
    assert retry.a11y_hint
    h.key(13)
    h.settle()
    assert h.app.announcer.last.startswith(f"{lyon_total(h)} structures trouvées")


def test_unknown_commune_offers_the_candidates(harness: Harness) -> None:
    h = harness
    h.app.navigate("results", params={"place": "Lyonnaisville"})
    h.settle()
    assert h.app.announcer.last.startswith("Erreur : Je ne connais pas le lieu « Lyonnaisville ».")
    # the candidates the service proposes, each a button
    candidates = httpx.get(
        f"{h.api.base_url}/api/v1/structures", params={"place": "Lyonnaisville"}
    ).json()["candidates"]
    assert len(candidates) >= 2 and ("Lyon", "Rhône") in [
        (c["nom"], c["departement_nom"]) for c in candidates
    ]
    choice = tab_to(h, f"{candidates[0]['nom']} ({candidates[0]['departement_nom']})")
    assert choice.a11y_role == "bouton"
    tab_to(h, "Lyon (Rhône)")
    h.key(13)
    h.settle()
    # the chosen commune is sent by its INSEE code, never as text to be read again
    sent = h.server.requests[-1].url.params
    assert sent.get("code_insee") == "69123" and "place" not in sent
    assert h.app.current_screen.items and "près de Lyon" in h.app.announcer.last


def test_text_size_and_theme_settings_apply_everywhere_and_persist(harness: Harness) -> None:
    h = harness
    h.app.navigate("settings")
    heading = h.app.current_screen.heading
    size_before = heading.font_size
    tab_to(h, "Texte plus grand")
    h.key(13)
    h.key(13)
    assert h.app.announcer.last == "Taille du texte : 150 %."
    assert heading.font_size == pytest.approx(size_before * 1.5)
    home_heading = h.app.screen("home").heading
    assert home_heading.font_size == pytest.approx(size_before * 1.5)
    choice = tab_to(h, "Contraste élevé sombre")
    h.key(13)
    assert h.app.announcer.last == "Contraste élevé sombre, bouton radio, sélectionné"
    assert choice.text == "Contraste élevé sombre (choisi)"
    assert home_heading.color == [1.0, 1.0, 0.0, 1.0]
    saved = h.settings_dir.joinpath("settings.json").read_text()
    assert '"theme": "dark"' in saved and '"text_scale": 1.5' in saved
    tab_to(h, "Parler plus vite")
    h.key(13)
    assert h.app.announcer.rate == 200
    assert h.app.announcer.last == "Vitesse : 200 mots par minute."


def test_clock_directions_when_the_phone_has_a_compass(harness: Harness) -> None:
    h = harness
    h.app.set_direction_mode("clock")
    h.platform.heading = 0.0
    h.app.navigate("results", params=LYON_EPIDE)
    h.settle()
    nearest = h.api.get("/api/v1/structures", **LYON_EPIDE, limit=1)["items"][0]
    distance = nearest["distance_text"].removesuffix(" " + nearest["direction"])
    first = tab_to(h, "1. ")
    assert f"{distance}, à " in first.a11y_label and "heure" in first.a11y_label
    assert nearest["direction"] not in first.a11y_label
    h.platform.heading = None
    h.app.navigate("results", params=LYON_EPIDE)
    h.settle()
    assert any("Boussole indisponible" in w.text for w in h.app.focus.items())
    assert nearest["distance_text"] in tab_to(h, "1. ").a11y_label


def test_parler_without_microphone_feeds_the_dialogue_from_a_text_field(harness: Harness) -> None:
    h = harness
    tab_to(h, "Parler")
    h.key(13)
    h.settle()
    assert "Pas de micro" in h.app.current_screen.intro.text
    assert h.app.announcer.last == "Bonjour. Que cherchez-vous ?"
    tab_to(h, "Votre question")
    h.type_text("appelle la mission locale")
    h.key(13)
    h.settle()
    assert h.app.current_screen.dialogue.heard == ["appelle la mission locale"]
    assert h.app.announcer.last == "J'appelle la mission locale."
    assert h.platform.dialled == [DIALOGUE_PHONE]


def test_offer_apply_and_career_industry_section(harness: Harness) -> None:
    h = harness
    open_state(h, "offers")
    listed = h.api.get("/api/v1/offers", **h.server.params("/api/v1/offers")[-1])
    assert h.app.announcer.last.startswith(
        f"{listed['total']} stages trouvés. Ce sont des exemples"
    )
    item = tab_to(h, "1. Stage")
    assert "Exemple" in item.a11y_label
    h.key(13)
    h.settle()
    # an example offer: no "Postuler", the reason, and a counselor instead; nothing is dialled
    screen = h.app.current_screen
    shown = [str(w.text) for w in walk(screen) if hasattr(w, "text")]
    assert not any(t == "Postuler" for t in shown)
    assert any("personne ne lirait votre candidature" in t for t in shown)
    assert "personne ne lirait votre candidature" in h.app.announcer.last
    tab_to(h, "Être rappelé par un conseiller")
    h.key(13)
    h.settle()
    assert h.app.current_screen.screen_name == "callback"
    assert h.app.current_screen.topic == "training"
    assert h.platform.dialled == []
    # an offer an employer published takes applications: "Postuler", no example note. The API
    # gives its contact modes by name only (no number, no address), so the app has no direct
    # contact to open and offers a counselor instead, without dialling anything.
    from datetime import date

    offer_id = h.api.publish_offer(
        title="Stage de découverte en menuiserie",
        start_date=date(2027, 2, 26),
        end_date=date(2027, 3, 5),
    )
    h.app.navigate("offer", offer_id=offer_id)
    h.settle()
    shown = [str(w.text) for w in walk(h.app.current_screen) if hasattr(w, "text")]
    assert "Stage de découverte en menuiserie" in shown
    assert "Du 26 février au 5 mars 2027." in shown  # French dates, not 2027-02-26
    assert not any("personne ne lirait votre candidature" in t for t in shown)
    tab_to(h, "Postuler")
    h.key(13)
    assert h.app.announcer.last.startswith("Pas de contact direct")
    assert tab_to(h, "Être rappelé par un conseiller") and h.platform.dialled == []
    open_state(h, "careers")
    industry = h.api.get("/api/v1/careers", **h.server.params("/api/v1/careers")[-1])
    first = industry["items"][0]
    item = tab_to(h, first["label"])
    assert "Métier de l'industrie" in item.a11y_label
    h.key(13)
    h.settle()
    tab_to(h, "En savoir plus")
    h.key(13)
    assert h.platform.opened == [h.api.get(f"/api/v1/careers/{first['code']}")["onisep_url"]]


def test_parler_runs_the_real_voice_dialogue(
    harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    h = harness
    monkeypatch.setattr(h.app, "dialogue_factory", None)  # use voice.Dialogue itself
    h.app.navigate("talk")
    h.settle()
    assert h.app.announcer.last.startswith("Bonjour")
    for question in ("une mission locale à Lyon", "le premier", "appelle"):
        tab_to(h, "Votre question")
        h.type_text(question)
        h.key(13)
        h.settle()
    replies = [w.text for w in h.app.focus.items() if w.text.startswith("Total Accès : ")]
    assert "missions locales" in replies[1]
    nearest = h.api.get("/api/v1/structures", code_insee="69123", kind="mission_locale", limit=1)[
        "items"
    ][0]
    assert h.platform.dialled == [nearest["phone"]]


def test_every_screen_says_its_title_when_it_appears(harness: Harness) -> None:
    h = harness
    from mobile.app import SCREENS

    shown = [c for c in SCREENS[1:] if c.screen_name != "welcome"]  # first launch only
    for screen_class in shown:
        h.app.navigate(screen_class.screen_name)
        assert screen_class.title in h.app.announcer.history[-3:]
        assert h.app.current_screen.heading.text == screen_class.title
    h.key(27)
    assert h.app.announcer.last == shown[-2].title  # back: the previous screen says its title


def test_arrows_move_the_focus_and_space_or_enter_activate(harness: Harness) -> None:
    h = harness
    items = h.app.focus.items()
    h.key(274)  # down
    h.key(275)  # right
    assert h.app.focus.current is items[1]
    h.key(273)  # up
    assert h.app.focus.current is items[0]
    h.key(276)  # left wraps to the last one
    assert h.app.focus.current is items[-1] and items[-1].a11y_label == "Réglages"
    h.key(32)
    assert h.app.current_screen.name == "settings"


def test_the_focus_ring_is_drawn_around_the_focused_element_only(harness: Harness) -> None:
    import numpy as np

    from mobile.a11y import appearance
    from tests.support.harness import tab_to as _tab

    h = harness
    button = _tab(h, "Chercher un stage")
    theme = appearance.theme
    ring = np.array([round(c * 255) for c in theme.focus_inner[:3]])

    def ring_pixels() -> int:
        pixels = h.capture()[:, :, :3].astype(int)
        x, y = button.to_window(button.x, button.y)
        top = pixels.shape[0] - int(y + button.height)
        box = pixels[top : top + int(button.height), int(x) : int(x + button.width)]
        return int((np.abs(box - ring).max(axis=2) <= 8).sum())

    assert ring_pixels() > 2 * button.width  # a ring all around: at least top and bottom lines
    h.key(9)
    assert ring_pixels() == 0


def test_states_are_written_in_words_not_only_in_colour(harness: Harness) -> None:
    from mobile.a11y import A11yChoice, A11yToggle, walk

    h = harness
    for name in ("settings", "callback", "near", "offers"):
        h.app.navigate(name)
        for widget in walk(h.app.current_screen):
            if isinstance(widget, A11yToggle):
                before = (widget.text, widget.a11y_state())
                widget.a11y_activate()
                assert (widget.text, widget.a11y_state()) != before
                widget.a11y_activate()
                assert (widget.text, widget.a11y_state()) == before
            elif isinstance(widget, A11yChoice):
                assert widget.text.endswith("(choisi)") == widget.selected
    h.app.set_self_voicing(True)


def test_structures_around_my_position(harness: Harness) -> None:
    h = harness
    h.app.navigate("near")
    tab_to(h, "Utiliser ma position")
    h.key(13)
    assert h.app.announcer.last.startswith("Erreur : cet appareil ne donne pas sa position")
    h.platform.location = (45.76, 4.84)
    tab_to(h, "Utiliser ma position")  # the focus went to the message; back to the button
    h.key(13)
    h.settle()
    assert h.app.current_screen.name == "results"
    sent = h.server.params("/api/v1/structures")[-1]
    assert sent["lat"] == "45.76" and sent["lon"] == "4.84"
    around = h.api.get("/api/v1/structures", lat=45.76, lon=4.84, limit=1)
    assert h.app.announcer.last.startswith(f"{around['total']} structures trouvées.")


class _FakeListener:
    def __init__(self, heard: str) -> None:
        self.heard = heard
        self.grammar: list[str] | None = None

    def set_grammar(self, phrases: list[str] | None) -> list[str]:
        self.grammar = list(phrases or [])
        return self.grammar

    def expect(self, dialogue: Any) -> list[str]:
        from voice.grammar import phrases_for

        return self.set_grammar(phrases_for(dialogue))

    def listen(self, callback, stop=None):  # type: ignore[no-untyped-def]
        from types import SimpleNamespace

        callback(SimpleNamespace(text=self.heard))


def test_parler_with_a_microphone_feeds_what_was_heard_to_the_dialogue(
    harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    h = harness
    h.platform.microphone = True
    monkeypatch.setattr(h.app, "listener_factory", lambda: _FakeListener("appelle"))
    h.app.navigate("talk")
    h.settle()
    tab_to(h, "Écouter")
    h.key(13)
    h.settle()
    assert h.app.current_screen.dialogue.heard == ["appelle"]
    assert h.platform.dialled == [DIALOGUE_PHONE]

    def no_model() -> None:
        from voice import ModelNotFound

        raise ModelNotFound("Aucun modèle de reconnaissance vocale français n'est installé.")

    monkeypatch.setattr(h.app, "listener_factory", no_model)
    tab_to(h, "Écouter")
    h.key(13)
    h.settle()
    assert h.app.announcer.last.startswith("Erreur : Aucun modèle de reconnaissance vocale")
    monkeypatch.setattr(h.app, "listener_factory", lambda: _FakeListener(""))
    tab_to(h, "Écouter")
    h.key(13)
    h.settle()
    assert h.app.announcer.last.startswith("Erreur : je n'ai rien entendu.")


# -- Comprendre mes options ------------------------------------------------------------------------
def test_home_keeps_four_big_choices_and_parler_with_the_guides_as_a_secondary_button(
    harness: Harness,
) -> None:
    from kivy.metrics import dp

    from mobile.a11y import A11yButton, A11yToggle

    items = harness.app.focus.items()
    assert items[0].a11y_label == "Lecture de l'écran"  # the way in and out, first
    buttons = [w for w in items if isinstance(w, A11yButton) and not isinstance(w, A11yToggle)]
    big = [b.a11y_label for b in buttons if b.style != "link" and b.a11y_label != "Réglages"]
    assert len(big) == 5 and big[-1] == "Parler"
    guides = next(b for b in buttons if b.a11y_label == "Comprendre mes options")
    assert guides.style == "link" and guides.a11y_role == "bouton" and guides.a11y_hint
    assert guides.height >= dp(48) and guides.underline
    assert [b.a11y_label for b in buttons][-2:] == ["Comprendre mes options", "Réglages"]


def test_guides_theme_filter_and_voir_plus(harness: Harness) -> None:
    h = harness
    h.app.navigate("guides")
    h.settle()
    screen = h.app.current_screen
    total = h.api.get("/api/v1/guides", limit=1)["total"]
    assert total > 10  # more than one page
    assert [w.text for w in screen.summary_box.children] == [f"{total} guides."]
    tab_to(h, "Voir plus")
    h.key(13)
    h.settle()
    assert h.app.focus.current.a11y_label.startswith("11. ")
    toggle = tab_to(h, "Thème : Tous les thèmes")
    assert toggle.text.endswith("(fermé)") and toggle.a11y_state() == "réduit"
    h.key(32)
    assert toggle.text.endswith("(ouvert)")
    assert h.app.announcer.last.startswith("Thème : Tous les thèmes, bouton, développé.")
    h.settle()
    topics = {t["topic"]: t for t in h.api.get("/api/v1/guides/topics")["items"]}
    handicap = topics["handicap"]["count"]
    choice = tab_to(h, "Handicap : études et travail")
    assert choice.a11y_label == f"Handicap : études et travail, {handicap} guides"
    assert choice.a11y_role == "bouton radio"
    h.key(13)
    h.settle()
    assert h.server.requests[-1].url.params["topic"] == "handicap"
    assert h.app.announcer.last == (
        f"{handicap} guides trouvés, thème « Handicap : études et travail »."
    )
    assert toggle.text == "Thème : Handicap : études et travail (fermé)"
    assert not screen.topics_box.children  # folded again
    # a search keeps the theme; nothing found says what to try
    tab_to(h, "Votre question")
    h.type_text("zzz")
    h.key(13)
    h.settle()
    assert h.app.announcer.last.startswith(
        "Aucun guide trouvé pour « zzz », thème « Handicap : études et travail ». Essayez"
    )


def test_guides_when_the_backend_cannot_be_reached(harness: Harness) -> None:
    h = harness
    h.server.down = True
    h.app.navigate("guides")
    h.settle()
    alert = h.app.focus.current
    assert alert.text.startswith("Erreur : Le service Total Accès ne répond pas.")
    assert h.app.announcer.last == alert.text
    h.server.down = False
    tab_to(h, "Réessayer")
    h.key(13)
    h.settle()
    assert h.app.announcer.last == f"{h.api.get('/api/v1/guides', limit=1)['total']} guides."
    h.server.down = True
    h.app.navigate("guide", slug="rqth")
    h.settle()
    assert h.app.announcer.last.startswith("Erreur : Le service Total Accès ne répond pas.")
    h.server.down = False
    tab_to(h, "Réessayer")
    h.key(13)
    h.settle()
    assert h.app.announcer.last.startswith("C'est quoi la RQTH ? La R Q T H")
    assert h.server.params("/api/v1/guides")  # the list answered once the server came back
    h.app.navigate("guide", slug="inconnu")
    h.settle()
    assert h.app.announcer.last.startswith("Erreur : Aucun guide ne porte le nom « inconnu ».")


def test_a_structure_offers_the_guide_of_its_kind(
    harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    h = harness

    def nearest(kind: str) -> int:
        found = h.api.get("/api/v1/structures", code_insee="69123", kind=kind, limit=1)
        return int(found["items"][0]["id"])

    h.app.navigate("structure", structure_id=nearest("cio"))
    h.settle()
    assert "Comprendre : Que fait un CIO ?" in [w.a11y_label for w in h.app.focus.items()]
    mission_locale = nearest("mission_locale")
    h.app.navigate("structure", structure_id=mission_locale)
    h.settle()
    button = tab_to(h, "Comprendre : Que fait une Mission locale ?")
    assert button.a11y_hint
    guide_lists = [r for r in h.server.requests if r.url.path == "/api/v1/guides"]
    assert len(guide_lists) == 1  # the guides are asked once
    h.key(13)
    h.settle()
    assert h.app.current_screen.name == "guide"
    assert h.app.focus.current.text == "Que fait une Mission locale ?"
    # no guide list (old server, error): the fiche is shown, without the button
    from totalacces.client import ApiUnavailable

    def unavailable(client):  # type: ignore[no-untyped-def]
        raise ApiUnavailable(h.api.base_url)

    monkeypatch.setattr(h.app, "guide_summaries", unavailable)
    h.app.navigate("structure", structure_id=mission_locale)
    h.settle()
    labels = [w.a11y_label for w in h.app.focus.items()]
    assert "Partager" in labels and not any(a.startswith("Comprendre") for a in labels)


def test_a_source_that_cannot_be_opened_is_shown_as_text(
    harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    h = harness
    monkeypatch.setattr(h.platform, "open_url", lambda url: False)
    guide = h.api.get("/api/v1/guides/cio")
    assert guide["last_checked"] == "2026-12-03"
    h.app.navigate("guide", slug="cio")
    h.settle()
    texts = [w.text for w in h.app.focus.items()]
    assert "Vérifié le 3 décembre 2026." in texts
    source = next(s for s in guide["sources"] if s["read"])
    assert f"{source['title']} (lue le 3 décembre 2026)" in texts  # the day it was read
    tab_to(h, source["title"])
    h.key(13)
    assert h.app.announcer.last == (
        f"Impossible d'ouvrir la page sur cet appareil. Son adresse : {source['url']}"
    )


def test_a_page_that_arrives_late_shows_its_focused_title(harness: Harness) -> None:
    """On a slow network the answer is laid out after the focus moved: the view follows it."""
    h = harness
    h.server.delay = 0.3
    h.app.navigate("guide", slug="rqth")
    h.settle()
    heading = h.app.focus.current
    assert heading.text == "C'est quoi la RQTH ?"
    view = h.app.current_screen.scroll
    _x, y = heading.to_window(heading.x, heading.y)
    _vx, view_y = view.to_window(view.x, view.y)
    assert view_y <= y and y + heading.height <= view_y + view.height


def test_a_place_is_reported_from_its_fiche_with_a_reason_by_keyboard(harness: Harness) -> None:
    import json

    h = harness
    found = h.api.get("/api/v1/structures", code_insee="69123", kind="cio", limit=1)
    place_id = int(found["items"][0]["id"])
    h.app.navigate("structure", structure_id=place_id)
    h.settle()
    button = tab_to(h, "Signaler une erreur")
    assert button.a11y_hint
    h.key(13)
    h.settle()
    assert h.app.announcer.last == "Qu'est-ce qui ne va pas ? Choisissez une réponse."
    assert not [r for r in h.server.requests if r.url.path == "/api/v1/reports"]
    tab_to(h, "Le lieu est fermé")
    h.key(13)
    h.settle()
    sent = [r for r in h.server.requests if r.url.path == "/api/v1/reports"]
    assert [json.loads(r.content) for r in sent] == [
        {"target": "structure", "target_id": place_id, "reason": "closed", "source": "app"}
    ]
    assert h.app.announcer.last.startswith("Merci.")
    h.app.navigate("structure", structure_id=place_id)  # opened again: it says so
    h.settle()
    assert "Signalé comme à vérifier" in h.app.announcer.last or any(
        "Signalé comme à vérifier" in str(getattr(w, "text", "")) for w in h.app.focus.items()
    )


def test_a_structure_says_when_it_is_open_or_that_its_hours_are_unknown(harness: Harness) -> None:
    """The place's hours as the API tells them (now, then the week); none: said plainly."""
    from sqlalchemy import create_engine, update

    from backend.models import Structure

    h = harness
    found = h.api.get("/api/v1/structures", code_insee="69123", kind="cio", limit=2)["items"]
    engine = create_engine(str(h.api.database_url))
    with engine.begin() as connection:
        connection.execute(
            update(Structure)
            .where(Structure.id == found[0]["id"])
            .values(opening_hours="Mo-Su 00:00-24:00")
        )
    try:
        h.app.navigate("structure", structure_id=found[0]["id"])
        h.settle()
        texts = [w.text for w in h.app.focus.items()]
        assert "Horaires : Ouvert en ce moment, 24 heures sur 24." in texts
        assert sum(t.endswith(" : 24 heures sur 24") for t in texts) == 7  # the week, day by day
        assert any(t.endswith("(aujourd'hui) : 24 heures sur 24") for t in texts)
        h.app.navigate("structure", structure_id=found[1]["id"])
        h.settle()
        texts = [w.text for w in h.app.focus.items()]
        assert "Horaires : je n'ai pas les horaires de ce lieu." in texts
    finally:
        with engine.begin() as connection:
            connection.execute(
                update(Structure).where(Structure.id == found[0]["id"]).values(opening_hours=None)
            )
        engine.dispose()


def test_a_malformed_answer_is_an_error_with_a_retry_not_a_crash(harness: Harness) -> None:
    """A server that sends `total: "x"` once crashed the event loop."""
    h = harness
    h.server.corrupt["/api/v1/structures"] = {"items": [], "total": "x"}
    h.app.navigate("results", params={"place": "Lyon"})
    h.settle()
    alert = h.app.focus.current
    assert alert.text == "Erreur : Le service a un problème. Réessayez dans un moment."
    assert h.app.announcer.last == alert.text
    h.server.corrupt.clear()
    tab_to(h, "Réessayer")
    h.key(13)
    h.settle()
    total = h.api.get("/api/v1/structures", place="Lyon", limit=1)["total"]
    assert h.app.current_screen.total == total and h.app.current_screen.items
