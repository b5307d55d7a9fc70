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
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rapidfuzz import fuzz  # noqa: E402

import geodata  # noqa: E402
from backend.importer import OFFER_FIELDS, STRUCTURE_FIELDS  # noqa: E402
from backend.sample_offers import generate  # noqa: E402
from geodata.text import fold_place as fold  # noqa: E402
from scripts.networks import (  # noqa: E402
    Places,
    at_commune,
    build_france_travail,
    build_milo_seats,
)

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


#: International prefixes of France and its overseas départements: "+262 2 62 26 15 32" is the
#: Réunion number 02 62 26 15 32.
_COUNTRY_CODES = ("33", "262", "269", "590", "594", "596")


def clean_phone(phone: str) -> str:
    """A French number written "04 72 00 00 00", or "" when the text holds none. The first of
    several ("03 26 79 11 20 / 03 26 79 11 29"); overseas numbers given with their
    international prefix are kept."""
    first = re.split(r"[/;]| ou ", phone or "")[0]
    digits = re.sub(r"\D", "", first)
    for code in _COUNTRY_CODES:
        if digits.startswith(code) and len(digits) == len(code) + 9:
            digits = "0" + digits[len(code) :]
            break
    if len(digits) == 20:  # two numbers written one after the other
        digits = digits[:10]
    if len(digits) == 9:
        digits = "0" + digits
    if len(digits) != 10:
        return ""
    return " ".join(digits[i : i + 2] for i in range(0, 10, 2))


_TLDS = "fr|com|org|net|info|eu|re|asso"


def clean_url(url: str, fixes: Counter[str]) -> str:
    """A web address as a browser takes it: "www.x.fr" -> "http://www.x.fr"; "htpp://" fixed;
    "http://orientation.ac-creteil.frcio-saintdenis" (the export lost the slash after the
    host) -> "http://orientation.ac-creteil.fr/cio-saintdenis"."""
    url = re.sub(r"^(?:https?://)?htt?pp?://", "http://", (url or "").strip())
    if not url:
        return ""
    if not re.match(r"^https?://", url):
        url = "http://" + url.lstrip("/")
        fixes["adresses web : « http:// » ajouté"] += 1
    scheme, rest = url.split("://", 1)
    host, sep, path = rest.partition("/")
    if host.endswith(".f"):  # cut by the export: ".f" for ".fr"
        host, rest = host + "r", host + "r" + sep + path
    if not re.search(rf"\.(?:{_TLDS})$", host, re.I):
        m = re.match(rf"^(.*\.(?:{_TLDS}))([a-z0-9][a-z0-9-]*)$", host, re.I)
        if m:
            rest = f"{m.group(1)}/{m.group(2)}{sep}{path}"
            fixes["adresses web : « / » manquant après le nom du site ajouté"] += 1
        elif not re.search(r"\.[a-z]{2,6}$", host, re.I):  # "www.villelarochesuryon"
            fixes["adresses web : sans nom de domaine valable, écartées"] += 1
            return ""
    return f"{scheme}://{rest}"


_STREET = r"(?:rue|avenue|av|bd|boulevard|place|chemin|route|allée|allee|impasse|quai|cours)"
_ZERO_YEAR = re.compile(r"-0(1[89]\d\d|20\d\d)\b")  # "8-Mai-01945" -> "8-Mai-1945"
_ZERO_NUMBER = re.compile(rf"(^|[-,] )0(\d{{4}}) ({_STREET}\b)", re.I)  # "01633 avenue"
_ADDRESS_TAIL_CP = re.compile(r",\s*(\d{4,5})\s*,\s*([^,]+)$")  # "..., 3000, Moulins"
_CEDEX = re.compile(r"\s+cedex(\s+\d+)?$", re.I)


