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
from backend.services.snapshot import Snapshot

#: Singular and plural French labels of the structure kinds (same words as the API).
KIND_LABELS: dict[str, tuple[str, str]] = {
    "mission_locale": ("Mission locale", "Missions locales"),
    "cio": (
        "Centre d'information et d'orientation (CIO)",
        "Centres d'information et d'orientation",
    ),
    "e2c": ("École de la 2e chance", "Écoles de la 2e chance"),
    "epide": ("Centre EPIDE (Établissement pour l'insertion dans l'emploi)", "Centres EPIDE"),
    "microlycee": ("Micro-lycée ou structure de retour à l'école", "Micro-lycées"),
    "cij": ("Centre d'information jeunesse", "Centres d'information jeunesse"),
    "mdph": ("Maison départementale des personnes handicapées (MDPH)", "MDPH"),
    "cap_emploi": ("Cap emploi", "Cap emploi"),
    "agefiph": ("Agefiph", "Agefiph"),
    "greta": ("GRETA (formation des adultes)", "GRETA"),
    "cfa": ("Centre de formation d'apprentis (CFA)", "Centres de formation d'apprentis"),
    "esat": ("ESAT (accompagnement par le travail)", "ESAT"),
    "suio": ("Service universitaire d'orientation (SUIO)", "SUIO"),
    "crous": ("CROUS (vie étudiante)", "CROUS"),
    "france_services": ("France services", "France services"),
    "pif": ("Point information formation", "Points information formation"),
    "crib": ("Centre de ressources et d'information des bénévoles", "CRIB"),
    "apec": ("Apec (emploi des cadres)", "Apec"),
    "afpa": ("Afpa (formation des adultes)", "Afpa"),
}

LEVEL_LABELS: dict[str, str] = {
    "3e": "Stage de 3e",
    "2nde": "Stage de 2nde",
    "cap": "CAP",
    "bac_pro": "Bac professionnel",
    "bts": "BTS",
}

INDUSTRY_LETTER = "H"


def kind_label(kind: str, plural: bool = False) -> str:
    labels = KIND_LABELS.get(kind)
    if labels is None:
        return kind.replace("_", " ").capitalize()
    return labels[1 if plural else 0]


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


def structure_kinds(snap: Snapshot) -> list[str]:
    """The kinds of the active structures of the search snapshot (no SQL), in label order."""
    kinds = snap.kind_counts
    known = [k for k in KIND_LABELS if k in kinds]
    return known + sorted(k for k in kinds if k not in KIND_LABELS)


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
