"""The words the voice understands: structure kinds, levels, topics, ordinals and ROME job titles.

Everything is folded the same way (:func:`fold`): lower case, no accents, apostrophes and hyphens
as spaces, so that "École de la 2e chance" and "ecole de la deuxieme chance" meet.
"""

from __future__ import annotations

import gzip
import json
import re
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parent / "data"

_NON_WORD = re.compile(r"[^a-z0-9]+")


def fold(text: str) -> str:
    """'L’École de la 2e Chance !' -> 'l ecole de la 2e chance'."""
    text = unicodedata.normalize("NFKD", text.lower())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.replace("œ", "oe").replace("æ", "ae")
    return " ".join(_NON_WORD.sub(" ", text).split())


# kind -> (spoken singular, spoken plural, synonyms as a person says them)
KINDS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "mission_locale": (
        "mission locale",
        "missions locales",
        ("mission locale", "missions locales", "la mission", "mission local", "milo"),
    ),
    "cio": (
        "centre d'information et d'orientation",
        "centres d'information et d'orientation",
        (
            "cio",
            "c i o",
            "centre d information et d orientation",
            "centres d information et d orientation",
            "centre d orientation",
            "centre d information",
            "conseiller d orientation",
            "conseillere d orientation",
            "psy en",
            "psychologue de l education",
        ),
    ),
    "e2c": (
        "école de la deuxième chance",
        "écoles de la deuxième chance",
        (
            "e2c",
            "e 2 c",
            "ecole de la deuxieme chance",
            "ecoles de la deuxieme chance",
            "ecole de la 2e chance",
            "ecole de la 2eme chance",
            "ecole de la seconde chance",
            "ecole deuxieme chance",
            "deuxieme chance",
            "seconde chance",
            "2e chance",
            "2eme chance",
        ),
    ),
    "epide": (
        "Épide",
        "Épide",
        (
            "epide",
            "epid",
            "e p i d e",
            "centre epide",
            "etablissement pour l insertion dans l emploi",
        ),
    ),
    "microlycee": (
        "micro-lycée",
        "micro-lycées",
        (
            "micro lycee",
            "micro lycees",
            "microlycee",
            "micro college",
            "lycee de la nouvelle chance",
            "structure de retour a l ecole",
            "lycee nouvelle chance",
            "lycee pour raccrocheurs",
        ),
    ),
    "cij": (
        "centre d'information jeunesse",
        "centres d'information jeunesse",
        (
            "cij",
            "c i j",
            "centre d information jeunesse",
            "information jeunesse",
            "point information jeunesse",
            "bureau information jeunesse",
            "pij",
            "bij",
        ),
    ),
    "mdph": (
        "maison départementale des personnes handicapées",
        "maisons départementales des personnes handicapées",
        (
            "mdph",
            "m d p h",
            "maison departementale des personnes handicapees",
            "maison du handicap",
            "maison des personnes handicapees",
            "maison handicap",
        ),
    ),
    "cap_emploi": ("Cap emploi", "Cap emploi", ("cap emploi", "cap emplois", "capemploi")),
    "agefiph": ("Agéfiph", "Agéfiph", ("agefiph", "agefip", "a g e f i p h")),
    "greta": ("Greta", "Greta", ("greta", "gretas", "formation pour adultes")),
    "cfa": (
        "centre de formation d'apprentis",
        "centres de formation d'apprentis",
        (
            "cfa",
            "c f a",
            "centre de formation d apprentis",
            "centres de formation d apprentis",
            "centre de formation",
            "ecole d apprentissage",
            "centre d apprentissage",
        ),
    ),
    "esat": (
        "établissement et service d'aide par le travail",
        "établissements et services d'aide par le travail",
        (
            "esat",
            "e s a t",
            "etablissement et service d aide par le travail",
            "aide par le travail",
        ),
    ),
}

LEVELS: dict[str, str] = {
    "3e": "troisième",
    "2nde": "seconde",
    "cap": "certificat d'aptitude professionnelle",
    "bac_pro": "bac pro",
    "bts": "brevet de technicien supérieur",
}
LEVEL_WORDS: dict[str, str] = {
    "troisieme": "3e",
    "3e": "3e",
    "3eme": "3e",
    "3 eme": "3e",
    "seconde": "2nde",
    "2nde": "2nde",
    "2de": "2nde",
    "cap": "cap",
    "bac pro": "bac_pro",
    "bac professionnel": "bac_pro",
    "bts": "bts",
}

