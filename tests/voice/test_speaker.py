"""Speech out: the pyttsx3 quirks are handled, stop is quick, audio is injectable."""

from __future__ import annotations

import hashlib
import sys
import threading
import time
import wave
from pathlib import Path

import numpy as np
import pytest

from tests.support.backend import Recorder
from voice.speaker import Speaker, VoiceUnavailable, _Worker, default_player, read_wav

pytestmark = [pytest.mark.voice, pytest.mark.timeout(60)]

LONG = (
    "Je cherche une mission locale à Lyon. Voici les trois plus proches. "
    "La première est à quatre cents mètres au nord, la deuxième à huit cent cinquante mètres."
)


class FakePlayer:
    """A sound card that plays 10 ms at a time and notes when it stopped."""

    def __init__(self) -> None:
        self.played: list[tuple[int, int]] = []  # (samples, rate)
        self.started = threading.Event()
        self.finished = threading.Event()
        self.stopped_at: float | None = None
        self.interrupted = 0

    def __call__(self, samples: np.ndarray, rate: int, stop: threading.Event) -> None:
        self.played.append((len(samples), rate))
        self.started.set()
        step = rate // 100
        for _ in range(0, len(samples), step):
            if stop.is_set():
                self.stopped_at = time.monotonic()
                self.interrupted += 1
                break
            time.sleep(0.01)
        self.finished.set()


def duration(path: Path) -> float:
    with wave.open(str(path), "rb") as w:
        return w.getnframes() / w.getframerate()


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def speaker() -> Speaker:
    s = Speaker(player=FakePlayer(), timeout=15)
    yield s
    s.close()


def test_two_syntheses_in_a_row_give_two_distinct_correct_wavs(
    speaker: Speaker, tmp_path: Path
) -> None:
    short = speaker.synthesize_to_wav("Bonjour.", tmp_path / "a.wav")
    before = digest(short)
    long = speaker.synthesize_to_wav(LONG, tmp_path / "b.wav")
    assert digest(short) == before, "the second synthesis must not write into the first file"
    assert 0.3 < duration(short) < 2.0
    assert duration(long) > 4 * duration(short)
    samples, rate = read_wav(long)
    assert rate > 8000 and np.abs(samples).max() > 0.05  # real sound, not silence


def test_speak_after_synthesize_leaves_the_earlier_file_alone(
    speaker: Speaker, tmp_path: Path
) -> None:
    saved = speaker.synthesize_to_wav("Fichier à garder.", tmp_path / "keep.wav")
    before = digest(saved)
    speaker.speak("Une autre phrase, dite à voix haute.", block=True)
    assert digest(saved) == before
    player = speaker._player
    assert isinstance(player, FakePlayer) and len(player.played) == 1
    n, rate = player.played[0]
    assert n / rate > 1.0


def test_stop_is_heard_within_200_ms(speaker: Speaker) -> None:
    player = speaker._player
    assert isinstance(player, FakePlayer)
    speaker.speak(LONG)
    assert player.started.wait(10)
    assert speaker.is_speaking
    time.sleep(0.3)
    asked = time.monotonic()
    speaker.stop()
    assert not speaker.is_speaking
    assert player.finished.wait(1)
    assert player.stopped_at is not None and player.stopped_at - asked < 0.2


def test_new_speech_interrupts_the_old_one(speaker: Speaker) -> None:
    player = speaker._player
    assert isinstance(player, FakePlayer)
    speaker.speak(LONG)
    assert player.started.wait(10)
    speaker.speak("Stop.", block=True)
    assert player.interrupted == 1 and len(player.played) == 2
    assert not speaker.is_speaking


@pytest.mark.timeout(60)
def test_calls_in_odd_orders_never_hang(speaker: Speaker, tmp_path: Path) -> None:
    speaker.stop()
    speaker.stop()
    speaker.speak("", block=True)  # nothing queued: pyttsx3 would hang in runAndWait
    speaker.speak("   ", block=True)
    with pytest.raises(ValueError):
        speaker.synthesize_to_wav("", tmp_path / "empty.wav")
    speaker.speak("Un.")
    speaker.stop()
    speaker.synthesize_to_wav("Deux.", tmp_path / "deux.wav")
    speaker.rate = 120
    speaker.speak("Trois.", block=True)
    speaker.stop()
    speaker.speak("Quatre.", block=True)
    assert (tmp_path / "deux.wav").exists() and not speaker.is_speaking


