from __future__ import annotations

from pathlib import Path

import pytest

from tests.voice.fakeapi import FakeApi

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "voice"


@pytest.fixture
def fake_api() -> FakeApi:
    return FakeApi()


@pytest.fixture
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS
