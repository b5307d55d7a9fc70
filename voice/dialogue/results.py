"""A list read aloud: its pages, one item's details, its phone, its address, hours, distance."""

from __future__ import annotations

import logging
import re
from typing import Any

from geodata.speech import phone_words, speakable
from totalacces import vocabulary
from voice import language
from voice.dialogue import reply
from voice.dialogue.kinds import _without_kind
from voice.dialogue.reply import Action, Reply, _first_sentence, _heard_words, _nth, _short
from voice.dialogue.states import PAGE
from voice.numbers import phone_pairs
from voice.understanding import UNKNOWN, Understanding

log = logging.getLogger("voice.dialogue")


def _keep_distance(item: dict[str, Any], detail: dict[str, Any]) -> dict[str, Any]:
    """The detail, with the list item's distance when the detail (asked without a place) has
    none: opening an item keeps "à 2 km"."""
    full = {**item, **detail}
    for key in ("distance_m", "distance_text", "direction"):
        if full.get(key) is None and item.get(key) is not None:
            full[key] = item[key]
    return full


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


class ResultsMixin:
    """The list found, page by page, and the item chosen in it."""

    def _in_results(self, u: Understanding, text: str) -> Reply | None:
        corrected = self._place_corrected(u, text)
        if corrected is not None:
            return corrected
        if u.intent in ("select", "call", "details"):
            return self._on_list(u)
        if u.intent == "opening_hours":
            return self._hours_of(u)
        if u.intent == "distance":
            return self._about_item(u, self._distance)
        return None

    def _place_corrected(self, u: Understanding, text: str) -> Reply | None:
        """« non pas Saint-Étienne, Saint-Chamond », « pardon je voulais dire Grenoble »: the
        same search, around the town said last."""
        from voice.understanding import last_place_said

        if u.intent not in ("no", UNKNOWN) or not self.search.get("what"):
            return None
        if self.search.get("what") not in ("structures", "offers"):
            return None
        place = last_place_said(text)
        if place is None or place.get("place") == self.search.get("place"):
            return None
        kept = {k: v for k, v in self.search.items() if not k.startswith("place")}
        kept.pop("widened", None)
        if kept.get("radius_km") and self.search.get("widened"):
            kept.pop("radius_km")
        return self._run_search({**kept, **place})

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
            return self._say("C'était le dernier.", prompt=language.prompt("number_previous_home"))
        self.offset = max(0, offset)
        head = list(intro)
        widened = bool(self.search.get("widened"))  # "Rien à moins de 20 km...": implied
        first_page = self.offset == 0 and len(self.items) > 1
        if first_page and self.list_kind == "structures" and not widened:
            head.append("Les plus proches d'abord.")
        page = self.items[self.offset : self.offset + PAGE]
        lines = [self._item_sentence(self.offset + i + 1, item) for i, item in enumerate(page)]
        lines = _told_apart(lines, page)
        budget = reply.MAX_WORDS - _heard_words(
            " ".join([*head, language.prompt("number_or_next")])
        )
        size, used = 1, _heard_words(lines[0])
        while size < len(lines) and used + _heard_words(lines[size]) <= budget:
            used += _heard_words(lines[size])
            size += 1
        lines = lines[:size]
        self.page_len = size
        more = self.offset + size < len(self.items)
        if more:
            prompt = language.prompt("number_or_next")
        else:
            prompt = (
                language.prompt("number_or_home")
                if len(self.items) > 1
                else (language.prompt("one_for_more"))
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
                return self._say(
                    language.prompt("which_one"), prompt=language.prompt("say_a_number")
                )
        if index == -1:
            index = len(self.items)
        if index < 1 or index > len(self.items):
            return self._say(
                f"Il n'y a pas de numéro {index}.",
                prompt=language.prompt("number_between").format(last=len(self.items)),
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
                return self._say(*lines, prompt=language.prompt("callback_next_home"))
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
            prompt = language.prompt("call_where_next")
        elif network and network.get("phone"):
            from geodata.speech import speakable

            lines.append(speakable(network.get("said") or network["how"]))
            lines.append(address)
            prompt = language.prompt("call_next_callback")
        else:
            lines.append(address)
            lines.append("Je n'ai pas de numéro de téléphone.")
            prompt = language.prompt("where_next_callback")
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
            return self._say(language.prompt("which_one"), prompt=language.prompt("say_a_number"))
        note = vocabulary.applications_note(item) if self.list_kind == "offers" else None
        if note:  # an example offer: nobody to call, nobody to read an application
            return self._say(note, prompt=language.prompt("callback_for_counselor"))
        name = _short(item.get("name") or item.get("employer") or item.get("title") or "", 8)
        network = item.get("network_contact")  # given only for a place without its own contact
        if not phone and network and network.get("phone"):
            # No number of its own (a France Travail agency known by name): the network's.
            return self._say(
                f"Ce lieu n'a pas de numéro à lui. J'appelle {network['name']}.",
                f"Le numéro est le {network['phone']}.",
                actions=[Action("dial", {"phone": network["phone"], "name": network["name"]})],
                prompt=language.prompt("next_in_list"),
            )
        if not phone:
            return self._say(
                "Je n'ai pas de numéro pour ce lieu.",
                prompt=language.prompt("counselor_call_back"),
            )
        digits = re.sub(r"\D", "", phone)
        shown = phone_pairs(digits) if len(digits) == 10 else phone
        return self._say(
            f"J'appelle {name}.",
            f"Le numéro est le {shown}.",
            actions=[Action("dial", {"phone": phone, "name": name})],
            prompt=language.prompt("next_in_list"),
        )

    def _where(self, item: dict[str, Any] | None) -> Reply:
        if item is None:
            return self._say(language.prompt("which_one"), prompt=language.prompt("say_a_number"))
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
        return self._say(*lines, actions=actions, prompt=language.prompt("call_or_next"))

    def _distance(self, item: dict[str, Any] | None) -> Reply:
        """ "C'est loin ?": the distance the service gave for the place searched around."""
        if item is None:
            return self._say(language.prompt("which_one"), prompt=language.prompt("say_a_number"))
        name = _short(item.get("name") or item.get("employer") or item.get("title") or "", 8)
        if item.get("distance_text"):
            return self._say(
                f"{name} : c'est {item['distance_text']}.",
                prompt=language.prompt("how_to_go_call_next"),
            )
        return self._say(
            "Je ne connais pas la distance d'ici.",
            prompt=language.prompt("distance_needs_town"),
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
            return self._say("De quel lieu ?", prompt=language.prompt("say_a_number"))
        return answer(self.selected)

    def _opening_hours(self, item: dict[str, Any] | None) -> Reply:
        """ "C'est ouvert quand ?": what is true now, in the place's own time zone, then
        today's ranges; without hours, say so and give the phone."""
        if item is None:
            return self._say(language.prompt("which_one"), prompt=language.prompt("say_a_number"))
        if self.list_kind == "offers":
            return self._say(
                "Une offre de stage n'a pas d'horaires d'ouverture : les horaires du stage se "
                "voient avec l'employeur.",
                prompt=language.prompt("next_or_home"),
            )
        hours = item.get("hours") or {}
        phone = self._phone_of(item)
        if not hours.get("known"):
            lines = ["Je n'ai pas les horaires de ce lieu."]
            if phone:
                lines.append(f"Appelez avant de venir : {phone_words(phone)}.")
                return self._say(*lines, prompt=language.prompt("call_where_next"))
            return self._say(*lines, prompt=language.prompt("where_next_callback"))
        lines = [speakable(hours["now"])]
        later = [d for d in hours.get("week") or [] if not d.get("today")][:1]
        says_today = "Aujourd'hui :" in hours["now"]  # open now, or opens later today
        if hours.get("osm") and later and says_today:
            lines.append(speakable(f"{later[0]['day'].capitalize()} : {later[0]['text']}."))
        prompt = (
            language.prompt("call_where_next")
            if phone
            else (language.prompt("where_next_callback"))
        )
        return self._say(*lines, prompt=prompt)
