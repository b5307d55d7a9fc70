"""The spoken dialogue: a state machine, text in, text and actions out.

It knows nothing of microphones, loudspeakers or screens. Each turn gives a :class:`Reply` whose
``text`` is said (or shown on a braille display) and whose ``actions`` ask the surface to do
something: ``dial`` {phone, name}, ``route`` {lat, lon, name, address}, ``open_url`` {url},
``end`` {}, and ``rate`` {change: "slower"|"faster"} for the speech rate.

Plain spoken French: one idea a sentence, at most 15 words a sentence, at most 25 words in the
question that ends a reply (``Reply.prompt``), at most three items read in a row. The answers of
the guides (``/api/v1/guides``) are read as their editors wrote them for the ear (three sentences
at most, checked by the guides' own content tests): a reply marks them in ``Reply.quoted``.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from geodata.speech import phone_words, speakable
from geodata.text import fold
from totalacces import guide_markdown, vocabulary
from totalacces.vocabulary import KINDS, kind_synonyms
from voice.numbers import age_from_speech, digits_from_speech, phone_from_speech, phone_pairs
from voice.understanding import FUNCTION_WORDS, UNKNOWN, Understanding, place_words, understand
from voice.vocabulary import rome_label

log = logging.getLogger(__name__)

PAGE = 3
MAX_REPROMPTS = 3
CONSENT_VERSION = "voix-2026-1"

GLOBAL_INTENTS = (
    "next",
    "previous",
    "repeat",
    "slower",
    "faster",
    "help",
    "stop",
    "home",
    "cancel",
    "end",
    "request_callback",
)

STATES = (
    "home",
    "ask_place",
    "confirm_place",
    "ask_job",
    "results",
    "detail",
    "career",
    "callback_name",
    "callback_phone",
    "callback_phone_confirm",
    "callback_age",
    "callback_place",
    "callback_topic",
    "callback_consent",
    "guide",
    "guide_choice",
    "guide_reading",
    "report_reason",
    "ended",
)


@dataclass
class Action:
    kind: str  # "dial" | "route" | "open_url" | "end" | "rate"
    data: dict[str, Any] = field(default_factory=dict)


@dataclass
class Reply:
    text: str
    actions: list[Action] = field(default_factory=list)
    state: str = "home"
    prompt: str = ""  # the question or instruction that ends `text` (already inside it)
    items_read: int = 0  # how many list items `text` reads in a row
    understanding: Understanding | None = None
    quoted: str = ""  # guide text read as written (inside `text`): at most three sentences


# A first answer is at most MAX_WORDS words as heard (about 15 seconds); the rest waits for
# « la suite ». Counted on the text as the voice says it (acronyms and numbers in words).
MAX_WORDS = 40
MORE_PROMPT = "Pour la suite, dites « la suite »."
_SENTENCE_END = re.compile(r"(?<=[.!?»])\s+(?=[A-ZÀ-ÖØ-Þ«])")
_ITEM_SENTENCE = re.compile(
    r"^(?:Un|Une|Deux|Trois|Quatre|Cinq|Six|Sept|Huit|Neuf|Dix|Onze|Douze|Treize|Quatorze|"
    r"Quinze|Seize|Dix-\w+|Vingt\S*|Trente\S*|Quarante\S*|Cinquante\S*) : "
)


def _heard_words(text: str) -> int:
    return len(speakable(text).split())


def _first_words(parts: list[str], budget: int) -> tuple[list[str], list[str]]:
    """The sentences of `parts` that fit in `budget` heard words (at least one), and the rest."""
    sentences = [x for part in parts for x in _SENTENCE_END.split(part) if x.strip()]
    kept: list[str] = []
    used = 0
    for i, sentence in enumerate(sentences):
        words = _heard_words(sentence)
        if kept and used + words > budget:
            return kept, sentences[i:]
        kept.append(sentence)
        used += words
    return kept, []


def _short(name: str, max_words: int = 8) -> str:
    """A name a person can hear: no parentheses, dashes as commas, at most 8 words.

    'Mission locale - Lyon 3e' -> 'Mission locale, Lyon 3e'; 'Stage stage de 3e' -> 'Stage de 3e'.
    """
    name = re.sub(r"\s*\(.*?\)", "", name or "").strip()
    name = re.sub(r"\s+[-–]\s+", ", ", name)
    words = name.split()
    if len(words) > 1 and words[0].lower() == words[1].lower():
        words = words[1:]
        words[0] = words[0].capitalize()
    kept_words = words[:max_words]
    if len(words) > max_words:  # cut: never on a word that announces another ("Chef de")
        while len(kept_words) > 1 and _DANGLING.match(kept_words[-1].rstrip(",;:")):
            kept_words.pop()
    kept = " ".join(kept_words).rstrip(",;:")
    return kept or "Sans nom"


# words a cut name must not end on: "Chef de", "Vendeur en", "Institut des"
_DANGLING = re.compile(
    r"^(?:de|du|des|d'|en|à|au|aux|la|le|les|l'|et|ou|pour|sur|sous|chez|avec|un|une|par|:)$",
    re.IGNORECASE,
)


def _first_sentence(text: str | None, max_words: int = 15) -> str | None:
    if not text:
        return None
    sentence = re.split(r"(?<=[.!?])\s+", text.strip())[0]
    words = sentence.split()
    if len(words) > max_words:
        return None
    return sentence if sentence.endswith((".", "!", "?")) else sentence + "."


_NUMBER_WORDS = ("un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix")


def _nth(n: int) -> str:
    return _NUMBER_WORDS[n - 1] if 1 <= n <= len(_NUMBER_WORDS) else str(n)


@lru_cache(maxsize=4096)
def _shared_name(code: str) -> bool:
    """Whether another commune has this commune's name (Saint-Denis, Montreuil, Valence)."""
    import geodata

    c = geodata.get_commune(code)
    if c is None:
        return False
    try:
        found = geodata.lookup(c.nom, limit=3)
    except ValueError:
        return False
    return sum(fold(x.nom) == fold(c.nom) for x in found.candidates) > 1


@lru_cache(maxsize=4096)
def _ambiguous_words(said: str | None) -> bool:
    """Whether the words said for a place name several communes ("évry")."""
    import geodata

    if not said:
        return False
    try:
        return bool(geodata.lookup(str(said), limit=3).ambiguous)
    except ValueError:
        return False


def _commune_words(code: str) -> tuple[str, str]:
    """(name, département name) of an INSEE code."""
    import geodata

    c = geodata.get_commune(code)
    if c is None:
        return code, ""
    return c.nom, c.departement_nom


def _in_dept(dept: str) -> str:
    """'Rhône' -> 'dans le Rhône', 'Gironde' -> 'en Gironde' (geodata's wording)."""
    from geodata import in_area_words

    return in_area_words(dept)


# What each kind of place does, in plain words (one idea a sentence): the shared vocabulary's.
KIND_EXPLAINED: dict[str, tuple[str, ...]] = {key: k.explained for key, k in KINDS.items()}


# -- guides -------------------------------------------------------------------------------------
DEFAULT_RADIUS_KM = 20  # the API's default search radius (backend/services/search.py)
WIDER_RADII_KM = (50, 150)  # tried in turn when nothing is found within the default
GUIDE_CHUNK = 3  # sentences of a guide's full text read at a time
_GUIDE_ALIASES = {
    "deuxieme": "2e",
    "2eme": "2e",
    "troisieme": "3e",
    "3eme": "3e",
    "2nde": "seconde",
}
# "c'est quoi X" asks for a definition: a guide titled "C'est quoi X ?" answers it best.
_DEFINITION_ASKED = re.compile(
    r"\b(c est quoi|qu est ce que?|a quoi (ca )?ser|ca sert a quoi|explique|que fai|que font|"
    r"ca veut dire|que veut dire|parle moi|que peu(t|vent) faire)"
)


def _guide_tokens(text: str) -> frozenset[str]:
    out = set()
    for word in fold(text).split():
        word = _GUIDE_ALIASES.get(word, word)
        if word in FUNCTION_WORDS or (len(word) < 2 and not word.isdigit()):
            continue
        if len(word) > 4 and word[-1] in "sx":
            word = word[:-1]
        out.add(word)
    return frozenset(out)


def _guide_hits(asked: frozenset[str], words: frozenset[str]) -> int:
    """How many asked words a text has ("stage" meets "stages", "aide" meets "aider")."""
    return sum(
        1
        for a in asked
        if a in words
        or (
            len(a) >= 4 and any(len(w) >= 4 and (w.startswith(a) or a.startswith(w)) for w in words)
        )
    )


