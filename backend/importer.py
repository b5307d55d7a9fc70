"""``totalacces import``: load the bundled datasets (``backend/data/manifest.json``) into the database.

- Every row is validated; valid rows are kept, each rejected one is reported with its file, line
  and reason (French).
- A structurally broken file (unreadable, missing columns, truncated) rejects the whole dataset and
  leaves its table as it was: each dataset is read and validated completely first, then written in
  its own transaction.
- Idempotent: rows are matched on their natural key and only written when a value differs; rows
  that left a dataset are deleted. A second run changes nothing (and says so).
- Any change bumps ``meta.data_version`` so that API processes refresh their search snapshots.
- ``activity_sectors`` rows also carry their careers (``rome_codes``): the links
  (``career_activity_sectors``) are synchronised in the same transaction as the sectors.
- A ``structure_checks`` dataset (the 2023 Missions locales referential) writes no table: it is
  validated first, then applied to the rows of the structures dataset it ``checks``
  (``milo_code``, ``verification_note``, ``verified``) before they are synchronised. When it
  cannot be read, that structures dataset is not imported either (its table stays as it was).
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import json
import math
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import Engine, Table, delete, insert, select, update
from sqlalchemy.engine import Connection

from backend.models import (
    ActivitySector,
    Career,
    CareerActivitySector,
    Dataset,
    JobTitle,
    Meta,
    Offer,
    Sector,
    Structure,
    StructureSource,
)
from backend.sample_offers import calendar_shift
from backend.services import trust
from totalacces import vocabulary
from totalacces.vocabulary import KINDS

# Columns of the bundled structure and offer files, in order (scripts/build_backend_data.py
# writes them; the importer reads them by name).
STRUCTURE_FIELDS = [
    "external_id",
    "kind",
    "name",
    "address",
    "postcode",
    "commune",
    "code_insee",
    "departement",
    "lat",
    "lon",
    "coord_precision",
    "phone",
    "email",
    "website",
    "verified",
    "verification_note",
    # Optional: the ages a place takes when they differ from its kind's (a micro-collège).
    "age_min",
    "age_max",
    "description",
]
OFFER_FIELDS = [
    "external_id",
    "title",
    "description",
    "employer",
    "commune",
    "code_insee",
    "departement",
    "lat",
    "lon",
    "rome_codes",
    "levels",
    "start_date",
    "end_date",
    "weeks",
    "places_left",
    "contact_modes",
    "accessible",
    "workplace_accessibility",
]
LEVELS = frozenset(vocabulary.LEVELS)
CONTACT_MODES = frozenset(vocabulary.CONTACT_MODE_LABELS)
SUMMARIES_FILE = "career_summaries_fr.yaml"
_INSEE = re.compile(r"^(\d{5}|2[AB]\d{3})$")
_ROME = re.compile(r"^[A-N]\d{4}$")
_MILO = re.compile(r"^\d[\dAB]\d{3}S\d{2}$")
CHECK_STATUSES = ("matched", "ambiguous", "unmatched", "only_2023")
MILO_CONFIRMED = "Confirmée par le référentiel 2023 des Missions locales (code MILO {code})."
MILO_AMBIGUOUS = (
    "Référentiel 2023 des Missions locales : correspondance ambiguë (codes MILO {codes}), "
    "à vérifier."
)
MILO_ABSENT = "Mission locale absente de la liste 2023 : peut avoir fusionné ou fermé (à vérifier)."


class DatasetError(Exception):
    """The file as a whole cannot be imported (French message)."""


@dataclass
class Rejection:
    file: str
    line: int
    reason: str

    def __str__(self) -> str:
        return f"{self.file}, ligne {self.line} : {self.reason}"


@dataclass
class DatasetReport:
    name: str
    file: str
    valid: int = 0
    inserted: int = 0
    updated: int = 0
    deleted: int = 0
    unchanged: int = 0
    rejected: list[Rejection] = field(default_factory=list)
    error: str | None = None
    links_inserted: int = 0
    links_deleted: int = 0
    #: What else happened (links written, checks applied), French, added to the report line.
    note: str | None = None
    #: False for a dataset that only checks another one (it writes no table).
    writes: bool = True

    @property
    def changed(self) -> int:
        return (
            self.inserted + self.updated + self.deleted + self.links_inserted + self.links_deleted
        )


@dataclass
class ImportReport:
    datasets: list[DatasetReport] = field(default_factory=list)
    skipped: str | None = None

    @property
    def changed(self) -> int:
        return sum(d.changed for d in self.datasets)

    @property
    def ok(self) -> bool:
        return all(d.error is None for d in self.datasets)

    def lines(self) -> Iterator[str]:
        if self.skipped:
            yield self.skipped
        for d in self.datasets:
            if d.error:
                yield f"{d.name} ({d.file}) : NON IMPORTÉ, {d.error}"
                continue
            counts = (
                f"{d.inserted} ajoutées, {d.updated} modifiées, {d.deleted} supprimées, "
                f"{d.unchanged} inchangées, "
                if d.writes
                else ""
            )
            yield (
                f"{d.name} ({d.file}) : {d.valid} lignes valides, {counts}"
                f"{len(d.rejected)} rejetées" + (f" ; {d.note}" if d.note else "")
            )
            for r in d.rejected:
                yield f"  rejetée : {r}"
        if not self.skipped:
            yield "Aucun changement." if self.changed == 0 else f"{self.changed} changements."


# --- reading -------------------------------------------------------------------------------


def read_rows(path: Path, required: list[str]) -> list[tuple[int, dict[str, str]]]:
    """(line number, row) for each data row; DatasetError when the file itself is broken."""
    try:
        data = path.read_bytes()
        if path.suffix == ".gz":
            data = gzip.decompress(data)
        text = data.decode("utf-8-sig")
    except FileNotFoundError:
        raise DatasetError(f"le fichier {path.name} est introuvable") from None
    except (OSError, EOFError, UnicodeDecodeError, gzip.BadGzipFile) as exc:
        raise DatasetError(f"le fichier {path.name} est illisible ({exc})") from None
    reader = csv.DictReader(io.StringIO(text), strict=True)
    try:
        header = reader.fieldnames or []
        missing = [c for c in required if c not in header]
        if missing:
            raise DatasetError(f"colonnes manquantes dans {path.name} : {', '.join(missing)}")
        rows = []
        for row in reader:
            if None in row or any(v is None for v in row.values()):
                rows.append((reader.line_num, {"__broken__": "1"}))
            else:
                rows.append((reader.line_num, row))
        return rows
    except csv.Error as exc:
        raise DatasetError(
            f"{path.name}, ligne {reader.line_num} : CSV mal formé ({exc})"
        ) from None


def _text(
    row: dict[str, str], key: str, *, required: bool = False, max_len: int = 300
) -> str | None:
    value = (row.get(key) or "").strip()
    if not value:
        if required:
            raise ValueError(f"le champ « {key} » est vide")
        return None
    if len(value) > max_len:
        raise ValueError(f"le champ « {key} » est trop long ({len(value)} caractères)")
    return value


def _float(row: dict[str, str], key: str, lo: float, hi: float) -> float:
    try:
        value = float(row.get(key) or "")
    except ValueError:
        raise ValueError(f"« {key} » n'est pas un nombre : {row.get(key)!r}") from None
    if not math.isfinite(value) or not lo <= value <= hi:
        raise ValueError(f"« {key} » est hors limites : {value}")
    return value


def _ages(row: dict[str, str], info: Any) -> dict[str, Any]:
    """The row's own ages and description when it gives ages (a micro-collège among the
    micro-lycées), else its kind's."""
    low = _int(row, "age_min", 6, 99, required=False)
    high = _int(row, "age_max", 6, 99, required=False)
    if low is None and high is None:
        return {
            "age_min": info.age_min,
            "age_max": info.age_max,
            "description": info.description or None,
        }
    if low is not None and high is not None and low > high:
        raise ValueError(f"âges incohérents : {low} à {high}")
    own = _text(row, "description") or info.description or None
    return {"age_min": low, "age_max": high, "description": own}


