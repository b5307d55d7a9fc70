"""buildozer.spec lists every package the APK imports, and the permissions the app asks for.

python-for-android installs the requirements that have no recipe with `pip install --no-deps`:
a module missing from `requirements` is only found on the phone, as an ImportError. So this test
walks the imports (top level and inside functions) of every file mobile.android_stage copies into
the APK, and checks each third-party module against `requirements`, then the dependencies those
packages declare themselves.
"""

from __future__ import annotations

import ast
import configparser
import importlib.metadata
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from packaging.requirements import Requirement

from mobile.android_stage import IGNORE, PACKAGES

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "buildozer.spec"
FIRST_PARTY = set(PACKAGES)

#: shipped, but never run on Android (so their imports need no requirement)
DESKTOP_ONLY = {
    "mobile/platform/desktop.py": "get_platform() picks AndroidPlatform on a phone (plyer, "
    "sounddevice and the desktop clipboard are for Linux, macOS and Windows)",
    "voice/listener.py": "vosk and sounddevice: the desktop microphone; vosk has no p4a recipe, "
    "so speech_input_available() is False on Android and 'Écouter' is not shown",
    "voice/speaker.py": "espeak-ng through sounddevice: desktop speech; Android speaks with "
    "TextToSpeech (mobile/platform/android.py)",
    "voice/_tts_worker.py": "pyttsx3 process behind voice/speaker.py (desktop speech)",
    "geodata/geocoder.py": "geopy geocoders for the backend's import tools; neither the app nor "
    "the voice dialogue imports it",
}

#: top-level module -> distribution named in `requirements`, when the names differ
MODULE_TO_DISTRIBUTION = {
    "jnius": "pyjnius",
    "yaml": "pyyaml",
    "text_to_num": "text2num",
    "markdown_it": "markdown-it-py",
    "android": "android",  # p4a's own recipe (android.permissions, android.runnable)
}

#: declared by a shipped package but not needed by what the app runs
DEPENDENCIES_NOT_SHIPPED = {
    "docopt": "num2words's command-line script only; the num2words library never imports it",
}
#: p4a recipes that bring what they need on Android (their PyPI metadata lists desktop extras:
#: Kivy-Garden, docutils, pygments, requests, filetype are not imported by the app)
RECIPES_WITH_OWN_DEPENDENCIES = {"kivy"}


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _spec() -> configparser.ConfigParser:
    parser = configparser.ConfigParser(interpolation=None)
    parser.read(SPEC, encoding="utf-8")
    return parser


def _requirements() -> dict[str, str | None]:
    """name -> pinned version (None when not pinned)."""
    found: dict[str, str | None] = {}
    for item in _spec()["app"]["requirements"].split(","):
        item = item.strip()
        if not item:
            continue
        name, _, version = item.partition("==")
        found[_norm(name)] = version.strip() or None
    return found


def _shipped_files() -> list[Path]:
    """The .py files mobile.android_stage copies into the APK (same ignore rules)."""
    files: list[Path] = []
    for package in PACKAGES:
        for folder, dirs, names in os.walk(ROOT / package):
            ignored = IGNORE(folder, dirs + names)
            dirs[:] = [d for d in dirs if d not in ignored]
            files.extend(Path(folder, n) for n in names if n.endswith(".py") and n not in ignored)
    return sorted(files)


