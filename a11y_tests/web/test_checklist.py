"""The RGAA checklist names tests: they must exist (the checklist cannot claim more than we test)."""

from __future__ import annotations

import re
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]
CHECKLIST = PROJECT / "a11y_tests" / "RGAA_CHECKLIST.md"


def test_every_test_named_in_the_checklist_exists() -> None:
    text = CHECKLIST.read_text(encoding="utf-8")
    named = set(re.findall(r"`(test_\w+|tab_until)`", text))
    assert len(named) >= 10
    sources = "".join(
        p.read_text(encoding="utf-8")
        for folder in ("a11y_tests/web", "tests/web")
        for p in (PROJECT / folder).glob("*.py")
    )
    missing = sorted(n for n in named if not re.search(rf"def {n}\(", sources))
    assert missing == []


def test_checklist_covers_every_rgaa_theme() -> None:
    text = CHECKLIST.read_text(encoding="utf-8")
    themes = {int(m) for m in re.findall(r"^\| (\d+)\.\d+", text, flags=re.M)}
    assert themes >= set(range(1, 14))
