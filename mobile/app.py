"""The Total Accès Kivy app: screens, navigation, focus, self-voicing, gestures and settings."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kivy.app import App
from kivy.clock import Clock
from kivy.core.window import Window
from kivy.graphics import Color, Rectangle
from kivy.metrics import dp
from kivy.uix.floatlayout import FloatLayout
from kivy.uix.screenmanager import NoTransition, ScreenManager
from kivy.uix.textinput import TextInput

from mobile import a11y
from mobile.a11y import A11yTextInput, FocusManager, appearance
from mobile.background import BackgroundRunner
from mobile.gestures import DOUBLE_TAP_INTERVAL, Gesture, GestureRecognizer
from mobile.guide_content import best_guide_for_kind
from mobile.platform import Platform, get_platform
from mobile.screens.base import BaseScreen
from mobile.screens.callback import CallbackScreen, CallbackStatusScreen
from mobile.screens.careers import CareerScreen, CareersScreen
from mobile.screens.guides import GuideScreen, GuidesScreen
from mobile.screens.home import HomeScreen
from mobile.screens.offers import OfferScreen, OffersScreen
from mobile.screens.settings import SettingsScreen
from mobile.screens.structures import NearScreen, ResultsScreen, StructureScreen
from mobile.screens.talk import TalkScreen
from mobile.screens.welcome import WelcomeScreen
from mobile.settings import AppSettings
from mobile.speech import Announcer
from mobile.themes import THEMES

if TYPE_CHECKING:
    from totalacces.client import ApiClient

SCREENS: tuple[type[BaseScreen], ...] = (
    HomeScreen,
    NearScreen,
    ResultsScreen,
    StructureScreen,
    OffersScreen,
    OfferScreen,
    CareersScreen,
    CareerScreen,
    CallbackScreen,
    CallbackStatusScreen,
    SettingsScreen,
    TalkScreen,
    GuidesScreen,
    GuideScreen,
    WelcomeScreen,
)

TALKBACK_SENTENCE = (
    "TalkBack est actif : l'application parle elle-même ; balayez à deux doigts vers la droite "
    "ou la gauche pour passer d'un élément à l'autre, et touchez deux fois pour activer."
)

NO_COMPASS = "Pas de boussole sur cet appareil : les directions restent en points cardinaux."
READING_ON = (
    "Lecture de l'écran activée. Balayez vers la droite ou la gauche pour passer d'un élément à "
    "l'autre, touchez deux fois pour activer."
)
READING_OFF = "Lecture de l'écran désactivée : touchez un bouton pour l'activer."

KEY_TAB, KEY_ENTER, KEY_KP_ENTER, KEY_SPACE, KEY_ESCAPE = 9, 13, 271, 32, 27
KEY_UP, KEY_DOWN, KEY_RIGHT, KEY_LEFT = 273, 274, 275, 276


class A11yRoot(FloatLayout):
    """Paints the theme background; in self-voicing mode, turns touches into gestures."""

    def __init__(self, app: TotalAccesApp, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.app = app
        with self.canvas.before:
            self._bg_color = Color(*appearance.theme.background)
            self._bg = Rectangle(pos=self.pos, size=self.size)
        self.bind(pos=self._redraw, size=self._redraw)
        appearance.bind(theme_key=self._redraw)

    def _redraw(self, *_: Any) -> None:
        self._bg_color.rgba = appearance.theme.background
        self._bg.pos, self._bg.size = self.pos, self.size

    def on_touch_down(self, touch: Any) -> bool:
        if touch.is_mouse_scrolling:
            return super().on_touch_down(touch)
        if not self._uses_gestures(touch):
            # plain touch or mouse click: the element also takes the focus (ring, keyboard) and,
            # with self-voicing on, is spoken; the click then acts as usual
            widget = self.app.focus.widget_at(touch.x, touch.y)
            if widget is not None and widget is not self.app.focus.current:
                self.app.focus.focus(widget, announce=self.app.settings.self_voicing, scroll=False)
            return super().on_touch_down(touch)
        self.app.recognizer.down(touch.x, touch.y, time.perf_counter())
        return True

    def _uses_gestures(self, touch: Any) -> bool:
        """Self-voicing gestures are for touch screens; a desktop mouse clicks as usual."""
        return self.app.gestures_active and getattr(touch, "device", "") != "mouse"

    def on_touch_move(self, touch: Any) -> bool:
        if not self._uses_gestures(touch) or touch.is_mouse_scrolling:
            return super().on_touch_move(touch)
        return True

    def on_touch_up(self, touch: Any) -> bool:
        if not self._uses_gestures(touch) or touch.is_mouse_scrolling:
            return super().on_touch_up(touch)
        gesture = self.app.recognizer.up(touch.x, touch.y, time.perf_counter())
        if gesture is not None:
            self.app.on_gesture(gesture)
        elif self.app.recognizer.waiting:
            Clock.schedule_once(self.app.flush_tap, DOUBLE_TAP_INTERVAL + 0.01)
        return True


class TotalAccesApp(App):
    title = "Total Accès"

    def __init__(
        self,
        api_url: str | None = None,
        client: ApiClient | None = None,
        platform: Platform | None = None,
        settings_path: Path | None = None,
        dialogue_factory: Callable[..., Any] | None = None,
        listener_factory: Callable[[], Any] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.api_url = api_url
        self._client = client
        self.platform = platform or get_platform()
        self.settings_path = settings_path
        self.settings = AppSettings()
        self.runner = BackgroundRunner()
        self.announcer = Announcer(
            engine_factory=lambda: self.platform.make_speech_engine(self.settings.speech_rate),
            on_unavailable=self._speech_unavailable,
        )
        #: why the app cannot speak (e.g. no French voice), shown in Réglages; None when it can
        self.speech_problem: str | None = None
        #: the person's last position fix ("Utiliser ma position"), for the voice dialogue too
        self.position: tuple[float, float] | None = None
        self.focus = FocusManager(self.say)
        self.recognizer = GestureRecognizer()
        self.talkback = False
        self.history: list[str] = []
        self.dialogue_factory = dialogue_factory
        self.listener_factory = listener_factory
        self.sm: ScreenManager | None = None
        #: (client, every guide summary): what the structure detail needs to offer its guide
        self._guide_summaries: tuple[Any, list[dict[str, Any]]] | None = None
        self._guides_lock = threading.Lock()

    @property
    def client(self) -> ApiClient:
        """Created on first use, on a worker thread: httpx is not needed for the first frame."""
        if self._client is None:
            from totalacces.client import ApiClient

            self._client = ApiClient(self.api_url)
        return self._client

    @client.setter
    def client(self, value: ApiClient) -> None:
        self._client = value
        self._guide_summaries = None

    # -- guides (called on worker threads) ------------------------------------------------------
    def guide_summaries(self, client: ApiClient) -> list[dict[str, Any]]:
        """Every guide's summary (slug, title, helpers...), asked once per client: 38 guides."""
        with self._guides_lock:
            cached = self._guide_summaries
            if cached is not None and cached[0] is client:
                return cached[1]
            items: list[dict[str, Any]] = []
            while True:
                page = client.guides(limit=50, offset=len(items))
                new = list(page.get("items", []))
                items.extend(new)
                if not new or len(items) >= int(page.get("total", 0)):
                    break
            self._guide_summaries = (client, items)
            return items

    def guide_for_kind(self, client: ApiClient, kind: str | None) -> dict[str, Any] | None:
        """The guide that explains a kind of structure, or None (also when the guides cannot be
        read: the structure is still shown, without its "Comprendre" button)."""
        from totalacces.client import ApiError, ApiUnavailable

        if not kind:
            return None
        try:
            return best_guide_for_kind(self.guide_summaries(client), kind)
        except (ApiError, ApiUnavailable, ValueError):
            return None

    # -- build ----------------------------------------------------------------------------------
    def build(self) -> A11yRoot:
        if self.settings_path is None:
            self.settings_path = self._default_settings_path()
        self.settings = AppSettings.load(self.settings_path)
        appearance.theme_key = self.settings.theme
        appearance.text_scale = self.settings.text_scale
        self.announcer.enabled = self.settings.self_voicing
        self.announcer.set_rate(self.settings.speech_rate)
        self.recognizer.swipe_min = dp(60)
        self.recognizer.tap_max_move = dp(16)
        a11y.focus_hook = lambda widget: self.focus.focus(widget)
        Window.clearcolor = appearance.theme.background
        Window.bind(on_key_down=self._on_key_down, on_keyboard=self._on_keyboard)
        root = A11yRoot(self)
        self.sm = ScreenManager(transition=NoTransition())
        self.sm.add_widget(HomeScreen(self))  # the others are built when first shown
        root.add_widget(self.sm)
        return root

    def _default_settings_path(self) -> Path | None:
        try:
            return Path(self.user_data_dir) / "settings.json"
        except OSError:  # e.g. ~/.config missing: create it, or keep settings in memory only
            folder = Path(os.environ.get("XDG_CONFIG_HOME", Path.home() / ".config")) / "totalacces"
            try:
                folder.mkdir(parents=True, exist_ok=True)
                return folder / "settings.json"
            except OSError:
                return None

    def on_start(self) -> None:
        self.screen_entered(self.current_screen)
        self.check_screen_reader()
        if not self.settings.reading_asked:
            self.ask_reading()
        self.update_compass()

    # -- first launch: "Voulez-vous que l'application lise l'écran ?" ----------------------------
    def ask_reading(self) -> None:
        """The one question of the first launch, spoken and shown with two big buttons."""
        assert self.sm is not None
        self.history.clear()
        self.sm.current = self.screen("welcome").name
        self.screen_entered(self.current_screen)

    def answer_reading(self, on: bool) -> None:
        self.settings.reading_asked = True
        self.set_self_voicing(on)
        assert self.sm is not None
        self.history.clear()
        self.sm.current = "home"
        self.screen_entered(self.current_screen)

    def on_resume(self) -> bool:
        if self.speech_problem is not None:  # a French voice may have been installed meanwhile
            self.speech_problem = None
            self._show_speech_problem_in_settings()
            self.announcer.reset_engine()
        self.check_screen_reader()
        self.update_compass()
        return True

    def on_pause(self) -> bool:
        self.platform.stop_compass()  # no sensor running while the app is in the background
        return True

    def on_stop(self) -> None:
        Window.unbind(on_key_down=self._on_key_down, on_keyboard=self._on_keyboard)
        self.platform.stop_compass()
        self.announcer.stop()

    def update_compass(self) -> None:
        """The compass is on while clock-face directions are chosen (and the app is in front): a
        magnetometer needs a moment before its first measure, so it is not turned on on demand."""
        if self.settings.direction_mode == "clock":
            self.platform.start_compass()
        else:
            self.platform.stop_compass()

    @property
    def current_screen(self) -> BaseScreen:
        assert self.sm is not None
        return self.sm.current_screen  # type: ignore[return-value]

    def screen(self, name: str) -> BaseScreen:
        assert self.sm is not None
        if not self.sm.has_screen(name):
            screen_class = next(c for c in SCREENS if c.screen_name == name)
            self.sm.add_widget(screen_class(self))
        return self.sm.get_screen(name)  # type: ignore[return-value]

    # -- screen reader detection ----------------------------------------------------------------
    @property
    def gestures_active(self) -> bool:
        return self.settings.self_voicing or self.talkback

    def check_screen_reader(self) -> None:
        try:
            on = self.platform.touch_exploration_enabled()
        except Exception:
            on = False
        if on and not self.talkback:
            self.talkback = True
            self.recognizer.tap_activates = True
            if not self.settings.self_voicing or not self.settings.reading_asked:
                self.settings.self_voicing = True
                self.settings.reading_asked = True  # TalkBack answered the question
                self.announcer.enabled = True
                self.settings.save(self.settings_path)
                self._sync_reading_switches()
            if self.sm is not None and self.sm.current == "welcome":
                self.answer_reading(True)
            self.announcer.say(TALKBACK_SENTENCE, force=True)
        elif not on and self.talkback:
            self.talkback = False
            self.recognizer.tap_activates = False

    # -- navigation -----------------------------------------------------------------------------
    def navigate(self, name: str, **params: Any) -> None:
        assert self.sm is not None
        screen = self.screen(name)
        if self.sm.current != name:
            self.history.append(self.sm.current)
        self.sm.current = name
        self.screen_entered(screen)
        screen.prepare(**params)

    def go_back(self) -> None:
        assert self.sm is not None
        if not self.history:
            self.say("Vous êtes à l'accueil.")
            return
        name = self.history.pop()
        self.sm.current = name
        self.screen_entered(self.screen(name))

    def screen_entered(self, screen: BaseScreen) -> None:
        self.focus.set_root(screen)
        screen.scroll.scroll_y = 1
        if screen.reading_switch is not None:
            screen.reading_switch.active = self.settings.self_voicing
        self.announcer.say(screen.announcement(), force=screen.always_spoken)

    # -- speech ---------------------------------------------------------------------------------
    def say(self, text: str) -> None:
        self.announcer.say(text)

    def _speech_unavailable(self, message: str) -> None:
        """Called by the announcer's worker thread when no speech engine can be made."""
        Clock.schedule_once(lambda _dt: self.show_speech_problem(message), 0)

    def show_speech_problem(self, message: str) -> None:
        """The app cannot speak: say so where it can be seen (a toast, which TalkBack reads, and
        Réglages), rather than reading French with a foreign voice."""
        if message == self.speech_problem:
            return
        self.speech_problem = message
        self.platform.notify(message)
        self._show_speech_problem_in_settings()

    def _show_speech_problem_in_settings(self) -> None:
        if self.sm is not None and self.sm.has_screen("settings"):
            self.screen("settings").show_speech_problem()  # type: ignore[attr-defined]

    def focus_and_say(self, widget: Any, text: str) -> None:
        if widget.parent is None or self.focus.root is None:
            return
        if widget not in a11y.focusables(self.focus.root):
            return  # the screen changed meanwhile
        self.focus.focus(widget, announce=False)
        self.say(text)

    # -- background work ------------------------------------------------------------------------
    def call_api(
        self,
        job: Callable[[ApiClient], Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[Exception], None],
        lane: str | None = None,
    ) -> None:
        """`job` on a worker thread; jobs of one `lane` run one at a time, in order."""
        self.runner.run(lambda: job(self.client), on_done, on_error, lane=lane)

    def focus_quietly(self, widget: Any) -> None:
        """Move the focus without speaking (the screen says something else itself)."""
        self.focus.focus(widget, announce=False)

    def on_ui_thread(self, func: Callable[..., Any]) -> Callable[..., None]:
        def wrapper(*args: Any) -> None:
            Clock.schedule_once(lambda _dt: func(*args), 0)

        return wrapper

    def set_position(self, lat: float, lon: float) -> None:
        """A position fix the person asked for ("Utiliser ma position")."""
        self.position = (float(lat), float(lon))

    def make_dialogue(self) -> Any:
        """The voice dialogue, searching around the person when their position is known."""
        if self.dialogue_factory is not None:
            return self.dialogue_factory(self.client, position=self.position)
        from voice import Dialogue

        return Dialogue(self.client, position=self.position)

    def speech_input_available(self) -> bool:
        """A microphone and a recognizer (vosk) to use it."""
        if not self.platform.has_microphone():
            return False
        if self.listener_factory is not None:
            return True
        import importlib.util

        return importlib.util.find_spec("vosk") is not None

    def make_listener(self) -> Any:
        """voice.Listener (vosk); raises voice.ModelNotFound without a French model."""
        if self.listener_factory is not None:
            return self.listener_factory()
        from voice import Listener

        return Listener()

    # -- settings -------------------------------------------------------------------------------
    def _save(self) -> None:
        self.settings.save(self.settings_path)

    def set_self_voicing(self, on: bool) -> None:
        """Screen-reader mode on or off (speech and gestures), from any screen's switch,
        Réglages or the first-launch question."""
        self.settings.self_voicing = bool(on)
        self.settings.reading_asked = True
        self.announcer.enabled = bool(on)
        self._save()
        self._sync_reading_switches()
        self.announcer.say(READING_ON if on else READING_OFF, force=True)

    def _sync_reading_switches(self) -> None:
        if self.sm is None:
            return
        for screen in self.sm.screens:
            switch = getattr(screen, "reading_switch", None)
            if switch is not None:
                switch.active = self.settings.self_voicing
            settings_toggle = getattr(screen, "voice_toggle", None)
            if settings_toggle is not None:
                settings_toggle.active = self.settings.self_voicing

    def set_speech_rate(self, rate: int) -> None:
        self.settings.speech_rate = int(rate)
        self.announcer.set_rate(int(rate))
        self._save()

    def set_text_scale(self, scale: float) -> None:
        self.settings.text_scale = float(scale)
        appearance.text_scale = float(scale)
        self._save()

    def set_theme(self, key: str) -> None:
        self.settings.theme = key
        appearance.theme_key = key
        Window.clearcolor = appearance.theme.background
        self._save()
        self.say(f"Couleurs : {THEMES[key].label}.")

    def set_direction_mode(self, mode: str, announce: bool = True) -> str | None:
        """Returns (and says, with `announce`) the warning when the device has no compass."""
        self.settings.direction_mode = mode
        self._save()
        self.update_compass()
        if mode == "clock" and not self.platform.has_compass():
            if announce:
                self.say(NO_COMPASS)
            return NO_COMPASS
        return None

    # -- input ----------------------------------------------------------------------------------
    def on_gesture(self, gesture: Gesture) -> None:
        if gesture.kind == "swipe_right":
            self.focus.next()
        elif gesture.kind == "swipe_left":
            self.focus.previous()
        elif gesture.kind == "tap":
            widget = self.focus.widget_at(gesture.x, gesture.y)
            if widget is not None:
                self.focus.focus(widget, scroll=False)
        elif gesture.kind == "activate" and not self.focus.activate():
            self.say("Rien à activer ici. Balayez vers la droite pour choisir un élément.")
        elif gesture.kind in ("swipe_up", "swipe_down"):
            self.scroll_page(1 if gesture.kind == "swipe_up" else -1)

    def scroll_page(self, direction: int) -> None:
        """A vertical swipe in screen-reader mode moves the screen by most of a page (a finger
        dragged up shows what is below), as dragging does without it."""
        scroll = self.current_screen.scroll
        content = scroll.children[0] if scroll.children else None
        if content is None or content.height <= scroll.height:
            return
        step = 0.8 * scroll.height / (content.height - scroll.height)
        scroll.scroll_y = max(0.0, min(1.0, scroll.scroll_y - direction * step))
        if direction > 0 and scroll.scroll_y <= 0.0:
            self.say("Fin de la page.")
        elif direction < 0 and scroll.scroll_y >= 1.0:
            self.say("Haut de la page.")

    def flush_tap(self, *_: Any) -> None:
        now = time.perf_counter()
        gesture = self.recognizer.flush(now)
        if gesture is not None:
            self.on_gesture(gesture)
        elif self.recognizer.waiting:
            # Kivy counts a timeout from the start of the frame it was scheduled in: after a
            # long frame (a slow phone, a busy machine) it fires before the interval has passed
            # since the touch, and the tap would be lost. Wait for the rest of it.
            Clock.schedule_once(self.flush_tap, self.recognizer.due_in(now) + 0.01)

    def _on_keyboard(self, _window: Any, key: int, *_: Any) -> bool:
        return key == KEY_ESCAPE  # never quit on Escape / Android back: it means "Retour"

    def _on_key_down(
        self, _window: Any, key: int, _scancode: int, _codepoint: str | None, modifiers: list[str]
    ) -> bool:
        current = self.focus.current
        in_field = isinstance(current, TextInput)
        if key == KEY_TAB:
            if "shift" in modifiers:
                self.focus.previous()
            else:
                self.focus.next()
            return True
        if key in (KEY_ENTER, KEY_KP_ENTER):
            if isinstance(current, A11yTextInput):
                if current.multiline:
                    return False
                if current.submit_action is None:
                    self.focus.next()
                else:
                    current.a11y_activate()
                return True
            return self.focus.activate()
        if key == KEY_ESCAPE:
            self.go_back()
            return True
        if in_field:
            return False
        if key == KEY_SPACE:
            return self.focus.activate()
        if key in (KEY_DOWN, KEY_RIGHT):
            self.focus.next()
            return True
        if key in (KEY_UP, KEY_LEFT):
            self.focus.previous()
            return True
        return False


def run(api_url: str | None = None) -> None:
    TotalAccesApp(api_url=api_url).run()