def test_rate_is_clamped_and_changes_the_duration(speaker: Speaker, tmp_path: Path) -> None:
    speaker.rate = 170
    normal = duration(speaker.synthesize_to_wav(LONG, tmp_path / "n.wav"))
    assert speaker.slower() == 145
    for _ in range(10):
        speaker.slower()
    assert speaker.rate == 80
    slow = duration(speaker.synthesize_to_wav(LONG, tmp_path / "s.wav"))
    assert slow > 1.5 * normal, (slow, normal)
    # espeak applies a new rate asynchronously: every synthesis must use the rate asked for it
    for rate in (200, 80, 200, 80, 200, 80):
        speaker.rate = rate
        d = duration(speaker.synthesize_to_wav(LONG, tmp_path / f"r{rate}.wav"))
        assert (d > 1.5 * normal) if rate == 80 else (d < normal), (rate, d, normal)
    speaker.rate = 1000
    assert speaker.rate == 350
    assert speaker.faster() == 350


def test_text_is_made_speakable_before_synthesis(speaker: Speaker) -> None:
    said = speaker.prepare("Le CIO est à 2,3 km. Tél. 04 78 12 34 56. <b>Ouvert</b>")
    assert "centre d'information et d'orientation" in said
    assert "deux virgule trois kilomètres" in said
    assert "zéro quatre, soixante-dix-huit, douze, trente-quatre, cinquante-six" in said
    assert "<b>" not in said


