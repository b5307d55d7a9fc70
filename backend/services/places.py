"""The one place resolver: an INSEE code, a postcode, free text or a position in; the commune
(or why none) out, with the reading that was taken.

Every surface calls it (API routes, web pages, callbacks): clients that know the commune send
``code_insee`` and are never re-read as a postcode. A free-text five-digit place is read as a
postcode first (what people type); when it is also another commune's INSEE code, the answer says
which reading was taken and names the other (``note``, ``alternative``), in ``place`` and in
``speech``.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz, process

import geodata
from backend import speech
from backend.services.errors import ServiceError
from geodata.text import fold

CODE_INSEE_RE = re.compile(r"^(?:\d{5}|2[AB]\d{3})$")
POSTCODE_RE = re.compile(r"^\d{5}$")
#: geodata's ``matched_by`` -> the ``reading`` an answer reports
READINGS = {"postcode": "postcode", "insee": "code_insee", "fuzzy": "fuzzy"}


def place_dict(c: geodata.Commune) -> dict[str, Any]:
    return {
        "code_insee": c.code_insee,
        "nom": c.nom,
        "departement": c.departement,
        "departement_nom": c.departement_nom,
        "population": c.population,
        "lat": c.lat if c.has_coords else None,
        "lon": c.lon if c.has_coords else None,
        "postcodes": list(c.postcodes),
    }


@functools.cache
def _commune_names() -> tuple[list[str], list[geodata.Commune]]:
    items = [c for c in geodata.communes() if c.has_coords]
    return [fold(c.nom) for c in items], items


def closest_places(query: str, limit: int = 5) -> list[dict[str, Any]]:
    names, items = _commune_names()
    hits = process.extract(fold(query), names, scorer=fuzz.WRatio, limit=limit * 3, score_cutoff=50)
    seen: dict[str, dict[str, Any]] = {}
    for _name, _score, idx in hits:
        c = items[idx]
        seen.setdefault(c.code_insee, place_dict(c))
    return list(seen.values())[:limit]


def places(q: str) -> dict[str, Any]:
    try:
        res = geodata.lookup(q)
    except ValueError as exc:
        raise ServiceError(422, "Recherche de lieu invalide", str(exc)) from None
    candidates = [place_dict(c) for c in res.candidates]
    if not candidates:
        text = f"Je n'ai trouvé aucune commune pour « {q} »."
    elif res.ambiguous:
        names = ", ".join(f"{c.nom} ({c.departement_nom})" for c in res.candidates[:3])
        text = (
            f"Plusieurs communes correspondent à « {q} » : {names}. "
            "Précisez le département ou le code postal."
        )
    else:
        best = res.candidates[0]
        text = f"{best.nom}, {best.departement_nom}."
    return {
        "query": q,
        "matched_by": res.matched_by,
        "ambiguous": res.ambiguous,
        "note": res.note,
        "candidates": candidates,
        "speech": speech._fit(speech._clean(text), []),
    }


@dataclass
class Origin:
    lat: float
    lon: float
    name: str
    #: The commune (``place_dict``) with ``reading``, ``note`` and ``alternative``; None for a
    #: bare position.
    place: dict[str, Any] | None
    reading: str = "name"  # "code_insee" | "postcode" | "name" | "fuzzy" | "position"
    note: str | None = None
    alternative: dict[str, Any] | None = field(default=None)


def _resolved(
    c: geodata.Commune,
    reading: str,
    *,
    ambiguous: bool = False,
    note: str | None = None,
    alternative: geodata.Commune | None = None,
) -> Origin:
    name = f"{c.nom} ({c.departement_nom})" if ambiguous else c.nom
    place = {
        **place_dict(c),
        "reading": reading,
        "note": note,
        "alternative": place_dict(alternative) if alternative is not None else None,
    }
    return Origin(
        c.lat,
        c.lon,
        name,
        place,
        reading=reading,
        note=note,
        alternative=place["alternative"],
    )


def _unknown(text: str, what: str) -> ServiceError:
    candidates = closest_places(text)
    hint = (
        "Vouliez-vous dire : "
        + ", ".join(f"{c['nom']} ({c['departement_nom']})" for c in candidates)
        + " ? "
        if candidates
        else ""
    )
    return ServiceError(
        404,
        "Lieu inconnu",
        f"Je ne connais pas {what} « {text} ». {hint}"
        "Indiquez un nom de commune, un code postal ou un code INSEE.",
        candidates=candidates,
    )


def _padded(code: str, what: str) -> tuple[str, str | None]:
    """A 4-digit code that lost its leading zero ("1053", from a spreadsheet) is read as "01053";
    the second value says so."""
    padded = geodata.pad_code(code)
    if padded is None:
        return code, None
    return padded, f"J'ai lu le {what} {code} comme {padded} (le zéro du début manquait)."


def _joined(*notes: str | None) -> str | None:
    return " ".join(n for n in notes if n) or None


def by_code_insee(code: str) -> Origin:
    """A current INSEE code, else a former one (a commune merged since: 74011 Annecy-le-Vieux ->
    Annecy), said in ``note``; never read as a postcode."""
    code, read = _padded(code.strip().upper(), "code INSEE")
    if not CODE_INSEE_RE.match(code):
        raise ServiceError(
            422,
            "Code INSEE invalide",
            f"« {code} » n'est pas un code INSEE de commune : cinq caractères, par exemple 69123 "
            "(Lyon) ou 2A004 (Ajaccio).",
        )
    c = geodata.get_commune(code)
    former = geodata.former_code(code) if c is None else None
    if former is not None:
        c = former.commune
    if c is None or not c.has_coords:
        raise ServiceError(
            404,
            "Lieu inconnu",
            _joined(
                read,
                f"Aucune commune n'a le code INSEE {code}. Vérifiez-le, ou donnez le nom de la "
                "commune.",
            ),
        )
    return _resolved(c, "code_insee", note=_joined(read, former.note if former else None))


def by_postcode(code: str) -> Origin:
    code, read = _padded(code.strip(), "code postal")
    if not POSTCODE_RE.match(code):
        raise ServiceError(
            422,
            "Code postal invalide",
            f"« {code} » n'est pas un code postal : cinq chiffres, par exemple 69003.",
        )
    res = geodata.lookup(code)
    found = [c for c in res.candidates if c.has_coords] if res.matched_by == "postcode" else []
    if not found:
        raise ServiceError(
            404,
            "Lieu inconnu",
            _joined(
                read,
                f"Aucune commune n'a le code postal {code}. Vérifiez-le, ou donnez le nom de la "
                "commune.",
            ),
        )
    note = None
    if len(found) > 1:
        note = (
            f"Le code postal {code} est partagé par {len(found)} communes : "
            f"j'ai pris la plus peuplée, {found[0].nom}."
        )
    return _resolved(found[0], "postcode", note=_joined(read, note))


def by_text(text: str) -> Origin:
    try:
        res = geodata.lookup(text)
    except ValueError as exc:
        raise ServiceError(422, "Lieu invalide", str(exc)) from None
    best = next((c for c in res.candidates if c.has_coords), None)
    if best is None:
        raise _unknown(text, "le lieu")
    reading = READINGS.get(res.matched_by, "name")
    alternative = None
    # a code read as INSEE, a former code or name, a code missing its leading zero: say it
    note = res.note if reading == "code_insee" or res.read_as else None
    compact = re.sub(r"\s+", "", text)
    if reading == "postcode" and CODE_INSEE_RE.match(compact.upper()):
        other = geodata.get_commune(compact.upper())
        if other is not None and other.has_coords and other.code_insee != best.code_insee:
            # also another commune's INSEE code: say which reading was taken, offer the other
            alternative = other
            note = (
                f"J'ai lu {compact} comme un code postal : {best.nom}. C'est aussi le code INSEE "
                f"de {other.nom} ({other.departement_nom}) : pour cette commune, dites son nom."
            )
    return _resolved(
        best, reading, ambiguous=res.ambiguous and reading != "postcode", note=note,
        alternative=alternative,
    )  # fmt: skip


def resolve(
    *,
    place: str | None = None,
    code_insee: str | None = None,
    postcode: str | None = None,
    lat: float | None = None,
    lon: float | None = None,
) -> Origin | None:
    """The origin of a search, from the most explicit input given: ``code_insee``, then
    ``postcode``, then free text ``place``, then a position; None when nothing is given."""
    if code_insee is not None and code_insee.strip():
        return by_code_insee(code_insee)
    if postcode is not None and postcode.strip():
        return by_postcode(postcode)
    if place is not None and place.strip():
        return by_text(place)
    if lat is not None or lon is not None:
        if lat is None or lon is None:
            raise ServiceError(
                422,
                "Position incomplète",
                "Donnez la latitude (lat) et la longitude (lon) ensemble, ou un lieu (place).",
            )
        commune = geodata.reverse(lat, lon)
        return Origin(
            lat, lon, commune.nom if commune else "votre position", None, reading="position"
        )
    return None


@dataclass
class Choice:
    """Where a person searches, for surfaces that let them choose (web pages, the pro forms):
    the ``origin``, or, when several communes answer the text, the ``candidates`` to choose from
    (each with its département), the most populous first."""

    origin: Origin | None
    candidates: list[geodata.Commune] = field(default_factory=list)


def choose(
    *,
    place: str | None = None,
    code_insee: str | None = None,
    lat: float | None = None,
    lon: float | None = None,
    limit: int = 8,
) -> Choice:
    """``resolve``, except that a text several communes answer is not decided here: the
    candidates come back (the API, which cannot ask, takes the first and says so). Raises
    ``ServiceError`` as ``resolve`` does."""
    if place is not None and place.strip() and not (code_insee or "").strip() and lat is None:
        try:
            res = geodata.lookup(place, limit=limit)
        except ValueError as exc:
            raise ServiceError(422, "Lieu invalide", str(exc)) from None
        located = [c for c in res.candidates if c.has_coords]
        if res.ambiguous and len(located) > 1:
            return Choice(None, located)
    return Choice(resolve(place=place, code_insee=code_insee, lat=lat, lon=lon))