def _int(row: dict[str, str], key: str, lo: int, hi: int, *, required: bool = True) -> int | None:
    raw = (row.get(key) or "").strip()
    if not raw and not required:
        return None
    try:
        value = int(raw)
    except ValueError:
        raise ValueError(f"« {key} » n'est pas un nombre entier : {raw!r}") from None
    if not lo <= value <= hi:
        raise ValueError(f"« {key} » est hors limites : {value}")
    return value


def _bool(row: dict[str, str], key: str) -> bool:
    raw = (row.get(key) or "").strip()
    if raw not in ("0", "1"):
        raise ValueError(f"« {key} » doit valoir 0 ou 1, pas {raw!r}")
    return raw == "1"


def _date(row: dict[str, str], key: str) -> date | None:
    raw = (row.get(key) or "").strip()
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise ValueError(f"« {key} » n'est pas une date AAAA-MM-JJ : {raw!r}") from None


# --- validation per table ------------------------------------------------------------------

Meta_ = dict[str, Any]
Validator = Callable[[dict[str, str], Meta_, dict[str, Any]], dict[str, Any]]


def _provenance(meta: Meta_) -> dict[str, Any]:
    return {
        "dataset": meta["name"],
        "source": meta["source"],
        "licence": meta["licence"],
        "source_date": meta["source_date"],
    }