def test_a_hung_engine_is_killed_by_the_watchdog_and_replaced(
    speaker: Speaker, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    hung = _Worker(timeout=0.5)
    hung.startup_timeout = 0.5  # a worker that never starts is given up on too
    monkeypatch.setattr(hung, "command", (sys.executable, "-c", "import time; time.sleep(60)"))
    started = time.monotonic()
    with pytest.raises(TimeoutError):
        hung.request({"cmd": "ping"})
    assert time.monotonic() - started < 3
    assert hung._proc is None  # killed
    monkeypatch.setattr(hung, "command", _Worker.command)
    hung.timeout = 15
    assert hung.request({"cmd": "ping"}) == {"ok": True}
    hung.close()


def test_no_french_voice_fails_loudly_in_french() -> None:
    with pytest.raises(VoiceUnavailable, match="Aucune voix française"):
        Speaker(voice="art/klingon")


# The real worker (voice._tts_worker) over a fake pyttsx3 whose engine has the voices given in
# argv[2] (JSON); what the engine is asked to do is written to the file argv[1].
FAKE_ENGINE_WORKER = """
import json, sys, types
log = open(sys.argv[1], "a")
voices = json.loads(sys.argv[2])

class Voice:
    def __init__(self, id, languages):
        self.id, self.languages = id, languages

class Engine:
    def getProperty(self, name):
        return [Voice(v, langs) for v, langs in voices]
    def setProperty(self, name, value):
        log.write(json.dumps([name, value]) + "\\n"); log.flush()
    def save_to_file(self, text, path):
        log.write(json.dumps(["save", text]) + "\\n"); log.flush()
        open(path, "wb").write(b"RIFF" + bytes(100))
    def runAndWait(self):
        pass

fake = types.ModuleType("pyttsx3")
fake.init = lambda driver=None: Engine()
sys.modules["pyttsx3"] = fake
from voice._tts_worker import main
main()
"""
ENGLISH_AND_OTHERS = [
    ["gmw/en", ["en-gb"]],
    ["gmw/en-us", ["en-us"]],
    ["gmw/de", ["de"]],
    ["roa/it", ["it"]],
]


def fake_engine(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, voices: list) -> Path:
    import json

    log = tmp_path / "engine.log"
    log.touch()
    command = (sys.executable, "-c", FAKE_ENGINE_WORKER, str(log), json.dumps(voices))
    monkeypatch.setattr(_Worker, "command", command)
    return log


def test_no_french_voice_on_the_engine_fails_loudly_and_never_speaks_english(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    log = fake_engine(monkeypatch, tmp_path, ENGLISH_AND_OTHERS)
    with pytest.raises(VoiceUnavailable) as failure:
        Speaker(player=FakePlayer(), timeout=15)  # the default voice, roa/fr
    assert str(failure.value) == (
        "Aucune voix française n'est installée. Installez espeak-ng avec la voix française, "
        "puis relancez."
    )
    assert log.read_text() == ""  # no voice was set, nothing was said: no English fallback


def test_the_french_voice_is_found_under_another_name_and_only_french(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import json

    voices = [*ENGLISH_AND_OTHERS, ["mb/fr1", ["fr-fr"]]]
    log = fake_engine(monkeypatch, tmp_path, voices)
    speaker = Speaker(player=FakePlayer(), timeout=15, normalize=False)
    try:
        assert speaker.voice == "mb/fr1"
        speaker.synthesize_to_wav("Bonjour.", tmp_path / "b.wav")
        said = [json.loads(line) for line in log.read_text().splitlines()]
        assert said[:2] == [["voice", "mb/fr1"], ["rate", 170]]
        assert ["save", "Bonjour."] in said
    finally:
        speaker.close()


def test_without_an_audio_device_speaking_does_not_crash() -> None:
    player = default_player()  # no sound card here: a silent timer
    stop = threading.Event()
    started = time.monotonic()
    player(np.zeros(16000, dtype=np.float32), 16000, stop)
    assert 0.9 < time.monotonic() - started < 2.0
    s = Speaker(timeout=15)
    try:
        s.speak("Bonjour.")
        assert s.is_speaking
        s.stop()
        assert not s.is_speaking
    finally:
        s.close()


def test_the_greeting_is_synthesised_for_a_person_to_listen_to(
    speaker: Speaker, artifacts: Path, server: Recorder
) -> None:
    from voice import Dialogue

    greeting = Dialogue(server.client()).start().text
    wav = speaker.synthesize_to_wav(greeting, artifacts / "accueil.wav")
    assert duration(wav) > 3.0


# The real worker over a fake pyttsx3 that is slow to start (argv[2] seconds) and whose first
# process hangs on its first synthesis when argv[3] is "hang-first" (a marker file tells the
# processes apart), or never makes a sound when it is "mute".
FLAKY_ENGINE_WORKER = """
import os, struct, sys, time, types
marker, start_delay, mode = sys.argv[1], float(sys.argv[2]), sys.argv[3]
first_process = not os.path.exists(marker)
open(marker, "a").close()
time.sleep(start_delay)  # importing pyttsx3 and loading espeak on a cold machine

class Voice:
    def __init__(self, id, languages):
        self.id, self.languages = id, languages

class Engine:
    def getProperty(self, name):
        return [Voice("roa/fr", ["fr"])]
    def setProperty(self, name, value):
        pass
    def save_to_file(self, text, path):
        if mode == "hang-first" and first_process:
            time.sleep(120)
        if mode == "mute":
            return
        frames = b"".join(struct.pack("<h", 8000 if i % 20 < 10 else -8000) for i in range(8000))
        import wave
        with wave.open(path, "wb") as w:
            w.setnchannels(1); w.setsampwidth(2); w.setframerate(16000); w.writeframes(frames)
    def runAndWait(self):
        pass

fake = types.ModuleType("pyttsx3")
fake.init = lambda driver=None: Engine()
sys.modules["pyttsx3"] = fake
from voice._tts_worker import main
main()
"""


def flaky_engine(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, delay: float, mode: str) -> None:
    marker = tmp_path / "started"
    command = (sys.executable, "-c", FLAKY_ENGINE_WORKER, str(marker), str(delay), mode)
    monkeypatch.setattr(_Worker, "command", command)


def _flaky_say(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, mode: str, delay: float = 0.0
) -> tuple[FakePlayer, list[str], Speaker]:
    """Say "Bonjour." with a flaky engine (on a fresh worker when it is slow to start); the
    speaker is closed after; `_worker.started` counts the workers that served this answer."""
    flaky_engine(monkeypatch, tmp_path, delay=delay, mode=mode)
    player, errors = FakePlayer(), []
    speaker = Speaker(player=player, timeout=1.0, normalize=False, on_error=errors.append)
    try:
        if delay:
            speaker._worker.kill()  # a fresh worker for the first answer, as after a crash
        started = speaker._worker.started - (0 if delay else 1)
        speaker.speak("Bonjour.", block=True)
        speaker._worker.started -= started  # the workers that served this answer
    finally:
        speaker.close()
    return player, errors, speaker


def test_a_new_worker_slow_to_start_still_says_its_first_answer(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Starting (2 s here) is not counted in the synthesis' time (about 1 s here): without
    the start-up ping both tries would time out."""
    player, errors, speaker = _flaky_say(monkeypatch, tmp_path, "ok", delay=2.0)
    assert len(player.played) == 1 and errors == [] and speaker.last_error is None


def test_a_first_synthesis_that_hangs_is_tried_again_on_a_new_worker(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    player, errors, speaker = _flaky_say(monkeypatch, tmp_path, "hang-first")
    assert len(player.played) == 1, "said, on the second worker"
    assert speaker._worker.started == 2 and errors == []


def test_speech_that_cannot_be_made_is_said_to_fail_never_dropped_silently(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    player, errors, speaker = _flaky_say(monkeypatch, tmp_path, "mute")
    assert player.played == []
    assert errors == ["Je n'ai pas pu lire la réponse à voix haute. Elle est à l'écran."]
    assert speaker.last_error == errors[0] and not speaker.is_speaking
