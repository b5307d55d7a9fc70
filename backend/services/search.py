"""Search services: plain functions over a snapshot (lists) or a session (details).

Errors are raised as :class:`ServiceError` with a French, actionable detail; the API turns them
into ``application/problem+json``.
"""

from __future__ import annotations

import bisect
import functools
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
from rapidfuzz import fuzz, process
from sqlalchemy import select
from sqlalchemy.orm import Session

import geodata
from backend import speech
from backend.models import (
    ActivitySector,
    Career,
    CareerActivitySector,
    JobTitle,
    Offer,
    Sector,
    Structure,
)
from backend.services import hours, offer_rules, summaries
from backend.services.errors import ServiceError
from backend.services.places import (  # noqa: F401 - re-exported for the routes
    Origin,
    by_code_insee,
    closest_places,
    place_dict,
    places,
    resolve,
)
from backend.services.snapshot import (
    Snapshot,
    career_summary,
    offer_summary,
    structure_summary,
    utc_today,
)
from geodata import Area, bearing_deg, direction_words, place_words
from geodata.text import fold
from totalacces.vocabulary import KINDS, OWN_DEPARTEMENT_KINDS

#: The one default search radius of every surface (API, web, voice, app), in kilometres.
DEFAULT_RADIUS_KM = 20.0
ROME_PREFIX = re.compile(r"^[A-N](\d{2}(\d{2})?)?$")
MAX_RADIUS_KM = 500.0


class Page:
    """One page of a list search. ``speech`` is built when first read (the web pages show the
    items and never read it; the API answers always do): pass the text or a function making it.
    """

    __slots__ = ("total", "limit", "offset", "items", "_speech", "extra")

    def __init__(
        self,
        total: int,
        limit: int,
        offset: int,
        items: list[dict[str, Any]],
        speech: str | Callable[[], str],
        extra: dict[str, Any] | None = None,
    ) -> None:
        self.total = total
        self.limit = limit
        self.offset = offset
        self.items = items
        self._speech = speech
        self.extra = extra if extra is not None else {}

    @property
    def speech(self) -> str:
        if callable(self._speech):
            self._speech = self._speech()
        return self._speech

    def as_dict(self) -> dict[str, Any]:
        return {
            "total": self.total,
            "limit": self.limit,
            "offset": self.offset,
            "items": self.items,
            "speech": self.speech,
            **self.extra,
        }


def _with_note(text: str, origin: Origin | None) -> str:
    """The reading of the place comes first when it needs saying (a code read two ways)."""
    if origin is None or not origin.note:
        return text
    return f"{speech._clean(origin.note)} {text}"


def _place(origin: Origin | None) -> dict[str, Any] | None:
    return origin.place if origin else None


def resolve_area(departement: str | None, region: str | None) -> Area | None:
    """The département or region a search covers (``departement=93``, ``region=53``), or None."""
    departement = (departement or "").strip() or None
    region = (region or "").strip() or None
    if departement and region:
        raise ServiceError(
            422,
            "Zone en double",
            "Donnez un département (departement) ou une région (region), pas les deux.",
        )
    if not departement and not region:
        return None
    kind, code = ("departement", departement) if departement else ("region", region)
    assert code is not None
    if kind == "departement" and code.isdigit() and len(code) == 1:
        code = "0" + code  # "1" for the Ain, as a spreadsheet writes it
    found = geodata.get_area(kind, code)
    if found is None:
        what = "département" if kind == "departement" else "région"
        raise ServiceError(
            404,
            "Zone inconnue",
            f"Aucun{'e' if kind == 'region' else ''} {what} n'a le code « {code} ». "
            "Exemples : departement=93 (Seine-Saint-Denis), region=53 (Bretagne).",
        )
    return found


def area_origin(area: Area) -> Origin:
    """Where a search of a whole area is measured from: its chef-lieu."""
    return by_code_insee(area.chef_lieu.code_insee)


def area_dict(area: Area) -> dict[str, Any]:
    return {
        "kind": area.kind,
        "code": area.code,
        "nom": area.nom,
        "chef_lieu": area.chef_lieu.code_insee,
        "departements": list(area.departements),
        "said": geodata.in_area_words(area.nom, area.kind),
    }