def validate_sector(row: dict[str, str], meta: Meta_, ctx: dict[str, Any]) -> dict[str, Any]:
    code = _text(row, "code", required=True, max_len=5) or ""
    kind = _text(row, "kind", required=True)
    if kind not in ("grand_domain", "domain"):
        raise ValueError(f"type de secteur inconnu : {kind!r}")
    if not re.fullmatch(r"[A-N]" if kind == "grand_domain" else r"[A-N]\d{2}", code):
        raise ValueError(f"code de secteur invalide : {code!r}")
    parent = _text(row, "parent")
    if kind == "domain" and parent != code[0]:
        raise ValueError(f"le domaine {code} doit avoir pour parent {code[0]}")
    return {
        "code": code,
        "label": _text(row, "label", required=True),
        "kind": kind,
        "parent_code": parent,
        "source": meta["source"],
        "licence": meta["licence"],
        "source_date": meta["source_date"],
        "verified": meta["verified"],
    }


def validate_activity_sector(
    row: dict[str, str], meta: Meta_, ctx: dict[str, Any]
) -> dict[str, Any]:
    """A ROME activity sector or sub-sector; ``__links__`` = its career codes. A sub-sector comes
    after its sector in the file and lists only careers of that sector."""
    code = _text(row, "code", required=True, max_len=10) or ""
    if not re.fullmatch(r"[0-9]+", code):
        raise ValueError(f"code de secteur d'activité invalide : {code!r}")
    kind = _text(row, "kind", required=True)
    if kind not in ("activity_sector", "sub_sector"):
        raise ValueError(f"type de secteur d'activité inconnu : {kind!r}")
    codes = (row.get("rome_codes") or "").split()
    if len(set(codes)) != len(codes):
        raise ValueError("un code ROME apparaît deux fois dans « rome_codes »")
    unknown = [c for c in codes if c not in ctx["career_codes"]]
    if unknown:
        raise ValueError(f"métier ROME inconnu : {', '.join(unknown[:5])}")
    parent = _text(row, "parent", max_len=10)
    sectors: dict[str, set[str]] = ctx["activity_sector_careers"]
    if kind == "activity_sector" and parent:
        raise ValueError(f"un secteur d'activité n'a pas de parent (reçu : {parent!r})")
    if kind == "sub_sector":
        if parent not in sectors:
            raise ValueError(
                f"le secteur {parent!r} du sous-secteur {code} est inconnu ou vient après lui"
            )
        outside = sorted(set(codes) - sectors[parent])
        if outside:
            raise ValueError(f"métiers absents du secteur {parent} : {', '.join(outside[:5])}")
    value = {
        "code": code,
        "label": _text(row, "label", required=True, max_len=200),
        "kind": kind,
        "parent_code": parent,
        "definition": _text(row, "definition", max_len=4000),
        "source": meta["source"],
        "licence": meta["licence"],
        "source_date": meta["source_date"],
        "verified": meta["verified"],
        "__links__": codes,
    }
    if kind == "activity_sector" and code not in sectors:
        sectors[code] = set(codes)
    return value


