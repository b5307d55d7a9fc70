"""Prepared SQLite databases, built once per test run and copied for each test module.

Importing the bundled data takes seconds; dozens of modules want the same prepared database.
The first caller builds it in its own file and keeps a copy in the run's template folder
(``TOTALACCES_TEST_TEMPLATES``, set by ``tests/conftest.py`` for one run and removed after it);
the next ones get a copy of that file (SQLite's online backup), never a shared file.
Without the setting (a server started by hand), every caller builds its own.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from pathlib import Path

ENV = "TOTALACCES_TEST_TEMPLATES"


def _copy(source: Path, target: Path) -> None:
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    src.close()
    dst.close()


def prepare_sqlite(url: str, name: str, build: Callable[[], None]) -> bool:
    """Fill the new SQLite database at ``url`` as ``build`` does. Returns True when it was a
    copy of this run's template ``name`` (built by an earlier caller)."""
    folder = os.environ.get(ENV)
    path = Path(url.removeprefix("sqlite:///"))
    if not folder or not url.startswith("sqlite:///") or path.exists():
        build()
        return False
    template = Path(folder) / f"{name}.db"
    if template.exists():
        _copy(template, path)
        return True
    build()
    partial = template.with_suffix(f".{os.getpid()}.partial")  # two test workers may build it at once
    _copy(path, partial)
    partial.replace(template)  # atomic: a reader sees the whole template or none
    return False
