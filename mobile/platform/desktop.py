"""Desktop implementation: voice.Speaker for speech, the web browser for links and routes."""

from __future__ import annotations

import logging
import webbrowser

from mobile.platform import Platform
from mobile.speech import SpeechEngine, make_desktop_engine

log = logging.getLogger(__name__)


class DesktopPlatform(Platform):
    name = "desktop"

    def touch_exploration_enabled(self) -> bool:
        return False

    def make_speech_engine(self, rate: int) -> SpeechEngine:
        return make_desktop_engine(rate)

    def dial(self, phone: str) -> bool:
        # A desktop has no dialler: the number is shown and spoken by the screen instead.
        return False

    def open_url(self, url: str) -> bool:
        try:
            return bool(webbrowser.open(url))
        except Exception as exc:  # no browser
            log.info("Impossible d'ouvrir le lien : %s", exc)
            return False

    def share(self, text: str) -> bool:
        try:
            from kivy.core.clipboard import Clipboard

            Clipboard.copy(text)
            return True
        except Exception as exc:
            log.info("Presse-papiers indisponible : %s", exc)
            return False

    def compass_heading(self) -> float | None:
        try:
            from plyer import compass

            field = compass.field  # NotImplementedError on desktops
        except Exception:
            return None
        if not field or field[0] is None:
            return None
        from mobile.platform import heading_from_field

        return heading_from_field(field[0], field[1])

    def has_microphone(self) -> bool:
        try:
            import sounddevice

            return any(d.get("max_input_channels", 0) > 0 for d in sounddevice.query_devices())
        except Exception:
            return False
