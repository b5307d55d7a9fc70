"""Screens reach the app only through ``ScreenHost`` (mobile/screens/host.py)."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

import pytest

from mobile.screens.host import HOST_MEMBERS
from tests.support.harness import Harness
from totalacces.client import ApiClient

pytestmark = [pytest.mark.kivy, pytest.mark.timeout(120)]

SCREENS = Path(__file__).resolve().parents[2] / "mobile" / "screens"


def _host_uses(tree: ast.AST) -> set[str]:
    """Every ``self.host.<name>`` a module uses."""
    return {
        node.attr
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Attribute)
        and node.value.attr == "host"
        and isinstance(node.value.value, ast.Name)
        and node.value.value.id == "self"
    }


def test_screens_use_the_host_and_nothing_else_of_the_app() -> None:
    used: set[str] = set()
    for path in sorted(SCREENS.glob("*.py")):
        source = path.read_text(encoding="utf-8")
        tree = ast.parse(source)
        imported = {
            node.module
            for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom) and node.module
        } | {a.name for node in ast.walk(tree) if isinstance(node, ast.Import) for a in node.names}
        assert "mobile.app" not in imported, path.name
        names = {n.attr for n in ast.walk(tree) if isinstance(n, ast.Attribute)}
        assert "get_running_app" not in names, path.name
        assert not [
            n.attr
            for n in ast.walk(tree)
            if isinstance(n, ast.Attribute)
            and n.attr == "app"
            and isinstance(n.value, ast.Name)
            and n.value.id == "self"
        ], f"{path.name} uses self.app: screens get a ScreenHost"
        uses = _host_uses(tree)
        assert uses <= HOST_MEMBERS, (path.name, sorted(uses - HOST_MEMBERS))
        used |= uses
    assert used == HOST_MEMBERS, sorted(HOST_MEMBERS - used)  # nothing in the host goes unused


def test_the_app_is_a_host(harness: Harness) -> None:
    missing = [name for name in sorted(HOST_MEMBERS) if not hasattr(harness.app, name)]
    assert not missing


class SmallHost:
    """A host with no app behind it: calls run at once, speech and moves are written down."""

    def __init__(self, client: ApiClient) -> None:
        from mobile.platform.fake import FakePlatform
        from mobile.settings import AppSettings

        self.client = client
        self.settings = AppSettings()
        self.platform = FakePlatform()
        self.position: tuple[float, float] | None = None
        self.speech_problem: str | None = None
        self.said: list[str] = []
        self.moves: list[tuple[str, dict[str, Any]]] = []
        self.focused: Any = None

    def navigate(self, name: str, **params: Any) -> None:
        self.moves.append((name, params))

    def go_back(self) -> None:
        self.moves.append(("back", {}))

    def say(self, text: str) -> None:
        self.said.append(text)

    def focus_and_say(self, widget: Any, text: str) -> None:
        self.focused = widget
        self.said.append(text)

    def focus_quietly(self, widget: Any) -> None:
        self.focused = widget

    def call_api(self, job: Any, on_done: Any, on_error: Any, lane: str | None = None) -> None:
        try:
            result = job(self.client)
        except Exception as exc:  # noqa: BLE001 - handed to the screen, as the app does
            on_error(exc)
        else:
            on_done(result)

    def on_ui_thread(self, func: Any) -> Any:
        return func

    def guide_for_kind(self, client: ApiClient, kind: str | None) -> dict[str, Any] | None:
        return None

    def set_self_voicing(self, on: bool) -> None:
        self.settings.self_voicing = on

    def answer_reading(self, on: bool) -> None:
        self.set_self_voicing(on)

    def set_speech_rate(self, rate: int) -> None:
        self.settings.speech_rate = rate

    def set_text_scale(self, scale: float) -> None:
        self.settings.text_scale = scale

    def set_theme(self, key: str) -> None:
        self.settings.theme = key

    def set_direction_mode(self, mode: str, announce: bool = True) -> str | None:
        self.settings.direction_mode = mode
        return None

    def set_position(self, lat: float, lon: float) -> None:
        self.position = (lat, lon)

    def make_dialogue(self) -> Any:
        raise AssertionError("not used here")

    def make_listener(self) -> Any:
        raise AssertionError("not used here")

    def speech_input_available(self) -> bool:
        return False


def test_a_screen_works_with_a_small_host(harness_session: Harness) -> None:
    """The careers screen over a host of our own: it lists what the API finds, says the count,
    and asks its host to move when a career is chosen."""
    from mobile.a11y import walk
    from mobile.screens.careers import CareersScreen

    assert set(vars(SmallHost)) | {"settings", "platform", "position", "speech_problem"} >= (
        HOST_MEMBERS
    )
    api = harness_session.api
    host = SmallHost(ApiClient(api.base_url, timeout=20))
    screen = CareersScreen(host)
    screen.industry()
    industry = api.get("/api/v1/careers", rome="H", limit=1)
    assert host.said == [f"{industry['total']} métiers trouvés."]
    assert host.focused.text == host.said[0]
    first = industry["items"][0]
    button = next(
        w for w in walk(screen) if getattr(w, "a11y_label", "").startswith(first["label"])
    )
    assert "Métier de l'industrie." in button.a11y_label
    button.a11y_activate()
    assert host.moves == [("career", {"code": first["code"]})]
    host.client.close()