def validate_structure_check(
    row: dict[str, str], meta: Meta_, ctx: dict[str, Any]
) -> dict[str, Any]:
    """One line of the Missions locales cross-check: a 2019 row (``matched`` to one MILO code,
    ``ambiguous`` between several, ``unmatched``) or a 2023 entry no 2019 row matched
    (``only_2023``, informational: no place, nothing to import)."""
    status = _text(row, "status", required=True)
    if status not in CHECK_STATUSES:
        raise ValueError(f"statut inconnu : {status!r} (attendu : {', '.join(CHECK_STATUSES)})")
    codes = (row.get("milo_code") or "").split()
    bad = [c for c in codes if not _MILO.fullmatch(c)]
    if bad:
        raise ValueError(f"code MILO invalide : {bad[0]!r}")
    wanted = {
        "matched": "un",
        "only_2023": "un",
        "ambiguous": "au moins deux",
        "unmatched": "aucun",
    }
    count_ok = {
        "matched": len(codes) == 1,
        "only_2023": len(codes) == 1,
        "ambiguous": len(codes) >= 2,
        "unmatched": not codes,
    }
    if not count_ok[status]:
        raise ValueError(f"une ligne « {status} » doit avoir {wanted[status]} code MILO")
    external_id = _text(row, "external_id", max_len=120)
    if status == "only_2023":
        if external_id:
            raise ValueError("une entrée « only_2023 » n'a pas de ligne de 2019 (external_id)")
        key = f"milo:{codes[0]}"
    elif not external_id:
        raise ValueError("le champ « external_id » est vide")
    else:
        key = external_id
    _int(row, "score", 0, 100, required=False)
    return {"external_id": key, "status": status, "milo_codes": codes}


def _n(count: int, word: str) -> str:
    """ "1 ambiguë", "2 ambiguës"."""
    return f"{count} {word}{'s' if count > 1 else ''}"


def apply_structure_checks(rows: list[dict[str, Any]], checks: dict[str, dict[str, Any]]) -> str:
    """Missions locales of ``rows`` get their MILO code and a verification note; those absent
    from the 2023 list are flagged unverified. Returns a French summary."""
    counts = dict.fromkeys(("matched", "ambiguous", "unmatched"), 0)
    for row in rows:
        check = checks.get(row["external_id"])
        if check is None or row["kind"] != "mission_locale":
            continue
        status, codes = check["status"], check["milo_codes"]
        if status == "matched":
            row["milo_code"] = codes[0]
            note = MILO_CONFIRMED.format(code=codes[0])
        elif status == "ambiguous":
            note = MILO_AMBIGUOUS.format(codes=" ou ".join(codes))
        else:
            note = MILO_ABSENT
            row["verified"] = False
        row["verification_note"] = (
            f"{row['verification_note']} ; {note}" if row["verification_note"] else note
        )[:300]
        counts[status] += 1
    return (
        f"Missions locales vérifiées avec le référentiel 2023 : "
        f"{_n(counts['matched'], 'confirmée')}, {_n(counts['ambiguous'], 'ambiguë')}, "
        f"{_n(counts['unmatched'], 'absente')}"
    )


