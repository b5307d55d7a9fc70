"""Prepare the folder buildozer packages: the app's packages and a top-level main.py.

buildozer wants `main.py` at the top of `source.dir`; the project keeps its entry point in
`mobile/main.py`, and the backend has no place in the APK. Run from the project root:

    .venv/bin/python -m mobile.android_stage        # -> build/android-src/
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("mobile", "voice", "geodata", "totalacces")
# command-line entry points (typer) stay out of the APK (test support lives in tests/, not here)
IGNORE = shutil.ignore_patterns("__pycache__", "*.pyc", "tests", "commands.py", "cli.py")


def stage(target: Path | None = None) -> Path:
    target = target or ROOT / "build" / "android-src"
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    for package in PACKAGES:
        source = ROOT / package
        if source.is_dir():
            shutil.copytree(source, target / package, ignore=IGNORE)
    shutil.copyfile(ROOT / "mobile" / "main.py", target / "main.py")
    return target


if __name__ == "__main__":
    print(stage(Path(sys.argv[1]) if len(sys.argv) > 1 else None))
