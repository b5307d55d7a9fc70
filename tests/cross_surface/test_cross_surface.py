"""One question, every surface, one answer (issue 12, point 10).

``queries.yaml`` holds 223 questions written from the raw open data by someone who had not read
the code: communes by name (typos, "st", arrondissements, homonyms), by postcode, by INSEE code
(current and former), former commune names, every kind word people use, careers without accents,
in the feminine and with typos, and internships by trade word. Each is asked, on one real server
(``live_api``: uvicorn on the bundled data), to the API, to the web pages (HTML parsed) and to the
voice dialogue (what it says); ``tests/cross_surface/test_kivy_surface.py`` asks the app.

What must hold:
- the place searched around is the commune the person meant (``expect_insee``), or, when the name
  is shared, that commune is among the choices offered;
- the count and the first result agree on every surface that shows them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml

from geodata.text import fold
from tests.cross_surface import surfaces as s
from totalacces.client import ApiClient
from voice import Dialogue

QUERIES: list[dict[str, Any]] = yaml.safe_load(
    (Path(__file__).parent / "queries.yaml").read_text(encoding="utf-8")
)


def _ids(kind: str) -> list[dict[str, Any]]:
    return [q for q in QUERIES if q["surface_kind"] == kind]


@pytest.fixture(scope="module")
def http(live_api: str) -> Any:
    with httpx.Client(base_url=live_api, timeout=30) as client:
        yield client


def expected_codes(q: dict[str, Any]) -> set[str]:
    return {c for c in (q.get("expect_insee"), q.get("expect_arrondissement_insee")) if c}


def chosen_commune(http: httpx.Client, q: dict[str, Any]) -> dict[str, Any]:
    """The commune the person means, as the API's place lookup offers it (first, or among the
    choices when the name is shared). Fails when it is not offered at all."""
    wanted = expected_codes(q)
    if q.get("code_insee"):
        body = http.get("/api/v1/structures", params={"code_insee": q["code_insee"], "limit": 1})
        assert body.status_code == 200, (q["id"], q["code_insee"], body.text)
        found: dict[str, Any] = body.json()["place"]
        assert found["code_insee"] in wanted, (q["id"], found)
        return found
    places = s.api_places(http, q["place"])
    candidates = places.get("candidates") or []
    codes = [c["code_insee"] for c in candidates]
    assert wanted & set(codes), (q["id"], q["place"], "expected", wanted, "offered", codes[:5])
    if not q.get("ambiguous"):
        assert codes[0] in wanted, (q["id"], q["place"], "first offered", codes[0], wanted)
    return next(c for c in candidates if c["code_insee"] in wanted)


def _agree(q: dict[str, Any], api: s.Answer, other: s.Answer, surface: str) -> None:
    where = f"{q['id']} {surface} ({q.get('place') or q.get('code_insee') or q.get('words')})"
    assert other.count == api.count, (
        f"{where}: count {other.count} != API {api.count}\n{other.text[:300]}"
    )
    assert other.first == api.first, f"{where}: first {other.first} != API {api.first}"


def _said(count: int, kind: str) -> str:
    """How the voice says a count of places of a kind: "une mission locale", "4 cio"."""
    from totalacces.vocabulary import KINDS

    k = KINDS[kind]
    if count == 1:
        return f"{'une' if k.feminine else 'un'} {k.spoken}"
    return f"{count} {k.spoken_plural}"


@pytest.mark.parametrize("q", _ids("structures"), ids=lambda q: q["id"])
def test_structures_same_answer_everywhere(http: httpx.Client, live_api: str, q: dict) -> None:
    words = q.get("kind") or "mission locale"
    kind = s.KIND_WORDS[words]
    commune = chosen_commune(http, q)
    code = commune["code_insee"]
    if kind is None:  # no list of these places here: what is offered instead is named
        reply = s.voice_ask(Dialogue(ApiClient(live_api)), f"{words} à {q['place']}")
        found = s.SPOKEN_FOUND.search(reply.text)
        if found:
            assert fold(found.group("what")) != fold(words), (q["id"], reply.text)
        return
    api, body = s.api_structures(http, kind, code_insee=code)
    assert api.commune == code, (q["id"], body.get("place"))
    if q.get("place"):  # the person typed or said it
        typed = s.web_structures(http, q["place"], kind, code)
        _agree(q, api, typed, "web")
        if q["category"] != "insee":
            d = Dialogue(ApiClient(live_api))
            reply = s.voice_ask(d, f"{words} à {q['place']}", commune.get("departement_nom"))
            if api.count == 0 and reply.text.startswith("Rien à moins de 20 kilomètres"):
                # none within the API's radius, as the API says; the voice then looks farther:
                # what it reads is what the API gives for that radius
                wider = int(d.search["radius_km"])
                far, _ = s.api_structures(http, kind, code_insee=code, radius_km=wider)
                assert far.count and f"j'ai trouvé {_said(far.count, kind)}" in reply.text, (
                    q["id"],
                    reply.text,
                )
                assert s.voice_answer(d, reply).first == far.first, (q["id"], reply.text)
            elif api.count == 0 and "n'a pas encore la liste" in body.get("speech", ""):
                # a kind with no place in the data: the voice says what the API says
                first_sentence = body["speech"].split(". ")[0]
                assert reply.text.startswith(first_sentence), (q["id"], reply.text)
            elif api.count == 0:
                assert "Je n'ai trouvé aucun" in reply.text or "pas de liste" in reply.text, (
                    q["id"],
                    reply.text,
                )
            else:
                _agree(q, api, s.voice_answer(d, reply), "voice")
    else:  # a client that knows the INSEE code sends it: the web's candidate links do the same
        _agree(q, api, s.web_structures(http, None, kind, code), "web")


@pytest.mark.parametrize("q", _ids("careers"), ids=lambda q: q["id"])
def test_careers_same_answer_everywhere(http: httpx.Client, live_api: str, q: dict) -> None:
    api, body = s.api_careers(http, q["words"])
    codes = [i["code"] for i in body["items"]]
    assert q["expect_rome"] in codes, (q["id"], q["words"], q["expect_rome"], codes)
    _agree(q, api, s.web_careers(http, q["words"]), "web")
    d = Dialogue(ApiClient(live_api))
    reply = d.handle(f"c'est quoi le métier de {q['words']}")
    assert reply.state == "career", (q["id"], reply.text)
    first = body["items"][0]["label"]
    assert reply.text.startswith(f"Le métier : {first}."), (q["id"], first, reply.text)


@pytest.mark.parametrize("q", _ids("offers"), ids=lambda q: q["id"])
def test_internships_same_answer_everywhere(http: httpx.Client, live_api: str, q: dict) -> None:
    place = q.get("place") or ""
    where: dict[str, str] = {}
    commune = None
    if place:
        commune = chosen_commune(http, q)
        where["code_insee"] = commune["code_insee"]
    api, _body = s.api_offers(http, q["words"], **where)
    assert place or api.count, (q["id"], q["words"], "no internship in all of France")
    _agree(q, api, s.web_offers(http, q["words"], place, where.get("code_insee")), "web")
    d = Dialogue(ApiClient(live_api))
    sentence = f"je cherche un stage en {q['words']}" + (f" à {place}" if place else "")
    reply = s.voice_ask(d, sentence, commune.get("departement_nom") if commune else None)
    if not place:  # the voice asks where: "partout en France" is not a voice answer yet
        assert reply.state == "ask_place", (q["id"], reply.text)
        return
    heard = s.voice_answer(d, reply)
    if api.count == 0:
        assert heard.count == 0, (q["id"], reply.text)
    else:
        _agree(q, api, heard, "voice")