def _imports(path: Path) -> set[str]:
    """Top-level names of the absolute imports, wherever they are (not under TYPE_CHECKING)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skipped.update(id(n) for child in node.body for n in ast.walk(child))
    names: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


def _third_party_imports() -> dict[str, list[str]]:
    """module -> the shipped, Android-side files that import it."""
    found: dict[str, list[str]] = {}
    for path in _shipped_files():
        relative = path.relative_to(ROOT).as_posix()
        if relative in DESKTOP_ONLY:
            continue
        for module in _imports(path):
            if module in sys.stdlib_module_names or module in FIRST_PARTY or module == "__future__":
                continue
            found.setdefault(module, []).append(relative)
    return found


def test_the_stage_ships_the_app_packages_but_not_the_command_lines_nor_test_helpers() -> None:
    shipped = {p.relative_to(ROOT).as_posix() for p in _shipped_files()}
    assert {
        "mobile/app.py",
        "voice/dialogue/machine.py",
        "geodata/points.py",
        "totalacces/client.py",
    } <= shipped
    assert not {"mobile/commands.py", "totalacces/cli.py"} & shipped
    assert not [p for p in shipped if p.startswith("tests/")]  # test support lives in tests/
    for path in DESKTOP_ONLY:  # the list must not rot
        assert path in shipped, f"{path} is listed as desktop-only but is not shipped any more"


def test_every_module_the_apk_imports_is_a_requirement() -> None:
    requirements = _requirements()
    modules = _third_party_imports()
    # the walk sees the imports hidden in functions too (the dialogue imports them lazily)
    assert {"hassil", "text_to_num", "num2words", "rapidfuzz", "yaml", "httpx", "kivy"} <= set(
        modules
    )
    missing = {
        module: files
        for module, files in modules.items()
        if _norm(MODULE_TO_DISTRIBUTION.get(module, module)) not in requirements
    }
    assert not missing, f"add to buildozer.spec requirements (imported by): {missing}"


def test_the_dependencies_of_the_shipped_packages_are_requirements_too() -> None:
    """p4a installs pure-Python requirements with `pip --no-deps`: hassil needs PyYAML and
    unicode-rbnf, httpx needs httpcore, h11, anyio... and pinned versions must fit."""
    requirements = _requirements()
    problems: list[str] = []
    for name in requirements:
        if name in RECIPES_WITH_OWN_DEPENDENCIES:
            continue
        try:
            declared = importlib.metadata.requires(name) or []
        except importlib.metadata.PackageNotFoundError:
            continue  # python3, pyjnius, android: p4a's own
        for text in declared:
            dependency = Requirement(text)
            if dependency.marker is not None and not dependency.marker.evaluate({"extra": ""}):
                continue  # an extra, or another Python / platform
            dep = _norm(dependency.name)
            if dep in DEPENDENCIES_NOT_SHIPPED:
                continue
            if dep not in requirements:
                problems.append(f"{name} needs {dependency} (not in requirements)")
            elif requirements[dep] and not dependency.specifier.contains(requirements[dep]):
                problems.append(f"{name} needs {dependency}, the spec pins {requirements[dep]}")
    assert not problems, problems


def test_pinned_versions_are_the_ones_the_tests_run_with() -> None:
    for name, pinned in _requirements().items():
        if pinned is None:
            continue
        try:
            installed = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            continue
        assert installed == pinned, f"{name}: the tests run {installed}, the APK would get {pinned}"
    # text2num 3 is a Rust extension (no p4a recipe); 2.5 is pure Python
    assert int(_requirements()["text2num"].split(".")[0]) < 3  # type: ignore[union-attr]


def test_the_permissions_the_app_asks_for() -> None:
    permissions = {p.strip() for p in _spec()["app"]["android.permissions"].split(",")}
    assert {
        "INTERNET",  # the Total Accès API
        "RECORD_AUDIO",  # "Parler" with the microphone
        "ACCESS_FINE_LOCATION",  # "Utiliser ma position"
        "ACCESS_COARSE_LOCATION",
    } <= permissions
    assert "CALL_PHONE" not in permissions  # ACTION_DIAL: the person presses "call" themselves


def test_the_spec_packages_the_staged_folder_with_the_data_files() -> None:
    app = _spec()["app"]
    assert app["source.dir"] == "build/android-src"
    extensions = {e.strip() for e in app["source.include_exts"].split(",")}
    # voice/sentences/*.yaml (hassil), geodata/data/*.json.gz and voice/data/*.json.gz
    assert {"py", "yaml", "gz", "json"} <= extensions


@pytest.mark.timeout(60)
def test_rapidfuzz_pure_python_implementation_is_enough_for_the_dialogue() -> None:
    """rapidfuzz has no p4a recipe: built with RAPIDFUZZ_BUILD_EXTENSION=0, only its
    pure-Python implementation is installed. The understanding and the gazetteer work with it."""
    code = (
        "import rapidfuzz.fuzz, rapidfuzz.process\n"
        "assert rapidfuzz.fuzz.ratio.__module__.endswith('_py'), rapidfuzz.fuzz.ratio.__module__\n"
        "from voice.understanding import understand\n"
        "u = understand('une mission locale à Lyonn')\n"
        "assert u.intent == 'find_structure' and u.slots.get('kind') == 'mission_locale', u\n"
        "import geodata\n"
        "assert geodata.lookup('Marseile').candidates[0].nom == 'Marseille'\n"
    )
    env = dict(os.environ, RAPIDFUZZ_IMPLEMENTATION="python")
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr[-2000:]
