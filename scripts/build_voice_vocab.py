"""Build voice/data/rome_vocab.json.gz: the compact ROME vocabulary the voice understanding needs.

Reads the ROME 4.0 open data (Licence Ouverte 2.0, France Travail) from
``../shared/data/raw/rome`` (or the folder given as first argument) and writes:

- ``jobs``: folded job title (masculine and feminine forms, at most three words) -> ROME code;
  when a title belongs to several codes, the code of its "PRINCIPALE" appellation wins;
- ``labels``: ROME code -> its label (for speech);
- ``domains``: domain code (three characters) -> label; ``grand_domains``: letter -> label;
- ``sectors``: everyday sector words -> ROME prefix (hand-written below, checked against the data).

Run: ``.venv/bin/python scripts/build_voice_vocab.py [RAW_DIR]``. The output is committed.
"""

from __future__ import annotations

import csv
import gzip
import json
import re
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_RAW = ROOT.parent / "shared" / "data" / "raw"
OUT = ROOT / "voice" / "data" / "rome_vocab.json.gz"

# Everyday words for sectors -> ROME prefix (grand domain letter or domain code).
SECTORS: dict[str, str] = {
    "industrie": "H",
    "usine": "H",
    "mecanique": "H29",
    "mecanique automobile": "I16",
    "soudure": "H29",
    "agriculture": "A",
    "espaces verts": "A12",
    "animaux": "A15",
    "art": "B",
    "artisanat d art": "B",
    "banque": "C",
    "assurance": "C",
    "commerce": "D",
    "vente": "D",
    "magasin": "D",
    "communication": "E",
    "batiment": "F",
    "btp": "F",
    "chantier": "F",
    "construction": "F",
    "hotellerie": "G",
    "restauration": "G16",
    "cuisine": "G16",
    "restaurant": "G16",
    "tourisme": "G",
    "sante": "J",
    "soin": "J",
    "soins": "J",
    "social": "K",
    "aide a la personne": "K",
    "services a la personne": "K",
    "spectacle": "L",
    "informatique": "M18",
    "numerique": "M18",
    "bureau": "M",
    "secretariat": "M16",
    "transport": "N",
    "logistique": "N",
    "livraison": "N",
    "coiffure": "D12",
    "esthetique": "D12",
    "automobile": "I16",
    "maintenance": "I",
    "electricite": "F16",
    "plomberie": "F16",
    "securite": "K25",
    "sport": "G12",
    "nettoyage": "K22",
}


def fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.lower())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = re.sub(r"[^a-z0-9]+", " ", text)
    return " ".join(text.split())


def title_forms(label: str) -> list[str]:
    """'Boulanger / Boulangère' -> ['boulanger', 'boulangere']; keeps short forms only."""
    forms = []
    for part in label.split("/"):
        folded = fold(part)
        if folded and len(folded.split()) <= 3:
            forms.append(folded)
    # "Assistant / Assistante de coiffure": the masculine half lacks the tail.
    parts = [p.strip() for p in label.split("/")]
    if len(parts) == 2 and len(parts[0].split()) == 1 and len(parts[1].split()) > 1:
        tail = " ".join(parts[1].split()[1:])
        folded = fold(f"{parts[0]} {tail}")
        if len(folded.split()) <= 3:
            forms.append(folded)
    # "Infirmier / Infirmière en soins généraux": the feminine head word alone too.
    if len(parts) == 2 and len(parts[0].split()) == 1 and len(parts[1].split()) > 1:
        forms.append(fold(parts[1].split()[0]))
    return forms


def build(raw: Path) -> dict[str, object]:
    rome = raw / "rome"
    labels: dict[str, str] = {}
    with open(rome / "unix_referentiel_code_rome_v460_utf8.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            labels[row["code_rome"]] = row["libelle_rome"]
    domains: dict[str, str] = {}
    grand: dict[str, str] = {}
    with open(rome / "code_rome_domaine_professionnel.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            g = row["grand_domaine"]
            letter, _, glabel = g.partition("-")
            grand[letter.strip()] = glabel.strip()
            d = row["domaine_professionnel"]
            dcode, _, dlabel = d.partition("-")
            domains[dcode.strip()] = dlabel.strip()
    jobs: dict[str, str] = {}
    principal: set[str] = set()
    with open(rome / "unix_referentiel_appellation_v460_utf8.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            code = row["code_rome"]
            if code not in labels or row.get("peu_usite") == "O":
                continue
            is_principal = row.get("classification") == "PRINCIPALE"
            for form in title_forms(row["libelle_appellation_long"]):
                if form not in jobs or (is_principal and form not in principal):
                    jobs[form] = code
                    if is_principal:
                        principal.add(form)
    # A career whose own label is exactly a title ("Soudeur / Soudeuse", H2913) owns that title,
    # over a career that only starts with it ("Soudeur / Soudeuse Tungsten Inert Gas -TIG-").
    exact: set[str] = set()
    for code in sorted(labels):
        parts = [fold(p) for p in labels[code].split("/")]
        if len({len(p.split()) for p in parts}) != 1 or len(parts[0].split()) > 3:
            continue
        for form in parts:
            if form and form not in exact:
                jobs[form] = code
                exact.add(form)
    for prefix in SECTORS.values():
        assert prefix in grand or prefix in domains, prefix
    return {
        "source": "ROME 4.0 v460, France Travail, Licence Ouverte 2.0",
        "jobs": dict(sorted(jobs.items())),
        "labels": labels,
        "domains": domains,
        "grand_domains": grand,
        "sectors": SECTORS,
    }


def main() -> None:
    raw = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_RAW
    data = build(raw)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()
    with gzip.GzipFile(OUT, "wb", mtime=0) as f:
        f.write(payload)
    print(
        f"{OUT}: {len(data['jobs'])} job titles, {len(data['labels'])} codes, {OUT.stat().st_size} bytes"
    )


if __name__ == "__main__":
    main()
