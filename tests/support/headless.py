"""Kivy without a screen, for tests and benchmarks."""

from __future__ import annotations

import os
import tempfile


def configure_headless() -> None:
    """Environment for Kivy without a screen; must run before the first `import kivy`."""
    os.environ.setdefault("KIVY_NO_ARGS", "1")
    os.environ.setdefault("KIVY_NO_CONSOLELOG", "1")
    os.environ.setdefault("KIVY_NO_FILELOG", "1")
    os.environ.setdefault("KIVY_LOG_MODE", "PYTHON")
    if "KIVY_HOME" not in os.environ:
        os.environ["KIVY_HOME"] = tempfile.mkdtemp(prefix="kivy-home-")
    if not os.environ.get("DISPLAY"):
        os.environ.setdefault("SDL_VIDEODRIVER", "offscreen")
    os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
    from kivy.config import Config  # reading the config does not open the window

    Config.set("graphics", "width", "480")
    Config.set("graphics", "height", "800")
    Config.set("graphics", "maxfps", "0")
    Config.set("kivy", "exit_on_escape", "0")
