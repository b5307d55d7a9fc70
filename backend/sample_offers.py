"""Deterministic sample internship offers (no open dataset of real offers exists).

``generate(careers, seed, n)`` draws communes weighted by population from the geodata gazetteer
and real ROME codes; every offer is an example (``is_example=True``), the employer names are
invented and generic ("Entreprise exemple ..."), and no personal data is produced.
Used by ``scripts/build_backend_data.py``, which commits the result in ``backend/data/``.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import date, timedelta

from totalacces import vocabulary
from totalacces.vocabulary import de

LEVELS = tuple(vocabulary.LEVELS)
CONTACT_MODES = tuple(vocabulary.CONTACT_MODE_LABELS)
# Grand domains more common for young people's internships weigh more.
GRAND_DOMAIN_WEIGHTS = {
    "H": 5,
    "D": 4,
    "G": 4,
    "F": 4,
    "I": 3,
    "N": 3,
    "K": 2,
    "A": 2,
    "J": 1,
    "M": 1,
    "B": 1,
    "E": 1,
    "C": 1,
    "L": 1,
}
EMPLOYER_WORDS = {
    "H": ("Atelier", "Usine", "Fabrique"),
    "D": ("Magasin", "Boutique", "Commerce"),
    "G": ("Restaurant", "Hôtel", "Brasserie"),
    "F": ("Entreprise de bâtiment", "Chantier", "Menuiserie"),
    "I": ("Garage", "Atelier de maintenance", "Service technique"),
    "N": ("Entrepôt", "Plateforme logistique", "Transports"),
}
ACCESSIBILITY_TEXTS = (
    "Locaux de plain-pied, toilettes adaptées, place de parking réservée.",
    "Ascenseur jusqu'à l'atelier, poste de travail réglable en hauteur.",
    "Tuteur formé à l'accueil des personnes handicapées ; consignes écrites en gros caractères.",
    "Arrêt de bus accessible à 100 mètres ; accueil possible d'un chien guide.",
)
SCHOOL_YEAR_START = date(2027, 1, 4)  # first Monday of the sample calendar
SAMPLE_YEAR = timedelta(weeks=52)  # the calendar moves by whole 52-week years: weekdays stay


def _title_words(level: str) -> str:
    """ "Stage de troisième", "Stage CAP": the level as the vocabulary says it."""
    spoken = vocabulary.LEVELS[level].spoken
    return f"Stage de {spoken}" if spoken.islower() and " " not in spoken else f"Stage {spoken}"


def calendar_shift(today: date) -> timedelta:
    """How far the committed sample calendar is moved when it is imported on ``today``.

    The sample offers are dated from ``SCHOOL_YEAR_START`` on. Once that day has passed, an
    import moves every date forward by whole 52-week years, so that a fresh import always has
    open example offers (instead of all of them expiring one day) and stays the same for a year.
    """
    shift = timedelta(0)
    while SCHOOL_YEAR_START + shift < today:
        shift += SAMPLE_YEAR
    return shift


#: Trades of fields, forests, farms and the sea: their example offers are in communes under
#: RURAL_MAX_POPULATION inhabitants (no "Bûcheron" in Paris). Gardeners, landscapers and the
#: agricultural technicians and engineers (A13) work in towns too.
RURAL_TRADES = ("A11", "A1201", "A1202", "A1204", "A1205", "A1207", "A1209", "A1210", "A1212",
                "A1213", "A1214", "A14")  # fmt: skip
RURAL_MAX_POPULATION = 30_000
#: Seconde internships are two weeks at the end of June (the "stage de seconde").
SECONDE_START = date(2027, 6, 14)


def job_name(label: str) -> str:
    """The masculine form of a ROME label with its whole name: "Conducteur / Conductrice
    d'engins agricoles" -> "Conducteur d'engins agricoles" (not "Conducteur")."""
    if " / " not in label:
        return label
    left, right = label.split(" / ", 1)
    tail = right.split(" ", 1)[1] if " " in right else ""
    if tail.startswith("/ "):  # a third form: keep the first one only
        tail = ""
    return f"{left} {tail}".strip()


def _employer(rng: random.Random, grand_domain: str, commune: str) -> str:
    words = EMPLOYER_WORDS.get(grand_domain, ("Entreprise", "Structure", "Association"))
    return f"{rng.choice(words)} exemple {de(commune)}"


def generate(
    careers: Sequence[tuple[str, str]],
    communes: Sequence[tuple[str, str, str, int, float, float]],
    seed: int = 2027,
    n: int = 5000,
) -> list[dict[str, object]]:
    """``careers``: (code, label); ``communes``: (code_insee, nom, departement, population, lat,
    lon). Returns ``n`` offers as plain dicts (same input, same seed -> same offers)."""
    rng = random.Random(seed)
    careers = sorted(careers)
    communes = sorted(communes)
    weights = [max(pop, 1) for *_, pop, _lat, _lon in communes]
    career_weights = [GRAND_DOMAIN_WEIGHTS.get(code[0], 1) for code, _ in careers]
    picked_communes = rng.choices(communes, weights=weights, k=n)
    picked_careers = rng.choices(careers, weights=career_weights, k=n)
    small = [c for c in communes if c[3] < RURAL_MAX_POPULATION]
    small_weights = [max(c[3], 1) for c in small]
    offers: list[dict[str, object]] = []
    for i in range(n):
        insee, nom, dept, pop, lat, lon = picked_communes[i]
        code, label = picked_careers[i]
        if code.startswith(RURAL_TRADES) and pop >= RURAL_MAX_POPULATION:
            insee, nom, dept, pop, lat, lon = rng.choices(small, weights=small_weights)[0]
        level = rng.choice(LEVELS)
        levels = [level]
        if level in ("cap", "bac_pro") and rng.random() < 0.4:
            levels = ["cap", "bac_pro"]
        week_offset = rng.randrange(0, 24)
        start = SCHOOL_YEAR_START + timedelta(weeks=week_offset)
        weeks = 1 if level == "3e" else rng.choice((2, 3, 4, 6))
        if level == "2nde":
            start, weeks = SECONDE_START, 2
        dated = rng.random() < 0.8
        accessible = rng.random() < 0.3
        modes = sorted(rng.sample(CONTACT_MODES, k=rng.randint(1, 3)))
        short = job_name(label)
        offers.append(
            {
                "external_id": f"example-{seed}-{i + 1:05d}",
                "title": f"{_title_words(level)} : {short}",
                "description": (
                    f"Exemple d'offre. Découvrir le métier {de(short[:1].lower() + short[1:])} pendant "
                    f"{weeks} semaine{'s' if weeks > 1 else ''}, aux côtés d'un tuteur. "
                    "Tenue fournie, horaires de journée."
                ),
                "employer": _employer(rng, code[0], nom),
                "commune": nom,
                "code_insee": insee,
                "departement": dept,
                "lat": round(lat, 5),
                "lon": round(lon, 5),
                "rome_codes": code,
                "levels": " ".join(levels),
                "start_date": start.isoformat() if dated else "",
                "end_date": (start + timedelta(days=7 * weeks - 3)).isoformat() if dated else "",
                "weeks": weeks,
                "places_left": rng.randint(1, 4),  # a published offer has a place left
                "contact_modes": " ".join(modes),
                "accessible": "1" if accessible else "0",
                "workplace_accessibility": rng.choice(ACCESSIBILITY_TEXTS) if accessible else "",
            }
        )
    return offers
