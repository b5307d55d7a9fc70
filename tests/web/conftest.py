"""Server-side tests of the web pages: one app over a temporary SQLite database."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient


@pytest.fixture(scope="module")
def web_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    import os

    folder = tmp_path_factory.mktemp("web")
    previous = {
        k: os.environ.get(k) for k in ("TOTALACCES_WEB_TEST_DB", "TOTALACCES_COOKIE_SECURE")
    }
    os.environ["TOTALACCES_WEB_TEST_DB"] = f"sqlite:///{folder}/web.db"
    os.environ["TOTALACCES_COOKIE_SECURE"] = "false"
    try:
        from a11y_tests.web.server import make_app

        yield make_app()
    finally:
        for key, value in previous.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


@pytest.fixture()
def client(web_app: object) -> Iterator[TestClient]:
    with TestClient(web_app, base_url="http://testserver") as test_client:  # type: ignore[arg-type]
        yield test_client
