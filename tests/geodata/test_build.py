"""scripts/build_gazetteer.py on a tiny raw folder: the hole-filling methods."""

from __future__ import annotations

import csv
import gzip
import importlib.util
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def load_script():
    spec = importlib.util.spec_from_file_location(
        "build_gazetteer", ROOT / "scripts" / "build_gazetteer.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


HEADER = [
    "code_insee",
    "nom",
    "type",
    "departement",
    "region",
    "codes_postaux",
    "population",
    "lat",
    "lon",
    "coord_source",
]


def write_raw(tmp: Path, rows, laposte, manual_ok=True) -> Path:
    geo = tmp / "geo"
    geo.mkdir(parents=True)
    with (geo / "communes_gazetteer_2026.csv").open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(HEADER)
        w.writerows(rows)
    cog = [
        {"code": r[0], "type": r[2], "commune": "69123"}
        for r in rows
        if r[2] == "arrondissement-municipal"
    ]
    (geo / "communes.json").write_text(json.dumps(cog), encoding="utf-8")
    (geo / "departements.json").write_text(
        json.dumps(
            [
                {"code": "69", "nom": "Rhône", "chefLieu": "69123"},
                {"code": "76", "nom": "Seine-Maritime", "chefLieu": "76540"},
            ]
        )
    )
    (geo / "regions.json").write_text(
        json.dumps(
            [
                {"code": "84", "nom": "ARA", "chefLieu": "69123"},
                {"code": "28", "nom": "Normandie", "chefLieu": "76540"},
            ]
        )
    )
    with (geo / "laposte_hexasmal.csv").open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, delimiter=";")
        w.writerow(
            [
                "Code_commune_INSEE",
                "Nom_commune",
                "Code_postal",
                "Ligne_5",
                "Libellé_d_acheminement",
                "coordonnees_gps",
            ]
        )
        w.writerows(laposte)
    return tmp


def test_build_fills_holes_and_records_the_method(tmp_path):
    rows = [
        [
            "69123",
            "Lyon",
            "commune-actuelle",
            "69",
            "84",
            "69001|69002",
            "500000",
            "45.77",
            "4.83",
            "code_postal",
        ],
        [
            "69381",
            "Lyon 1er Arrondissement",
            "arrondissement-municipal",
            "69",
            "84",
            "69001",
            "1",
            "45.0",
            "4.0",
            "insee",
        ],
        [
            "69382",
            "Lyon 2e Arrondissement",
            "arrondissement-municipal",
            "69",
            "84",
            "69002",
            "1",
            "46.0",
            "5.0",
            "insee",
        ],
        ["69999", "Trou", "commune-actuelle", "69", "84", "69500", "10", "", "", "none"],
        ["76095", "Bihorel", "commune-actuelle", "76", "28", "76420", "8316", "", "", "none"],
    ]
    laposte = [
        ["69998", "VOISIN", "69500", "", "VOISIN", "45.5,4.5"],
        ["69997", "AUTRE", "69500", "", "AUTRE", "45.7,4.7"],
    ]
    build = load_script().build
    data = build(write_raw(tmp_path, rows, laposte))
    # the prefecture of each département and region, from the COG: where an area is searched from
    assert data["chefs_lieux"] == {
        "departements": {"69": "69123", "76": "76540"},
        "regions": {"28": "76540", "84": "69123"},
    }
    by = {r[0]: dict(zip(data["fields"], r, strict=True)) for r in data["communes"]}
    assert by["69123"]["coord_method"] == "centroide_arrondissements"
    assert (by["69123"]["lat"], by["69123"]["lon"]) == (45.5, 4.5)
    assert by["69999"]["coord_method"] == "centroide_code_postal"
    assert by["69999"]["lat"] == pytest.approx(45.6)
    assert by["76095"]["coord_method"] == "manuel_a_verifier"
    assert by["69381"]["parent_insee"] == "69123" and by["69381"]["kind"] == "arrondissement"
    assert by["69381"]["coord_method"] == "laposte_insee"


def test_build_fails_when_a_metropolitan_commune_has_no_coordinates(tmp_path):
    rows = [["69999", "Trou", "commune-actuelle", "69", "84", "69500", "10", "", "", "none"]]
    build = load_script().build
    with pytest.raises(SystemExit, match="69999"):
        build(write_raw(tmp_path, rows, []))


def test_main_writes_a_deterministic_gzip(tmp_path):
    rows = [["69999", "Trou", "commune-actuelle", "69", "84", "69500", "10", "45", "4", "insee"]]
    raw = write_raw(tmp_path / "raw", rows, [])
    script = load_script()
    out1, out2 = tmp_path / "a.json.gz", tmp_path / "b.json.gz"
    assert script.main(["--raw", str(raw), "--out", str(out1)]) == 0
    assert script.main(["--raw", str(raw), "--out", str(out2)]) == 0
    assert out1.read_bytes() == out2.read_bytes()
    assert json.loads(gzip.decompress(out1.read_bytes()))["communes"][0][1] == "Trou"


