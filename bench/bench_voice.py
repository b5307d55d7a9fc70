"""Voice benchmark: per turn text -> answer, and answer -> WAV against the espeak-ng command line.

1. A scripted conversation (structure search, paging, call, offers, career, callback) runs many
   times against the real API on the bundled data, served in this process on 127.0.0.1
   (tests/support/backend.py; the import takes a few seconds first). The time spent in the API
   client is measured and reported apart; "dialogue" is understanding + state machine only. The
   understanding caches are cleared before every turn, so that every turn pays the full price.
   Goal: p50 under 20 ms.
2. Every answer of the conversation is synthesised to WAV by `Speaker.synthesize_to_wav` and by
   `espeak-ng -v roa/fr -w` on the same (speakable) text, in the same run. Goal: ratio <= 1.5.

Run: .venv/bin/python bench/bench_voice.py [--rounds 20]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SCRIPT = (
    "je cherche une mission locale à lyon",
    "suivant",
    "précédent",
    "le deuxième",
    "appelle les",
    "le premier",
    "appelle",
    "c'est où",
    "mission locale à saint denis",
    "en seine saint denis",
    "je cherche un stage de boulanger à lyon",
    "le premier",
    "c'est quoi le métier de soudeur",
    "oui",
    "lyon",
    "aide",
    "répète",
    "rappelle moi pour un travail",
    "Inès",
    "zéro six douze trente quatre cinquante six soixante dix huit",
    "oui",
    "dix sept ans",
    "oui",
    "accueil",
)


class TimedClient:
    """Wraps the API client and adds up the time spent in it."""

    def __init__(self, client: Any) -> None:
        self._client = client
        self.spent = 0.0

    def __getattr__(self, name: str) -> Any:
        attr = getattr(self._client, name)
        if not callable(attr):
            return attr

        def timed(*args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                return attr(*args, **kwargs)
            finally:
                self.spent += time.perf_counter() - start

        return timed


def clear_caches() -> None:
    from voice import understanding, vocabulary

    understanding._understand.cache_clear()
    understanding._resolve_place.cache_clear()
    vocabulary.find_rome.cache_clear()


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def bench_turns(rounds: int) -> list[str]:
    from tests.support.backend import bundled_api
    from voice import Dialogue

    api = bundled_api()

    dialogue_ms: list[float] = []
    client_ms: list[float] = []
    answers: list[str] = []
    # warm-up: load the gazetteer, the templates and the vocabulary once
    warm = Dialogue(TimedClient(api.client()))
    for text in SCRIPT:
        warm.handle(text)
    for r in range(rounds):
        client = TimedClient(api.client())
        d = Dialogue(client)
        for text in SCRIPT:
            clear_caches()
            client.spent = 0.0
            start = time.perf_counter()
            reply = d.handle(text)
            total = time.perf_counter() - start
            dialogue_ms.append((total - client.spent) * 1000)
            client_ms.append(client.spent * 1000)
            if r == 0:
                answers.append(reply.text)
    n = len(dialogue_ms)
    print(f"turns: {n} ({rounds} rounds x {len(SCRIPT)} turns), caches cleared before each turn")
    print(
        f"  understanding + dialogue : p50 {pct(dialogue_ms, 0.5):6.2f} ms   "
        f"p99 {pct(dialogue_ms, 0.99):6.2f} ms   max {max(dialogue_ms):6.2f} ms   (goal p50 < 20 ms)"
    )
    with_calls = [c for c in client_ms if c > 0]
    print(
        f"  API client (local, apart): p50 {pct(with_calls, 0.5):6.2f} ms   "
        f"p99 {pct(with_calls, 0.99):6.2f} ms   over {len(with_calls)} turns that call the API"
    )
    return answers


def bench_synthesis(answers: list[str], repeats: int) -> None:
    from geodata.speech import speakable
    from voice.speaker import Speaker

    speaker = Speaker(player=lambda *a: None)
    folder = Path(tempfile.mkdtemp(prefix="bench-voice-"))
    ours: list[float] = []
    cli: list[float] = []
    speaker.synthesize_to_wav("Bonjour.", folder / "warm.wav")
    for i, text in enumerate(answers):
        said = speakable(text)
        a, b = [], []
        for k in range(repeats):
            start = time.perf_counter()
            speaker.synthesize_to_wav(text, folder / f"ours-{i}-{k}.wav")
            a.append(time.perf_counter() - start)
            start = time.perf_counter()
            subprocess.run(
                [
                    "espeak-ng",
                    "-v",
                    "roa/fr",
                    "-s",
                    str(speaker.rate),
                    "-w",
                    str(folder / f"cli-{i}-{k}.wav"),
                    said,
                ],
                check=True,
            )
            b.append(time.perf_counter() - start)
        ours.append(statistics.median(a))
        cli.append(statistics.median(b))
    speaker.close()
    total_ours, total_cli = sum(ours), sum(cli)
    print(f"synthesis: {len(answers)} answers, median of {repeats} runs each, same texts")
    print(
        f"  Speaker.synthesize_to_wav : total {total_ours * 1000:7.1f} ms   "
        f"p50 {pct(ours, 0.5) * 1000:6.1f} ms"
    )
    print(
        f"  espeak-ng command line    : total {total_cli * 1000:7.1f} ms   "
        f"p50 {pct(cli, 0.5) * 1000:6.1f} ms"
    )
    print(f"  ratio Speaker / espeak-ng : {total_ours / total_cli:.2f}   (goal <= 1.5)")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    answers = bench_turns(args.rounds)
    bench_synthesis(answers, args.repeats)


if __name__ == "__main__":
    main()
