"""``totalacces data report``: what the database holds, kind by kind, said plainly.

Per kind of structure: how many places, the départements with none, the share whose facts are
older than two years (``trust.is_fresh``), the share placed at the door (``coord_precision``
"address") and the share without any contact of its own. Read from the database the service
runs on, so that a deployment sees its own holes; the README shows the table of the bundled data
beside the real-world counts.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

import geodata
from backend.models import Structure
from backend.services import trust
from totalacces.vocabulary import KINDS


@dataclass
class KindFigures:
    kind: str
    count: int = 0
    old: int = 0
    at_address: int = 0
    no_contact: int = 0
    departements: set[str] = field(default_factory=set)


#: Overseas collectivities that are not départements (Saint-Pierre-et-Miquelon, Saint-Barthélemy,
#: Saint-Martin, the Pacific): the national networks are not organised there by département.
_NOT_DEPARTEMENTS = ("975", "977", "978", "98")


def departements() -> list[str]:
    """The 101 départements (overseas ones included) of the gazetteer."""
    return sorted(
        {
            c.departement
            for c in geodata.communes()
            if c.kind == "commune" and not c.departement.startswith(_NOT_DEPARTEMENTS)
        }
    )


def collect(engine: Engine, today: date | None = None) -> list[KindFigures]:
    """The figures of every known kind (a kind without rows included), in the vocabulary's
    order, then any other kind found in the database."""
    figures: dict[str, KindFigures] = defaultdict(lambda: KindFigures(""))
    with Session(engine) as session:
        query = select(
            Structure.kind,
            Structure.departement,
            Structure.source_date,
            Structure.coord_precision,
            Structure.phone,
            Structure.email,
            Structure.website,
            Structure.address,
        ).where(Structure.status != "closed")
        for row in session.execute(query):
            f = figures[row.kind]
            f.kind = row.kind
            f.count += 1
            f.old += not trust.is_fresh(row.source_date, today)
            f.at_address += row.coord_precision == "address"
            f.no_contact += not trust.has_own_contact(row)
            if row.departement:
                f.departements.add(row.departement)
    ordered = [figures.get(k) or KindFigures(k) for k in KINDS]
    return ordered + [f for k, f in sorted(figures.items()) if k not in KINDS]


def _share(part: int, whole: int) -> str:
    return f"{round(100 * part / whole)} %" if whole else "—"


def _missing(f: KindFigures, every: list[str]) -> str:
    if f.count == 0:
        return "tous"
    missing = [d for d in every if d not in f.departements]
    if not missing:
        return "aucun"
    shown = ", ".join(missing[:12])
    return f"{len(missing)} : {shown}{' …' if len(missing) > 12 else ''}"


def table(rows: list[KindFigures]) -> list[str]:
    """A Markdown table, one line a kind."""
    every = departements()
    lines = [
        "| type | lieux | départements sans aucun lieu | infos de plus de 2 ans | à l'adresse | sans contact propre |",
        "|---|---|---|---|---|---|",
    ]
    for f in rows:
        label = KINDS[f.kind].label if f.kind in KINDS else f.kind
        lines.append(
            f"| {label} (`{f.kind}`) | {f.count} | {_missing(f, every)} | {_share(f.old, f.count)} "
            f"| {_share(f.at_address, f.count)} | {_share(f.no_contact, f.count)} |"
        )
    total = Counter({"count": sum(f.count for f in rows), "old": sum(f.old for f in rows)})
    lines.append(
        f"| **total** | {total['count']} | | {_share(total['old'], total['count'])} | "
        f"{_share(sum(f.at_address for f in rows), total['count'])} | "
        f"{_share(sum(f.no_contact for f in rows), total['count'])} |"
    )
    return lines
