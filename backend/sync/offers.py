"""A sync run of real offers (La bonne alternance): the same lock, all-or-nothing transaction,
close guard, dry run and stored report as the places' sync (:mod:`backend.sync.engine`).

Each offer is a row of ``offers`` in the dataset ``sync:<source>``, published, ``is_example``
false, with ``apply_url`` (one applies on the source's site; Total Accès takes no application
for it) and its source named. An offer the source no longer lists is closed, not deleted.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

import geodata
from backend.models import Offer
from backend.services import trust
from backend.sync.engine import MAX_CLOSE_SHARE, SyncRefused, SyncReport, one_run
from backend.sync.lba import OfferRow


def _values(row: OfferRow, commune: Any, label: str, licence: str, today: str) -> dict[str, Any]:
    partner = f" ({row.partner})" if row.partner else ""
    return {
        "title": row.title,
        "description": row.description or row.title,
        "employer": row.employer or "Entreprise (nom non donné)",
        "commune": commune.nom,
        "code_insee": commune.code_insee,
        "departement": commune.departement,
        "lat": row.lat,
        "lon": row.lon,
        "rome_codes": " ".join(row.rome_codes),
        "levels": " ".join(row.levels),
        "start_date": row.start_date,
        "end_date": row.end_date,
        "weeks": None,
        "places_left": 1,
        "contact_modes": "formulaire",
        "accessible": False,
        "apply_url": row.apply_url,
        "is_example": False,
        "status": "published",
        "source": f"{label}{partner}"[:300],
        "licence": licence,
        "source_date": row.published or today,
        "verified": trust.is_fresh(row.published or today),
    }


def run(
    engine: Engine,
    source: str,
    label: str,
    licence: str,
    fetch_rows: Callable[[], Iterable[OfferRow]],
    *,
    dry_run: bool = False,
    force: bool = False,
    max_close_share: float = MAX_CLOSE_SHARE,
    now: datetime | None = None,
    offline_allowed: bool = False,
) -> SyncReport:
    now = now or datetime.now(UTC)
    today = now.date().isoformat()
    report = SyncReport(
        source=source, dry_run=dry_run, licence=licence, offline_allowed=offline_allowed
    )
    dataset = f"sync:{source}"

    def write(session: Session, rows: list[OfferRow]) -> None:
        existing = {
            o.external_id: o for o in session.scalars(select(Offer).where(Offer.dataset == dataset))
        }
        seen: set[str] = set()
        for row in rows:
            key = f"{source}:{row.source_id}"[:120]
            if key in seen:
                continue  # one offer found around two search points
            seen.add(key)
            commune = geodata.reverse(row.lat, row.lon)
            if commune is None:
                report.rejected.append((row.source_id, "hors des communes connues"))
                continue
            values = _values(row, commune, label, licence, today)
            offer = existing.get(key)
            if offer is None:
                offer = Offer(dataset=dataset, external_id=key, **values)
                session.add(offer)
                report.added += 1
            elif any(getattr(offer, k) != v for k, v in values.items()):
                for k, v in values.items():
                    setattr(offer, k, v)
                report.changed += 1
            else:
                report.unchanged += 1
            offer.fetched_at = now  # provenance: when the source last listed it
        listed = [o for o in existing.values() if o.status == "published"]
        gone = [o for o in listed if o.external_id not in seen]
        if gone and not force and len(gone) > max_close_share * max(len(listed), 1):
            raise SyncRefused(
                f"{len(gone)} offres sur {len(listed)} ne sont plus dans {label} : c'est plus de "
                f"{max_close_share:.0%}. Rien n'a changé ; relancez avec --force pour les fermer."
            )
        for offer in gone:
            offer.status = "closed"
            report.closed += 1

    return one_run(engine, report, fetch_rows, write, now)


def search_points(count: int = 120) -> list[tuple[float, float]]:
    """The most populated commune of each département: with a 60 km radius, the searches cover
    where most young people live (a département's other towns are often within reach)."""
    best: dict[str, Any] = {}
    for c in geodata.communes():
        usable = c.has_coords and c.kind == "commune" and c.population > 0
        if usable and (c.departement not in best or c.population > best[c.departement].population):
            best[c.departement] = c
    chosen = sorted(best.values(), key=lambda c: -c.population)[:count]
    return [(c.lat, c.lon) for c in chosen]
