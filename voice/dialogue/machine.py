"""The spoken dialogue's state machine: one turn, text in, a reply out.

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
from typing import Any

from geodata.text import fold
from totalacces import vocabulary
from voice import language
from voice.dialogue.callback import CallbackMixin, _dont_know
from voice.dialogue.careers import CareersMixin
from voice.dialogue.guides import GuidesMixin
from voice.dialogue.places import PlacesMixin
from voice.dialogue.reply import Action, Reply, Speaking
from voice.dialogue.report import ReportMixin
from voice.dialogue.results import ResultsMixin
from voice.dialogue.search import SearchMixin
from voice.dialogue.states import GLOBAL_INTENTS, MAX_REPROMPTS, PAGE
from voice.numbers import phone_pairs
from voice.understanding import UNKNOWN, Understanding, place_words, understand

log = logging.getLogger("voice.dialogue")


class Dialogue(
    Speaking,
    PlacesMixin,
    SearchMixin,
    ResultsMixin,
    CareersMixin,
    GuidesMixin,
    CallbackMixin,
    ReportMixin,
):
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

    def start(self) -> Reply:
        self.state = "home"
        return self._say(language.prompt("greeting"), prompt=self._prompt_for_state())

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

    def _prompt_for_state(self) -> str:
        s = self.state
        if s == "confirm_place":
            return self._place_question()
        if s == "guide":
            return self._guide_question()
        if s == "callback_phone_confirm":
            phone = phone_pairs(self._callback.get("phone", ""))
            return str(language.prompt("state_prompts")[s]).format(phone=phone)
        if s == "report_reason" and self.list_kind == "offers":
            s = "report_reason_offers"
        prompts = language.prompt("state_prompts")
        return str(prompts.get(s, prompts["other"]))

    def _choices_for_state(self) -> list[str]:
        """At most three things to say, offered after two misunderstandings."""
        if self.state == "confirm_place":
            return [f"« {self._dept_of(c)} »" for c in self.place_candidates[:3]]
        choices = language.prompt("state_choices")
        return list(choices.get(self.state, choices["other"]))

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
                *language.prompt("given_up"), prompt=language.prompt("given_up_prompt")
            )
        if opening:
            return self._say(opening, prompt=prompt or self._prompt_for_state())
        if self.misses == 1:
            return self._say(language.prompt("not_understood"), prompt=self._prompt_for_state())
        choices = self._choices_for_state()[:3]
        or_word = language.prompt("or_word")
        said = (
            ", ".join(choices[:-1]) + f", {or_word} " + choices[-1]
            if len(choices) > 1
            else choices[0]
        )
        return self._say(
            language.prompt("still_not_understood"),
            prompt=language.prompt("you_can_say").format(choices=said),
        )

    def _place_not_found(self, u: Understanding) -> Reply:
        """A town that is not found is said back; at the second miss the question changes to
        what a recognizer always hears and the gazetteer always finds: the postcode or the
        département number (a vosk grammar drops the words of a name the model lacks)."""
        said = place_words(u.text)
        if said.replace(" ", "").isdigit():
            opening = language.prompt("unknown_postcode").format(said=said)
            if self.misses == 0:
                return self._not_understood(opening, self._prompt_for_state())
        elif self.misses == 0:
            opening = (
                language.prompt("unknown_town").format(said=said)
                if said
                else language.prompt("not_understood")
            )
            return self._not_understood(opening, self._prompt_for_state())
        elif said:
            opening = language.prompt("unknown_town_again").format(said=said)
        else:
            opening = language.prompt("still_not_understood")
        return self._not_understood(opening, language.prompt("postcode_or_departement"))

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
            return self._say(language.prompt("ok"))
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
                first = language.prompt("nothing_sent")
            return self._say(first, prompt=self._prompt_for_state())
        if intent == "end":
            self.state = "ended"
            return self._say(
                "Au revoir, et bonne journée.",
                actions=[Action("end", {})],
                prompt=language.prompt("hello_to_start_again"),
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
        if s.startswith("callback_"):
            key = "callback"
        elif s in ("confirm_place", "ask_place", "callback_place"):
            key = "place"
        else:
            key = s if s in ("results", "detail", "guide", "guide_choice", "guide_reading") else ""
        lines = language.prompt("help")[key or "other"]
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
                prompt=language.prompt("report_which"),
            )
        if intent in ("call", "details", "select") and self.items:
            return self._on_list(u)
        if intent in ("call", "details", "distance", "opening_hours") and not self.items:
            # "je voudrais appeler la mission locale", "l'adresse du cio": find it first
            from voice.understanding import kind_of, slots_for

            kind = u.slots.get("kind") or kind_of(u.text)
            if kind:
                search = slots_for("find_structure", u.text)
                slots = {k: v for k, v in search.items() if k.startswith("place")}
                return self._find_structures({**slots, "kind": kind})
        if intent == "distance":
            return self._say(
                "La distance de quel lieu ?",
                prompt=language.prompt("search_first"),
            )
        if intent == "opening_hours":
            return self._say(
                "Les horaires de quel lieu ?",
                prompt=language.prompt("search_first"),
            )
        if intent == "call":
            return self._say(
                "Je ne sais pas encore qui appeler.",
                prompt=language.prompt("search_first"),
            )
        if intent == "yes" and self._unfiltered is not None:
            unfiltered, self._unfiltered = self._unfiltered, None
            return self._run_search(unfiltered, confirmed=True)
        if intent in ("yes", "no"):
            return self._say(language.prompt("ok"), prompt=self._prompt_for_state())
        return None

    def _in_ended(self, u: Understanding, text: str) -> Reply | None:
        self.state = "home"
        return self._anywhere(u) or self.start()

    def _in_ask_place(self, u: Understanding, text: str) -> Reply | None:
        from voice.understanding import exact_place_answer

        request = u.intent in (
            "find_structure",
            "find_offer",
            "list_careers",
            "career_info",
            "guide",
        )
        if not request:
            slots = self._place_slots(text, u)
        else:  # a new request, unless all its words are a town: "mâcon" is not the job here
            slots = exact_place_answer(text) if u.intent != "guide" else None
        if slots:
            kept = {k: v for k, v in self.search.items() if not k.startswith("place")}
            return self._run_search({**kept, **slots})
        if not request and u.slots.get("near_me") and self.position:
            return self._run_search({**self.search, "near_me": True})
        return None

    def _in_confirm_place(self, u: Understanding, text: str) -> Reply | None:
        if u.intent in ("find_structure", "find_offer", "career_info", "list_careers", "guide"):
            return None  # a new request
        code = self._choose_candidate(u, text)
        if code is None:
            if u.intent == "no":
                self.state = "ask_place" if not self.search.get("callback") else "callback_place"
                return self._say(language.prompt("ok"), prompt=self._prompt_for_state())
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
