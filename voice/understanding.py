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
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from geodata.text import fold
from totalacces.vocabulary import find_kind, kind_synonyms, level_words, topic_words
from voice.vocabulary import ORDINALS, find_rome

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


# -- normalisation ------------------------------------------------------------------------------
_SPLIT_NUMBER = re.compile(r"\b(\d)\s+(?=\d\b)")


_UNITS = "un|deux|trois|quatre|cinq|six|sept|huit|neuf"
_TEENS = "onze|douze|treize|quatorze|quinze|seize"
# A recognizer writes "quatre vingt treize", "soixante dix sept", "dix sept" without hyphens;
# text2num reads those as separate numbers ("4 20 13"): put the hyphens back first.
_COMPOUNDS = (
    (re.compile(r"\bdix (sept|huit|neuf)\b"), r"dix-\1"),
    (re.compile(r"\bquatre[ -]vingt(s?)\b"), r"quatre-vingt\1"),
    (
        re.compile(
            rf"\b(soixante|quatre-vingts?) (dix(?:-(?:sept|huit|neuf))?|{_TEENS}|{_UNITS})\b"
        ),
        r"\1-\2",
    ),
    (re.compile(rf"\b(vingt|trente|quarante|cinquante|soixante) ({_UNITS})\b"), r"\1-\2"),
)


def join_number_words(text: str) -> str:
    """ "quatre vingt treize" -> "quatre-vingt-treize", as text2num expects."""
    for pattern, repl in _COMPOUNDS:
        text = pattern.sub(repl, text)
    return text.replace("quatre-vingts-", "quatre-vingt-")


def normalize(text: str) -> str:
    """Lower case, numbers as digits ("dix kilomètres" -> "10 kilometres"), folded."""
    from text_to_num import alpha2digit

    lowered = join_number_words(text.lower().replace("’", "'"))
    with contextlib.suppress(Exception):  # text2num is strict about odd inputs: keep the words
        lowered = alpha2digit(lowered, "fr")
    return fold(lowered)


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
_RULES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (intent, re.compile(pattern))
    for intent, pattern in (
        ("find_structure", r"\b(decroch\w*|(arrete|quitte|lache) (les cours|l ecole|le lycee))"),
        (
            "request_callback",
            r"\b(rappel\w*|qu on m appelle|me (re)?contacter|recontact\w*|m appeler|me joindre|"
            r"rendez vous|etre contacte)",
        ),
        (
            "report_error",
            r"\b(il y a une erreur|c est (une erreur|faux)|(une|des) erreurs?|signale\w*|"
            r"(c est|le numero est|l adresse est|les infos sont) (faux|fausse|pas bon\w*)|"
            r"(ce|le) (numero|telephone) (ne marche|marche) pas|"
            r"\b(numero|telephone)( il| elle)? (ne )?(marche|repond|fonctionne) (pas|plus)\b|"
            r"\b(adresse|horaires?|numero|telephone|infos?)( (il|elle|ils|elles))? "
            r"(est|sont) (pas (bon|bonne|juste|correct)\w*|faux|fausses?|incorrect\w*|"
            r"errone\w*)|"
            r"\b(a|est|ont|sont) (ferme|fermee|demenage)\w*\b|\bn existe plus\b|"
            r"\bne (repond|marche) plus\b|\bc est plus la\b)",
        ),
        ("slower", r"\b(lentement|doucement|moins vite|ralenti\w*|trop vite)\b"),
        ("faster", r"\b(plus vite|accelere\w*|plus rapide\w*|trop lent\w*)\b"),
        ("stop", r"^(stop|arrete|tais toi|chut|silence|ferme la)\b"),
        ("cancel", r"\b(annule\w*|laisse tomber|oublie\w*|tant pis)\b"),
        ("home", r"\b(accueil|menu|recommence\w*|au debut)\b"),
        ("repeat", r"\b(repete\w*|redis\w*|repeter|pas entendu|pas compris ce que)\b"),
        (
            "help",
            r"\b(aide moi|au secours|perdu|perdue|sais pas quoi|comment ca marche|"
            r"(qu est ce que|que) (je peux|on peut) (te|vous) demander|tu sers a quoi|"
            r"tu (peux|sais) faire quoi|qu est ce que tu (peux|sais) faire)\b|^aide\b",
        ),
        ("call", r"\b(appelle|appeler|telephone\w*|compose)\b"),
        (
            "find_offer",
            r"\b(stages?|alternance|apprentissage|offres?|du taf|du boulot|un job|des jobs?|"
            r"un patron|une patronne|un employeur|une entreprise qui)\b",
        ),
        ("list_careers", r"\b(quels? metiers|les metiers|des metiers|metiers (de|du|dans))\b"),
        (
            "career_info",
            r"\b(metier|devenir|c est quoi|ca consiste|ca fait quoi|travailler comme|bosser)\b",
        ),
        (
            "opening_hours",
            r"\b(horaires?|heures? d ouverture|(c est|est ce que c est|c est t il|il est|elle est) "
            r"(ouvert|ouverte|ferme|fermee)\b|ouvert (quand|aujourd hui|demain|maintenant|"
            r"en ce moment|le \w+)|(a )?quelle heure (ca|ils?|elles?|c est|on) (ouvre|ferme)|"
            r"(ca|ils?|elles?|on) (ouvre|ouvrent|ferme|ferment) (a quelle heure|quand)|"
            r"quand (est ce que )?(c est|ca|ils?|elles?) (ouvert|ouvre|ferme)|jusqu a quelle heure)",
        ),
        (
            "distance",
            r"\b(c est loin|(c est|est ce que c est|il est|elle est) (loin|pres|a cote|a combien)|"
            r"(a )?quelle distance|combien de (kilometres|km|metres|minutes)|loin d ici)\b",
        ),
        ("details", r"\b(details?|infos?|informations?|adresse|itineraire|c est ou)\b"),
        ("next", r"\b(suivante?s?|la suite|les autres|d autres|continue\w*)\b"),
        ("previous", r"\b(precedente?s?|en arriere|retour)\b"),
        (
            "select",
            r"\b(numero \d+|premiere?|deuxieme|troisieme|quatrieme|cinquieme|derniere?|"
            r"(je prends|je choisis|je veux|donne moi|prends) (le|la|l) \d{1,2})\b",
        ),
        ("yes", r"^(oui|ouais|ouai|ok|d accord|vas y|carrement|grave|bien sur)\b"),
        ("no", r"^(non|nan|pas du tout|pas vraiment)\b"),
        (
            "end",
            r"\b(au revoir|bye|ciao|bonne (journee|soiree|nuit)|a plus tard|a bientot)\b|"
            r"^(merci c est tout|c est tout merci)$",
        ),
        (
            "find_structure",
            r"\b(cherche|trouver|ou est|ou sont|aide pour|besoin d aide|reprendre|decroch\w*|"
            r"ecole|lycee|quitte les cours|arrete les cours)\b",
        ),
    )
)


