"""Speech output for self-voicing, behind one small interface.

`Announcer` is what the app talks to: a new announcement interrupts the one being spoken, speaking
never blocks the interface (a worker thread talks to the engine), and every announcement is kept in
`history` so tests can check what a person would have heard.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable
from typing import Protocol

log = logging.getLogger(__name__)

DEFAULT_RATE = 170
MIN_RATE = 80
MAX_RATE = 320
RATE_STEP = 30

#: said (shown, in fact: the app cannot speak) when the speech engine cannot start for an unknown
#: reason; engines raise SpeechUnavailable with a more precise French message when they know it
SPEECH_BROKEN = "La synthèse vocale ne fonctionne pas : l'application reste silencieuse."


class SpeechUnavailable(RuntimeError):
    """The engine cannot speak French on this device; the message says why, in French, for the
    person (e.g. the French voice of Android's speech synthesis is not installed)."""


class SpeechEngine(Protocol):
    """What a speech back-end must offer (desktop: voice.Speaker; Android: TextToSpeech)."""

    def speak(self, text: str) -> None: ...

    def stop(self) -> None: ...

    def set_rate(self, words_per_minute: int) -> None: ...


class SilentEngine:
    """Used when no speech engine is available (no audio device, voice package missing)."""

    def __init__(self) -> None:
        self.rate = DEFAULT_RATE

    def speak(self, text: str) -> None:
        return None

    def stop(self) -> None:
        return None

    def set_rate(self, words_per_minute: int) -> None:
        self.rate = words_per_minute


class VoiceSpeakerEngine:
    """Desktop speech through `voice.Speaker` (pyttsx3 over espeak-ng, French voice)."""

    def __init__(self, rate: int = DEFAULT_RATE) -> None:
        from voice import Speaker  # lazy: the voice package is optional for the app to run

        self._speaker = Speaker(voice="roa/fr", rate=rate)

    @property
    def on_error(self) -> Callable[[str], None] | None:
        """Called with a French sentence when an announcement could not be said (after a
        retry on a new speech worker): the app shows it instead of staying silent."""
        return self._speaker.on_error

    @on_error.setter
    def on_error(self, callback: Callable[[str], None] | None) -> None:
        self._speaker.on_error = callback

    def speak(self, text: str) -> None:
        self._speaker.speak(text, block=False)

    def stop(self) -> None:
        self._speaker.stop()

    def set_rate(self, words_per_minute: int) -> None:
        self._speaker.rate = words_per_minute


def make_desktop_engine(rate: int = DEFAULT_RATE) -> SpeechEngine:
    try:
        return VoiceSpeakerEngine(rate)
    except Exception as exc:  # ImportError, voice.VoiceUnavailable, driver errors
        log.info("Synthèse vocale indisponible (%s) : l'application reste silencieuse.", exc)
        return SilentEngine()


class Announcer:
    """Speaks announcements one at a time; the newest always interrupts the previous one."""

    def __init__(
        self,
        engine_factory=None,
        enabled: bool = True,
        rate: int = DEFAULT_RATE,
        on_unavailable: Callable[[str], None] | None = None,
    ):
        self._engine_factory = engine_factory or (lambda: SilentEngine())
        self._engine: SpeechEngine | None = None
        #: called on the worker thread, with a French sentence, when no engine can be made: the
        #: app then shows it (it stays silent rather than reading French with a foreign voice)
        self.on_unavailable = on_unavailable
        self.enabled = enabled
        self.rate = rate
        self.history: list[str] = []
        self._queue: queue.Queue[tuple[str, object]] = queue.Queue()
        self._thread = threading.Thread(target=self._run, name="announcer", daemon=True)
        self._thread.start()

    # -- called from the UI thread --------------------------------------------------------------
    def say(self, text: str, *, force: bool = False) -> None:
        """Speak `text` now, cutting off whatever is being said. No-op when self-voicing is off."""
        text = " ".join(text.split())
        if not text or not (self.enabled or force):
            return
        self.history.append(text)
        self._drain()
        self._queue.put(("say", text))

    def stop(self) -> None:
        self._drain()
        self._queue.put(("stop", None))

    def set_rate(self, rate: int) -> None:
        self.rate = max(MIN_RATE, min(MAX_RATE, int(rate)))
        self._queue.put(("rate", self.rate))

    def reset_engine(self) -> None:
        """Make the engine again at the next announcement (e.g. a voice was installed meanwhile)."""
        self._queue.put(("reset", None))

    @property
    def last(self) -> str:
        return self.history[-1] if self.history else ""

    def wait_idle(self, timeout: float = 2.0) -> None:
        done = threading.Event()
        self._queue.put(("sync", done))
        done.wait(timeout)

    # -- worker ---------------------------------------------------------------------------------
    def _drain(self) -> None:
        """Drop the announcements not yet spoken; keep rate changes and engine resets."""
        kept: list[tuple[str, object]] = []
        try:
            while True:
                item = self._queue.get_nowait()
                if item[0] == "sync":
                    item[1].set()  # type: ignore[union-attr]
                elif item[0] in ("rate", "reset"):
                    kept.append(item)
        except queue.Empty:
            pass
        for item in kept:
            self._queue.put(item)

    def _engine_ready(self) -> SpeechEngine:
        if self._engine is None:
            try:
                self._engine = self._engine_factory()
            except Exception as exc:
                log.info("Synthèse vocale indisponible : %s", exc)
                self._engine = SilentEngine()
                if self.on_unavailable is not None:
                    self.on_unavailable(
                        str(exc) if isinstance(exc, SpeechUnavailable) else SPEECH_BROKEN
                    )
            self._engine.set_rate(self.rate)
            if hasattr(self._engine, "on_error"):  # a failed announcement is shown, not lost
                self._engine.on_error = self.on_unavailable
        return self._engine

    def _run(self) -> None:
        while True:
            kind, value = self._queue.get()
            try:
                if kind == "sync":
                    value.set()  # type: ignore[union-attr]
                    continue
                if kind == "reset":
                    self._engine = None
                    continue
                engine = self._engine_ready()
                if kind == "say":
                    engine.stop()
                    engine.speak(str(value))
                elif kind == "stop":
                    engine.stop()
                elif kind == "rate":
                    engine.set_rate(int(value))  # type: ignore[arg-type]
            except Exception as exc:  # speech must never take the app down
                log.warning("Erreur de synthèse vocale : %s", exc)
