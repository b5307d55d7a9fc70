"""One sync run of one source.

1. A lock row (``sync_locks``): a second sync of the same source stops at once.
2. Every row is fetched before anything is written: a source that fails halfway changes nothing.
3. Each row is checked (identifier, name, kind, a commune Total Accès knows); a rejected row is
   reported with its reason; unreadable opening hours are dropped, the row kept.
4. All of it is applied in one transaction:
   - a row already linked to a place (``structure_sources``) updates it; else it is merged with a
     place of the same SIRET, else of the same name, address and commune; else a place is added;
     every source id is kept;
   - which value wins: a counselor's confirmation (still fresh) first, then the most recently
     updated source;
   - a place the source no longer lists is closed (not deleted) when no other source lists it;
     a run that would close more than ``max_close_share`` of the source's places stops and asks
     for ``--force``.
5. The report (added, changed, closed, rejected with reasons) is printed and stored
   (``sync_runs``); ``dry_run`` reports and rolls everything back.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Engine, delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

import geodata
from backend.importer import bump_data_version
from backend.models import Structure, StructureSource, SyncLock, SyncRun
from backend.services import hours as opening_hours
from backend.services import trust
from backend.sync.datainclusion import SourceRow
from backend.sync.http import SourceError
from geodata.text import fold
from totalacces.vocabulary import KINDS

MAX_CLOSE_SHARE = 0.2
#: One lock for every source: two syncs never run at once (they write the same places).
LOCK = "sync"
STALE_LOCK = timedelta(hours=6)
CONTACT_FIELDS = ("phone", "email", "website", "opening_hours", "description")
#: A geocoder: address, postcode, commune -> (lat, lon, score 0-1) or None.
Geocoder = Callable[[str, str | None, str], tuple[float, float, float] | None]
MIN_GEOCODE_SCORE = 0.7


class SyncLocked(Exception):
    pass


class SyncRefused(Exception):
    """Too many places would be closed: nothing was changed; ``--force`` to go on."""


@dataclass
class SyncReport:
    source: str
    dry_run: bool
    fetched: int = 0
    added: int = 0
    changed: int = 0
    unchanged: int = 0
    closed: int = 0
    rejected: list[tuple[str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    status: str = "running"
    licence: str = ""
    #: Whether the source's rows may go into the app's offline snapshot (its licence says).
    offline_allowed: bool = False

    def lines(self) -> list[str]:
        head = "Essai (rien n'est enregistré) : " if self.dry_run else ""
        out = [
            f"{head}{self.source} : {self.fetched} lignes lues, {self.added} lieux ajoutés, "
            f"{self.changed} modifiés, {self.unchanged} inchangés, {self.closed} fermés, "
            f"{len(self.rejected)} rejetées."
        ]
        out += [
            f"  rejetée {source_id or '(sans identifiant)'} : {why}"
            for source_id, why in self.rejected[:50]
        ]
        if len(self.rejected) > 50:
            out.append(f"  … et {len(self.rejected) - 50} autres rejets (voir sync_runs).")
        out += [f"  {note}" for note in self.notes[:20]]
        return out

    def as_json(self) -> str:
        return json.dumps(
            {
                "rejected": [{"id": i, "reason": r} for i, r in self.rejected],
                "notes": self.notes,
                "unchanged": self.unchanged,
                "licence": self.licence,
                "offline_allowed": self.offline_allowed,
            },
            ensure_ascii=False,
        )


# --- the lock --------------------------------------------------------------------------------


def _lock(engine: Engine, name: str, now: datetime) -> None:
    with Session(engine) as session:
        held = session.get(SyncLock, name)
        if held is not None:
            acquired = held.acquired_at.replace(tzinfo=held.acquired_at.tzinfo or UTC)
            if now - acquired < STALE_LOCK:
                raise SyncLocked(
                    f"Une synchronisation tourne déjà (depuis le {acquired:%d/%m à %H:%M} UTC)."
                )
            session.delete(held)  # left by a run killed long ago
            session.commit()
        session.add(SyncLock(name=name, acquired_at=now))
        try:
            session.commit()
        except IntegrityError as exc:  # another run took it between our read and our write
            raise SyncLocked("Une synchronisation tourne déjà.") from exc


def _unlock(engine: Engine, name: str) -> None:
    with Session(engine) as session:
        session.execute(delete(SyncLock).where(SyncLock.name == name))
        session.commit()


# --- checking a row --------------------------------------------------------------------------


def phone_text(raw: str | None) -> str | None:
    """ "+33478123456" / "04.78.12.34.56" -> "04 78 12 34 56"; overseas (+262...) likewise."""
    if not raw:
        return None
    digits = re.sub(r"\D", "", raw)
    if raw.strip().startswith("+") and digits.startswith("33") and len(digits) == 11:
        digits = "0" + digits[2:]
    elif raw.strip().startswith("+") and digits[:3] in {"262", "269", "590", "594", "596"}:
        digits = "0" + digits[3:] if len(digits) == 12 else digits
    if len(digits) == 10 and digits.startswith("0"):
        return " ".join(digits[i : i + 2] for i in range(0, 10, 2))
    return None


def _commune(row: SourceRow) -> Any:
    if row.code_insee:
        found = geodata.get_commune(row.code_insee)
        if found is not None:
            return found
    if row.commune:
        try:
            found = geodata.lookup(row.commune, limit=5)
        except ValueError:
            return None
        candidates = list(found.candidates)
        if row.postcode:  # "Saint-Denis" with its postcode: the right one
            candidates = [
                c for c in candidates if row.postcode in (c.postcodes or ())
            ] or candidates
        if candidates and (row.postcode or not found.ambiguous):
            return candidates[0]
    return None


@dataclass
class Checked:
    row: SourceRow
    commune: Any
    lat: float
    lon: float
    precision: str
    phone: str | None
    hours: str | None


def check(row: SourceRow, geocode: Geocoder | None, report: SyncReport) -> Checked | None:
    if not row.source_id:
        report.rejected.append(("", "identifiant manquant"))
        return None
    if len(row.name) < 3:
        report.rejected.append((row.source_id, "nom manquant"))
        return None
    if row.kind not in KINDS:
        report.rejected.append((row.source_id, f"type inconnu « {row.kind} »"))
        return None
    commune = _commune(row)
    if commune is None:
        report.rejected.append((row.source_id, "commune inconnue de Total Accès"))
        return None
    if (
        row.lat is not None
        and row.lon is not None
        and geodata.haversine_m(row.lat, row.lon, commune.lat, commune.lon) < 30_000
    ):
        lat, lon, precision = row.lat, row.lon, "address"
    else:
        lat, lon, precision = commune.lat, commune.lon, "commune"
        if geocode is not None and row.address:
            found = geocode(row.address, row.postcode, row.commune or commune.nom)
            if found is not None and found[2] >= MIN_GEOCODE_SCORE:
                lat, lon, precision = found[0], found[1], "address"
    hours = row.opening_hours
    if hours and not opening_hours.is_osm(hours):
        report.notes.append(f"{row.source_id} : horaires illisibles, non repris « {hours[:60]} »")
        hours = None
    return Checked(row, commune, lat, lon, precision, phone_text(row.phone), hours)


# --- applying --------------------------------------------------------------------------------


def _values(c: Checked, label: str, licence: str, today: str) -> dict[str, Any]:
    row = c.row
    return {
        "kind": row.kind,
        "name": row.name[:300],
        "address": (row.address or None) and row.address[:300],
        "postcode": row.postcode,
        "commune": c.commune.nom,
        "code_insee": c.commune.code_insee,
        "departement": c.commune.departement,
        "lat": c.lat,
        "lon": c.lon,
        "coord_precision": c.precision,
        "phone": c.phone,
        "email": row.email,
        "website": row.website,
        "opening_hours": c.hours,
        "description": row.description,
        "siret": row.siret if row.siret and re.fullmatch(r"\d{14}", row.siret) else None,
        "source": label,
        "licence": licence,
        "source_date": row.updated_at or today,
        "verified": trust.is_fresh(row.updated_at or today),
    }


def _match(session: Session, values: dict[str, Any]) -> Structure | None:
    """The same place from another dataset: same SIRET, else same name, address and commune."""
    if values["siret"]:
        found = session.scalar(select(Structure).where(Structure.siret == values["siret"]).limit(1))
        if found is not None:
            return found
    name, address = fold(values["name"]), fold(values["address"] or "")
    for candidate in session.scalars(
        select(Structure).where(Structure.code_insee == values["code_insee"])
    ):
        if fold(candidate.name) == name and fold(candidate.address or "") == address:
            return candidate
    return None


def _update(structure: Structure, values: dict[str, Any], updated_at: str | None) -> bool:
    """Apply the winning values; True when something changed."""
    counselor = structure.source in trust.COUNSELOR_SOURCES and trust.is_fresh(
        structure.source_date
    )
    newer = (updated_at or "") >= (structure.source_date or "")
    if counselor or not newer:
        return False  # a fresh counselor confirmation, or a more recent source, wins
    changed = False
    for key, value in values.items():
        if key in ("kind",) or (value is None and key in CONTACT_FIELDS + ("address", "siret")):
            continue  # the source says nothing of it: what is known stays
        if getattr(structure, key) != value:
            setattr(structure, key, value)
            changed = True
    if structure.status != "active":
        structure.status, changed = "active", True
    return changed


def apply(
    session: Session,
    source: str,
    label: str,
    licence: str,
    checked: list[Checked],
    report: SyncReport,
    now: datetime,
    max_close_share: float,
    force: bool,
) -> None:
    today = now.date().isoformat()
    links = {
        link.source_id: link
        for link in session.scalars(select(StructureSource).where(StructureSource.source == source))
    }
    seen: set[str] = set()
    for c in checked:
        row = c.row
        if row.source_id in seen:
            report.rejected.append((row.source_id, "en double dans la source"))
            continue
        seen.add(row.source_id)
        values = _values(c, label, licence, today)
        link = links.get(row.source_id)
        structure = session.get(Structure, link.structure_id) if link is not None else None
        if structure is None:
            structure = _match(session, values)
        if structure is None:
            structure = Structure(
                dataset=f"sync:{source}",
                external_id=f"{source}:{row.source_id}"[:120],
                status="active",
                **values,
            )
            session.add(structure)
            session.flush()
            report.added += 1
        elif _update(structure, values, row.updated_at):
            report.changed += 1
        else:
            report.unchanged += 1
        if link is None:
            link = StructureSource(
                source=source, source_id=row.source_id, structure_id=structure.id
            )
            session.add(link)
            links[row.source_id] = link
        link.structure_id = structure.id
        link.fetched_at = now
        link.source_updated_at = row.updated_at
        link.gone = False
    # Places the source no longer lists.
    missing = [link for sid, link in links.items() if sid not in seen and not link.gone]
    listed = len([link for link in links.values() if not link.gone or link.source_id in seen])
    to_close: list[Structure] = []
    for link in missing:
        link.gone = True
        structure = session.get(Structure, link.structure_id)
        if structure is None or structure.status != "active":
            continue
        others = session.scalar(
            select(StructureSource.id)
            .where(
                StructureSource.structure_id == structure.id,
                StructureSource.gone.is_(False),
                StructureSource.id != link.id,
            )
            .limit(1)
        )
        if others is None and structure.dataset.startswith("sync:"):
            to_close.append(structure)
    if to_close and not force and len(to_close) > max_close_share * max(listed, 1):
        raise SyncRefused(
            f"{len(to_close)} lieux sur {listed} ne sont plus dans {source} : c'est plus de "
            f"{max_close_share:.0%}. Rien n'a changé. Vérifiez la source, puis relancez avec "
            "--force pour les fermer."
        )
    for structure in to_close:
        structure.status = "closed"
        structure.verification_note = f"N'apparaît plus dans {label} depuis le {today}."[:300]
        report.closed += 1


def run(
    engine: Engine,
    source: str,
    label: str,
    licence: str,
    fetch_rows: Callable[[], Iterable[SourceRow]],
    *,
    dry_run: bool = False,
    force: bool = False,
    max_close_share: float = MAX_CLOSE_SHARE,
    geocode: Geocoder | None = None,
    now: datetime | None = None,
    progress: Callable[[str], None] | None = None,
    offline_allowed: bool = False,
) -> SyncReport:
    """One run (see the module's text). Raises SyncLocked, SourceError (nothing changed) or
    SyncRefused (nothing changed); the run is stored in ``sync_runs`` in every case but a lock."""
    started = now or datetime.now(UTC)
    report = SyncReport(
        source=source, dry_run=dry_run, licence=licence, offline_allowed=offline_allowed
    )

    def write(session: Session, rows: list[Any]) -> None:
        if progress:
            progress(f"{len(rows)} lignes lues ; vérification…")
        checked = [c for c in (check(r, geocode, report) for r in rows) if c is not None]
        apply(session, source, label, licence, checked, report, started, max_close_share, force)

    return one_run(engine, report, fetch_rows, write, started)


def one_run(
    engine: Engine,
    report: SyncReport,
    fetch_rows: Callable[[], Iterable[Any]],
    write: Callable[[Session, list[Any]], None],
    now: datetime,
) -> SyncReport:
    """The frame every sync shares: the lock; every row fetched before anything is written;
    ``write`` in one transaction (rolled back for a dry run, a refusal or any error); the data
    version bumped when something changed; the report stored in every case."""
    _lock(engine, LOCK, now)
    try:
        try:
            rows = list(fetch_rows())
        except SourceError as exc:
            report.status = "failed"
            report.notes.append(str(exc))
            raise
        report.fetched = len(rows)
        with Session(engine) as session:
            try:
                write(session, rows)
                if report.dry_run:
                    session.rollback()
                else:
                    session.flush()
                    if report.added or report.changed or report.closed:
                        bump_data_version(session.connection())
                    session.commit()
            except SyncRefused as exc:
                session.rollback()
                report.status = "refused"
                report.notes.append(str(exc))
                raise
            except BaseException:
                session.rollback()
                report.status = "failed"
                raise
        report.status = "done"
        return report
    finally:
        _store(engine, report, now)
        _unlock(engine, LOCK)


def _store(engine: Engine, report: SyncReport, started: datetime) -> None:
    with Session(engine) as session:
        session.add(
            SyncRun(
                source=report.source,
                started_at=started,
                finished_at=datetime.now(UTC),
                status=report.status,
                dry_run=report.dry_run,
                fetched=report.fetched,
                added=report.added,
                changed=report.changed,
                closed=report.closed,
                rejected=len(report.rejected),
                report=report.as_json(),
            )
        )
        session.commit()