def clean_address(address: str, fixes: Counter[str]) -> tuple[str, str, str]:
    """(address, postcode, commune name) read out of a directory's address text: "Adresse : "
    dropped; 4-digit numbers that lost nothing but gained a zero repaired; a postcode and
    commune at the end (the directory's export put them there) taken out."""
    text = re.sub(r"^Adresse\s*:\s*", "", address or "").strip()
    repaired = _ZERO_NUMBER.sub(lambda m: f"{m.group(1)}{m.group(2)} {m.group(3)}", text)
    repaired = _ZERO_YEAR.sub(r"-\1", repaired)
    if repaired != text:
        fixes["adresses : numéro avec un zéro de trop réparé"] += 1
    postcode, commune = "", ""
    m = _ADDRESS_TAIL_CP.search(repaired)
    if m:
        postcode, commune = m.group(1).zfill(5), m.group(2).strip()
        repaired = repaired[: m.start()].strip()
    return repaired, postcode, commune


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
            code = r["code_insee"]
            address, tail_cp, tail_commune = clean_address(r["adresse"], dropped)
            commune_name = _CEDEX.sub("", r["commune"].split(" | ")[0]).strip()
            if commune_name != r["commune"].strip():
                dropped["annuaire_2019: commune nettoyée (« | Tél : | Fax : », CEDEX)"] += 1
            postcode = r["code_postal"].strip()
            if len(postcode) == 4 and postcode.isdigit():
                postcode = "0" + postcode
                dropped["annuaire_2019: code postal sans son zéro réparé"] += 1
            if tail_cp:
                # The address names its own postcode and commune: the row belongs there (a
                # 4-digit postcode was read as another commune: "3000 Moulins" -> Nîmes). The
                # commune is found by its name in the postcode's département, never by reading
                # the postcode as an INSEE code (05010, Gap's CEDEX, is Aspres-sur-Buëch).
                cedex = bool(_CEDEX.search(tail_commune))
                tail_name = fold(_CEDEX.sub("", tail_commune))
                dept = tail_cp[:3] if tail_cp.startswith("97") else tail_cp[:2]
                named = [
                    c
                    for c in geodata.lookup(tail_name, limit=20).candidates
                    if fold(c.nom) == tail_name
                    and (c.departement == dept or (dept == "20" and c.departement in ("2A", "2B")))
                ]
                found = max(named, key=lambda c: c.population) if named else None
                if found is not None and found.code_insee != code:
                    dropped["annuaire_2019: replacée dans la commune de son adresse"] += 1
                    code = found.code_insee
                if found is not None:
                    commune_name = found.nom
                postcode = tail_cp
                if cedex and found is not None and len(found.postcodes) == 1:
                    postcode = found.postcodes[0]
            c, lat, lon = commune_point(code)
            if c is not None and (not postcode or re.search(r"cedex", r["commune"], re.I)):
                postcode = c.postcodes[0] if len(c.postcodes) == 1 else postcode
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
                    "address": address,
                    "postcode": postcode,
                    "commune": commune_name or (c.nom if c else ""),
                    "code_insee": code,
                    "departement": c.departement if c else "",
                    "lat": lat,
                    "lon": lon,
                    "coord_precision": "commune",
                    "phone": clean_phone(r["telephone"]),
                    "email": r["email_generique"],
                    "website": clean_url(r["site_web"], dropped),
                    "verified": "1",
                }
            )
    return rows