# -- guide questions ----------------------------------------------------------------------------
# A question about orientation, anywhere in the sentence (for the keyword layer and to notice a
# question swallowed by the free {rest} of another intent's template).
_QUESTION = re.compile(
    r"\b(c est quoi|qu est ce que?|ca veut dire quoi|que veut dire|a quoi (ca )?ser(t|vent)|"
    r"ca sert a quoi|explique(z)? moi|que faire|c est grave|et maintenant|quelle difference|"
    r"quelles aides|quels outils|qui peut (payer|financer)|que peu(t|vent) faire|"
    r"ou (se|me) former|que trouve t on|que (dois|puis) je faire|"
    r"je (fais|peux faire|dois faire) quoi|on fait quoi|quels? sont|quelles? sont|"
    r"ai je le droit|j ai le droit|est ce que (je peux|je dois|j ai le droit|on peut)|dois je|"
    r"comment (est ce que |est ce qu on |je |on |faire pour |je fais pour |on fait pour )?"
    r"(peux |peut |dois )?(trouv|cherch|ecri|redig|obten|demand|pay|financ|reprend|retourn|"
    r"chois|pass|prepar|me prepar|se prepar|m inscri|s inscri|me form|se form|etudi|travaill|"
    r"dir|parl|adapt|amenag|entr|postul|contact|touch|recev|gard|continu|arret|quitt|"
    r"appren|fai|se pass|ca se pass|se deroul|fonctionn|march)\w*)\b"
)
# What is not the subject of a question: question words, politeness, fillers (folded).
_QUESTION_WORDS = tuple(
    sorted(
        (
            "c est quoi exactement",
            "c est quoi deja",
            "c est quoi la solution",
            "c est quoi",
            "qu est ce que c est que",
            "qu est ce que c est",
            "qu est ce que je fais",
            "qu est ce que je peux faire",
            "qu est ce que je dois faire pour",
            "qu est ce que je dois faire",
            "qu est ce que",
            "qu est ce qu",
            "ca veut dire quoi",
            "que veut dire",
            "a quoi ca sert",
            "a quoi sert",
            "a quoi servent",
            "ca sert a quoi",
            "c est pour qui",
            "ca marche comment",
            "comment ca marche",
            "explique moi",
            "expliquez moi",
            "explique",
            "parle moi de",
            "parle moi des",
            "parle moi du",
            "parle moi d",
            "parle moi",
            "dis moi ce qu est",
            "dis moi",
            "comment est ce que je peux",
            "comment est ce qu on peut",
            "comment je peux",
            "comment on peut",
            "comment je dois",
            "comment ca se passe",
            "comment se passe",
            "comment se passent",
            "comment se deroule",
            "comment marche",
            "comment fonctionne",
            "comment faire pour",
            "comment je fais pour",
            "comment on fait pour",
            "comment faire",
            "comment je fais",
            "comment",
            "que faire pour",
            "que faire",
            "que dois je faire",
            "que puis je faire",
            "je fais quoi",
            "je peux faire quoi",
            "je dois faire quoi",
            "on fait quoi",
            "quelles solutions",
            "quelle solution",
            "quelles sont mes options",
            "c est grave",
            "et maintenant",
            "c est quoi la difference",
            "quelle difference",
            "quelles possibilites",
            "quelles demarches",
            "que peut faire",
            "que peuvent faire",
            "qui peut",
            "qui pourrait",
            "qui doit",
            "qui va",
            "que trouve t on sur",
            "qu est ce qu on trouve sur",
            "on trouve quoi sur",
            "quels sont",
            "quelles sont",
            "quels",
            "quelles",
            "quel",
            "quelle",
            "je voudrais savoir",
            "je veux savoir",
            "j aimerais savoir",
            "je voudrais comprendre",
            "je veux comprendre",
            "j aimerais comprendre",
            "je ne sais pas",
            "je sais pas",
            "est ce que",
            "ai je",
            "dois je",
            "faut il",
            "s il te plait",
            "s il vous plait",
            "stp",
            "svp",
            "merci",
            "bonjour",
            "salut",
            "euh",
            "heu",
            "bah",
            "ben",
        ),
        key=len,
        reverse=True,
    )
)
_QUESTION_WORDS_RE = re.compile(r"\b(?:" + "|".join(_QUESTION_WORDS) + r")\b")
_LEADING_DOES = re.compile(r"^(?:que fait|que font|qu est ce que fait)\s+")
# Words that say nothing of the subject (the backend's search ignores them too), folded.
_FUNCTION_WORDS_TEXT = """
a au aux avec c ce ces cet cette d de des du elle en est et etre il ils j je l la le les leur
lui m ma me mes moi mon n ne on ou par pas pour qu que qui quoi s sa se ses si son sur t ta te
tes toi ton tu un une vos votre vous y ca cela ai as avez suis sont fait faire fais peux peut
dois veux voudrais aimerais alors donc mais bon ok oui non ici quand
"""
FUNCTION_WORDS: frozenset[str] = frozenset(_FUNCTION_WORDS_TEXT.split())


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
    return not (find_rome(topic) and not _kind(topic) and len(words) <= 3)


