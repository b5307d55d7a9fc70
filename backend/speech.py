"""French text made to be heard for the API's ``speech`` fields (built on ``geodata.speech``).

Rules: the count first, then the first three results nearest first (name, distance, direction);
abbreviations spelled out, units in full, numbers in words, phone numbers in pairs; about 60 words
at most (the third then the second result are dropped when the text would be longer).
"""

from __future__ import annotations

import contextlib
import functools
import re
from collections.abc import Sequence
from typing import Any

from geodata.speech import ABBREVIATIONS, number_words, of_place, phone_words, speakable
from totalacces import vocabulary
from totalacces.vocabulary import KINDS

MAX_WORDS = 60
NAME_WORDS = 9


def word_count(text: str) -> int:
    return len(text.split())


def count_words(n: int, feminine: bool) -> str:
    """A count in words, agreeing with a feminine noun: 31 -> "trente et une"."""
    text = number_words(n)
    if feminine and (text == "un" or text.endswith((" un", "-un"))):
        text = text[:-2] + "une"
    return text


_PARENS = re.compile(r"\s*\(([^)]*)\)")
_KNOWN = {k.upper() for k in ABBREVIATIONS}


def _drop_acronym(m: re.Match[str]) -> str:
    # "(CIO)", "(Crib)", "(MDMPH)" repeat the name before them: drop; keep "(Racine)".
    inner = m.group(1).strip()
    return "" if inner.upper() in _KNOWN or (inner.isupper() and len(inner) <= 8) else m.group(0)


def short_name(name: str) -> str:
    """A name made short to be heard: no repeated acronym in parentheses, at most NAME_WORDS
    words (the start and the end, which usually says where)."""
    words = _PARENS.sub(_drop_acronym, name).replace("’", "'").split()
    if len(words) <= NAME_WORDS:
        return " ".join(words)
    return " ".join(words[:4]) + " … " + " ".join(words[-4:])


def radius_words(radius_km: float) -> str:
    value: int | float = int(radius_km) if float(radius_km).is_integer() else round(radius_km, 1)
    unit = "kilomètre" if value < 2 else "kilomètres"
    return f"{number_words(value)} {unit}"


def _fit(head: str, parts: Sequence[str], tail: str = "") -> str:
    """``head`` + as many of ``parts`` as fit in MAX_WORDS (at least one) + ``tail``."""
    chosen = list(parts)
    while True:
        text = " ".join(x for x in (head, *chosen, tail) if x)
        if word_count(text) <= MAX_WORDS or len(chosen) <= 1:
            return text
        chosen.pop()


@functools.lru_cache(maxsize=8192)
def _clean(text: str) -> str:
    return re.sub(r"\s+", " ", speakable(text)).strip()


def _item_words(name: str, distance_text: str | None) -> str:
    spoken = _clean(short_name(name))
    return f"{spoken}, {_clean(distance_text)}" if distance_text else spoken


def _where(place_name: str | None, radius_km: float | None, area_words: str | None) -> str:
    if area_words:
        return f" {_clean(area_words)}"
    if place_name and radius_km is not None:
        return f" à moins de {radius_words(radius_km)} {of_place(_clean(place_name))}"
    return ""


