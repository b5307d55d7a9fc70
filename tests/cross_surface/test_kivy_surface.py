"""The same table of questions (``queries.yaml``), asked to the Kivy app as a person does: the
text typed in the screen's field, "Chercher" reached with Tab and pressed with Enter; the answer
read from what the screen shows and says (the count heard first, the first result's label), and
compared with the API's answer to the request the app sends (the commune as typed, which the API
resolves with the one resolver; the app offers the other commune a code also names).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from tests.cross_surface import surfaces as s
from tests.cross_surface.test_cross_surface import QUERIES
from tests.support.harness import Harness, get_harness

pytestmark = [pytest.mark.kivy, pytest.mark.timeout(120)]

#: Every place question of one kind in two (the table alternates categories), every kind
#: question, so that names, postcodes, former names and every kind word are typed in the app.
STRUCTURES = [
    q
    for i, q in enumerate(QUERIES)
    if q["surface_kind"] == "structures"
    and q.get("place")
    and s.KIND_WORDS[q.get("kind") or "mission locale"]
    and (q["category"] == "kind" or i % 2 == 0)
]
CAREERS = [q for q in QUERIES if q["surface_kind"] == "careers"]
OFFERS = [q for q in QUERIES if q["surface_kind"] == "offers"]
COUNT = re.compile(r"^(?:.*?\. )?(\d+) (?:structures?|stages?|métiers?) trouvé")


@pytest.fixture(scope="module")
def app() -> Iterator[Harness]:
    h = get_harness()
    h.reset(reading=True)  # a screen reader on: what the screen shows is also said
    yield h
    h.reset()


def _search(h: Harness, screen_name: str, fields: dict[str, str], **prepare: Any) -> Any:
    h.app.navigate(screen_name, **prepare)
    h.settle()
    screen = h.app.current_screen
    for name, text in fields.items():
        getattr(screen, name).text = text
    for _ in range(40):  # Tab to the "Chercher" button (not the "Chercher un stage" title)
        h.key(9)
        current = h.app.focus.current
        if current is not None and current.a11y_label.split(",")[0].strip() == "Chercher":
            break
    else:
        raise AssertionError(f"no Chercher button: {h.app.announcer.history[-5:]}")
    h.key(13)
    h.settle(timeout=20)
    return h.app.current_screen


def _shown(h: Harness, screen: Any) -> s.Answer:
    """The count the screen shows (and says) first, and its first result's label."""
    summary = " ".join(w.text for w in screen.summary_box.children[::-1] if getattr(w, "text", ""))
    heard = h.app.announcer.last or ""
    found = COUNT.search(summary)
    assert found is None or found.group(0).split(". ")[-1] in heard, (summary, heard)
    labels = [w.a11y_label for w in screen.list_box.children[::-1] if getattr(w, "a11y_label", "")]
    return s.Answer(
        int(found.group(1)) if found else None, labels[0] if labels else None, text=summary
    )


def _agree(q: dict, shown: s.Answer, total: int, first_label: str | None) -> None:
    assert shown.count == total, (q["id"], shown.text, total)
    if first_label is None:
        assert shown.first is None, (q["id"], shown.first)
    else:
        assert shown.first is not None and shown.first.startswith(first_label), (
            q["id"],
            shown.first,
            first_label,
        )


@pytest.mark.parametrize("q", STRUCTURES, ids=lambda q: q["id"])
def test_structures_on_the_app(app: Harness, q: dict) -> None:
    kind = s.KIND_WORDS[q.get("kind") or "mission locale"]
    screen = _search(app, "near", {"place_field": q["place"]}, kind=kind)
    assert screen.name == "results", (q["id"], app.app.announcer.last)
    body = app.api.get("/api/v1/structures", place=q["place"], kind=kind, limit=1)
    first = body["items"][0] if body["items"] else None
    _agree(q, _shown(app, screen), body["total"], f"1. {first['name']}" if first else None)


@pytest.mark.parametrize("q", CAREERS, ids=lambda q: q["id"])
def test_careers_on_the_app(app: Harness, q: dict) -> None:
    screen = _search(app, "careers", {"q_field": q["words"]})
    body = app.api.get("/api/v1/careers", q=q["words"], limit=1)
    first = body["items"][0]["label"] if body["items"] else None
    _agree(q, _shown(app, screen), body["total"], first)


@pytest.mark.parametrize("q", OFFERS, ids=lambda q: q["id"])
def test_internships_on_the_app(app: Harness, q: dict) -> None:
    fields = {"q_field": q["words"], "place_field": q.get("place") or ""}
    screen = _search(app, "offers", fields)
    params = {"q": q["words"], "limit": 1, **({"place": q["place"]} if q.get("place") else {})}
    body = app.api.get("/api/v1/offers", **params)
    first = f"1. {body['items'][0]['title']}" if body["items"] else None
    _agree(q, _shown(app, screen), body["total"], first)