def validate_career(row: dict[str, str], meta: Meta_, ctx: dict[str, Any]) -> dict[str, Any]:
    code = _text(row, "code", required=True) or ""
    if not _ROME.fullmatch(code):
        raise ValueError(f"code ROME invalide : {code!r}")
    domain = _text(row, "domain_code", required=True)
    if domain not in ctx["sector_codes"] or domain != code[:3]:
        raise ValueError(f"domaine professionnel inconnu : {domain!r}")
    url = _text(row, "onisep_url")
    if url and not url.startswith("https://"):
        raise ValueError(f"lien Onisep invalide : {url!r}")
    return {
        "code": code,
        "label": _text(row, "label", required=True),
        "domain_code": domain,
        "grand_domain_code": code[0],
        "summary": ctx["summaries"].get(code),
        "onisep_url": url,
        "onisep_label": _text(row, "onisep_label"),
        "source": meta["source"],
        "licence": meta["licence"],
        "source_date": meta["source_date"],
        "verified": meta["verified"],
    }


def validate_job_title(row: dict[str, str], meta: Meta_, ctx: dict[str, Any]) -> dict[str, Any]:
    career = _text(row, "career_code", required=True)
    if career not in ctx["career_codes"]:
        raise ValueError(f"métier ROME inconnu : {career!r}")
    code = _text(row, "code_ogr", required=True, max_len=12) or ""
    if not code.isdigit():
        raise ValueError(f"code OGR invalide : {code!r}")
    return {"code_ogr": code, "career_code": career, "label": _text(row, "label", required=True)}


def validate_structure(row: dict[str, str], meta: Meta_, ctx: dict[str, Any]) -> dict[str, Any]:
    kind = _text(row, "kind", required=True) or ""
    if kind not in KINDS:
        raise ValueError(f"type de structure inconnu : {kind!r}")
    insee = _text(row, "code_insee")
    if insee and not _INSEE.fullmatch(insee):
        raise ValueError(f"code INSEE invalide : {insee!r}")
    precision = _text(row, "coord_precision", required=True)
    if precision not in ("address", "commune"):
        raise ValueError(f"précision des coordonnées inconnue : {precision!r}")
    info = KINDS[kind]
    return {
        **_provenance(meta),
        "external_id": _text(row, "external_id", required=True, max_len=120),
        "kind": kind,
        "name": _text(row, "name", required=True),
        "address": _text(row, "address"),
        "postcode": _text(row, "postcode", max_len=10),
        "commune": _text(row, "commune", required=True),
        "code_insee": insee,
        "departement": _text(row, "departement", max_len=3),
        "lat": _float(row, "lat", -90, 90),
        "lon": _float(row, "lon", -180, 180),
        "coord_precision": precision,
        "phone": _text(row, "phone", max_len=40),
        "email": _text(row, "email", max_len=200),
        "website": _text(row, "website"),
        **_ages(row, info),
        "verified": meta["verified"] and _bool(row, "verified"),
        "verification_note": _text(row, "verification_note"),
        "milo_code": None,
    }


