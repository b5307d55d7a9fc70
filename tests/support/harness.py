"""The one Kivy app of a test process, driven as a person would (keys, touches, swipes).

Kivy has one Window per process, so a process shares one app (``get_harness()``), reset between
tests. The app talks to the real API (``tests.support.backend.bundled_api()``: the bundled data)
through ``Harness.server``, a ``Recorder`` that keeps the requests and plays an unreachable or slow
server on demand. ``SCREEN_STATES`` opens every screen with content shown, for the accessibility
checks.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from tests.support.backend import LocalApi, Recorder, bundled_api
from tests.support.headless import configure_headless

#: The number the stand-in dialogue dials when asked to call.
DIALOGUE_PHONE = "04 78 10 34 56"


class FakeDialogue:
    """Stands for voice.Dialogue in app tests (the real one is tested in tests/voice and in
    ``test_parler_runs_the_real_voice_dialogue``): text in, Reply(text, actions) out."""

    def __init__(self, client: Any = None, position: Any = None) -> None:
        self.client = client
        self.position = position
        self.heard: list[str] = []

    def start(self) -> Any:
        return SimpleNamespace(text="Bonjour. Que cherchez-vous ?", actions=[], state="start")

    def handle(self, text: str) -> Any:
        self.heard.append(text)
        if "appelle" in text:
            action = SimpleNamespace(kind="dial", data={"phone": DIALOGUE_PHONE})
            return SimpleNamespace(text="J'appelle la mission locale.", actions=[action], state="x")
        return SimpleNamespace(text=f"Vous avez dit : {text}.", actions=[], state="x")


# -- the shared app ---------------------------------------------------------------------------
class Harness:
    """One app for the whole test session; `reset()` puts it back to the Accueil, default settings."""

    def __init__(self, api: LocalApi | None = None) -> None:
        configure_headless()
        from kivy.base import EventLoop
        from kivy.core.window import Window

        from mobile.app import TotalAccesApp
        from mobile.platform.fake import FakePlatform
        from totalacces.client import ApiClient

        self.Window = Window
        self.EventLoop = EventLoop
        self.api = api or bundled_api()
        self.server: Recorder = self.api.recorder()
        self.platform = FakePlatform()
        self.settings_dir = Path(tempfile.mkdtemp(prefix="totalacces-settings-"))
        self.default_client = ApiClient(self.api.base_url, timeout=20, transport=self.server)
        self.app = TotalAccesApp(
            client=self.default_client,
            platform=self.platform,
            settings_path=self.settings_dir / "settings.json",
            dialogue_factory=FakeDialogue,
        )
        self.app._run_prepare()
        assert tuple(Window.size) == (480, 800), "the window was opened before configure_headless()"
        self.visited: set[str] = set()
        self.app.sm.bind(current=lambda _sm, name: self.visited.add(name))  # type: ignore[union-attr]
        self.frames(3)

    # -- driving ---------------------------------------------------------------------------------
    def frames(self, n: int = 1) -> None:
        for _ in range(n):
            self.EventLoop.idle()

    def settle(self, timeout: float = 5.0) -> None:
        """Run frames until no API call is pending and layouts are stable."""
        deadline = time.monotonic() + timeout
        self.frames(2)
        while self.app.runner.pending and time.monotonic() < deadline:
            time.sleep(0.005)
            self.frames(1)
        self.frames(3)

    def wait_for(self, condition: Callable[[], bool], timeout: float = 5.0) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self.frames(1)
            if condition():
                return True
            time.sleep(0.005)
        return condition()

    def reset(self, client: Any = None, reading: bool | None = True) -> None:
        """Back to the Accueil. ``reading``: screen-reader mode on (what most of the suite
        drives: gestures, speech) or off, the question answered; None: a first launch, the
        question not asked yet (the default settings)."""
        from mobile.a11y import appearance
        from mobile.settings import AppSettings

        app = self.app
        self.server.clear()
        self.platform.__init__()  # type: ignore[misc]
        app.client = client or self.default_client
        self.settle()
        self.server.clear()  # what a pending call of the previous test sent is not this test's
        app.settings = (
            AppSettings()
            if reading is None
            else AppSettings(self_voicing=reading, reading_asked=True)
        )
        if self.app.settings_path is not None and self.app.settings_path.exists():
            self.app.settings_path.unlink()
        appearance.theme_key = app.settings.theme
        appearance.text_scale = app.settings.text_scale
        self.Window.clearcolor = appearance.theme.background
        app.announcer.enabled = app.settings.self_voicing
        app.talkback = False
        app.position = None
        app.speech_problem = None
        app.recognizer.tap_activates = False
        app.recognizer._pending_tap = None
        app.history.clear()
        for name in self.visited | {"home", "settings"}:
            app.screen(name).rebuild()
        self.visited.clear()
        app.sm.current = "home"  # type: ignore[union-attr]
        app.screen_entered(app.current_screen)
        app.announcer.history.clear()
        if reading is None:
            app.on_start()  # a first launch: the question comes
        self.settle()

    def key(
        self, key: int, modifiers: list[str] | None = None, codepoint: str | None = None
    ) -> None:
        """A key press as SDL delivers it: on_key_down, on_keyboard, then on_key_up."""
        mods = modifiers or []
        self.Window.dispatch("on_key_down", key, 0, codepoint, mods)
        self.Window.dispatch("on_keyboard", key, 0, codepoint, mods)
        self.Window.dispatch("on_key_up", key, 0)
        self.frames(1)

    def type_text(self, text: str) -> None:
        self.Window.dispatch("on_textinput", text)
        self.frames(1)

    def touch(self, points: list[tuple[float, float]], hold: float = 0.0) -> None:
        from kivy.tests.common import UnitTestTouch

        t = UnitTestTouch(*points[0])
        t.touch_down()
        if hold:
            time.sleep(hold)
        for x, y in points[1:]:
            t.touch_move(x, y)
        t.touch_up()
        self.frames(1)

    def swipe(self, direction: int) -> None:
        """direction +1: to the right (next), -1: to the left (previous)."""
        w, h = self.Window.size
        y = h / 2
        xs = [w * 0.2, w * 0.5, w * 0.8] if direction > 0 else [w * 0.8, w * 0.5, w * 0.2]
        self.touch([(x, y) for x in xs])

    def double_tap(self) -> None:
        w, h = self.Window.size
        self.touch([(w / 2, h / 2)])
        self.touch([(w / 2, h / 2)])
        self.settle()

    # -- reading pixels --------------------------------------------------------------------------
    def capture(self):  # type: ignore[no-untyped-def]
        """The window's pixels as a numpy array (rows from the top), read just before the flip."""
        import numpy as np
        from kivy.graphics.opengl import GL_RGBA, GL_UNSIGNED_BYTE, glReadPixels

        out: dict[str, Any] = {}

        def grab(*_: Any) -> None:
            w, h = self.Window.size
            data = glReadPixels(0, 0, w, h, GL_RGBA, GL_UNSIGNED_BYTE)
            out["pixels"] = np.frombuffer(data, dtype=np.uint8).reshape(h, w, 4)[::-1]

        self.Window.bind(on_flip=grab)
        try:
            self.Window.canvas.ask_update()
            self.frames(1)
        finally:
            self.Window.unbind(on_flip=grab)
        return out["pixels"]

    def screenshot(self, path: Path) -> Path:
        """Write a PNG of the window (Kivy appends a number; we rename to `path`)."""
        path.parent.mkdir(parents=True, exist_ok=True)
        self.Window.canvas.ask_update()
        self.frames(1)
        written = self.Window.screenshot(name=str(path.with_suffix("")) + ".png")
        final = Path(written)
        if final != path:
            final.replace(path)
        return path


