"""HTTP API of the orientation and insertion guides: ``/api/v1/guides``.

A thin router over :mod:`backend.guides`. Errors are ``application/problem+json`` with a French
``detail`` that says what to do.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from backend import guides as guide_service
from backend import speech

router = APIRouter(prefix="/api/v1/guides", tags=["guides"])

PROBLEM_JSON = "application/problem+json"
MAX_LIMIT = 50


class GuideSummary(BaseModel):
    slug: str
    title: str
    topic: str
    short_answer: str
    helpers: list[str]
    last_checked: date
    # With ``q`` only: the search's own judgement, for a client that picks an answer (the voice)
    score: float | None = None  # higher is better; the list is in this order
    best: bool | None = None  # answers as well as the first guide (ties included)
    named: bool | None = None  # a word asked is in the title, keywords or short answer
    in_title: bool | None = None  # every word asked is in the title


class GuideList(BaseModel):
    total: int
    limit: int
    offset: int
    items: list[GuideSummary]
    speech: str


class Helper(BaseModel):
    kind: str
    label: str
    structures_url: str
    #: False when Total Accès has no place of this kind yet: ``note`` says so and gives the
    #: network's own contact (a guide never promises "the nearest" of those).
    available: bool
    note: str | None


class SourceOut(BaseModel):
    title: str
    url: str
    read: date | None = Field(
        None, description="Jour où la source a été lue pour vérifier ce guide (AAAA-MM-JJ)."
    )


class GuideDetail(BaseModel):
    slug: str
    title: str
    topic: str
    topic_label: str
    short_answer: str
    body_markdown: str
    body_html: str
    helpers: list[Helper]
    sources: list[SourceOut]
    last_checked: date
    keywords: list[str]
    speech: str


class TopicOut(BaseModel):
    topic: str
    label: str
    count: int


class TopicList(BaseModel):
    items: list[TopicOut]


class Problem(BaseModel):
    type: str
    title: str
    status: int
    detail: str


def problem(status: int, title: str, detail: str, **extra: Any) -> JSONResponse:
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail, **extra}
    return JSONResponse(status_code=status, content=body, media_type=PROBLEM_JSON)


def _summary(guide: guide_service.Guide) -> GuideSummary:
    return GuideSummary(
        slug=guide.slug,
        title=guide.title,
        topic=guide.topic,
        short_answer=guide.short_answer,
        helpers=list(guide.helpers),
        last_checked=guide.last_checked,
    )


@router.get(
    "",
    response_model=GuideList,
    response_model_exclude_none=True,  # score, best, named, in_title: only with q
    summary="Chercher dans les guides",
    responses={400: {"model": Problem, "content": {PROBLEM_JSON: {}}}},
)
def list_guides(
    q: Annotated[str | None, Query(max_length=200, description="Mots à chercher")] = None,
    topic: Annotated[
        str | None, Query(description="Thème : " + ", ".join(guide_service.TOPICS))
    ] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 20,
    offset: Annotated[int, Query(ge=0)] = 0,
    definition: Annotated[
        bool,
        Query(
            description="La question demande ce qu'est une chose (« c'est quoi… ») : les guides "
            "titrés « C'est quoi… » passent devant, à mots égaux."
        ),
    ] = False,
) -> Any:
    if topic and topic not in guide_service.TOPICS:
        return problem(
            400,
            "Thème inconnu",
            f"Le thème « {topic} » n'existe pas. Choisissez l'un de ces thèmes : "
            + ", ".join(guide_service.TOPICS)
            + ". Ou retirez le paramètre topic pour voir tous les guides.",
            topics=list(guide_service.TOPICS),
        )
    if not (q and q.strip()):
        found = guide_service.list_guides(topic=topic)
        page = found[offset : offset + limit]
        items = [_summary(g) for g in page]
    else:
        pool = guide_service.list_guides(topic=topic)
        hits = guide_service.rank_guides(q, pool, definition=definition)
        found = [hit.guide for hit in hits]
        page = found[offset : offset + limit]
        top = hits[0].score if hits else None
        items = [
            _summary(hit.guide).model_copy(
                update={
                    "score": round(hit.score, 2),
                    "best": hit.score == top,
                    "named": hit.named,
                    "in_title": hit.in_title,
                }
            )
            for hit in hits[offset : offset + limit]
        ]
    return GuideList(
        total=len(found),
        limit=limit,
        offset=offset,
        items=items,
        speech=guide_service.list_speech(page, len(found), q),
    )


def _kind_counts(request: Request) -> dict[str, int] | None:
    """Places of each kind in the search snapshot; None when the guides are served without the
    structures (a guides-only app): then nothing can be said about what is missing."""
    snapshots = getattr(request.app.state, "snapshots", None)
    return None if snapshots is None else snapshots.get().kind_counts


@router.get("/topics", response_model=TopicList, summary="Les thèmes des guides")
def list_topics() -> TopicList:
    all_guides = guide_service.load_guides()
    return TopicList(
        items=[
            TopicOut(topic=t, label=label, count=sum(g.topic == t for g in all_guides))
            for t, label in guide_service.TOPICS.items()
        ]
    )


@router.get(
    "/{slug}",
    response_model=GuideDetail,
    summary="Lire un guide",
    responses={404: {"model": Problem, "content": {PROBLEM_JSON: {}}}},
)
def get_guide(slug: str, request: Request) -> Any:
    guide = guide_service.get_guide(slug)
    if guide is None:
        candidates = guide_service.closest_slugs(slug)
        hint = "Vouliez-vous dire : " + ", ".join(candidates) + " ? " if candidates else ""
        return problem(
            404,
            "Guide introuvable",
            f"Aucun guide ne porte le nom « {slug} ». {hint}"
            "Vous pouvez aussi chercher avec des mots sur /api/v1/guides?q=… "
            "ou voir la liste complète sur /api/v1/guides.",
            slug=slug,
            candidates=candidates,
        )
    counts = _kind_counts(request)
    return GuideDetail(
        slug=guide.slug,
        title=guide.title,
        topic=guide.topic,
        topic_label=guide.topic_label,
        short_answer=guide.short_answer,
        body_markdown=guide.body_markdown,
        body_html=guide_service.render_markdown(guide.body_markdown),
        helpers=[
            Helper(
                kind=kind,
                label=guide_service.HELPER_LABELS.get(kind, kind),
                structures_url=f"/api/v1/structures?kind={kind}",
                available=counts is None or bool(counts.get(kind)),
                note=None if counts is None or counts.get(kind) else speech.missing_kind(kind),
            )
            for kind in guide.helpers
        ],
        sources=[SourceOut(title=s.title, url=s.url, read=s.read) for s in guide.sources],
        last_checked=guide.last_checked,
        keywords=list(guide.keywords),
        speech=guide_service.guide_speech(guide),
    )
