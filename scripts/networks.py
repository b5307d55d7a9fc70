"""Structures known only by name: France Travail agencies and the Missions locales of the 2023
referential that the 2019 directory lacks. Used by ``build_backend_data.py``.

Neither source has an address, a phone or a point: each row is placed at the centre of a commune
(``coord_precision = "commune"``), marked unverified, and says so. The placing rules are written
down here and in ``backend/data/NOTICE.md``; every name that cannot be placed is reported by the
build, never guessed.
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from pathlib import Path

import geodata
from geodata.text import fold_place

#: Corsica is "20" in the France Travail list: both of its départements are searched.
_DEPT_ALIASES = {"20": ("2A", "2B")}
#: Words of an agency name that name no commune on their own.
_NOT_PLACES = {
    "agence",
    "relai",
    "relais",
    "point",
    "rpe",
    "pole",
    "emploi",
    "nord",
    "sud",
    "est",
    "ouest",
    "centre",
    "ville",
    "saint",
    "sainte",
    "la",
    "le",
    "les",
    "de",
    "du",
    "des",
    "et",
}
#: Quarters and sites named instead of their commune (hand-made, each checked on a map): the
#: agency name gives the quarter, the commune is the one the quarter belongs to.
QUARTERS: dict[tuple[str, str], str] = {
    ("13", "chateau gombert"): "13213",  # Marseille 13e
    ("13", "blancarde"): "13204",  # Marseille 4e
    ("84", "realpanier"): "84007",  # Avignon
    ("971", "jarry"): "97103",  # Baie-Mahault
    ("86", "futuroscope"): "86062",  # Chasseneuil-du-Poitou
    ("974", "sainte clotilde"): "97411",  # Saint-Denis
    ("974", "ravine des cabris"): "97416",  # Saint-Pierre
    ("974", "l eperon"): "97415",  # Saint-Paul
    ("974", "la riviere"): "97414",  # Saint-Louis
    ("971", "marie galante"): "97113",  # Grand-Bourg
    ("976", "dzoumogne"): "97603",  # Bandraboua
    ("75", "croix nivert"): "75115",  # Paris 15e
}
NEIGHBOUR_KM = 15
_ARRONDISSEMENT = re.compile(r"^(\d{1,2})(?:er|e|eme|ème)?$")
_CITY_BASE = {"paris": ("75", 100), "marseille": ("13", 200), "lyon": ("69", 380)}
_SMALL = {
    "de",
    "la",
    "le",
    "les",
    "du",
    "des",
    "sur",
    "sous",
    "en",
    "et",
    "aux",
    "au",
    "lez",
    "lès",
}


class Places:
    """The communes of each département by folded name (with and without their article)."""

    def __init__(self) -> None:
        self.by_dept: dict[str, dict[str, geodata.Commune]] = defaultdict(dict)
        for c in geodata.communes():
            if not c.has_coords:
                continue
            key = fold_place(c.nom)
            names = [key]
            for article in ("le ", "la ", "les ", "l "):
                if key.startswith(article):
                    names.append(key[len(article) :])
            for name in names:
                known = self.by_dept[c.departement].get(name)
                if known is None or c.population > known.population:
                    self.by_dept[c.departement][name] = c

    def depts(self, dept: str) -> tuple[str, ...]:
        return _DEPT_ALIASES.get(dept, (dept,))

    def exact(self, dept: str, key: str) -> geodata.Commune | None:
        for d in self.depts(dept):
            if key in self.by_dept[d]:
                return self.by_dept[d][key]
        return None

    def looked_up(self, dept: str, key: str) -> geodata.Commune | None:
        """The gazetteer's reading of ``key`` (former names, a name's first words) inside the
        département, most populous first; never a reading by typo (fuzzy)."""
        found = geodata.lookup(key, limit=20)
        if found.matched_by != "name":
            return None
        inside = [c for c in found.candidates if c.departement in self.depts(dept) and c.has_coords]
        return max(inside, key=lambda c: c.population) if inside else None

    def locate(self, dept: str, name: str) -> tuple[geodata.Commune | None, str]:
        """(commune, rule) for a name that holds a commune's name; rule says how it was found."""
        tokens = fold_place(name).split()
        city = _CITY_BASE.get(tokens[0]) if tokens else None
        if city and len(tokens) > 1 and dept == city[0]:
            m = _ARRONDISSEMENT.match(tokens[1])
            if m:
                c = geodata.get_commune(f"{city[0]}{city[1] + int(m.group(1)):03d}")
                if c is not None and c.has_coords:
                    return c, "arrondissement"
        spans = [(i, j) for i in range(len(tokens)) for j in range(len(tokens), i, -1)]
        # Every run of words that is a commune of the département, by where it starts; the
        # first is the agency's town; a later one (a neighbour: "ROUEN MAROMME", "REIMS
        # BEZANNES") wins only within NEIGHBOUR_KM of it ("ANGOULEME SAINT MARTIAL" is a quarter
        # of Angoulême, not the village of Saint-Martial 30 km away).
        found: list[tuple[int, int, geodata.Commune]] = []
        for i, j in spans:
            key = " ".join(tokens[i:j])
            if key in _NOT_PLACES or any(a <= i < b for a, b, _ in found):
                continue
            c = self.exact(dept, key)
            if c is not None:
                found.append((i, j, c))
        if found:
            first = found[0][2]
            near = [
                c
                for _, _, c in found[1:]
                if geodata.haversine_m(first.lat, first.lon, c.lat, c.lon) <= NEIGHBOUR_KM * 1000
            ]
            return (near[-1], "nom exact (commune voisine)") if near else (first, "nom exact")
        for i, j in spans:
            key = " ".join(tokens[i:j])
            code = next(
                (QUARTERS[(d, key)] for d in self.depts(dept) if (d, key) in QUARTERS), None
            )
            if code:
                return geodata.get_commune(code), "quartier"
        for j in range(len(tokens), 0, -1):  # the first words: "CLERMONT" -> Clermont-Ferrand
            key = " ".join(tokens[:j])
            if key in _NOT_PLACES or len(key) < 3:
                continue
            starting = [
                c
                for d in self.depts(dept)
                for name, c in self.by_dept[d].items()
                if name.startswith(key + " ")
            ]
            if starting:
                return max(starting, key=lambda c: c.population), "début du nom"
            c = self.looked_up(dept, key)
            if c is not None:
                return c, "ancienne commune"
        return None, ""


