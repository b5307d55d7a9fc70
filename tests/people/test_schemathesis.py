"""schemathesis over the whole OpenAPI of the application (core + people), in-process (ASGI):
no 5xx and no answer that violates its documented schema. Bounded and derandomised examples."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error, response_schema_conformance

from tests.people.conftest import World, bearer, build_app

MAX_EXAMPLES = 5
#: Called without credentials: with the admin token they could revoke the token itself.
ANONYMOUS_ONLY = {"/api/v1/auth/logout", "/api/v1/auth/tokens/{token_id}"}


def make_check(operation: Any, headers: dict[str, str]) -> Callable[[], None]:
    @given(case=operation.as_strategy())
    @settings(
        max_examples=MAX_EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def check(case: schemathesis.Case) -> None:
        case.headers = {**(case.headers or {}), **headers}
        response = case.call()
        case.validate_response(response, checks=(not_a_server_error, response_schema_conformance))

    return check  # type: ignore[no-any-return]


def test_whole_openapi_has_no_5xx_and_no_schema_violation(world: World) -> None:
    app = build_app(world.url)
    schemathesis.experimental.OPEN_API_3_1.enable()  # FastAPI publishes OpenAPI 3.1
    schema = schemathesis.from_asgi("/openapi.json", app)
    admin = bearer(world, "admin")
    failures: list[str] = []
    checked = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        headers = {} if operation.path in ANONYMOUS_ONLY else admin
        try:
            make_check(operation, headers)()
        except Exception as exc:  # collect every operation's failure, then report them all
            failures.append(f"{operation.verbose_name}: {str(exc)[:1500]}")
        checked += 1
    assert checked >= 20  # the people endpoints alone are 24 operations
    assert failures == [], "\n\n".join(failures)
