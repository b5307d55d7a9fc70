"""One Kivy app for the whole session (Kivy has one Window per process), reset before each test."""

from __future__ import annotations

from tests.support.headless import configure_headless

configure_headless()  # before anything imports kivy

import pytest  # noqa: E402

from tests.support.harness import Harness, get_harness  # noqa: E402


@pytest.fixture(scope="session")
def harness_session() -> Harness:
    return get_harness()


@pytest.fixture()
def harness(harness_session: Harness) -> Harness:
    harness_session.reset()
    return harness_session
