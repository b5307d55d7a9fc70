"""Text enlarged by the system (KIVY_METRICS_FONTSCALE=2, as Android's font size does) is never cut."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.backend import URL_VARIABLE
from tests.support.harness import Harness

pytestmark = [pytest.mark.kivy, pytest.mark.timeout(180)]

ROOT = Path(__file__).resolve().parents[2]


def test_system_font_scale_2_clips_no_text_on_any_screen(harness_session: Harness) -> None:
    # the child's app talks to this process's server (same bundled data, no second import)
    env = dict(
        os.environ,
        KIVY_METRICS_FONTSCALE="2",
        PYTHONPATH=str(ROOT),
        **{URL_VARIABLE: harness_session.api.base_url},
    )
    env.pop("KIVY_HOME", None)  # a fresh Kivy home in the child
    done = subprocess.run(
        [sys.executable, "-m", "a11y_tests.kivy.fontscale_probe"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=150,
    )
    lines = [line for line in done.stdout.splitlines() if line.startswith("RESULT ")]
    assert done.returncode == 0 and lines, done.stderr[-2000:]
    report = json.loads(lines[-1][len("RESULT ") :])
    assert report["sp"] == pytest.approx(2.0)  # the variable really took effect
    assert min(report["heading_px"].values()) == pytest.approx(52.0)  # 26 sp headings, doubled
    assert {k: v for k, v in report["clipped"].items() if v} == {}
    assert len(report["clipped"]) >= 13
