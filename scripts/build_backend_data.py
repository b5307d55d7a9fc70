"""Build the backend's bundled datasets from the raw open data (../shared/data/raw).

    python scripts/build_backend_data.py [--raw ../shared/data/raw] [--out backend/data]

Writes compact CSV files (gzip for the big ones) plus ``manifest.json`` (one entry a dataset:
file, table, source, licence, date) and ``NOTICE.md``. Coordinates come from the raw file when it
has an address-level position, otherwise from the geodata commune centroid
(``coord_precision = "commune"``). Rows that cannot be placed on the map are left out and counted.
Deterministic: the same raw files give byte-identical outputs.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import json
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import geodata  # noqa: E402
from backend.sample_offers import generate  # noqa: E402
from geodata._text import fold  # noqa: E402

STRUCTURE_FIELDS = [
    "external_id",
    "kind",
    "name",
    "address",
    "postcode",
    "commune",
    "code_insee",
    "departement",
    "lat",
    "lon",
    "coord_precision",
    "phone",
    "email",
    "website",
    "verified",
    "verification_note",
]
ANNUAIRE_KINDS = {"maison_handicapees": "mdph", "msap": "france_services"}


def write_csv(path: Path, fields: list[str], rows: list[dict[str, object]]) -> None:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: row.get(k, "") for k in fields})
    data = buf.getvalue().encode("utf-8")
    if path.suffix == ".gz":
        # mtime=0: byte-identical output from identical input.
        with open(path, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as gz:
            gz.write(data)
    else:
        path.write_bytes(data)


def commune_point(insee: str) -> tuple[geodata.Commune | None, float | None, float | None]:
    c = geodata.get_commune(insee) if insee else None
    if c is None or not c.has_coords:
        return c, None, None
    return c, round(c.lat, 5), round(c.lon, 5)


def clean_phone(phone: str) -> str:
    digits = re.sub(r"\D", "", phone or "")
    if len(digits) == 9:
        digits = "0" + digits
    if len(digits) != 10:
        return ""
    return " ".join(digits[i : i + 2] for i in range(0, 10, 2))


def tidy_name(name: str) -> str:
    # "Bureau information jeunesse - Blois 41018-01" -> drop the directory's internal suffix.
    name = re.sub(r"\s+\d{5}-\d{2}$", "", name).strip().replace("’", "'")
    return re.sub(
        r"^Mission locale pour l'insertion professionnelle et sociale des jeunes \(16-25 ans\)",
        "Mission locale",
        name,
    )


def build_annuaire(raw: Path, dropped: Counter[str]) -> list[dict[str, object]]:
    rows = []
    with open(
        raw / "structures/annuaire_service_public_2019_orientation.csv", encoding="utf-8"
    ) as f:
        for r in csv.DictReader(f):
            c, lat, lon = commune_point(r["code_insee"])
            if lat is None:
                try:
                    lat, lon = round(float(r["lat_commune"]), 5), round(float(r["lon_commune"]), 5)
                except ValueError:
                    dropped["annuaire_2019: sans coordonnées"] += 1
                    continue
            rows.append(
                {
                    "external_id": f"annuaire2019:{r['id']}",
                    "kind": ANNUAIRE_KINDS.get(r["type"], r["type"]),
                    "name": tidy_name(r["nom"]),
                    "address": r["adresse"],
                    "postcode": r["code_postal"],
                    "commune": r["commune"] or (c.nom if c else ""),
                    "code_insee": r["code_insee"],
                    "departement": c.departement if c else "",
                    "lat": lat,
                    "lon": lon,
                    "coord_precision": "commune",
                    "phone": clean_phone(r["telephone"]),
                    "email": r["email_generique"],
                    "website": r["site_web"],
                    "verified": "1",
                }
            )
    return rows


def build_microlycees(raw: Path, dropped: Counter[str]) -> list[dict[str, object]]:
    rows = []
    path = raw / "structures/microlycees_sre_from_annuaire_education_2024.csv"
    with open(path, encoding="utf-8") as f:
        for r in csv.DictReader(f):
            insee = r["Code_commune"]
            c, clat, clon = commune_point(insee)
            precision = "address"
            try:
                lat, lon = round(float(r["latitude"]), 5), round(float(r["longitude"]), 5)
            except ValueError:
                lat, lon, precision = clat, clon, "commune"
            if lat is None:
                dropped["microlycees_2024: sans coordonnées"] += 1
                continue
            address = " ".join(x for x in (r["Adresse_1"], r["Adresse_2"]) if x)
            rows.append(
                {
                    "external_id": f"annuaire_education:{r['Identifiant_de_l_etablissement']}",
                    "kind": "microlycee",
                    "name": r["Nom_etablissement"],
                    "address": address,
                    "postcode": r["Code_postal"],
                    "commune": r["Nom_commune"],
                    "code_insee": insee,
                    "departement": c.departement if c else "",
                    "lat": lat,
                    "lon": lon,
                    "coord_precision": precision,
                    "phone": clean_phone(r["Telephone"]),
                    "email": r["Mail"],
                    "website": r["Web"] or r["Fiche_onisep"],
                    "verified": "1",
                    "verification_note": f"catégorie : {r['categorie_sre']}",
                }
            )
    return rows


def build_epide(raw: Path, dropped: Counter[str]) -> list[dict[str, object]]:
    rows = []
    with open(raw / "structures/epide_centres_HANDMADE.csv", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            if r["type"] != "epide":  # the head office does not welcome young people
                dropped["epide: siège (pas un centre)"] += 1
                continue
            c, lat, lon = commune_point(r["code_insee"])
            if lat is None:
                lat, lon = round(float(r["lat_commune"]), 5), round(float(r["lon_commune"]), 5)
            rows.append(
                {
                    "external_id": f"epide:{r['code_insee']}:{fold(r['nom']).replace(' ', '-')}",
                    "kind": "epide",
                    "name": r["nom"],
                    "address": r["adresse"],
                    "postcode": (re.findall(r"\d{5}", r["codes_postaux"]) or [""])[0],
                    "commune": r["commune"],
                    "code_insee": r["code_insee"],
                    "departement": r["departement"],
                    "lat": lat,
                    "lon": lon,
                    "coord_precision": "address" if r["precision"] == "adresse" else "commune",
                    "website": "https://www.epide.fr",
                    "verified": "0",
                    "verification_note": "Liste faite à la main, à vérifier sur epide.fr",
                }
            )
    return rows


_ADDRESS_TAIL = re.compile(r"^(.*?)\s*(\d{5})\s+(.+)$")


def _resolve(postcode: str, name: str, departement: str) -> geodata.Commune | None:
    target = fold(name)
    if postcode:
        res = geodata.lookup(postcode)
        cands = [c for c in res.candidates if c.has_coords]
        if len(cands) == 1:
            return cands[0]
        for c in cands:
            if fold(c.nom) == target or fold(c.nom).startswith(target + " "):
                return c
        if cands and not target:
            return cands[0]
    if name:
        res = geodata.lookup(name)
        for c in res.candidates:
            if c.has_coords and (not departement or c.departement == departement):
                return c
    return None


def build_cfa(raw: Path, dropped: Counter[str]) -> list[dict[str, object]]:
    rows = []
    seen: set[str] = set()
    path = raw / "cfa/organismes_formation_apprentissage.csv"
    with open(path, encoding="utf-8-sig") as f:
        for r in csv.DictReader(f, delimiter=";"):
            key = r["uai"] or r["siret"]
            if not key or key in seen:
                dropped["cfa: sans identifiant ou en double"] += 1
                continue
            seen.add(key)
            m = _ADDRESS_TAIL.match(r["adresse"].strip())
            street, postcode = (m.group(1), m.group(2)) if m else (r["adresse"], "")
            dept = r["departement"].zfill(2) if r["departement"].isdigit() else r["departement"]
            c = _resolve(postcode, r["commune"], dept)
            if c is None:
                dropped["cfa: commune introuvable"] += 1
                continue
            name = r["enseigne"] if len(r["enseigne"]) > 6 else r["raison_sociale"]
            text = fold(r["raison_sociale"] + " " + r["enseigne"])
            kind = "e2c" if re.search(r"deuxieme chance|2e chance|\be2c\b", text) else "cfa"
            rows.append(
                {
                    "external_id": f"cfa:{key}",
                    "kind": kind,
                    "name": name.title() if name.isupper() else name,
                    "address": street.title(),
                    "postcode": postcode,
                    "commune": c.nom,
                    "code_insee": c.code_insee,
                    "departement": c.departement,
                    "lat": round(c.lat, 5),
                    "lon": round(c.lon, 5),
                    "coord_precision": "commune",
                    "verified": "1",
                    "verification_note": "prépa-apprentissage" if r["prepa_apprentissage"] else "",
                }
            )
    return rows


def build_esat(raw: Path, dropped: Counter[str]) -> list[dict[str, object]]:
    rows = []
    with open(raw / "handicap/esat_liste_officielle.csv", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            dept = r["ET-Département Code"]
            dept = dept.zfill(2) if dept.isdigit() else dept
            code = r["ET-Commune Code"]
            insee = code.zfill(5) if code.isdigit() else code
            if dept in ("2A", "2B") and not insee.startswith(dept):
                insee = dept + insee[-3:]
            c, lat, lon = commune_point(insee)
            if lat is None:
                c = _resolve(r["ET-Code Postal"].zfill(5), r["ET-Commune Libellé"], dept)
                if c is None:
                    dropped["esat: commune introuvable"] += 1
                    continue
                lat, lon = round(c.lat, 5), round(c.lon, 5)
            assert c is not None
            name = r["ET-Raison sociale"]
            rows.append(
                {
                    "external_id": f"finess:{r['ET-N°FINESS']}",
                    "kind": "esat",
                    "name": name.title() if name.isupper() else name,
                    "address": re.sub(r"\s+", " ", r["ET-Adresse"]).title(),
                    "postcode": r["ET-Code Postal"].zfill(5),
                    "commune": c.nom,
                    "code_insee": c.code_insee,
                    "departement": c.departement,
                    "lat": lat,
                    "lon": lon,
                    "coord_precision": "commune",
                    "phone": clean_phone(r["ET-Téléphone 1"]),
                    "verified": "1",
                }
            )
    return rows


def build_rome(
    raw: Path,
) -> tuple[list[dict[str, object]], list[dict[str, object]], list[dict[str, object]]]:
    sectors: dict[str, dict[str, object]] = {}
    with open(raw / "rome/code_rome_domaine_professionnel.csv", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            g_code, g_label = r["grand_domaine"].split("- ", 1)
            d_code, d_label = r["domaine_professionnel"].split("- ", 1)
            sectors.setdefault(
                g_code,
                {"code": g_code, "label": g_label.strip(), "kind": "grand_domain", "parent": ""},
            )
            sectors.setdefault(
                d_code,
                {"code": d_code, "label": d_label.strip(), "kind": "domain", "parent": g_code},
            )
    onisep: dict[str, tuple[str, str]] = {}
    with open(raw / "rome/onisep_metiers_rome_correspondance.csv", encoding="utf-8") as f:
        for r in csv.DictReader(f, delimiter=";"):
            onisep.setdefault(
                r["Code ROME"], (r["lien site onisep.fr"], r["libellé métier onisep"])
            )
    careers = []
    with open(raw / "rome/unix_referentiel_code_rome_v460_utf8.csv", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            code = r["code_rome"]
            url, label = onisep.get(code, ("", ""))
            careers.append(
                {
                    "code": code,
                    "label": r["libelle_rome"],
                    "domain_code": code[:3],
                    "grand_domain_code": code[0],
                    "onisep_url": url,
                    "onisep_label": label,
                }
            )
    titles = []
    with open(raw / "rome/unix_referentiel_appellation_v460_utf8.csv", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            if r["peu_usite"] == "O":
                continue
            titles.append(
                {
                    "code_ogr": r["code_ogr"],
                    "career_code": r["code_rome"],
                    "label": r["libelle_appellation_long"],
                }
            )
    careers.sort(key=lambda x: str(x["code"]))
    titles.sort(key=lambda x: (str(x["career_code"]), int(str(x["code_ogr"]))))
    return (
        sorted(sectors.values(), key=lambda s: (len(str(s["code"])), str(s["code"]))),
        careers,
        titles,
    )


MANIFEST = [
    {
        "name": "sectors",
        "table": "sectors",
        "file": "sectors.csv",
        "source": "France Travail ROME via gip-inclusion/pilotage-airflow (code_rome_domaine_professionnel.csv)",
        "licence": "Licence Ouverte 2.0",
        "source_date": "2024-10",
        "verified": True,
    },
    {
        "name": "careers",
        "table": "careers",
        "file": "careers.csv",
        "source": "France Travail ROME 4.0 v460 (fiches métiers) ; liens Onisep Idéo-Métiers",
        "licence": "Licence Ouverte 2.0",
        "source_date": "2025",
        "verified": True,
    },
    {
        "name": "job_titles",
        "table": "job_titles",
        "file": "job_titles.csv.gz",
        "source": "France Travail ROME 4.0 v460 (appellations)",
        "licence": "Licence Ouverte 2.0",
        "source_date": "2025",
        "verified": True,
    },
    {
        "name": "annuaire_2019",
        "table": "structures",
        "file": "structures_annuaire_2019.csv.gz",
        "source": "DILA, Annuaire de l'administration (base de données locales), via okfnfr/dada-france-authorities",
        "licence": "Licence Ouverte",
        "source_date": "2019-07",
        "verified": True,
    },
    {
        "name": "microlycees_2024",
        "table": "structures",
        "file": "structures_microlycees_2024.csv",
        "source": "Ministère de l'Éducation nationale, Annuaire de l'éducation (lycées)",
        "licence": "Licence Ouverte 2.0",
        "source_date": "2024-03",
        "verified": True,
    },
    {
        "name": "epide",
        "table": "structures",
        "file": "structures_epide.csv",
        "source": "Liste faite à la main des centres EPIDE (à vérifier sur epide.fr)",
        "licence": "Faits (non protégés)",
        "source_date": "2025",
        "verified": False,
    },
    {
        "name": "cfa_2023",
        "table": "structures",
        "file": "structures_cfa_2023.csv.gz",
        "source": "Organismes de formation en apprentissage (référentiel Onisep/Carif) via mission-apprentissage/flux-retour-cfas",
        "licence": "Licence Ouverte (à vérifier) ; dépôt MIT",
        "source_date": "2023",
        "verified": True,
    },
    {
        "name": "esat",
        "table": "structures",
        "file": "structures_esat.csv.gz",
        "source": "Liste officielle des ESAT (FINESS) via gip-inclusion/pilotage-airflow",
        "licence": "Licence Ouverte (FINESS, à vérifier)",
        "source_date": "2025-26",
        "verified": True,
    },
    {
        "name": "sample_offers",
        "table": "offers",
        "file": "offers_examples.csv.gz",
        "source": "Exemples générés par Total Accès (communes réelles, codes ROME réels)",
        "licence": "EUPL-1.2 (projet) ; communes : Licence Ouverte / ODbL",
        "source_date": "2026-11",
        "verified": False,
    },
]

OFFER_FIELDS = [
    "external_id",
    "title",
    "description",
    "employer",
    "commune",
    "code_insee",
    "departement",
    "lat",
    "lon",
    "rome_codes",
    "levels",
    "start_date",
    "end_date",
    "weeks",
    "places_left",
    "contact_modes",
    "accessible",
    "workplace_accessibility",
]


RAW_FILES = {
    "sectors": "rome/code_rome_domaine_professionnel.csv (github gip-inclusion/pilotage-airflow @ b2463bc6)",
    "careers": "rome/unix_referentiel_code_rome_v460_utf8.csv (github tomjoy75/code_rome @ e6dd7952) + rome/onisep_metiers_rome_correspondance.csv (github mission-apprentissage/c-est-qui-le-pro @ 62c2c039 ; licence Onisep à vérifier, présumée Licence Ouverte)",
    "job_titles": "rome/unix_referentiel_appellation_v460_utf8.csv (même dépôt ; appellations « peu usitées » écartées)",
    "annuaire_2019": "structures/annuaire_service_public_2019_orientation.csv (github okfnfr/dada-france-authorities @ 6811933f ; seulement les administrations avec un e-mail valide : liste partielle)",
    "microlycees_2024": "structures/microlycees_sre_from_annuaire_education_2024.csv (extrait de l'Annuaire de l'éducation, github betagouv/monstagedeseconde @ fdd71124 ; liste partielle)",
    "epide": "structures/epide_centres_HANDMADE.csv (liste faite à la main ; seule Val-de-Reuil a une adresse)",
    "cfa_2023": "cfa/organismes_formation_apprentissage.csv (github mission-apprentissage/flux-retour-cfas @ 9d854b0d)",
    "esat": "handicap/esat_liste_officielle.csv (github gip-inclusion/pilotage-airflow @ 1ae8d907)",
    "sample_offers": "généré par backend/sample_offers.py (graine 2027) sur le gazetteer geodata et les codes ROME ci-dessus",
}


def write_notice(
    out: Path, counts: dict[str, int], kinds: Counter[str], dropped: Counter[str]
) -> None:
    lines = [
        "# Données du backend : sources, licences, dates",
        "",
        "Fichiers produits par `scripts/build_backend_data.py` à partir de `../shared/data/raw/`",
        "(voir son README). `totalacces import` les charge ; chaque ligne importée garde sa source,",
        "sa licence, sa date et un indicateur `verified`. Ne pas modifier à la main : relancer le script.",
        "",
        "| fichier | lignes | source (fichier brut) | licence | date des données | vérifié |",
        "|---|---|---|---|---|---|",
    ]
    for m in MANIFEST:
        lines.append(
            f"| `{m['file']}` | {counts.get(str(m['name']), 0)} | {m['source']} — {RAW_FILES[str(m['name'])]} "
            f"| {m['licence']} | {m['source_date']} | {'oui' if m['verified'] else '**non vérifié**'} |"
        )
    lines += [
        "| `career_summaries_fr.yaml` | résumés de métiers | écrits pour Total Accès, en phrases courtes (aucun texte copié) | EUPL-1.2 | 2026-11 | oui |",
        "",
        "## Structures par type",
        "",
        ", ".join(f"{k} : {v}" for k, v in sorted(kinds.items())) + ".",
        "",
        "## À savoir",
        "",
        "- **Non vérifié** : les 20 centres EPIDE (`structures_epide.csv`) viennent d'une liste faite à",
        "  la main (commune exacte et adresse à vérifier sur epide.fr) : `verified=false` partout, et",
        "  l'API le dit (`verified`, `verification_note`, « à vérifier » dans `speech`). Le siège de",
        "  l'EPIDE n'accueille pas de jeunes : il est écarté.",
        "- **Exemples** : aucune offre de stage réelle sous licence ouverte n'existe dans nos données.",
        "  Les 5 000 offres sont générées (communes réelles pondérées par la population, codes ROME",
        "  réels, employeurs inventés « … exemple de … », aucune donnée personnelle) : `is_example=true`,",
        "  `verified=false`, et « Exemple d'offre » dans chaque `speech`.",
        "- **Types sans liste ouverte** : il n'y a dans les données brutes aucune liste des **Cap emploi**",
        "  ni des **Écoles de la 2e chance (E2C)** (aucun organisme d'apprentissage n'a un nom d'E2C).",
        "  Les types `cap_emploi` et `e2c` existent quand même ; `/api/v1/kinds` répond",
        "  `available: false`, `count: 0` et une note.",
        "- **Dates anciennes** : l'annuaire de 2019 (Missions locales, CIO, CIJ, MDPH, Agefiph, GRETA,",
        "  SUIO, CROUS, MSAP devenues `france_services`, PIF, CRIB, Apec, Afpa) date de juillet 2019 et",
        "  n'est que partiel. Chaque structure montre sa `source_date`.",
        '- **Coordonnées** : `coord_precision = "address"` quand la source donne une position à',
        '  l\'adresse (micro-lycées), sinon `"commune"` : le centre de la commune tiré du gazetteer',
        "  geodata (coordonnées La Poste 2020, ODbL ; voir `geodata/data/NOTICE.md`). Une structure à",
        "  moins de 30 m d'un centre de commune est dite « dans la commune », pas « ici même ».",
        "- Le référentiel 2023 des Missions locales (sans adresses) n'est pas importé.",
        "- Doublons de la source : trois identifiants SUIO apparaissent deux fois dans l'annuaire 2019 ;",
        "  l'import garde la première ligne et signale les autres (fichier, ligne, raison).",
        "",
        "## Lignes écartées à la construction",
        "",
    ]
    lines += [f"- {k} : {v}" for k, v in sorted(dropped.items())]
    (out / "NOTICE.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--raw", type=Path, default=ROOT.parent / "shared/data/raw")
    parser.add_argument("--out", type=Path, default=ROOT / "backend/data")
    args = parser.parse_args(argv)
    raw: Path = args.raw.resolve()
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    dropped: Counter[str] = Counter()
    counts: dict[str, int] = {}

    structure_sets = {
        "annuaire_2019": build_annuaire(raw, dropped),
        "microlycees_2024": build_microlycees(raw, dropped),
        "epide": build_epide(raw, dropped),
        "cfa_2023": build_cfa(raw, dropped),
        "esat": build_esat(raw, dropped),
    }
    files = {m["name"]: m["file"] for m in MANIFEST}
    for name, rows in structure_sets.items():
        write_csv(out / str(files[name]), STRUCTURE_FIELDS, rows)
        counts[name] = len(rows)

    sectors, careers, titles = build_rome(raw)
    write_csv(out / "sectors.csv", ["code", "label", "kind", "parent"], sectors)
    write_csv(
        out / "careers.csv",
        ["code", "label", "domain_code", "grand_domain_code", "onisep_url", "onisep_label"],
        careers,
    )
    write_csv(out / "job_titles.csv.gz", ["code_ogr", "career_code", "label"], titles)
    counts.update(sectors=len(sectors), careers=len(careers), job_titles=len(titles))

    communes = [
        (c.code_insee, c.nom, c.departement, c.population, c.lat, c.lon)
        for c in geodata.communes()
        if c.has_coords
        and c.kind == "commune"
        and c.population > 0
        and c.code_insee not in ("75056", "69123", "13055")
    ] + [
        (c.code_insee, c.nom, c.departement, c.population, c.lat, c.lon)
        for c in geodata.communes()
        if c.has_coords and c.kind == "arrondissement" and c.population > 0
    ]
    offers = generate([(str(c["code"]), str(c["label"])) for c in careers], communes)
    write_csv(out / "offers_examples.csv.gz", OFFER_FIELDS, offers)
    counts["sample_offers"] = len(offers)

    (out / "manifest.json").write_text(
        json.dumps({"datasets": MANIFEST}, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    kinds = Counter(str(r["kind"]) for rows in structure_sets.values() for r in rows)
    write_notice(out, counts, kinds, dropped)
    print(
        json.dumps(
            {"counts": counts, "kinds": dict(sorted(kinds.items())), "dropped": dict(dropped)},
            ensure_ascii=False,
            indent=1,
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
