"""Searching places and offers: the request to the API, a wider radius, the empty answers."""

from __future__ import annotations

import logging
from typing import Any

from geodata.speech import speakable
from totalacces.vocabulary import KINDS
from voice import language
from voice.dialogue.places import _commune_words, _searched_area
from voice.dialogue.reply import _SENTENCE_END, Reply

log = logging.getLogger("voice.dialogue")


DEFAULT_RADIUS_KM = 20  # the API's default search radius (backend/services/search.py)

WIDER_RADII_KM = (50, 150)  # tried in turn when nothing is found within the default

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


class SearchMixin:
    """A search sent to the API, and what is said of its answer first."""

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
            return self._say(
                f"Je cherche des {what}.", prompt=language.prompt("state_prompts")["ask_place"]
            )
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
        fetch = self.client.structures if params["what"] == "structures" else self.client.offers
        try:
            answer = fetch(**query)
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
                    answer = fetch(**{**query, "radius_km": wider})
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

        self.state = "home"
        speech = speakable(str(answer.get("speech") or ""))
        said = [x for x in _SENTENCE_END.split(speech) if x.strip()]
        said = said or ["Je n'ai pas encore la liste de ces lieux."]
        return self._say(*said, prompt=language.prompt("callback_or_home"))

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
            prompt=language.prompt("yes_for_them"),
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
            prompt=language.prompt("yes_for_unfiltered").format(plural=plural),
        )

    def _api_failure(self, exc: Exception) -> Reply:
        from totalacces.client import ApiError, ApiUnavailable

        if isinstance(exc, ApiUnavailable):
            return self._say(
                "Le service ne répond pas.",
                "Vérifiez votre connexion.",
                prompt=language.prompt("try_later_or_home"),
            )
        if isinstance(exc, ApiError) and exc.status == 404:
            self.state = "ask_place" if self.state != "career" else "home"
            return self._say("Je ne trouve pas ce lieu.", prompt=self._prompt_for_state())
        log.warning("voice dialogue: API error %s", type(exc).__name__)
        return self._say(language.prompt("service_problem"), prompt=language.prompt("try_later"))

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
                    prompt=language.prompt("another_town_or_home"),
                )
            asked = f" pour « {params['words']} »" if params.get("words") else ""
            return self._say(
                f"Je n'ai trouvé aucune offre de stage{asked} {where}.",
                prompt=language.prompt("another_town_or_home"),
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
