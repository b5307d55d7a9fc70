"""mobile/platform/android.py with a stub `jnius`: the Java calls it makes, checked on the desktop.

The stub's `autoclass` returns recording fakes for the Java classes the module uses (TextToSpeech,
Locale, the activity and its AccessibilityManager and SensorManager, Toast); plyer's compass is
replaced by a fake magnetometer that, like a real one, has nothing to say right after it is
turned on.
"""

from __future__ import annotations

import importlib
import sys
import threading
import types
from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any

import pytest

from mobile.speech import Announcer, SpeechUnavailable


# -- a small Java world -------------------------------------------------------------------------
class FakePythonJavaClass:
    def __init__(self, *args: Any) -> None:
        pass


class JavaWorld:
    """Fresh fake Java classes for one test, and what was done with them."""

    def __init__(self) -> None:
        world = self
        self.tts: list[Any] = []
        self.toasts: list[tuple[Any, ...]] = []
        self.started: list[Any] = []
        self.accessibility: Any = None
        self.magnetometer: Any = object()  # None: a phone without a magnetometer
        self.init_status = 0  # TextToSpeech.SUCCESS
        self.language_result = 1  # TextToSpeech.LANG_COUNTRY_AVAILABLE

        class Locale:
            def __init__(self, language: str, country: str = "") -> None:
                self.language, self.country = language, country

            def __repr__(self) -> str:
                return f"Locale({self.language!r}, {self.country!r})"

        class TextToSpeech:
            SUCCESS, ERROR = 0, -1
            QUEUE_FLUSH, QUEUE_ADD = 0, 1
            LANG_COUNTRY_AVAILABLE, LANG_AVAILABLE = 1, 0
            LANG_MISSING_DATA, LANG_NOT_SUPPORTED = -1, -2

            def __init__(self, context: Any, listener: Any) -> None:
                self.context = context
                self.calls: list[tuple[Any, ...]] = []
                world.tts.append(self)
                # Android calls onInit later, on its own thread
                threading.Timer(0.01, listener.onInit, args=(world.init_status,)).start()

            def setLanguage(self, locale: Any) -> int:  # noqa: N802 - Java names
                self.calls.append(("setLanguage", locale))
                return world.language_result

            def speak(self, text: str, mode: int, params: Any, utterance: str) -> int:
                self.calls.append(("speak", text, mode, params, utterance))
                return 0

            def stop(self) -> int:
                self.calls.append(("stop",))
                return 0

            def setSpeechRate(self, rate: float) -> int:  # noqa: N802
                self.calls.append(("setSpeechRate", rate))
                return 0

            def shutdown(self) -> None:
                self.calls.append(("shutdown",))

        class AccessibilityManager:
            def __init__(self, enabled: bool, touch_exploration: bool) -> None:
                self.enabled, self.touch_exploration = enabled, touch_exploration

            def isEnabled(self) -> bool:  # noqa: N802
                return self.enabled

            def isTouchExplorationEnabled(self) -> bool:  # noqa: N802
                return self.touch_exploration

        class SensorManager:
            def getDefaultSensor(self, kind: int) -> Any:  # noqa: N802
                return world.magnetometer if kind == Sensor.TYPE_MAGNETIC_FIELD else None

        class Context:
            ACCESSIBILITY_SERVICE = "accessibility"
            SENSOR_SERVICE = "sensor"

        class Sensor:
            TYPE_MAGNETIC_FIELD = 2

        class Activity:
            def getSystemService(self, name: str) -> Any:  # noqa: N802
                if name == Context.ACCESSIBILITY_SERVICE:
                    return world.accessibility
                if name == Context.SENSOR_SERVICE:
                    return SensorManager()
                return None

            def startActivity(self, intent: Any) -> None:  # noqa: N802
                world.started.append(intent)

        class PythonActivity:
            mActivity = Activity()

        class Toast:
            LENGTH_SHORT, LENGTH_LONG = 0, 1

            @staticmethod
            def makeText(context: Any, text: Any, duration: int) -> Any:  # noqa: N802
                shown = SimpleNamespace(show=lambda: world.toasts.append((context, text, duration)))
                return shown

        self.Locale = Locale
        self.TextToSpeech = TextToSpeech
        self.AccessibilityManager = AccessibilityManager
        self.PythonActivity = PythonActivity
        self.classes: dict[str, Any] = {
            "org.kivy.android.PythonActivity": PythonActivity,
            "android.content.Context": Context,
            "android.content.Intent": SimpleNamespace(),
            "android.net.Uri": SimpleNamespace(),
            "java.util.Locale": Locale,
            "android.speech.tts.TextToSpeech": TextToSpeech,
            "android.hardware.Sensor": Sensor,
            "android.widget.Toast": Toast,
            "java.lang.String": str,
        }

    def autoclass(self, name: str) -> Any:
        return self.classes[name]