def structures_list(
    total: int,
    items: Sequence[dict[str, Any]],
    kinds: Sequence[str],
    place_name: str | None,
    radius_km: float | None,
    offset: int = 0,
    missing: bool = False,
    area_words: str | None = None,
) -> str:
    """``missing``: the one kind asked for has no place at all in the data (not only nearby).
    ``area_words`` ("en Seine-Saint-Denis"): the search covered that whole area, measured from
    ``place_name`` (its chef-lieu, unless the person gave a place)."""
    kind = KINDS.get(kinds[0]) if len(kinds) == 1 else None
    feminine = kind.feminine if kind else False
    if kind:
        noun = kind.spoken if total <= 1 else kind.spoken_plural
    else:
        noun = "lieu" if total <= 1 else "lieux"
    where = _where(place_name, radius_km, area_words)
    if total == 0 and kind is not None and missing:
        return missing_kind(kind.kind)
    if total == 0:
        none = "aucune" if feminine else "aucun"
        hint = (
            " Essayez un rayon plus grand."
            if place_name and not area_words
            else " Essayez une autre recherche."
        )
        return f"Je n'ai trouvé {none} {noun}{where}.{hint}"
    head = f"J'ai trouvé {count_words(total, feminine)} {noun}{where}."
    if not items:
        return head + " Il n'y a plus de résultats sur cette page."
    parts = []
    for i, item in enumerate(items[:3]):
        said = _item_words(item["name"], item.get("distance_text"))
        if i == 0 and place_name and offset == 0:
            nearest = "La plus proche" if feminine else "Le plus proche"
            if area_words:
                nearest += f" de {_clean(place_name)}"
            parts.append(f"{nearest} : {said}.")
        elif i == 0:
            parts.append(f"{'Première' if feminine else 'Premier'} : {said}.")
        else:
            parts.append(f"Puis {said}.")
    return _fit(head, parts)


def own_departement_list(total: int, items: Sequence[dict[str, Any]], dept_name: str) -> str:
    """An MDPH search: the person's département's own MDPH, or the plain fact that we lack it."""
    where = f"de votre département ({_clean(dept_name)})" if dept_name else "de votre département"
    if total == 0:
        return (
            f"Total Accès n'a pas l'adresse de la maison départementale des personnes "
            f"handicapées {where}. Chaque département a la sienne, et seule celle-ci traite "
            "votre demande. Demandez son adresse à votre mairie ou sur "
            "monparcourshandicap.gouv.fr."
        )
    first = items[0] if items else None
    head = f"La maison départementale des personnes handicapées {where}"
    if first is None:
        return head + " : il n'y a plus de résultats sur cette page."
    said = _item_words(first["name"], first.get("distance_text"))
    more = f" Il y a {count_words(total, True)} adresses." if total > 1 else ""
    return f"{head} : {said}.{more}"


def missing_kind(kind_key: str) -> str:
    """What to say when the data has no place of this kind anywhere: not "none near you", nor
    "try a larger radius": the list is not in Total Accès yet, here is the network's own way
    in, and a callback can be asked for."""
    kind = KINDS[kind_key]
    sentence = f"Total Accès n'a pas encore la liste des {kind.spoken_plural}."
    if kind.network is not None:
        sentence += f" {_clean(kind.network.said)}"
    elif kind_key != "mission_locale":
        sentence += " Une mission locale peut vous renseigner."
    return sentence + " Vous pouvez aussi demander qu'on vous rappelle."


def structure_detail(s: dict[str, Any]) -> str:
    kind = KINDS.get(s["kind"])
    parts = [f"{_clean(short_name(s['name']))}, {kind.spoken if kind else s['kind']}."]
    if s.get("distance_text"):
        parts.append(f"C'est {_clean(s['distance_text'])}.")
    if s.get("address"):
        parts.append(f"Adresse : {_clean(s['address'] + ', ' + s.get('commune', ''))}.")
    elif s.get("commune"):
        parts.append(f"Dans la commune de {_clean(s['commune'])}, adresse non connue.")
    if s.get("phone"):
        with contextlib.suppress(ValueError):
            parts.append(f"Téléphone : {phone_words(s['phone'])}.")
    if s.get("hours"):
        parts.append(_clean(s["hours"]["now"]))
    if s.get("own_contact") is False:
        network = s.get("network_contact")
        parts.append("Pas de contact connu pour ce lieu.")
        if network:
            parts.append(_clean(network.get("said") or network["how"]))
    parts.append(vocabulary.participation_words(s))
    if s.get("reported"):
        parts.append(vocabulary.REPORTED_WORDS)
    if s.get("age_note"):
        parts.append(_clean(f"Attention : {s['age_note'][:1].lower()}{s['age_note'][1:]}"))
    elif not s.get("verified"):
        parts.append("Attention : ces informations sont à vérifier.")
    return _fit(parts[0], parts[1:])


