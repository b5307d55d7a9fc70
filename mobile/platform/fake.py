"""A fake device for tests: it records what the app asked for and plays any platform state."""

from __future__ import annotations

from collections.abc import Callable

from mobile.platform import Platform
from mobile.speech import SilentEngine, SpeechEngine


class FakePlatform(Platform):
    name = "fake"

    def __init__(
        self,
        touch_exploration: bool = False,
        heading: float | None = None,
        location: tuple[float, float] | None = None,
        microphone: bool = False,
        speech_error: Exception | None = None,
    ) -> None:
        self.microphone = microphone
        #: raised by make_speech_engine (e.g. SpeechUnavailable: no French voice)
        self.speech_error = speech_error
        self.compass_on = False
        self.compass_starts = 0
        self.notified: list[str] = []
        self.touch_exploration = touch_exploration
        self.heading = heading
        self.location = location
        self.dialled: list[str] = []
        self.opened: list[str] = []
        self.shared: list[str] = []

    def touch_exploration_enabled(self) -> bool:
        return self.touch_exploration

    def make_speech_engine(self, rate: int) -> SpeechEngine:
        if self.speech_error is not None:
            raise self.speech_error
        return SilentEngine()

    def dial(self, phone: str) -> bool:
        self.dialled.append(phone)
        return True

    def open_url(self, url: str) -> bool:
        self.opened.append(url)
        return True

    def share(self, text: str) -> bool:
        self.shared.append(text)
        return True

    def compass_heading(self) -> float | None:
        return self.heading

    def start_compass(self) -> None:
        if not self.compass_on:
            self.compass_on = True
            self.compass_starts += 1

    def stop_compass(self) -> None:
        self.compass_on = False

    def notify(self, message: str) -> None:
        self.notified.append(message)

    def has_microphone(self) -> bool:
        return self.microphone

    def request_location(self, on_location: Callable[[float | None, float | None], None]) -> bool:
        if self.location is None:
            return False
        on_location(*self.location)
        return True