class FakeCompass:
    """plyer's compass facade over a magnetometer: no measure right after `enable()`."""

    def __init__(self, field: tuple[float, float, float] = (0.0, 30.0, -40.0)) -> None:
        self.measure = field
        self.enabled = 0
        self.disabled = 0
        self.on = False
        self._reads_since_enable = 0

    def enable(self) -> None:
        self.enabled += 1
        self.on = True
        self._reads_since_enable = 0

    def disable(self) -> None:
        self.disabled += 1
        self.on = False

    @property
    def field(self) -> tuple[float | None, float | None, float | None]:
        if not self.on:
            return (None, None, None)
        self._reads_since_enable += 1
        if self._reads_since_enable == 1:
            return (None, None, None)  # the sensor has not reported yet
        return self.measure


@pytest.fixture()
def android(monkeypatch: pytest.MonkeyPatch) -> Iterator[SimpleNamespace]:
    """mobile.platform.android imported against the stub, and the fakes behind it."""
    java = JavaWorld()
    jnius = types.ModuleType("jnius")
    jnius.autoclass = java.autoclass  # type: ignore[attr-defined]
    jnius.cast = lambda _class_name, obj: obj  # type: ignore[attr-defined]
    jnius.PythonJavaClass = FakePythonJavaClass  # type: ignore[attr-defined]
    jnius.java_method = lambda _signature: lambda method: method  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "jnius", jnius)
    runnable = types.ModuleType("android.runnable")
    runnable.run_on_ui_thread = lambda func: func  # type: ignore[attr-defined]
    android_package = types.ModuleType("android")
    android_package.runnable = runnable  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "android", android_package)
    monkeypatch.setitem(sys.modules, "android.runnable", runnable)
    import plyer

    compass = FakeCompass()
    monkeypatch.setattr(plyer, "compass", compass)
    sys.modules.pop("mobile.platform.android", None)
    module = importlib.import_module("mobile.platform.android")
    try:
        yield SimpleNamespace(module=module, java=java, compass=compass)
    finally:
        sys.modules.pop("mobile.platform.android", None)
        import mobile.platform

        if hasattr(mobile.platform, "android"):
            delattr(mobile.platform, "android")


# -- speech ---------------------------------------------------------------------------------------
def test_android_speech_is_french_interrupts_itself_and_follows_the_rate(
    android: SimpleNamespace,
) -> None:
    m, java = android.module, android.java
    engine = m.AndroidSpeechEngine(rate=170)
    tts = java.tts[-1]
    assert tts.context is java.PythonActivity.mActivity
    (locale,) = [c[1] for c in tts.calls if c[0] == "setLanguage"]
    assert (locale.language, locale.country) == ("fr", "FR")
    assert tts.calls[-1] == ("setSpeechRate", 1.0)  # 170 words a minute: Android's normal rate
    engine.speak("Accueil")
    engine.speak("Réglages")
    speaks = [c for c in tts.calls if c[0] == "speak"]
    # QUEUE_FLUSH: "Réglages" cuts "Accueil" off instead of waiting behind it
    assert [(c[1], c[2]) for c in speaks] == [
        ("Accueil", java.TextToSpeech.QUEUE_FLUSH),
        ("Réglages", java.TextToSpeech.QUEUE_FLUSH),
    ]
    # the pronunciation lexicon applies on the phone too (Android's voices read "Vaulx" /volks/)
    engine.speak("Cfa de Vaulx-en-Velin, 2 km")
    said = [c for c in tts.calls if c[0] == "speak"][-1][1]
    assert said == "centre de formation d'apprentis de Vô-en-Velin, deux kilomètres"
    for rate, android_rate in ((85, 0.5), (255, 1.5), (340, 2.0)):
        engine.set_rate(rate)
        assert tts.calls[-1] == ("setSpeechRate", pytest.approx(android_rate))
    engine.stop()
    assert tts.calls[-1] == ("stop",)


@pytest.mark.parametrize("result", ["LANG_MISSING_DATA", "LANG_NOT_SUPPORTED"])
def test_without_a_french_voice_the_app_stays_silent_and_says_why(
    android: SimpleNamespace, result: str
) -> None:
    m, java = android.module, android.java
    java.language_result = getattr(java.TextToSpeech, result)
    with pytest.raises(SpeechUnavailable, match="voix française"):
        m.AndroidSpeechEngine()
    assert java.tts[-1].calls[-1] == ("shutdown",)
    # through the announcer, as the app uses it: nothing read with a foreign voice, one message
    problems: list[str] = []
    announcer = Announcer(engine_factory=m.AndroidSpeechEngine, on_unavailable=problems.append)
    announcer.say("Accueil")
    announcer.say("Réglages")
    announcer.wait_idle()
    assert problems == [m.FRENCH_VOICE_MISSING]
    assert not [c for tts in java.tts for c in tts.calls if c[0] == "speak"]


