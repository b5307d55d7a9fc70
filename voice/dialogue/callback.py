"""The callback form said aloud: first name, phone, age, town, topic, consent, then sent."""

from __future__ import annotations

import re
from typing import Any

from geodata.speech import speakable
from geodata.text import fold
from totalacces import vocabulary
from voice import language
from voice.dialogue.places import _commune_words
from voice.dialogue.reply import Reply, _first_sentence, _short, _short_sentences
from voice.dialogue.states import GLOBAL_INTENTS
from voice.language import alternatives, words
from voice.numbers import age_from_speech, digits_from_speech, phone_from_speech
from voice.understanding import UNKNOWN, Understanding

CONSENT_VERSION = "voix-2026-1"

_DONT_KNOW = re.compile(rf"\b({alternatives('dont_know')})\b")


def _dont_know(folded: str) -> bool:
    """ "Je ne sais pas", "aucune idée": an answer too, never a reason to ask again forever."""
    return bool(_DONT_KNOW.search(folded))


class CallbackMixin:
    """A callback request, one question at a time; nothing is kept when it is cancelled."""

    _NAME_PREFIX = re.compile(rf"^(?:{alternatives('name_prefixes')})\s+")

    #: Sounds and words said around a first name ("euh, alors, c'est Sami").
    _NAME_FILLERS = re.compile(rf"^(?:(?:{alternatives('name_fillers')})(?:\s+|$))+")

    #: Never a first name: an answer to another question.
    _NOT_NAMES = frozenset(words("not_names"))

    def _callback_start(self) -> Reply:
        self._callback = {k: v for k, v in self._callback.items() if k in ("topic", "code_insee")}
        if not self._callback.get("code_insee") and self.search.get("place"):
            self._callback["code_insee"] = self.search["place"]
        self.state = "callback_name"
        return self._say(
            "D'accord, un conseiller peut vous rappeler.",
            prompt=language.prompt("state_prompts")["callback_name"],
        )

    def _callback_free_answer(self, u: Understanding, text: str) -> Reply | None:
        if self.state == "callback_name":
            name = self._first_name(text)
            if not name:
                return None
            self._callback["first_name"] = name
            self.state = "callback_phone"
            return self._say(
                f"Merci {name}.", prompt=language.prompt("state_prompts")["callback_phone"]
            )
        if self.state == "callback_phone":
            phone = phone_from_speech(text)
            if not phone and _dont_know(u.text):
                self._callback = {}  # nothing kept: no number, nobody can call back
                self.state = "home"
                return self._say(
                    "Sans numéro de téléphone, un conseiller ne peut pas vous rappeler.",
                    "Je n'ai rien gardé.",
                    prompt=language.prompt("callback_when_number"),
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
        if u.intent == "no" and phone_from_speech(text):
            # "non c'est pas ça, zéro six ...": the number said again, read back again
            self._callback["phone"] = phone_from_speech(text)
            return self._say(prompt=self._prompt_for_state())
        if u.intent == "no":
            self._callback.pop("phone", None)
            self.state = "callback_phone"
            return self._say(
                "D'accord, recommençons.",
                prompt=language.prompt("phone_by_pairs"),
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
            prompt=language.prompt("phone_by_pairs"),
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
                prompt=language.prompt("state_prompts")["callback_place"],
            )
        self._callback["code_insee"] = slots["place"]
        return self._callback_next()

    def _in_callback_topic(self, u: Understanding, text: str) -> Reply | None:
        from voice.understanding import topic_of

        topic = topic_of(u.text)
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
                language.prompt("nothing_sent"),
                "Vos informations sont effacées.",
                prompt=self._prompt_for_state(),
            )
        return None

    def _callback_next(self) -> Reply:
        cb = self._callback
        if not cb.get("age_asked"):
            self.state = "callback_age"
            return self._say("C'est noté.", prompt=language.prompt("state_prompts")["callback_age"])
        if not cb.get("code_insee"):
            if self.position:
                import geodata

                commune = geodata.reverse(*self.position)
                if commune is not None:
                    cb["code_insee"] = commune.code_insee
            if not cb.get("code_insee"):
                self.state = "callback_place"
                return self._say(prompt=language.prompt("state_prompts")["callback_place"])
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
            prompt=language.prompt("state_prompts")["callback_consent"],
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
            return self._say(*lines, prompt=language.prompt("call_this_number_or_home"))
        return self._say(*lines, prompt=language.prompt("anything_else"))

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
                    prompt=language.prompt("callback_again"),
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
        return self._say(*lines, prompt=language.prompt("anything_else"))
