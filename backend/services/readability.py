"""An automatic plain-language check for short texts read by young people and screen readers.

Used on the career summaries written by Total Accès (``backend/data/career_summaries_fr.yaml``):
short sentences, common words, acronyms explained, no figures of speech. It cannot say that a text
is true or kind; it says when a text is surely not plain. What it checks, and the limits:

- each sentence has at most ``MAX_SENTENCE_WORDS`` words, the text 2 to ``MAX_SENTENCES`` sentences
  and at most ``MAX_WORDS`` words;
- words outside the common-French list (``backend/data/common_words_fr.txt.gz``, words seen at least
  once per million words, see ``scripts/build_common_words.py``) are allowed only when they are the
  job's own words (its label and job titles, which the reader is looking for) and at most
  ``MAX_RARE_WORDS`` others per text (a trade has its own words: "chaudronnier", "soudure");
- an acronym (two capitals or more, like CAP) is followed by its meaning in brackets the first time;
- a short list of figures of speech common in job descriptions is refused ("avoir l'œil",
  "coup de main", "couteau suisse"...).

Run on a YAML file of ``code: text`` (the ROME codes give each text its own words)::

    .venv/bin/python -m backend.services.readability backend/data/career_summaries_fr.yaml
"""

from __future__ import annotations

import csv
import gzip
import re
import sys
import unicodedata
from collections.abc import Iterable
from functools import cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
COMMON_WORDS_FILE = DATA_DIR / "common_words_fr.txt.gz"

MAX_SENTENCE_WORDS = 15
MAX_SENTENCES = 4
MAX_WORDS = 55
MAX_RARE_WORDS = 2

#: Figures of speech that job descriptions like and that a literal reader (or a translation
#: tool) takes word for word. Folded (no accents, lower case), matched inside the folded text.
FIGURES_OF_SPEECH = (
    "avoir l oeil",
    "un oeil attentif",
    "l oeil du",
    "coup de main",
    "coup d oeil",
    "mettre la main a la pate",
    "main verte",
    "couteau suisse",
    "chef d orchestre",
    "bras droit",
    "au coeur de",
    "au coeur du",
    "plaque tournante",
    "jongler",
    "doigts de fee",
    "sans compter ses heures",
    "la tete sur les epaules",
    "sur le pont",
    "le sens du contact",
    "tremplin",
)

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
_WORD = re.compile(r"[A-Za-zÀ-ÖØ-öø-ÿŒœÆæ]+")
_ACRONYM = re.compile(r"\b([A-ZÀ-Ö]{2,}[0-9]*)s?\b")
# Verb and noun endings tried back to a form of the common list ("vissez" -> "visser",
# "façonnent" -> "façonner", "soudures" -> "soudure").
_ENDINGS = (
    ("isez", ("ire",)),
    ("ez", ("er", "ir", "re", "e")),
    ("ant", ("er", "ir", "re")),
    ("issez", ("ir",)),
    ("issent", ("ir",)),
    ("ent", ("er", "ir", "re", "e")),
    ("ons", ("er", "ir", "re")),
    ("ées", ("er", "é")),
    ("ée", ("er", "é")),
    ("és", ("er", "é")),
    ("é", ("er",)),
    ("es", ("e", "")),
    ("s", ("",)),
    ("x", ("",)),
    ("euse", ("eur",)),
    ("euses", ("eur",)),
    ("rice", ("eur",)),
    ("rices", ("eur",)),
)


def fold(text: str) -> str:
    """Lower case, no accents, letters and single spaces only (for matching)."""
    text = unicodedata.normalize("NFKD", text.replace("œ", "oe").replace("Œ", "oe"))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


@cache
def common_words() -> frozenset[str]:
    with gzip.open(COMMON_WORDS_FILE, "rt", encoding="utf-8") as stream:
        return frozenset(line.strip() for line in stream if line.strip())


def _forms(word: str) -> Iterable[str]:
    yield word
    for ending, replacements in _ENDINGS:
        if word.endswith(ending) and len(word) > len(ending) + 2:
            stem = word[: -len(ending)]
            for replacement in replacements:
                yield stem + replacement