def _nearest_in(
    rows: list[Any],
    departements: tuple[str, ...],
    keep: Callable[[Any], bool],
    origin: Origin,
    offset: int,
    limit: int,
) -> tuple[list[dict[str, Any]], int]:
    """The rows of these départements that ``keep`` accepts, nearest to ``origin`` first: one
    page of summaries with their distance, and how many there are in all."""
    inside = frozenset(departements)
    found = sorted(
        (geodata.haversine_m(origin.lat, origin.lon, r.lat, r.lon), r.id, n)
        for n, r in enumerate(rows)
        if r.departement in inside and keep(r)
    )  # equal distances: by id, as before
    page = [
        _with_distance(rows[n].summary, origin, m) for m, _id, n in found[offset : offset + limit]
    ]
    return page, len(found)


def _area_words(area: Area | None) -> str | None:
    return geodata.in_area_words(area.nom, area.kind) if area is not None else None


def _extra(origin: Origin | None, area: Area | None) -> dict[str, Any]:
    extra: dict[str, Any] = {"place": _place(origin)}
    if area is not None:
        extra["area"] = area_dict(area)
    return extra


def check_radius(radius_km: float) -> float:
    if not math.isfinite(radius_km) or radius_km <= 0 or radius_km > MAX_RADIUS_KM:
        raise ServiceError(
            422,
            "Rayon invalide",
            f"Le rayon doit être un nombre de kilomètres entre 0,1 et {int(MAX_RADIUS_KM)} "
            f"(reçu : {radius_km}). Essayez par exemple radius_km=20.",
        )
    return radius_km


#: Under this distance, the direction between two commune centres says nothing useful.
CENTRE_DIRECTION_M = 5000


def _with_distance(summary: dict[str, Any], origin: Origin, metres: float) -> dict[str, Any]:
    item = dict(summary)
    item["distance_m"] = round(metres)
    if summary.get("coord_precision") == "commune":
        # A point placed at its commune's centre is neither "right here" nor "850 metres to
        # the north": only the commune, or a rough distance, is true.
        commune = summary.get("commune") or ""
        if metres < 30:
            item["direction"] = None
            item["distance_text"] = f"dans la commune de {commune}" if commune else "dans la commune"
            return item
        km = max(1, round(metres / 1000))
        text = f"à environ {km} kilomètre{'s' if km > 1 else ''}"
        item["direction"] = None
        if metres >= CENTRE_DIRECTION_M:
            item["direction"] = direction_words(
                bearing_deg(origin.lat, origin.lon, summary["lat"], summary["lon"])
            )
            text += f" {item['direction']}"
        item["distance_text"] = text
        return item
    if metres < 30:
        item["direction"] = None
        item["distance_text"] = "ici même"
    else:
        bearing = bearing_deg(origin.lat, origin.lon, summary["lat"], summary["lon"])
        item["direction"] = direction_words(bearing)
        item["distance_text"] = place_words(metres, bearing)
    return item


def _terms(q: str | None) -> list[str]:
    return fold(q).split() if q else []


# --- structures ----------------------------------------------------------------------------


def parse_kinds(kind: list[str] | None) -> list[str]:
    kinds: list[str] = []
    for raw in kind or []:
        for k in raw.split(","):
            k = k.strip()
            if not k:
                continue
            if k not in KINDS:
                raise ServiceError(
                    422,
                    "Type de structure inconnu",
                    f"Le type « {k} » n'existe pas. Choisissez parmi : {', '.join(KINDS)}.",
                    kinds=list(KINDS),
                )
            kinds.append(k)
    return list(dict.fromkeys(kinds))