def test_build_lists_former_codes_and_checks_split_names(tmp_path):
    """Former codes: délégués with their name, anciensCodes without; a current code is never a
    former one; the délégué entry (today) wins over anciensCodes (history). A merged commune's
    name is split only into words La Poste names for it."""
    rows = [
        ["74010", "Annecy", "commune-actuelle", "74", "84", "74000", "132117", "45.9", "6.1", "insee"],
        ["91228", "Évry-Courcouronnes", "commune-actuelle", "91", "11", "91000", "66919", "48.6", "2.4", "insee"],
        ["63103", "Châtel-Guyon", "commune-actuelle", "63", "84", "63140", "6000", "45.9", "3.0", "insee"],
        ["55386", "Nonsard-Lamarche", "commune-actuelle", "55", "44", "55210", "200", "48.9", "5.7", "insee"],
        ["55245", "Heudicourt-sous-les-Côtes", "commune-actuelle", "55", "44", "55210", "172", "48.9", "5.7", "insee"],
    ]  # fmt: skip
    laposte = [
        ["91228", "EVRY COURCOURONNES", "91000", "EVRY", "EVRY COURCOURONNES", "48.6,2.4"],
        ["91228", "EVRY COURCOURONNES", "91080", "COURCOURONNES", "EVRY COURCOURONNES", "48.6,2.4"],
        ["63103", "CHATEL GUYON", "63140", "ST HIPPOLYTE", "CHATEL GUYON", "45.9,3.0"],
    ]
    raw = write_raw(tmp_path, rows, laposte)
    cog = [
        {"code": "74010", "nom": "Annecy", "type": "commune-actuelle", "departement": "74",
         "anciensCodes": ["74011"]},
        {"code": "74010", "nom": "Annecy", "type": "commune-deleguee", "chefLieu": "74010"},
        {"code": "74011", "nom": "Annecy-le-Vieux", "type": "commune-deleguee", "chefLieu": "74010"},
        {"code": "91228", "nom": "Évry-Courcouronnes", "type": "commune-actuelle",
         "departement": "91", "anciensCodes": ["78182", "91182"]},
        {"code": "63103", "nom": "Châtel-Guyon", "type": "commune-actuelle", "departement": "63",
         "anciensCodes": ["63361"]},
        {"code": "55386", "nom": "Nonsard-Lamarche", "type": "commune-actuelle", "departement": "55"},
        {"code": "55245", "nom": "Heudicourt-sous-les-Côtes", "type": "commune-actuelle",
         "departement": "55", "anciensCodes": ["55273"]},
        {"code": "55273", "nom": "Lamarche-en-Woëvre", "type": "commune-associee",
         "chefLieu": "55386"},
    ]  # fmt: skip
    (raw / "geo" / "communes.json").write_text(json.dumps(cog), encoding="utf-8")
    data = load_script().build(raw)
    assert data["former_codes"] == [
        ["55273", "55386", "Lamarche-en-Woëvre"],
        ["63361", "63103", ""],
        ["74011", "74010", "Annecy-le-Vieux"],
        ["78182", "91228", ""],
        ["91182", "91228", ""],
    ]
    names = {tuple(x) for x in data["former_names"]}
    assert {("Évry", "91228"), ("Courcouronnes", "91228"), ("Annecy-le-Vieux", "74010")} <= names
    assert not {n for n, code in names if code == "63103"}  # no "Châtel", no "Guyon"


def test_french_guiana_towns_are_where_people_live_not_at_the_territory_centre():
    """La Poste's points of Guiana's huge communes are in the forest; the bundled gazetteer
    places the communes that have lycées at the median of their lycées (NOTICE.md)."""
    import geodata

    towns = {  # town centres read on a public map, about 1 km accuracy
        "97302": (4.937, -52.326),  # Cayenne (La Poste: 22 km off)
        "97304": (5.160, -52.650),  # Kourou (28 km)
        "97306": (5.660, -53.780),  # Mana (75 km)
        "97311": (5.500, -54.030),  # Saint-Laurent-du-Maroni (58 km)
    }
    for code, (lat, lon) in towns.items():
        c = geodata.get_commune(code)
        assert c is not None and c.coord_method == "lycees_annuaire_education"
        assert geodata.haversine_m(c.lat, c.lon, lat, lon) < 6_000, (c.nom, c.lat, c.lon)