# -- slots --------------------------------------------------------------------------------------
_PLACE_PREP = re.compile(
    r"\b(?:a|sur|vers|pres de|autour de|dans|du cote de|du cote d|en|au|aux|a cote de|pas loin de|"
    r"sur la commune de|dans la ville de|j habite|j habite a|je vis a|je suis a|je suis sur)\s+"
    r"(?=[a-z0-9])"
)
_PLACE_OF = re.compile(r"\b(?:de|d|du)\s+(?=[a-z])")
_POSTCODE = re.compile(r"\b(\d{5})\b")
_RADIUS = re.compile(r"\b(\d{1,3})\s*(?:kilometres?|km|kilos?|bornes)\b")
_INDEX = re.compile(r"\b(?:numero|le|la|choix|option|l)\s+(\d{1,2})\b|^(\d{1,2})$")
_ACCESSIBLE = re.compile(r"\b(accessibles?|fauteuil|adapte\w*|pmr)\b")
_ACCESSIBLE_OFFER = re.compile(r"\b(handicap\w*|malvoyante?s?|aveugles?|rqth)\b")
# "pas forcément accessible", "peu importe si c'est adapté", "je ne suis pas en fauteuil":
# accessibility not asked for, so no filter (an absent slot, never False: that would exclude)
_NOT_ACCESSIBLE = re.compile(
    r"\b(?:(?:pas|non)(?: (?:forcement|besoin|obligatoirement|necessairement|oblige|en))?"
    r"(?: (?:d|que|qu|qu il|qu elle|que ce|que ca|ce|ca|soit|soient|etre|il|elle|c est)){0,3}"
    r"|peu importe(?: (?:si|que|qu|le|la|les))?(?: (?:c est|ce|ca|soit|il|elle|est))*"
    r"|n importe)"
    r" (?:accessibles?|fauteuil|adapte\w*|pmr|handicap\w*)"
    r"(?: (?:en|au|aux|a|pour|le|la|les|des|un|une|personnes?|fauteuil|roulant|handicap\w*|pmr))*\b"
)
_NEAR_ME = re.compile(
    r"\b(pres de chez moi|pres d ici|autour de moi|a cote( de chez moi)?|pas (trop )?loin( de chez moi)?|"
    r"le plus proche|"
    r"la plus proche|les plus proches|dans le coin|dans mon quartier)\b"
)
# Words after a preposition that are not places.
_NOT_PLACES = frozenset(
    fold(w)
    for w in [
        "moi",
        "chez",
        "moi",
        "chez",
        "ici",
        "fauteuil",
        "roulant",
        "le",
        "coin",
        "mon",
        "quartier",
        "ce",
        "moment",
        "ce",
        "cas",
        "ligne",
        "entreprise",
        "alternance",
        "apprentissage",
        "stage",
        "stages",
        "rapport",
        "le",
        "metier",
        "la",
        "vie",
        "france",
        "informatique",
        "cuisine",
        "industrie",
        "commerce",
        "vente",
        "la",
        "vente",
        "la",
        "restauration",
        "restauration",
        "la",
        "cuisine",
        "l",
        "industrie",
        "l",
        "informatique",
        "un",
        "rayon",
        "kilometres",
        "ville",
        "la",
        "ville",
        "centre",
        "ville",
        "le",
        "centre",
        "mon",
        "coin",
        "semaine",
        "la",
        "semaine",
        "janvier",
        "fevrier",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "aout",
        "septembre",
        "octobre",
        "novembre",
        "decembre",
        "ete",
        "hiver",
        "vacances",
        "priorite",
        "urgence",
        "avance",
        "plus",
        "quoi",
        "fait",
        "gros",
        "general",
        # everyday words that are also communes (École, Maisons, Le Pas) or near ones (Collégien)
        "pas",
        "ecole",
        "l ecole",
        "college",
        "le college",
        "maison",
        "la maison",
    ]
)
_STOP_TAIL = re.compile(
    r"\s+(?:dans un rayon|a moins de|a \d|pour|en \d|en troisieme|en seconde|en cap|en bac|en bts|"
    r"accessible|adapte|s il|stp|svp|merci|si possible|avec|qui|de \d|pres|le plus|la plus|"
    r"les plus|autour|comme|dans le|dans la|dans l|en informatique|ou|et|svp)\b.*$"
)