def at_commune(c: geodata.Commune, postcode: str | None = None) -> dict[str, object]:
    """The location fields of a row placed at the centre of commune ``c``."""
    if postcode is None:
        postcode = c.postcodes[0] if len(c.postcodes) == 1 else ""
    return {
        "postcode": postcode,
        "commune": c.nom,
        "code_insee": c.code_insee,
        "departement": c.departement,
        "lat": round(c.lat, 5),
        "lon": round(c.lon, 5),
        "coord_precision": "commune",
    }


def title_words(
    text: str, places: Places | None = None, dept: str = "", *, inside: bool = False
) -> str:
    """ "CLERMONT PRE LA REINE" -> "Clermont Pre la Reine"; words already in mixed case stay;
    with ``places``, a run of words that is a commune's name takes its written form
    ("EPINAY SUR SEINE" -> "Épinay-sur-Seine")."""
    words = text.split()
    out: list[str] = []
    i = 0
    while i < len(words):
        hit = None
        for j in range(len(words), i, -1) if places is not None else ():
            key = fold_place(" ".join(words[i:j]))
            c = None if key in _NOT_PLACES or len(key) < 3 else places.exact(dept, key)
            if c is not None and fold_place(c.nom) == key:
                hit = (c.nom, j)
                break
        if hit is not None:
            out.append(hit[0])
            i = hit[1]
            continue
        w = words[i]
        i += 1
        if w.isupper() and len(w) > 1:
            low = w.lower()
            if low in ("st", "saint"):
                w = "Saint"
            elif low in _SMALL and (out or inside):
                w = low
            elif re.fullmatch(r"[dl]'\w+", low):  # "L'OUEST" -> "l'Ouest"
                w = low[:2] + low[2:].capitalize()
            else:
                w = "-".join(p[:1].upper() + p[1:] for p in low.split("-"))
        out.append(w)
    return " ".join(out)


FT_NOTE = (
    "Liste des agences de décembre 2023 (nom seulement) : adresse et horaires à vérifier "
    "au 39 49 ou sur francetravail.fr"
)
_FT_PREFIX = re.compile(r"^(Agence spécialisée|Agence|Relai|Relais)\s+Pôle emploi\s+", re.I)


