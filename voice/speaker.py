"""Speech out: pyttsx3 over espeak-ng with a French voice, played by us so that it can stop.

pyttsx3 only writes WAV files, in a worker process guarded by a watchdog (see ``_tts_worker``).
Playback goes through a *player*: a callable ``player(samples, sample_rate, stop_event)`` that
returns when the sound is over or as soon as ``stop_event`` is set. The default plays with
sounddevice when an output device exists; without one it waits out the duration silently, so that
the timing stays the same everywhere. Tests inject their own player.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import subprocess
import sys
import tempfile
import threading
import time
import wave
from collections.abc import Callable
from pathlib import Path

import numpy as np

log = logging.getLogger(__name__)

Player = Callable[[np.ndarray, int, threading.Event], None]

MIN_RATE = 80
MAX_RATE = 350
RATE_STEP = 25
CHUNK_S = 0.05  # playback is written 50 ms at a time: stop() is heard within that


class VoiceUnavailable(RuntimeError):
    """No French voice (or no speech engine) on this machine."""


def read_wav(path: str | Path) -> tuple[np.ndarray, int]:
    """Mono float32 samples in [-1, 1] and the sample rate."""
    with wave.open(str(path), "rb") as w:
        rate = w.getframerate()
        channels = w.getnchannels()
        width = w.getsampwidth()
        raw = w.readframes(w.getnframes())
    if width != 2:
        raise ValueError("WAV 16 bits attendu.")
    data = np.frombuffer(raw, dtype="<i2").astype(np.float32) / 32768.0
    if channels > 1:
        data = data.reshape(-1, channels).mean(axis=1)
    return data, rate


def _wait_player(samples: np.ndarray, rate: int, stop: threading.Event) -> None:
    """No output device: stay 'speaking' for the duration, stop at once when asked."""
    stop.wait(len(samples) / float(rate))


def _sounddevice_player(samples: np.ndarray, rate: int, stop: threading.Event) -> None:
    import sounddevice as sd

    block = max(1, int(rate * CHUNK_S))
    with sd.OutputStream(samplerate=rate, channels=1, dtype="float32") as stream:
        for start in range(0, len(samples), block):
            if stop.is_set():
                stream.abort()
                return
            stream.write(samples[start : start + block].reshape(-1, 1))


def default_player() -> Player:
    """sounddevice when an output device exists, else a silent timer."""
    try:
        import sounddevice as sd

        sd.query_devices(kind="output")
        return _sounddevice_player
    except Exception:  # no PortAudio, no device: stay silent rather than crash
        log.info("Pas de sortie audio : la synthèse reste silencieuse.")
        return _wait_player


STARTUP_TIMEOUT = 30.0  # a new worker imports pyttsx3 and starts espeak: not counted in a request
SECONDS_PER_CHAR = 0.02  # on top of the base timeout: a long answer takes longer to synthesise


class _Worker:
    """The pyttsx3 worker process, restarted when it does not answer in time.

    A new process is first pinged with STARTUP_TIMEOUT, so that its start (importing pyttsx3,
    loading espeak: seconds on a cold cache) never eats into the first synthesis' time; that
    was how a fresh worker failed its first long answer."""

    command: tuple[str, ...] = (sys.executable, "-m", "voice._tts_worker")

    def __init__(self, timeout: float) -> None:
        self.timeout = timeout
        self._proc: subprocess.Popen[str] | None = None
        self._lock = threading.Lock()
        self.started = 0  # processes started, for the tests and the logs
        self.startup_timeout = STARTUP_TIMEOUT

    def _start(self) -> subprocess.Popen[str]:
        if self._proc is None or self._proc.poll() is not None:
            self.started += 1
            self._proc = subprocess.Popen(
                list(self.command),
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                text=True,
                cwd=str(Path(__file__).resolve().parent.parent),
            )
            if self._send(self._proc, {"cmd": "ping"}, self.startup_timeout).get("ok") is not True:
                self.kill()
                raise VoiceUnavailable("La synthèse vocale ne démarre pas.")
        return self._proc

    def request(self, payload: dict[str, object], timeout: float | None = None) -> dict:
        with self._lock:
            proc = self._start()
            return self._send(proc, payload, timeout or self.timeout)

    def _send(
        self, proc: subprocess.Popen[str], payload: dict[str, object], timeout: float
    ) -> dict:
        assert proc.stdin is not None and proc.stdout is not None
        result: list[str] = []

        def read() -> None:
            assert proc.stdout is not None
            result.append(proc.stdout.readline())

        try:
            proc.stdin.write(json.dumps(payload) + "\n")
            proc.stdin.flush()
        except (BrokenPipeError, OSError):
            self.kill()
            raise VoiceUnavailable("La synthèse vocale s'est arrêtée. Réessayez.") from None
        reader = threading.Thread(target=read, daemon=True)
        reader.start()
        reader.join(timeout)
        if reader.is_alive() or not result or not result[0]:
            self.kill()  # watchdog: a hung pyttsx3 is killed, the next call starts afresh
            raise TimeoutError("La synthèse vocale ne répond pas.")
        return json.loads(result[0])

    def kill(self) -> None:
        proc, self._proc = self._proc, None
        if proc is not None and proc.poll() is None:
            proc.kill()
            proc.wait(timeout=5)

    def close(self) -> None:
        proc, self._proc = self._proc, None
        if proc is not None and proc.poll() is None:
            try:
                assert proc.stdin is not None
                proc.stdin.close()
                proc.wait(timeout=2)
            except Exception:
                proc.kill()


class Speaker:
    """French speech: ``speak`` (interruptible), ``stop``, ``rate``, ``synthesize_to_wav``."""

    def __init__(
        self,
        voice: str = "roa/fr",
        rate: int = 170,
        player: Player | None = None,
        timeout: float = 10.0,
        normalize: bool = True,
        on_error: Callable[[str], None] | None = None,
    ) -> None:
        self.voice = voice
        #: called (on the speech thread) with a French sentence when an answer could not be
        #: said even after a retry on a new worker: the app shows it, the CLI prints it
        self.on_error = on_error
        self.last_error: str | None = None
        self._rate = self._clamp(rate)
        self._player = player
        self._normalize = normalize
        self._worker = _Worker(timeout)
        self._tmp = Path(tempfile.mkdtemp(prefix="totalacces-voice-"))
        self._counter = 0
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._speaking = threading.Event()
        self._generation = 0
        self._state_lock = threading.Lock()
        self._check_voice()

    # -- voice and rate -------------------------------------------------------------------------
    def _check_voice(self) -> None:
        try:
            answer = self._worker.request({"cmd": "voices"}, timeout=30)
        except (TimeoutError, OSError) as exc:
            raise VoiceUnavailable(
                "La synthèse vocale ne démarre pas. Installez espeak-ng, puis relancez."
            ) from exc
        voices = answer.get("voices") or []
        ids = {v["id"] for v in voices}
        if self.voice in ids:
            return
        french = [v["id"] for v in voices if any(lang.startswith("fr") for lang in v["languages"])]
        if self.voice.endswith("fr") and french:
            self.voice = french[0]
            return
        raise VoiceUnavailable(
            "Aucune voix française n'est installée. Installez espeak-ng avec la voix française, "
            "puis relancez."
        )

    @staticmethod
    def _clamp(rate: int) -> int:
        return max(MIN_RATE, min(MAX_RATE, int(rate)))

    @property
    def rate(self) -> int:
        return self._rate

    @rate.setter
    def rate(self, words_per_minute: int) -> None:
        self._rate = self._clamp(words_per_minute)

    def slower(self) -> int:
        self.rate = self._rate - RATE_STEP
        return self._rate

    def faster(self) -> int:
        self.rate = self._rate + RATE_STEP
        return self._rate

    # -- synthesis ------------------------------------------------------------------------------
    def prepare(self, text: str) -> str:
        """The text as it will be said (numbers, phone numbers and abbreviations in words)."""
        if not self._normalize:
            return text
        from geodata.speech import speakable

        return speakable(text)

    def synthesize_to_wav(self, text: str, path: str | Path) -> Path:
        """Write `text`, said in French, to a 16-bit mono WAV file at `path`."""
        target = Path(path).resolve()
        target.parent.mkdir(parents=True, exist_ok=True)
        said = self.prepare(text).strip()
        if not said:
            raise ValueError("Rien à dire : le texte est vide.")
        payload = {
            "cmd": "synth",
            "text": said,
            "path": str(target),
            "voice": self.voice,
            "rate": self._rate,
        }
        # a long answer takes longer; slow speech (a low rate) makes a longer file too
        timeout = self._worker.timeout + len(said) * SECONDS_PER_CHAR * max(1.0, 170 / self._rate)
        answer = self._worker.request(payload, timeout=timeout)
        if not answer.get("ok"):
            raise VoiceUnavailable("La synthèse vocale n'a pas produit de son. Réessayez.")
        return target

    # -- playback -------------------------------------------------------------------------------
    @property
    def is_speaking(self) -> bool:
        return self._speaking.is_set()

    def speak(self, text: str, block: bool = False) -> None:
        """Say `text`; interrupts what was being said. Returns at once unless `block`."""
        self.stop()
        with self._state_lock:
            self._generation += 1
            generation = self._generation
            stop = threading.Event()
            self._stop = stop
            self._speaking.set()
            thread = threading.Thread(
                target=self._run, args=(text, stop, generation), daemon=True, name="speaker"
            )
            self._thread = thread
        thread.start()
        if block:
            thread.join()

    def _run(self, text: str, stop: threading.Event, generation: int) -> None:
        try:
            self._counter += 1
            path = self._tmp / f"say-{os.getpid()}-{generation}.wav"
            try:
                self._synthesize_or_retry(text, path, stop)
            except ValueError:  # nothing to say
                return
            except (TimeoutError, VoiceUnavailable, OSError) as exc:
                # never silent without a word: the person is told (no text in the log)
                self.last_error = "Je n'ai pas pu lire la réponse à voix haute. Elle est à l'écran."
                log.warning("speech failed twice: %s", type(exc).__name__)
                if self.on_error is not None:
                    self.on_error(self.last_error)
                return
            if stop.is_set():
                return
            samples, rate = read_wav(path)
            path.unlink(missing_ok=True)
            player = self._player or default_player()
            self._player = player
            player(samples, rate, stop)
        finally:
            with self._state_lock:
                if generation == self._generation:
                    self._speaking.clear()

    def _synthesize_or_retry(self, text: str, path: Path, stop: threading.Event) -> None:
        """Synthesise; after a failure (a hung or dead worker, an empty file) once more, on a
        new worker: the first failure is no reason to drop what was to be said."""
        try:
            self.synthesize_to_wav(text, path)
        except (TimeoutError, VoiceUnavailable, OSError) as exc:
            if stop.is_set():
                raise
            log.info("speech failed once (%s): trying again on a new worker", type(exc).__name__)
            self._worker.kill()
            self.synthesize_to_wav(text, path)
        self.last_error = None

    def stop(self) -> None:
        """Silence now (within 200 ms): barge-in or "stop"."""
        with self._state_lock:
            self._stop.set()
            self._speaking.clear()
            thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout=0.15)

    def wait(self, timeout: float | None = None) -> bool:
        """Wait until the current speech is over; True when it is."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while self.is_speaking:
            if deadline is not None and time.monotonic() > deadline:
                return False
            time.sleep(0.01)
        return True

    def close(self) -> None:
        self.stop()
        self._worker.close()

    def __del__(self) -> None:
        with contextlib.suppress(Exception):
            self._worker.kill()
