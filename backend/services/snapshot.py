"""Per-process, read-only snapshot of what list searches need, with spatial indexes.

Each API process keeps the searchable rows (structures, published offers, careers) in memory,
with one ``geodata.PointIndex`` per structure kind and one for offers, so a search near a place
costs no SQL at all. The snapshot is rebuilt when ``meta.data_version`` changes (every import or
write bumps it); a process checks that version at most once every ``check_seconds`` (1 s by
default). So a row written through one process, or by ``totalacces import``, is found by every
other process on the same database within that delay. Details (``/structures/{id}``...) always
read the database.
"""

from __future__ import annotations

import gc
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

import numpy as np
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from backend.models import Career, JobTitle, Meta, Offer, Sector, Structure
from backend.services import trust
from geodata import PointIndex
from geodata.text import fold
from totalacces.vocabulary import KINDS

RESPONSE_CACHE_SIZE = 4096
#: ``Snapshot.offer_end`` of an offer without an end date
NO_END = date.max.toordinal()


@dataclass(slots=True)
class StructureRow:
    id: int
    kind: str
    lat: float
    lon: float
    age_min: int | None
    age_max: int | None
    search: str  # folded name + commune
    sort_key: tuple[str, str]
    summary: dict[str, Any]
    departement: str = ""


@dataclass(slots=True)
class OfferRow:
    id: int
    lat: float
    lon: float
    rome_codes: tuple[str, ...]
    levels: frozenset[str]
    accessible: bool
    start_date: date | None
    end_date: date | None
    search: str
    summary: dict[str, Any]
    departement: str = ""


@dataclass(slots=True)
class CareerRow:
    code: str
    label: str
    keys: list[str]  # folded label + job titles
    summary: dict[str, Any]


@dataclass
class Snapshot:
    version: str
    structures: dict[int, StructureRow] = field(default_factory=dict)
    structure_order: list[int] = field(default_factory=list)
    kind_index: dict[str, PointIndex] = field(default_factory=dict)
    all_index: PointIndex | None = None
    kind_counts: dict[str, int] = field(default_factory=dict)
    kind_ids: dict[str, list[int]] = field(default_factory=dict)
    #: the ids of ``all_index`` and of each ``kind_index``, in the index's order, as arrays
    all_id_array: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=np.int64))
    kind_id_arrays: dict[str, np.ndarray] = field(default_factory=dict)
    offers: dict[int, OfferRow] = field(default_factory=dict)
    offer_order: list[int] = field(default_factory=list)
    offer_index: PointIndex | None = None
    #: the offers in ``offer_index`` order, and each one's last day as an ordinal
    #: (``NO_END`` when it has none): the search filters the end date on the array
    offer_rows: list[OfferRow] = field(default_factory=list)
    offer_end: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=np.int64))
    careers: list[CareerRow] = field(default_factory=list)
    #: word -> {career position: True when the word is in the career's own label}
    career_words: dict[str, dict[int, bool]] = field(default_factory=dict)
    career_vocab: list[str] = field(default_factory=list)
    #: token length -> the words of career_vocab a fuzzy match of that length can reach
    #: (filled on first use by ``search._fuzzy_pool``)
    career_vocab_pools: dict[int, list[str]] = field(default_factory=dict)
    #: token length -> (the words of its fuzzy pool as an array, how many times each
    #: character of ``career_chars`` is in each of them (a row per character), their
    #: lengths); filled on first use by ``search._fuzzy_candidates``
    career_pool_counts: dict[int, tuple[np.ndarray, np.ndarray, np.ndarray]] = field(
        default_factory=dict
    )
    #: every character of ``career_vocab`` -> its row in ``career_pool_counts``
    career_chars: dict[str, int] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)


def structure_summary(s: Structure) -> dict[str, Any]:
    kind = KINDS.get(s.kind)
    return {
        "id": s.id,
        "kind": s.kind,
        "kind_label": kind.label if kind else s.kind,
        "name": s.name,
        "address": s.address,
        "postcode": s.postcode,
        "commune": s.commune,
        "code_insee": s.code_insee,
        "lat": s.lat,
        "lon": s.lon,
        "coord_precision": s.coord_precision,
        "phone": s.phone,
        "distance_m": None,
        "direction": None,
        "distance_text": None,
        "source": s.source,
        **trust.contact_fields(s),
    }