def is_common(word: str) -> bool:
    """A word (any case) is in the common-French list, itself or by a regular ending."""
    words = common_words()
    return any(form in words for form in _forms(word.lower()))


def sentences(text: str) -> list[str]:
    return [s for s in _SENTENCE_END.split(" ".join(text.split())) if s]


def words(text: str) -> list[str]:
    return _WORD.findall(text)


def own_word_set(own_words: Iterable[str]) -> frozenset[str]:
    """The folded words of a job's label and titles ("Soudeur / Soudeuse" -> soudeur, soudeuse)."""
    found: set[str] = set()
    for text in own_words:
        for word in fold(text).split():
            found.update(fold(form) for form in _forms(word))
    return frozenset(found)


def rare_words(text: str, own_words: Iterable[str] = ()) -> list[str]:
    """The words of ``text`` neither common nor the job's own, in order, once each."""
    own = own_word_set(own_words)
    seen: list[str] = []
    for word in words(text):
        if word.isupper() and len(word) >= 2:
            continue  # acronyms are checked on their own
        if is_common(word) or any(fold(form) in own for form in _forms(word.lower())):
            continue
        if word.lower() not in seen:
            seen.append(word.lower())
    return seen


def unexplained_acronyms(text: str) -> list[str]:
    """Acronyms whose first use is not followed by a meaning in brackets: "un CAP (diplôme...)"."""
    missing: list[str] = []
    explained: set[str] = set()
    for match in _ACRONYM.finditer(text):
        acronym = match.group(1)
        if acronym in explained or acronym in missing:
            continue
        if text[match.end() :].lstrip().startswith("("):
            explained.add(acronym)
        else:
            missing.append(acronym)
    return missing


def problems(text: str, own_words: Iterable[str] = ()) -> list[str]:
    """What makes ``text`` not plain, in French, one line each; empty when it passes."""
    found: list[str] = []
    parts = sentences(text)
    if not 2 <= len(parts) <= MAX_SENTENCES:
        found.append(f"{len(parts)} phrase(s) : il en faut de 2 à {MAX_SENTENCES}")
    total = len(words(text))
    if total > MAX_WORDS:
        found.append(f"{total} mots : {MAX_WORDS} au plus")
    for sentence in parts:
        count = len(words(sentence))
        if count > MAX_SENTENCE_WORDS:
            found.append(f"phrase de {count} mots (au plus {MAX_SENTENCE_WORDS}) : « {sentence} »")
    rare = rare_words(text, own_words)
    if len(rare) > MAX_RARE_WORDS:
        found.append(
            f"{len(rare)} mots peu courants (au plus {MAX_RARE_WORDS}) : {', '.join(rare)}"
        )
    for acronym in unexplained_acronyms(text):
        found.append(f"sigle sans explication entre parenthèses : {acronym}")
    folded = f" {fold(text)} "
    for figure in FIGURES_OF_SPEECH:
        if f" {figure} " in folded:
            found.append(f"image à remplacer par des mots simples : « {figure} »")
    return found


def career_own_words(data_dir: Path = DATA_DIR) -> dict[str, list[str]]:
    """ROME code -> its label and job titles (the words a summary may use freely)."""
    own: dict[str, list[str]] = {}
    with (data_dir / "careers.csv").open(encoding="utf-8", newline="") as stream:
        for row in csv.DictReader(stream):
            own.setdefault(row["code"], []).append(row["label"])
    with gzip.open(data_dir / "job_titles.csv.gz", "rt", encoding="utf-8", newline="") as stream:
        for row in csv.DictReader(stream):
            own.setdefault(row["career_code"], []).append(row["label"])
    return own


def main(argv: list[str]) -> int:
    import yaml

    if len(argv) != 1:
        print("usage : python -m backend.services.readability FICHIER.yaml", file=sys.stderr)
        return 2
    texts = yaml.safe_load(Path(argv[0]).read_text(encoding="utf-8")) or {}
    own = career_own_words()
    failed = 0
    for code, text in texts.items():
        found = problems(str(text), own.get(str(code), []))
        if found:
            failed += 1
            print(f"{code}:")
            for line in found:
                print(f"  - {line}")
    print(f"{len(texts) - failed} / {len(texts)} textes passent la vérification de lisibilité.")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
