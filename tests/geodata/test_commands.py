"""`totalacces places QUERY`."""

from __future__ import annotations

import json
import subprocess
import sys

import typer
from typer.testing import CliRunner

from geodata.commands import register


def make_app() -> typer.Typer:
    app = typer.Typer()

    @app.callback()
    def main() -> None:  # a group, as in totalacces.cli
        pass

    register(app)
    return app


def test_places_prints_the_candidates_and_the_note():
    res = CliRunner().invoke(make_app(), ["places", "13001"])
    assert res.exit_code == 0, res.output
    assert "Marseille 1er Arrondissement" in res.output
    assert "Aix-en-Provence" in res.output  # the note explains the postcode choice


def test_places_json():
    res = CliRunner().invoke(make_app(), ["places", "Saint-Denis", "--json", "-n", "2"])
    data = json.loads(res.output)
    assert data["ambiguous"] is True
    assert [c["departement"] for c in data["candidates"]] == ["974", "93"]


def test_places_json_has_no_nan_for_communes_without_coordinates():
    res = CliRunner().invoke(make_app(), ["places", "Nouméa", "--json"])
    data = json.loads(res.output)  # strict JSON: NaN would not parse back as null
    assert data["candidates"][0]["lat"] is None


def test_places_unknown_and_bad_input():
    res = CliRunner().invoke(make_app(), ["places", "Xyzzyville"])
    assert res.exit_code == 1
    assert "Aucune commune" in res.output
    res = CliRunner().invoke(make_app(), ["places", "   "])
    assert res.exit_code == 2
    assert "vide" in res.output


def test_commands_module_imports_only_typer():
    code = (
        "import sys, geodata.commands; "
        "print([m for m in ('geopy', 'scipy', 'rapidfuzz', 'num2words', 'numpy', "
        "'geodata.gazetteer') if m in sys.modules])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_public_api_is_exported():
    import geodata

    for name in geodata.__all__:
        assert getattr(geodata, name) is not None
    assert "lookup" in dir(geodata)


def test_gazetteer_loads_lazily_on_first_use():
    code = (
        "import geodata, geodata.gazetteer as g; "
        "before = g._GAZ is None; geodata.lookup('Lyon'); "
        "print(before, g._GAZ is not None, geodata.communes() is geodata.communes())"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["True", "True", "True"]
