"""La bonne alternance (API apprentissage, ``GET /api/job/v1/search``): real apprenticeship
offers, shown as real offers with their source and the link where one applies.

The search is geographic: ``latitude``, ``longitude``, ``radius`` (km) and ``romes`` (ROME codes,
comma-separated, 20 at most here), with ``Authorization: Bearer <token>``. The answer is
``{"jobs": [...], "recruiters": [...], "warnings": [...]}``; each job has ``identifier``
(``id``, ``partner_label``, ``partner_job_id``), ``workplace`` (``name``, ``legal_name``,
``siret``, ``location`` with ``address`` and a GeoJSON ``geopoint``), ``apply`` (``url``),
``contract`` (``start``, ``duration`` in months, ``type``) and ``offer`` (``title``,
``description``, ``rome_codes``, ``target_diploma``, ``publication``, ``status``). Only the jobs
are taken (``recruiters`` are companies that might hire, not offers).
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from backend.sync.datainclusion import MissingToken
from backend.sync.http import PoliteClient, SourceError

NAME = "lba"
LABEL = "La bonne alternance"
DEFAULT_BASE_URL = "https://api.apprentissage.beta.gouv.fr"
PATH = "/api/job/v1/search"
LICENCE = (
    "Conditions d'utilisation de l'API apprentissage (réutilisation avec mention de la source)"
)
#: The offers change every day and carry a partner's text: they stay online only.
OFFLINE_ALLOWED = False
TOKEN_SETTING = "TOTALACCES_LBA_TOKEN"
ROMES_PER_REQUEST = 20
RADIUS_KM = 60
#: The target diploma's European level -> the Total Accès levels it fits.
LEVELS = {"3": "cap", "4": "bac_pro", "5": "bts"}


@dataclass(frozen=True)
class OfferRow:
    source_id: str
    title: str
    description: str
    employer: str
    siret: str | None
    address: str | None
    lat: float
    lon: float
    rome_codes: tuple[str, ...]
    levels: tuple[str, ...]
    start_date: date | None
    end_date: date | None
    apply_url: str
    partner: str
    published: str | None


def client(token: str | None, base_url: str = DEFAULT_BASE_URL, **options: Any) -> PoliteClient:
    if not token:
        raise MissingToken(
            f"La bonne alternance demande un jeton : réglez {TOKEN_SETTING} (compte sur le "
            "portail de l'API apprentissage)."
        )
    return PoliteClient(base_url, headers={"Authorization": f"Bearer {token}"}, **options)


def _months_later(start: date, months: int) -> date:
    month = start.month - 1 + months
    year, month = start.year + month // 12, month % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def _date(value: Any) -> date | None:
    try:
        return date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def to_row(job: dict[str, Any]) -> OfferRow | None:
    """One job of the answer, or None when it cannot be shown honestly (no link, no point,
    not active)."""
    ident, place = job.get("identifier") or {}, job.get("workplace") or {}
    offer, contract = job.get("offer") or {}, job.get("contract") or {}
    location = place.get("location") or {}
    coordinates = (location.get("geopoint") or {}).get("coordinates") or []
    url = str((job.get("apply") or {}).get("url") or "")
    if offer.get("status", "Active") != "Active" or not url.startswith("https://"):
        return None
    if len(coordinates) != 2 or not ident.get("id") or not offer.get("title"):
        return None
    diploma = offer.get("target_diploma") or {}
    level = (
        LEVELS.get(str(diploma.get("european") or "")[:1]) if isinstance(diploma, dict) else None
    )
    start = _date(contract.get("start"))
    duration = contract.get("duration")
    end = _months_later(start, int(duration)) if start and isinstance(duration, int) else None
    return OfferRow(
        source_id=str(ident["id"]),
        title=" ".join(str(offer["title"]).split())[:300],
        description=" ".join(str(offer.get("description") or "").split()),
        employer=" ".join(str(place.get("name") or place.get("legal_name") or "").split())[:300],
        siret=place.get("siret"),
        address=location.get("address"),
        lat=float(coordinates[1]),
        lon=float(coordinates[0]),
        rome_codes=tuple(str(c) for c in offer.get("rome_codes") or [])[:10],
        levels=(level,) if level else (),
        start_date=start,
        end_date=end,
        apply_url=url[:500],
        partner=str(ident.get("partner_label") or ""),
        published=str((offer.get("publication") or {}).get("creation") or "")[:10] or None,
    )


def fetch(
    http: PoliteClient,
    points: Iterable[tuple[float, float]],
    romes: list[str],
    progress: Any = None,
) -> Iterator[OfferRow]:
    """Every active job around each search point, for every chunk of ROME codes."""
    chunks = [romes[i : i + ROMES_PER_REQUEST] for i in range(0, len(romes), ROMES_PER_REQUEST)]
    points = list(points)
    for n, (lat, lon) in enumerate(points, start=1):
        for chunk in chunks:
            body = http.get_json(
                PATH,
                {"latitude": lat, "longitude": lon, "radius": RADIUS_KM, "romes": ",".join(chunk)},
            )
            if not isinstance(body, dict) or not isinstance(body.get("jobs"), list):
                raise SourceError("La bonne alternance : réponse mal formée")
            for job in body["jobs"]:
                row = to_row(job) if isinstance(job, dict) else None
                if row is not None:
                    yield row
        if progress is not None:
            progress(f"La bonne alternance : point {n}/{len(points)}")


def parent_romes(careers_csv: Any) -> list[str]:
    """The 532 parent ROME fiches of the bundled careers (variants share their parent's offers)."""
    import csv

    with open(careers_csv, encoding="utf-8") as handle:
        return sorted({r["parent_code"] for r in csv.DictReader(handle) if r.get("parent_code")})
