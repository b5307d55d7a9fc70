"""Deterministic sample internship offers (no open dataset of real offers exists).

``generate(careers, seed, n)`` draws communes weighted by population from the geodata gazetteer
and real ROME codes; every offer is an example (``is_example=True``), the employer names are
invented and generic ("Entreprise exemple ..."), and no personal data is produced.
Used by ``scripts/build_backend_data.py``, which commits the result in ``backend/data/``.
"""

from __future__ import annotations

import random
import re
from collections.abc import Sequence
from dataclasses import dataclass
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


@dataclass(frozen=True, slots=True)
class Workplace:
    """Where a trade's internship takes place: the employer's kind of place, and which communes
    have one (no airline in a village of 300, no harbour far from the sea)."""

    words: tuple[str, ...]
    min_population: int = 0
    coast_only: bool = False


#: Départements with a sea coast (mainland, Corsica and overseas).
COASTAL_DEPARTEMENTS = frozenset(
    [
        "06",
        "11",
        "13",
        "14",
        "17",
        "22",
        "29",
        "2A",
        "2B",
        "30",
        "33",
        "34",
        "35",
        "40",
        "44",
        "50",
        "56",
        "59",
        "62",
        "64",
        "66",
        "76",
        "80",
        "83",
        "85",
        "971",
        "972",
        "973",
        "974",
        "976",
    ]
)
TOWN = 5_000
CITY = 20_000
#: One workplace per ROME professional domain (the code's first three characters).
WORKPLACES: dict[str, Workplace] = {
    "A11": Workplace(("Exploitation agricole", "Entreprise de travaux agricoles")),
    "A12": Workplace(("Entreprise de paysage", "Pépinière", "Entreprise forestière")),
    "A13": Workplace(("Coopérative agricole", "Bureau d'études agricoles")),
    "A14": Workplace(("Exploitation agricole", "Ferme")),
    "A15": Workplace(("Clinique vétérinaire", "Élevage", "Pension pour animaux"), TOWN),
    **{f"B1{i}": Workplace(("Atelier d'art", "Atelier artisanal")) for i in range(1, 9)},
    "C11": Workplace(("Agence d'assurance",), TOWN),
    "C12": Workplace(("Agence bancaire",), TOWN),
    "C13": Workplace(("Société de gestion financière",), CITY),
    "C14": Workplace(("Banque", "Compagnie d'assurance"), CITY),
    "C15": Workplace(("Agence immobilière",), TOWN),
    "D11": Workplace(("Commerce alimentaire", "Épicerie", "Commerce de bouche")),
    "D12": Workplace(("Magasin", "Boutique")),
    "D13": Workplace(("Magasin", "Boutique"), TOWN),
    "D14": Workplace(("Entreprise commerciale", "Agence commerciale"), TOWN),
    "D15": Workplace(("Supermarché", "Hypermarché"), TOWN),
    "E11": Workplace(("Agence de communication", "Maison d'édition"), CITY),
    "E12": Workplace(("Studio audiovisuel", "Société de production"), CITY),
    "E13": Workplace(("Imprimerie",), TOWN),
    "E14": Workplace(("Agence de publicité",), CITY),
    "F11": Workplace(("Bureau d'études du bâtiment", "Cabinet d'architecture"), TOWN),
    "F12": Workplace(("Entreprise de travaux publics", "Entreprise de bâtiment")),
    "F13": Workplace(("Entreprise de travaux publics",)),
    "F14": Workplace(("Carrière",)),
    "F15": Workplace(("Entreprise de charpente", "Entreprise de construction métallique")),
    "F16": Workplace(("Entreprise de bâtiment", "Menuiserie", "Entreprise de peinture")),
    "F17": Workplace(("Entreprise de maçonnerie", "Entreprise de bâtiment")),
    "G11": Workplace(("Office de tourisme",)),
    "G12": Workplace(("Centre de loisirs", "Base de loisirs", "Complexe sportif")),
    "G13": Workplace(("Agence de voyages",), TOWN),
    "G14": Workplace(("Hôtel", "Restaurant")),
    "G15": Workplace(("Hôtel",)),
    "G16": Workplace(("Restaurant", "Brasserie", "Cuisine centrale")),
    "G17": Workplace(("Hôtel",)),
    "G18": Workplace(("Restaurant", "Brasserie", "Café")),
    "H11": Workplace(("Entreprise industrielle",), TOWN),
    "H12": Workplace(("Bureau d'études industriel",), CITY),
    "H13": Workplace(("Entreprise industrielle", "Usine")),
    "H14": Workplace(("Entreprise industrielle", "Usine")),
    "H15": Workplace(("Laboratoire de contrôle", "Usine")),
    "H21": Workplace(("Usine agroalimentaire", "Conserverie", "Fromagerie")),
    "H22": Workplace(("Atelier du bois", "Menuiserie industrielle")),
    "H23": Workplace(("Laboratoire pharmaceutique", "Usine de chimie")),
    "H24": Workplace(("Atelier textile", "Atelier de confection")),
    "H25": Workplace(("Usine", "Entreprise industrielle")),
    "H26": Workplace(("Usine d'électronique", "Atelier de câblage")),
    "H27": Workplace(("Entreprise d'énergie", "Centrale de production d'énergie")),
    "H28": Workplace(("Verrerie", "Usine de matériaux")),
    "H29": Workplace(("Atelier de mécanique", "Usine", "Fonderie")),
    "H31": Workplace(("Papeterie", "Cartonnerie")),
    "H32": Workplace(("Usine de plasturgie",)),
    "H33": Workplace(("Atelier de conditionnement", "Usine")),
    "H34": Workplace(("Atelier de traitement de surface",)),
    "I11": Workplace(("Service de maintenance",), TOWN),
    "I12": Workplace(("Service technique", "Entreprise de maintenance")),
    "I13": Workplace(("Entreprise de maintenance industrielle", "Service de maintenance")),
    "I14": Workplace(("Atelier de réparation", "Service après-vente")),
    "I15": Workplace(("Entreprise de travaux d'accès difficile",), TOWN),
    "I16": Workplace(("Garage", "Atelier de réparation de véhicules")),
    "J11": Workplace(("Cabinet médical", "Centre de santé", "Hôpital"), TOWN),
    "J12": Workplace(("Laboratoire d'analyses", "Pharmacie"), TOWN),
    "J13": Workplace(("Hôpital", "Centre d'imagerie médicale"), CITY),
    "J14": Workplace(("Cabinet de kinésithérapie", "Centre de rééducation"), TOWN),
    "J15": Workplace(("Hôpital", "Clinique", "Maison de retraite"), TOWN),
    "K11": Workplace(("Association d'aide aux personnes", "Service d'aide à domicile")),
    "K12": Workplace(("Centre social", "Association"), TOWN),
    "K13": Workplace(("Service d'aide à domicile", "Maison de retraite")),
    "K14": Workplace(("Collectivité", "Service public"), TOWN),
    "K15": Workplace(("Service public de contrôle",), CITY),
    "K16": Workplace(("Médiathèque", "Musée"), TOWN),
    "K17": Workplace(("Centre de secours", "Service de sécurité publique"), TOWN),
    "K18": Workplace(("Agence de développement local", "Collectivité"), TOWN),
    "K19": Workplace(("Cabinet d'avocats", "Office notarial"), TOWN),
    "K21": Workplace(("Collège", "Lycée", "Centre de formation"), TOWN),
    "K22": Workplace(("Entreprise de nettoyage",)),
    "K23": Workplace(("Service de propreté", "Entreprise de collecte des déchets")),
    "K24": Workplace(("Laboratoire de recherche",), CITY),
    "K25": Workplace(("Entreprise de sécurité",), TOWN),
    "K26": Workplace(("Pompes funèbres",)),
    "L11": Workplace(("Salle de spectacle",), CITY),
    "L12": Workplace(("Compagnie de spectacle",), CITY),
    "L13": Workplace(("Salle de spectacle", "Société de production"), CITY),
    "L14": Workplace(("Club sportif",), CITY),
    "L15": Workplace(("Théâtre", "Salle de spectacle"), CITY),
    "M11": Workplace(("Service des achats",), CITY),
    "M12": Workplace(("Cabinet comptable", "Service comptable"), TOWN),
    "M13": Workplace(("Siège d'entreprise",), CITY),
    "M14": Workplace(("Cabinet de conseil", "Bureau d'études"), CITY),
    "M15": Workplace(("Service des ressources humaines",), CITY),
    "M16": Workplace(("Entreprise", "Cabinet"), TOWN),
    "M17": Workplace(("Service marketing", "Agence commerciale"), CITY),
    "M18": Workplace(("Entreprise du numérique", "Service informatique"), CITY),
    "N11": Workplace(("Entrepôt", "Entreprise de déménagement")),
    "N12": Workplace(("Plateforme logistique", "Entreprise de transport"), TOWN),
    "N13": Workplace(("Plateforme logistique",), TOWN),
    "N21": Workplace(("Compagnie aérienne",), 100_000),
    "N22": Workplace(("Aéroport",), 100_000),
    "N31": Workplace(("Compagnie maritime", "Port de commerce"), TOWN, coast_only=True),
    "N32": Workplace(("Port de commerce",), TOWN, coast_only=True),
    "N41": Workplace(("Entreprise de transport routier", "Transports")),
    "N42": Workplace(("Entreprise de transport routier",), TOWN),
    "N43": Workplace(("Réseau de bus", "Entreprise de transport de voyageurs"), TOWN),
    "N44": Workplace(("Gare", "Entreprise ferroviaire"), TOWN),
}
DEFAULT_WORKPLACE = Workplace(("Entreprise", "Structure"))
#: A trainee does not work as an engineer, a doctor or a manager: these jobs are offered only
#: for the observation internships (troisième, seconde), where a pupil watches a job.
OBSERVATION_ONLY = re.compile(
    r"^(?:Ingénieur|Directeur|Médecin|Chirurgien|Pharmacien|Vétérinaire|Avocat|Magistrat|"
    r"Notaire|Architecte|Chercheur|Enseignant|Professeur|Psychologue|Dentiste|Chirurgien-dentiste|"
    r"Sage-femme|Cadre|Chef|Juge|Commissaire|Officier|Pilote|Responsable|"
    r"Manager|Expert|Consultant|Contrôleur de gestion|Géomètre)\b"
)
OBSERVATION_LEVELS = ("3e", "2nde")