_harness: Harness | None = None


def get_harness() -> Harness:
    global _harness
    if _harness is None:
        _harness = Harness()
    return _harness


# -- every screen, in a state that shows its content --------------------------------------------
def first_structure_id(h: Harness) -> int:
    """The nearest Mission locale of Lyon, as the API lists it."""
    found = h.api.get("/api/v1/structures", code_insee="69123", kind="mission_locale", limit=1)
    return int(found["items"][0]["id"])


def first_offer_id(h: Harness) -> int:
    found = h.api.get("/api/v1/offers", code_insee="69123", limit=1)
    return int(found["items"][0]["id"])


def _offers(h: Harness) -> None:
    h.app.navigate("offers")
    h.app.current_screen.search()  # type: ignore[attr-defined]


def _careers(h: Harness) -> None:
    h.app.navigate("careers")
    h.app.current_screen.industry()  # type: ignore[attr-defined]


def _guides(h: Harness) -> None:
    """The guides listed and the themes unfolded: all widgets shown."""
    h.app.navigate("guides")
    h.app.current_screen.topic_toggle.a11y_activate()  # type: ignore[attr-defined]


def _offline(h: Harness) -> None:
    h.server.down = True
    h.app.navigate("results", params={"place": "Lyon"})


SCREEN_STATES: dict[str, Callable[[Harness], None]] = {
    "home": lambda h: None,
    "near": lambda h: h.app.navigate("near"),
    "results": lambda h: h.app.navigate("results", params={"place": "Lyon"}),
    "results-offline": _offline,
    "structure": lambda h: h.app.navigate("structure", structure_id=first_structure_id(h)),
    "offers": _offers,
    "offer": lambda h: h.app.navigate("offer", offer_id=first_offer_id(h)),
    "careers": _careers,
    "career": lambda h: h.app.navigate("career", code="H2913"),
    "callback": lambda h: h.app.navigate("callback"),
    "callback_status": lambda h: h.app.navigate("callback_status"),
    "settings": lambda h: h.app.navigate("settings"),
    "talk": lambda h: h.app.navigate("talk"),
    "guides": _guides,
    "guide": lambda h: h.app.navigate("guide", slug="rqth"),
    "welcome": lambda h: h.app.ask_reading(),
}


def open_state(h: Harness, state: str, theme: str = "default", text_scale: float = 1.0) -> None:
    h.reset()
    if theme != "default":
        h.app.set_theme(theme)
    if text_scale != 1.0:
        h.app.set_text_scale(text_scale)
    SCREEN_STATES[state](h)
    h.settle()


# -- moving like a person who cannot see the screen ---------------------------------------------
def _move_to(h: Harness, label: str, step: Callable[[], None], limit: int = 80) -> Any:
    for _ in range(limit):
        step()
        current = h.app.focus.current
        if current is not None and current.a11y_label.lower().startswith(label.lower()):
            return current
    raise AssertionError(f"focus never reached {label!r}; heard: {h.app.announcer.history[-5:]}")


def tab_to(h: Harness, label: str) -> Any:
    """Press Tab until the focused element's label starts with `label`."""
    return _move_to(h, label, lambda: h.key(9))


def swipe_to(h: Harness, label: str) -> Any:
    """Swipe right until the focused element's label starts with `label`."""
    return _move_to(h, label, lambda: h.swipe(+1))
