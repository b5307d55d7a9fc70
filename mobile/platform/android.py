"""Android implementation through pyjnius (only imported on a device).

- Speech: android.speech.tts.TextToSpeech with a French Locale (plyer's TTS cannot pick a
  language), QUEUE_FLUSH so that a new announcement interrupts the previous one.
- TalkBack: AccessibilityManager.isTouchExplorationEnabled().
- Dialler: Intent.ACTION_DIAL (no CALL_PHONE permission: the person presses "call" themselves).
- Route: a geo: URI, opened by whichever map application the person uses.
- Position: plyer.gps; heading: plyer.compass (magnetometer, phone held flat).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from urllib.parse import quote

from jnius import PythonJavaClass, autoclass, java_method  # type: ignore[import-not-found]

from mobile.platform import Platform, heading_from_field
from mobile.speech import DEFAULT_RATE, SpeechEngine

log = logging.getLogger(__name__)

PythonActivity = autoclass("org.kivy.android.PythonActivity")
Context = autoclass("android.content.Context")
Intent = autoclass("android.content.Intent")
Uri = autoclass("android.net.Uri")
Locale = autoclass("java.util.Locale")
TextToSpeech = autoclass("android.speech.tts.TextToSpeech")


class _TtsInit(PythonJavaClass):
    __javainterfaces__ = ["android/speech/tts/TextToSpeech$OnInitListener"]
    __javacontext__ = "app"

    def __init__(self, ready: threading.Event) -> None:
        super().__init__()
        self.ready = ready
        self.status: int | None = None

    @java_method("(I)V")
    def onInit(self, status: int) -> None:  # noqa: N802 - Java name
        self.status = status
        self.ready.set()


class AndroidSpeechEngine:
    def __init__(self, rate: int = DEFAULT_RATE) -> None:
        self._ready = threading.Event()
        self._listener = _TtsInit(self._ready)  # keep a reference: Java holds a weak one
        self._tts = TextToSpeech(PythonActivity.mActivity, self._listener)
        self._ready.wait(5.0)
        if self._listener.status != TextToSpeech.SUCCESS:
            raise RuntimeError("Synthèse vocale Android indisponible.")
        result = self._tts.setLanguage(Locale("fr", "FR"))
        if result in (TextToSpeech.LANG_MISSING_DATA, TextToSpeech.LANG_NOT_SUPPORTED):
            log.warning("Voix française absente : installez-la dans les réglages Android.")
        self.set_rate(rate)

    def speak(self, text: str) -> None:
        self._tts.speak(text, TextToSpeech.QUEUE_FLUSH, None, "totalacces")

    def stop(self) -> None:
        self._tts.stop()

    def set_rate(self, words_per_minute: int) -> None:
        self._tts.setSpeechRate(float(words_per_minute) / DEFAULT_RATE)


class AndroidPlatform(Platform):
    name = "android"

    def __init__(self) -> None:
        self._activity = PythonActivity.mActivity

    def touch_exploration_enabled(self) -> bool:
        manager = self._activity.getSystemService(Context.ACCESSIBILITY_SERVICE)
        return bool(manager and manager.isEnabled() and manager.isTouchExplorationEnabled())

    def make_speech_engine(self, rate: int) -> SpeechEngine:
        return AndroidSpeechEngine(rate)

    def _start(self, intent) -> bool:  # type: ignore[no-untyped-def]
        try:
            intent.addFlags(Intent.FLAG_ACTIVITY_NEW_TASK)
            self._activity.startActivity(intent)
            return True
        except Exception as exc:
            log.info("Aucune application pour cette action : %s", exc)
            return False

    def dial(self, phone: str) -> bool:
        digits = "".join(c for c in phone if c.isdigit() or c == "+")
        return self._start(Intent(Intent.ACTION_DIAL, Uri.parse(f"tel:{digits}")))

    def open_url(self, url: str) -> bool:
        return self._start(Intent(Intent.ACTION_VIEW, Uri.parse(url)))

    def route_url(self, lat: float, lon: float, label: str) -> str:
        return f"geo:0,0?q={lat:.6f},{lon:.6f}({quote(label)})"

    def share(self, text: str) -> bool:
        intent = Intent(Intent.ACTION_SEND)
        intent.setType("text/plain")
        intent.putExtra(Intent.EXTRA_TEXT, autoclass("java.lang.String")(text))
        return self._start(Intent.createChooser(intent, autoclass("java.lang.String")("Partager")))

    def compass_heading(self) -> float | None:
        try:
            from plyer import compass

            compass.enable()
            field = compass.field
        except Exception:
            return None
        if not field or field[0] is None:
            return None
        return heading_from_field(field[0], field[1])

    def request_location(self, on_location: Callable[[float | None, float | None], None]) -> bool:
        try:
            from android.permissions import Permission, request_permissions  # type: ignore
            from plyer import gps
        except ImportError:
            return False

        def on_fix(**kwargs: float) -> None:
            gps.stop()
            on_location(kwargs.get("lat"), kwargs.get("lon"))

        def on_permissions(_permissions: list[str], grants: list[bool]) -> None:
            if not any(grants):
                on_location(None, None)  # refused: the screen asks for a commune instead
                return
            try:
                gps.configure(on_location=on_fix)
                gps.start(minTime=1000, minDistance=0)
            except Exception as exc:
                log.info("Position indisponible : %s", exc)
                on_location(None, None)

        request_permissions(
            [Permission.ACCESS_FINE_LOCATION, Permission.ACCESS_COARSE_LOCATION], on_permissions
        )
        return True

    def has_microphone(self) -> bool:
        pm = self._activity.getPackageManager()
        return bool(pm.hasSystemFeature("android.hardware.microphone"))
