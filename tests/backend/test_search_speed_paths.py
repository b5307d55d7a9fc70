"""The faster paths of the search (issue 12, point 9) give the same answers as the plain ones.

- ``backend.api.param_memo``: FastAPI's parameter introspection memoised; the values are still
  validated (a bad value is still a 422 naming the parameter).
- ``search_offers`` near a place: the end date filtered on ``Snapshot.offer_end`` and, without
  other filters, only the page's rows read: same total, items and order as filtering every row.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import fastapi.dependencies.utils as fastapi_utils
import pytest

import geodata
from backend.api import param_memo
from backend.services import search
from backend.services.snapshot import NO_END, Snapshot


def test_param_memo_is_installed_and_answers_as_fastapi(api: Any) -> None:
    assert param_memo.installed()
    routes, todo = [], list(api.app.routes)
    while todo:  # included routers keep their routes in ``original_router``
        route = todo.pop()
        inner = getattr(route, "original_router", None)
        todo.extend(inner.routes if inner is not None else [])
        if hasattr(route, "dependant"):
            routes.append(route)
    fields = [f for r in routes for f in r.dependant.query_params]
    assert any(f.name == "radius_km" for f in fields)
    assert fields
    for name in ("field_annotation_is_sequence", "_get_param_model", "_get_param_aliases"):
        memoised = getattr(fastapi_utils, name)
        original = memoised._totalacces_memo
        for field in fields:
            given = field.field_info.annotation if name == "field_annotation_is_sequence" else field
            assert memoised(given) == original(given)
            assert memoised(given) == original(given)  # the memoised answer, again


def test_validation_still_runs_with_the_memo(api: Any) -> None:
    for url, name in [
        ("/api/v1/structures?place=Lyon&limit=0", "limit"),
        ("/api/v1/structures?place=Lyon&age=120", "age"),
        ("/api/v1/offers?place=Lyon&level=xx", "level"),
        ("/api/v1/offers?place=Lyon&start_after=demain", "start_after"),
    ]:
        r = api.get(url)
        assert r.status_code == 422, url
        assert name in r.text, url
    r = api.get("/api/v1/structures?place=Lyon&kind=mission_locale&kind=cio&limit=3")
    assert r.status_code == 200
    assert {i["kind"] for i in r.json()["items"]} <= {"mission_locale", "cio"}


def _plain(snap: Snapshot, origin: search.Origin, radius_km: float, today: date) -> list[Any]:
    """Every offer within the radius and not past its end date, nearest first (ties by the
    index's order): what the search must list."""
    found = snap.offer_index.within(origin.lat, origin.lon, radius_km * 1000)  # type: ignore[union-attr]
    return [
        (i, m)
        for i, m in found
        if snap.offers[i].end_date is None or snap.offers[i].end_date >= today
    ]


@pytest.mark.parametrize("place", ["Paris", "Lyon", "Mauriac", "Brest"])
def test_offer_search_near_a_place_matches_the_plain_filter(api: Any, place: str) -> None:
    snap = api.app.state.snapshots.get()
    assert len(snap.offer_rows) == len(snap.offers) == len(snap.offer_end)
    for row, end in zip(snap.offer_rows, snap.offer_end.tolist(), strict=True):
        assert end == (row.end_date.toordinal() if row.end_date else NO_END)
    commune = geodata.lookup(place).best
    origin = search.Origin(commune.lat, commune.lon, commune.nom, None)
    expected = _plain(snap, origin, 30, search.utc_today())
    for offset, limit in [(0, 20), (5, 3), (len(expected), 10), (len(expected) + 7, 10)]:
        page = search.search_offers(
            snap, origin=origin, radius_km=30, rome=None, level=None, accessible=None,
            start_after=None, start_before=None, q=None, limit=limit, offset=offset,
        )  # fmt: skip
        assert page.total == len(expected)
        want = expected[offset : offset + limit]
        assert [(i["id"], i["distance_m"]) for i in page.items] == [(i, round(m)) for i, m in want]
    # with a filter, the rows left are filtered one by one: same order, fewer rows
    filtered = search.search_offers(
        snap, origin=origin, radius_km=30, rome=None, level=None, accessible=True,
        start_after=None, start_before=None, q=None, limit=50, offset=0,
    )  # fmt: skip
    accessible = [(i, m) for i, m in expected if snap.offers[i].accessible]
    assert filtered.total == len(accessible)
    assert [i["id"] for i in filtered.items] == [i for i, _ in accessible[:50]]


def test_an_offer_past_its_end_date_leaves_the_search_near_a_place(api: Any) -> None:
    snap = api.app.state.snapshots.get()
    commune = geodata.lookup("Paris").best
    origin = search.Origin(commune.lat, commune.lon, commune.nom, None)
    ended = [r.end_date for r in snap.offer_rows if r.end_date is not None]
    assert ended
    # searched on an offer's last day, it is listed; the day after, it is gone
    day = min(ended)
    last_day = {r.id for r in snap.offer_rows if r.end_date == day}
    listed: dict[date, set[int]] = {}
    for today in (day, day + timedelta(days=1)):
        expected = _plain(snap, origin, 500, today)
        original = search.utc_today
        search.utc_today = lambda today=today: today  # type: ignore[assignment]
        try:
            page = search.search_offers(
                snap, origin=origin, radius_km=500, rome=None, level=None, accessible=None,
                start_after=None, start_before=None, q=None, limit=50, offset=0,
            )  # fmt: skip
        finally:
            search.utc_today = original  # type: ignore[assignment]
        assert page.total == len(expected)
        assert [i["id"] for i in page.items] == [i for i, _ in expected[:50]]
        listed[today] = {i for i, _ in expected}
    assert page.total < len(_plain(snap, origin, 500, day)) or not (last_day & listed[day])
    assert not last_day & listed[day + timedelta(days=1)]


def test_fuzzy_candidates_give_the_same_matches_as_the_whole_pool(api: Any) -> None:
    """The character bound only skips words that cannot reach the cutoff: rapidfuzz finds the
    same words, scores and order in the candidates as in the whole pool of that length."""
    import random

    from rapidfuzz import fuzz, process

    from geodata.text import fold

    snap = api.app.state.snapshots.get()
    rnd = random.Random(7)
    words = [w for w in snap.career_vocab if len(w) >= 2]
    tokens = rnd.sample(words, 300)
    for word in list(tokens):  # one typo each: deleted, inserted or replaced letter
        i = rnd.randrange(len(word))
        letter = rnd.choice("abcdeilnorstuz")
        tokens += [
            word[:i] + word[i + 1 :],
            word[:i] + letter + word[i:],
            word[:i] + letter + word[i + 1 :],
        ]
    tokens += ["x", "zz", fold("électricienne"), fold("Œuvre"), "ss", "informatique" * 3, "q1"]
    for token in (t for t in tokens if t):
        everything = process.extract(
            token, search._fuzzy_pool(snap, len(token)), scorer=fuzz.ratio, limit=40,
            score_cutoff=search.CAREER_SCORE_CUTOFF,
        )  # fmt: skip
        kept = process.extract(
            token, search._fuzzy_candidates(snap, token), scorer=fuzz.ratio, limit=40,
            score_cutoff=search.CAREER_SCORE_CUTOFF,
        )  # fmt: skip
        assert [(w, s) for w, s, _ in kept] == [(w, s) for w, s, _ in everything], token


def test_career_search_still_finds_words_with_a_typo(api: Any) -> None:
    page = search.search_careers(
        api.app.state.snapshots.get(), q="electricein", rome=None, limit=5, offset=0
    )
    assert page.total > 0
    assert any("lectricien" in i["label"] for i in page.items)
