"""The place said in a request: a commune (INSEE code), or a whole département or region.

``place_in`` reads it from a sentence ("un stage à lyon", "le greta de mâcon"), ``area_answer``
and ``exact_place_answer`` from the answer to "Dans quelle ville ?", ``place_words`` gives back
the words of a town that was not found. The words around places (prepositions, phrases that are
not places) are in ``voice/sentences/fr_words.yaml``.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from geodata.text import fold
from totalacces.vocabulary import find_kind
from voice.heard import FILLERS, FUNCTION_WORDS, normalize
from voice.language import alternatives, words
from voice.vocabulary import find_rome

_PLACE_PREP = re.compile(rf"\b(?:{alternatives('place_prepositions')})\s+(?=[a-z0-9])")
_PLACE_OF = re.compile(rf"\b(?:{alternatives('place_of')})\s+(?=[a-z])")
_POSTCODE = re.compile(r"\b(\d{5})\b")
NEAR_ME = re.compile(rf"\b({alternatives('near_me')})\b")
# Words after a preposition that are not places: each one a whole phrase ("ce moment").
NOT_PLACES: frozenset[str] = frozenset(fold(w) for w in words("not_places"))
_STOP_TAIL = re.compile(rf"\s+(?:{alternatives('place_stops')})\b.*$")


def kind_of(folded: str) -> str | None:
    """The structure kind the words name ("un cio" -> "cio"), or None."""
    return find_kind(folded)


@lru_cache(maxsize=2048)
def resolve_place(text: str, strict: bool, job_ok: bool = False) -> dict[str, Any] | None:
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
        if chunk in NOT_PLACES or len(chunk) < 2 or chunk.isdigit() and len(chunk) != 5:
            continue
        if (find_rome(chunk) and size == 1 and not job_ok) or kind_of(chunk):
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
    found = resolve_place(text, strict=True, job_ok=job_ok)
    whole = _STOP_TAIL.sub("", text).strip()
    if found and not found.get("place_unsure") and found["place_text"] == whole:
        return found
    return None


_AREA_LEAD = re.compile(rf"\b(?:{alternatives('area_leads')})\b")


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


def place_or_area(folded: str, hint: str | None) -> dict[str, Any] | None:
    """The commune, or the whole département or region, the words name. A commune inside the
    area said after it wins ("à lyon dans le rhône", "saint denis à la réunion"); an area
    whose words hold the commune's name wins over it ("en seine saint denis")."""
    import geodata

    place = place_in(folded, hint)
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
        chunk = LEADING_PREP.sub("", " ".join(before[-size:])).strip()
        if len(chunk) < 3 or kind_of(chunk) or chunk in NOT_PLACES:
            continue
        try:
            res = geodata.lookup(
                f"{chunk} {inside.departements[0] if inside.kind == 'departement' else inside.nom}"
            )
        except ValueError:
            continue
        hits = [c for c in res.candidates if c.departement in inside.departements]
        if hits and res.matched_by == "fuzzy":  # "lamentin": Le Lamentin, its article unsaid
            hits = [c for c in hits if bare(c.nom) == bare(chunk)]
        if not hits:  # "au lamentin en martinique": Le Lamentin, its article said as "au"
            hits = [
                c for d in inside.departements for c in _by_bare_name().get((d, bare(chunk)), [])
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
        index.setdefault((c.departement, bare(c.nom)), []).append(c)
    return index


LEADING_PREP = re.compile(rf"^(?:(?:{alternatives('leading_prepositions')})\s+)+")


def place_in(folded: str, hint: str | None) -> dict[str, Any] | None:
    """The commune the words name (``hint``: the words a template took for the place)."""
    hinted = None
    if hint:
        hint = fold(hint)
        at = folded.find(hint)
        if at > 0 and folded[at - 1].isalnum():
            # the template cut a word: "mission local|e pas loin" -> the hint starts mid-word
            hint = hint.split(" ", 1)[1] if " " in hint else ""
        hint = LEADING_PREP.sub("", NEAR_ME.sub(" ", hint).strip())
        # the whole hint named exactly ("chalons en champagne"), else an exact name after one
        # of its prepositions ("creche a fort de france": Fort-de-France)
        tails = [0, *(m.end() for m in _PLACE_PREP.finditer(hint))] if hint else []
        for start in tails:
            found = _whole_place(hint[start:])
            if found:
                return found
        hinted = resolve_place(hint, strict=False) if hint else None
        if hinted and not hinted.get("place_unsure"):
            return hinted
    m = _POSTCODE.search(folded)
    if m:
        found = resolve_place(m.group(1), strict=True)
        if found:
            return found
    folded = NEAR_ME.sub(" ", folded)
    # "un stage en crèche à Fort-de-France": a commune named exactly after the last
    # preposition wins over a near reading of a longer tail ("creche a fort de france")
    for m in _PLACE_PREP.finditer(folded):
        found = _whole_place(folded[m.end() :], job_ok=_TO_PLACE.fullmatch(m.group(0).strip()))
        if found:
            return found
    unsure = None
    for m in _PLACE_PREP.finditer(folded):
        job_ok = bool(_TO_PLACE.fullmatch(m.group(0).strip()))
        found = resolve_place(folded[m.end() :], strict=False, job_ok=job_ok)
        if found and not found.get("place_unsure"):
            return found
        unsure = unsure or found
    for m in _PLACE_OF.finditer(folded):
        # "le greta de mâcon": after a kind of place, "de" names its town, job title or not;
        # an exact name there beats a near reading after "à" ("à quelle heure ouvre le cio de
        # bourges" is Bourges, not Queuille)
        job_ok = bool(kind_of(folded[: m.start()])) and not _OFFER_LEAD.search(folded)
        if unsure is not None and not kind_of(folded[: m.start()]):
            continue
        found = resolve_place(folded[m.end() :], strict=True, job_ok=job_ok)
        if found:
            return found
    return unsure or hinted


# prepositions after which a job title is a town ("un stage à mâcon"), unlike "en" or "chez"
_TO_PLACE = re.compile(alternatives("to_place_prepositions"))
_OFFER_LEAD = re.compile(rf"\b(?:{alternatives('offer_leads')})\b")


def exact_place_answer(text: str) -> dict[str, Any] | None:
    """The answer to a place question when all its words name a commune, job title or not
    ("mâcon", "c'est grasse", "euh agen"): the state asked for a town."""
    words = place_words(text)
    if not words:
        return None
    found = _whole_place(words, job_ok=True) or _whole_place(LEADING_PREP.sub("", words), True)
    if found and found.get("place_candidates"):
        # "valence dans la drôme", "saint claude dans le jura": the one of that area
        within = place_or_area(words, None)
        if within and within.get("place") and not within.get("place_candidates"):
            return within
    return found


_BARE_ARTICLE = re.compile(rf"^(?:{alternatives('bare_articles')})\s+")


def bare(words: str) -> str:
    """``words`` folded, without a leading article ("l industrie" -> "industrie")."""
    return _BARE_ARTICLE.sub("", fold(words))


_PLACE_LEAD = re.compile(rf"^(?:(?:{alternatives('place_leads')})\s+)+")


def place_words(text: str) -> str:
    """The words of an answer to "Dans quelle ville ?" that name no known place, to say them
    back ("Je ne trouve pas la ville « trifouillis les oies »"); "" when there are none, or
    when the answer is too long to be a town's name."""
    folded = normalize(text)
    for pattern in (FILLERS, _PLACE_LEAD, LEADING_PREP):
        folded = pattern.sub("", folded).strip()
    words = folded.split()
    if not words or len(words) > 6 or all(w in FUNCTION_WORDS for w in words):
        return ""
    return folded


def last_place_said(text: str) -> dict[str, Any] | None:
    """The commune named by the last words of `text` ("non pas saint etienne saint chamond"
    -> Saint-Chamond; "je voulais dire grenoble en isere" -> Grenoble), or None."""
    words = normalize(text).split()[-8:]  # a town is said in the last words, not in 8 before
    for start in range(len(words)):
        tail = " ".join(words[start:])
        found = exact_place_answer(tail)
        if found and found.get("place"):
            return found
    found = place_or_area(" ".join(words), None)  # "grenoble en isere": a town, then its area
    return found if found and found.get("place") and not found.get("place_unsure") else None