def workplace(code: str) -> Workplace:
    return WORKPLACES.get(code[:3], DEFAULT_WORKPLACE)


def fits(place: Workplace, population: int, departement: str) -> bool:
    """Whether a commune of that size and département has that kind of workplace."""
    if population < place.min_population:
        return False
    return not place.coast_only or departement in COASTAL_DEPARTEMENTS


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
    d'engins agricoles" -> "Conducteur d'engins agricoles" (not "Conducteur"), "Ouvrier forestier
    / Ouvrière forestière" -> "Ouvrier forestier" (not "Ouvrier forestier forestière")."""
    if " / " not in label:
        return label
    left, right = label.split(" / ", 1)
    right = right.split(" / ", 1)[0]  # a third form: keep the first one only
    # The feminine form repeats the masculine one word for word; what follows is shared.
    tail = " ".join(right.split()[len(left.split()) :])
    return f"{left} {tail}".strip()


def _employer(rng: random.Random, code: str, commune: str) -> str:
    return f"{rng.choice(workplace(code).words)} exemple {de(commune)}"


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
    eligible: dict[tuple[int, bool, bool], tuple[list, list[int]]] = {}

    def draw(place: Workplace, rural: bool) -> tuple[str, str, str, int, float, float]:
        """A commune, weighted by population, where that workplace can be."""
        key = (place.min_population, place.coast_only, rural)
        if key not in eligible:
            chosen = [
                c
                for c in communes
                if fits(place, c[3], c[2]) and (not rural or c[3] < RURAL_MAX_POPULATION)
            ]
            eligible[key] = (chosen, [max(c[3], 1) for c in chosen])
        chosen, chosen_weights = eligible[key]
        return rng.choices(chosen, weights=chosen_weights)[0]

    offers: list[dict[str, object]] = []
    for i in range(n):
        insee, nom, dept, pop, lat, lon = picked_communes[i]
        code, label = picked_careers[i]
        place = workplace(code)
        rural = code.startswith(RURAL_TRADES)
        if not fits(place, pop, dept) or (rural and pop >= RURAL_MAX_POPULATION):
            insee, nom, dept, pop, lat, lon = draw(place, rural)
        short = job_name(label)
        level = rng.choice(OBSERVATION_LEVELS if OBSERVATION_ONLY.match(short) else LEVELS)
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
        offers.append(
            {
                "external_id": f"example-{seed}-{i + 1:05d}",
                "title": f"{_title_words(level)} : {short}",
                "description": (
                    f"Exemple d'offre. Découvrir le métier {de(short[:1].lower() + short[1:])} pendant "
                    f"{weeks} semaine{'s' if weeks > 1 else ''}, aux côtés d'un tuteur. "
                    "Tenue fournie, horaires de journée."
                ),
                "employer": _employer(rng, code, nom),
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
