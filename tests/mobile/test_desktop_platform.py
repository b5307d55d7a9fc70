"""The desktop platform: what a computer without phone sensors answers."""

from __future__ import annotations

import sys
import types

import pytest

from mobile.platform.desktop import DesktopPlatform


def _plyer_with_compass(field: object) -> types.ModuleType:
    class Compass:
        @property
        def field(self) -> object:
            if isinstance(field, Exception):
                raise field
            return field

    module = types.ModuleType("plyer")
    module.compass = Compass()  # type: ignore[attr-defined]
    return module


def test_no_compass_on_a_desktop_gives_no_heading(monkeypatch: pytest.MonkeyPatch) -> None:
    # plyer raises NotImplementedError on desktops: the app then keeps cardinal directions.
    monkeypatch.setitem(sys.modules, "plyer", _plyer_with_compass(NotImplementedError()))
    assert DesktopPlatform().compass_heading() is None
    monkeypatch.setitem(sys.modules, "plyer", _plyer_with_compass((None, None, None)))
    assert DesktopPlatform().compass_heading() is None


def test_a_compass_reading_becomes_a_heading(monkeypatch: pytest.MonkeyPatch) -> None:
    # Magnetic field pointing along +y (north at the top of the phone): heading 0 degrees.
    monkeypatch.setitem(sys.modules, "plyer", _plyer_with_compass((0.0, 30.0, -40.0)))
    heading = DesktopPlatform().compass_heading()
    assert heading is not None and (heading < 1 or heading > 359)