def closest_guides(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The guide that answers (one item), the ones that answer it as well (up to 3), or none,
    as the API ranked them (``/api/v1/guides?q=``: ``best`` marks the guides as good as the
    first). When the first guide has none of the words in its title, keywords or short answer
    (``named``), the service found them in the texts only: no answer."""
    if not items or not items[0].get("named"):
        return []
    return [item for item in items if item.get("best")][:3]


def _only_kind(topic: str, kind: str) -> bool:
    """The question is about the kind of place itself: "c'est quoi une mission locale"."""
    padded = f" {fold(topic)} "
    for synonym, k in kind_synonyms():
        if k == kind and f" {synonym} " in padded:
            rest = padded.replace(f" {synonym} ", " ", 1).split()
            return all(w in FUNCTION_WORDS for w in rest)
    return False


_ACRONYM = r"[A-Z0-9]*[A-Z][A-Z0-9]*[A-Z][A-Z0-9]*"


def _heard(text: str) -> str:
    """A guide's words made to be heard: "la RQTH (reconnaissance ...)" says the words once."""
    text = re.sub(rf"\b{_ACRONYM}\s*\(([^()]+)\)", r"\1", text)  # ABBR (words) -> words
    text = re.sub(rf"\s*\({_ACRONYM}\)", "", text)  # words (ABBR) -> words
    text = re.sub(r"\s*\(([^()]+)\)", r", \1,", text)  # any other aside, between commas
    text = re.sub(r",\s*([.!?;:])", r"\1", text)
    text = " ".join(text.split()).strip()
    if text and text[-1] not in ".!?":
        text = text.rstrip(",;:") + "."
    return text


def guide_sentences(markdown: str) -> list[str]:
    """The full text of a guide as sentences to read, block by block (titles, list items,
    paragraphs), parsed as the web and the app parse it (:mod:`totalacces.guide_markdown`)."""
    sentences: list[str] = []
    for block in guide_markdown.parse(markdown or ""):
        heard = _heard(block.text)
        sentences.extend(s for s in re.split(r"(?<=[.!?])\s+", heard) if s.strip())
    return sentences


def _one_who_helps(kind: str) -> str:
    """'Une mission locale', 'Un centre de formation d'apprentis', 'Cap emploi'."""
    one = KINDS[kind].one
    return one[:1].upper() + one[1:]


class Dialogue:
    """One conversation. `start()` first, then `handle(text)` for each thing the person says."""

    def __init__(self, client: Any, position: tuple[float, float] | None = None) -> None:
        self.client = client
        self.position = position
        self.state = "home"
        self.last: Reply | None = None
        # what waits for « la suite »: sentences, the question that ends them, the guide's text
        self.held: tuple[list[str], str, str] | None = None
        self.misses = 0
        self._reset_search()
        self._callback: dict[str, Any] = {}
        #: The same search without the filters that emptied it, offered after an empty answer.
        self._unfiltered: dict[str, Any] | None = None
        self._available: frozenset[str] | None = None  # kinds with places (GET /kinds)

    # -- public ---------------------------------------------------------------------------------
    def start(self) -> Reply:
        self.state = "home"
        return self._say(
            "Bonjour, je suis l'assistant Total Accès.",
            prompt="Que cherchez-vous ? Une mission locale, un stage, ou un métier ?",
        )

    def handle(self, text: str) -> Reply:
        u = understand(text or "")
        reply = self._dispatch(u, text or "")
        reply.understanding = u
        if u.intent not in ("repeat", "stop", "slower", "faster"):
            self.last = reply
        return reply

    def expected_phrases(self) -> list[str]:
        """What the person may say now (for the Listener grammar)."""
        from voice.grammar import phrases_for

        return phrases_for(self)

    # -- plumbing -------------------------------------------------------------------------------
    def _reset_search(self) -> None:
        self.search: dict[str, Any] = {}
        self.items: list[dict[str, Any]] = []
        self.total = 0
        self.offset = 0
        self.page_len = PAGE  # items read on the current page
        self._pages: list[int] = []  # where the pages read before started, for « précédent »
        self.list_kind = ""  # "structures" | "offers" | "careers"
        self.selected: dict[str, Any] | None = None
        self.place_candidates: list[str] = []
        self.guide: dict[str, Any] | None = None  # the guide answered (detail, or summary)
        self.guide_kind: str | None = None  # the kind of place its "oui" searches
        self.guide_choices: list[dict[str, Any]] = []
        self.guide_next = 0  # next sentence of the full text to read
        self.guide_offset = 0  # first sentence of the chunk read last
        self._guide_pages: list[int] = []

    def _say(
        self,
        *sentences: str,
        prompt: str = "",
        actions: list[Action] | None = None,
        items_read: int = 0,
        state: str | None = None,
        quoted: str = "",
    ) -> Reply:
        if state is not None:
            self.state = state
        parts = [s for s in sentences if s]
        self.held = None
        if _heard_words(" ".join([*parts, prompt])) > MAX_WORDS:
            parts, rest = _first_words(parts, MAX_WORDS - _heard_words(MORE_PROMPT))
            if rest:  # the rest waits for « la suite »; the question comes at the end
                # a guide's text read as written: the part of it said now, the rest later
                quoted_now = " ".join(x for x in parts if quoted and x in quoted)
                quoted_later = " ".join(x for x in rest if quoted and x in quoted)
                self.held = (rest, prompt, quoted_later)
                prompt, quoted = MORE_PROMPT, quoted_now
                items_read = sum(bool(_ITEM_SENTENCE.match(p)) for p in parts)
        if prompt:
            parts.append(prompt)
        text = " ".join(parts) or "Je vous écoute."
        return Reply(text, actions or [], self.state, prompt, items_read, quoted=quoted)

    def _say_held(self) -> Reply:
        """« La suite » after an answer cut at MAX_WORDS: the next words of the same answer."""
        assert self.held is not None
        rest, prompt, quoted = self.held
        items = sum(bool(_ITEM_SENTENCE.match(p)) for p in rest)
        return self._say(*rest, prompt=prompt, items_read=items, quoted=quoted)

    def _prompt_for_state(self) -> str:
        s = self.state
        if s == "home":
            return "Que cherchez-vous ? Une mission locale, un stage, ou un métier ?"
        if s == "ask_place":
            return "Dans quelle ville ?"
        if s == "confirm_place":
            return self._place_question()
        if s == "ask_job":
            return "Quel métier vous intéresse ?"
        if s == "results":
            return "Dites un numéro, « suivant », ou « accueil »."
        if s == "detail":
            return "Dites « appelle », « c'est où », ou « suivant »."
        if s == "career":
            return "Voulez-vous chercher des stages dans ce métier ?"
        if s == "callback_name":
            return "Quel est votre prénom ?"
        if s == "callback_phone":
            return "Quel est votre numéro de téléphone ?"
        if s == "callback_phone_confirm":
            return f"J'ai noté : {phone_pairs(self._callback.get('phone', ''))}. C'est bien ça ?"
        if s == "callback_age":
            return "Quel âge avez-vous ?"
        if s == "callback_place":
            return "Dans quelle ville habitez-vous ?"
        if s == "callback_topic":
            return "C'est pour l'école, une formation, un travail, ou le handicap ?"
        if s == "callback_consent":
            return "Êtes-vous d'accord ?"
        if s == "guide":
            return self._guide_question()
        if s == "guide_choice":
            return "Laquelle voulez-vous ? Dites un numéro."
        if s == "guide_reading":
            return "Dites « la suite », ou « accueil »."
        if s == "report_reason":
            if self.list_kind == "offers":
                return (
                    "Qu'est-ce qui ne va pas ? Le contact, l'offre n'existe plus, le lieu, "
                    "ou autre chose ?"
                )
            return "Qu'est-ce qui ne va pas ? Le numéro, c'est fermé, l'adresse, ou autre chose ?"
        return "Que voulez-vous faire ?"

    def _choices_for_state(self) -> list[str]:
        """At most three things to say, offered after two misunderstandings."""
        s = self.state
        if s in ("home", "ended"):
            return ["« mission locale »", "« un stage »", "« rappelle-moi »"]
        if s == "results":
            return ["« le premier »", "« suivant »", "« accueil »"]
        if s == "detail":
            return ["« appelle »", "« c'est où »", "« suivant »"]
        if s == "confirm_place":
            return [f"« {self._dept_of(c)} »" for c in self.place_candidates[:3]]
        if s in ("career", "callback_phone_confirm", "callback_consent"):
            return ["« oui »", "« non »", "« accueil »"]
        if s == "callback_topic":
            return ["« l'école »", "« une formation »", "« un travail »"]
        if s == "callback_name":
            return ["votre prénom", "« aide »", "« annule »"]
        if s == "callback_phone":
            return ["votre numéro deux chiffres par deux chiffres", "« aide »", "« annule »"]
        if s == "callback_age":
            return ["votre âge", "« je ne sais pas »", "« annule »"]
        if s in ("ask_place", "callback_place"):
            return ["le nom de votre ville", "« près de chez moi »", "« accueil »"]
        if s == "ask_job":
            return ["« boulanger »", "« les métiers de l'industrie »", "« accueil »"]
        if s == "guide":
            return ["« oui »", "« non »", "« la suite »"]
        if s == "guide_choice":
            return ["« le premier »", "« le deuxième »", "« accueil »"]
        if s == "guide_reading":
            return ["« la suite »", "« répète »", "« accueil »"]
        if s == "report_reason":
            return ["« le numéro »", "« c'est fermé »", "« autre chose »"]
        return ["« aide »", "« accueil »", "« rappelle-moi »"]

    def _not_understood(self, opening: str = "", prompt: str = "") -> Reply:
        """A re-prompt: at most MAX_REPROMPTS in a row, then back home. `opening` and `prompt`
        replace "Je n'ai (toujours) pas compris." and its prompt when the answer was half heard
        (a phone number cut short)."""
        self.misses += 1
        if self.misses > MAX_REPROMPTS:
            self.misses = 0
            self._reset_search()
            self._callback = {}
            self.state = "home"
            return self._say(
                "Je n'arrive pas à comprendre.",
                "Je reviens à l'accueil.",
                prompt="Dites « mission locale », « un stage », ou « rappelle-moi ».",
            )
        if opening:
            return self._say(opening, prompt=prompt or self._prompt_for_state())
        if self.misses == 1:
            return self._say("Je n'ai pas compris.", prompt=self._prompt_for_state())
        choices = self._choices_for_state()[:3]
        said = ", ".join(choices[:-1]) + ", ou " + choices[-1] if len(choices) > 1 else choices[0]
        return self._say("Je n'ai toujours pas compris.", prompt=f"Vous pouvez dire : {said}.")

    def _place_not_found(self, u: Understanding) -> Reply:
        """A town that is not found is said back; at the second miss the question changes to
        what a recognizer always hears and the gazetteer always finds: the postcode or the
        département number (a vosk grammar drops the words of a name the model lacks)."""
        said = place_words(u.text)
        if said.replace(" ", "").isdigit():
            opening = f"Je ne connais pas de code postal {said}."
            if self.misses == 0:
                return self._not_understood(opening, self._prompt_for_state())
        elif self.misses == 0:
            opening = f"Je ne trouve pas la ville « {said} »." if said else "Je n'ai pas compris."
            return self._not_understood(opening, self._prompt_for_state())
        elif said:
            opening = f"Je ne trouve pas non plus « {said} »."
        else:
            opening = "Je n'ai toujours pas compris."
        return self._not_understood(
            opening,
            "Dites plutôt le code postal, par exemple « soixante-neuf zéro zéro trois », "
            "ou le numéro du département, par exemple « le trente-trois ».",
        )

    # -- the turn -------------------------------------------------------------------------------
    def _dispatch(self, u: Understanding, text: str) -> Reply:
        intent = u.intent
        state = self.state
        misses = self.misses  # a reply that re-prompts (via _not_understood) keeps its count
        # « la suite » goes on with the answer; « suivant » on a place goes to the next place
        on_place = "suivant" in u.text and bool(self.items) and state in ("results", "detail")
        if intent == "next" and self.held is not None and not on_place:
            return self._say_held()
        if self.held is not None and intent in ("repeat", "stop", "slower", "faster"):
            held = self.held
            reply = self._global(u)
            self.held = held  # « répète » or « stop » does not lose the rest of the answer
            if reply is not None:
                return reply
        # "Je ne sais pas" answers a callback question (it is not a call for help there).
        if (
            state in ("callback_phone", "callback_age", "callback_topic")
            and intent == "help"
            and _dont_know(u.text)
            and "quoi" not in u.text
        ):
            u = Understanding(UNKNOWN, {}, u.confidence, u.text)
            intent = u.intent
        # Free answers first: a first name or a phone number is not a command.
        if state in ("callback_name", "callback_phone", "callback_age") and intent not in (
            "stop",
            "cancel",
            "home",
            "help",
            "repeat",
            "slower",
            "faster",
            "end",
        ):
            handled = self._callback_free_answer(u, text)
            if handled is not None:
                if self.misses == misses:
                    self.misses = 0
                return handled
        if (
            state == "report_reason"
            and intent not in ("stop", "cancel", "home", "help", "repeat", "end")
            and vocabulary.report_reason(fold(text)) is not None
        ):  # "autre chose" is a reason here, not "the next ones"
            return self._report_send(vocabulary.report_reason(fold(text)) or "other")
        if intent in GLOBAL_INTENTS or intent == "stop":
            reply = self._global(u)
            if reply is not None:
                if intent not in ("repeat", "stop", "slower", "faster", "help"):
                    self.misses = 0
                return reply
        handler = getattr(self, f"_in_{state}", None)
        reply = handler(u, text) if handler else None
        if reply is None:
            reply = self._anywhere(u)
        if reply is None:
            if state in ("ask_place", "callback_place"):
                return self._place_not_found(u)
            return self._not_understood()
        if self.misses == misses:
            self.misses = 0
        return reply

    def _global(self, u: Understanding) -> Reply | None:
        intent = u.intent
        if intent == "repeat":
            if self.last is None:
                return self.start()
            last = self.last
            return Reply(
                last.text,
                list(last.actions),
                self.state,
                last.prompt,
                last.items_read,
                quoted=last.quoted,
            )
        if intent == "stop":
            # "Stop" is obeyed at once: one short word, then silence ("répète" still works).
            return self._say("D'accord.")
        if intent == "slower":
            return self._say(
                "D'accord, je parle plus lentement.",
                prompt=self._prompt_for_state(),
                actions=[Action("rate", {"change": "slower"})],
            )
        if intent == "faster":
            return self._say(
                "D'accord, je parle plus vite.",
                prompt=self._prompt_for_state(),
                actions=[Action("rate", {"change": "faster"})],
            )
        if intent == "help":
            return self._help()
        if intent in ("home", "cancel"):
            in_callback = self.state.startswith("callback_")
            self._reset_search()
            self._callback = {}
            self.state = "home"
            first = "D'accord, j'annule." if intent == "cancel" or in_callback else "Accueil."
            if in_callback:
                first = "D'accord, je n'envoie rien."
            return self._say(first, prompt=self._prompt_for_state())
        if intent == "end":
            self.state = "ended"
            return self._say(
                "Au revoir, et bonne journée.",
                actions=[Action("end", {})],
                prompt="Dites « bonjour » pour recommencer.",
            )
        if intent == "request_callback":
            if u.slots.get("topic"):
                self._callback["topic"] = u.slots["topic"]
            if u.slots.get("place"):
                self._callback["code_insee"] = u.slots["place"]
            return self._callback_start()
        if intent == "next" and self.state in ("guide", "guide_reading"):
            return self._guide_read(self.guide_next)
        if intent == "previous" and self.state == "guide_reading":
            if self.guide_offset == 0:
                return self._say("Vous êtes au début du guide.", prompt=self._prompt_for_state())
            return self._guide_read(self._guide_before())
        if intent == "next":
            if self.items and self.state in ("results", "detail"):
                self._pages.append(self.offset)
                return self._page(self.offset + self.page_len)
            return self._say("Il n'y a pas de liste à suivre.", prompt=self._prompt_for_state())
        if intent == "previous":
            if self.items and self.state in ("results", "detail"):
                if self.state == "detail":
                    return self._page(self.offset)
                if self.offset == 0:
                    return self._say(
                        "Vous êtes déjà au début de la liste.", prompt=self._prompt_for_state()
                    )
                return self._page(self._page_before())
            return self._say("Il n'y a pas de liste ici.", prompt=self._prompt_for_state())
        return None

    def _help(self) -> Reply:
        s = self.state
        if s == "results":
            lines = ("Je lis la liste trois par trois.", "Dites un numéro pour en savoir plus.")
        elif s == "detail":
            lines = ("Je peux appeler ce lieu.", "Je peux aussi vous dire où il est.")
        elif s.startswith("callback_"):
            lines = ("Je prépare une demande de rappel.", "Dites « annule » pour arrêter.")
        elif s in ("confirm_place", "ask_place", "callback_place"):
            lines = ("J'ai besoin du nom de votre ville.",)
        elif s == "guide":
            lines = ("Dites « la suite » pour en savoir plus.", "Dites « répète » pour réentendre.")
        elif s == "guide_choice":
            lines = (
                "Plusieurs guides répondent à votre question.",
                "Dites le numéro de celui qui vous intéresse.",
            )
        elif s == "guide_reading":
            lines = ("Je lis le guide trois phrases à la fois.",)
        else:
            lines = (
                "Je trouve des lieux pour vous aider, des stages et des métiers.",
                "Je réponds à vos questions, par exemple : « c'est quoi la RQTH ? »",
                "Un conseiller peut vous rappeler.",
            )
        return self._say(*lines, prompt=self._prompt_for_state())

    def _anywhere(self, u: Understanding) -> Reply | None:
        """Requests that start something new, whatever the state."""
        intent = u.intent
        if intent == "find_structure":
            return self._find_structures(u.slots)
        if intent == "find_offer":
            return self._find_offers(u.slots)
        if intent == "career_info":
            return self._career(u.slots)
        if intent == "list_careers":
            return self._list_careers(u.slots)
        if intent == "guide":
            return self._guide(u)
        if intent == "report_error":
            return self._say(
                "Sur quel lieu ou quelle offre ?",
                prompt="Choisissez-en un, par exemple « le premier », puis dites « il y a une "
                "erreur ».",
            )
        if intent in ("call", "details", "select") and self.items:
            return self._on_list(u)
        if intent in ("call", "details", "distance", "opening_hours") and not self.items:
            # "je voudrais appeler la mission locale", "l'adresse du cio": find it first
            from voice.understanding import _kind

            kind = u.slots.get("kind") or _kind(u.text)
            if kind:
                search = understand(f"{u.text}")
                slots = {k: v for k, v in search.slots.items() if k.startswith("place")}
                return self._find_structures({**slots, "kind": kind})
        if intent == "distance":
            return self._say(
                "La distance de quel lieu ?",
                prompt="Cherchez d'abord un lieu, par exemple : « mission locale à Lyon ».",
            )
        if intent == "opening_hours":
            return self._say(
                "Les horaires de quel lieu ?",
                prompt="Cherchez d'abord un lieu, par exemple : « mission locale à Lyon ».",
            )
        if intent == "call":
            return self._say(
                "Je ne sais pas encore qui appeler.",
                prompt="Cherchez d'abord un lieu, par exemple : « mission locale à Lyon ».",
            )
        if intent == "yes" and self._unfiltered is not None:
            unfiltered, self._unfiltered = self._unfiltered, None
            return self._run_search(unfiltered, confirmed=True)
        if intent in ("yes", "no"):
            return self._say("D'accord.", prompt=self._prompt_for_state())
        return None

    # -- states ---------------------------------------------------------------------------------
    def _in_ended(self, u: Understanding, text: str) -> Reply | None:
        self.state = "home"
        return self._anywhere(u) or self.start()

    def _in_ask_place(self, u: Understanding, text: str) -> Reply | None:
        from voice.understanding import exact_place_answer

        exact = exact_place_answer(text) if u.intent != "guide" else None
        if exact:  # a town was asked for: "mâcon" is the town, not the job
            kept = {k: v for k, v in self.search.items() if not k.startswith("place")}
            return self._run_search({**kept, **exact})
        if u.intent not in ("find_structure", "find_offer", "list_careers", "career_info", "guide"):
            slots = self._place_slots(text, u)
            if slots:
                kept = {k: v for k, v in self.search.items() if not k.startswith("place")}
                return self._run_search({**kept, **slots})
            if u.slots.get("near_me") and self.position:
                return self._run_search({**self.search, "near_me": True})
        return None

    def _in_confirm_place(self, u: Understanding, text: str) -> Reply | None:
        if u.intent in ("find_structure", "find_offer", "career_info", "list_careers", "guide"):
            return None  # a new request
        code = self._choose_candidate(u, text)
        if code is None:
            if u.intent == "no":
                self.state = "ask_place" if not self.search.get("callback") else "callback_place"
                return self._say("D'accord.", prompt=self._prompt_for_state())
            others = list(u.slots.get("place_candidates") or [])
            if u.slots.get("place") and others and not set(others) & set(self.place_candidates):
                # another town, itself ambiguous ("montreuil"): ask about that one instead
                self.place_candidates = others[:3]
                return self._say(prompt=self._place_question())
            return None
        self.place_candidates = []
        if self.search.get("callback"):
            self._callback["code_insee"] = code
            return self._callback_next()
        params = {k: v for k, v in self.search.items() if not k.startswith("place")}
        params["place"] = code
        return self._run_search(params, confirmed=True)

    def _in_ask_job(self, u: Understanding, text: str) -> Reply | None:
        from voice.vocabulary import find_rome

        rome = u.slots.get("rome") or find_rome(u.text)
        if rome:
            return self._career({"rome": rome})
        return None

    def _in_results(self, u: Understanding, text: str) -> Reply | None:
        if u.intent in ("select", "call", "details"):
            return self._on_list(u)
        if u.intent == "opening_hours":
            return self._hours_of(u)
        if u.intent == "distance":
            return self._about_item(u, self._distance)
        return None

    def _in_detail(self, u: Understanding, text: str) -> Reply | None:
        if u.intent == "report_error" and self.selected:
            return self._report_start(text)
        if u.intent in ("select",):
            return self._on_list(u)
        if u.intent in ("call", "details") and u.slots.get("index") is not None:
            return self._on_list(u)  # "appelle le deuxième": that one, not the one just read
        if u.intent == "call":
            return self._call(self.selected)
        if u.intent == "details":
            return self._where(self.selected)
        if u.intent == "opening_hours":
            return self._hours_of(u)
        if u.intent == "distance":
            return self._about_item(u, self._distance)
        return None

    def _distance(self, item: dict[str, Any] | None) -> Reply:
        """ "C'est loin ?": the distance the service gave for the place searched around."""
        if item is None:
            return self._say("Lequel ?", prompt="Dites un numéro, par exemple « le premier ».")
        name = _short(item.get("name") or item.get("employer") or item.get("title") or "", 8)
        if item.get("distance_text"):
            return self._say(
                f"{name} : c'est {item['distance_text']}.",
                prompt="Dites « comment j'y vais », « appelle », ou « suivant ».",
            )
        return self._say(
            "Je ne connais pas la distance d'ici.",
            prompt="Dites votre ville, par exemple « mission locale à Lyon », puis « c'est loin ».",
        )

    def _hours_of(self, u: Understanding) -> Reply:
        """The hours of the item named by its number ("le deuxième, c'est ouvert quand ?"),
        else of the one just read."""
        return self._about_item(u, self._opening_hours)

    def _about_item(self, u: Understanding, answer: Any) -> Reply:
        """``answer`` about the item named by its number, else about the one just read."""
        index = u.slots.get("index")
        if index == -1 and self.items:
            index = len(self.items)
        if index and self.items and 1 <= index <= len(self.items):
            self._detail(self.items[index - 1])  # opens it: its facts come with its detail
        elif self.state != "detail":
            return self._say(
                "De quel lieu ?", prompt="Dites un numéro, par exemple « le premier »."
            )
        return answer(self.selected)

    def _opening_hours(self, item: dict[str, Any] | None) -> Reply:
        """ "C'est ouvert quand ?": what is true now, in the place's own time zone, then
        today's ranges; without hours, say so and give the phone."""
        if item is None:
            return self._say("Lequel ?", prompt="Dites un numéro, par exemple « le premier ».")
        if self.list_kind == "offers":
            return self._say(
                "Une offre de stage n'a pas d'horaires d'ouverture : les horaires du stage se "
                "voient avec l'employeur.",
                prompt="Dites « suivant », ou « accueil ».",
            )
        hours = item.get("hours") or {}
        phone = self._phone_of(item)
        if not hours.get("known"):
            lines = ["Je n'ai pas les horaires de ce lieu."]
            if phone:
                lines.append(f"Appelez avant de venir : {phone_words(phone)}.")
                return self._say(*lines, prompt="Dites « appelle », « c'est où », ou « suivant ».")
            return self._say(*lines, prompt="Dites « c'est où », « suivant », ou « rappelle-moi ».")
        lines = [speakable(hours["now"])]
        later = [d for d in hours.get("week") or [] if not d.get("today")][:1]
        says_today = "Aujourd'hui :" in hours["now"]  # open now, or opens later today
        if hours.get("osm") and later and says_today:
            lines.append(speakable(f"{later[0]['day'].capitalize()} : {later[0]['text']}."))
        prompt = (
            "Dites « appelle », « c'est où », ou « suivant »."
            if phone
            else ("Dites « c'est où », « suivant », ou « rappelle-moi ».")
        )
        return self._say(*lines, prompt=prompt)

    # -- « Signaler une erreur » -------------------------------------------------------------
    def _report_start(self, text: str) -> Reply:
        """ "Il y a une erreur" on the place or offer just read: the reason, then it is sent."""
        reason = vocabulary.report_reason(fold(text))
        if reason is not None and reason != "other":
            return self._report_send(reason)
        self.state = "report_reason"
        return self._say("D'accord.", prompt=self._prompt_for_state())

    def _in_report_reason(self, u: Understanding, text: str) -> Reply | None:
        reason = vocabulary.report_reason(fold(text))
        if reason is None and u.intent == "no":
            self.state = "detail"
            return self._say("D'accord, je n'envoie rien.", prompt=self._prompt_for_state())
        if reason is None:
            return None
        return self._report_send(reason)

    def _report_send(self, reason: str) -> Reply:
        item = self.selected or {}
        target = "offer" if self.list_kind == "offers" else "structure"
        self.state = "detail"
        try:
            sent = self.client.report_error(target, int(item["id"]), reason, "voice")
        except Exception as exc:  # a server down or refusing: say so, keep the place
            log.info("voice dialogue: report failed (%s)", type(exc).__name__)
            return self._say(
                "Je n'ai pas pu envoyer le signalement. Réessayez plus tard.",
                prompt=self._prompt_for_state(),
            )
        item["reported"] = True
        return self._say(str(sent.get("speech") or "Merci."), prompt=self._prompt_for_state())

    def _in_career(self, u: Understanding, text: str) -> Reply | None:
        if u.intent == "details" and self.search.get("onisep_url"):
            return self._say(
                "J'ouvre la fiche du métier sur le site de l'Onisep.",
                actions=[Action("open_url", {"url": self.search["onisep_url"]})],
                prompt="Voulez-vous chercher des stages dans ce métier ?",
            )
        if u.intent == "yes":
            return self._find_offers({"rome": self.search.get("rome")})
        if u.intent == "no":
            self.state = "home"
            return self._say("D'accord.", prompt=self._prompt_for_state())
        return None

    # -- searching ------------------------------------------------------------------------------
    def _place_slots(self, text: str, u: Understanding) -> dict[str, Any] | None:
        """The answer to "Dans quelle ville ?": a commune, or a whole département or region
        ("seine saint denis", "le 93": never a near commune's name, Seine-Port)."""
        from voice.understanding import _resolve_place, area_answer, exact_place_answer

        exact = exact_place_answer(text) if u.intent != "guide" else None
        if exact:  # a town was asked for: "mâcon" is the town, not the job
            return exact
        area = area_answer(u.text) if u.text else None
        said = str(u.slots.get("place_text") or "")
        if u.slots.get("place") and not (area and said in str(area.get("place_text"))):
            return {k: v for k, v in u.slots.items() if k.startswith("place")}
        if u.slots.get("place_area"):
            return {k: v for k, v in u.slots.items() if k.startswith("place")}
        if not u.text:
            return None
        return area or _resolve_place(u.text, strict=False)

    def _find_structures(self, slots: dict[str, Any]) -> Reply:
        kind = slots.get("kind")
        if not kind:
            topic = slots.get("topic")
            kind = {"disability": "mdph", "training": "mission_locale"}.get(topic or "", "")
            kind = kind or "mission_locale"
        params = {"what": "structures", "kind": kind}
        for key in (
            "place", "place_text", "place_area", "place_candidates", "place_unsure",
            "radius_km", "near_me",
        ):  # fmt: skip
            if key in slots:
                params[key] = slots[key]
        return self._run_search(params)

    def _find_offers(self, slots: dict[str, Any]) -> Reply:
        params: dict[str, Any] = {"what": "offers"}
        for key in (
            "place",
            "place_area",
            "place_candidates",
            "place_unsure",
            "place_text",
            "radius_km",
            "near_me",
            "words",
            "rome",
            "level",
            "accessible",
        ):
            if slots.get(key) is not None:
                params[key] = slots[key]
        return self._run_search(params)

    def _run_search(self, params: dict[str, Any], confirmed: bool = False) -> Reply:
        self.search = dict(params)
        if not confirmed and params.get("place_candidates") and len(params["place_candidates"]) > 1:
            self.place_candidates = list(params["place_candidates"])[:3]
            self.state = "confirm_place"
            return self._say(prompt=self._place_question())
        if not confirmed and params.get("place_unsure") and params.get("place"):
            self.place_candidates = [params["place"]]
            self.state = "confirm_place"
            return self._say(prompt=self._place_question())
        if not params.get("place") and not params.get("place_area") and not self.position:
            self.state = "ask_place"
            what = (
                KINDS[params["kind"]].spoken_plural
                if params.get("what") == "structures"
                else "stages"
            )
            return self._say(f"Je cherche des {what}.", prompt="Dans quelle ville ?")
        query: dict[str, Any] = {"limit": 50}
        if params.get("place"):  # the commune's INSEE code: never to be read as a postcode
            query["code_insee"] = params["place"]
        elif params.get("place_area"):  # a whole département or region
            area_kind, area_code = str(params["place_area"]).split(":")
            query[area_kind] = area_code
        elif self.position:
            query["lat"], query["lon"] = self.position
        for key in ("kind", "radius_km", "rome", "level", "accessible"):
            if params.get(key) is not None:
                query[key] = params[key]
        if params.get("words"):  # the same words as the web's "Mots-clés": the API's matching
            query["q"] = params["words"]
        try:
            if params["what"] == "structures":
                answer = self.client.structures(**query)
            else:
                answer = self.client.offers(**query)
        except Exception as exc:
            return self._api_failure(exc)
        items = list(answer.get("items") or [])
        rome = params.get("rome")
        if not items and params["what"] == "offers" and rome and len(rome) == 5:
            # nothing for this job: the same domain ("H2913" -> "H29") is the next best thing
            try:
                answer = self.client.offers(**{**query, "rome": rome[:3]})
            except Exception as exc:
                return self._api_failure(exc)
            items = list(answer.get("items") or [])
            if items:
                params = {**params, "rome": rome[:3]}
                self.search = dict(params)
        kind = params.get("kind")
        structures = params["what"] == "structures"
        if not items and structures and kind in KINDS and kind not in self._available_kinds():
            return self._missing_kind(answer)  # no row of this kind: the API says whom to ask
        if not items and params.get("place") and params.get("radius_km") is None:
            # nothing within the usual radius: the nearest farther away, said as such
            radii = WIDER_RADII_KM if params["what"] == "structures" else WIDER_RADII_KM[:1]
            for wider in radii:  # an internship is near or useless: offers look to 50 km only
                try:
                    search = self.client.structures if params["what"] == "structures" else None
                    search = search or self.client.offers
                    answer = search(**{**query, "radius_km": wider})
                except Exception as exc:
                    return self._api_failure(exc)
                items = list(answer.get("items") or [])
                if items:
                    params = {**params, "radius_km": wider, "widened": True}
                    self.search = dict(params)
                    break
        self.items = items
        self.total = int(answer.get("total") or len(self.items))
        self.list_kind = params["what"]
        self.selected = None
        self._unfiltered = None
        if not items and _filters(params):
            return self._empty_because_of_filters(params, query)
        if not items and params.get("words") and params["what"] == "offers":
            return self._empty_because_of_words(params, query)
        return self._announce(params)

    def _missing_kind(self, answer: dict[str, Any]) -> Reply:
        """A kind the service has no place of: what the API says (whom to ask instead)."""
        from geodata.speech import speakable

        self.state = "home"
        speech = speakable(str(answer.get("speech") or ""))
        said = [x for x in _SENTENCE_END.split(speech) if x.strip()]
        said = said or ["Je n'ai pas encore la liste de ces lieux."]
        return self._say(*said, prompt="Dites « rappelle-moi », ou « accueil ».")

    def _empty_because_of_words(self, params: dict[str, Any], query: dict[str, Any]) -> Reply:
        """No offer for the words said: say them back, and offer every offer of the place."""
        try:
            loose = {k: v for k, v in query.items() if k != "q"}
            total = int(self.client.offers(**{**loose, "limit": 1}).get("total") or 0)
        except Exception as exc:
            return self._api_failure(exc)
        if total == 0:
            return self._announce(params)
        self._unfiltered = {k: v for k, v in params.items() if k != "words"}
        self.state = "ask_place"
        where = self._where_words(params)
        return self._say(
            f"Je n'ai trouvé aucune offre de stage pour « {params['words']} » {where}.",
            f"Il y a {total} offre{'s' if total > 1 else ''} de stage {where} en tout.",
            prompt="Dites « oui » pour les entendre, un autre métier, ou une autre ville.",
        )

    def _empty_because_of_filters(self, params: dict[str, Any], query: dict[str, Any]) -> Reply:
        """Nothing with the filters: say which ones, how many without them, and offer that."""
        loose = {k: v for k, v in query.items() if k not in FILTER_KEYS}
        try:
            if params["what"] == "structures":
                total = int(self.client.structures(**{**loose, "limit": 1}).get("total") or 0)
            else:
                total = int(self.client.offers(**{**loose, "limit": 1}).get("total") or 0)
        except Exception as exc:
            return self._api_failure(exc)
        noun = (
            "aucun lieu de ce type" if params["what"] == "structures" else "aucune offre de stage"
        )
        said = ", ".join(_filters(params))
        where = self._where_words(params)
        if total == 0:
            return self._announce(params)
        self._unfiltered = {k: v for k, v in params.items() if k not in FILTER_KEYS}
        self.state = "ask_place"
        plural = "" if total == 1 else "s"
        return self._say(
            f"Je n'ai trouvé {noun} {where} avec : {said}.",
            f"Sans ce filtre, il y en a {total}."
            if len(_filters(params)) == 1
            else f"Sans ces filtres, il y en a {total}.",
            prompt=f"Dites « oui » pour le{plural} entendre, ou une autre ville.",
        )

    def _api_failure(self, exc: Exception) -> Reply:
        from totalacces.client import ApiError, ApiUnavailable

        if isinstance(exc, ApiUnavailable):
            return self._say(
                "Le service ne répond pas.",
                "Vérifiez votre connexion.",
                prompt="Réessayez dans un moment, ou dites « accueil ».",
            )
        if isinstance(exc, ApiError) and exc.status == 404:
            self.state = "ask_place" if self.state != "career" else "home"
            return self._say("Je ne trouve pas ce lieu.", prompt=self._prompt_for_state())
        log.warning("voice dialogue: API error %s", type(exc).__name__)
        return self._say("Le service a un problème.", prompt="Réessayez dans un moment.")

    def _where_words(self, params: dict[str, Any]) -> str:
        area = _searched_area(params)
        if area is not None:
            from geodata import in_area_words

            return in_area_words(area.nom, area.kind)
        if params.get("place"):
            name, dept = _commune_words(params["place"])
            # a name several communes have ("Saint-Nazaire"): which one is said
            shared = _shared_name(params["place"]) or _ambiguous_words(params.get("place_text"))
            which = f", {_in_dept(dept)}" if dept and shared else ""
            if not params.get("radius_km"):
                return f"à {name}{which}"
            from geodata.speech import of_place

            return f"à moins de {params['radius_km']} kilomètres {of_place(name)}{which}"
        return "près de vous"

    def _announce(self, params: dict[str, Any]) -> Reply:
        where = self._where_words(params)
        if params["what"] == "structures":
            kind = KINDS.get(params.get("kind", ""))
            label, plural = (kind.spoken, kind.spoken_plural) if kind else ("lieu", "lieux")
            noun = label if self.total == 1 else plural
        else:
            noun = "offre de stage" if self.total == 1 else "offres de stage"
        if not self.items:
            self.state = "ask_place"
            if params["what"] == "structures":
                return self._say(
                    f"Je n'ai trouvé aucun lieu de ce type {where}.",
                    prompt="Dites une autre ville, ou « accueil ».",
                )
            asked = f" pour « {params['words']} »" if params.get("words") else ""
            return self._say(
                f"Je n'ai trouvé aucune offre de stage{asked} {where}.",
                prompt="Dites une autre ville, ou « accueil ».",
            )
        kind = KINDS.get(params.get("kind", ""))
        feminine = params["what"] == "offers" or bool(kind and kind.feminine)
        count = ("une" if feminine else "un") if self.total == 1 else str(self.total)
        if params["what"] == "offers" and params.get("words"):
            first = f"J'ai trouvé {count} {noun} pour « {params['words']} » {where}."
        elif params["what"] == "offers" and params.get("rome"):
            first = f"J'ai trouvé {count} {noun} {where} dans ce domaine."
        else:
            first = f"J'ai trouvé {count} {noun} {where}."
        extra = []
        if params.get("widened"):  # the usual radius gave nothing: say how far it looked
            from geodata.speech import of_place

            name, _ = _commune_words(params["place"])
            asked = f" pour « {params['words']} »" if params.get("words") else ""
            first = (
                f"Rien à moins de {DEFAULT_RADIUS_KM} kilomètres {of_place(name)}. "
                f"À moins de {params['radius_km']} kilomètres, j'ai trouvé {count} {noun}{asked}."
            )
        area = _searched_area(params)
        if area is not None:  # the distances read next are from there: say so
            extra.append(f"Les distances sont comptées depuis {area.chef_lieu.nom}.")
        if _filters(params):
            extra.append(f"Avec : {', '.join(_filters(params))}.")
        if self.list_kind == "offers" and any(i.get("is_example") for i in self.items):
            extra.append("Ce sont des exemples.")
        return self._page(0, intro=(first, *extra))

    def _item_sentence(self, n: int, item: dict[str, Any]) -> str:
        from geodata import distance_words

        if self.list_kind == "careers":
            return f"{_nth(n).capitalize()} : {_short(item.get('label', ''), 10)}."
        if self.list_kind == "offers":
            name = _short(item.get("title", ""), 8)
            where = item.get("commune") or ""
            return (
                f"{_nth(n).capitalize()} : {name}, à {_short(where, 4)}."
                if where
                else (f"{_nth(n).capitalize()} : {name}.")
            )
        name = _short(_without_kind(item.get("name", ""), self.search.get("kind")), 8)
        dist = item.get("distance_m")
        if item.get("distance_text"):  # the API's words: "à environ 3 kilomètres" for a centre
            return f"{_nth(n).capitalize()} : {name}, {item['distance_text']}."
        if dist is not None:
            words = distance_words(float(dist))
            direction = item.get("direction") or ""
            if words != "ici même" and direction:
                words = f"{words} {direction}"
            return f"{_nth(n).capitalize()} : {name}, {words}."
        commune = item.get("commune")
        return (
            f"{_nth(n).capitalize()} : {name}, à {_short(commune, 4)}."
            if commune
            else (f"{_nth(n).capitalize()} : {name}.")
        )

    def _page(self, offset: int, intro: tuple[str, ...] = ()) -> Reply:
        """Up to PAGE items from `offset`, as many as fit in a first answer of MAX_WORDS words
        (at least one); « suivant » reads on from the first item not read."""
        if offset >= len(self.items):
            self.state = "results"
            return self._say(
                "C'était le dernier.", prompt="Dites un numéro, « précédent », ou « accueil »."
            )
        self.offset = max(0, offset)
        head = list(intro)
        if self.offset == 0 and len(self.items) > 1 and self.list_kind == "structures":
            head.append("Les plus proches d'abord.")
        page = self.items[self.offset : self.offset + PAGE]
        lines = [self._item_sentence(self.offset + i + 1, item) for i, item in enumerate(page)]
        lines = _told_apart(lines, page)
        budget = MAX_WORDS - _heard_words(" ".join([*head, "Dites un numéro, ou « suivant »."]))
        size, used = 1, _heard_words(lines[0])
        while size < len(lines) and used + _heard_words(lines[size]) <= budget:
            used += _heard_words(lines[size])
            size += 1
        lines = lines[:size]
        self.page_len = size
        more = self.offset + size < len(self.items)
        if more:
            prompt = "Dites un numéro, ou « suivant »."
        else:
            prompt = (
                "Dites un numéro, ou « accueil »."
                if len(self.items) > 1
                else ("Dites « un » pour en savoir plus.")
            )
        self.state = "results"
        return self._say(*head, *lines, prompt=prompt, items_read=size)

    def _page_before(self) -> int:
        """Where the page before the current one starts: the same fitting, read backwards."""
        if self._pages:
            return self._pages.pop()
        return max(0, self.offset - PAGE)

    def _on_list(self, u: Understanding) -> Reply | None:
        index = u.slots.get("index")
        if index is None and u.intent == "select":
            return None
        if index is None:
            if self.state == "detail" and self.selected is not None:
                return (
                    self._call(self.selected) if u.intent == "call" else self._where(self.selected)
                )
            if len(self.items) == 1:
                index = 1
            else:
                return self._say("Lequel ?", prompt="Dites un numéro, par exemple « le premier ».")
        if index == -1:
            index = len(self.items)
        if index < 1 or index > len(self.items):
            return self._say(
                f"Il n'y a pas de numéro {index}.",
                prompt=f"Dites un numéro entre un et {len(self.items)}.",
            )
        item = self.items[index - 1]
        if not self.offset <= index - 1 < self.offset + self.page_len:
            self.offset, self.page_len = index - 1, 1  # « précédent » comes back from there
        if self.list_kind == "careers":
            return self._career({"rome": item.get("code")})
        if u.intent == "call":
            self.selected = item
            self.state = "detail"
            return self._call(item)
        return self._detail(item)

    def _detail(self, item: dict[str, Any]) -> Reply:
        full = item
        try:
            if self.list_kind == "structures" and item.get("id") is not None:
                full = _keep_distance(item, self.client.structure(item["id"]))
            elif self.list_kind == "offers" and item.get("id") is not None:
                full = _keep_distance(item, self.client.offer(item["id"]))
        except Exception as exc:
            log.info("voice dialogue: detail failed (%s)", type(exc).__name__)
        self.selected = full
        self.state = "detail"
        lines: list[str] = []
        if self.list_kind == "offers":
            lines.append(f"{_short(full.get('title', ''), 10)}.")
            if full.get("employer"):
                lines.append(f"Chez {_short(full['employer'], 8)}.")
            note = vocabulary.applications_note(full)
            if note:  # first: an example or a closed offer is said before its details
                lines.append(note)
            if full.get("weeks"):
                lines.append(
                    f"Durée : {full['weeks']} semaine{'s' if int(full['weeks']) > 1 else ''}."
                )
            if full.get("places_left") is not None:
                lines.append(f"Places libres : {full['places_left']}.")
            if full.get("accessible"):
                lines.append("Ce stage est accessible aux personnes handicapées.")
            if note:
                return self._say(
                    *lines, prompt="Dites « rappelle-moi », « suivant », ou « accueil »."
                )
        else:
            # what matters first (a warning, how to reach it); what the kind does last: the part
            # over MAX_WORDS waits for « la suite »
            lines.append(f"{_short(full.get('name', ''), 10)}.")
            if full.get("reported"):
                lines.append(vocabulary.REPORTED_WORDS)
            address = ""
            if full.get("address"):
                commune = full.get("commune") or ""
                address = f"Adresse : {_short(full['address'], 8)}, {commune}."
                address = address.replace(" , ", " ").replace(": ,", ":").replace(", .", ".")
            elif full.get("commune"):
                address = f"Dans la commune de {full['commune']}, adresse non connue."
        phone = self._phone_of(full)
        network = full.get("network_contact")
        if self.list_kind == "offers":
            address = ""
        if phone:
            lines.append(address)
            prompt = "Dites « appelle », « c'est où », ou « suivant »."
        elif network and network.get("phone"):
            from geodata.speech import speakable

            lines.append(speakable(network.get("said") or network["how"]))
            lines.append(address)
            prompt = "Dites « appelle », « suivant », ou « rappelle-moi »."
        else:
            lines.append(address)
            lines.append("Je n'ai pas de numéro de téléphone.")
            prompt = "Dites « c'est où », « suivant », ou « rappelle-moi »."
        taking = vocabulary.participation_words(full)
        if taking:
            lines.append(taking)
        if self.list_kind != "offers":
            lines.append(_first_sentence(full.get("description")) or "")
        elif full.get("reported"):
            lines.append(vocabulary.REPORTED_WORDS)
        return self._say(*lines, prompt=prompt)

    @staticmethod
    def _phone_of(item: dict[str, Any] | None) -> str | None:
        if not item:
            return None
        phone = item.get("phone")
        if not phone and isinstance(item.get("contact_modes"), dict):
            phone = item["contact_modes"].get("phone")
        return str(phone) if phone else None

    def _call(self, item: dict[str, Any] | None) -> Reply:
        phone = self._phone_of(item)
        if item is None:
            return self._say("Lequel ?", prompt="Dites un numéro, par exemple « le premier ».")
        note = vocabulary.applications_note(item) if self.list_kind == "offers" else None
        if note:  # an example offer: nobody to call, nobody to read an application
            return self._say(
                note, prompt="Dites « rappelle-moi » pour qu'un conseiller vous rappelle."
            )
        name = _short(item.get("name") or item.get("employer") or item.get("title") or "", 8)
        network = item.get("network_contact")  # given only for a place without its own contact
        if not phone and network and network.get("phone"):
            # No number of its own (a France Travail agency known by name): the network's.
            return self._say(
                f"Ce lieu n'a pas de numéro à lui. J'appelle {network['name']}.",
                f"Le numéro est le {network['phone']}.",
                actions=[Action("dial", {"phone": network["phone"], "name": network["name"]})],
                prompt="Dites « suivant » pour la suite de la liste.",
            )
        if not phone:
            return self._say(
                "Je n'ai pas de numéro pour ce lieu.",
                prompt="Voulez-vous qu'un conseiller vous rappelle ? Dites « rappelle-moi ».",
            )
        digits = re.sub(r"\D", "", phone)
        shown = phone_pairs(digits) if len(digits) == 10 else phone
        return self._say(
            f"J'appelle {name}.",
            f"Le numéro est le {shown}.",
            actions=[Action("dial", {"phone": phone, "name": name})],
            prompt="Dites « suivant » pour la suite de la liste.",
        )

    def _where(self, item: dict[str, Any] | None) -> Reply:
        if item is None:
            return self._say("Lequel ?", prompt="Dites un numéro, par exemple « le premier ».")
        name = _short(item.get("name") or item.get("title") or "", 8)
        lines = []
        address = " ".join(
            str(p) for p in (item.get("address"), item.get("postcode"), item.get("commune")) if p
        )
        if address:
            lines.append(f"Adresse : {_short(address, 12)}.")
        if item.get("distance_text"):
            lines.append(f"C'est {item['distance_text']}.")
        elif item.get("distance_m") is not None:
            from geodata import distance_words

            words = distance_words(float(item["distance_m"]))
            lines.append(f"C'est {words} {item.get('direction') or ''}".strip() + ".")
        actions = []
        if item.get("lat") is not None and item.get("lon") is not None:
            actions.append(
                Action(
                    "route",
                    {"lat": item["lat"], "lon": item["lon"], "name": name, "address": address},
                )
            )
            lines.append("J'ouvre l'itinéraire.")
        if not lines:
            lines.append("Je n'ai pas l'adresse de ce lieu.")
        return self._say(*lines, actions=actions, prompt="Dites « appelle », ou « suivant ».")

    # -- careers --------------------------------------------------------------------------------
    def _career(self, slots: dict[str, Any]) -> Reply:
        rome = slots.get("rome")
        words = slots.get("words")
        if words:  # the job as said: the API's career search picks it, as the web's does
            try:
                found = self.client.careers(q=words, limit=5).get("items") or []
            except Exception as exc:
                return self._api_failure(exc)
            if not found:
                self.state = "ask_job"
                return self._say(
                    f"Je ne connais pas le métier « {words} ».",
                    prompt="Dites un autre nom de métier, par exemple « boulanger ».",
                )
            rome = str(found[0]["code"])
        if not rome and slots.get("kind") in KIND_EXPLAINED:
            kind = slots["kind"]
            self.state = "home"
            return self._say(
                *KIND_EXPLAINED[kind],
                prompt=f"Pour en trouver, dites par exemple : « {KINDS[kind].spoken} à Lyon ».",
            )
        if not rome:
            self.state = "ask_job"
            return self._say(prompt="Quel métier vous intéresse ?")
        if len(rome) < 5:
            return self._list_careers(slots)
        try:
            career = self.client.career(rome)
        except Exception as exc:
            return self._api_failure(exc)
        self.search = {"rome": rome, "onisep_url": career.get("onisep_url")}
        label = _short(career.get("label") or rome_label(rome) or rome, 10)
        lines = [f"Le métier : {label}."]
        if career.get("is_industry"):
            lines.append("C'est un métier de l'industrie.")
        summary = _first_sentence(career.get("summary"))
        if summary:
            lines.append(summary)
            if career.get("summary_note"):  # written by Total Accès, confirmed or not
                lines.append(career["summary_note"])
        domain = career.get("domain_label")
        if domain:
            lines.append(f"Il fait partie du domaine : {_short(domain, 8)}.")
        self.state = "career"
        return self._say(*lines, prompt="Voulez-vous chercher des stages dans ce métier ?")

    def _list_careers(self, slots: dict[str, Any]) -> Reply:
        rome = slots.get("rome")
        if not rome:
            self.state = "ask_job"
            return self._say(prompt="Quel métier vous intéresse ?")
        try:
            answer = self.client.careers(rome=rome, limit=50)
        except Exception as exc:
            return self._api_failure(exc)
        self.items = list(answer.get("items") or [])
        self.total = int(answer.get("total") or len(self.items))
        self.list_kind = "careers"
        self.search = {"what": "careers", "rome": rome}
        if not self.items:
            self.state = "ask_job"
            return self._say("Je n'ai pas trouvé de métier.", prompt="Quel métier vous intéresse ?")
        label = rome_label(rome)
        intro = (
            f"Voici des métiers : {_short(label, 8).lower()}." if label else "Voici des métiers.",
            f"Il y en a {self.total}.",
        )
        return self._page(0, intro=intro)

    # -- guides ---------------------------------------------------------------------------------
    def _guide(self, u: Understanding) -> Reply | None:
        """A question: the best guide's short answer, or up to three guides to choose from."""
        kind = u.slots.get("kind")
        topic = u.slots.get("topic_text") or (KINDS[kind].spoken if kind in KINDS else "")
        if not topic:
            return None
        definition = bool(_DEFINITION_ASKED.search(u.text))
        try:
            answer = self.client.guides(q=topic, limit=5, definition=definition)
        except Exception as exc:
            return self._guide_failure(exc, kind)
        items = [i for i in answer.get("items") or [] if i.get("slug")]
        if kind and definition and _only_kind(topic, kind):
            # "c'est quoi une mission locale": the guide named after that place, or what it does
            own = [i for i in items if i.get("in_title")]
            if own:
                return self._guide_answer(own[0], kind)
            if kind in KIND_EXPLAINED:
                return self._explain_kind(kind)
        found = closest_guides(items)
        if not found:
            if kind in KIND_EXPLAINED:
                return self._explain_kind(kind)
            self._reset_search()
            self.state = "home"
            return self._say(
                "Je n'ai pas de réponse à cette question.",
                prompt="Posez-la autrement, ou dites « aide ».",
            )
        if len(found) == 1:
            return self._guide_answer(found[0], kind, asked=topic)
        self._reset_search()
        self.guide_choices = found[:3]
        self.state = "guide_choice"
        lines = ["Plusieurs guides répondent à votre question."]
        for n, item in enumerate(self.guide_choices, start=1):
            title = " ".join(str(item.get("title") or "").split())
            if title[-1:] not in ("?", ".", "!"):
                title += "."
            lines.append(f"{_nth(n).capitalize()} : {title}")
        return self._say(
            *lines,
            prompt=self._prompt_for_state(),
            items_read=len(self.guide_choices),
        )

    def _guide_detail(self, item: dict[str, Any]) -> dict[str, Any]:
        """The guide with its full text and `speech` (the summary alone if that fails)."""
        if "speech" in item:
            return item
        try:
            return {**item, **self.client.guide(str(item["slug"]))}
        except Exception as exc:  # the summary's short answer will do
            log.info("voice dialogue: guide detail failed (%s)", type(exc).__name__)
            return dict(item)

    def _guide_answer(
        self, item: dict[str, Any], kind: str | None = None, asked: str = ""
    ) -> Reply:
        self._reset_search()
        guide = self._guide_detail(item)
        helpers = [h["kind"] if isinstance(h, dict) else h for h in guide.get("helpers") or []]
        self.guide = guide
        self.guide_kind = self._helpful_kind([kind, *helpers] if kind else helpers)
        self.state = "guide"
        answer = " ".join(str(guide.get("speech") or guide.get("short_answer") or "").split())
        # The question answered, when the answer needs it ("Oui, ...") or differs from what
        # was asked: the person knows what they hear.
        title = " ".join(str(guide.get("title") or "").split())
        if title and (re.match(r"(?i)(oui|non)\b", answer) or (asked and not item.get("in_title"))):
            title = title if title[-1:] in ("?", ".", "!") else title + "."
        else:
            title = ""
        who = f"{_one_who_helps(self.guide_kind)} peut vous aider." if self.guide_kind else ""
        return self._say(title, answer, who, prompt=self._guide_question(), quoted=answer)

    def _explain_kind(self, kind: str) -> Reply:
        """What a kind of place does (no guide is about it), then its places near the person."""
        self._reset_search()
        self.guide_kind = self._helpful_kind([kind])
        if self.guide_kind is None:
            return self._career({"kind": kind})
        self.state = "guide"
        return self._say(*KIND_EXPLAINED[kind], prompt=self._guide_question())

    def _guide_failure(self, exc: Exception, kind: str | None) -> Reply:
        from totalacces.client import ApiError

        if isinstance(exc, ApiError):
            log.warning("voice dialogue: guides error %s", exc.status)
            return self._say("Le service a un problème.", prompt="Réessayez dans un moment.")
        return self._api_failure(exc)

    def _available_kinds(self) -> frozenset[str]:
        if self._available is None:
            try:
                items = self.client.kinds().get("items") or []
                self._available = frozenset(
                    str(i.get("kind")) for i in items if i.get("available", True)
                )
            except Exception as exc:  # not known: every kind may have places
                log.info("voice dialogue: kinds failed (%s)", type(exc).__name__)
                self._available = frozenset(KINDS)
        return self._available

    def _helpful_kind(self, kinds: list[str | None]) -> str | None:
        """The first of `kinds` the voice knows and the service has places for."""
        known = [k for k in kinds if k in KINDS]
        if not known:
            return None
        available = self._available_kinds()
        return next((k for k in known if k in available), None)

    def _guide_question(self) -> str:
        if self.guide_kind:
            return "Voulez-vous les lieux près de vous ?"
        return "Voulez-vous en savoir plus ?"

    def _guide_places(self, slots: dict[str, Any] | None = None) -> Reply:
        params: dict[str, Any] = {"kind": self.guide_kind}
        params.update({k: v for k, v in (slots or {}).items() if k.startswith("place")})
        if not params.get("place") and self.position:
            params["near_me"] = True
        return self._find_structures(params)

    def _guide_read(self, offset: int) -> Reply:
        """The full text of the guide, three sentences at a time, fewer when three would be
        over MAX_WORDS heard words (at least one)."""
        sentences = guide_sentences(str((self.guide or {}).get("body_markdown") or ""))
        if not sentences or offset >= len(sentences):
            self.state = "guide" if self.guide_kind else "home"
            first = "C'est la fin du guide." if sentences else "Je n'ai pas plus de détails."
            return self._say(first, prompt=self._prompt_for_state())
        if not self._guide_pages or self._guide_pages[-1] != offset:
            self._guide_pages.append(offset)  # where each chunk read starts, for « précédent »
        self.guide_offset = offset
        budget = MAX_WORDS - _heard_words(
            " ".join(["C'est la fin du guide.", self._prompt_for_state()])
        )
        end, used = offset + 1, _heard_words(sentences[offset])
        while end < min(len(sentences), offset + GUIDE_CHUNK):
            used += _heard_words(sentences[end])
            if used > budget:
                break
            end += 1
        self.guide_next = end
        chunk = " ".join(sentences[offset : self.guide_next])
        if self.guide_next < len(sentences):
            self.state = "guide_reading"
            return self._say(chunk, prompt=self._prompt_for_state(), quoted=chunk)
        self.state = "guide" if self.guide_kind else "home"
        return self._say(
            chunk, "C'est la fin du guide.", prompt=self._prompt_for_state(), quoted=chunk
        )

    def _guide_before(self) -> int:
        """Where the chunk read before the current one starts."""
        if len(self._guide_pages) >= 2:
            self._guide_pages.pop()
            return self._guide_pages.pop()  # read again: _guide_read notes it anew
        return 0

    def _in_guide(self, u: Understanding, text: str) -> Reply | None:
        if u.intent == "yes":
            if not self.guide_kind:
                return self._guide_read(self.guide_next)
            from voice.understanding import _place

            return self._guide_places(_place(u.text, None))  # "oui, à Lyon"
        if u.intent == "no":
            self._reset_search()
            self.state = "home"
            return self._say("D'accord.", prompt=self._prompt_for_state())
        if u.intent == "details":
            return self._guide_read(self.guide_next)
        if self.guide_kind and u.intent == UNKNOWN and u.slots.get("place"):
            return self._guide_places(u.slots)  # "lyon", "à grenoble"
        if self.guide_kind and u.intent == UNKNOWN and u.slots.get("near_me"):
            return self._guide_places()
        return None

    def _in_guide_reading(self, u: Understanding, text: str) -> Reply | None:
        if u.intent in ("yes", "details"):
            return self._guide_read(self.guide_next)
        if u.intent == "no":
            self.state = "guide" if self.guide_kind else "home"
            return self._say("D'accord.", prompt=self._prompt_for_state())
        return None

    def _in_guide_choice(self, u: Understanding, text: str) -> Reply | None:
        choices = self.guide_choices
        if u.intent == "select" and u.slots.get("index") is not None:
            index = len(choices) if u.slots["index"] == -1 else int(u.slots["index"])
            if 1 <= index <= len(choices):
                return self._guide_answer(choices[index - 1])
            return self._say(
                f"Il n'y a pas de numéro {index}.",
                prompt=f"Dites un numéro entre un et {_nth(len(choices))}.",
            )
        if u.intent == "no":
            self._reset_search()
            self.state = "home"
            return self._say("D'accord.", prompt=self._prompt_for_state())
        if u.confidence < 1.0:  # words of a title: "celui sur l'employeur"
            said = _guide_tokens(u.text)
            scores = [_guide_hits(said, _guide_tokens(c.get("title") or "")) for c in choices]
            best = max(scores, default=0)
            if best > 0 and scores.count(best) == 1:
                return self._guide_answer(choices[scores.index(best)])
        return None

    # -- places ---------------------------------------------------------------------------------
    def _dept_of(self, code: str) -> str:
        name, dept = _commune_words(code)
        return dept or name

    def _place_question(self) -> str:
        codes = self.place_candidates[:3]
        if not codes:
            return "Dans quelle ville ?"
        if len(codes) == 1:
            name, dept = _commune_words(codes[0])
            return f"Vous avez dit {name}, {_in_dept(dept)} ?"
        name, _ = _commune_words(codes[0])
        names = [_commune_words(c)[0] for c in codes]
        if len(set(names)) > 1:
            # not all of that name (a former commune merged into another one): name each
            each = [f"{n} {_in_dept(self._dept_of(c))}" for n, c in zip(names, codes, strict=True)]
            return ", ".join(each[:-1]) + ", ou " + each[-1] + " ?"
        depts = [_in_dept(self._dept_of(c)) for c in codes]
        said = ", ".join(depts[:-1]) + ", ou " + depts[-1]
        return f"{name} {said} ?"

    def _choose_candidate(self, u: Understanding, text: str) -> str | None:
        from rapidfuzz import fuzz

        codes = self.place_candidates
        if not codes:
            return None
        if u.intent == "yes" and len(codes) == 1:
            return codes[0]
        if u.intent == "select" and u.slots.get("index"):
            i = u.slots["index"]
            i = len(codes) if i == -1 else i
            return codes[i - 1] if 1 <= i <= len(codes) else None
        folded = u.text
        if not folded or u.intent == "no":
            return None
        import geodata

        names = {_commune_words(code)[0] for code in codes}
        best, score = None, 0.0
        for code in codes:
            name, dept = _commune_words(code)
            c = geodata.get_commune(code)
            keys = [fold(dept), c.departement if c else ""]
            if len(names) > 1:
                keys.append(fold(name))
            for key in keys:
                if not key:
                    continue
                s = (
                    100.0
                    if key == folded or f" {key} " in f" {folded} "
                    else fuzz.ratio(key, folded)
                )
                if s > score:
                    best, score = code, s
        if best and score >= 75:
            return best
        if (
            u.slots.get("place")
            and u.slots["place"] not in codes
            and not u.slots.get("place_candidates")
        ):
            return u.slots["place"]
        return None

    # -- the callback request -------------------------------------------------------------------
    def _callback_start(self) -> Reply:
        self._callback = {k: v for k, v in self._callback.items() if k in ("topic", "code_insee")}
        if not self._callback.get("code_insee") and self.search.get("place"):
            self._callback["code_insee"] = self.search["place"]
        self.state = "callback_name"
        return self._say(
            "D'accord, un conseiller peut vous rappeler.",
            prompt="Quel est votre prénom ?",
        )

    def _callback_free_answer(self, u: Understanding, text: str) -> Reply | None:
        if self.state == "callback_name":
            name = self._first_name(text)
            if not name:
                return None
            self._callback["first_name"] = name
            self.state = "callback_phone"
            return self._say(f"Merci {name}.", prompt="Quel est votre numéro de téléphone ?")
        if self.state == "callback_phone":
            phone = phone_from_speech(text)
            if not phone and _dont_know(u.text):
                self._callback = {}  # nothing kept: no number, nobody can call back
                self.state = "home"
                return self._say(
                    "Sans numéro de téléphone, un conseiller ne peut pas vous rappeler.",
                    "Je n'ai rien gardé.",
                    prompt="Dites « rappelle-moi » quand vous aurez un numéro, ou « accueil ».",
                )
            if not phone:
                if u.intent not in (UNKNOWN, "select") and u.intent in GLOBAL_INTENTS:
                    return None
                if not digits_from_speech(text):
                    return None  # not a number at all: not understood
                return self._phone_cut_short()
            self._callback["phone"] = phone
            self.state = "callback_phone_confirm"
            return self._say(prompt=self._prompt_for_state())
        if self.state == "callback_age":
            age = age_from_speech(text)
            if age is None and u.intent not in ("no",) and "sais pas" not in u.text:
                return None
            self._callback["age"] = age
            self._callback["age_asked"] = True
            return self._callback_next()
        return None

    _NAME_PREFIX = re.compile(
        r"^(?:je m appelle|moi c est|c est|mon prenom c est|mon prenom est|mon prenom|je suis|"
        r"prenom)\s+"
    )

    #: Sounds and words said around a first name ("euh, alors, c'est Sami").
    _NAME_FILLERS = re.compile(
        r"^(?:(?:euh+|heu+|bah|ben|bon|alors|donc|ah|oh|hm+|ok|eh bien)(?:\s+|$))+"
    )
    #: Never a first name: an answer to another question.
    _NOT_NAMES = frozenset(
        {"oui", "non", "ouais", "ok", "d accord", "si", "merci", "pardon", "quoi", "rien"}
    )

    def _first_name(self, text: str) -> str | None:
        folded = self._NAME_FILLERS.sub("", fold(text))
        folded = self._NAME_PREFIX.sub("", folded)
        if folded.strip() in self._NOT_NAMES:
            return None
        words = [w for w in folded.split() if w.isalpha()]
        if not words or len(words) > 3:
            return None
        # keep the accents the person (or the recognizer) gave: the last tokens said, as many
        # as make the name's words ("Jean-Marc" is one token, two folded words)
        original = [w for w in re.split(r"[\s,.!?]+", text.strip()) if w]
        picked: list[str] = []
        count = 0
        for token in reversed(original):
            if count >= len(words):
                break
            picked.insert(0, token)
            count += len(fold(token).split())
        if count != len(words):
            picked = words
        name = " ".join(picked[:2])
        return "-".join(p.capitalize() for p in name.split("-")).title()

    def _in_callback_name(self, u: Understanding, text: str) -> Reply | None:
        return None

    def _in_callback_phone(self, u: Understanding, text: str) -> Reply | None:
        return None

    def _in_callback_phone_confirm(self, u: Understanding, text: str) -> Reply | None:
        if u.intent == "yes":
            return self._callback_next()
        if u.intent == "no":
            self._callback.pop("phone", None)
            self.state = "callback_phone"
            return self._say(
                "D'accord, recommençons.",
                prompt="Dites votre numéro deux chiffres par deux chiffres.",
            )
        phone = phone_from_speech(text)
        if phone:
            self._callback["phone"] = phone
            return self._say(prompt=self._prompt_for_state())
        if u.intent in (UNKNOWN, "select") and digits_from_speech(text):
            # a new number, cut short: ask for it again, as after « non »
            self._callback.pop("phone", None)
            self.state = "callback_phone"
            return self._phone_cut_short()
        return None

    def _phone_cut_short(self) -> Reply:
        """Some digits, not ten: a re-prompt, counted like any other."""
        return self._not_understood(
            "Je n'ai pas eu les dix chiffres.",
            prompt="Dites votre numéro deux chiffres par deux chiffres.",
        )

    def _in_callback_place(self, u: Understanding, text: str) -> Reply | None:
        slots = self._place_slots(text, u)
        if not slots:
            return None
        self.search = {"callback": True}
        if len(slots.get("place_candidates") or []) > 1 or slots.get("place_unsure"):
            self.place_candidates = list(slots.get("place_candidates") or [slots["place"]])[:3]
            self.state = "confirm_place"
            return self._say(prompt=self._place_question())
        if not slots.get("place"):  # a département: the request needs the town
            return self._say(
                "Il me faut votre ville, pas seulement le département.",
                prompt="Dans quelle ville habitez-vous ?",
            )
        self._callback["code_insee"] = slots["place"]
        return self._callback_next()

    def _in_callback_topic(self, u: Understanding, text: str) -> Reply | None:
        from voice.understanding import _topic

        topic = _topic(u.text)
        if u.intent == "find_offer" or "stage" in u.text:
            topic = topic or "training"
        if not topic and _dont_know(u.text):
            # like the web form's « Autre question »: the counselor sorts it out with them
            self._callback["topic"] = vocabulary.FORM_TOPICS["autre"].topic
            return self._callback_next()
        if not topic:
            return None
        self._callback["topic"] = topic
        return self._callback_next()

    def _in_callback_consent(self, u: Understanding, text: str) -> Reply | None:
        if u.intent == "yes":
            return self._callback_send()
        if u.intent == "no":
            self._callback = {}
            self.state = "home"
            return self._say(
                "D'accord, je n'envoie rien.",
                "Vos informations sont effacées.",
                prompt=self._prompt_for_state(),
            )
        return None

    def _callback_next(self) -> Reply:
        cb = self._callback
        if not cb.get("age_asked"):
            self.state = "callback_age"
            return self._say("C'est noté.", prompt="Quel âge avez-vous ?")
        if not cb.get("code_insee"):
            if self.position:
                import geodata

                commune = geodata.reverse(*self.position)
                if commune is not None:
                    cb["code_insee"] = commune.code_insee
            if not cb.get("code_insee"):
                self.state = "callback_place"
                return self._say(prompt="Dans quelle ville habitez-vous ?")
        if not cb.get("topic"):
            self.state = "callback_topic"
            return self._say(prompt=self._prompt_for_state())
        refused = self._callback_not_read(cb)
        if refused is not None:
            return refused
        self.state = "callback_consent"
        town, _ = _commune_words(cb["code_insee"])
        lines = [f"Ville : {town}."]
        if cb.get("coverage_note"):
            lines.append(cb["coverage_note"])
        return self._say(
            *lines,
            "Je vais envoyer votre prénom et votre numéro à un conseiller.",
            "Ils sont effacés trois mois après la fin de votre demande.",
            prompt="Êtes-vous d'accord ?",
        )

    def _callback_not_read(self, cb: dict[str, Any]) -> Reply | None:
        """Before consent: when nobody near the person reads requests on Total Accès, say whom
        to call instead and forget what was said (the server would store nothing either)."""
        from totalacces.client import ApiError

        try:
            answer = self.client.callback_coverage(
                code_insee=cb.get("code_insee"), age=cb.get("age"), topic=cb.get("topic")
            )
        except ApiError:
            return None  # an older server without the check: the request itself will say
        except Exception:  # unreachable: the sending step reports it
            return None
        if answer.get("taken"):
            if answer.get("demo"):
                cb["coverage_note"] = (
                    "Attention : c'est une démonstration, personne ne vous rappellera vraiment."
                )
            return None
        return self._not_taken(str(answer.get("speech") or ""), answer.get("alternative"))

    def _not_taken(self, said: str, alternative: dict[str, Any] | None) -> Reply:
        from geodata.speech import speakable

        self._callback = {}
        self.state = "home"
        said_lines = _short_sentences(speakable(said)) if said else []
        said_lines = said_lines or ["Personne ne peut lire votre demande ici."]
        # first what cannot be done, whom to contact, and that nothing was kept; then why
        first, rest = said_lines[:1], said_lines[1:]
        contact = [x for x in rest if x.startswith("Contactez")]
        why = [x for x in rest if x not in contact]
        lines = [*first, *contact, "Je n'ai rien gardé de vos informations.", *why]
        alternative = alternative or {}
        phone = alternative.get("phone") or (alternative.get("network_contact") or {}).get("phone")
        if phone:  # "appelle" dials it, as for a place of a list
            place = {"name": alternative.get("name") or "", "phone": str(phone)}
            self.items, self.selected, self.list_kind = [place], place, "structures"
            self.total, self.offset, self.state = 1, 0, "detail"
            return self._say(*lines, prompt="Dites « appelle » pour ce numéro, ou « accueil ».")
        return self._say(*lines, prompt="Voulez-vous autre chose ?")

    def _callback_send(self) -> Reply:
        cb = self._callback
        payload = {
            "first_name": cb.get("first_name"),
            "phone": cb.get("phone"),
            "email": None,
            "channel": "call",
            "time_slot": None,
            "age": cb.get("age"),
            "code_insee": cb.get("code_insee"),
            "topic": cb.get("topic"),
            "message": "Demande faite à la voix.",
            "consent": True,
            "consent_version": CONSENT_VERSION,
        }
        try:
            answer = self.client.create_callback(payload)
        except Exception as exc:
            from totalacces.client import ApiError

            if isinstance(exc, ApiError) and exc.status == 409 and "alternative" in exc.problem:
                return self._not_taken(exc.detail, exc.problem.get("alternative"))
            if isinstance(exc, ApiError):
                self._callback = {}
                self.state = "home"
                return self._say(
                    "La demande n'est pas passée.",
                    _first_sentence(exc.detail) or "Une information manque.",
                    prompt="Dites « rappelle-moi » pour recommencer.",
                )
            return self._api_failure(exc)
        self._callback = {}
        self.state = "home"
        reference = str(answer.get("reference") or "")
        lines = ["C'est envoyé."]
        if answer.get("demo"):
            lines.append(
                "Attention : c'est une démonstration, personne ne vous rappellera vraiment."
            )
        if reference:  # the code first; what does not fit waits for « la suite »
            lines.append(f"Votre code de demande : {vocabulary.spell_code(reference)}.")
        structure = answer.get("structure") or {}
        if structure.get("name"):
            lines.append(f"{_short(structure['name'], 8)} va vous rappeler.")
        if reference:
            lines.append(f"Je répète : {vocabulary.spell_code(reference)}.")
        lines.append(vocabulary.CONFIRMATION_NOTE)  # no SMS, no e-mail will follow
        return self._say(*lines, prompt="Voulez-vous autre chose ?")


__all__ = ["Action", "Dialogue", "Reply", "STATES", "GLOBAL_INTENTS"]


def _searched_area(params: dict[str, Any]) -> Any:
    """The département or region searched as a whole (no commune given), or None."""
    if params.get("place") or not params.get("place_area"):
        return None
    import geodata

    return geodata.get_area(*str(params["place_area"]).split(":"))


def _keep_distance(item: dict[str, Any], detail: dict[str, Any]) -> dict[str, Any]:
    """The detail, with the list item's distance when the detail (asked without a place) has
    none: opening an item keeps "à 2 km"."""
    full = {**item, **detail}
    for key in ("distance_m", "distance_text", "direction"):
        if full.get(key) is None and item.get(key) is not None:
            full[key] = item[key]
    return full


#: The search filters a person asked for (said back, and dropped when they empty a list).
FILTER_KEYS = ("accessible", "level", "age")


def _filters(params: dict[str, Any]) -> list[str]:
    """The filters of a search, in words: "accessible aux personnes handicapées", "niveau CAP"."""
    from totalacces.vocabulary import level_spoken

    said = []
    if params.get("accessible"):
        said.append("accessible aux personnes handicapées")
    if params.get("level"):
        said.append(f"niveau {level_spoken([params['level']])}")
    if params.get("age"):
        said.append(f"pour {params['age']} ans")
    return said


_DONT_KNOW = re.compile(
    r"\b(je (ne )?sais pas|sais pas|aucune idee|je ne le connais pas|je (ne )?connais pas)\b"
)


def _dont_know(folded: str) -> bool:
    """ "Je ne sais pas", "aucune idée": an answer too, never a reason to ask again forever."""
    return bool(_DONT_KNOW.search(folded))


def _short_sentences(text: str, most: int = 15) -> list[str]:
    """A server's sentence said in short ones: "A ici : B." -> "A ici.", "B." (a part longer
    than ``most`` words is left out: the rest of the answer says what to do)."""
    parts = [p.strip(" .") for p in re.split(r"[:;.]\s+|\.$", text) if p.strip(" .")]
    out = []
    for part in parts:
        if len(part.split()) <= most:
            out.append(part[:1].upper() + part[1:] + ".")
    return out


def _without_kind(name: str, kind_code: str | None) -> str:
    """A place's name without the kind just said ("Mission locale, Lyon 3e" is read "Lyon 3e"
    in a list of missions locales): shorter, and the words that tell the items apart come first."""
    kind = KINDS.get(kind_code or "")
    if kind is None:
        return name
    for label in (kind.label, kind.full_label):
        m = re.match(
            rf"(?:agence\s+|antenne\s+)?{re.escape(label)}(?:\s*[,:–-]\s*|\s+(?=[A-ZÀ-Ý]))(?P<rest>.+)",
            name,
            re.IGNORECASE,
        )
        if m and m.group("rest")[:1].isupper():  # "Mission locale nord" stays whole
            return m.group("rest")
    return name


def _told_apart(lines: list[str], items: list[dict[str, Any]]) -> list[str]:
    """Items that would sound the same ("Mission locale, Toulouse, ici même" twice) are told
    apart by their street."""
    from collections import Counter

    bodies = [line.split(" : ", 1)[-1] for line in lines]
    repeated = Counter(bodies)
    out = []
    for line, body, item in zip(lines, bodies, items, strict=True):
        address = str(item.get("address") or "")
        if repeated[body] > 1 and address:
            line = f"{line.rstrip('.')}, {_short(address, 6)}."
        out.append(line)
    return out
