"""Jobs: one job's card (ROME), and the jobs of a domain as a list."""

from __future__ import annotations

from typing import Any

from totalacces.vocabulary import KINDS
from voice import language
from voice.dialogue.kinds import KIND_EXPLAINED
from voice.dialogue.reply import Action, Reply, _first_sentence, _short
from voice.understanding import Understanding
from voice.vocabulary import rome_label


class CareersMixin:
    """What a job is, and the internships in it."""

    def _in_ask_job(self, u: Understanding, text: str) -> Reply | None:
        from voice.vocabulary import find_rome

        rome = u.slots.get("rome") or find_rome(u.text)
        if rome:
            return self._career({"rome": rome})
        return None

    def _in_career(self, u: Understanding, text: str) -> Reply | None:
        if u.intent == "details" and self.search.get("onisep_url"):
            return self._say(
                "J'ouvre la fiche du métier sur le site de l'Onisep.",
                actions=[Action("open_url", {"url": self.search["onisep_url"]})],
                prompt=language.prompt("state_prompts")["career"],
            )
        if u.intent == "yes":
            return self._find_offers({"rome": self.search.get("rome")})
        if u.intent == "no":
            self.state = "home"
            return self._say(language.prompt("ok"), prompt=self._prompt_for_state())
        return None

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
                    prompt=language.prompt("another_job"),
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
            return self._say(prompt=language.prompt("state_prompts")["ask_job"])
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
        return self._say(*lines, prompt=language.prompt("state_prompts")["career"])

    def _list_careers(self, slots: dict[str, Any]) -> Reply:
        rome = slots.get("rome")
        if not rome:
            self.state = "ask_job"
            return self._say(prompt=language.prompt("state_prompts")["ask_job"])
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
            return self._say(
                "Je n'ai pas trouvé de métier.", prompt=language.prompt("state_prompts")["ask_job"]
            )
        label = rome_label(rome)
        intro = (
            f"Voici des métiers : {_short(label, 8).lower()}." if label else "Voici des métiers.",
            f"Il y en a {self.total}.",
        )
        return self._page(0, intro=intro)