def _kind(folded: str) -> str | None:
    return find_kind(folded)


@lru_cache(maxsize=2048)
def _resolve_place(text: str, strict: bool, job_ok: bool = False) -> dict[str, Any] | None:
    """The commune the first words of ``text`` name. A single word that is also a job title
    ("macon") is a place only when ``job_ok``: said after "à", or as the answer to a place
    question."""
    from rapidfuzz import fuzz

    import geodata

    text = _STOP_TAIL.sub("", text).strip()
    words = text.split()
    # try the longest prefix first: "lyon 3 pour un stage" -> "lyon 3"
    for size in range(min(len(words), 5), 0, -1):
        chunk = " ".join(words[:size])
        if chunk in _NOT_PLACES or len(chunk) < 2 or chunk.isdigit() and len(chunk) != 5:
            continue
        if (find_rome(chunk) and size == 1 and not job_ok) or _kind(chunk):
            continue
        try:
            result = geodata.lookup(chunk, limit=5)
        except ValueError:
            continue
        if not result.candidates:
            continue
        best = result.candidates[0]
        if result.matched_by == "fuzzy" and (
            strict or len(chunk) < 4 or fuzz.ratio(chunk, fold(best.nom)) < 85
        ):
            continue
        slots: dict[str, Any] = {"place": best.code_insee, "place_text": chunk}
        if result.ambiguous and not _dominant(result.candidates):
            slots["place_candidates"] = [c.code_insee for c in result.candidates]
        if result.matched_by == "fuzzy":
            slots["place_unsure"] = True
        return slots
    return None


