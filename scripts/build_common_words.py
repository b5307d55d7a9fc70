"""Build backend/data/common_words_fr.txt.gz: the common-French word list of the readability check.

A word is "common" when it appears at least once per million words of written and spoken French
(Zipf frequency >= 3.0) in wordfreq 3.1.1 (Robyn Speer; data CC BY-SA 4.0, code Apache-2.0), which
blends subtitles, news, books, Wikipedia and web text. About 32,000 word forms pass.

The list is committed; wordfreq is needed only to rebuild it, in any Python:
``python -m pip install wordfreq==3.1.1 && python scripts/build_common_words.py``.
"""

from __future__ import annotations

import gzip
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "backend" / "data" / "common_words_fr.txt.gz"
MIN_ZIPF = 3.0


def main() -> int:
    try:
        import wordfreq
    except ImportError:
        print("wordfreq est nécessaire : python -m pip install wordfreq==3.1.1", file=sys.stderr)
        return 2
    words = sorted(
        {
            word
            for word in wordfreq.top_n_list("fr", 200_000)
            if word.isalpha() and wordfreq.zipf_frequency(word, "fr") >= MIN_ZIPF
        }
    )
    text = "\n".join(words) + "\n"
    # mtime=0: the same input gives the same bytes (no spurious diff on rebuild).
    with OUT.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as out:
        out.write(text.encode("utf-8"))
    print(f"{len(words)} mots courants (Zipf >= {MIN_ZIPF}) -> {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
