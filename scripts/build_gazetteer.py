#!/usr/bin/env python3
"""Build the compact gazetteer committed in ``geodata/data/communes.json.gz``.

Reads ``<raw>/geo/`` (default ``../shared/data/raw`` relative to the repository root):

- ``communes_gazetteer_2026.csv``: current communes + the 45 municipal arrondissements, already
  joined to La Poste's 2020 GPS points (mean point per INSEE code);
- ``communes.json``: COG 2026 (parent city of each arrondissement; former communes, their
  names and codes: ``commune-deleguee``, ``commune-associee``, ``anciensCodes``);
- ``departements.json``, ``regions.json``: names and chefs-lieux (prefectures);
- ``laposte_hexasmal.csv``: La Poste points, used to fill the holes of the join.

Every row records how its coordinates were obtained (``coord_method``, see
``geodata/data/NOTICE.md``). The output is deterministic (same input, same bytes).

Usage::

    .venv/bin/python scripts/build_gazetteer.py [--raw DIR] [--out FILE]
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import math
import re
import statistics
import sys
import unicodedata
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_RAW = REPO.parent / "shared" / "data" / "raw"
DEFAULT_OUT = REPO / "geodata" / "data" / "communes.json.gz"

# The five overseas départements (DROM). Together with metropolitan France, every commune there
# must end up with coordinates; the build fails otherwise.
DROM = ("971", "972", "973", "974", "976")

# Last resort, when neither the INSEE code nor the postcode has a La Poste point. Approximate town
# centre from public maps, accurate to about 1 km; flagged "manuel_a_verifier" in the data.
MANUAL_COORDS: dict[str, tuple[float, float, str]] = {
    "76095": (49.4550, 1.1200, "Bihorel: centre-bourg relevé sur une carte publique, à vérifier"),
}

RAW_METHODS = {
    "insee": "laposte_insee",
    "code_postal": "laposte_code_postal",
    "ancien_code": "laposte_ancien_code",
}

FIELDS = [
    "code_insee",
    "nom",
    "postcodes",
    "departement",
    "region",
    "population",
    "lat",
    "lon",
    "kind",
    "parent_insee",
    "coord_method",
]


def _parse_gps(text: str) -> tuple[float, float] | None:
    if not text or "," not in text:
        return None
    lat_s, lon_s = text.split(",", 1)
    try:
        lat, lon = float(lat_s), float(lon_s)
    except ValueError:
        return None
    if not (math.isfinite(lat) and math.isfinite(lon)):
        return None
    return lat, lon


def _mean(points: list[tuple[float, float]]) -> tuple[float, float]:
    return (
        sum(p[0] for p in points) / len(points),
        sum(p[1] for p in points) / len(points),
    )


#: Départements whose La Poste commune points are territory centres, not towns.
TERRITORY_CENTRES = ("973",)


def guiana_school_points(raw: Path) -> dict[str, set[tuple[float, float]]]:
    """The distinct positions of the lycées of each commune of ``TERRITORY_CENTRES``."""
    points: dict[str, set[tuple[float, float]]] = defaultdict(set)
    path = raw / "education/fr-en-annuaire-education_lycees_2024.csv"
    if not path.exists():
        print(f"attention : {path} absent, points de la Guyane non corrigés", file=sys.stderr)
        return points
    with path.open(encoding="utf-8-sig", newline="") as fh:
        for row in csv.DictReader(fh, delimiter=";"):
            code = row["Code_commune"]
            if not code.startswith(TERRITORY_CENTRES):
                continue
            try:
                point = (float(row["latitude"]), float(row["longitude"]))
            except ValueError:
                continue
            points[code].add(point)
    return points


def build(raw: Path) -> dict:
    geo = raw / "geo"
    cog = json.loads((geo / "communes.json").read_text(encoding="utf-8"))
    parent_of = {
        c["code"]: c.get("commune") for c in cog if c["type"] == "arrondissement-municipal"
    }
    departements = {
        d["code"]: d["nom"]
        for d in json.loads((geo / "departements.json").read_text(encoding="utf-8"))
    }
    regions = {
        r["code"]: r["nom"] for r in json.loads((geo / "regions.json").read_text(encoding="utf-8"))
    }
    # The commune each département and region is run from (its prefecture): where a search
    # "en Seine-Saint-Denis" or "en Bretagne" is measured from.
    chefs_lieux = {
        "departements": {
            d["code"]: d["chefLieu"]
            for d in json.loads((geo / "departements.json").read_text(encoding="utf-8"))
        },
        "regions": {
            r["code"]: r["chefLieu"]
            for r in json.loads((geo / "regions.json").read_text(encoding="utf-8"))
        },
    }

    # La Poste points by postcode (for the postcode-centroid fallback), and the names La Poste
    # gives to each INSEE code (its commune name, its localities in Ligne_5).
    points_by_postcode: dict[str, list[tuple[float, float]]] = defaultdict(list)
    postal_names: dict[str, set[str]] = defaultdict(set)
    with (geo / "laposte_hexasmal.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter=";"):
            point = _parse_gps(row["coordonnees_gps"])
            if point is not None:
                points_by_postcode[row["Code_postal"]].append(point)
            for name in (row["Nom_commune"], row.get("Ligne_5") or ""):
                if name:
                    postal_names[row["Code_commune_INSEE"]].add(_key(name))

    rows: list[dict] = []
    with (geo / "communes_gazetteer_2026.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            kind = "arrondissement" if row["type"] == "arrondissement-municipal" else "commune"
            has = bool(row["lat"] and row["lon"])
            rows.append(
                {
                    "code_insee": row["code_insee"],
                    "nom": row["nom"],
                    "postcodes": [p for p in row["codes_postaux"].split("|") if p],
                    "departement": row["departement"],
                    "region": row["region"],
                    "population": int(row["population"] or 0),
                    "lat": float(row["lat"]) if has else None,
                    "lon": float(row["lon"]) if has else None,
                    "kind": kind,
                    "parent_insee": parent_of.get(row["code_insee"])
                    if kind == "arrondissement"
                    else None,
                    "coord_method": RAW_METHODS.get(row["coord_source"], "aucune")
                    if has
                    else "aucune",
                }
            )

    by_code = {r["code_insee"]: r for r in rows}

    # 1. Paris, Lyon, Marseille: the raw join used the first postcode's point (the 1st
    #    arrondissement). Use the mean of the arrondissements' points instead.
    arrondissements: dict[str, list[dict]] = defaultdict(list)
    for r in rows:
        if r["kind"] == "arrondissement":
            arrondissements[r["parent_insee"]].append(r)
    for city, arrs in arrondissements.items():
        lat, lon = _mean([(a["lat"], a["lon"]) for a in arrs])
        by_code[city].update(lat=lat, lon=lon, coord_method="centroide_arrondissements")

    # 1b. French Guiana: La Poste's point of a huge commune is the centre of its territory, in
    #     the forest (Saint-Laurent-du-Maroni 58 km from the town, Mana 75, Kourou 28, Cayenne
    #     22). Where the commune has lycées, its point is the median of their positions (the
    #     Annuaire de l'éducation places each at its address): the town where people live.
    for code, points in guiana_school_points(raw).items():
        r = by_code.get(code)
        if r is not None and r["kind"] == "commune":
            lats, lons = sorted(p[0] for p in points), sorted(p[1] for p in points)
            r.update(
                lat=round(statistics.median(lats), 6),
                lon=round(statistics.median(lons), 6),
                coord_method="lycees_annuaire_education",
            )

    # 2. Holes: mean of the La Poste points sharing one of the commune's postcodes.
    for r in rows:
        if r["lat"] is not None:
            continue
        points = [p for pc in r["postcodes"] for p in points_by_postcode.get(pc, [])]
        if points:
            r["lat"], r["lon"] = _mean(points)
            r["coord_method"] = "centroide_code_postal"

    # 3. Last resort: the manual table.
    for code, (lat, lon, _why) in MANUAL_COORDS.items():
        r = by_code.get(code)
        if r is not None and r["lat"] is None:
            r.update(lat=lat, lon=lon, coord_method="manuel_a_verifier")

    missing = [
        r["code_insee"]
        for r in rows
        if r["lat"] is None
        and (r["departement"] in DROM or not r["departement"].startswith("97"))
        and not r["departement"].startswith("98")
    ]
    if missing:
        raise SystemExit(f"communes of France métropolitaine/DROM without coordinates: {missing}")

    # Sanity check: every point lies in a plausible box for its territory.
    for r in rows:
        if r["lat"] is None:
            continue
        if r["departement"] not in DROM and not r["departement"].startswith("97"):
            assert 41.0 < r["lat"] < 51.5 and -5.5 < r["lon"] < 10.0, r

    former = former_names(cog, by_code, postal_names)
    codes = former_codes(cog, by_code)

    rows.sort(key=lambda r: r["code_insee"])
    table = [
        [
            r["code_insee"],
            r["nom"],
            "|".join(r["postcodes"]),
            r["departement"],
            r["region"],
            r["population"],
            None if r["lat"] is None else round(r["lat"], 5),
            None if r["lon"] is None else round(r["lon"], 5),
            r["kind"],
            r["parent_insee"],
            r["coord_method"],
        ]
        for r in rows
    ]
    methods: dict[str, int] = defaultdict(int)
    for r in rows:
        methods[r["coord_method"]] += 1
    return {
        "format": 1,
        "licence": "ODbL-1.0 (coordonnées La Poste) ; Licence Ouverte 2.0 (COG, Etalab)",
        "sources": [
            "@etalab/decoupage-administratif 6.0.0 (COG 2026)",
            "La Poste, base officielle des codes postaux (2020)",
        ],
        "fields": FIELDS,
        "departements": dict(sorted(departements.items())),
        "regions": dict(sorted(regions.items())),
        "chefs_lieux": {k: dict(sorted(v.items())) for k, v in chefs_lieux.items()},
        "coord_methods": dict(sorted(methods.items())),
        "communes": table,
        # [former name, INSEE code of the commune it belongs to today]
        "former_names": former,
        # [former INSEE code, INSEE code of the commune it belongs to today, former name or ""]
        "former_codes": codes,
    }


#: Words that cannot be a former commune's whole name when a merged commune's name is split
#: ("Pont-Audemer", "Val-Mont", "Petit-Caux", "Montaigu-Vendée": no commune was called "Pont",
#: "Val", "Caux" or "Vendée").
NOT_A_NAME = {
    "saint", "sainte", "saints", "le", "la", "les", "sur", "sous", "en", "lez", "de",
    "val", "vals", "pont", "mont", "haut", "haute", "hautes", "hauts", "bas", "basse", "grand",
    "grande", "petit", "petite", "deux", "trois", "bourg", "chateau", "chef", "source", "belle",
    "belles", "bois", "ville", "village", "villages", "bocage", "armor", "vendee", "normandie",
    "moselle", "seine", "loire", "rives", "coteaux", "fontaines", "forets", "rivieres", "camp",
    "port", "fort", "mesnil", "isle",
}  # fmt: skip


def _key(name: str) -> str:
    """Lower case, no accents, words separated by one space, St -> saint: "ST OUEN" and
    "Saint-Ouen" give the same key."""
    decomposed = unicodedata.normalize("NFKD", name.lower().replace("œ", "oe"))
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    words = re.sub(r"[^0-9a-z]+", " ", plain).split()
    return " ".join({"st": "saint", "ste": "sainte"}.get(w, w) for w in words)


def _departement_of_code(code: str) -> str:
    return code[:3] if code.startswith("97") else code[:2]


def former_names(
    cog: list[dict], by_code: dict[str, dict], postal_names: dict[str, set[str]]
) -> list[list[str]]:
    """Names people still use for communes that merged into another one.

    - Every ``commune-deleguee`` and ``commune-associee`` of the COG, with the current commune
      it belongs to (``chefLieu``): Annecy-le-Vieux -> Annecy, Cherbourg-Octeville ->
      Cherbourg-en-Cotentin, Pierre-Bénite -> Oullins-Pierre-Bénite.
    - A merged commune named after exactly two one-word former communes ("Évry-Courcouronnes"):
      each word, so that "Évry" also finds it. "Merged" means that one of its ``anciensCodes`` is
      in its own département: the codes of the 1968 renumbering of Seine and Seine-et-Oise
      (75xxx, 78xxx for today's 91-95) and of the 1976 split of Corsica (20xxx) are no merger.
      The COG does not name the former communes of such a merger, so each word must be a name
      La Poste's 2020 file gives for that commune (a locality in ``Ligne_5`` of its code, or the
      commune name under one of its ``anciensCodes``: Évry-Courcouronnes has the localities
      "EVRY" and "COURCOURONNES"; Châtel-Guyon only "ST HIPPOLYTE", so no "Châtel"), letters
      only, at least 4 of them, not a generic word (``NOT_A_NAME``).
    A name equal to the current commune's own name is not repeated.
    """
    out: set[tuple[str, str]] = set()
    for c in cog:
        if c["type"] in ("commune-deleguee", "commune-associee"):
            current = by_code.get(c.get("chefLieu") or "")
            if current is not None and c["nom"] != current["nom"]:
                out.add((c["nom"], current["code_insee"]))
        elif c["type"] == "commune-actuelle" and c.get("anciensCodes") and c["code"] in by_code:
            merged = any(_departement_of_code(a) == c["departement"] for a in c["anciensCodes"])
            parts = c["nom"].split("-")
            if (
                merged
                and len(parts) == 2
                and all(len(p) >= 4 and p.isalpha() and _key(p) not in NOT_A_NAME for p in parts)
            ):
                known = set(postal_names.get(c["code"], ()))
                for old in c["anciensCodes"]:
                    known |= postal_names.get(old, set())
                out.update((p, c["code"]) for p in parts if _key(p) in known)
    print(f"  anciens noms de communes : {len(out)}", file=sys.stderr)
    return sorted([name, code] for name, code in out)


def former_codes(cog: list[dict], by_code: dict[str, dict]) -> list[list[str]]:
    """Former INSEE codes -> the current commune, for clients with stale data.

    - the code of every ``commune-deleguee`` / ``commune-associee`` -> its ``chefLieu``, with
      its name (Annecy-le-Vieux 74011 -> Annecy 74010; Escaufourt 02285 -> Saint-Souplet 59545,
      in another département);
    - every ``anciensCodes`` of a current commune -> that commune, without a name (the COG
      does not give one: Courcouronnes 91182 -> Évry-Courcouronnes 91228; also the codes of the
      1968 and 1976 renumberings, 75070 -> Saint-Ouen-sur-Seine 93070).
    A code that is a current code (Annecy 74010 is also a commune déléguée) is never a former
    one: current codes always win. When both sources give a code, the délégué entry (today's
    state) wins over ``anciensCodes`` (history): two such codes in COG 2026.
    """
    out: dict[str, tuple[str, str]] = {}
    for c in cog:
        if c["type"] == "commune-actuelle" and c["code"] in by_code:
            for old in c.get("anciensCodes") or ():
                if old not in by_code:
                    out[old] = (c["code"], "")
    for c in cog:
        if c["type"] in ("commune-deleguee", "commune-associee"):
            chef = c.get("chefLieu") or ""
            if c["code"] not in by_code and chef in by_code:
                out[c["code"]] = (chef, c["nom"])
    print(f"  anciens codes INSEE : {len(out)}", file=sys.stderr)
    return [[old, current, name] for old, (current, name) in sorted(out.items())]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--raw", type=Path, default=DEFAULT_RAW, help="raw data folder")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output .json.gz")
    args = parser.parse_args(argv)
    data = build(args.raw)
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    # mtime=0: the same input gives the same bytes.
    with (
        args.out.open("wb") as fh,
        gzip.GzipFile(filename="", mode="wb", fileobj=fh, mtime=0) as gz,
    ):
        gz.write(payload)
    print(
        f"{len(data['communes'])} rows -> {args.out} ({args.out.stat().st_size} bytes); "
        f"coord_method: {data['coord_methods']}",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
