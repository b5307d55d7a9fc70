"""Small dataset folders for import tests: same format as backend/data, a few rows each."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

from backend.importer import OFFER_FIELDS, STRUCTURE_FIELDS


def structure(n: int, **over: Any) -> dict[str, Any]:
    row = {
        "external_id": f"test:{n}",
        "kind": "mission_locale",
        "name": f"Mission locale test {n}",
        "address": f"{n} rue de la République",
        "postcode": "69100",
        "commune": "Villeurbanne",
        "code_insee": "69266",
        "departement": "69",
        "lat": 45.77 + n / 1000,
        "lon": 4.88,
        "coord_precision": "address",
        "phone": "04 78 00 00 00",
        "email": "",
        "website": "",
        "verified": "1",
        "verification_note": "",
    }
    row.update(over)
    return row


def offer(n: int, **over: Any) -> dict[str, Any]:
    row = {
        "external_id": f"offer:{n}",
        "title": f"Stage CAP : Soudeur {n}",
        "description": "Exemple d'offre.",
        "employer": "Atelier exemple",
        "commune": "Villeurbanne",
        "code_insee": "69266",
        "departement": "69",
        "lat": 45.77,
        "lon": 4.88,
        "rome_codes": "H2913",
        "levels": "cap bac_pro",
        "start_date": "2027-01-04",
        "end_date": "2027-01-15",
        "weeks": "2",
        "places_left": "2",
        "contact_modes": "email telephone",
        "accessible": "1",
        "workplace_accessibility": "Locaux de plain-pied.",
    }
    row.update(over)
    return row


def write_csv(path: Path, fields: list[str], rows: list[dict[str, Any]]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow(row)


ACTIVITY_SECTOR_FIELDS = ["code", "label", "kind", "parent", "definition", "rome_codes"]
CHECK_FIELDS = [
    "external_id",
    "status",
    "milo_code",
    "milo_name",
    "departement",
    "score",
    "name_2019",
]


def activity_sectors() -> list[dict[str, Any]]:
    """One sector (two careers) with one sub-sector (one career)."""
    return [
        {
            "code": "100",
            "label": "Industrie - Métallurgie",
            "kind": "activity_sector",
            "parent": "",
            "definition": "Vous travaillez le métal. Deuxième phrase, plus longue.",
            "rome_codes": "H2902 H2913",
        },
        {
            "code": "150",
            "label": "Soudure",
            "kind": "sub_sector",
            "parent": "100",
            "definition": "",
            "rome_codes": "H2913",
        },
    ]


def check(n: int, status: str, milo_code: str = "", **over: Any) -> dict[str, Any]:
    """A line of the Missions locales cross-check for ``structure(n)``."""
    row = {
        "external_id": f"test:{n}",
        "status": status,
        "milo_code": milo_code,
        "milo_name": "",
        "departement": "69",
        "score": "100" if milo_code else "",
        "name_2019": f"Mission locale test {n}",
    }
    row.update(over)
    return row


def make_data_dir(
    folder: Path,
    structures: list[dict[str, Any]],
    offers: list[dict[str, Any]] | None = None,
    extra_structures: list[dict[str, Any]] | None = None,
    activity: list[dict[str, Any]] | None = None,
    checks: list[dict[str, Any]] | None = None,
) -> Path:
    """``activity``: rows of activity_sectors.csv (dataset "activity_sectors"); ``checks``: rows
    of a Missions locales cross-check (dataset "ml_checks") of the "test_structures" dataset."""
    folder.mkdir(parents=True, exist_ok=True)
    write_csv(
        folder / "sectors.csv",
        ["code", "label", "kind", "parent"],
        [
            {"code": "H", "label": "Industrie", "kind": "grand_domain", "parent": ""},
            {
                "code": "H29",
                "label": "Mécanique, travail des métaux",
                "kind": "domain",
                "parent": "H",
            },
        ],
    )
    write_csv(
        folder / "careers.csv",
        ["code", "label", "domain_code", "grand_domain_code", "onisep_url", "onisep_label"],
        [
            {
                "code": "H2913",
                "label": "Soudeur / Soudeuse",
                "domain_code": "H29",
                "grand_domain_code": "H",
                "onisep_url": "https://www.onisep.fr/http/redirection/metier/slug/MET.899",
                "onisep_label": "soudeur",
            },
            {
                "code": "H2902",
                "label": "Chaudronnier / Chaudronnière",
                "domain_code": "H29",
                "grand_domain_code": "H",
                "onisep_url": "",
                "onisep_label": "",
            },
        ],
    )
    write_csv(
        folder / "job_titles.csv",
        ["code_ogr", "career_code", "label"],
        [
            {"code_ogr": "1", "career_code": "H2913", "label": "Soudeur / Soudeuse à l'arc"},
            {
                "code_ogr": "2",
                "career_code": "H2902",
                "label": "Chaudronnier / Chaudronnière tôlier",
            },
        ],
    )
    (folder / "career_summaries_fr.yaml").write_text(
        "H2913: Vous soudez des pièces de métal.\n", encoding="utf-8"
    )
    write_csv(folder / "structures_test.csv", STRUCTURE_FIELDS, structures)
    write_csv(
        folder / "offers.csv", OFFER_FIELDS, offers if offers is not None else [offer(1), offer(2)]
    )
    common = {"licence": "Licence Ouverte 2.0", "source_date": "2024", "verified": True}
    datasets = [
        {
            "name": "sectors",
            "table": "sectors",
            "file": "sectors.csv",
            "source": "ROME test",
            **common,
        },
        {
            "name": "careers",
            "table": "careers",
            "file": "careers.csv",
            "source": "ROME test",
            **common,
        },
        {
            "name": "job_titles",
            "table": "job_titles",
            "file": "job_titles.csv",
            "source": "ROME test",
            **common,
        },
    ]
    if activity is not None:
        write_csv(folder / "activity_sectors.csv", ACTIVITY_SECTOR_FIELDS, activity)
        datasets.append(
            {
                "name": "activity_sectors",
                "table": "activity_sectors",
                "file": "activity_sectors.csv",
                "source": "ROME test",
                **common,
            }
        )
    if checks is not None:
        write_csv(folder / "checks.csv", CHECK_FIELDS, checks)
        datasets.append(
            {
                "name": "ml_checks",
                "table": "structure_checks",
                "file": "checks.csv",
                "source": "Référentiel test",
                "checks": "test_structures",
                **common,
            }
        )
    datasets += [
        {
            "name": "test_structures",
            "table": "structures",
            "file": "structures_test.csv",
            "source": "Jeu de test",
            **common,
        },
    ]
    if extra_structures is not None:
        write_csv(folder / "structures_extra.csv", STRUCTURE_FIELDS, extra_structures)
        datasets.append(
            {
                "name": "extra_structures",
                "table": "structures",
                "file": "structures_extra.csv",
                "source": "Jeu de test 2",
                **common,
                "verified": False,
            }
        )
    datasets.append(
        {
            "name": "sample_offers",
            "table": "offers",
            "file": "offers.csv",
            "source": "Exemples",
            **common,
            "verified": False,
        }
    )
    (folder / "manifest.json").write_text(json.dumps({"datasets": datasets}), encoding="utf-8")
    return folder
