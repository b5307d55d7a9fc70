"""Read access for the web pages: structures, offers and careers, with distances in words.

Plain functions over a SQLAlchemy ``Session`` and the :mod:`backend.models`. They answer what the
pages need (nearest first, French distance and direction words) and nothing more; when the core
services of ``backend.services`` cover the same ground, these functions are the one place to swap.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from backend.models import Career, Offer, Sector, Structure

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

DEFAULT_RADIUS_KM = 30.0
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


def _words(lat: float, lon: float, lat2: float, lon2: float) -> tuple[float, str]:
    from geodata import bearing_deg, haversine_m, place_words

    metres = haversine_m(lat, lon, lat2, lon2)
    return metres, place_words(metres, bearing_deg(lat, lon, lat2, lon2))


def _distances(lat: float, lon: float, lats: list[float], lons: list[float]) -> np.ndarray:
    from geodata.points import haversine_np

    if not lats:
        return np.zeros(0)
    return np.asarray(haversine_np(lat, lon, np.asarray(lats), np.asarray(lons)))


def nearby_structures(
    session: Session,
    lat: float,
    lon: float,
    kind: str | None = None,
    limit: int = 10,
    offset: int = 0,
    radius_km: float = DEFAULT_RADIUS_KM,
) -> Page:
    """Active structures within ``radius_km`` of (lat, lon), nearest first.

    When none is that close, the 10 nearest are given with ``nearest_outside_radius=True`` so that
    a person far from everything still learns where to go.
    """
    query = select(Structure.id, Structure.lat, Structure.lon).where(Structure.status == "active")
    if kind:
        query = query.where(Structure.kind == kind)
    rows = session.execute(query).all()
    ids = [r.id for r in rows]
    dist = _distances(lat, lon, [r.lat for r in rows], [r.lon for r in rows])
    order = np.argsort(dist, kind="stable")
    inside = [int(i) for i in order if dist[i] <= radius_km * 1000]
    outside = False
    if not inside and len(order):
        inside = [int(i) for i in order[:10]]
        outside = True
    total = len(inside)
    chosen = inside[offset : offset + limit]
    by_id = {
        s.id: s
        for s in session.scalars(
            select(Structure).where(Structure.id.in_([ids[i] for i in chosen]))
        )
    }
    items = []
    for i in chosen:
        s = by_id[ids[i]]
        metres, text = _words(lat, lon, s.lat, s.lon)
        items.append(Located(s, metres, text))
    return Page(total, items, limit, offset, outside)


def get_structure(session: Session, structure_id: int) -> Structure | None:
    return session.get(Structure, structure_id)


def structure_kinds(session: Session) -> list[str]:
    kinds = session.scalars(select(Structure.kind).distinct()).all()
    known = [k for k in KIND_LABELS if k in kinds]
    return known + sorted(k for k in kinds if k not in KIND_LABELS)


def search_offers(
    session: Session,
    lat: float | None = None,
    lon: float | None = None,
    q: str | None = None,
    level: str | None = None,
    accessible: bool = False,
    limit: int = 10,
    offset: int = 0,
    radius_km: float = 50.0,
) -> Page:
    """Published offers, nearest first when a place is given, else the soonest first."""
    query = select(Offer).where(Offer.status == "published", Offer.places_left > 0)
    if q and q.strip():
        for word in q.split():
            like = f"%{word.strip().lower()}%"
            query = query.where(
                or_(
                    func.lower(Offer.title).like(like),
                    func.lower(Offer.description).like(like),
                    func.lower(Offer.employer).like(like),
                    func.lower(Offer.rome_codes).like(like),
                )
            )
    if level:
        query = query.where(Offer.levels.like(f"%{level}%"))
    if accessible:
        query = query.where(Offer.accessible.is_(True))
    offers = list(session.scalars(query.order_by(Offer.start_date, Offer.id)))
    if lat is not None and lon is not None:
        dist = _distances(lat, lon, [o.lat for o in offers], [o.lon for o in offers])
        order = [int(i) for i in np.argsort(dist, kind="stable") if dist[i] <= radius_km * 1000]
        offers = [offers[i] for i in order]
    total = len(offers)
    items = []
    for offer in offers[offset : offset + limit]:
        if lat is not None and lon is not None:
            metres, text = _words(lat, lon, offer.lat, offer.lon)
            items.append(Located(offer, metres, text))
        else:
            items.append(Located(offer, None, None))
    return Page(total, items, limit, offset)


def get_offer(session: Session, offer_id: int) -> Offer | None:
    offer = session.get(Offer, offer_id)
    if offer is None or offer.status not in ("published", "closed"):
        return None
    return offer


def search_careers(
    session: Session, q: str | None = None, industry: bool = False, limit: int = 20, offset: int = 0
) -> tuple[int, list[Career]]:
    query = select(Career)
    if industry:
        query = query.where(Career.grand_domain_code == INDUSTRY_LETTER)
    if q and q.strip():
        for word in q.split():
            like = f"%{word.strip().lower()}%"
            query = query.where(
                or_(func.lower(Career.label).like(like), func.lower(Career.code).like(like))
            )
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    items = list(session.scalars(query.order_by(Career.label).limit(limit).offset(offset)))
    return total, items


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
