"""Reproducible installs: requirements.lock pins every package with its hashes, agrees with
pyproject.toml, is what this environment was installed from, and schemathesis' own command line
runs against a live server with the locked versions."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from tests.conftest import live_api  # noqa: F401 - fixture

ROOT = Path(__file__).resolve().parent.parent
LOCK = ROOT / "requirements.lock"
PIN_RE = re.compile(r"^([A-Za-z0-9._-]+)(?:\[[^\]]*\])?==([^\s;\\]+)")


def _pins() -> dict[str, tuple[str, int]]:
    """name -> (version, number of hashes) for every pinned package of the lock file."""
    pins: dict[str, tuple[str, int]] = {}
    current: str | None = None
    for line in LOCK.read_text(encoding="utf-8").splitlines():
        match = PIN_RE.match(line)
        if match:
            current = canonicalize_name(match.group(1))
            pins[current] = (match.group(2), 0)
        elif current and line.strip().startswith("--hash=sha256:"):
            version, hashes = pins[current]
            pins[current] = (version, hashes + 1)
        elif line and not line.startswith((" ", "#")):
            raise AssertionError(f"ligne inattendue dans requirements.lock : {line!r}")
    return pins


def _declared() -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return [
        Requirement(r) for r in project["dependencies"] + project["optional-dependencies"]["test"]
    ]


def test_every_locked_package_is_pinned_with_hashes() -> None:
    pins = _pins()
    assert len(pins) > 50
    assert [name for name, (_v, hashes) in pins.items() if hashes == 0] == []


def test_the_lock_satisfies_every_declared_dependency() -> None:
    pins = _pins()
    problems = []
    for req in _declared():
        name = canonicalize_name(req.name)
        if name not in pins:
            problems.append(f"{req} absent du fichier de verrouillage")
        elif not req.specifier.contains(pins[name][0], prereleases=True):
            problems.append(f"{req} : le verrou donne {pins[name][0]}")
    for tool in ("pip", "setuptools", "wheel"):  # the editable install runs without isolation
        if tool not in pins:
            problems.append(f"{tool} absent du fichier de verrouillage")
    assert problems == [], "requirements.lock est à refaire (make lock) : " + "; ".join(problems)


def test_this_environment_was_installed_from_the_lock() -> None:
    pins = _pins()
    wrong = []
    for dist in metadata.distributions():
        name = canonicalize_name(dist.metadata["Name"])
        if name == "totalacces":
            continue
        if name not in pins:
            wrong.append(f"{name} {dist.version} (hors verrou)")
        elif pins[name][0] != dist.version:
            wrong.append(f"{name} {dist.version} au lieu de {pins[name][0]}")
    assert wrong == []


def test_the_lock_names_no_package_index() -> None:
    text = LOCK.read_text(encoding="utf-8")
    assert "--index-url" not in text and "--extra-index-url" not in text
    assert not re.search(r"https?://", text)


def test_schemathesis_command_line_runs_against_a_live_server(live_api: str) -> None:  # noqa: F811
    """The documented command (docs/PEOPLE.md), bounded: every operation, 3 derandomised examples."""
    cli = Path(sys.executable).with_name("schemathesis")
    proc = subprocess.run(
        [
            str(cli),
            "run",
            f"{live_api}/openapi.json",
            "--experimental=openapi-3.1",
            "--checks",
            "not_a_server_error",
            "--checks",
            "response_schema_conformance",
            "--hypothesis-max-examples",
            "3",
            "--hypothesis-derandomize",
            "--hypothesis-deadline=None",
            "--hypothesis-suppress-health-check=all",
            "--no-color",
        ],
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    out = proc.stdout + proc.stderr
    assert proc.returncode == 0, out[-4000:]
    summary = re.search(r"=+ (\d+) passed in", out)
    assert summary and int(summary.group(1)) >= 40, out[-2000:]
    assert "failed" not in out.splitlines()[-1], out[-2000:]
