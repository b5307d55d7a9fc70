"""Place names read with espeak-ng's English voice, before and after the pronunciation lexicon.

espeak-ng's French voice switches to English for words it takes for English ("Vaulx" /volks/,
"Cfa"); its phoneme output then holds "(en)". This counts, for the communes of at least 5,000
inhabitants and for every commune, the names read so as written (the baseline, same run) and
as `geodata.speech.speakable` gives them (lexicon and respelling rules applied).

Run: .venv/bin/python bench/bench_lexicon.py
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def english_read(names: list[str]) -> list[str]:
    espeak = shutil.which("espeak-ng") or "espeak-ng"
    out = subprocess.run(
        [espeak, "-q", "-x", "-v", "roa/fr"],
        input="\n".join(names) + "\n",
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    if len(out) != len(names):
        raise RuntimeError("espeak-ng did not give one line a name")
    return [n for n, phonemes in zip(names, out, strict=True) if "(en)" in phonemes]


def main() -> int:
    import geodata
    from geodata.speech import speakable

    communes = [c for c in geodata.communes() if c.kind == "commune"]
    for label, names in (
        (
            "communes of 5,000 inhabitants or more",
            sorted({c.nom for c in communes if c.population >= 5000}),
        ),
        ("every commune", sorted({c.nom for c in communes})),
    ):
        started = time.perf_counter()
        before = english_read(names)
        said = [speakable(n) for n in names]
        after = english_read(said)
        seconds = time.perf_counter() - started
        ratio = len(after) / len(before) if before else float("nan")
        print(
            f"{label}: {len(names)} names; read in English as written {len(before)}, "
            f"after the lexicon {len(after)} (ratio {ratio:.2f}; {seconds:.1f} s)"
        )
        if after:
            print("  still in English, first ones: " + ", ".join(after[:12]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