def search_structures(
    snap: Snapshot,
    *,
    origin: Origin | None,
    radius_km: float,
    kinds: list[str],
    age: int | None,
    q: str | None,
    limit: int,
    offset: int,
    area: Area | None = None,
) -> Page:
    terms = _terms(q)
    wanted = kinds or list(snap.kind_index)

    def keep(row: Any) -> bool:
        if age is not None and (
            (row.age_min is not None and age < row.age_min)
            or (row.age_max is not None and age > row.age_max)
        ):
            return False
        return all(t in row.search for t in terms)

    own_kind = kinds[0] if len(kinds) == 1 and kinds[0] in OWN_DEPARTEMENT_KINDS else None
    own_dept = origin_departement(origin) if own_kind and area is None else None
    if area is not None:
        # a whole département or region: every place in it, the nearest to the origin first
        origin = origin or area_origin(area)
        rows = (
            [snap.structures[i] for k in wanted for i in snap.kind_ids.get(k, ())]
            if kinds
            else list(snap.structures.values())
        )
        page, total = _nearest_in(rows, area.departements, keep, origin, offset, limit)
    elif own_dept is not None:
        # An MDPH serves its own département only: the person's, wherever it is, and never
        # another département's one as if it were competent.
        assert origin is not None and own_kind is not None
        rows = [snap.structures[i] for i in snap.kind_ids.get(own_kind, ())]
        page, total = _nearest_in(rows, (own_dept[0],), keep, origin, offset, limit)
    elif origin is not None:
        # the indexes' arrays: ids and metres, nearest first; Python rows only for the filters
        # (age, words) and for the page
        radius_m = radius_km * 1000
        if not kinds and snap.all_index is not None:  # ties: the index's order
            positions, metres = snap.all_index.within_positions(origin.lat, origin.lon, radius_m)
            ids = snap.all_id_array[positions]
        else:  # ties: by id
            parts = [
                (snap.kind_id_arrays[k][found], metres)
                for k in wanted
                if k in snap.kind_index
                for found, metres in [
                    snap.kind_index[k].within_positions(origin.lat, origin.lon, radius_m)
                ]
            ]
            ids = np.concatenate([p[0] for p in parts]) if parts else np.empty(0, np.int64)
            metres = np.concatenate([p[1] for p in parts]) if parts else np.empty(0, float)
            order = np.lexsort((ids, metres))
            ids, metres = ids[order], metres[order]
        if age is not None or terms:
            kept = [
                (i, m)
                for i, m in zip(ids.tolist(), metres.tolist(), strict=True)
                if keep(snap.structures[i])
            ]
            hits, total = kept[offset : offset + limit], len(kept)
        else:
            end = offset + limit
            hits = list(zip(ids[offset:end].tolist(), metres[offset:end].tolist(), strict=True))
            total = len(ids)
        page = [_with_distance(snap.structures[i].summary, origin, m) for i, m in hits]
    else:
        wanted_set = set(wanted)
        ids = [
            i
            for i in snap.structure_order
            if snap.structures[i].kind in wanted_set and keep(snap.structures[i])
        ]
        total = len(ids)
        page = [dict(snap.structures[i].summary) for i in ids[offset : offset + limit]]
    missing = len(kinds) == 1 and not snap.kind_counts.get(kinds[0])

    def said() -> str:
        if own_dept is not None:
            text = speech.own_departement_list(total, page, own_dept[1])
        else:
            text = speech.structures_list(
                total, page, kinds, origin.name if origin else None,
                radius_km if origin else None, offset, missing, _area_words(area),
            )  # fmt: skip
        return _with_note(text, origin)

    return Page(total, limit, offset, page, said, _extra(origin, area))


def origin_departement(origin: Origin | None) -> tuple[str, str] | None:
    """(code, name) of the département of the place asked about, or None."""
    if origin is None:
        return None
    if origin.place and origin.place.get("departement"):
        return str(origin.place["departement"]), str(origin.place.get("departement_nom") or "")
    commune = geodata.reverse(origin.lat, origin.lon)
    return (commune.departement, commune.departement_nom) if commune else None


def structure_detail(session: Session, structure_id: int, origin: Origin | None) -> dict[str, Any]:
    s = session.get(Structure, structure_id)
    if s is None or s.status != "active":
        raise ServiceError(
            404,
            "Structure introuvable",
            f"Aucune structure ne porte le numéro {structure_id}. "
            "Cherchez-en une avec /api/v1/structures?place=VOTRE_VILLE.",
        )
    item = structure_summary(s)
    from backend.people.services.participation import participating

    taking = participating(session, {s.id}).get(s.id)
    item["takes_part"] = taking is not None
    item["takes_part_demo"] = bool(taking and taking.demo)
    from backend.people.services.reports import is_reported

    item["reported"] = is_reported(session, "structure", s.id)
    if origin is not None:
        item = _with_distance(
            item, origin, geodata.haversine_m(origin.lat, origin.lon, s.lat, s.lon)
        )
    item.update(
        email=s.email,
        website=s.website,
        opening_hours=s.opening_hours,
        age_min=s.age_min,
        age_max=s.age_max,
        description=s.description,
        building_accessibility=s.building_accessibility,
        source_date=s.source_date,
        licence=s.licence,
        verification_note=s.verification_note,
        hours=hours.describe(s.opening_hours, s.departement),
    )
    item["speech"] = speech.structure_detail(item)
    return item