def build_france_travail(
    raw: Path, places: Places, report: Counter[str], unmatched: list[str]
) -> list[dict[str, object]]:
    """One row an agency of ``structures/france_travail_agences_pass_emploi_2023.json``, placed
    at the commune its name holds, within its département (``Places.locate``)."""
    path = raw / "structures/france_travail_agences_pass_emploi_2023.json"
    rows = []
    for a in sorted(json.loads(path.read_text(encoding="utf-8")), key=lambda a: a["id"]):
        dept = str(a["code_departement"]).zfill(2)
        raw_name = " ".join(str(a["nom_agence"]).split())
        m = _FT_PREFIX.match(raw_name)
        rest = raw_name[m.end() :] if m else raw_name
        rest = re.sub(r"^(RPE|POINT RELAIS)\s+", "", rest, flags=re.I)
        c, rule = places.locate(dept, rest)
        if c is None:
            report["france_travail: agence non placée (commune introuvable dans le nom)"] += 1
            unmatched.append(f"{raw_name} ({dept})")
            continue
        report[f"france_travail: placée par {rule}"] += 1
        prefix = (m.group(1) if m else "Agence").capitalize()
        prefix = "Relais" if prefix.startswith("Relai") else prefix
        rows.append(
            {
                "external_id": f"france_travail:{a['id']}",
                "kind": "france_travail",
                "name": f"{prefix} France Travail {title_words(rest, places, dept)}",
                "address": "",
                **at_commune(c),
                "phone": "",
                "email": "",
                "website": "",
                "verified": "0",
                "verification_note": FT_NOTE,
            }
        )
    return rows


MILO_SEAT_NOTE = (
    "Adresse à confirmer : le référentiel 2023 des Missions locales ne donne que la commune "
    "du siège (code MILO {code})"
)
MILO_CHIEF_NOTE = (
    "Adresse à confirmer : le code MILO {code} ne désigne aucune commune ; placée dans la "
    "commune la plus peuplée du département"
)


def milo_name(entry: dict[str, object], places: Places, dept: str) -> str:
    """The usual name when it says "Mission locale" ("MISSION LOCALE CHER SUD" -> "Mission
    locale Cher Sud"), else the official one ("13-ML MARSEILLE" -> "Mission locale Marseille");
    "siège" and the département prefix dropped."""
    usual = str(entry.get("nom_usuel") or "")
    name = usual if re.match(r"mission locale\b", usual, re.I) else str(entry["nom_officiel"])
    name = re.sub(r"^\d{2,3}[AB]?\s*-\s*", "", name).strip()
    name = re.sub(r"[\s(-]*\bsi[eè]ge\b\)?", "", name, flags=re.I).strip(" -")
    name = re.sub(r"^(mission locale|MLI|ML)\b\s*", "", name, flags=re.I).strip()
    return f"Mission locale {title_words(name, places, dept, inside=True)}".strip()


def build_milo_seats(
    raw: Path, only_2023: list[str], places: Places, report: Counter[str], unmatched: list[str]
) -> list[dict[str, object]]:
    """The 2023 Missions locales no 2019 row stands for, placed at their seat commune (the first
    five characters of the MILO code, when that commune is in the entry's département); an
    entry of a département with one code that names no commune (Mayotte's 97600) goes to the
    département's most populous commune. Temporary codes (99994S00) and entries without a
    département are left out."""
    path = raw / "structures/missions_locales_referentiel_structures_milo_2023.json"
    entries = {e["id"]: e for e in json.loads(path.read_text(encoding="utf-8"))}
    rows = []
    for code in sorted(only_2023):
        e = entries[code]
        dept = str(e.get("code_departement") or "")
        seat = geodata.get_commune(code[:5])
        note = MILO_SEAT_NOTE
        if not dept or code.startswith("9999"):
            report["missions_locales_2023: code temporaire ou sans département"] += 1
            unmatched.append(f"{code} {e['nom_officiel']}")
            continue
        if seat is None:  # a code that names no commune (Mayotte: 97600)
            inside = [
                c
                for c in geodata.communes()
                if c.departement == dept and c.kind == "commune" and c.has_coords
            ]
            seat = max(inside, key=lambda c: c.population) if inside else None
            note = MILO_CHIEF_NOTE
        if seat is None or seat.departement != dept or not seat.has_coords:
            report["missions_locales_2023: siège sans point sur la carte"] += 1
            unmatched.append(f"{code} {e['nom_officiel']}")
            continue
        report["missions_locales_2023: placée au siège"] += 1
        rows.append(
            {
                "external_id": f"milo2023:{code}",
                "kind": "mission_locale",
                "name": milo_name(e, places, dept),
                "address": "",
                **at_commune(seat),
                "phone": "",
                "email": "",
                "website": "",
                "verified": "0",
                "verification_note": note.format(code=code),
            }
        )
    return rows
