from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.backend import LocalApi, Recorder, bundled_api

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "voice"


@pytest.fixture(scope="session")
def local_api() -> LocalApi:
    """The real API in this process, on the bundled data (one per test session)."""
    return bundled_api()


@pytest.fixture
def server(local_api: LocalApi) -> Iterator[Recorder]:
    """This test's way to the server: records requests; ``down``/``missing`` play failures."""
    recorder = local_api.recorder()
    yield recorder
    recorder.close()


@pytest.fixture
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS
