"""Android implementation through pyjnius (only imported on a device).

- Speech: android.speech.tts.TextToSpeech with a French Locale (plyer's TTS cannot pick a
  language), QUEUE_FLUSH so that a new announcement interrupts the previous one. Without a French
  voice the engine refuses to start (SpeechUnavailable): the app stays silent and shows why,
  rather than reading French with an English voice.
- TalkBack: AccessibilityManager.isTouchExplorationEnabled().
- Dialler: Intent.ACTION_DIAL (no CALL_PHONE permission: the person presses "call" themselves).
- Route: a geo: URI, opened by whichever map application the person uses.
- Position: plyer.gps; heading: plyer.compass (magnetometer, phone held flat). The compass is
  turned on once (clock-face directions chosen, app in front) and kept on: a magnetometer needs a
  moment before its first measure, so reading it right after turning it on gives nothing.
- Messages: a Toast (TalkBack reads it), e.g. when the French voice is missing.

Tested on the desktop with a stub `jnius` (tests/mobile/test_android_platform.py).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from urllib.parse import quote

from jnius import PythonJavaClass, autoclass, cast, java_method  # type: ignore[import-not-found]

from mobile.platform import Platform, heading_from_field
from mobile.speech import DEFAULT_RATE, SpeechEngine, SpeechUnavailable

log = logging.getLogger(__name__)

PythonActivity = autoclass("org.kivy.android.PythonActivity")
Context = autoclass("android.content.Context")
Intent = autoclass("android.content.Intent")
Uri = autoclass("android.net.Uri")
Locale = autoclass("java.util.Locale")
TextToSpeech = autoclass("android.speech.tts.TextToSpeech")
Sensor = autoclass("android.hardware.Sensor")

FRENCH_VOICE_MISSING = (
    "La voix française de la synthèse vocale n'est pas installée : l'application reste "
    "silencieuse. Installez-la dans les paramètres Android, Accessibilité, Synthèse vocale."
)
TTS_NOT_READY = "La synthèse vocale d'Android ne répond pas : l'application reste silencieuse."


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
            self._shutdown()
            raise SpeechUnavailable(TTS_NOT_READY)
        result = self._tts.setLanguage(Locale("fr", "FR"))
        if result in (TextToSpeech.LANG_MISSING_DATA, TextToSpeech.LANG_NOT_SUPPORTED):
            # speaking French with the default (often English) voice would be unintelligible
            log.warning("Voix française absente (setLanguage = %s).", result)
            self._shutdown()
            raise SpeechUnavailable(FRENCH_VOICE_MISSING)
        self.set_rate(rate)

    def _shutdown(self) -> None:
        try:
            self._tts.shutdown()
        except Exception as exc:
            log.info("Arrêt de la synthèse vocale : %s", exc)

    def speak(self, text: str) -> None:
        from geodata.speech import speakable  # the lexicon, numbers and acronyms, as on desktop

        self._tts.speak(speakable(text), TextToSpeech.QUEUE_FLUSH, None, "totalacces")

    def stop(self) -> None:
        self._tts.stop()

    def set_rate(self, words_per_minute: int) -> None:
        self._tts.setSpeechRate(float(words_per_minute) / DEFAULT_RATE)


class AndroidPlatform(Platform):
    name = "android"

    def __init__(self) -> None:
        self._activity = PythonActivity.mActivity
        self._compass = None  # plyer's compass while it is on
        self._compass_lock = threading.Lock()

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

    def search_url(self, query: str) -> str:
        return f"geo:0,0?q={quote(query)}"

    def share(self, text: str) -> bool:
        intent = Intent(Intent.ACTION_SEND)
        intent.setType("text/plain")
        intent.putExtra(Intent.EXTRA_TEXT, autoclass("java.lang.String")(text))
        return self._start(Intent.createChooser(intent, autoclass("java.lang.String")("Partager")))

    def has_compass(self) -> bool:
        try:
            manager = self._activity.getSystemService(Context.SENSOR_SERVICE)
            return (
                bool(manager) and manager.getDefaultSensor(Sensor.TYPE_MAGNETIC_FIELD) is not None
            )
        except Exception as exc:
            log.info("Capteurs illisibles : %s", exc)
            return False

    def start_compass(self) -> None:
        with self._compass_lock:
            if self._compass is not None:
                return  # already on: enabling again would drop the measures it has
            try:
                from plyer import compass

                compass.enable()
            except Exception as exc:
                log.info("Boussole indisponible : %s", exc)
                return
            self._compass = compass

    def stop_compass(self) -> None:
        with self._compass_lock:
            compass, self._compass = self._compass, None
        if compass is None:
            return
        try:
            compass.disable()
        except Exception as exc:
            log.info("Arrêt de la boussole : %s", exc)

    def compass_heading(self) -> float | None:
        """The last measure of the compass, None until it has one (it is never turned on and read
        in the same breath: the first reading would be empty)."""
        compass = self._compass
        if compass is None:
            self.start_compass()  # normally done already by the app; the next call will read it
            return None
        try:
            field = compass.field
        except Exception:
            return None
        if not field or field[0] is None or field[1] is None:
            return None
        return heading_from_field(field[0], field[1])

    def notify(self, message: str) -> None:
        try:
            from android.runnable import run_on_ui_thread  # type: ignore[import-not-found]
        except ImportError:
            return
        toast = autoclass("android.widget.Toast")
        text = cast("java.lang.CharSequence", autoclass("java.lang.String")(message))

        @run_on_ui_thread
        def show() -> None:
            toast.makeText(self._activity, text, toast.LENGTH_LONG).show()

        try:
            show()
        except Exception as exc:
            log.info("Message impossible à afficher : %s", exc)

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
