"""Speech in: vosk, from a WAV file (any rate) or from the microphone (sounddevice).

With a grammar (the phrases the dialogue expects now), vosk is constrained to those words; but it
does not force its output onto whole phrases, so every transcript is matched back against the
expected phrases: a near miss is snapped to the closest one (rapidfuzz), a far one is refused and
free recognition (no grammar) is tried instead. Partial results are kept for the interface.

The model is found in this order: ``model_path``, ``TOTALACCES_VOSK_MODEL``, then the folders
where vosk downloads its models (``vosk-model-small-fr-*`` or ``vosk-model-fr-*``).
"""

from __future__ import annotations

import json
import logging
import os
import re
import threading
import wave
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from math import gcd
from pathlib import Path
from typing import Any

import numpy as np

log = logging.getLogger(__name__)

SAMPLE_RATE = 16000
SNAP_SCORE = 75.0  # rapidfuzz ratio (0..100) to accept a transcript as an expected phrase
UNK = "[unk]"


class ModelNotFound(RuntimeError):
    """No vosk model where we looked."""


MODEL_HELP = (
    "Aucun modèle de reconnaissance vocale français n'est installé. "
    "Sur une machine reliée à internet, lancez : totalacces voice --download-model. "
    "Ou indiquez le dossier d'un modèle vosk avec la variable TOTALACCES_VOSK_MODEL."
)


@dataclass
class Recognition:
    text: str  # the expected phrase it was snapped to, the free transcript, or "" when refused
    alternatives: list[str] = field(default_factory=list)
    partials: list[str] = field(default_factory=list)
    heard: str = ""  # what vosk returned, before snapping
    score: float = 0.0  # how close `heard` is to `text` (100 = same words)
    mode: str = "grammar"  # "grammar" | "second" (the second grammar) | "free"


def default_model_dirs() -> list[Path]:
    import vosk

    return [Path(d) for d in vosk.MODEL_DIRS if d is not None]


def find_model(model_path: str | Path | None = None, lang: str = "fr") -> Path:
    """The model folder to use, or ModelNotFound with a French message saying what to do."""
    candidates: list[Path] = []
    if model_path:
        candidates.append(Path(model_path))
    elif os.environ.get("TOTALACCES_VOSK_MODEL"):
        candidates.append(Path(os.environ["TOTALACCES_VOSK_MODEL"]))
    else:
        pattern = re.compile(rf"^vosk-model(-small)?-{lang}\b")
        for directory in default_model_dirs():
            if directory.is_dir():
                candidates.extend(sorted(p for p in directory.iterdir() if pattern.match(p.name)))
    for path in candidates:
        if (path / "am").is_dir() or (path / "conf").is_dir():
            return path
    if candidates:
        raise ModelNotFound(f"Le dossier {candidates[0]} n'est pas un modèle vosk. {MODEL_HELP}")
    raise ModelNotFound(MODEL_HELP)


def download_model(lang: str = "fr") -> Path:
    """Fetch the small model of `lang` with vosk's own downloader (needs internet).

    vosk unpacks it into the last of its folders, ``~/.cache/vosk`` (``vosk.MODEL_DIRS``), where
    ``find_model`` looks by itself; a model already in one of those folders is not fetched again.
    """
    import vosk

    class _Downloader(vosk.Model):  # vosk's own lookup and download, without loading the model
        def __init__(self) -> None:
            pass

        def __del__(self) -> None:
            pass

    try:
        path = _Downloader().get_model_path(None, lang)  # downloads into vosk's cache folder
    except SystemExit as exc:  # vosk exits when it knows no model for the language
        raise ModelNotFound(f"Aucun modèle vosk pour la langue « {lang} ».") from exc
    return find_model(path, lang=lang)