# --- offers --------------------------------------------------------------------------------


def check_rome(rome: str | None) -> str | None:
    if rome is None or rome == "":
        return None
    code = rome.strip().upper()
    if not ROME_PREFIX.fullmatch(code):
        raise ServiceError(
            422,
            "Code ROME invalide",
            f"« {rome} » n'est pas un code ROME. Donnez une lettre de A à N (H pour l'industrie), "
            "une lettre et deux chiffres (H29) ou une lettre et quatre chiffres (H2913).",
        )
    return code


#: Word endings of a trade or a workplace ("boulangerie", "coiffure", "pâtisserie") removed to
#: find the job's own word ("boulanger", "coiffeur", "pâtissier") by its stem.
TRADE_SUFFIXES = ("eries", "erie", "ures", "ure", "ieres", "iere", "iers", "ier", "euses", "euse",
                  "eurs", "eur", "ies", "ie", "es", "e", "s")  # fmt: skip
MIN_STEM = 5


@functools.cache
def trade_words() -> dict[str, tuple[str, ...]]:
    """Workplace words that name no job ("hôpital") -> the ROME codes of their careers."""
    import yaml

    from backend.settings import BUNDLED_DATA_DIR

    path = BUNDLED_DATA_DIR / "trade_words.yaml"
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {fold(str(k)): tuple(str(c) for c in v) for k, v in raw.items()}


def _stem(term: str) -> str:
    for suffix in TRADE_SUFFIXES:
        if term.endswith(suffix) and len(term) - len(suffix) >= MIN_STEM:
            return term[: -len(suffix)]
    return term


def offer_term_romes(snap: Snapshot, term: str) -> frozenset[str]:
    """The careers a search word stands for: a workplace word of ``trade_words``, or the
    careers with a word sharing its stem ("boulangerie" -> Boulanger / Boulangère, D1102)."""
    codes = set(trade_words().get(term, ()))
    stem = _stem(term)
    if len(stem) >= MIN_STEM:  # career_vocab is sorted: the words with that stem are a range
        vocab, rows = snap.career_vocab, snap.careers
        for n in range(bisect.bisect_left(vocab, stem), len(vocab)):
            if not vocab[n].startswith(stem):
                break
            codes.update(rows[owner].code for owner in snap.career_words[vocab[n]])
    return frozenset(codes)


def search_offers(
    snap: Snapshot,
    *,
    origin: Origin | None,
    radius_km: float,
    rome: str | None,
    level: str | None,
    accessible: bool | None,
    start_after: date | None,
    start_before: date | None,
    q: str | None,
    limit: int,
    offset: int,
    area: Area | None = None,
) -> Page:
    terms = [t for t in _terms(q) if t not in STOPWORDS]
    # each word matches the offer's text, or one of the careers it stands for (trade words)
    term_romes = [offer_term_romes(snap, t) for t in terms]
    today = utc_today()

    wanted = list(zip(terms, term_romes, strict=True))

    def matches(r: Any) -> bool:
        for t, romes in wanted:
            if t not in r.search and romes.isdisjoint(r.rome_codes):
                return False
        return True

    def keep(r: Any) -> bool:
        # An offer past its end date leaves search at once, before the periodic pass that
        # stores ``expired`` on it (backend.people.services.offers).
        if r.end_date is not None and r.end_date < today:
            return False
        return keep_live(r)

    def keep_live(r: Any) -> bool:  # ``keep`` for an offer not past its end date
        if rome and not any(c.startswith(rome) for c in r.rome_codes):
            return False
        if level and level not in r.levels:
            return False
        if accessible is not None and r.accessible != accessible:
            return False
        if start_after and (r.start_date is None or r.start_date < start_after):
            return False
        if start_before and (r.start_date is None or r.start_date > start_before):
            return False
        return matches(r)

    if area is not None:
        origin = origin or area_origin(area)
        rows = list(snap.offers.values())
        page, total = _nearest_in(rows, area.departements, keep, origin, offset, limit)
    elif origin is not None and snap.offer_index is not None:
        # the index's arrays: the end date is filtered on them, the other filters (and the
        # words) on the rows left, and only the page's rows become summaries
        positions, metres = snap.offer_index.within_positions(
            origin.lat, origin.lon, radius_km * 1000
        )
        live = snap.offer_end[positions] >= today.toordinal()
        positions, metres = positions[live], metres[live]
        rows = snap.offer_rows
        if wanted or rome or level or accessible is not None or start_after or start_before:
            kept = [
                (n, m)
                for n, m in zip(positions.tolist(), metres.tolist(), strict=True)
                if keep_live(rows[n])
            ]
            hits, total = kept[offset : offset + limit], len(kept)
        else:  # no other filter: only the page's rows are read
            end = offset + limit
            hits = list(
                zip(positions[offset:end].tolist(), metres[offset:end].tolist(), strict=True)
            )
            total = len(positions)
        page = [_with_distance(rows[n].summary, origin, m) for n, m in hits]
    else:
        ids = [i for i in snap.offer_order if keep(snap.offers[i])]
        if terms:  # without a place: the offers whose own words match first, then the others
            ids.sort(key=lambda i: -sum(t in snap.offers[i].search for t in terms))
        total = len(ids)
        page = [dict(snap.offers[i].summary) for i in ids[offset : offset + limit]]

    def said() -> str:
        text = speech.offers_list(
            total, page, origin.name if origin else None, radius_km if origin else None, offset,
            _area_words(area),
        )  # fmt: skip
        return _with_note(text, origin)

    return Page(total, limit, offset, page, said, _extra(origin, area))