def offers_list(
    total: int,
    items: Sequence[dict[str, Any]],
    place_name: str | None,
    radius_km: float | None,
    offset: int = 0,
    area_words: str | None = None,
) -> str:
    noun = "offre de stage" if total <= 1 else "offres de stage"
    where = _where(place_name, radius_km, area_words)
    if total == 0:
        hint = (
            " Essayez un rayon plus grand."
            if place_name and not area_words
            else " Essayez une autre recherche."
        )
        return f"Je n'ai trouvé aucune offre de stage{where}.{hint}"
    head = f"J'ai trouvé {count_words(total, True)} {noun}{where}."
    if any(i.get("is_example") for i in items):
        head += " Ce sont des exemples d'offres."
    parts = []
    for i, item in enumerate(items[:3]):
        prefix = "Exemple d'offre : " if item.get("is_example") else ""
        said = f"{_clean(short_name(item['title']))}, à {_clean(item['commune'])}"
        if item.get("distance_text"):
            said += f", {_clean(item['distance_text'])}"
        lead = (
            ("La plus proche" if place_name and offset == 0 else "Première") if i == 0 else "Puis"
        )
        if i == 0 and place_name and offset == 0 and area_words:
            lead += f" de {_clean(place_name)}"
        parts.append(f"{lead} : {prefix}{said}.")
    return _fit(head, parts)


def offer_detail(o: dict[str, Any]) -> str:
    parts = []
    if o.get("is_example"):
        parts.append("Exemple d'offre.")
    parts.append(f"{_clean(o['title'])}, chez {_clean(o['employer'])}, à {_clean(o['commune'])}.")
    if o.get("distance_text"):
        parts.append(f"C'est {_clean(o['distance_text'])}.")
    places = o.get("places_left", 0)
    if places == 0:
        parts.append("Il n'y a plus de place.")
    else:
        parts.append(
            f"{count_words(places, True).capitalize()} place{'s' if places > 1 else ''} "
            f"restante{'s' if places > 1 else ''}."
        )
    if o.get("weeks"):
        w = o["weeks"]
        parts.append(f"Durée : {count_words(w, True)} semaine{'s' if w > 1 else ''}.")
    if o.get("accessible"):
        parts.append("Poste accessible aux personnes handicapées.")
    if o.get("reported"):
        parts.append(vocabulary.REPORTED_WORDS)
    # why no application can be sent, always said (never cut to fit)
    note = o.get("applications_note")
    if note and places == 0 and not o.get("is_example"):
        parts.remove("Il n'y a plus de place.")
    return _fit(parts[0], parts[1:], _clean(note) if note else "")


def careers_list(total: int, items: Sequence[dict[str, Any]], q: str | None) -> str:
    about = f" pour « {q} »" if q else ""
    if total == 0:
        return f"Je n'ai trouvé aucun métier{about}. Essayez un autre mot ou une autre orthographe."
    noun = "métier" if total == 1 else "métiers"
    head = f"J'ai trouvé {count_words(total, False)} {noun}{about}."
    parts = []
    for i, item in enumerate(items[:3]):
        lead = "Premier" if i == 0 else "Puis"
        parts.append(f"{lead} : {_clean(item['label'])}.")
    return _fit(head, parts)


def career_detail(c: dict[str, Any], job_titles: int) -> str:
    head = f"{_clean(c['label'])}."
    parts = []
    if c.get("summary"):
        parts.append(_clean(c["summary"]))
        if c.get("summary_note"):  # who wrote it: Total Accès, confirmed by a counselor or not
            parts.append(c["summary_note"])
    if job_titles:
        parts.append(
            f"Ce métier a {count_words(job_titles, False)} "
            f"appellation{'s' if job_titles > 1 else ''}."
        )
    return _fit(head, parts)