# A name shared by a town and villages ("Saint-Nazaire": 72,000 people in Loire-Atlantique,
# 2,000 and 1,000 elsewhere) is taken as the town when it has DOMINANT times the people of the
# next one; the answer names the town's département (voice.dialogue), and another town said
# corrects it.
DOMINANT = 20


def _dominant(candidates: Any) -> bool:
    people = [int(getattr(c, "population", 0) or 0) for c in candidates[:2]]
    return len(people) == 2 and people[0] >= DOMINANT * max(people[1], 1)


def _whole_place(text: str, job_ok: bool = False) -> dict[str, Any] | None:
    """A commune named exactly by all of ``text`` (not only by its first words), or None."""
    found = _resolve_place(text, strict=True, job_ok=job_ok)
    whole = _STOP_TAIL.sub("", text).strip()
    if found and not found.get("place_unsure") and found["place_text"] == whole:
        return found
    return None


_AREA_LEAD = re.compile(r"\b(?:dans|en|sur|a|au|du|de|des|departement|region)\b")


def _area(folded: str) -> dict[str, Any] | None:
    """A whole département or region said as the place ("en seine saint denis", "dans le 69",
    "en bretagne"): ``place_area`` ("departement:93") and the words (``place_text``)."""
    import geodata

    for m in _AREA_LEAD.finditer(folded):
        words = folded[m.start() :].split()
        for size in range(min(len(words), 7), 1, -1):
            chunk = " ".join(words[:size])
            found = geodata.find_area(chunk)
            if found is not None:
                return {"place_area": found.key, "place_text": chunk}
    return None


def area_answer(text: str) -> dict[str, Any] | None:
    """The answer to "Dans quelle ville ?" when it is a département or region: "seine saint
    denis", "le 93", "93" (a bare number there is a département)."""
    import geodata

    folded = normalize(text)
    if re.fullmatch(r"(?:le |la )?(?:\d{1,3}|2 ?[ab])", folded):
        folded = "dans le " + folded.removeprefix("le ").removeprefix("la ")
    found = geodata.find_area(folded)
    if found is None:
        return _area(folded)
    return {"place_area": found.key, "place_text": folded}


def _place_or_area(folded: str, hint: str | None) -> dict[str, Any] | None:
    """The commune, or the whole département or region, the words name. A commune inside the
    area said after it wins ("à lyon dans le rhône", "saint denis à la réunion"); an area
    whose words hold the commune's name wins over it ("en seine saint denis")."""
    import geodata

    place = _place(folded, hint)
    area = _area(folded)
    if area is None:
        return place
    inside = geodata.get_area(*area["place_area"].split(":"))
    if inside is None:
        return place
    if place and place.get("place") and not place.get("place_unsure"):
        text = str(place.get("place_text") or "")
        codes = [place["place"], *(place.get("place_candidates") or [])]
        within = [
            c for c in dict.fromkeys(codes)
            if (found := geodata.get_commune(c)) and found.departement in inside.departements
        ]  # fmt: skip
        if within and text not in area["place_text"]:
            # "saint denis dans le 93": the Saint-Denis of that département, no question asked
            return {"place": within[0], "place_text": text}
    # "gap dans les hautes alpes", "au lamentin en martinique": the words before the area name
    # a commune of it
    before = folded[: folded.rfind(area["place_text"])].split()
    for size in range(min(len(before), 4), 0, -1):
        chunk = _LEADING_PREP.sub("", " ".join(before[-size:])).strip()
        if len(chunk) < 3 or _kind(chunk) or chunk in _NOT_PLACES:
            continue
        try:
            res = geodata.lookup(
                f"{chunk} {inside.departements[0] if inside.kind == 'departement' else inside.nom}"
            )
        except ValueError:
            continue
        hits = [c for c in res.candidates if c.departement in inside.departements]
        if hits and res.matched_by == "fuzzy":  # "lamentin": Le Lamentin, its article unsaid
            hits = [c for c in hits if _bare(c.nom) == _bare(chunk)]
        if not hits:  # "au lamentin en martinique": Le Lamentin, its article said as "au"
            hits = [
                c for d in inside.departements for c in _by_bare_name().get((d, _bare(chunk)), [])
            ]
        if hits:
            return {"place": hits[0].code_insee, "place_text": chunk}
    return area


