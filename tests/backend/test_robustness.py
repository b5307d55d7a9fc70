"""No input gives a 5xx: random query values on every list endpoint."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

values = st.one_of(
    st.text(max_size=30),
    st.sampled_from(
        [
            "-1",
            "0",
            "1e308",
            "nan",
            "inf",
            "-inf",
            "51",
            "H",
            "H29",
            "Z99",
            "2027-13-45",
            "true",
            "%00",
            "Lyon 3e",
            "99",
            "139",
            "activity_sector",
        ]
    ),
    st.integers(min_value=-(10**12), max_value=10**12).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
)
ENDPOINTS = {
    "/api/v1/structures": [
        "place",
        "lat",
        "lon",
        "radius_km",
        "kind",
        "age",
        "q",
        "limit",
        "offset",
    ],
    "/api/v1/offers": [
        "place",
        "lat",
        "lon",
        "radius_km",
        "rome",
        "level",
        "accessible",
        "start_after",
        "q",
        "limit",
    ],
    "/api/v1/careers": ["q", "rome", "sector", "limit", "offset"],
    "/api/v1/places": ["q"],
    "/api/v1/sectors": ["kind"],
}


@given(
    endpoint=st.sampled_from(sorted(ENDPOINTS)),
    data=st.data(),
)
@settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_random_parameters_never_give_a_server_error(
    api: Any, endpoint: str, data: st.DataObject
) -> None:
    names = data.draw(st.lists(st.sampled_from(ENDPOINTS[endpoint]), max_size=4, unique=True))
    params = {n: data.draw(values) for n in names}
    r = api.get(endpoint, params=params)
    assert r.status_code < 500, (params, r.text)
    if r.status_code >= 400:
        assert r.headers["content-type"].startswith("application/problem+json")
        assert r.json()["detail"]


def test_random_detail_paths_never_give_a_server_error(api: Any) -> None:
    for path in (
        "/api/v1/structures/abc",
        "/api/v1/structures/-5",
        "/api/v1/offers/99999999999999999999",
        "/api/v1/careers/%20",
        "/api/v1/careers/H29139",
        "/api/v1/structures/1?lat=nan&lon=2",
        "/api/v1/sectors/%00",
        "/api/v1/sectors/99999999999",
        "/api/v1/sectors/-1",
    ):
        r = api.get(path)
        assert r.status_code < 500, (path, r.text)
