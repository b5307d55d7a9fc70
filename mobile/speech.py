"""Speech output for self-voicing, behind one small interface.

`Announcer` is what the app talks to: a new announcement interrupts the one being spoken, speaking
never blocks the interface (a worker thread talks to the engine), and every announcement is kept in
`history` so tests can check what a person would have heard.
"""

from __future__ import annotations

import logging
import queue
import threading
from typing import Protocol

log = logging.getLogger(__name__)

DEFAULT_RATE = 170
MIN_RATE = 80
MAX_RATE = 320
RATE_STEP = 30


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

    def __init__(self, engine_factory=None, enabled: bool = True, rate: int = DEFAULT_RATE):
        self._engine_factory = engine_factory or (lambda: SilentEngine())
        self._engine: SpeechEngine | None = None
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

    @property
    def last(self) -> str:
        return self.history[-1] if self.history else ""

    def wait_idle(self, timeout: float = 2.0) -> None:
        done = threading.Event()
        self._queue.put(("sync", done))
        done.wait(timeout)

    # -- worker ---------------------------------------------------------------------------------
    def _drain(self) -> None:
        try:
            while True:
                item = self._queue.get_nowait()
                if item[0] == "sync":
                    item[1].set()  # type: ignore[union-attr]
                elif item[0] == "rate":
                    self._queue.put(item)  # keep rate changes
                    break
        except queue.Empty:
            pass

    def _engine_ready(self) -> SpeechEngine:
        if self._engine is None:
            try:
                self._engine = self._engine_factory()
            except Exception as exc:
                log.info("Synthèse vocale indisponible : %s", exc)
                self._engine = SilentEngine()
            self._engine.set_rate(self.rate)
        return self._engine

    def _run(self) -> None:
        while True:
            kind, value = self._queue.get()
            try:
                if kind == "sync":
                    value.set()  # type: ignore[union-attr]
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
