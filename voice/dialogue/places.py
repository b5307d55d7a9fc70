"""Communes and départements in words: which town is meant, said so the person hears which."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from geodata.text import fold
from voice import language
from voice.understanding import Understanding


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


def _searched_area(params: dict[str, Any]) -> Any:
    """The département or region searched as a whole (no commune given), or None."""
    if params.get("place") or not params.get("place_area"):
        return None
    import geodata

    return geodata.get_area(*str(params["place_area"]).split(":"))


class PlacesMixin:
    """Asking which town, and choosing among the towns of one name."""

    def _dept_of(self, code: str) -> str:
        name, dept = _commune_words(code)
        return dept or name

    def _place_question(self) -> str:
        codes = self.place_candidates[:3]
        if not codes:
            return language.prompt("state_prompts")["ask_place"]
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

    def _place_slots(self, text: str, u: Understanding) -> dict[str, Any] | None:
        """The answer to « Dans quelle ville ? »: a commune, or a whole département or region
        ("seine saint denis", "le 93": never a near commune's name, Seine-Port)."""
        from voice.understanding import area_answer, exact_place_answer, resolve_place

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
        return area or resolve_place(u.text, strict=False)

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
