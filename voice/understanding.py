"""French language understanding: text as a recognizer returns it -> intent and slots.

Two layers: the hassil sentence templates of ``voice/sentences/fr.yaml`` (confidence 1.0), then
keyword rules for what the templates do not cover (everyday phrasing, recognition slips; lower
confidence). Slots are always resolved the same way whichever layer found the intent:

- ``kind``: a structure kind (``mission_locale``, ``cio``...), from its synonyms;
- ``place``: an INSEE code through :func:`geodata.lookup`; ``place_candidates`` (codes, best first)
  when the name is ambiguous, ``place_unsure`` when it was only a near match, ``place_text``;
  ``place_area`` ("departement:93", "region:53") for a whole département or region instead;
- ``radius_km`` (int), ``words`` (an internship search's trade words, sent as ``q``),
  ``rome`` (code or prefix), ``level``, ``accessible`` (bool), ``index``
  (int, -1 for "le dernier"), ``topic``, ``near_me`` (bool: "près de chez moi");
- ``topic_text`` (intent ``guide`` only): the words of a question about orientation ("c'est quoi
  la RQTH", "comment trouver un stage") without the question words ("la rqth", "trouver un
  stage"), to be searched in ``/api/v1/guides?q=``. ``kind`` is also given when a kind is named.

A ``guide`` question never takes what the other intents understand: a template of another intent
wins over a guide template (unless its free ``{rest}`` swallowed the question), and a question
about a job ("c'est quoi le métier de soudeur") stays ``career_info``.

The words are data (``voice/sentences/fr_words.yaml``, read by :mod:`voice.language`): the
keyword rules, question words, fillers, prepositions... This module keeps the logic; the text is
made comparable by :mod:`voice.heard` and the place is read by :mod:`voice.place_said`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from geodata.text import fold
from totalacces.vocabulary import kind_synonyms, level_words, topic_words
from voice.heard import FILLERS, FUNCTION_WORDS, normalize
from voice.heard import join_number_words as join_number_words
from voice.language import alternatives, joined, mapping, rules, words
from voice.place_said import DOMINANT as DOMINANT
from voice.place_said import (
    LEADING_PREP,
    NEAR_ME,
    bare,
    kind_of,
    place_or_area,
    resolve_place,
)
from voice.place_said import NOT_PLACES as NOT_PLACES
from voice.place_said import area_answer as area_answer
from voice.place_said import exact_place_answer as exact_place_answer
from voice.place_said import last_place_said as last_place_said
from voice.place_said import place_in as place_in
from voice.place_said import place_words as place_words
from voice.vocabulary import ORDINALS, find_rome

# the old names (bench/bench_voice.py clears the cache of _resolve_place)
_resolve_place = resolve_place
_NOT_PLACES = NOT_PLACES

SENTENCES = Path(__file__).resolve().parent / "sentences" / "fr.yaml"

INTENTS = (
    "find_structure",
    "find_offer",
    "career_info",
    "list_careers",
    "guide",
    "request_callback",
    "report_error",
    "next",
    "previous",
    "repeat",
    "select",
    "call",
    "details",
    "opening_hours",
    "distance",
    "help",
    "stop",
    "slower",
    "faster",
    "yes",
    "no",
    "home",
    "cancel",
    "end",
)
UNKNOWN = "unknown"


@dataclass(frozen=True)
class Understanding:
    intent: str
    slots: dict[str, Any] = field(default_factory=dict)
    confidence: float = 0.0
    text: str = ""  # the folded text that was understood

    def to_dict(self) -> dict[str, Any]:
        return {
            "intent": self.intent,
            "slots": self.slots,
            "confidence": round(self.confidence, 2),
            "text": self.text,
        }


# -- the templates ------------------------------------------------------------------------------
_TEMPLATE_SYNTAX = re.compile(r"(\{[^}]*\}|<[^>]*>|[\[\]()|]|\.\*)")


def _fold_template(template: str) -> str:
    """Fold the words of a hassil template, keep its syntax."""
    out = []
    for part in _TEMPLATE_SYNTAX.split(template):
        if not part:
            continue
        if _TEMPLATE_SYNTAX.fullmatch(part):
            out.append("" if part == ".*" else part)
        else:
            lead = " " if part[:1].isspace() else ""
            trail = " " if part[-1:].isspace() else ""
            out.append(lead + fold(part) + trail if fold(part) else part)
    return "".join(out).replace("[]", "")


@lru_cache(maxsize=1)
def _templates() -> tuple[Any, dict[str, Any]]:
    import yaml
    from hassil.intents import Intents, RangeSlotList, TextSlotList

    raw = yaml.safe_load(SENTENCES.read_text(encoding="utf-8"))
    for intent in raw["intents"].values():
        for block in intent["data"]:
            block["sentences"] = [_fold_template(s) for s in block["sentences"]]
    raw["expansion_rules"] = {k: _fold_template(v) for k, v in raw["expansion_rules"].items()}
    for lst in raw["lists"].values():
        for value in lst.get("values", []):
            value["in"] = _fold_template(value["in"])
    intents = Intents.from_dict(raw)
    slot_lists: dict[str, Any] = {
        "kind": TextSlotList.from_tuples(kind_synonyms(), allow_template=False, name="kind"),
        "radius_km": RangeSlotList(name="radius_km", start=1, stop=200),
        "index": RangeSlotList(name="index", start=1, stop=50),
    }
    return intents, slot_lists


def templates_raw() -> dict[str, Any]:
    """The parsed YAML (for the grammar and the tests)."""
    import yaml

    return yaml.safe_load(SENTENCES.read_text(encoding="utf-8"))


# -- keyword rules (fallback) -------------------------------------------------------------------
# (voice/sentences/fr_words.yaml, ``rules``: the first that matches wins)
_RULES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (intent, re.compile(pattern)) for intent, pattern in rules()
)


# -- guide questions ----------------------------------------------------------------------------
# A question about orientation, anywhere in the sentence (for the keyword layer and to notice a
# question swallowed by the free {rest} of another intent's template).
_QUESTION = re.compile(
    rf"\b({alternatives('question_patterns')}|"
    rf"{joined('question_how')}({alternatives('question_how_stems')})\w*)\b"
)
# What is not the subject of a question: question words, politeness, fillers (folded).
_QUESTION_WORDS = tuple(sorted(words("question_words"), key=len, reverse=True))
_QUESTION_WORDS_RE = re.compile(r"\b(?:" + "|".join(_QUESTION_WORDS) + r")\b")
_LEADING_DOES = re.compile(rf"^(?:{alternatives('leading_does')})\s+")
# Words that say nothing of the subject (the backend's search ignores them too), folded.


_SPELLED = re.compile(r"\b[a-z0-9](?: [a-z0-9]\b){2,}")  # "r q t h" -> "rqth", "e 2 c" -> "e2c"


def guide_topic(folded: str) -> str | None:
    """The subject of a question ("c est quoi la rqth" -> "la rqth"), None if it has none."""
    topic = _LEADING_DOES.sub("", folded)
    topic = " ".join(_QUESTION_WORDS_RE.sub(" ", topic).split())
    topic = _SPELLED.sub(lambda m: m.group(0).replace(" ", ""), topic)
    topic = re.sub(r"\b1\b", "un", topic)  # "une ulis et une aesh": "une" came back as "1"
    if not any(w not in FUNCTION_WORDS and (len(w) > 1 or w.isdigit()) for w in topic.split()):
        return None
    return topic


def _is_guide_question(folded: str) -> bool:
    """A question with a subject that is not a job (jobs are for ``career_info``).

    "c'est quoi le métier de soudeur" is about a job; "lecteur d'écran, plage braille : quels
    outils pour lire et écrire" only has a word that is also a job title ("lecteur").
    """
    topic = guide_topic(folded)
    if topic is None:
        return False
    words = [w for w in topic.split() if w not in FUNCTION_WORDS]
    return not (find_rome(topic) and not kind_of(topic) and len(words) <= 3)


# -- slots --------------------------------------------------------------------------------------
_UNITS_SAID = alternatives("distance_units")
_RADIUS = re.compile(rf"\b(\d{{1,3}})\s*(?:{_UNITS_SAID})\b")
_INDEX = re.compile(rf"\b(?:{alternatives('index_leads')})\s+(\d{{1,2}})\b|^(\d{{1,2}})$")
_ACCESSIBLE = re.compile(rf"\b({alternatives('accessible')})\b")
_ACCESSIBLE_OFFER = re.compile(rf"\b({alternatives('accessible_offer')})\b")
# "pas forcément accessible", "peu importe si c'est adapté", "je ne suis pas en fauteuil":
# accessibility not asked for, so no filter (an absent slot, never False: that would exclude)
_NOT_ACCESSIBLE = re.compile(joined("not_accessible"))
# What follows the internship noun: "un stage en boulangerie à lyon" -> "boulangerie à lyon".
_AFTER_STAGE = re.compile(
    rf"^.*\b(?:{alternatives('offer_nouns')})\b"
    rf"(?: (?:{alternatives('offer_links')}))*(?: (?:{alternatives('articles')}))?"
    r" (?P<rest>.+)$"
)
_RADIUS_SAID = re.compile(rf"\b(?:{alternatives('radius_leads')})?\d{{1,3}}\s*(?:{_UNITS_SAID})\b")
_OFFERFILLERS = frozenset(words("offer_fillers"))


_LEVEL_WORDS = alternatives("level_words")
_NOT_TRADE = re.compile(alternatives("not_trade").replace("{level_words}", _LEVEL_WORDS))
_ARTICLES = frozenset(words("trade_articles"))
_TRAILING_LINKS = frozenset(words("trade_links"))
_TRADE_PLACE_LINKS = re.compile(rf"(?: (?:{alternatives('trade_place_links')}))+\s*$")


def _offer_words(folded: str, place: dict[str, Any] | None, check_place: bool = True) -> str | None:
    """The trade or workplace words of an internship request the templates did not name
    ("un stage en boulangerie à lyon" -> "boulangerie"), or None. The place, a level, an
    accessibility wish and "near me" are not trade words."""
    folded = _RADIUS_SAID.sub(" ", NEAR_ME.sub(" ", folded))
    m = _AFTER_STAGE.search(" ".join(folded.split()))
    if m is None:
        return None
    rest = m.group("rest")
    place_text = fold(str((place or {}).get("place_text") or ""))
    if place_text and (place or {}).get("place_area"):  # "en bretagne": the name is enough
        place_text = LEADING_PREP.sub("", place_text) or place_text
    if place_text:
        # the name as said, then without its preposition and article ("a la reunion" is
        # "reunion" after "stage à la")
        for said in (place_text, LEADING_PREP.sub("", place_text), bare(place_text)):
            at = rest.rfind(said) if said else -1
            if at >= 0:
                rest = rest[:at]
                break
        rest = _TRADE_PLACE_LINKS.sub("", f" {rest.strip()}")
    # a level, an accessibility wish, "pas trop loin", "pour cet été" said amid the trade words
    # are their own slots: take them out, keep the trade ("en bts commerce" -> "commerce")
    rest = _NOT_TRADE.sub(" ", _NOT_ACCESSIBLE.sub(" ", f" {rest} "))
    words = [w for w in rest.split() if w not in _OFFERFILLERS]
    while words and words[-1] in _TRAILING_LINKS:
        words.pop()
    while words and (words[0] in _TRAILING_LINKS or words[0] in _ARTICLES):
        words.pop(0)
    text = " ".join(words)
    if not text or _level(text) or _ACCESSIBLE.search(text) or _ACCESSIBLE_OFFER.search(text):
        return None
    missed = resolve_place(text, strict=True) if check_place and not place_text else None
    if missed and LEADING_PREP.sub("", fold(str(missed.get("place_text") or ""))) == text:
        return None  # the words are a place the templates missed, not a trade
    return text


_CARDINALS = frozenset(words("cardinals_not_index"))


def _index(folded: str) -> int | None:
    for word in folded.split():
        if word in ORDINALS and word not in _CARDINALS:
            return ORDINALS[word]
    m = _INDEX.search(folded)
    if m:
        return int(m.group(1) or m.group(2))
    words = folded.split()
    if len(words) <= 3 and words and words[-1] in ORDINALS:
        return ORDINALS[words[-1]]
    return None


def topic_of(folded: str) -> str | None:
    """The callback topic the words name ("pour un stage" -> "training"), or None."""
    padded = f" {folded} "
    for size in (3, 2, 1):
        for word, topic in topic_words().items():
            if len(word.split()) == size and f" {word} " in padded:
                return topic
    return None


def _level(folded: str) -> str | None:
    padded = f" {folded} "
    levels = level_words()
    not_levels = mapping("level_not_words")
    for word in sorted(levels, key=len, reverse=True):
        if f" {word} " in padded:
            if word in not_levels and not_levels[word] in padded:
                continue
            return levels[word]
    return None


# a question about the way to the place just read, not a guide's subject
_WAY_THERE = re.compile(
    r"\b(?:comment (?:\w+ ){0,3}y (?:aller|vais|va)|pour y aller|y aller (?:a pied|en bus)|"
    r"l adresse(?: exacte)?\s*$|l itineraire)\b"
)


def slots_for(intent: str, folded: str) -> dict[str, Any]:
    """The slots `intent` would have in `folded` ("à quelle heure ouvre le cio de bourges" as
    a search: the CIO of Bourges)."""
    return _slots(intent, folded, {})


def _slots(intent: str, folded: str, entities: dict[str, Any]) -> dict[str, Any]:
    slots: dict[str, Any] = {}
    kind = entities.get("kind") or kind_of(folded)
    if kind and intent in (
        "find_structure",
        UNKNOWN,
        "details",
        "call",
        "request_callback",
        "career_info",
        "guide",
    ):
        slots["kind"] = kind
    place = place_or_area(folded, entities.get("place"))
    if place is None and intent == UNKNOWN and len(folded.split()) <= 4:
        place = resolve_place(folded, strict=True)  # a bare town name: "lyon"
    if place and intent in ("find_structure", "find_offer", "request_callback", UNKNOWN):
        slots.update(place)
    if NEAR_ME.search(folded):
        slots["near_me"] = True
    m = _RADIUS.search(folded)
    if "radius_km" in entities:
        slots["radius_km"] = int(entities["radius_km"])
    elif m:
        slots["radius_km"] = int(m.group(1))
    job = entities.get("job")
    if intent == "find_offer":  # "alternance dans la vente" -> "vente"
        job = (
            _offer_words(fold(f"stage {job}"), place, False) if job else _offer_words(folded, place)
        )
    if intent == "find_offer" and job and job.strip():
        # the words said ("boulangerie", "coiffure", "soudeur", "l'industrie") are the search's
        # words, as the web's "Mots-clés" field: the API matches trades, workplaces, sectors and
        # job titles alike, so the voice and the web give the same offers
        slots["words"] = " ".join(job.split())
    elif intent in ("find_offer", "career_info", "list_careers", UNKNOWN):
        rome = (find_rome(fold(job)) if job else None) or find_rome(folded)
        if rome:
            slots["rome"] = rome
        if intent == "career_info" and job and job.strip():
            slots["words"] = bare(job)  # the API's career search ranks, as on the web
    if intent in ("find_offer", UNKNOWN):
        level = entities.get("level") or _level(folded)
        if level:
            slots["level"] = level
    asked = _NOT_ACCESSIBLE.sub(" ", folded)  # what is said not to matter is not asked
    if intent in ("find_offer", "find_structure") and _ACCESSIBLE.search(asked):
        slots["accessible"] = True
    if intent == "find_offer" and _ACCESSIBLE_OFFER.search(asked):
        slots["accessible"] = True
    if intent in ("call", "details", "opening_hours", "distance"):
        index = _index(folded)
        if index is not None:
            slots["index"] = index
    if intent == "select":
        index = entities.get("index")
        slots["index"] = int(index) if index is not None else _index(folded)
        if slots["index"] is None:
            del slots["index"]
    if intent == "request_callback" or (intent == "find_structure" and "kind" not in slots):
        topic = topic_of(folded)
        if topic:
            slots["topic"] = topic
    if intent == "guide":
        topic_text = guide_topic(folded)
        if topic_text:
            slots["topic_text"] = topic_text
    return slots


def _hassil(folded: str) -> tuple[str, dict[str, Any]] | None:
    """The first template match whose free slots make sense (a job that is a job...).

    A ``guide`` question comes last: any other intent's template wins, unless its free ``{rest}``
    holds the question ("j'ai quitté l'école sans diplôme, qu'est-ce que je fais ?").
    """
    from hassil import recognize_all

    intents, slot_lists = _templates()
    guide: tuple[str, dict[str, Any]] | None = None
    swallowed: tuple[str, dict[str, Any]] | None = None
    for result in recognize_all(folded, intents, slot_lists=slot_lists):
        if result.intent is None:
            continue
        entities: dict[str, Any] = {}
        for name, entity in result.entities.items():
            value = entity.value
            if name in ("place", "job"):
                value = str(entity.text or value).strip()
            entities[name] = value
        job_named = result.intent.name == "career_info" and _METIER.search(folded)
        if "job" in entities and (
            (not find_rome(fold(entities["job"])) and not job_named)
            or "stage" in fold(entities["job"]).split()
        ):
            continue  # "le métier de X" names a job even when X is mistyped: the API decides
        if "place" in entities and not resolve_place(fold(entities["place"]), strict=False):
            continue
        if result.intent.name == "guide":
            if guide is None and _is_guide_question(folded):
                guide = ("guide", {k: v for k, v in entities.items() if k != "topic_text"})
            continue
        if _QUESTION.search(fold(str(entities.get("rest") or ""))):
            swallowed = swallowed or (result.intent.name, entities)
            continue
        return result.intent.name, entities
    return guide or swallowed


_METIER = re.compile(rf"\b(?:{alternatives('career_of')}) (?:de|d) ")
_PLURAL_CAREERS = re.compile(rf"\b(?:{alternatives('careers_plural')}) metiers\b")
# how something works or what it pays, said of a kind of place or of a way to train
_HOW = re.compile(rf"\b(?:{alternatives('how_patterns')})\b")
_REPORT = next(pattern for intent, pattern in _RULES if intent == "report_error")

# Commands a question never overrides ("stop, c'est quoi ça").
_CONTROL = frozenset({"stop", "cancel", "home", "repeat", "help", "slower", "faster", "end"})


def _keywords(folded: str) -> str | None:
    first = next((intent for intent, pattern in _RULES if pattern.search(folded)), None)
    if first not in _CONTROL and _QUESTION.search(folded) and _is_guide_question(folded):
        return "guide"
    if first is not None:
        return first
    if kind_of(folded):
        return "find_structure"
    if _index(folded) is not None and len(folded.split()) <= 3:
        return "select"
    return None


@lru_cache(maxsize=1024)
def _understand(folded: str) -> Understanding:
    if not folded:
        return Understanding(UNKNOWN, {}, 0.0, folded)
    found = _hassil(folded)
    if found is None:
        # "non un cio a grenoble", "euh ben une mission locale": the request after the filler
        m = FILLERS.match(folded)
        if m and m.end() < len(folded):
            rest = _understand(folded[m.end() :])
            if rest.intent not in (UNKNOWN, "yes", "no") and rest.confidence == 1.0:
                return Understanding(rest.intent, dict(rest.slots), 0.9, folded)
    if found is not None:
        intent, entities = found
        confidence = 1.0
    else:
        intent = _keywords(folded) or UNKNOWN
        entities = {}
        confidence = 0.6 if intent != UNKNOWN else 0.0
    rule = next((i for i, pattern in _RULES if pattern.search(folded)), None)
    if intent == "guide" and rule in ("request_callback", "help") and "comment" not in folded:
        # "est-ce qu'on peut me recontacter", "qu'est-ce que je peux te demander": not a guide
        intent, entities, confidence = rule, {}, 0.8
    if intent == "guide" and _WAY_THERE.search(folded):
        # "comment je fais pour y aller", "c'est quoi l'adresse exacte": the place's address
        intent, entities, confidence = "details", {}, 0.8
    if intent == "career_info" and _PLURAL_CAREERS.search(folded):
        intent = "list_careers"  # "c'est quoi les métiers du bâtiment": a list, not one job
    slots = _slots(intent, folded, entities)
    # "la mission locale a fermé", "les infos sont fausses": about the place just read
    reportable = ("find_structure", "details", "call", "opening_hours", UNKNOWN)
    about_it = intent in reportable and not slots.get("place")
    if about_it and _REPORT.search(folded):
        intent, slots, confidence = "report_error", {}, max(confidence, 0.6)
    if intent == UNKNOWN and (slots.get("kind") or slots.get("rome")):
        intent = "find_structure" if slots.get("kind") else "career_info"
        confidence = 0.4
    if intent == "find_structure" and "kind" not in slots and "rome" in slots:
        intent = "career_info"
    if intent in ("details", "select") and kind_of(folded):
        # "l'adresse du cio de quimper", "c'est où le greta le plus proche", "une école de la
        # deuxième chance en Bretagne": a kind named with a place (or "near me") is a search
        search = _slots("find_structure", folded, {})
        named_place = search.get("place") or search.get("place_area") or search.get("near_me")
        if named_place or intent == "select":
            intent, slots = "find_structure", search
    if (
        intent in ("find_structure", "find_offer")
        and _HOW.search(folded)
        and not (slots.get("place") or slots.get("place_area") or slots.get("near_me"))
        and _is_guide_question(folded)
    ):
        # "comment on rentre à l'école de la deuxième chance", "combien on est payé en
        # apprentissage": how something works is a guide's answer, not a list of places
        intent, slots, confidence = "guide", {}, 0.8
    if intent == "guide":
        # "comment trouver une mission locale à lyon", "où se former à lyon": a search (the
        # guides are the same everywhere), not a question
        search = _slots("find_structure", folded, {})
        if (slots.get("kind") and search.get("near_me")) or (
            search.get("place") and not search.get("place_unsure")
        ):
            rule = next((i for i, pattern in _RULES if pattern.search(folded)), None)
            intent = (
                "find_offer" if rule == "find_offer" and not slots.get("kind") else "find_structure"
            )
            slots = _slots(intent, folded, {})
    return Understanding(intent, slots, confidence, folded)


def understand(text: str) -> Understanding:
    """What a person meant: intent (one of INTENTS or "unknown"), slots, confidence 0..1."""
    folded = normalize(text)
    u = _understand(folded)
    return Understanding(u.intent, dict(u.slots), u.confidence, u.text)