def validate_offer(row: dict[str, str], meta: Meta_, ctx: dict[str, Any]) -> dict[str, Any]:
    codes = (_text(row, "rome_codes", required=True) or "").split()
    for code in codes:
        if code not in ctx["career_codes"]:
            raise ValueError(f"code ROME inconnu : {code!r}")
    levels = (_text(row, "levels", required=True) or "").split()
    bad = [lv for lv in levels if lv not in LEVELS]
    if bad:
        raise ValueError(f"niveau inconnu : {', '.join(bad)}")
    modes = (_text(row, "contact_modes", required=True) or "").split()
    if any(m not in CONTACT_MODES for m in modes):
        raise ValueError(f"mode de contact inconnu dans {modes}")
    insee = _text(row, "code_insee", required=True) or ""
    if not _INSEE.fullmatch(insee):
        raise ValueError(f"code INSEE invalide : {insee!r}")
    start, end = _date(row, "start_date"), _date(row, "end_date")
    if meta["name"] == "sample_offers":  # the example calendar follows the import day
        shift = ctx["sample_calendar_shift"]
        start, end = (start + shift if start else None), (end + shift if end else None)
    if start and end and end < start:
        raise ValueError("la date de fin est avant la date de début")
    accessible = _bool(row, "accessible")
    return {
        **_provenance(meta),
        "verified": meta["verified"],
        "external_id": _text(row, "external_id", required=True, max_len=120),
        "title": _text(row, "title", required=True),
        "description": _text(row, "description", required=True, max_len=4000),
        "employer": _text(row, "employer", required=True),
        "commune": _text(row, "commune", required=True),
        "code_insee": insee,
        "departement": _text(row, "departement", max_len=3),
        "lat": _float(row, "lat", -90, 90),
        "lon": _float(row, "lon", -180, 180),
        "rome_codes": " ".join(codes),
        "levels": " ".join(levels),
        "start_date": start,
        "end_date": end,
        "weeks": _int(row, "weeks", 1, 52, required=False),
        "places_left": _int(row, "places_left", 0, 1000),
        "contact_modes": " ".join(modes),
        "accessible": accessible,
        "workplace_accessibility": _text(row, "workplace_accessibility", max_len=2000),
        "is_example": meta["name"] == "sample_offers",
        "status": "published",
    }


TABLES: dict[str, tuple[Table, str, Validator, list[str]]] = {
    "sectors": (Sector.__table__, "code", validate_sector, ["code", "label", "kind", "parent"]),
    "careers": (
        Career.__table__,
        "code",
        validate_career,
        ["code", "label", "domain_code", "grand_domain_code", "onisep_url", "onisep_label"],
    ),
    "job_titles": (
        JobTitle.__table__,
        "code_ogr",
        validate_job_title,
        ["code_ogr", "career_code", "label"],
    ),
    "activity_sectors": (
        ActivitySector.__table__,
        "code",
        validate_activity_sector,
        ["code", "label", "kind", "parent", "definition", "rome_codes"],
    ),
    "structures": (
        Structure.__table__,
        "external_id",
        validate_structure,
        ["external_id", "kind", "name", "commune", "lat", "lon", "coord_precision", "verified"],
    ),
    "offers": (
        Offer.__table__,
        "external_id",
        validate_offer,
        [
            "external_id",
            "title",
            "employer",
            "code_insee",
            "lat",
            "lon",
            "rome_codes",
            "levels",
            "places_left",
            "contact_modes",
            "accessible",
        ],
    ),
}


#: Datasets that write no table but check the rows of another dataset (manifest key "checks").
CHECKS: dict[str, tuple[str, Validator, list[str]]] = {
    "structure_checks": (
        "external_id",
        validate_structure_check,
        ["external_id", "status", "milo_code", "departement", "score"],
    ),
}
#: Many-to-many rows written with a table: its values carry them under ``__links__``.
LINKS: dict[str, tuple[Table, str, str]] = {
    "activity_sectors": (CareerActivitySector.__table__, "sector_code", "career_code"),
}


# --- writing -------------------------------------------------------------------------------


def _kept_places(conn: Connection, dataset: str | None) -> set[str]:
    """External ids of a dataset's places that a re-import must not overwrite nor delete: those
    a counselor edited or confirmed, and those a live source (``totalacces sync``) now lists."""
    table = Structure.__table__
    linked = select(StructureSource.structure_id).where(StructureSource.gone.is_(False))
    stmt = select(table.c.external_id).where(
        table.c.source.in_(trust.COUNSELOR_SOURCES) | table.c.id.in_(linked)
    )
    if dataset is not None:
        stmt = stmt.where(table.c.dataset == dataset)
    return set(conn.scalars(stmt))


