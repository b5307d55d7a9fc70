"""Phrases the person may say now: built from the sentence templates and the live vocabulary.

Used for the vosk grammar (recognition constrained to what the dialogue understands) and for
snapping a transcript back to the closest expected phrase.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from geodata.text import fold
from totalacces.vocabulary import KINDS

GLOBAL_SAMPLE = (
    "next",
    "previous",
    "repeat",
    "help",
    "stop",
    "slower",
    "faster",
    "yes",
    "no",
    "cancel",
    "home",
    "end",
    "request_callback",
    "call",
)
# "en savoir plus", "les détails": only where there is something to tell more about
DETAILS_STATES = ("results", "detail", "guide", "guide_reading")
BIG_CITIES = tuple(
    [
        "paris",
        "lyon",
        "marseille",
        "toulouse",
        "nice",
        "nantes",
        "montpellier",
        "strasbourg",
        "bordeaux",
        "lille",
        "rennes",
        "reims",
        "toulon",
        "grenoble",
        "dijon",
        "angers",
        "nimes",
        "villeurbanne",
        "saint etienne",
        "le havre",
        "clermont ferrand",
        "aix en provence",
        "brest",
        "tours",
        "amiens",
        "limoges",
        "metz",
        "perpignan",
        "besancon",
        "orleans",
        "rouen",
        "mulhouse",
        "caen",
        "nancy",
        "argenteuil",
        "roubaix",
        "tourcoing",
        "montreuil",
        "avignon",
        "saint denis",
    ]
)


# Questions the guides answer (intent "guide"), as people ask them.
GUIDE_SUBJECTS = (
    "la rqth",
    "une mission locale",
    "un cio",
    "une école de la deuxième chance",
    "l'épide",
    "un micro-lycée",
    "l'apprentissage",
    "l'alternance",
    "le service civique",
    "le contrat d'engagement jeune",
    "un esat",
    "la mdph",
    "une ulis",
    "le stage de troisième",
    "le stage de seconde",
)
GUIDE_QUESTIONS = (
    "comment trouver un stage",
    "comment écrire à un employeur",
    "comment trouver un employeur",
    "comment payer ma formation",
    "comment reprendre mes études",
    "quels sont mes droits",
    "quelles aides",
    "j'ai quitté l'école sans diplôme qu'est-ce que je fais",
    "j'ai arrêté l'école qu'est-ce que je peux faire",
    "dois-je dire mon handicap à mon employeur",
)


def guide_phrases() -> list[str]:
    out = [
        f"{q} {s}" for q in ("c'est quoi", "qu'est-ce que", "explique-moi") for s in GUIDE_SUBJECTS
    ]
    out += [f"à quoi sert {s}" for s in GUIDE_SUBJECTS[:6]]
    return [*out, *GUIDE_QUESTIONS]


@lru_cache(maxsize=1)
def _accented() -> Any:
    """The templates as written (accents kept): a recognizer's vocabulary has accents."""
    from hassil.intents import Intents

    from voice.understanding import templates_raw

    return Intents.from_dict(templates_raw())


@lru_cache(maxsize=8)
def _sample(intent_names: tuple[str, ...], per_intent: int) -> tuple[str, ...]:
    from hassil.intents import RangeSlotList, TextSlotList
    from hassil.sample import sample_intents

    lists: dict[str, Any] = {
        "kind": TextSlotList.from_strings([k.spoken.lower() for k in KINDS.values()]),
        "place": TextSlotList.from_strings(["lyon", "paris", "marseille"], name="place"),
        "job": TextSlotList.from_strings(["boulanger", "coiffeur"], name="job"),
        "rest": TextSlotList.from_strings([""], name="rest"),
        "radius_km": RangeSlotList(name="radius_km", start=5, stop=20, step=5),
        "index": RangeSlotList(name="index", start=1, stop=5),
    }
    out: list[str] = []
    for _intent, sentence in sample_intents(
        _accented(),
        slot_lists=lists,
        max_sentences_per_intent=per_intent,
        intent_names=set(intent_names),
        exclude_sentences_with_wildcards=False,
        expand_ranges=True,
        language="fr",
    ):
        out.append(" ".join(sentence.replace("-", " ").split()))
    return tuple(dict.fromkeys(out))


# What a place question expects besides the names: the words around a name and the numbers of
# a postcode or a département said in words ("soixante-neuf zéro zéro trois", "le trente-trois").
PLACE_WORDS = (
    "à",
    "au",
    "aux",
    "en",
    "dans",
    "le",
    "la",
    "les",
    "l'",
    "sur",
    "près de",
    "chez moi",
)