@lru_cache(maxsize=1)
def _by_bare_name() -> dict[tuple[str, str], list[Any]]:
    """Communes by (département, name folded without its article): ("972", "lamentin")."""
    import geodata

    index: dict[tuple[str, str], list[Any]] = {}
    for c in geodata.communes():
        index.setdefault((c.departement, _bare(c.nom)), []).append(c)
    return index


_LEADING_PREP = re.compile(
    r"^(?:(?:a|sur|vers|pres de|pres|autour de|dans|du cote de|du cote d|en|au|aux|a cote de|"
    r"pas loin de)\s+)+"
)


def _place(folded: str, hint: str | None) -> dict[str, Any] | None:
    hinted = None
    if hint:
        hint = fold(hint)
        at = folded.find(hint)
        if at > 0 and folded[at - 1].isalnum():
            # the template cut a word: "mission local|e pas loin" -> the hint starts mid-word
            hint = hint.split(" ", 1)[1] if " " in hint else ""
        hint = _LEADING_PREP.sub("", _NEAR_ME.sub(" ", hint).strip())
        # the whole hint named exactly ("chalons en champagne"), else an exact name after one
        # of its prepositions ("creche a fort de france": Fort-de-France)
        tails = [0, *(m.end() for m in _PLACE_PREP.finditer(hint))] if hint else []
        for start in tails:
            found = _whole_place(hint[start:])
            if found:
                return found
        hinted = _resolve_place(hint, strict=False) if hint else None
        if hinted and not hinted.get("place_unsure"):
            return hinted
    m = _POSTCODE.search(folded)
    if m:
        found = _resolve_place(m.group(1), strict=True)
        if found:
            return found
    folded = _NEAR_ME.sub(" ", folded)
    # "un stage en crèche à Fort-de-France": a commune named exactly after the last
    # preposition wins over a near reading of a longer tail ("creche a fort de france")
    for m in _PLACE_PREP.finditer(folded):
        found = _whole_place(folded[m.end() :], job_ok=_TO_PLACE.fullmatch(m.group(0).strip()))
        if found:
            return found
    unsure = None
    for m in _PLACE_PREP.finditer(folded):
        job_ok = bool(_TO_PLACE.fullmatch(m.group(0).strip()))
        found = _resolve_place(folded[m.end() :], strict=False, job_ok=job_ok)
        if found and not found.get("place_unsure"):
            return found
        unsure = unsure or found
    if unsure is None:
        for m in _PLACE_OF.finditer(folded):
            # "le greta de mâcon": after a kind of place, "de" names its town, job title or not
            job_ok = bool(_kind(folded[: m.start()])) and not _OFFER_LEAD.search(folded)
            found = _resolve_place(folded[m.end() :], strict=True, job_ok=job_ok)
            if found:
                return found
    return unsure or hinted


# prepositions after which a job title is a town ("un stage à mâcon"), unlike "en" or "chez"
_TO_PLACE = re.compile(r"a|vers|pres de|autour de|a cote de|pas loin de|du cote de|sur")
_OFFER_LEAD = re.compile(r"\b(?:stages?|alternance|apprentissage|offres?)\b")


def exact_place_answer(text: str) -> dict[str, Any] | None:
    """The answer to a place question when all its words name a commune, job title or not
    ("mâcon", "c'est grasse", "euh agen"): the state asked for a town."""
    words = place_words(text)
    if not words:
        return None
    return _whole_place(words, job_ok=True) or _whole_place(_LEADING_PREP.sub("", words), True)


