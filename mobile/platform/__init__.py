"""What the app needs from the device, behind one interface.

`DesktopPlatform` (Linux, macOS, Windows) and `AndroidPlatform` (pyjnius) implement it;
`FakePlatform` records what the app asked for, so the Android-only paths (TalkBack detection,
compass, dialler) are tested on the desktop.
"""

from __future__ import annotations

import sys
from abc import ABC, abstractmethod
from collections.abc import Callable
from urllib.parse import quote

from mobile.speech import SpeechEngine


class Platform(ABC):
    name: str = "abstract"

    @abstractmethod
    def touch_exploration_enabled(self) -> bool:
        """True when a screen reader with touch exploration (TalkBack) is running."""

    @abstractmethod
    def make_speech_engine(self, rate: int) -> SpeechEngine:
        """A French speech engine (called on the speech worker thread)."""

    @abstractmethod
    def dial(self, phone: str) -> bool:
        """Open the dialler with `phone` filled in (ACTION_DIAL: the person presses call)."""

    @abstractmethod
    def open_url(self, url: str) -> bool: ...

    @abstractmethod
    def share(self, text: str) -> bool: ...

    def route_url(self, lat: float, lon: float, label: str) -> str:
        return f"https://www.openstreetmap.org/directions?route=%3B{lat:.6f}%2C{lon:.6f}"

    def open_route(self, lat: float, lon: float, label: str) -> bool:
        return self.open_url(self.route_url(lat, lon, label))

    def search_url(self, query: str) -> str:
        """A map searching an address (a point that is only a commune's centre is no door)."""
        return f"https://www.openstreetmap.org/search?query={quote(query)}"

    def open_address(self, query: str) -> bool:
        return self.open_url(self.search_url(query))

    def compass_heading(self) -> float | None:
        """Heading of the phone in degrees (0 = north, clockwise); None without a compass, or
        while the compass has not measured anything yet (it needs a moment once turned on)."""
        return None

    def has_compass(self) -> bool:
        """True when the device has a compass, even if it has not measured anything yet."""
        return self.compass_heading() is not None

    def start_compass(self) -> None:
        """Turn the compass on and keep it on (clock-face directions chosen, app in front)."""
        return None

    def stop_compass(self) -> None:
        """Turn the compass off (app paused or stopped, or cardinal directions chosen)."""
        return None

    def notify(self, message: str) -> None:
        """Show a short system message (Android: a toast, which TalkBack reads aloud)."""
        return None

    def request_location(self, on_location: Callable[[float | None, float | None], None]) -> bool:
        """Ask for one position fix; False when the device cannot locate itself."""
        return False

    def has_microphone(self) -> bool:
        return False


def heading_from_field(x: float, y: float) -> float:
    """Heading of a phone lying flat from the horizontal magnetic field (device x right, y top)."""
    import math

    return math.degrees(math.atan2(-x, y)) % 360.0


def get_platform() -> Platform:
    if _is_android():
        from mobile.platform.android import AndroidPlatform

        return AndroidPlatform()
    from mobile.platform.desktop import DesktopPlatform

    return DesktopPlatform()


def _is_android() -> bool:
    return hasattr(sys, "getandroidapilevel") or "ANDROID_ARGUMENT" in __import__("os").environ