def _sync(
    conn: Connection,
    table: Table,
    key: str,
    rows: list[dict[str, Any]],
    dataset: str | None,
    report: DatasetReport,
) -> None:
    columns = list(rows[0]) if rows else [key]
    stmt = select(*[table.c[c] for c in columns])
    if dataset is not None:
        stmt = stmt.where(table.c.dataset == dataset)
    existing = {r[key]: r for r in (row._asdict() for row in conn.execute(stmt))}
    kept = _kept_places(conn, dataset) if table is Structure.__table__ else set()
    to_insert, seen = [], set()
    for row in rows:
        k = row[key]
        seen.add(k)
        old = existing.get(k)
        if old is None:
            to_insert.append(row)
        elif k in kept:  # a counselor or a more recent source said otherwise: it wins
            report.unchanged += 1
        elif any(old[c] != row[c] for c in columns):
            conn.execute(update(table).where(table.c[key] == k).values(**row))
            report.updated += 1
        else:
            report.unchanged += 1
    gone = [k for k in existing if k not in seen and k not in kept]
    for start in range(0, len(gone), 500):
        conn.execute(delete(table).where(table.c[key].in_(gone[start : start + 500])))
    report.deleted = len(gone)
    for start in range(0, len(to_insert), 2000):
        conn.execute(insert(table), to_insert[start : start + 2000])
    report.inserted = len(to_insert)


def _sync_links(
    conn: Connection,
    links: tuple[Table, str, str],
    wanted: set[tuple[str, str]],
    report: DatasetReport,
    *,
    insert_now: bool,
) -> None:
    """Delete the links not wanted any more (``insert_now=False``, before the parent rows are
    synchronised) or insert the missing ones (``insert_now=True``, after)."""
    table, parent, child = links
    existing = set(conn.execute(select(table.c[parent], table.c[child])).tuples())
    if not insert_now:
        gone = sorted(existing - wanted)
        for p, c in gone:
            conn.execute(delete(table).where(table.c[parent] == p, table.c[child] == c))
        report.links_deleted = len(gone)
        return
    new = [{parent: p, child: c} for p, c in sorted(wanted - existing)]
    for start in range(0, len(new), 2000):
        conn.execute(insert(table), new[start : start + 2000])
    report.links_inserted = len(new)


def _record_dataset(conn: Connection, meta: Meta_, ds: DatasetReport, checksum: str) -> None:
    previous = conn.execute(select(Dataset.checksum).where(Dataset.name == meta["name"])).scalar()
    values = {
        "filename": meta["file"],
        "checksum": checksum,
        "row_count": ds.valid,
        "rejected_count": len(ds.rejected),
        "imported_at": datetime.now(UTC),
    }
    if previous is None:
        conn.execute(insert(Dataset.__table__).values(name=meta["name"], **values))
    elif previous != checksum or ds.changed:
        conn.execute(update(Dataset.__table__).where(Dataset.name == meta["name"]).values(**values))


def bump_data_version(conn: Connection) -> None:
    current = conn.execute(select(Meta.value).where(Meta.key == "data_version")).scalar()
    if current is None:
        conn.execute(insert(Meta.__table__).values(key="data_version", value="1"))
    else:
        conn.execute(
            update(Meta.__table__)
            .where(Meta.key == "data_version")
            .values(value=str(int(current) + 1))
        )


def load_summaries(data_dir: Path) -> dict[str, str]:
    path = data_dir / SUMMARIES_FILE
    if not path.exists():
        return {}
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {str(code): " ".join(str(text).split()) for code, text in data.items()}


def import_day() -> date:
    """The day an import runs (UTC): the sample offers' calendar is anchored on it."""
    return datetime.now(UTC).date()