def resample(samples: np.ndarray, rate: int, target: int = SAMPLE_RATE) -> np.ndarray:
    if rate == target:
        return samples
    from scipy.signal import resample_poly

    g = gcd(rate, target)
    return resample_poly(samples, target // g, rate // g)


def read_wav_16k(path: str | Path) -> bytes:
    """Any 8/16/32-bit PCM WAV, any rate, any channels -> 16 kHz mono 16-bit PCM bytes."""
    with wave.open(str(path), "rb") as w:
        rate, channels, width = w.getframerate(), w.getnchannels(), w.getsampwidth()
        raw = w.readframes(w.getnframes())
    if width == 2:
        data = np.frombuffer(raw, dtype="<i2").astype(np.float32) / 32768.0
    elif width == 1:
        data = (np.frombuffer(raw, dtype=np.uint8).astype(np.float32) - 128.0) / 128.0
    elif width == 4:
        data = np.frombuffer(raw, dtype="<i4").astype(np.float32) / 2147483648.0
    else:
        raise ValueError("Format WAV non pris en charge : utilisez du PCM 16 bits.")
    if channels > 1:
        data = data.reshape(-1, channels).mean(axis=1)
    data = resample(data, rate)
    return (np.clip(data, -1.0, 1.0) * 32767.0).astype("<i2").tobytes()


_MODELS: dict[str, Any] = {}
_MODELS_LOCK = threading.Lock()


def load_model(path: Path) -> Any:
    """One vosk Model per folder per process (loading takes seconds)."""
    import vosk

    key = str(path.resolve())
    with _MODELS_LOCK:
        if key not in _MODELS:
            vosk.SetLogLevel(-1)
            _MODELS[key] = vosk.Model(key)
        return _MODELS[key]


class Listener:
    """vosk speech recognition with an optional grammar of expected phrases."""

    def __init__(
        self,
        model_path: str | Path | None = None,
        grammar: Sequence[str] | None = None,
        snap_score: float = SNAP_SCORE,
    ) -> None:
        self.model_path = find_model(model_path)
        self.model = load_model(self.model_path)
        self.snap_score = snap_score
        self.phrases: list[str] = []
        self.exact: frozenset[str] = frozenset()
        self.grammar: list[str] | None = None
        self._recognizer: Any = None
        self._compiled: dict[str, Any] = {}  # grammar json -> its recognizer, the last two
        self._spelled: dict[str, str | None] = {}
        self.dropped: list[str] = []  # phrases of the last grammar with a word the model lacks
        self.second_phrases: list[str] = []
        self.second_grammar: list[str] | None = None
        self._lock = threading.Lock()
        self._decoding = threading.Lock()  # the kept recognizer decodes one utterance at a time
        if grammar is not None:
            self.set_grammar(grammar)

    # -- grammar --------------------------------------------------------------------------------
    def known(self, word: str) -> bool:
        finder = getattr(self.model, "find_word", None) or self.model.vosk_model_find_word
        return finder(word) != -1

    def spellable(self, phrase: str) -> str | None:
        """`phrase` in words the model knows ("l'école" may be "l' école" or "l école"), or None."""
        if phrase not in self._spelled:
            self._spelled[phrase] = self._spell(phrase)
        return self._spelled[phrase]

    def _spell(self, phrase: str) -> str | None:
        from geodata.text import fold

        out: list[str] = []
        for word in phrase.split():
            if self.known(word):
                out.append(word)
                continue
            for variant in (
                word.replace("'", "' ").split(),
                word.replace("'", " ").split(),
                word.replace("-", " ").split(),
                fold(word).split(),
            ):
                if variant and all(self.known(v) for v in variant):
                    out.extend(variant)
                    break
            else:
                return None
        return " ".join(out)

    def expect(self, dialogue: Any) -> list[str]:
        """The grammar of what `dialogue` expects now, its risky phrases heard exactly only."""
        from voice.grammar import exact_phrases_for, phrases_for, second_phrases_for

        return self.set_grammar(
            phrases_for(dialogue),
            exact=exact_phrases_for(dialogue),
            second=second_phrases_for(dialogue),
        )

    def set_grammar(
        self,
        phrases: Iterable[str] | None,
        exact: Iterable[str] = (),
        second: Iterable[str] | None = None,
    ) -> list[str]:
        """Constrain recognition to `phrases` (None: free recognition). Returns the grammar used:
        the phrases whose words the model knows, then "[unk]", always last.

        `exact`: phrases a transcript is never snapped to unless it is that phrase, word for
        word (they end the session, place a call or send personal data); a near miss of one
        goes to free recognition. Phrases with a word the model lacks are listed in `dropped`
        (vosk would drop that word silently and hear another phrase).

        `second`: the grammar of a second pass over what the first refused (every town name
        for a place question), before free recognition.

        "[unk]" is vosk's token for "a word outside the grammar": with it, speech the grammar does
        not cover comes out as "[unk]" (refused, then recognised freely) instead of being forced
        onto an expected phrase. It is added whatever ``find_word`` says: the French models know
        it, and a model that does not (the Korean test model calls it "<UNK>") only logs that it
        ignores it."""
        with self._lock:
            if phrases is None:
                self.phrases, self.grammar = [], None
            else:
                cleaned = [" ".join(p.lower().split()) for p in phrases if p and p.strip()]
                spelled = {p: self.spellable(p) for p in dict.fromkeys(cleaned) if p != UNK}
                kept = list(dict.fromkeys(v for v in spelled.values() if v))
                self.dropped = [p for p, v in spelled.items() if v is None]
                if self.dropped:
                    log.info(
                        "voice: %d expected phrases have words the model lacks",
                        len(self.dropped),
                    )
                risky = (" ".join(p.lower().split()) for p in exact)
                self.exact = frozenset(filter(None, (self.spellable(p) for p in risky)))
                self.phrases = kept
                self.grammar = [*kept, UNK]
                if not kept:  # the model knows none of them: recognise freely
                    log.info("voice: no expected phrase is in the model, free recognition")
                    self.phrases, self.grammar = [], None
            self.second_phrases, self.second_grammar = [], None
            if second is not None and self.grammar is not None:
                more = (" ".join(p.lower().split()) for p in second)
                spelled_more = (self.spellable(p) for p in dict.fromkeys(more) if p)
                self.second_phrases = list(dict.fromkeys(filter(None, spelled_more)))
                if self.second_phrases:
                    self.second_grammar = [*self.second_phrases, UNK]
            return list(self.grammar or [])

    def _new_recognizer(self, grammar: list[str] | None) -> Any:
        import vosk

        if grammar is None:
            rec = vosk.KaldiRecognizer(self.model, SAMPLE_RATE)
        else:
            rec = vosk.KaldiRecognizer(
                self.model, SAMPLE_RATE, json.dumps(grammar, ensure_ascii=False)
            )
        rec.SetMaxAlternatives(3)
        rec.SetWords(False)
        return rec

    # -- matching back ----------------------------------------------------------------------------
    def snap(self, heard: str, phrases: Sequence[str] | None = None) -> tuple[str, float]:
        """(closest expected phrase, score) or ("", score) when refused.

        Refused: a transcript holding "[unk]" (a word outside the grammar was said: what is
        left is not what the person said, "à [unk]" is no "à plus"), one far from every phrase,
        and a near miss of an `exact` phrase."""
        words = heard.split()
        if UNK in words:
            return "", 0.0
        heard = " ".join(words)
        phrases = self.phrases if phrases is None else phrases
        if not heard:
            return "", 0.0
        if not phrases:
            return heard, 100.0
        from rapidfuzz import fuzz, process

        def score(phrase: str) -> tuple[float, float]:
            # whole-phrase likeness first; a phrase said whole amid noise words counts too
            plain = fuzz.ratio(heard, phrase)
            return max(plain, 0.9 * fuzz.token_set_ratio(heard, phrase)), plain

        # the best candidates of either measure (a place grammar holds 33,000 phrases)
        candidates = {
            phrase
            for scorer in (fuzz.ratio, fuzz.token_set_ratio)
            for phrase, _s, _i in process.extract(heard, phrases, scorer=scorer, limit=25)
        }
        best_phrase, best_score = "", (0.0, 0.0)
        for phrase in sorted(candidates):
            s = score(phrase)
            if s > best_score:
                best_phrase, best_score = phrase, s
        if best_score[0] < self.snap_score:
            return "", best_score[0]
        if best_phrase in self.exact and best_phrase != heard:
            log.info("voice: a near miss of a phrase heard exactly only, trying free recognition")
            return "", best_score[0]
        return best_phrase, best_score[0]

    @staticmethod
    def _texts(result: dict[str, Any]) -> list[str]:
        if "alternatives" in result:
            return [a.get("text", "") for a in result["alternatives"]]
        return [result.get("text", "")]

    def _recognizer_for(self, grammar: list[str] | None) -> Any:
        """A recognizer for `grammar`; the last two compiled are kept (a question's grammar
        and its second grammar; every town name takes about a tenth of a second)."""
        if grammar is None:
            return self._new_recognizer(None)
        key = json.dumps(grammar, ensure_ascii=False)
        rec = self._compiled.pop(key, None) or self._new_recognizer(grammar)
        self._compiled[key] = rec  # the most recent last
        while len(self._compiled) > 2:
            self._compiled.pop(next(iter(self._compiled)))
        rec.Reset()
        return rec

    def _decode(self, pcm: bytes, grammar: list[str] | None) -> tuple[list[str], list[str]]:
        with self._decoding:
            return self._decode_with(self._recognizer_for(grammar), pcm)

    def _decode_with(self, rec: Any, pcm: bytes) -> tuple[list[str], list[str]]:
        partials: list[str] = []
        texts: list[str] = []
        step = SAMPLE_RATE // 5 * 2  # 200 ms of 16-bit samples
        for start in range(0, len(pcm), step):
            if rec.AcceptWaveform(pcm[start : start + step]):
                texts.extend(self._texts(json.loads(rec.Result()))[:1])
            else:
                partial = json.loads(rec.PartialResult()).get("partial", "")
                if partial and (not partials or partials[-1] != partial):
                    partials.append(partial)
        final = self._texts(json.loads(rec.FinalResult()))
        alternatives = [t for t in final if t]
        if final and final[0]:
            texts.append(final[0])
        heard = " ".join(t for t in texts if t).strip()
        return [heard, *alternatives[1:]], partials

    def recognize_pcm(self, pcm: bytes) -> Recognition:
        """16 kHz mono 16-bit PCM -> Recognition."""
        with self._lock:
            grammar = self.grammar
        if grammar is not None:
            texts, partials = self._decode(pcm, grammar)
            heard = texts[0]
            snapped, score = self.snap(heard)
            alternatives = [self.snap(t)[0] or t for t in texts[1:]]
            if snapped:
                return Recognition(snapped, alternatives, partials, heard, score, "grammar")
            return self._second_chance(pcm, partials)
        texts, partials = self._decode(pcm, None)
        heard = " ".join(w for w in texts[0].split() if w != UNK)
        return Recognition(heard, texts[1:], partials, heard, 100.0 if heard else 0.0, "free")

    def _second_chance(
        self, pcm: bytes, partials: list[str], first: str | None = None
    ) -> Recognition:
        """What the grammar refused: the second grammar (every town name for a place
        question), then free recognition. `first`: what the microphone's recognizer heard
        under the grammar, kept as `heard` (from a file, `heard` is the free transcript)."""
        with self._lock:
            second, second_phrases = self.second_grammar, self.second_phrases
        if second is not None:
            log.info("voice: transcript refused by the grammar, trying the second grammar")
            texts, more = self._decode(pcm, second)
            partials = [*partials, *more]
            snapped, score = self.snap(texts[0], second_phrases)
            if snapped:
                alternatives = [self.snap(t, second_phrases)[0] or t for t in texts[1:]]
                return Recognition(snapped, alternatives, partials, texts[0], score, "second")
        log.info("voice: transcript refused by the grammar, trying free recognition")
        texts, more = self._decode(pcm, None)
        heard = " ".join(w for w in texts[0].split() if w != UNK)
        if first is not None:
            return Recognition(heard, texts[1:], [*partials, *more], first, 0.0, "free")
        return Recognition(heard, texts[1:], [*partials, *more], heard, 100.0 * bool(heard), "free")

    def recognize_wav(self, path: str | Path) -> Recognition:
        return self.recognize_pcm(read_wav_16k(path))

    # -- microphone -----------------------------------------------------------------------------
    def listen(
        self,
        callback: Callable[[Recognition], bool | None],
        on_partial: Callable[[str], None] | None = None,
        stop: threading.Event | None = None,
        device: int | str | None = None,
    ) -> None:
        """Listen to the microphone; call `callback` with each utterance until it returns False
        or `stop` is set. `on_partial` receives what is being heard as it comes (barge-in).

        One recognizer serves the whole session: when `set_grammar` is called (typically from
        `callback`, after each dialogue turn) the new grammar is applied with vosk's SetGrammar.
        """
        import queue

        import sounddevice as sd

        stop = stop or threading.Event()
        chunks: queue.Queue[bytes] = queue.Queue()

        def on_audio(indata: Any, frames: int, time_info: Any, status: Any) -> None:
            chunks.put(bytes(indata))

        utterance = bytearray()
        partials: list[str] = []
        with self._lock:
            grammar = self.grammar
            rec = self._new_recognizer(grammar)
            self._recognizer = rec if grammar is not None else None
        with sd.RawInputStream(
            samplerate=SAMPLE_RATE,
            blocksize=3200,
            device=device,
            dtype="int16",
            channels=1,
            callback=on_audio,
        ):
            while not stop.is_set():
                try:
                    data = chunks.get(timeout=0.1)
                except queue.Empty:
                    continue
                utterance.extend(data)
                if not rec.AcceptWaveform(data):
                    partial = json.loads(rec.PartialResult()).get("partial", "")
                    if partial and (not partials or partials[-1] != partial):
                        partials.append(partial)
                        if on_partial:
                            on_partial(partial)
                    continue
                raw = self._texts(json.loads(rec.Result()))[0]
                heard = " ".join(w for w in raw.split() if w != UNK)
                result: Recognition | None = None
                if grammar is None:
                    if heard:
                        result = Recognition(heard, [], list(partials), heard, 100.0, "free")
                else:
                    snapped, score = self.snap(raw) if heard else ("", 0.0)
                    if snapped:
                        result = Recognition(snapped, [], list(partials), heard, score, "grammar")
                    elif heard or raw.strip() or partials:
                        # something was said, and the grammar refused it (a far transcript, or
                        # "[unk]"): the second grammar, then free recognition of the same audio,
                        # as recognize_pcm does
                        again = self._second_chance(bytes(utterance), list(partials), heard)
                        if again.text or heard:
                            result = again
                if result is not None and callback(result) is False:
                    return
                utterance.clear()
                partials.clear()
                with self._lock:
                    if self.grammar != grammar:  # changed by the callback: SetGrammar
                        grammar = self.grammar
                        if grammar is not None and self._recognizer is rec:
                            rec.SetGrammar(json.dumps(grammar, ensure_ascii=False))
                        else:
                            rec = self._new_recognizer(grammar)
                            self._recognizer = rec if grammar is not None else None
                    rec.Reset()
