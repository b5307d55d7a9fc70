"""The core HTTP API ``/api/v1``: health, places, kinds, sectors, structures, offers, careers.

Thin routers: parameters are checked here, the work is done in ``backend.services.search``.
List answers are built as plain dicts and returned as JSON directly (the response models document
them in OpenAPI and are checked by the tests).
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import JSONResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.api import schemas
from backend.api.problems import PROBLEM_RESPONSES
from backend.kinds import KINDS
from backend.models import Sector
from backend.services import search
from backend.services.snapshot import Snapshot

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


async def snapshot(request: Request) -> Snapshot:
    # Async on purpose: the snapshot is in memory (one cheap SQL query a second at most), and
    # the list endpoints below run on the event loop, without a thread hop per request.
    return request.app.state.snapshots.get()


def session(request: Request):  # type: ignore[no-untyped-def]
    with request.app.state.session_factory() as s:
        yield s


Snap = Annotated[Snapshot, Depends(snapshot)]
Db = Annotated[Session, Depends(session)]


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
        note = k.unavailable_reason
        if count == 0 and note is None:
            note = "Aucune structure de ce type dans nos données ouvertes pour l'instant."
        items.append(
            {
                "kind": k.kind,
                "label": k.label,
                "label_plural": k.label_plural,
                "spoken": k.spoken,
                "synonyms": list(k.synonyms),
                "description": k.description,
                "available": count > 0,
                "count": count,
                "note": note,
            }
        )
    return _json({"items": items})


@router.get(
    "/sectors",
    response_model=schemas.SectorsAnswer,
    tags=["métiers"],
    summary="Grands domaines et domaines ROME",
)
def sectors(db: Db) -> Any:
    rows = db.execute(select(Sector).order_by(Sector.code)).scalars()
    return _json(
        {
            "items": [
                {"code": s.code, "label": s.label, "kind": s.kind, "parent": s.parent_code}
                for s in rows
            ]
        }
    )


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
    lat: Lat = None,
    lon: Lon = None,
    radius_km: Annotated[
        float, Query(description="Rayon en kilomètres (0,1 à 500).", examples=[20])
    ] = 20.0,
    kind: Annotated[
        list[str] | None,
        Query(
            description="Types (répétable ou séparés par des virgules).",
            examples=["mission_locale"],
        ),
    ] = None,
    age: Annotated[int | None, Query(ge=10, le=99, description="Âge de la personne.")] = None,
    q: TextQ = None,
    limit: Limit = 20,
    offset: Offset = 0,
) -> Any:
    kinds = search.parse_kinds(kind)
    radius = search.check_radius(radius_km)

    def build() -> dict[str, Any]:
        origin = search.resolve_origin(place, lat, lon)
        return search.search_structures(
            snap,
            origin=origin,
            radius_km=radius,
            kinds=kinds,
            age=age,
            q=q,
            limit=limit,
            offset=offset,
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
    lat: Lat = None,
    lon: Lon = None,
) -> Any:
    origin = search.resolve_origin(place, lat, lon)
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
    lat: Lat = None,
    lon: Lon = None,
    radius_km: Annotated[
        float, Query(description="Rayon en kilomètres (0,1 à 500).", examples=[10])
    ] = 20.0,
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
    limit: Limit = 20,
    offset: Offset = 0,
) -> Any:
    radius = search.check_radius(radius_km)
    code = search.check_rome(rome)

    def build() -> dict[str, Any]:
        origin = search.resolve_origin(place, lat, lon)
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
    lat: Lat = None,
    lon: Lon = None,
) -> Any:
    origin = search.resolve_origin(place, lat, lon)
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
    limit: Limit = 20,
    offset: Offset = 0,
) -> Any:
    code = search.check_rome(rome)
    return _cached_list(
        request,
        snap,
        lambda: search.search_careers(snap, q=q, rome=code, limit=limit, offset=offset).as_dict(),
    )


@router.get("/careers/{code}", response_model=schemas.Career, tags=["métiers"], summary="Un métier")
def career(
    db: Db, snap: Snap, code: Annotated[str, Path(max_length=10, examples=["H2913"])]
) -> Any:
    return _json(search.career_detail(db, snap, code))