def offer_detail(session: Session, offer_id: int, origin: Origin | None) -> dict[str, Any]:
    o = session.get(Offer, offer_id)
    if o is None or o.status != "published":
        raise ServiceError(
            404,
            "Offre introuvable",
            f"Aucune offre publiée ne porte le numéro {offer_id}. "
            "Cherchez des offres avec /api/v1/offers?place=VOTRE_VILLE.",
        )
    item = offer_summary(o)
    from backend.people.services.reports import is_reported

    item["reported"] = is_reported(session, "offer", o.id)
    if origin is not None:
        item = _with_distance(
            item, origin, geodata.haversine_m(origin.lat, origin.lon, o.lat, o.lon)
        )
    item.update(
        description=o.description,
        workplace_accessibility=o.workplace_accessibility,
        contact_modes=o.contact_modes.split(),
        source=o.source,
        apply_url=o.apply_url,
    )
    note = offer_rules.note_of(o)
    item.update(accepts_applications=note is None, applications_note=note)
    item["speech"] = speech.offer_detail(item)
    return item


# --- careers -------------------------------------------------------------------------------

CAREER_SCORE_CUTOFF = 75.0
STOPWORDS = {
    "de",
    "du",
    "des",
    "la",
    "le",
    "les",
    "en",
    "et",
    "d",
    "l",
    "un",
    "une",
    "a",
    "au",
    "aux",
}


def _fuzzy_pool(snap: Snapshot, length: int) -> list[str]:
    """The words of ``career_vocab`` (same order) that a token of ``length`` characters can
    reach with ``fuzz.ratio >= CAREER_SCORE_CUTOFF``: the ratio is at most
    ``100 * (1 - |a - b| / (a + b))`` for lengths ``a`` and ``b``, so the others are skipped
    without changing the answer (rapidfuzz breaks ties by position, which the pool keeps)."""
    pool = snap.career_vocab_pools.get(length)
    if pool is None:
        slack = 100 - CAREER_SCORE_CUTOFF  # 100 |a - b| <= slack (a + b), exact in floats
        pool = [
            w for w in snap.career_vocab if 100 * abs(len(w) - length) <= slack * (len(w) + length)
        ]
        snap.career_vocab_pools[length] = pool
    return pool


