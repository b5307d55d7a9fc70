"""What a screen may ask of the app: the one interface between ``mobile/screens`` and the App.

Screens receive a ``ScreenHost`` (``BaseScreen(host)``) and use nothing else of the app: no
``App.get_running_app()``, no import of ``mobile.app``. ``TotalAccesApp`` implements it; a test can
build a screen over a small host of its own (``tests/mobile/test_screen_host.py``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from mobile.platform import Platform
    from mobile.settings import AppSettings
    from totalacces.client import ApiClient


class ScreenHost(Protocol):
    # -- what the screens read -------------------------------------------------------------------
    settings: AppSettings  # the person's choices (voice, text size, theme, directions...)
    platform: Platform  # dialling, URLs, sharing, position, compass
    position: tuple[float, float] | None  # the last position fix the person asked for
    speech_problem: str | None  # why the voice cannot speak, shown in Réglages

    # -- moving between screens --------------------------------------------------------------------
    def navigate(self, name: str, **params: Any) -> None: ...
    def go_back(self) -> None: ...

    # -- speech and focus --------------------------------------------------------------------------
    def say(self, text: str) -> None: ...
    def focus_and_say(self, widget: Any, text: str) -> None: ...
    def focus_quietly(self, widget: Any) -> None: ...

    # -- the service (jobs run on a worker thread, answers come back on the UI thread) ---------
    def call_api(
        self,
        job: Callable[[ApiClient], Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[Exception], None],
        lane: str | None = None,
    ) -> None: ...
    def on_ui_thread(self, func: Callable[..., Any]) -> Callable[..., None]: ...
    def guide_for_kind(self, client: ApiClient, kind: str | None) -> dict[str, Any] | None: ...

    # -- changing the settings (each is saved and applied everywhere) ------------------------------
    def set_self_voicing(self, on: bool) -> None: ...
    def answer_reading(self, on: bool) -> None: ...
    def set_speech_rate(self, rate: int) -> None: ...
    def set_text_scale(self, scale: float) -> None: ...
    def set_theme(self, key: str) -> None: ...
    def set_direction_mode(self, mode: str, announce: bool = True) -> str | None: ...
    def set_position(self, lat: float, lon: float) -> None: ...

    # -- Parler ----------------------------------------------------------------------------------
    def make_dialogue(self) -> Any: ...
    def make_listener(self) -> Any: ...
    def speech_input_available(self) -> bool: ...


#: The names a screen may use on its host (checked by tests/mobile/test_screen_host.py).
HOST_MEMBERS = frozenset(
    name for name in (*ScreenHost.__annotations__, *vars(ScreenHost)) if not name.startswith("_")
)