TOPICS: dict[str, str] = {
    "return_to_school": "reprendre l'école",
    "training": "une formation",
    "job": "un travail",
    "disability": "le handicap",
}
TOPIC_WORDS: dict[str, str] = {
    "ecole": "return_to_school",
    "reprendre l ecole": "return_to_school",
    "les cours": "return_to_school",
    "lycee": "return_to_school",
    "etudes": "return_to_school",
    "diplome": "return_to_school",
    "formation": "training",
    "apprentissage": "training",
    "alternance": "training",
    "apprendre un metier": "training",
    "travail": "job",
    "boulot": "job",
    "emploi": "job",
    "job": "job",
    "taf": "job",
    "travailler": "job",
    "handicap": "disability",
    "handicape": "disability",
    "handicapee": "disability",
    "rqth": "disability",
    "malvoyant": "disability",
    "aveugle": "disability",
}

ORDINALS: dict[str, int] = {
    "premier": 1,
    "premiere": 1,
    "1er": 1,
    "1ere": 1,
    "un": 1,
    "une": 1,
    "deuxieme": 2,
    "second": 2,
    "seconde": 2,
    "2e": 2,
    "2eme": 2,
    "deux": 2,
    "troisieme": 3,
    "3e": 3,
    "3eme": 3,
    "trois": 3,
    "quatrieme": 4,
    "4e": 4,
    "4eme": 4,
    "quatre": 4,
    "cinquieme": 5,
    "cinq": 5,
    "5e": 5,
    "5eme": 5,
    "sixieme": 6,
    "septieme": 7,
    "huitieme": 8,
    "neuvieme": 9,
    "dixieme": 10,
    "dernier": -1,
    "derniere": -1,
}


@lru_cache(maxsize=1)
def kind_synonyms() -> list[tuple[str, str]]:
    """(folded synonym, kind), longest synonym first (so "cap emploi" wins over "cap")."""
    pairs = [(fold(s), kind) for kind, (_, _, syns) in KINDS.items() for s in syns]
    pairs += [(fold(label), kind) for kind, (label, plural, _) in KINDS.items()]
    pairs += [(fold(plural), kind) for kind, (label, plural, _) in KINDS.items()]
    return sorted(set(pairs), key=lambda p: -len(p[0]))


@lru_cache(maxsize=1)
def rome_vocab() -> dict[str, Any]:
    """The compact ROME vocabulary built by scripts/build_voice_vocab.py."""
    with gzip.open(DATA / "rome_vocab.json.gz", "rt", encoding="utf-8") as f:
        return json.load(f)


def rome_label(code: str) -> str | None:
    v = rome_vocab()
    if len(code) == 1:
        return v["grand_domains"].get(code)
    if len(code) == 3:
        return v["domains"].get(code)
    return v["labels"].get(code)


@lru_cache(maxsize=4096)
def find_rome(folded: str) -> str | None:
    """A ROME code or prefix for a job title or sector said in `folded` text, or None."""
    v = rome_vocab()
    words = folded.split()
    # Longest job title first (three words, then two, then one); plural "s" tolerated.
    for size in (3, 2, 1):
        for i in range(len(words) - size + 1):
            chunk = " ".join(words[i : i + size])
            for candidate in (chunk, chunk.rstrip("s"), chunk.rstrip("x")):
                code = v["jobs"].get(candidate)
                if code and candidate not in _JOB_STOPWORDS:
                    return code
    for size in (3, 2, 1):
        for i in range(len(words) - size + 1):
            chunk = " ".join(words[i : i + size])
            prefix = v["sectors"].get(chunk) or v["sectors"].get(chunk.rstrip("s"))
            if prefix:
                return prefix
    return None


# Words that are job titles in the ROME but mean something else in a sentence.
_JOB_STOPWORDS = frozenset(
    {
        "guide",
        "aide",
        "stage",
        "stagiaire",
        "conseiller",
        "conseillere",
        "agent",
        "chef",
        "directeur",
        "assistant",
        "mission",
        "responsable",
        "charge",
        "apprenti",
        "accueil",
        "second",
        "seconde",
        "troisieme",
        "cap",
        "bts",
        "epide",
        "mission locale",
    }
)