# What follows the internship noun: "un stage en boulangerie à lyon" -> "boulangerie à lyon".
_AFTER_STAGE = re.compile(
    r"^.*\b(?:stages?|alternance|apprentissage|offres? de stage|offres?|du taf|du boulot|"
    r"un job|des jobs?|un patron|une patronne|un employeur)\b"
    r"(?: (?:de|d|en|dans|comme|chez|pour|a|au|aux|sur))*(?: (?:un|une|le|la|les|l|des|du))?"
    r" (?P<rest>.+)$"
)
_RADIUS_SAID = re.compile(
    r"\b(?:a |dans un rayon de |dans les |a moins de |moins de |pas plus de |maximum |"
    r"a pas plus de )?\d{1,3}\s*(?:kilometres?|km|kilos?|bornes)\b"
)
_OFFER_FILLERS = frozenset(["s", "il", "vous", "plait", "svp", "merci", "stp", "moi"])


def _bare(words: str) -> str:
    """``words`` folded, without a leading article ("l industrie" -> "industrie")."""
    return re.sub(r"^(?:le|la|les|l|un|une|des|du|de la)\s+", "", fold(words))


_LEVEL_WORDS = (
    r"troisieme|3e|3eme|3 eme|seconde|2nde|2de|cap|bac pro|bac professionnel|bts|"
    r"certificat d aptitude professionnelle|brevet de technicien superieur"
)
_NOT_TRADE = re.compile(
    rf"(?:\b(?:je suis|pour|en|de|d|mon|ma|un|une|niveau|classe)\s+)*\b(?:{_LEVEL_WORDS})\b"
    r"|(?:\b(?:qui soit|qui est|c est|en|et)\s+)*\baccessibles?\b(?: (?:en|au|aux|pour) \w+)*"
    r"(?: roulant)?"
    r"|\b(?:pas trop loin|pas loin|pres)(?: de chez moi| d ici)?\b"
    r"|\bpour (?:cet|cette|l|le) (?:ete|hiver|annee|rentree|printemps|automne)\b"
    r"|\bdu cote\b"
)
_ARTICLES = frozenset(["un", "une", "le", "la", "les", "l", "des"])
_TRAILING_LINKS = frozenset(
    ["a", "au", "aux", "en", "de", "du", "d", "dans", "pour", "chez", "et", "vers"]
)


def _offer_words(folded: str, place: dict[str, Any] | None, check_place: bool = True) -> str | None:
    """The trade or workplace words of an internship request the templates did not name
    ("un stage en boulangerie à lyon" -> "boulangerie"), or None. The place, a level, an
    accessibility wish and "near me" are not trade words."""
    folded = _RADIUS_SAID.sub(" ", _NEAR_ME.sub(" ", folded))
    m = _AFTER_STAGE.search(" ".join(folded.split()))
    if m is None:
        return None
    rest = m.group("rest")
    place_text = fold(str((place or {}).get("place_text") or ""))
    if place_text and (place or {}).get("place_area"):  # "en bretagne": the name is enough
        place_text = _LEADING_PREP.sub("", place_text) or place_text
    if place_text:
        # the name as said, then without its preposition and article ("a la reunion" is
        # "reunion" after "stage à la")
        for said in (place_text, _LEADING_PREP.sub("", place_text), _bare(place_text)):
            at = rest.rfind(said) if said else -1
            if at >= 0:
                rest = rest[:at]
                break
        rest = re.sub(
            r"(?: (?:a|sur|vers|pres de|autour de|dans|du cote de|en|au|aux|a cote de|"
            r"pas loin de))+\s*$",
            "",
            f" {rest.strip()}",
        )
    # a level, an accessibility wish, "pas trop loin", "pour cet été" said amid the trade words
    # are their own slots: take them out, keep the trade ("en bts commerce" -> "commerce")
    rest = _NOT_TRADE.sub(" ", _NOT_ACCESSIBLE.sub(" ", f" {rest} "))
    words = [w for w in rest.split() if w not in _OFFER_FILLERS]
    while words and words[-1] in _TRAILING_LINKS:
        words.pop()
    while words and (words[0] in _TRAILING_LINKS or words[0] in _ARTICLES):
        words.pop(0)
    text = " ".join(words)
    if not text or _level(text) or _ACCESSIBLE.search(text) or _ACCESSIBLE_OFFER.search(text):
        return None
    missed = _resolve_place(text, strict=True) if check_place and not place_text else None
    if missed and _LEADING_PREP.sub("", fold(str(missed.get("place_text") or ""))) == text:
        return None  # the words are a place the templates missed, not a trade
    return text