def _college_ages(name: str) -> dict[str, object]:
    """A micro-collège takes pupils of collège age who left school, not 16-25-year-olds."""
    if not re.search(r"micro[- ]coll[eè]ge", name, re.I):
        return {}
    return {
        "age_max": 16,
        "description": "Un petit collège pour reprendre les cours après avoir quitté le "
        "collège, avant 16 ans.",
    }


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
                    **_college_ages(r["Nom_etablissement"]),
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
            if kind == "cfa" and re.search(r"\blycee\b", fold(name)):
                # A lycée that trains apprentices is a school, not a CFA: its own kind.
                kind = "lycee"
                dropped["cfa_2023: lycées rangés à part (type lycee)"] += 1
            rows.append(
                {
                    "external_id": f"cfa:{key}",
                    "kind": kind,
                    "name": name.title() if name.isupper() else name,
                    "address": street.title(),
                    **at_commune(c, postcode),
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


def best_onisep(label: str, rows: list[tuple[str, str]]) -> tuple[str, str]:
    """(url, label) of the ONISEP métier whose label is closest to the ROME fiche's label
    (rapidfuzz ``token_set_ratio`` on folded words, then ``ratio``; the file's order last)."""
    if not rows:
        return "", ""
    target = fold(label)

    def score(item: tuple[int, tuple[str, str]]) -> tuple[float, float, int]:
        i, (_url, name) = item
        folded = fold(name)
        return (-fuzz.token_set_ratio(target, folded), -fuzz.ratio(target, folded), i)

    return min(enumerate(rows), key=score)[1]


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
    # Several ONISEP métiers share a ROME code (A1101: "conducteur de machines agricoles" and
    # "conducteur d'engins forestiers"): the link is the one whose label is closest to the
    # fiche's, not the file's first row (Vétérinaire pointed to "ostéopathe animalier").
    onisep: dict[str, list[tuple[str, str]]] = defaultdict(list)
    with open(raw / "rome/onisep_metiers_rome_correspondance.csv", encoding="utf-8") as f:
        for r in csv.DictReader(f, delimiter=";"):
            onisep[r["Code ROME"]].append((r["lien site onisep.fr"], r["libellé métier onisep"]))
    careers = []
    with open(raw / "rome/unix_referentiel_code_rome_v460_utf8.csv", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            code = r["code_rome"]
            url, label = best_onisep(r["libelle_rome"], onisep.get(code, []))
            careers.append(
                {
                    "code": code,
                    "label": r["libelle_rome"],
                    "domain_code": code[:3],
                    "grand_domain_code": code[0],
                    "onisep_url": url,
                    "onisep_label": label,
                    # ROME 4.0 groups close fiches under a parent (532 parents of 1,584 fiches).
                    "parent_code": r["code_rome_parent"] or code,
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


# --- ROME "secteurs d'activité" --------------------------------------------------------------

ACTIVITY_SECTOR_FIELDS = ["code", "label", "kind", "parent", "definition", "rome_codes"]
# The JSON was decoded as Latin-1 instead of Latin-9 somewhere upstream: "c½ur", "¼nologue".
_LATIN9 = str.maketrans({"¼": "Œ", "½": "œ", "¾": "Ÿ", "¤": "€"})


def _tidy(text: str) -> str:
    return " ".join((text or "").translate(_LATIN9).split())


def build_activity_sectors(
    raw: Path, career_codes: set[str], dropped: Counter[str]
) -> list[dict[str, object]]:
    """The 35 ROME "secteurs d'activité", each followed by its sous-secteurs.

    A sector's ``rome_codes`` are every job sheet the raw tree lists under it: its own list
    plus those of its sous-secteurs (in v460 the sous-secteurs list some jobs the sector's own
    list leaves out); a sous-secteur's are its own list. Codes unknown to careers.csv are left out.
    """
    path = raw / "rome/unix_arborescence_secteur_activite_v460.json"
    tree = json.loads(path.read_text(encoding="utf-8"))["arbo_secteur"]

    def codes(jobs: list[dict[str, object]]) -> set[str]:
        found = set()
        for job in jobs:
            code = str(job["code_rome"])
            if code in career_codes:
                found.add(code)
            else:
                dropped["activity_sectors: code ROME inconnu"] += 1
        return found

    rows: list[dict[str, object]] = []
    for sector in sorted(tree, key=lambda s: (fold(_tidy(s["libelle"])), s["code_secteur"])):
        subs = []
        for sub in sorted(
            sector["liste_sous_secteur"],
            key=lambda s: (fold(_tidy(s["libelle"])), s["code_sous_secteur"]),
        ):
            subs.append(
                {
                    "code": str(sub["code_sous_secteur"]),
                    "label": _tidy(sub["libelle"]),
                    "kind": "sub_sector",
                    "parent": str(sector["code_secteur"]),
                    "definition": _tidy(sub["definition"]),
                    "rome_codes": codes(sub["liste_metier"]),
                }
            )
        own = codes(sector["liste_metier"]).union(*(s["rome_codes"] for s in subs))
        rows.append(
            {
                "code": str(sector["code_secteur"]),
                "label": _tidy(sector["libelle"]),
                "kind": "activity_sector",
                "parent": "",
                "definition": _tidy(sector["definition"]),
                "rome_codes": own,
            }
        )
        rows.extend(subs)
    for row in rows:
        row["rome_codes"] = " ".join(sorted(row["rome_codes"]))
    return rows


# --- Missions locales: the 2019 directory checked against the 2023 MILO referential -----------

MILO_FIELDS = [
    "external_id",
    "status",
    "milo_code",
    "milo_name",
    "departement",
    "score",
    "name_2019",
]
#: A 2019 row matches a 2023 entry of its département when the best rapidfuzz
#: ``token_set_ratio`` of their normalised names reaches this score (0-100). Measured on the
#: bundled data (NOTICE.md): the confirmed pairs read by hand are right; the 8 best pairs between
#: 60 and 80 are half right, half wrong or doubtful ("Neuville-sur-Saône" -> "Villefranche-sur-
#: Saône"), too unsure to confirm anything: they stay unmatched (listed in the notice).
MILO_THRESHOLD = 80.0
#: Two 2023 entries closer than this on both scores (token_set_ratio, then token_sort_ratio
#: as tie-break) leave the 2019 row ambiguous: no code is given.
MILO_MARGIN = 5.0
# Words every Mission locale name has: they say nothing about which one.
_MILO_STOPWORDS = set(
    [
        "mission",
        "missions",
        "locale",
        "locales",
        "ml",
        "mli",
        "mlj",
        "mlij",
        "jeunes",
        "jeune",
        "pour",
        "de",
        "du",
        "des",
        "la",
        "le",
        "les",
        "l",
        "d",
        "et",
        "en",
        "a",
        "au",
        "aux",
        "sur",
        "sous",
        "siege",
        "site",
        "antenne",
        "service",
        "structure",
        "insertion",
        "professionnelle",
        "sociale",
        "emploi",
        "intercommunale",
        "rurale",
        "departementale",
        "arrondissement",
        "arrondissements",
    ]
)
# Words that may be shared without naming the same place ("Nord", "Provence"): a match needs
# at least one common word outside this list.
_MILO_GENERIC = set(
    [
        "nord",
        "sud",
        "est",
        "ouest",
        "centre",
        "centrale",
        "pays",
        "bassin",
        "agglomeration",
        "grand",
        "grande",
        "haut",
        "haute",
        "hauts",
        "hautes",
        "vallee",
        "vallees",
        "val",
        "plaine",
        "plateau",
        "region",
        "territoire",
        "territoires",
        "metropole",
        "cote",
        "cotes",
        "saint",
        "sainte",
        "provence",
        "normandie",
        "bretagne",
        "alsace",
        "lorraine",
        "champagne",
        "bourgogne",
        "picardie",
        "reunion",
        "guadeloupe",
        "martinique",
        "guyane",
        "corse",
    ]
)
_ORDINAL = re.compile(r"^\d+(e|er|eme)$")


def milo_norm(name: str) -> str:
    """Folded name without the département prefix ("13-ML ..."), arrondissement numbers and
    the words every Mission locale name has: "18-ML BOURGES MEHUN ST FLORENT" ->
    "bourges mehun saint florent"."""
    text = re.sub(r"^(\d{2,3}|2a|2b)\s+", "", fold(name))
    return " ".join(w for w in text.split() if w not in _MILO_STOPWORDS and not _ORDINAL.match(w))


def _milo_score(name: str, variants: list[str]) -> tuple[float, float]:
    usable = [
        v for v in variants if v == name or (set(name.split()) & set(v.split())) - _MILO_GENERIC
    ]
    if not usable:
        return 0.0, 0.0
    return (
        max(fuzz.token_set_ratio(name, v) for v in usable),
        max(fuzz.token_sort_ratio(name, v) for v in usable),
    )


def build_milo_crosscheck(
    raw: Path, annuaire: list[dict[str, object]], *, seat_names: bool = True
) -> tuple[list[dict[str, object]], dict[str, object]]:
    """One row a 2019 Mission locale (matched, ambiguous or unmatched), then one row a 2023
    entry no 2019 row matched (``only_2023``). Names of a 2023 entry: official name, usual name
    and the name of its seat commune (the first five characters of a MILO code are the INSEE
    code of the seat: true for 445 of the 450 entries, counted in ``seat_codes``)."""
    path = raw / "structures/missions_locales_referentiel_structures_milo_2023.json"
    entries = sorted(json.loads(path.read_text(encoding="utf-8")), key=lambda e: e["id"])
    by_dept: dict[str, list[tuple[dict[str, object], list[str]]]] = defaultdict(list)
    seat_codes = 0
    for e in entries:
        names = [e["nom_officiel"], e["nom_usuel"] or ""]
        seat = geodata.get_commune(e["id"][:5])
        if seat is not None and seat.departement == e["code_departement"]:
            seat_codes += 1
            if seat_names:
                names.append(seat.nom)
        variants = sorted({milo_norm(n) for n in names} - {""})
        by_dept[e["code_departement"] or ""].append((e, variants))
    rows: list[dict[str, object]] = []
    used: set[str] = set()
    stats: Counter[str] = Counter()
    seat_check: Counter[str] = Counter()
    seat_other: list[str] = []
    near: list[str] = []  # best pairs under the threshold, for the notice
    for r in annuaire:
        if r["kind"] != "mission_locale":
            continue
        name = milo_norm(str(r["name"]))
        scored = sorted(
            (
                (*_milo_score(name, v), str(e["id"]), e)
                for e, v in by_dept.get(str(r["departement"]), [])
            ),
            key=lambda c: (-c[0], -c[1], c[2]),
        )
        best = scored[0] if scored else (0.0, 0.0, "", None)
        rivals = [
            c
            for c in scored[1:]
            if c[0] >= MILO_THRESHOLD
            and best[0] - c[0] < MILO_MARGIN
            and best[1] - c[1] < MILO_MARGIN
        ]
        row: dict[str, object] = {
            "external_id": r["external_id"],
            "departement": r["departement"],
            "score": round(best[0]) if scored else "",
            "name_2019": r["name"],
        }
        single = by_dept.get(str(r["departement"]), [])
        if best[0] < MILO_THRESHOLD and len(single) == 1:
            # The département has one Mission locale in 2023 ("12-ML AVEYRON"): every 2019 site
            # of the département (Rodez, Decazeville, Saint-Affrique) is one of its antennas.
            e = single[0][0]
            used.add(str(e["id"]))
            row.update(status="matched", milo_code=e["id"], milo_name=e["nom_officiel"])
            stats["single_in_departement"] += 1
        elif best[0] < MILO_THRESHOLD:
            row.update(status="unmatched")
            if best[0] >= MILO_THRESHOLD - 20:
                near.append(f"{r['name']} → {best[3]['nom_officiel']} ({best[0]:.0f})")
        elif rivals:
            chosen = [best, *rivals]
            row.update(
                status="ambiguous",
                milo_code=" ".join(c[2] for c in chosen),
                milo_name=" | ".join(str(c[3]["nom_officiel"]) for c in chosen),
            )
        else:
            used.add(best[2])
            row.update(status="matched", milo_code=best[2], milo_name=best[3]["nom_officiel"])
        stats[str(row["status"])] += 1
        seats = {
            str(e["id"])
            for e, _ in by_dept.get(str(r["departement"]), [])
            if str(e["id"])[:5] == r["code_insee"]
        }
        if seats:  # a cross-check: the 2019 row sits in the seat commune of a 2023 entry
            seat_check["rows"] += 1
            if row["status"] == "matched":
                seat_check["same" if row["milo_code"] in seats else "other"] += 1
                if row["milo_code"] not in seats:
                    seat_other.append(f"{r['name']} → {row['milo_name']} (siège : {min(seats)})")
            else:
                seat_check[str(row["status"])] += 1
        rows.append(row)
    only_2023 = [e for e in entries if e["id"] not in used]
    for e in only_2023:
        rows.append(
            {
                "external_id": "",
                "status": "only_2023",
                "milo_code": e["id"],
                "milo_name": e["nom_officiel"],
                "departement": e["code_departement"] or "",
            }
        )
    figures = {
        "2019_rows": sum(stats.values()),
        **{k: stats[k] for k in ("matched", "ambiguous", "unmatched")},
        "single_in_departement": stats["single_in_departement"],
        "2023_entries": len(entries),
        "seat_codes": seat_codes,
        "2023_matched": len(used),
        "only_2023": len(only_2023),
        "seat_check": dict(seat_check),
        "seat_check_other": seat_other,
        "near_misses": near,
        "threshold": MILO_THRESHOLD,
        "margin": MILO_MARGIN,
    }
    return rows, figures


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
        "licence": "Licence Ouverte 2.0 (ROME) ; ODbL (liens et libellés Onisep)",
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
        "name": "activity_sectors",
        "table": "activity_sectors",
        "file": "activity_sectors.csv",
        "source": "France Travail ROME 4.0 v460, arborescence des secteurs d'activité",
        "licence": "Licence Ouverte 2.0",
        "source_date": "2025",
        "verified": True,
    },
    {
        "name": "missions_locales_2023",
        "table": "structure_checks",
        "file": "missions_locales_2023.csv",
        "source": "Référentiel des structures Missions locales (codes MILO), via SocialGouv/pass-emploi-api",
        "licence": "MIT (dépôt ; son package.json dit UNLICENSED)",
        "source_date": "2023-09",
        "verified": True,
        "checks": "annuaire_2019",
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
        "name": "france_travail_2023",
        "table": "structures",
        "file": "structures_france_travail_2023.csv",
        "source": "Agences France Travail (ex-Pôle emploi), noms et départements, via SocialGouv/pass-emploi-api",
        "licence": "MIT (dépôt) ; noms : faits publics",
        "source_date": "2023-12",
        "verified": False,
    },
    {
        "name": "milo_2023",
        "table": "structures",
        "file": "structures_milo_2023.csv",
        "source": "Référentiel des structures Missions locales (codes MILO), via SocialGouv/pass-emploi-api : les structures absentes de l'annuaire 2019, à la commune de leur siège",
        "licence": "MIT (dépôt ; son package.json dit UNLICENSED)",
        "source_date": "2023-09",
        "verified": False,
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


RAW_FILES = {
    "sectors": "rome/code_rome_domaine_professionnel.csv (github gip-inclusion/pilotage-airflow @ b2463bc6)",
    "careers": "rome/unix_referentiel_code_rome_v460_utf8.csv (github tomjoy75/code_rome @ e6dd7952) + rome/onisep_metiers_rome_correspondance.csv (github mission-apprentissage/c-est-qui-le-pro @ 62c2c039 ; liens et libellés Onisep Idéo-Métiers sous ODbL)",
    "job_titles": "rome/unix_referentiel_appellation_v460_utf8.csv (même dépôt ; appellations « peu usitées » écartées)",
    "activity_sectors": "rome/unix_arborescence_secteur_activite_v460.json (github mission-apprentissage/flux-retour-cfas @ 9387711e ; dépôt MIT ; « ¼ » et « ½ » réparés en « Œ » et « œ »)",
    "missions_locales_2023": "structures/missions_locales_referentiel_structures_milo_2023.json (github SocialGouv/pass-emploi-api @ 0f161433 ; sans adresses : sert à vérifier les Missions locales de l'annuaire 2019, voir plus bas)",
    "annuaire_2019": "structures/annuaire_service_public_2019_orientation.csv (github okfnfr/dada-france-authorities @ 6811933f ; seulement les administrations avec un e-mail valide : liste partielle)",
    "france_travail_2023": "structures/france_travail_agences_pass_emploi_2023.json (github SocialGouv/pass-emploi-api @ 551432df ; nom et département seulement)",
    "milo_2023": "structures/missions_locales_referentiel_structures_milo_2023.json (même source que ci-dessus)",
    "microlycees_2024": "structures/microlycees_sre_from_annuaire_education_2024.csv (extrait de l'Annuaire de l'éducation, github betagouv/monstagedeseconde @ fdd71124 ; liste partielle)",
    "epide": "structures/epide_centres_HANDMADE.csv (liste faite à la main ; seule Val-de-Reuil a une adresse)",
    "cfa_2023": "cfa/organismes_formation_apprentissage.csv (github mission-apprentissage/flux-retour-cfas @ 9d854b0d)",
    "esat": "handicap/esat_liste_officielle.csv (github gip-inclusion/pilotage-airflow @ 1ae8d907)",
    "sample_offers": "généré par backend/sample_offers.py (graine 2027) sur le gazetteer geodata et les codes ROME ci-dessus",
}


def _sector_notice(sectors: list[dict[str, object]]) -> list[str]:
    main = [r for r in sectors if r["kind"] == "activity_sector"]
    subs = [r for r in sectors if r["kind"] == "sub_sector"]
    links = sum(len(str(r["rome_codes"]).split()) for r in main)
    sub_links = sum(len(str(r["rome_codes"]).split()) for r in subs)
    covered = {c for r in main for c in str(r["rome_codes"]).split()}
    return [
        "## Secteurs d'activité ROME (`activity_sectors.csv`)",
        "",
        f"- {len(main)} secteurs d'activité et {len(subs)} sous-secteurs de l'arborescence officielle",
        f"  ROME v460. {sum(1 for r in main if r['definition'])} secteurs ont une définition en langage simple ; les autres",
        "  et les sous-secteurs n'en ont pas (`definition` vide).",
        "- Un secteur contient chaque fiche métier que l'arborescence range sous lui : sa propre liste",
        "  et celles de ses sous-secteurs (les listes des sous-secteurs ajoutent des métiers que celle",
        f"  du secteur n'a pas). {links} liens secteur–métier et {sub_links} liens sous-secteur–métier ;",
        f"  un métier peut être dans plusieurs secteurs. {len(covered)} fiches métiers sont dans au moins",
        "  un secteur.",
        "- API : `GET /api/v1/sectors` (types `activity_sector` et `sub_sector`),",
        "  `GET /api/v1/sectors/{code}`, `GET /api/v1/careers?sector=CODE` ; la fiche d'un métier",
        "  donne ses secteurs. Dans `speech`, seule la première phrase d'une définition est lue.",
        "",
    ]


def _milo_notice(rows: list[dict[str, object]], figures: dict[str, object]) -> list[str]:
    seat = figures["seat_check"]
    names = figures["names_only"]
    assert isinstance(seat, dict) and isinstance(names, dict)
    only = [r for r in rows if r["status"] == "only_2023"]
    candidates = {
        c for r in rows if r["status"] == "ambiguous" for c in str(r["milo_code"]).split()
    }

    def plural(n: object, word: str) -> str:
        return f"{n} {word}{'s' if isinstance(n, int) and n > 1 else ''}"

    lines = [
        "## Missions locales : vérification avec le référentiel 2023 (`missions_locales_2023.csv`)",
        "",
        "L'annuaire de 2019 reste la seule source des adresses. Le référentiel 2023 (code MILO, nom",
        "officiel, département, région ; aucune adresse) sert à vérifier chaque Mission locale de 2019.",
        "",
        "- **Méthode** : noms mis en minuscules sans accents ni ponctuation, « St » → « saint », sans",
        "  le préfixe de département (« 13-ML »), les numéros d'arrondissement et les mots que toutes",
        "  les Missions locales ont (« mission », « locale », « ML », « jeunes », « antenne »…). Une",
        "  ligne de 2019 est comparée aux entrées 2023 du **même département** : nom officiel, nom",
        "  usuel et nom de la commune siège (les cinq premiers caractères d'un code MILO sont le",
        f"  code INSEE du siège pour {figures['seat_codes']} des {figures['2023_entries']} entrées). Score : rapidfuzz `token_set_ratio`",
        "  (0 à 100), `token_sort_ratio` pour départager ; au moins un mot commun doit désigner un",
        "  lieu précis (« nord », « sud », « pays », « provence »… ne suffisent pas).",
        f"- **Sans le nom de la commune siège** : {names['matched']} confirmées, {names['ambiguous']} ambiguës, {names['unmatched']} absentes ;",
        f"  {names['same_match']} de ces {names['matched']} sont rattachées à la même entrée avec la méthode complète.",
        f"- **Seuil** : {figures['threshold']:.0f}. Mesure (relecture à la main, 2026-11) : les {figures['matched'] - seat.get('same', 0)} paires confirmées",
        "  où la ligne de 2019 n'est pas dans la commune siège de son entrée 2023 sont justes (Limoux",
        "  discutable, voir plus bas). Sous le seuil, de 60 à 80, la moitié environ serait juste et",
        "  l'autre fausse ou douteuse (« Neuville-sur-Saône » → « Villefranche-sur-Saône ») : trop",
        "  peu sûr pour confirmer, ces lignes restent absentes : "
        + " ; ".join(str(x) for x in figures["near_misses"])
        + ". Deux entrées à moins de",
        f"  {figures['margin']:.0f} points sur les deux scores : **ambiguë**, aucun code n'est donné.",
        "- **Départements à une seule Mission locale en 2023** (« 12-ML AVEYRON ») : les lignes de 2019",
        f"  sous le seuil y sont rattachées à cette seule entrée ({figures['single_in_departement']} lignes : Rodez, Decazeville,",
        "  Saint-Affrique… sont des antennes, pas des structures fermées).",
        f"- **Résultats** sur {figures['2019_rows']} Missions locales de 2019 : **{figures['matched']} confirmées** (code MILO",
        f"  enregistré, `verification_note` « confirmée par le référentiel 2023 »), **{plural(figures['ambiguous'], 'ambiguë')}**",
        f"  (les codes possibles sont dans la note), **{plural(figures['unmatched'], 'absente')}** de la liste 2023 : gardées,",
        "  avec `verified=false` et la note « absente de la liste 2023 : peut avoir fusionné ou fermé »",
        "  (l'API le dit dans `verification_note`, et `speech` dit « à vérifier »). Beaucoup de ces",
        "  absentes sont sans doute des antennes d'une Mission locale de 2023 dont le nom ne cite pas",
        "  leur commune.",
        f"- **Contrôle par la commune siège** (pas tout à fait indépendant : le nom du siège sert aussi à la comparaison) : {seat.get('rows', 0)} lignes de 2019 sont dans la commune siège d'une",
        f"  entrée 2023 du même département ; {seat.get('same', 0)} sont rattachées à cette entrée, {seat.get('other', 0)} à une",
        f"  autre, {plural(seat.get('ambiguous', 0), 'ambiguë')}, {seat.get('unmatched', 0)} sans correspondance."
        + "".join(f" Rattachée à une autre : {x}." for x in figures["seat_check_other"]),
        f"- **Entrées 2023 sans Mission locale de 2019** : {figures['only_2023']} sur {figures['2023_entries']} ({figures['2023_matched']} entrées",
        "  ont au moins une ligne de 2019). Elles sont importées (`structures_milo_2023.csv`) dans la",
        "  commune de leur siège (les cinq premiers caractères du code MILO, quand cette commune est",
        "  dans le département de l'entrée), au centre de la commune, `verified=false` et la note",
        "  « Adresse à confirmer ». Le code de Mayotte (97600) ne désigne aucune commune : placée dans",
        "  la commune la plus peuplée du département (Mamoudzou). Les codes temporaires (99994S00,",
        "  99999S00) et les entrées sans département ne sont pas importés :",
        "",
    ]
    placed = set(figures.get("placed", ()))
    lines += [
        f"  - {r['milo_code']} — {r['milo_name']} ({r['departement'] or 'département inconnu'})"
        + (" : candidate d'une ligne 2019 ambiguë" if r["milo_code"] in candidates else "")
        for r in only
        if r["milo_code"] not in placed
    ]
    lines += [
        "",
        f"  Importées au siège ({len(placed)}) : "
        + ", ".join(f"{r['milo_code']} {r['milo_name']}" for r in only if r["milo_code"] in placed)
        + ".",
    ]
    return lines + [""]


def count_summaries(out: Path) -> int:
    import yaml

    return len(yaml.safe_load((out / "career_summaries_fr.yaml").read_text(encoding="utf-8")) or {})


def count_lines(path: Path) -> int:
    with gzip.open(path, "rt", encoding="utf-8") as stream:
        return sum(1 for line in stream if line.strip())


def write_notice(
    out: Path,
    counts: dict[str, int],
    kinds: Counter[str],
    dropped: Counter[str],
    sectors: list[dict[str, object]],
    milo_rows: list[dict[str, object]],
    milo_figures: dict[str, object],
    not_placed: dict[str, list[str]],
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
        f"| `career_summaries_fr.yaml` | {count_summaries(out)} résumés de métiers | rédigés par "
        "Total Accès à partir du nom et des appellations de chaque fiche ROME (aucun texte copié), "
        "vérifiés par `backend/services/readability.py` ; chaque surface dit « rédigé par Total "
        "Accès » tant qu'un conseiller ne l'a pas confirmé | EUPL-1.2 | 2026-12 | **non relu** |",
        f"| `common_words_fr.txt.gz` | {count_lines(out / 'common_words_fr.txt.gz')} mots | mots "
        "français courants (fréquence Zipf ≥ 3, au moins une fois par million de mots) de wordfreq "
        "3.1.1 (Robyn Speer), `scripts/build_common_words.py` | CC BY-SA 4.0 | 2021 | oui |",
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
        "- **Missions locales** : l'annuaire 2019 donne les adresses ; chacune est comparée au",
        "  référentiel 2023 des Missions locales (voir plus bas) : confirmée, ambiguë ou absente.",
        "- Doublons de la source : trois identifiants SUIO apparaissent deux fois dans l'annuaire 2019 ;",
        "  l'import garde la première ligne et signale les autres (fichier, ligne, raison).",
        "",
    ]
    lines += _sector_notice(sectors)
    lines += _milo_notice(milo_rows, milo_figures)
    lines += [
        "## Agences France Travail (`structures_france_travail_2023.csv`)",
        "",
        "La liste de décembre 2023 (894 agences et relais de Pôle emploi, devenu France Travail le",
        "1er janvier 2024) ne donne que le nom et le département. Chaque agence est placée au centre",
        "de la commune que son nom contient, dans son département (`scripts/networks.py`) : un nom",
        "exact de commune (avec ou sans article : « LAMENTIN » → Le Lamentin) ; quand le nom en contient",
        "deux, la seconde seulement si elle est à moins de 15 km de la première (« ROUEN MAROMME » →",
        "Maromme, « ANGOULEME SAINT MARTIAL » → Angoulême) ; un arrondissement de Paris, Lyon ou",
        "Marseille quand un numéro suit ; quelques quartiers relevés à la main (`QUARTERS`) ; enfin le",
        "début d'un nom (« CLERMONT » → Clermont-Ferrand, la plus peuplée) ou une ancienne commune",
        "(« SEYNOD » → Annecy). Jamais une lecture approchée (faute de frappe). `verified=false`, sans",
        "adresse ni téléphone : la fiche donne le 39 49 et francetravail.fr.",
        "",
        f"Non placées ({len(not_placed['france_travail'])}, non importées) : "
        + " ; ".join(not_placed["france_travail"])
        + ".",
        "",
    ]
    lines += ["## Lignes écartées à la construction", ""]
    lines += [f"- {k} : {v}" for k, v in sorted(dropped.items())]
    (out / "NOTICE.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


_ADDRESS_WORDS = {"pl": "place", "bd": "boulevard", "av": "avenue", "rte": "route", "r": "rue",
                  "ch": "chemin", "imp": "impasse", "all": "allee", "st": "saint"}  # fmt: skip


def _address_key(address: str) -> str:
    """The street part of an address, folded, abbreviations in full, without "BP 89"."""
    words = fold(re.sub(r"\b(BP|CS|TSA)\s*\d+", "", address or "")).split()
    return " ".join(_ADDRESS_WORDS.get(w, w) for w in words)


def drop_duplicates(sets: dict[str, list[dict[str, object]]], dropped: Counter[str]) -> None:
    """One row a place: rows with the same name, commune and street (a GRETA both in the 2019
    directory and in the apprenticeship list) keep the one with the most contacts. Rows with
    the same name at other addresses are different sites and stay."""
    groups: dict[tuple[str, str], list[tuple[str, dict[str, object]]]] = defaultdict(list)
    for name, rows in sets.items():
        for row in rows:
            groups[(fold(str(row["name"])), str(row["code_insee"]))].append((name, row))
    gone: set[int] = set()
    for members in groups.values():
        if len(members) < 2:
            continue
        for i, (_, a) in enumerate(members):
            if id(a) in gone:
                continue
            for _, b in members[i + 1 :]:
                if id(b) in gone:
                    continue
                ka, kb = _address_key(str(a["address"])), _address_key(str(b["address"]))
                if not ka or not kb or fuzz.token_set_ratio(ka, kb) < 90:
                    continue
                contacts = [sum(bool(r.get(k)) for k in ("phone", "email", "website")) for r in (a, b)]
                loser = b if contacts[0] >= contacts[1] else a
                gone.add(id(loser))
                dropped["structures : doublon (même nom, commune et rue) écarté"] += 1
    for name in sets:
        sets[name] = [row for row in sets[name] if id(row) not in gone]


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
    drop_duplicates(structure_sets, dropped)
    files = {m["name"]: m["file"] for m in MANIFEST}
    for name, rows in structure_sets.items():
        write_csv(out / str(files[name]), STRUCTURE_FIELDS, rows)
        counts[name] = len(rows)

    sectors, careers, titles = build_rome(raw)
    write_csv(out / "sectors.csv", ["code", "label", "kind", "parent"], sectors)
    write_csv(
        out / "careers.csv",
        [
            "code",
            "label",
            "domain_code",
            "grand_domain_code",
            "onisep_url",
            "onisep_label",
            "parent_code",
        ],
        careers,
    )
    write_csv(out / "job_titles.csv.gz", ["code_ogr", "career_code", "label"], titles)
    counts.update(sectors=len(sectors), careers=len(careers), job_titles=len(titles))
    activity = build_activity_sectors(raw, {str(c["code"]) for c in careers}, dropped)
    write_csv(out / "activity_sectors.csv", ACTIVITY_SECTOR_FIELDS, activity)
    counts["activity_sectors"] = len(activity)
    milo_rows, milo_figures = build_milo_crosscheck(raw, structure_sets["annuaire_2019"])
    # The same with the official and usual names only: what the seat commune's name adds.
    names_only, figures = build_milo_crosscheck(
        raw, structure_sets["annuaire_2019"], seat_names=False
    )
    kept = {(r["external_id"], r["milo_code"]) for r in milo_rows if r["status"] == "matched"}
    milo_figures["names_only"] = {
        **{k: figures[k] for k in ("matched", "ambiguous", "unmatched")},
        "same_match": sum(
            1
            for r in names_only
            if r["status"] == "matched" and (r["external_id"], r["milo_code"]) in kept
        ),
    }
    write_csv(out / "missions_locales_2023.csv", MILO_FIELDS, milo_rows)
    counts["missions_locales_2023"] = len(milo_rows)

    # Structures known by name only: placed at a commune, reported when they cannot be.
    places = Places()
    not_placed: dict[str, list[str]] = {"france_travail": [], "milo_2023": []}
    structure_sets["france_travail_2023"] = build_france_travail(
        raw, places, dropped, not_placed["france_travail"]
    )
    only = [str(r["milo_code"]) for r in milo_rows if r["status"] == "only_2023"]
    structure_sets["milo_2023"] = build_milo_seats(
        raw, only, places, dropped, not_placed["milo_2023"]
    )
    milo_figures["placed"] = [
        str(r["external_id"]).split(":", 1)[1] for r in structure_sets["milo_2023"]
    ]
    for name in ("france_travail_2023", "milo_2023"):
        write_csv(out / str(files[name]), STRUCTURE_FIELDS, structure_sets[name])
        counts[name] = len(structure_sets[name])

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
    write_notice(out, counts, kinds, dropped, activity, milo_rows, milo_figures, not_placed)
    print(
        json.dumps(
            {
                "counts": counts,
                "kinds": dict(sorted(kinds.items())),
                "dropped": dict(dropped),
                "activity_sectors": {
                    k: sum(1 for r in activity if r["kind"] == k)
                    for k in ("activity_sector", "sub_sector")
                },
                "missions_locales_2023": milo_figures,
            },
            ensure_ascii=False,
            indent=1,
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
