"""The HTTP client every surface shares, against a real server with the bundled data."""

from __future__ import annotations

import socket

import pytest

from totalacces.client import ApiClient, ApiError, ApiUnavailable


def test_every_method_reaches_its_endpoint(live_api: str) -> None:
    with ApiClient(live_api) as api:
        assert api.health()["status"] == "ok"
        assert api.places("st etienne")["candidates"][0]["code_insee"] == "42218"
        assert any(k["kind"] == "mission_locale" for k in api.kinds()["items"])
        found = api.structures(place="Lyon", kind="cio", limit=2)
        assert found["total"] >= 1 and len(found["items"]) <= 2
        one = found["items"][0]
        assert api.structure(one["id"])["name"] == one["name"]
        offer = api.offers(place="Paris", limit=1)["items"][0]
        assert api.offer(offer["id"])["is_example"] is True
        assert api.career("H2913")["label"].startswith("Soudeur")
        careers = api.careers(q="soudeur", rome="H")
        assert careers["items"][0]["code"] == "H2913"
        sectors = api.sectors(kind="activity_sector")["items"]
        assert len(sectors) == 35
        sector = api.sector(str(sectors[0]["code"]))
        assert sector["label"] == sectors[0]["label"] and sector["speech"]
        guides = api.guides(q="rqth")["items"]
        assert guides and api.guide(guides[0]["slug"])["speech"]


def test_errors_carry_the_french_problem(live_api: str) -> None:
    with ApiClient(live_api) as api, pytest.raises(ApiError) as caught:
        api.structures(place="Lyon", radius_km=-5)
    assert caught.value.status == 422
    assert "rayon" in caught.value.detail.lower()


def test_an_unreachable_server_is_said_in_french() -> None:
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with (
        ApiClient(f"http://127.0.0.1:{port}", timeout=2) as api,
        pytest.raises(ApiUnavailable) as e,
    ):
        api.health()
    assert e.value.base_url == f"http://127.0.0.1:{port}"
    assert "ne répond pas" in str(e.value) and "réessayez" in str(e.value)


def _serving(body: object, content_type: str = "application/json") -> ApiClient:
    """A client whose server answers `body` to every request (an old server, a proxy's page)."""
    import json

    import httpx

    def answer(request: httpx.Request) -> httpx.Response:
        raw = body if isinstance(body, str) else json.dumps(body)
        return httpx.Response(200, text=raw, headers={"content-type": content_type})

    return ApiClient("http://service.invalid", transport=httpx.MockTransport(answer))


@pytest.mark.parametrize(
    ("call", "body"),
    [
        (lambda api: api.structures(place="Lyon"), {"items": [], "total": "x"}),
        (lambda api: api.structures(place="Lyon"), {"items": [{"name": 3}], "total": 1}),
        (lambda api: api.structures(place="Lyon"), {"total": 2}),
        (lambda api: api.offers(place="Paris"), {"items": [{"title": "Stage"}], "total": -1}),
        (lambda api: api.offer(12), {"id": 12, "title": None}),
        (lambda api: api.careers(q="soudeur"), {"items": [{"code": "H2913"}], "total": 1}),
        (lambda api: api.guide("rqth"), ["not", "an", "object"]),
        (lambda api: api.kinds(), "<html><body>502 Bad Gateway</body></html>"),
    ],
)
def test_a_malformed_answer_is_the_usual_french_error(call: object, body: object) -> None:
    """`total: "x"` once crashed the app's event loop: now every surface gets its usual error
    (and offers to try again)."""
    with _serving(body) as api, pytest.raises(ApiError) as failure:
        call(api)  # type: ignore[operator]
    assert failure.value.status == 502
    assert failure.value.detail == "Le service a un problème. Réessayez dans un moment."


def test_numbers_sent_as_digits_are_read_as_numbers() -> None:
    body = {"items": [{"id": "7", "name": "CIO", "distance_m": "850"}], "total": "1"}
    with _serving(body) as api:
        page = api.structures(place="Lyon")
    assert page["total"] == 1 and page["items"][0]["id"] == 7
    assert page["items"][0]["distance_m"] == 850.0
    assert page["items"][0]["name"] == "CIO"