def _index(folded: str) -> int | None:
    for word in folded.split():
        if word in ORDINALS and word not in ("un", "une", "deux", "trois", "quatre", "cinq"):
            return ORDINALS[word]
    m = _INDEX.search(folded)
    if m:
        return int(m.group(1) or m.group(2))
    words = folded.split()
    if len(words) <= 3 and words and words[-1] in ORDINALS:
        return ORDINALS[words[-1]]
    return None


def _topic(folded: str) -> str | None:
    padded = f" {folded} "
    for size in (3, 2, 1):
        for word, topic in topic_words().items():
            if len(word.split()) == size and f" {word} " in padded:
                return topic
    return None


def _level(folded: str) -> str | None:
    padded = f" {folded} "
    words = level_words()
    for word in sorted(words, key=len, reverse=True):
        if f" {word} " in padded:
            if word == "seconde" and " seconde chance " in padded:
                continue
            if word == "cap" and " cap emploi " in padded:
                continue
            return words[word]
    return None


def _slots(intent: str, folded: str, entities: dict[str, Any]) -> dict[str, Any]:
    slots: dict[str, Any] = {}
    kind = entities.get("kind") or _kind(folded)
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
    place = _place_or_area(folded, entities.get("place"))
    if place is None and intent == UNKNOWN and len(folded.split()) <= 4:
        place = _resolve_place(folded, strict=True)  # a bare town name: "lyon"
    if place and intent in ("find_structure", "find_offer", "request_callback", UNKNOWN):
        slots.update(place)
    if _NEAR_ME.search(folded):
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
            slots["words"] = _bare(job)  # the API's career search ranks, as on the web
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
        topic = _topic(folded)
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
        if "place" in entities and not _resolve_place(fold(entities["place"]), strict=False):
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


_METIER = re.compile(r"\bmetiers? (?:de|d) ")
_PLURAL_CAREERS = re.compile(r"\b(?:les|des|quels?|quelles?) metiers\b")
# how something works or what it pays, said of a kind of place or of a way to train
_HOW = re.compile(
    r"\b(?:comment (?:on|je|est ce qu on|ca)|ca marche comment|ca se passe comment|combien "
    r"(?:on|je|ca) (?:est paye|gagne|paye|coute)|c est paye combien|quel salaire)\b"
)
_REPORT = next(pattern for intent, pattern in _RULES if intent == "report_error")

# Commands a question never overrides ("stop, c'est quoi ça").
_CONTROL = frozenset({"stop", "cancel", "home", "repeat", "help", "slower", "faster", "end"})


def _keywords(folded: str) -> str | None:
    first = next((intent for intent, pattern in _RULES if pattern.search(folded)), None)
    if first not in _CONTROL and _QUESTION.search(folded) and _is_guide_question(folded):
        return "guide"
    if first is not None:
        return first
    if _kind(folded):
        return "find_structure"
    if _index(folded) is not None and len(folded.split()) <= 3:
        return "select"
    return None


_FILLERS = re.compile(
    r"^(?:(?:non|oui|ouais|euh|heu|alors|bah|ben|bon|en fait|et|sinon|plutot|mais|attends|"
    r"ah|oh|ok|d accord|merci)\s+)+"
)


_PLACE_LEAD = re.compile(
    r"^(?:(?:c est|c etait|j habite|j habite a|je vis|je suis|je suis de|je viens de|ma ville|"
    r"ma ville c est|la ville de|la ville|la commune de|chez moi c est|moi c est)\s+)+"
)


def place_words(text: str) -> str:
    """The words of an answer to "Dans quelle ville ?" that name no known place, to say them
    back ("Je ne trouve pas la ville « trifouillis les oies »"); "" when there are none, or
    when the answer is too long to be a town's name."""
    folded = normalize(text)
    for pattern in (_FILLERS, _PLACE_LEAD, _LEADING_PREP):
        folded = pattern.sub("", folded).strip()
    words = folded.split()
    if not words or len(words) > 6 or all(w in FUNCTION_WORDS for w in words):
        return ""
    return folded


@lru_cache(maxsize=1024)
def _understand(folded: str) -> Understanding:
    if not folded:
        return Understanding(UNKNOWN, {}, 0.0, folded)
    found = _hassil(folded)
    if found is None:
        # "non un cio a grenoble", "euh ben une mission locale": the request after the filler
        m = _FILLERS.match(folded)
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
    if intent in ("details", "select") and _kind(folded):
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