def offer_summary(o: Offer) -> dict[str, Any]:
    return {
        "id": o.id,
        "title": o.title,
        "employer": o.employer,
        "commune": o.commune,
        "code_insee": o.code_insee,
        "lat": o.lat,
        "lon": o.lon,
        "rome_codes": o.rome_codes.split(),
        "levels": o.levels.split(),
        "start_date": o.start_date.isoformat() if o.start_date else None,
        "end_date": o.end_date.isoformat() if o.end_date else None,
        "weeks": o.weeks,
        "places_left": o.places_left,
        "accessible": o.accessible,
        "distance_m": None,
        "direction": None,
        "distance_text": None,
        "is_example": o.is_example,
        "status": o.status,
    }


def career_summary(c: Career, sectors: dict[str, str]) -> dict[str, Any]:
    return {
        "code": c.code,
        "label": c.label,
        "domain_code": c.domain_code,
        "domain_label": sectors.get(c.domain_code, ""),
        "grand_domain_code": c.grand_domain_code,
        "grand_domain_label": sectors.get(c.grand_domain_code, ""),
        "is_industry": c.grand_domain_code == "H",
        "summary": c.summary,
        "onisep_url": c.onisep_url,
    }


def read_version(session: Session) -> str:
    return session.execute(select(Meta.value).where(Meta.key == "data_version")).scalar() or "0"


def mark_participation(session: Session, rows: dict[int, StructureRow]) -> None:
    """``takes_part``: the place reads callback requests on Total Accès (an active counselor,
    not paused); ``takes_part_demo``: only through demonstration accounts. Every account or
    pause change bumps the data version, so a snapshot never shows an old state."""
    from backend.people.services.participation import participating

    found = participating(session)
    for structure_id, row in rows.items():
        taking = found.get(structure_id)
        row.summary["takes_part"] = taking is not None
        row.summary["takes_part_demo"] = bool(taking and taking.demo)


def reported_ids(session: Session, target: str) -> set[int]:
    """Places (``structure``) or offers with an open « Signaler une erreur » report: they say
    "signalé comme à vérifier" on every surface. Every report opened or closed bumps the data
    version."""
    from backend.people.services.reports import open_targets

    return open_targets(session, target)


def build(session: Session) -> Snapshot:
    snap = Snapshot(version=read_version(session))
    by_kind: dict[str, list[StructureRow]] = {}
    for s in session.execute(select(Structure).where(Structure.status == "active")).scalars():
        row = StructureRow(
            s.id,
            s.kind,
            s.lat,
            s.lon,
            s.age_min,
            s.age_max,
            fold(f"{s.name} {s.commune}"),
            (fold(s.name), f"{s.id:09d}"),
            structure_summary(s),
            s.departement or "",
        )
        snap.structures[s.id] = row
        by_kind.setdefault(s.kind, []).append(row)
    mark_participation(session, snap.structures)
    reported = reported_ids(session, "structure")
    for structure_id, row in snap.structures.items():
        row.summary["reported"] = structure_id in reported
    snap.structure_order = [
        r.id for r in sorted(snap.structures.values(), key=lambda r: r.sort_key)
    ]
    every = list(snap.structures.values())
    snap.all_index = PointIndex(
        [r.lat for r in every], [r.lon for r in every], [r.id for r in every]
    )
    snap.all_id_array = np.array([r.id for r in every], dtype=np.int64)
    for kind, rows in by_kind.items():
        snap.kind_index[kind] = PointIndex(
            [r.lat for r in rows], [r.lon for r in rows], [r.id for r in rows]
        )
        snap.kind_counts[kind] = len(rows)
        snap.kind_ids[kind] = [r.id for r in rows]
        snap.kind_id_arrays[kind] = np.array(snap.kind_ids[kind], dtype=np.int64)
    offers = session.execute(select(Offer).where(Offer.status == "published")).scalars().all()
    for o in offers:
        snap.offers[o.id] = OfferRow(
            o.id,
            o.lat,
            o.lon,
            tuple(o.rome_codes.split()),
            frozenset(o.levels.split()),
            o.accessible,
            o.start_date,
            o.end_date,
            fold(f"{o.title} {o.employer} {o.commune}"),
            offer_summary(o),
            o.departement or "",
        )
    reported_offers = reported_ids(session, "offer")
    for offer_id, offer_row in snap.offers.items():
        offer_row.summary["reported"] = offer_id in reported_offers
    snap.offer_order = [
        r.id for r in sorted(snap.offers.values(), key=lambda r: (r.start_date or date.max, r.id))
    ]
    rows = list(snap.offers.values())
    snap.offer_index = PointIndex(
        [r.lat for r in rows], [r.lon for r in rows], [r.id for r in rows]
    )
    snap.offer_rows = rows
    snap.offer_end = np.array(
        [r.end_date.toordinal() if r.end_date is not None else NO_END for r in rows],
        dtype=np.int64,
    )
    sectors = dict(session.execute(select(Sector.code, Sector.label)).tuples().all())
    titles: dict[str, list[str]] = {}
    for code, label in session.execute(select(JobTitle.career_code, JobTitle.label)).tuples():
        titles.setdefault(code, []).append(label)
    for c in session.execute(select(Career).order_by(Career.code)).scalars():
        keys = [fold(c.label), *(fold(t) for t in titles.get(c.code, []))]
        row = CareerRow(c.code, c.label, keys, career_summary(c, sectors))
        position = len(snap.careers)
        for n, key in enumerate(keys):
            for word in key.split():
                if len(word) < 2:
                    continue
                owners = snap.career_words.setdefault(word, {})
                owners[position] = owners.get(position, False) or n == 0
        snap.careers.append(row)
    snap.career_vocab = sorted(snap.career_words)
    snap.career_chars = {c: n for n, c in enumerate(sorted({c for w in snap.career_vocab for c in w}))}
    snap.counts = {
        "structures": len(snap.structures),
        "offers": len(snap.offers),
        "careers": len(snap.careers),
        "sectors": len(sectors),
    }
    return snap