def import_all(engine: Engine, data_dir: Path, *, if_empty: bool = False) -> ImportReport:
    report = ImportReport()
    if if_empty:
        with engine.connect() as conn:
            if conn.execute(select(Structure.id).limit(1)).first() is not None:
                report.skipped = "La base contient déjà des données : import ignoré (--if-empty)."
                return report
    manifest = json.loads((data_dir / "manifest.json").read_text(encoding="utf-8"))
    with engine.connect() as conn:
        ctx: dict[str, Any] = {
            "sample_calendar_shift": calendar_shift(import_day()),
            "summaries": load_summaries(data_dir),
            "sector_codes": set(conn.execute(select(Sector.code)).scalars()),
            "career_codes": set(conn.execute(select(Career.code)).scalars()),
        }
    # Check datasets first: the datasets they check need them.
    datasets = sorted(manifest["datasets"], key=lambda m: m["table"] not in CHECKS)
    checks: dict[str, dict[str, dict[str, Any]]] = {}
    failed_checks: dict[str, str] = {}
    for meta in datasets:
        is_check = meta["table"] in CHECKS
        if is_check:
            key, validate, required = CHECKS[meta["table"]]
            table = None
        else:
            table, key, validate, required = TABLES[meta["table"]]
        path = data_dir / meta["file"]
        ds = DatasetReport(name=meta["name"], file=meta["file"], writes=not is_check)
        report.datasets.append(ds)
        if meta["name"] in failed_checks:
            ds.error = (
                f"non importé : sa vérification « {failed_checks[meta['name']]} » a échoué, "
                "la table est inchangée"
            )
            continue
        if is_check:  # until it is read and recorded, the dataset it checks must wait
            failed_checks[meta["checks"]] = meta["name"]
        ctx["activity_sector_careers"] = {}
        try:
            raw_rows = read_rows(path, required)
        except DatasetError as exc:
            ds.error = str(exc)
            continue
        valid: list[dict[str, Any]] = []
        keys: set[Any] = set()
        for line, row in raw_rows:
            try:
                if "__broken__" in row:
                    raise ValueError("nombre de colonnes incorrect")
                value = validate(row, meta, ctx)
                if value[key] in keys:
                    raise ValueError(f"identifiant en double : {value[key]}")
            except ValueError as exc:
                ds.rejected.append(Rejection(meta["file"], line, str(exc)))
                continue
            keys.add(value[key])
            valid.append(value)
        ds.valid = len(valid)
        checksum = hashlib.sha256(path.read_bytes()).hexdigest()
        links = LINKS.get(meta["table"])
        wanted_links = {(v[key], c) for v in valid for c in v.pop("__links__", [])}
        if meta["name"] in checks:
            ds.note = apply_structure_checks(valid, checks[meta["name"]])
        try:
            with engine.begin() as conn:
                if table is not None:
                    if links:
                        _sync_links(conn, links, wanted_links, ds, insert_now=False)
                    dataset = meta["name"] if "dataset" in table.c else None
                    _sync(conn, table, key, valid, dataset, ds)
                    if links:
                        _sync_links(conn, links, wanted_links, ds, insert_now=True)
                _record_dataset(conn, meta, ds, checksum)
                if ds.changed:
                    bump_data_version(conn)
        except Exception as exc:  # the transaction rolled back: the table is as before
            ds.error = f"écriture annulée, la table est inchangée ({type(exc).__name__}: {exc})"
            ds.inserted = ds.updated = ds.deleted = ds.unchanged = 0
            ds.links_inserted = ds.links_deleted = 0
            ds.note = None
            continue
        if is_check:
            del failed_checks[meta["checks"]]
            checks[meta["checks"]] = {v["external_id"]: v for v in valid}
            status = [v["status"] for v in valid]
            ds.note = (
                f"vérifie {meta['checks']} : {_n(status.count('matched'), 'confirmée')}, "
                f"{_n(status.count('ambiguous'), 'ambiguë')}, "
                f"{_n(status.count('unmatched'), 'absente')}, "
                f"{status.count('only_2023')} entrées 2023 sans ligne de 2019"
            )
        elif links:
            ds.note = f"liens métier : {ds.links_inserted} ajoutés, {ds.links_deleted} supprimés"
        if meta["table"] == "sectors":
            ctx["sector_codes"] = {v["code"] for v in valid}
        elif meta["table"] == "careers":
            ctx["career_codes"] = {v["code"] for v in valid}
    return report