def test_a_speech_engine_that_does_not_start_is_reported(android: SimpleNamespace) -> None:
    android.java.init_status = android.java.TextToSpeech.ERROR
    with pytest.raises(SpeechUnavailable) as raised:
        android.module.AndroidSpeechEngine()
    assert str(raised.value) == android.module.TTS_NOT_READY


def test_a_message_is_shown_as_a_toast_talkback_reads(android: SimpleNamespace) -> None:
    m, java = android.module, android.java
    m.AndroidPlatform().notify("La voix française manque.")
    assert java.toasts == [(java.PythonActivity.mActivity, "La voix française manque.", 1)]


# -- TalkBack -------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("enabled", "touch_exploration", "expected"),
    [(True, True, True), (True, False, False), (False, True, False), (False, False, False)],
)
def test_talkback_is_accessibility_on_with_touch_exploration(
    android: SimpleNamespace, enabled: bool, touch_exploration: bool, expected: bool
) -> None:
    java = android.java
    java.accessibility = java.AccessibilityManager(enabled, touch_exploration)
    assert android.module.AndroidPlatform().touch_exploration_enabled() is expected


def test_no_accessibility_manager_means_no_talkback(android: SimpleNamespace) -> None:
    android.java.accessibility = None
    assert android.module.AndroidPlatform().touch_exploration_enabled() is False


# -- compass --------------------------------------------------------------------------------------
def test_the_compass_is_turned_on_once_read_later_and_turned_off(
    android: SimpleNamespace,
) -> None:
    platform, compass = android.module.AndroidPlatform(), android.compass
    assert platform.has_compass()
    platform.start_compass()
    platform.start_compass()  # already on: not enabled again (that would lose its measures)
    assert compass.enabled == 1
    assert platform.compass_heading() is None  # no measure yet: not a made-up direction
    assert platform.compass_heading() == pytest.approx(0.0)  # then the measures come
    compass.measure = (-30.0, 0.0, -40.0)
    assert platform.compass_heading() == pytest.approx(90.0)
    assert compass.enabled == 1  # reading never re-enables it
    platform.stop_compass()
    platform.stop_compass()
    assert compass.disabled == 1 and not compass.on
    # read while off (not the app's way, but safe): it turns on, and says nothing this time
    readings = [platform.compass_heading() for _ in range(3)]
    assert readings[0] is None and readings[-1] == pytest.approx(90.0)
    assert compass.enabled == 2


def test_a_phone_without_magnetometer_has_no_compass(android: SimpleNamespace) -> None:
    android.java.magnetometer = None
    assert not android.module.AndroidPlatform().has_compass()


#: Most places sit at their commune's centre, which has a direction only from 5 km on: the
#: clock-face test searches the EPIDE near Lyon (about 13 km to the east).
LYON_EPIDE = {"place": "Lyon", "kind": "epide"}


@pytest.mark.kivy
@pytest.mark.timeout(120)
def test_the_app_keeps_the_android_compass_on_only_while_clock_directions_are_used(
    android: SimpleNamespace, harness: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    h, compass = harness, android.compass
    platform = android.module.AndroidPlatform()
    monkeypatch.setattr(h.app, "platform", platform)
    h.app.set_direction_mode("clock")
    assert compass.on and compass.enabled == 1
    assert "Pas de boussole" not in h.app.announcer.last
    # the first results come before the first measure: said, and cardinal meanwhile
    h.app.navigate("results", params=LYON_EPIDE)
    h.settle()
    texts = [w.text for w in h.app.focus.items()]
    assert "Boussole sans mesure pour l'instant : directions en points cardinaux." in texts
    h.app.navigate("results", params=LYON_EPIDE)
    h.settle()
    first = next(w for w in h.app.focus.items() if w.a11y_label.startswith("1. "))
    assert "heure" in first.a11y_label and "au nord" not in first.a11y_label
    assert compass.enabled == 1
    h.app.on_pause()  # the app goes to the background: no sensor running
    assert not compass.on and compass.disabled == 1
    android.java.accessibility = android.java.AccessibilityManager(False, False)
    h.app.on_resume()
    assert compass.on and compass.enabled == 2
    h.app.set_direction_mode("cardinal")
    assert not compass.on
