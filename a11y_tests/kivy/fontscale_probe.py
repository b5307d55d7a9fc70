"""Run in a child process with KIVY_METRICS_FONTSCALE=2 (read once, when Kivy starts).

Prints one JSON line: the size of 1 sp and, per screen, the texts that would be clipped.
"""

from __future__ import annotations

import json

from tests.support.headless import configure_headless

configure_headless()

from kivy.metrics import sp  # noqa: E402

from a11y_tests.kivy.checks import clipped_texts  # noqa: E402
from tests.support.harness import SCREEN_STATES, get_harness, open_state  # noqa: E402


def main() -> None:
    h = get_harness()
    report: dict[str, object] = {"sp": sp(1), "clipped": {}, "heading_px": {}}
    for state in SCREEN_STATES:
        open_state(h, state)
        screen = h.app.current_screen
        report["clipped"][state] = clipped_texts(screen)  # type: ignore[index]
        report["heading_px"][state] = screen.heading.font_size  # type: ignore[index]
    h.screenshot(h.settings_dir / "fontscale2.png")
    print("RESULT " + json.dumps(report, ensure_ascii=False))


if __name__ == "__main__":
    main()
