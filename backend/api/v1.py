"""The core HTTP API ``/api/v1``: health, places, kinds, sectors, structures, offers, careers.

Thin routers: parameters are checked here, the work is done in ``backend.services.search``.
List answers are built as plain dicts and returned as JSON directly (the response models document
them in OpenAPI and are checked by the tests).
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, FastAPI, Path, Query, Request
from fastapi.responses import JSONResponse, Response
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from backend import speech
from backend.api import schemas
from backend.api.deps import Db, Snap
from backend.api.problems import PROBLEM_RESPONSES
from backend.models import ActivitySector, Career, CareerActivitySector, Sector
from backend.services import search, trust
from backend.services.snapshot import Snapshot
from geodata.text import fold
from totalacces.vocabulary import KINDS

router = APIRouter(prefix="/api/v1", responses=PROBLEM_RESPONSES)
health_router = APIRouter()

MAX_LIMIT = 50

Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Nombre de résultats (au plus 50).")]
Offset = Annotated[int, Query(ge=0, le=100_000, description="Résultats à sauter (pagination).")]
PlaceQ = Annotated[
    str | None,
    Query(
        max_length=120,
        description="Nom de commune, code postal ou code INSEE.",
        examples=["Villeurbanne"],
    ),
]
Lat = Annotated[
    float | None, Query(ge=-90, le=90, description="Latitude (avec lon).", examples=[45.764])
]
Lon = Annotated[
    float | None, Query(ge=-180, le=180, description="Longitude (avec lat).", examples=[4.8357])
]
TextQ = Annotated[str | None, Query(max_length=120, description="Mots à chercher.")]
DepartementQ = Annotated[
    str | None,
    Query(
        max_length=3,
        description="Tout un département (code : 93, 2A, 974) : les résultats de ce département "
        "seulement, du plus proche au plus loin de son chef-lieu (ou du lieu donné) ; le rayon "
        "ne compte pas.",
        examples=["93"],
    ),
]
RegionQ = Annotated[
    str | None,
    Query(
        max_length=2,
        description="Toute une région (code : 53 pour la Bretagne), comme departement.",
        examples=["53"],
    ),
]
CodeInseeQ = Annotated[
    str | None,
    Query(
        max_length=5,
        description="Code INSEE de la commune, quand le client le connaît (jamais lu comme un "
        "code postal). Prioritaire sur postcode, place et lat/lon.",
        examples=["59350"],
    ),
]
PostcodeQ = Annotated[
    str | None,
    Query(max_length=5, description="Code postal (prioritaire sur place).", examples=["69003"]),
]


def _json(content: dict[str, Any]) -> JSONResponse:
    return JSONResponse(content)


def _cached_list(request: Request, snap: Snapshot, build: Any) -> Response:
    """List answers depend only on the query and the data version: memoise the encoded body
    per process (see ``SnapshotCache.cached``)."""
    key = (request.scope["path"], request.scope["query_string"])
    body = request.app.state.snapshots.cached(snap, key, lambda: JSONResponse(build()).body)
    return Response(content=body, media_type="application/json")


def _health(request: Request, snap: Snapshot) -> JSONResponse:
    return _json({"status": "ok", "database": request.app.state.database, "counts": snap.counts})


@health_router.get(
    "/health", response_model=schemas.Health, tags=["santé"], summary="État du service"
)
async def health(request: Request, snap: Snap) -> Any:
    return _health(request, snap)


@router.get("/health", response_model=schemas.Health, tags=["santé"], summary="État du service")
async def health_v1(request: Request, snap: Snap) -> Any:
    return _health(request, snap)


@router.get(
    "/places", response_model=schemas.PlacesAnswer, tags=["lieux"], summary="Trouver une commune"
)
async def places(
    q: Annotated[
        str,
        Query(max_length=120, description="Nom, code postal ou code INSEE.", examples=["Lyon 3e"]),
    ],
) -> Any:
    return _json(search.places(q))


@router.get(
    "/kinds", response_model=schemas.KindsAnswer, tags=["structures"], summary="Types de structures"
)
async def kinds(snap: Snap) -> Any:
    items = []
    for k in KINDS.values():
        count = snap.kind_counts.get(k.kind, 0)
        note = speech.missing_kind(k.kind) if count == 0 else None
        items.append(
            {
                "kind": k.kind,
                "label": k.label,
                "label_plural": k.label_plural,
                "full_label": k.full_label,
                "spoken": k.spoken,
                "synonyms": [*k.synonyms, *k.related],
                "description": k.description,
                "available": count > 0,
                "count": count,
                "note": note,
                "network": trust.network_contact(k.kind),
            }
        )
    return _json({"items": items})


SECTOR_KINDS = ("grand_domain", "domain", "activity_sector", "sub_sector")
#: (singular, plural) as heard; all masculine.
SECTOR_NOUNS = {
    "grand_domain": ("grand domaine", "grands domaines"),
    "domain": ("domaine professionnel", "domaines professionnels"),
    "activity_sector": ("secteur d'activité", "secteurs d'activité"),
    "sub_sector": ("sous-secteur", "sous-secteurs"),
}


def _sector_index(app: FastAPI, version: str) -> search.SectorIndex:
    """The sector index of this process for ``version`` (read again when the data changed)."""
    index: search.SectorIndex | None = getattr(app.state, "sector_index", None)
    if index is None or index.version != version:
        with app.state.session_factory() as s:
            index = search.load_sector_index(s, version)
        app.state.sector_index = index
    return index


def _career_counts(db: Session) -> dict[str, int]:
    counts: dict[str, int] = {}
    for column in (Career.grand_domain_code, Career.domain_code, CareerActivitySector.sector_code):
        counts.update(db.execute(select(column, func.count()).group_by(column)).tuples().all())
    return counts


def _sector_rows(db: Session) -> list[Any]:
    """ROME grand domains and domains by code (as before), then each activity sector followed
    by its sub-sectors, by label."""
    rome = list(db.execute(select(Sector).order_by(Sector.code)).scalars())
    activity = sorted(
        db.execute(select(ActivitySector)).scalars(), key=lambda a: (fold(a.label), a.code)
    )
    ordered: list[Any] = []
    for a in activity:
        if a.kind == "activity_sector":
            ordered.append(a)
            ordered.extend(c for c in activity if c.parent_code == a.code)
    return rome + ordered


def _sector_item(row: Any, counts: dict[str, int]) -> dict[str, Any]:
    return {
        "code": row.code,
        "label": row.label,
        "kind": row.kind,
        "parent": row.parent_code,
        "definition": getattr(row, "definition", None),
        "career_count": counts.get(row.code, 0),
    }


def _said(label: str) -> str:
    return speech._clean(speech.short_name(label))


def _and(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " et " + words[-1]


def _sectors_speech(items: list[dict[str, Any]], kinds: list[str]) -> str:
    if not items:
        return "Aucun secteur."
    counted = []
    for kind in SECTOR_KINDS:
        n = sum(1 for i in items if i["kind"] == kind)
        if n:
            noun = SECTOR_NOUNS[kind][0 if n == 1 else 1]
            counted.append(f"{speech.count_words(n, False)} {noun}")
    head = _and(counted) + "."
    head = head[0].upper() + head[1:]
    if len(kinds) != 1:
        return head
    parts = [
        f"{'Premier' if n == 0 else 'Puis'} : {_said(i['label'])}." for n, i in enumerate(items[:3])
    ]
    return speech._fit(head, parts)


def first_sentence(text: str) -> str:
    """The first sentence of a (possibly long) definition."""
    return re.split(r"(?<=[.!?…])\s+", text.strip(), maxsplit=1)[0]


@router.get(
    "/sectors",
    response_model=schemas.SectorsAnswer,
    tags=["métiers"],
    summary="Grands domaines et domaines ROME, secteurs d'activité et sous-secteurs",
    description=(
        "Les grands domaines (H) et domaines (H29) ROME, puis les 35 secteurs d'activité ROME, "
        "chacun suivi de ses sous-secteurs. Chaque code se donne à /api/v1/careers?sector=."
    ),
)
def sectors(
    db: Db,
    kind: Annotated[
        list[str] | None,
        Query(
            description="Types (répétable ou séparés par des virgules) : grand_domain, domain, "
            "activity_sector, sub_sector.",
            examples=["activity_sector"],
        ),
    ] = None,
) -> Any:
    kinds = [k.strip() for raw in kind or [] for k in raw.split(",") if k.strip()]
    unknown = [k for k in kinds if k not in SECTOR_KINDS]
    if unknown:
        raise search.ServiceError(
            422,
            "Type de secteur inconnu",
            f"Le type « {unknown[0]} » n'existe pas. Choisissez parmi : {', '.join(SECTOR_KINDS)}.",
        )
    counts = _career_counts(db)
    items = [_sector_item(r, counts) for r in _sector_rows(db) if not kinds or r.kind in kinds]
    return _json({"items": items, "speech": _sectors_speech(items, list(dict.fromkeys(kinds)))})


def _sector_detail_speech(item: dict[str, Any]) -> str:
    noun = SECTOR_NOUNS[item["kind"]][0]
    head = f"{_said(item['label'])}, {noun}"
    if item["parent_label"]:
        of = "du secteur" if item["kind"] == "sub_sector" else "du grand domaine"
        head += f" {of} {_said(item['parent_label'])}"
    head += "."
    parts = []
    if item["definition"]:
        sentence = speech._clean(first_sentence(item["definition"]))
        if speech.word_count(f"{head} {sentence}") <= speech.MAX_WORDS:
            parts.append(sentence)
    n = item["career_count"]
    parts.append(
        f"{speech.count_words(n, False).capitalize()} métier{'s' if n > 1 else ''}."
        if n
        else "Aucun métier n'y est rattaché."
    )
    if item["children"]:
        child_noun = SECTOR_NOUNS[item["children"][0]["kind"]]
        k = len(item["children"])
        counted = f"{speech.count_words(k, False).capitalize()} {child_noun[0 if k == 1 else 1]}"
        listed = f"{counted} : {', '.join(_said(c['label']) for c in item['children'])}."
        fits = speech.word_count(" ".join([head, *parts, listed])) <= speech.MAX_WORDS
        parts.append(listed if fits else f"{counted}.")
    return speech._fit(head, parts)


@router.get(
    "/sectors/{code}",
    response_model=schemas.SectorDetail,
    tags=["métiers"],
    summary="Un secteur",
    description="Secteur d'activité, sous-secteur, grand domaine ou domaine ROME, avec sa "
    "définition, ses subdivisions et le nombre de ses métiers.",
)
def sector(db: Db, code: Annotated[str, Path(max_length=10, examples=["99"])]) -> Any:
    checked = search.check_sector(code)
    if checked is None:
        raise search.ServiceError(
            422,
            "Code de secteur invalide",
            "Donnez le code d'un secteur, par exemple /api/v1/sectors/99 : la liste est sur "
            "/api/v1/sectors.",
        )
    row: Any = db.get(Sector, checked) or db.get(ActivitySector, checked)
    if row is None:
        raise search.ServiceError(
            404,
            "Secteur inconnu",
            f"Aucun secteur ne porte le code {checked}. "
            "La liste des secteurs et de leurs codes est sur /api/v1/sectors.",
        )
    model = type(row)
    children = db.execute(select(model).where(model.parent_code == row.code)).scalars().all()
    parent = db.get(model, row.parent_code) if row.parent_code else None
    item = _sector_item(row, _career_counts(db))
    item.update(
        parent_label=parent.label if parent else None,
        children=[
            {"code": c.code, "label": c.label, "kind": c.kind}
            for c in sorted(children, key=lambda c: (fold(c.label), c.code))
        ],
        source=row.source,
        licence=row.licence,
        source_date=row.source_date,
    )
    item["speech"] = _sector_detail_speech(item)
    return _json(item)


@router.get(
    "/structures",
    response_model=schemas.StructureList,
    tags=["structures"],
    summary="Chercher des structures près d'un lieu",
    description="Du plus proche au plus loin quand un lieu (place) ou une position (lat, lon) est donné.",
)
async def structures(
    request: Request,
    snap: Snap,
    place: PlaceQ = None,
    code_insee: CodeInseeQ = None,
    postcode: PostcodeQ = None,
    lat: Lat = None,
    lon: Lon = None,
    radius_km: Annotated[
        float, Query(description="Rayon en kilomètres (0,1 à 500).", examples=[20])
    ] = search.DEFAULT_RADIUS_KM,
    kind: Annotated[
        list[str] | None,
        Query(
            description="Types (répétable ou séparés par des virgules).",
            examples=["mission_locale"],
        ),
    ] = None,
    age: Annotated[int | None, Query(ge=10, le=99, description="Âge de la personne.")] = None,
    q: TextQ = None,
    departement: DepartementQ = None,
    region: RegionQ = None,
    limit: Limit = 20,
    offset: Offset = 0,
) -> Any:
    kinds = search.parse_kinds(kind)
    radius = search.check_radius(radius_km)

    def build() -> dict[str, Any]:
        area = search.resolve_area(departement, region)
        origin = search.resolve(
            place=place, code_insee=code_insee, postcode=postcode, lat=lat, lon=lon
        )
        return search.search_structures(
            snap,
            origin=origin,
            radius_km=radius,
            kinds=kinds,
            age=age,
            q=q,
            limit=limit,
            offset=offset,
            area=area,
        ).as_dict()

    return _cached_list(request, snap, build)


@router.get(
    "/structures/{structure_id}",
    response_model=schemas.Structure,
    tags=["structures"],
    summary="Une structure",
)
def structure(
    db: Db,
    structure_id: Annotated[int, Path(ge=1, le=2_000_000_000)],
    place: PlaceQ = None,
    code_insee: CodeInseeQ = None,
    postcode: PostcodeQ = None,
    lat: Lat = None,
    lon: Lon = None,
) -> Any:
    origin = search.resolve(place=place, code_insee=code_insee, postcode=postcode, lat=lat, lon=lon)
    return _json(search.structure_detail(db, structure_id, origin))


@router.get(
    "/offers",
    response_model=schemas.OfferList,
    tags=["stages"],
    summary="Chercher des offres de stage",
    description="Les offres fournies sont des exemples générés (is_example=true).",
)
async def offers(
    request: Request,
    snap: Snap,
    place: PlaceQ = None,
    code_insee: CodeInseeQ = None,
    postcode: PostcodeQ = None,
    lat: Lat = None,
    lon: Lon = None,
    radius_km: Annotated[
        float, Query(description="Rayon en kilomètres (0,1 à 500).", examples=[10])
    ] = search.DEFAULT_RADIUS_KM,
    rome: Annotated[
        str | None,
        Query(max_length=10, description="Code ROME ou préfixe : H, H29, H2913.", examples=["H"]),
    ] = None,
    level: Annotated[
        Literal["3e", "2nde", "cap", "bac_pro", "bts"] | None, Query(description="Niveau visé.")
    ] = None,
    accessible: Annotated[
        bool | None, Query(description="Seulement les postes accessibles (true).")
    ] = None,
    start_after: Annotated[
        date | None, Query(description="Début au plus tôt (AAAA-MM-JJ).")
    ] = None,
    start_before: Annotated[
        date | None, Query(description="Début au plus tard (AAAA-MM-JJ).")
    ] = None,
    q: TextQ = None,
    departement: DepartementQ = None,
    region: RegionQ = None,
    limit: Limit = 20,
    offset: Offset = 0,
) -> Any:
    radius = search.check_radius(radius_km)
    code = search.check_rome(rome)

    def build() -> dict[str, Any]:
        area = search.resolve_area(departement, region)
        origin = search.resolve(
            place=place, code_insee=code_insee, postcode=postcode, lat=lat, lon=lon
        )
        return search.search_offers(
            snap,
            origin=origin,
            radius_km=radius,
            rome=code,
            level=level,
            accessible=accessible,
            start_after=start_after,
            start_before=start_before,
            q=q,
            limit=limit,
            offset=offset,
            area=area,
        ).as_dict()

    return _cached_list(request, snap, build)


@router.get(
    "/offers/{offer_id}",
    response_model=schemas.Offer,
    tags=["stages"],
    summary="Une offre de stage",
)
def offer(
    db: Db,
    offer_id: Annotated[int, Path(ge=1, le=2_000_000_000)],
    place: PlaceQ = None,
    code_insee: CodeInseeQ = None,
    postcode: PostcodeQ = None,
    lat: Lat = None,
    lon: Lon = None,
) -> Any:
    origin = search.resolve(place=place, code_insee=code_insee, postcode=postcode, lat=lat, lon=lon)
    return _json(search.offer_detail(db, offer_id, origin))


@router.get(
    "/careers",
    response_model=schemas.CareerList,
    tags=["métiers"],
    summary="Chercher des métiers",
    description="Recherche tolérante aux accents et aux fautes de frappe, sur les noms de métiers et leurs appellations.",
)
async def careers(
    request: Request,
    snap: Snap,
    q: Annotated[
        str | None, Query(max_length=120, description="Mots à chercher.", examples=["soudeur"])
    ] = None,
    rome: Annotated[
        str | None,
        Query(max_length=10, description="Code ROME ou préfixe (H = industrie).", examples=["H"]),
    ] = None,
    sector: Annotated[
        str | None,
        Query(
            max_length=10,
            description="Code d'un secteur de /api/v1/sectors : secteur d'activité (99), "
            "sous-secteur (139), grand domaine (H) ou domaine (H29).",
            examples=["99"],
        ),
    ] = None,
    limit: Limit = 20,
    offset: Offset = 0,
) -> Any:
    code = search.check_rome(rome)
    sector_code = search.check_sector(sector)
    chosen = None
    if sector_code is not None:
        index = getattr(request.app.state, "sector_index", None)
        if index is None or index.version != snap.version:
            index = await run_in_threadpool(_sector_index, request.app, snap.version)
        chosen = search.sector_filter(index, sector_code)
    return _cached_list(
        request,
        snap,
        lambda: search.search_careers(
            snap, q=q, rome=code, limit=limit, offset=offset, sector=chosen
        ).as_dict(),
    )


@router.get("/careers/{code}", response_model=schemas.Career, tags=["métiers"], summary="Un métier")
def career(
    db: Db, snap: Snap, code: Annotated[str, Path(max_length=10, examples=["H2913"])]
) -> Any:
    item = search.career_detail(db, snap, code)
    rows = db.execute(
        select(ActivitySector)
        .join(CareerActivitySector, CareerActivitySector.sector_code == ActivitySector.code)
        .where(CareerActivitySector.career_code == item["code"])
    ).scalars()
    found = sorted(rows, key=lambda a: (fold(a.label), a.code))
    item["activity_sectors"] = [
        {"code": a.code, "label": a.label} for a in found if a.kind == "activity_sector"
    ]
    item["sub_sectors"] = [
        {"code": a.code, "label": a.label, "parent": a.parent_code}
        for a in found
        if a.kind == "sub_sector"
    ]
    labels = [_said(a["label"]) for a in item["activity_sectors"]]
    if labels:
        said = f"Secteur{'s' if len(labels) > 1 else ''} d'activité : {', '.join(labels)}."
        if speech.word_count(f"{item['speech']} {said}") <= speech.MAX_WORDS:
            item["speech"] = f"{item['speech']} {said}"
    return _json(item)
