"""Read access for the web pages' detail views (one structure, offer or career by id), labels,
and the page shapes (``Page``, ``Located``) the templates read.

The searches themselves are the API's (``backend.services.search``): the pages call them on the
same snapshot, with the same defaults and filters.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.models import Career, Offer, Sector, Structure
from totalacces import vocabulary

#: The shared vocabulary's labels (totalacces.vocabulary): the same words as the API and the app.
KIND_LABELS = vocabulary.KINDS
LEVEL_LABELS = vocabulary.LEVEL_LABELS
kind_label = vocabulary.kind_label

INDUSTRY_LETTER = "H"


@dataclass(frozen=True, slots=True)
class Located:
    """A row with its distance from the searched place (None without a place)."""

    item: Any
    distance_m: float | None
    distance_text: str | None


@dataclass(frozen=True, slots=True)
class Page:
    total: int
    items: list[Located]
    limit: int
    offset: int
    nearest_outside_radius: bool = False


def get_structure(session: Session, structure_id: int) -> Structure | None:
    return session.get(Structure, structure_id)


def structure_kinds(counts: dict[str, int]) -> list[str]:
    """The kinds that have places (``Snapshot.kind_counts``), in the vocabulary's order."""
    known = [k for k in KIND_LABELS if counts.get(k)]
    return known + sorted(k for k, n in counts.items() if n and k not in KIND_LABELS)


def get_offer(session: Session, offer_id: int) -> Offer | None:
    offer = session.get(Offer, offer_id)
    if offer is None or offer.status not in ("published", "closed"):
        return None
    return offer


def get_career(session: Session, code: str) -> Career | None:
    return session.get(Career, code.upper())


def sector_label(session: Session, code: str) -> str:
    sector = session.get(Sector, code)
    return sector.label if sector else code


def industry_domains(session: Session) -> list[tuple[Sector, list[Career]]]:
    """The industry (ROME ``H``) domains with their careers, in label order."""
    domains = session.scalars(
        select(Sector).where(Sector.parent_code == INDUSTRY_LETTER).order_by(Sector.code)
    ).all()
    careers = session.scalars(
        select(Career).where(Career.grand_domain_code == INDUSTRY_LETTER).order_by(Career.label)
    ).all()
    grouped: dict[str, list[Career]] = {}
    for career in careers:
        grouped.setdefault(career.domain_code, []).append(career)
    return [(d, grouped.get(d.code, [])) for d in domains if grouped.get(d.code)]


_SECTORS: dict[str, dict[str, str]] = {}


def rome_sectors(version: str) -> dict[str, str] | None:
    """The ROME grand domains (letter -> label, in letter order) for the sector filter of the
    internship search, once read for this data version; else None (``load_rome_sectors``)."""
    return _SECTORS.get(version)


def load_rome_sectors(factory: Any, version: str) -> dict[str, str]:
    with factory() as session:
        rows = session.execute(
            select(Sector.code, Sector.label)
            .where(Sector.kind == "grand_domain")
            .order_by(Sector.code)
        ).all()
    found = {code: label for code, label in rows}
    _SECTORS.clear()
    _SECTORS[version] = found
    return found