def utc_today() -> date:
    """The day offers are compared with (UTC, as the people side stores ``expired``)."""
    return datetime.now(UTC).date()


def freeze_heap() -> None:
    """Move every live object (the new snapshot included) out of the cyclic collector's reach.

    A snapshot is about 300,000 long-lived objects: without this, each full collection walks them
    all (about 95 ms measured on the bundled data), which stalls every request in flight and was
    the whole p99 of the API benchmark. Frozen objects are still freed by reference counting when
    a later snapshot replaces them; snapshots hold no reference cycles.
    """
    gc.collect()
    gc.freeze()


class SnapshotCache:
    """Thread-safe holder of the current snapshot of one process."""

    def __init__(self, engine: Engine, check_seconds: float = 1.0) -> None:
        self._engine = engine
        self._check_seconds = check_seconds
        self._lock = threading.Lock()
        self._snapshot: Snapshot | None = None
        self._checked_at = 0.0
        self._responses: dict[object, bytes] = {}
        self._responses_version: tuple[str, date] | None = None

    def get(self) -> Snapshot:
        snap = self._snapshot
        now = time.monotonic()
        if snap is not None and now - self._checked_at < self._check_seconds:
            return snap
        with self._lock:
            snap = self._snapshot
            if snap is not None and time.monotonic() - self._checked_at < self._check_seconds:
                return snap
            with Session(self._engine) as session:
                if snap is None or read_version(session) != snap.version:
                    snap = build(session)
                    self._snapshot = snap
                    freeze_heap()
            self._checked_at = time.monotonic()
            return snap

    def peek(self, snap: Snapshot, key: object) -> bytes | None:
        """The memoised body for ``key`` at this data version, or None."""
        if self._responses_version != (snap.version, utc_today()):
            return None
        return self._responses.get(key)

    def cached(self, snap: Snapshot, key: object, build: Callable[[], bytes]) -> bytes:
        """A response body memoised per process for the current data version (at most
        ``RESPONSE_CACHE_SIZE`` entries; the whole cache is dropped when the version changes)."""
        stamp = (snap.version, utc_today())  # offers leave search the day after they end
        if self._responses_version != stamp:
            self._responses = {}
            self._responses_version = stamp
        body = self._responses.get(key)
        if body is None:
            body = build()
            if len(self._responses) >= RESPONSE_CACHE_SIZE:
                self._responses = {}
            self._responses[key] = body
        return body

    def recheck(self) -> None:
        """Read the data version again on the next ``get`` (after a write in this process:
        a person sees their own change at once; other processes see it within a second)."""
        self._checked_at = 0.0

    def invalidate(self) -> None:
        with self._lock:
            self._checked_at = 0.0
            if self._snapshot is not None:
                self._snapshot.version = "stale"
