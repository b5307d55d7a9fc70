"""The Kivy app is one of the surfaces: headless, before anything imports kivy."""

from __future__ import annotations

from tests.support.headless import configure_headless

configure_headless()
