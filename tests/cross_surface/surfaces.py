"""How each surface answers one question, read as a person meets it.

- ``api``: the JSON of ``/api/v1`` (count, first result, the commune searched around);
- ``web``: the HTML page (the results heading says the count, the first result's link), choosing
  the expected commune when the page asks which one;
- ``voice``: the dialogue's spoken text ("J'ai trouvé 7 missions locales à Lyon ... Un : ..."),
  answering the département when it asks which commune.

Each returns an ``Answer``; the test compares them.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Any

import httpx

from geodata.text import fold

#: What a person says or picks for a kind, and the kind it means (None: no such list exists here).
KIND_WORDS: dict[str, str | None] = {
    "mission locale": "mission_locale",
    "milo": "mission_locale",
    "cio": "cio",
    "centre d information et d orientation": "cio",
    "e2c": "e2c",
    "ecole 2eme chance": "e2c",
    "ecole de la deuxieme chance": "e2c",
    "epide": "epide",
    "micro lycee": "microlycee",
    "structure de retour a l ecole": "microlycee",
    "pij": "cij",
    "point info jeunesse": "cij",
    "point information jeunesse": "cij",
    "cap emploi": "cap_emploi",
    "france travail": None,
    "pole emploi": None,
    "psad": None,
    "plateforme decrocheurs": None,
}

HEADING_RE = re.compile(r'<h2 id="resultats"[^>]*>(.*?)</h2>', re.S)
FIRST_RE = r'<li id="[a-z]+-1">\s*<h3[^>]*><a href="{prefix}([^"]+)"'
SPOKEN_COUNT = re.compile(r"J'ai trouvé (\d+|une?) ")
SPOKEN_FOUND = re.compile(r"J'ai trouvé (?:\d+|une?) (?P<what>[^.]+?) (?:à|près|pour|dans) ")


@dataclass
class Answer:
    count: int | None  # None: this surface does not say a count for it
    first: str | None  # the first result's id (or career code); None when there is none
    commune: str | None = None  # the INSEE code searched around, when the surface says it
    text: str = ""  # what was shown or said, for the failure message


# -- API -------------------------------------------------------------------------------------


def api_places(http: httpx.Client, text: str) -> dict[str, Any]:
    return http.get("/api/v1/places", params={"q": text, "limit": 10}).json()  # type: ignore[no-any-return]


def api_structures(http: httpx.Client, kind: str | None, **where: str) -> tuple[Answer, dict]:
    params: dict[str, Any] = {"limit": 1, **where}
    if kind:
        params["kind"] = kind
    body = http.get("/api/v1/structures", params=params).json()
    first = body["items"][0] if body.get("items") else None
    answer = Answer(
        body.get("total"),
        str(first["id"]) if first else None,
        (body.get("place") or {}).get("code_insee"),
        body.get("speech", ""),
    )
    return answer, body


def api_careers(http: httpx.Client, words: str) -> tuple[Answer, dict]:
    body = http.get("/api/v1/careers", params={"q": words, "limit": 5}).json()
    first = body["items"][0] if body["items"] else None
    return Answer(body["total"], first["code"] if first else None, text=body["speech"]), body


def api_offers(http: httpx.Client, words: str, **where: str) -> tuple[Answer, dict]:
    body = http.get("/api/v1/offers", params={"q": words, "limit": 1, **where}).json()
    first = body["items"][0] if body["items"] else None
    return Answer(body["total"], str(first["id"]) if first else None, text=body["speech"]), body


# -- web -------------------------------------------------------------------------------------


def _count(page: str) -> int | None:
    found = HEADING_RE.search(page)
    if found is None:
        return None
    first = re.sub(r"\s+", " ", html.unescape(found.group(1))).strip().split()[0]
    return int(first) if first.isdigit() else None


def _first(page: str, prefix: str) -> str | None:
    found = re.search(FIRST_RE.format(prefix=prefix), page)
    return found.group(1) if found else None


def web_page(http: httpx.Client, path: str, params: dict[str, str], chosen: str | None) -> str:
    """The page, after choosing the commune ``chosen`` when the page asks which one."""
    page = http.get(path, params=params).text
    if chosen and "quelle commune « " in html.unescape(page).lower():  # the page asks which
        assert f"code={chosen}" in html.unescape(page), f"{chosen} not offered: {params}"
        page = http.get(path, params={**params, "code": chosen}).text
    return page


def web_structures(http: httpx.Client, place: str | None, kind: str, chosen: str | None) -> Answer:
    """``place`` typed in the commune field; without it, the commune ``chosen`` by its code (as
    the page's own candidate links and clients that know the INSEE code send it)."""
    params = {"commune": place, "type": kind} if place else {"code": chosen or "", "type": kind}
    page = web_page(http, "/lieux", params, chosen if place else None)
    if "Voici les plus proches" in page:  # nothing within the radius: the nearest, said so
        return Answer(0, None, text=page)
    return Answer(_count(page), _first(page, "/lieux/"), text=page)


def web_careers(http: httpx.Client, words: str) -> Answer:
    page = http.get("/metiers", params={"mots": words}).text
    return Answer(_count(page), _first(page, "/metiers/"), text=page)


def web_offers(http: httpx.Client, words: str, place: str, chosen: str | None) -> Answer:
    page = web_page(http, "/stages", {"mots": words, "commune": place}, chosen)
    return Answer(_count(page), _first(page, "/stages/"), text=page)


# -- voice -----------------------------------------------------------------------------------


def spoken_count(text: str) -> int | None:
    if "Je n'ai trouvé aucun" in text or text.startswith("Rien à moins de 20 kilomètres"):
        return 0  # none within the API's radius (the voice then says what is farther)
    found = SPOKEN_COUNT.search(text)
    if found is None:
        return None
    word = found.group(1)
    return 1 if word in ("un", "une") else int(word)


def voice_ask(dialogue: Any, sentence: str, departement: str | None = None) -> Any:
    """Say ``sentence``; when the dialogue asks which commune, say the département."""
    reply = dialogue.handle(sentence)
    if reply.state == "confirm_place" and departement:
        reply = dialogue.handle(fold(departement))
    return reply


def voice_answer(dialogue: Any, reply: Any) -> Answer:
    """The count said and the first item read (the dialogue's own list, as the API sent it)."""
    items = getattr(dialogue, "items", None) or []
    first = None
    # the first item counts only if it is the one read out ("Un : Mission locale, Lyon, ...")
    # (its street may follow when two items would sound the same)
    read = dialogue._item_sentence(1, items[0]).rstrip(".") if items else ""
    if reply.state == "results" and items and read in reply.text:
        first = str(items[0].get("id") or items[0].get("code"))
    return Answer(spoken_count(reply.text), first, text=f"{reply.state}: {reply.text}")