def _fuzzy_candidates(snap: Snapshot, token: str) -> list[str]:
    """The words of ``_fuzzy_pool`` (same order) that can still reach the cutoff by the
    characters they share with ``token``: ``fuzz.ratio`` is ``200 * LCS / (a + b)`` and the
    longest common subsequence is at most the characters the two words have in common (counted
    with repeats), so a word with ``8 * common < 3 * (a + b)`` scores under 75 and is skipped
    without changing the answer (the words kept stay in order, so ties break as before)."""
    length = len(token)
    counted = snap.career_pool_counts.get(length)
    if counted is None:
        pool = _fuzzy_pool(snap, length)
        chars = snap.career_chars
        counts = np.zeros((len(chars), len(pool)), dtype=np.uint8)  # a row per character
        for n, word in enumerate(pool):
            for c in word:
                counts[chars[c], n] += 1
        lengths = np.array([len(w) for w in pool], dtype=np.int32)
        counted = (np.array(pool, dtype=object), counts, lengths)
        snap.career_pool_counts[length] = counted
    words, counts, lengths = counted
    common = np.zeros(len(words), dtype=np.int32)
    for c in set(token):
        row = snap.career_chars.get(c)
        if row is not None:  # a character no career word has: nothing in common
            common += np.minimum(counts[row], token.count(c))
    assert CAREER_SCORE_CUTOFF == 75.0  # the bound below is written for this cutoff
    return list(words[8 * common >= 3 * (lengths + length)])


def _token_scores(snap: Snapshot, token: str) -> dict[int, float]:
    """Career position -> best score of ``token`` against the words of its label and job titles
    (100 for a word starting with the token, else rapidfuzz ratio >= cutoff; +5 in the label)."""
    found: dict[str, float] = {}
    vocab = snap.career_vocab  # sorted: the words starting with the token are one range
    for n in range(bisect.bisect_left(vocab, token), len(vocab)):
        if not vocab[n].startswith(token):
            break
        found[vocab[n]] = 100.0
    for word, score, _ in process.extract(
        token,
        _fuzzy_candidates(snap, token),
        scorer=fuzz.ratio,
        limit=40,
        score_cutoff=CAREER_SCORE_CUTOFF,
    ):
        found[word] = max(found.get(word, 0.0), float(score))
    scores: dict[int, float] = {}
    for word, score in found.items():
        for owner, in_label in snap.career_words[word].items():
            value = score + (5.0 if in_label else 0.0)
            if value > scores.get(owner, 0.0):
                scores[owner] = value
    return scores


# --- sectors (the ``sector`` filter of careers) ------------------------------------------------

SECTOR_CODE = re.compile(r"^([A-N](\d{2})?|\d{1,5})$")
SECTOR_KIND_WORDS = {
    "grand_domain": "le grand domaine",
    "domain": "le domaine",
    "activity_sector": "le secteur",
    "sub_sector": "le sous-secteur",
}


@dataclass(frozen=True)
class SectorIndex:
    """Every sector code (ROME grand domains and domains, activity sectors and sub-sectors)
    with its label and kind, and the careers of each activity sector and sub-sector, as read at
    one data version."""

    version: str
    labels: dict[str, str]
    kinds: dict[str, str]
    parents: dict[str, str | None]
    careers: dict[str, frozenset[str]]
    #: career code -> its activity sectors and sub-sectors, by label
    by_career: dict[str, tuple[str, ...]]


def load_sector_index(session: Session, version: str) -> SectorIndex:
    labels: dict[str, str] = {}
    kinds: dict[str, str] = {}
    parents: dict[str, str | None] = {}
    for model in (Sector, ActivitySector):
        for code, label, kind, parent in session.execute(
            select(model.code, model.label, model.kind, model.parent_code)
        ).tuples():
            labels[code], kinds[code], parents[code] = label, kind, parent
    careers: dict[str, set[str]] = {}
    by_career: dict[str, list[str]] = {}
    links = select(CareerActivitySector.sector_code, CareerActivitySector.career_code)
    for sector, career in session.execute(links).tuples():
        careers.setdefault(sector, set()).add(career)
        by_career.setdefault(career, []).append(sector)
    return SectorIndex(
        version,
        labels,
        kinds,
        parents,
        {k: frozenset(v) for k, v in careers.items()},
        {k: tuple(sorted(v, key=lambda c: (fold(labels[c]), c))) for k, v in by_career.items()},
    )


def check_sector(sector: str | None) -> str | None:
    if sector is None or not sector.strip():
        return None
    code = sector.strip().upper()
    if not SECTOR_CODE.fullmatch(code):
        raise ServiceError(
            422,
            "Code de secteur invalide",
            f"« {sector} » n'est pas un code de secteur. Donnez le code d'un secteur d'activité "
            "(99 pour le bâtiment), d'un sous-secteur, d'un grand domaine (H) ou d'un domaine "
            "(H29) : la liste est sur /api/v1/sectors.",
        )
    return code


