"""`totalacces app` starts the app on a desktop (headless here) and keeps running."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = [pytest.mark.kivy, pytest.mark.timeout(60)]

ROOT = Path(__file__).resolve().parents[2]


def test_totalacces_app_starts_and_keeps_running(tmp_path: Path) -> None:
    env = dict(
        os.environ,
        HOME=str(tmp_path),  # a fresh home: no ~/.config yet
        KIVY_HOME=str(tmp_path / "kivy"),
        SDL_VIDEODRIVER="offscreen",
        SDL_AUDIODRIVER="dummy",
        KIVY_NO_ARGS="1",
    )
    for name in ("DISPLAY", "KIVY_NO_CONSOLELOG", "KIVY_LOG_MODE", "KIVY_NO_FILELOG"):
        env.pop(name, None)
    proc = subprocess.Popen(
        [sys.executable, "-m", "totalacces", "app", "--api", "http://127.0.0.1:9"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        time.sleep(4)
        running = proc.poll() is None
    finally:
        proc.terminate()
        try:
            output = proc.communicate(timeout=10)[0]
        except subprocess.TimeoutExpired:
            proc.kill()
            output = proc.communicate()[0]
    assert running, output[-3000:]
    assert "Traceback" not in output
    assert "[Base        ] Start application main loop" in output