@lru_cache(maxsize=1)
def place_phrases() -> tuple[str, ...]:
    """Every commune, arrondissement, département and region name (lower case, accents kept,
    hyphens as spaces), the words around them and the numbers 0-100 in words.

    A place question's second pass: the first pass has the question's own phrases (the big
    cities among them) and is the most accurate; what it refuses is decoded again with every
    name before free recognition. A vosk grammar chains its phrases ("à" then "saint flour"),
    compiles 33,000 phrases in about 0.1 s and decodes with them about five times faster than
    free recognition, but a big grammar confuses more than a small one
    (bench/bench_voice_grammar.py). A name with a word the model lacks is dropped by the
    Listener; that town is reached by its postcode or département number, which the dialogue
    asks for after two misses."""
    from num2words import num2words

    import geodata

    names = [c.nom for c in geodata.communes() if c.kind == "commune"]
    names += [a.nom for a in geodata.all_areas()]
    out = [" ".join(n.lower().replace("-", " ").split()) for n in names]
    out += [num2words(n, lang="fr").replace("-", " ") for n in range(0, 101)]
    out += ["cent", "mille", *PLACE_WORDS]
    return tuple(dict.fromkeys(out))


PLACE_STATES = ("ask_place", "callback_place", "confirm_place")


def second_phrases_for(dialogue: Any) -> tuple[str, ...] | None:
    """The grammar of a second pass, when the first refused what was heard: every place name
    for a place question, None elsewhere (straight to free recognition)."""
    return place_phrases() if getattr(dialogue, "state", "") in PLACE_STATES else None


def exact_phrases_for(dialogue: Any) -> set[str]:
    """Phrases that must be heard exactly, never snapped to from a near transcript: those
    that end the session, place a call, or send personal data (the consent, the confirmed
    phone number). A near miss of them goes to free recognition instead."""
    state = getattr(dialogue, "state", "home")
    risky = ["end", "call"]
    if state in ("callback_consent", "callback_phone_confirm"):
        risky.append("yes")
    return set(_sample(tuple(risky), 200))


def global_phrases() -> list[str]:
    return list(_sample(GLOBAL_SAMPLE, 40))


def _search(dialogue: Any) -> dict[str, Any]:
    return getattr(dialogue, "search", None) or {}


def phrases_for(dialogue: Any) -> list[str]:
    """Expected phrases for the dialogue's current state (folded, numbers in words)."""
    from num2words import num2words

    state = getattr(dialogue, "state", "home")
    phrases: list[str] = list(global_phrases())
    numbers = [num2words(n, lang="fr") for n in range(1, 11)]
    if state in (
        "home",
        "ended",
        "results",
        "detail",
        "career",
        "ask_job",
        "guide",
        "guide_reading",
    ):
        phrases.extend(guide_phrases())
    if state in ("home", "ended", "results", "detail", "career", "ask_job"):
        for kind in KINDS.values():
            label = kind.spoken
            phrases.append(label.lower())
            phrases.extend(fold(s) for s in kind.synonyms[:2])
            for city in BIG_CITIES[:12]:
                phrases.append(f"{label.lower()} à {city}")
        phrases.extend(_sample(("find_offer", "career_info", "list_careers"), 30))
    if state in ("results", "detail"):
        phrases.extend(_sample(("report_error",), 30))
    if state == "report_reason":
        from totalacces.vocabulary import REPORT_REASON_WORDS

        phrases.extend(w for words in REPORT_REASON_WORDS.values() for w in words)
        phrases.extend(["le numero", "le telephone", "c est ferme", "l adresse a change"])
    if state in DETAILS_STATES or (state == "career" and _search(dialogue).get("onisep_url")):
        phrases.extend(_sample(("details",), 40))
        phrases.extend(_sample(("opening_hours",), 20))
        phrases.extend(_sample(("distance",), 12))
    if state in ("ask_place", "callback_place", "confirm_place"):  # a bare town answers a question
        phrases.extend(BIG_CITIES)
        phrases.extend(f"à {c}" for c in BIG_CITIES)
    if state == "confirm_place":
        import geodata

        for code in getattr(dialogue, "place_candidates", []):
            c = geodata.get_commune(code)
            if c:
                phrases.extend([c.departement_nom.lower(), c.nom.lower()])
    if state == "guide":
        phrases.extend(f"oui à {c}" for c in BIG_CITIES)
    if state in ("results", "detail", "guide_choice"):
        ordinals = [
            "premier",
            "première",
            "deuxième",
            "troisième",
            "quatrième",
            "cinquième",
            "dernier",
        ]
        phrases.extend(f"le {o}" for o in ordinals)
        phrases.extend(f"numéro {n}" for n in numbers)
    if state in ("callback_phone", "callback_phone_confirm"):
        # the pieces of a phone number said two digits at a time (vosk chains them)
        phrases.extend(num2words(n, lang="fr").replace("-", " ") for n in range(0, 100))
    if state == "callback_age":
        phrases.extend(num2words(n, lang="fr").replace("-", " ") for n in range(10, 100))
    return list(dict.fromkeys(" ".join(p.replace("-", " ").split()) for p in phrases if p))