@dataclass(frozen=True)
class SectorFilter:
    code: str
    kind: str
    label: str
    #: the careers of an activity sector or sub-sector; None for a ROME grand domain or domain
    #: (its careers are those whose code starts with it)
    careers: frozenset[str] | None


def sector_filter(index: SectorIndex, code: str) -> SectorFilter:
    if code not in index.labels:
        raise ServiceError(
            404,
            "Secteur inconnu",
            f"Aucun secteur ne porte le code {code}. "
            "La liste des secteurs et de leurs codes est sur /api/v1/sectors.",
        )
    kind = index.kinds[code]
    careers = None if kind in ("grand_domain", "domain") else index.careers.get(code, frozenset())
    return SectorFilter(code, kind, index.labels[code], careers)


def _sector_careers_speech(
    total: int, items: list[dict[str, Any]], q: str | None, sector: SectorFilter
) -> str:
    where = (
        f" dans {SECTOR_KIND_WORDS[sector.kind]} {speech._clean(speech.short_name(sector.label))}"
    )
    about = where + (f" pour « {q} »" if q else "")
    if total == 0:
        return speech._fit(
            f"Je n'ai trouvé aucun métier{about}.", ["Essayez un autre mot ou un autre secteur."]
        )
    noun = "métier" if total == 1 else "métiers"
    head = f"J'ai trouvé {speech.count_words(total, False)} {noun}{about}."
    parts = [
        f"{'Premier' if i == 0 else 'Puis'} : {speech._clean(item['label'])}."
        for i, item in enumerate(items[:3])
    ]
    return speech._fit(head, parts)


def search_careers(
    snap: Snapshot,
    *,
    q: str | None,
    rome: str | None,
    limit: int,
    offset: int,
    sector: SectorFilter | None = None,
) -> Page:
    rows = snap.careers
    tokens = [t for t in fold(q or "").split() if t not in STOPWORDS]
    if tokens:
        totals: dict[int, float] = {}
        for token in tokens:
            for owner, score in _token_scores(snap, token).items():
                totals[owner] = totals.get(owner, 0.0) + score
        ordered = sorted(totals, key=lambda o: (-totals[o], len(rows[o].label), rows[o].code))
        rows = [rows[o] for o in ordered]
    if rome:
        rows = [r for r in rows if r.code.startswith(rome)]
    if sector is not None:
        if sector.careers is None:
            rows = [r for r in rows if r.code.startswith(sector.code)]
        else:
            rows = [r for r in rows if r.code in sector.careers]
    total = len(rows)
    page = [dict(r.summary) for r in rows[offset : offset + limit]]
    if sector is not None:
        chosen = sector
        return Page(
            total, limit, offset, page, lambda: _sector_careers_speech(total, page, q, chosen)
        )
    return Page(total, limit, offset, page, lambda: speech.careers_list(total, page, q))


def career_detail(session: Session, snap: Snapshot, code: str) -> dict[str, Any]:
    code = code.strip().upper()
    if not re.fullmatch(r"[A-N]\d{4}", code):
        raise ServiceError(
            422,
            "Code ROME invalide",
            f"« {code} » n'est pas un code de métier ROME : il faut une lettre et quatre chiffres, "
            "par exemple H2913.",
        )
    c = session.get(Career, code)
    if c is None:
        raise ServiceError(
            404,
            "Métier introuvable",
            f"Aucun métier ne porte le code {code}. Cherchez un métier avec /api/v1/careers?q=MOT.",
        )
    sectors = {r.summary["domain_code"]: r.summary["domain_label"] for r in snap.careers}
    sectors.update(
        {r.summary["grand_domain_code"]: r.summary["grand_domain_label"] for r in snap.careers}
    )
    item = career_summary(c, sectors)
    titles = list(
        session.execute(
            select(JobTitle.label).where(JobTitle.career_code == code).order_by(JobTitle.label)
        ).scalars()
    )
    item["job_titles"] = titles
    item.update(summaries.provenance_fields(session, c.code, c.summary))
    item["onisep_label"] = c.onisep_label
    item["source"] = c.source
    item["speech"] = speech.career_detail(item, len(titles))
    return item
