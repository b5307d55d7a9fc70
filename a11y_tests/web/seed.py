"""A small, fixed data set for the web tests (structures around Lyon, offers, careers).

Used when the core importer and its bundled data are not there; the pages only need a few rows of
each kind to show every state (results, "Voir plus", example offers, closed offers, industry).
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from backend.models import Base, Career, JobTitle, Offer, Sector, Structure

SOURCE = "Jeu de données de test Total Accès"
LICENCE = "Licence Ouverte 2.0"

# Seeded offers start six weeks from today: they stay open whenever the suite runs.
SEED_START = date.today() + timedelta(weeks=6)


def _prov(key: str) -> dict[str, object]:
    return {
        "dataset": "web-tests",
        "external_id": f"web-tests:{key}",
        "source": SOURCE,
        "licence": LICENCE,
        "source_date": "2026-11-01",
        "verified": True,
    }


STRUCTURES = [
    # kind, name, address, postcode, commune, lat, lon
    (
        "mission_locale",
        "Mission locale de Lyon",
        "3 rue de l'Arbre Sec",
        "69001",
        "Lyon",
        45.7666,
        4.8360,
    ),
    ("cio", "CIO de Lyon Centre", "12 rue Pierre Corneille", "69006", "Lyon", 45.7650, 4.8450),
    ("e2c", "École de la 2e chance de Lyon", "10 rue de Gerland", "69007", "Lyon", 45.7300, 4.8320),
    (
        "epide",
        "Centre EPIDE de Meyzieu",
        "Chemin du Mathiolan",
        "69330",
        "Meyzieu",
        45.7780,
        5.0030,
    ),
    (
        "microlycee",
        "Micro-lycée de Vénissieux",
        "Avenue de la République",
        "69200",
        "Vénissieux",
        45.6970,
        4.8860,
    ),
    (
        "mission_locale",
        "Mission locale de Villeurbanne",
        "22 rue Francis de Pressensé",
        "69100",
        "Villeurbanne",
        45.7680,
        4.8800,
    ),
    ("cio", "CIO de Villeurbanne", "49 rue Racine", "69100", "Villeurbanne", 45.7700, 4.8850),
    (
        "mdph",
        "Maison départementale des personnes handicapées du Rhône",
        "146 rue Pierre Corneille",
        "69003",
        "Lyon",
        45.7580,
        4.8470,
    ),
    ("cap_emploi", "Cap emploi Rhône", "5 rue Garibaldi", "69006", "Lyon", 45.7700, 4.8520),
    (
        "cfa",
        "CFA des métiers de l'industrie",
        "Rue de l'Industrie",
        "69200",
        "Vénissieux",
        45.7050,
        4.8800,
    ),
    (
        "cij",
        "Centre information jeunesse de Lyon",
        "66 cours Charlemagne",
        "69002",
        "Lyon",
        45.7450,
        4.8250,
    ),
    ("greta", "GRETA Lyon Métropole", "Rue Louis Bouquet", "69009", "Lyon", 45.7750, 4.8050),
    (
        "mission_locale",
        "Mission locale de Bron",
        "Place de la Liberté",
        "69500",
        "Bron",
        45.7380,
        4.9130,
    ),
    (
        "mission_locale",
        "Mission locale de Marseille",
        "Rue de la République",
        "13002",
        "Marseille",
        45.0,
        5.0,
    ),
]


def seed(engine: Engine) -> None:
    """Create missing tables and add the test rows (idempotent: skipped when they exist).

    The rows go on top of the bundled data when it was imported: every page then shows real
    content, and the tests still find rows with known properties (``web-tests:*`` ids).
    """
    Base.metadata.create_all(engine)
    with Session(engine) as session:
        if session.query(Structure).filter(Structure.dataset == "web-tests").count():
            return
        for i, (kind, name, address, postcode, commune, lat, lon) in enumerate(STRUCTURES):
            full = i == 0
            session.add(
                Structure(
                    kind=kind,
                    name=name,
                    address=address,
                    postcode=postcode,
                    commune=commune,
                    departement=postcode[:2],
                    lat=lat,
                    lon=lon,
                    coord_precision="address" if i % 3 else "commune",
                    phone=f"04 78 00 00 {i:02d}",
                    email="contact@mission-locale.example" if full else None,
                    website="https://www.example.org/" if full else None,
                    opening_hours="Du lundi au vendredi, de 9 h à 12 h 30 et de 13 h 30 à 17 h"
                    if full
                    else None,
                    age_min=16 if full else None,
                    age_max=25 if full else None,
                    description="Aide les jeunes de 16 à 25 ans : emploi, formation, logement, santé."
                    if full
                    else None,
                    building_accessibility="Entrée de plain-pied, ascenseur, boucle magnétique à l'accueil."
                    if full
                    else None,
                    status="active",
                    **{**_prov(f"structure-{i}"), "verified": i % 4 != 3},
                )
            )
        if session.get(Sector, "H") is None:  # no bundled careers: add a few
            session.add_all(
                [
                    Sector(
                        code="H",
                        label="Industrie",
                        kind="grand_domain",
                        parent_code=None,
                        source=SOURCE,
                        licence=LICENCE,
                        source_date="2026-11-01",
                    ),
                    Sector(
                        code="D",
                        label="Commerce, vente et grande distribution",
                        kind="grand_domain",
                        parent_code=None,
                        source=SOURCE,
                        licence=LICENCE,
                        source_date="2026-11-01",
                    ),
                ]
            )
            session.flush()
            session.add_all(
                [
                    Sector(
                        code="H29",
                        label="Mécanique, travail des métaux et outillage",
                        kind="domain",
                        parent_code="H",
                        source=SOURCE,
                        licence=LICENCE,
                        source_date="2026-11-01",
                    ),
                    Sector(
                        code="H22",
                        label="Bois",
                        kind="domain",
                        parent_code="H",
                        source=SOURCE,
                        licence=LICENCE,
                        source_date="2026-11-01",
                    ),
                    Sector(
                        code="D11",
                        label="Commerce alimentaire et métiers de bouche",
                        kind="domain",
                        parent_code="D",
                        source=SOURCE,
                        licence=LICENCE,
                        source_date="2026-11-01",
                    ),
                ]
            )
            session.flush()
            careers = [
                (
                    "H2913",
                    "Soudage manuel",
                    "H29",
                    "H",
                    "Assembler des pièces de métal en les chauffant, à la main.",
                ),
                ("H2909", "Montage-assemblage mécanique", "H29", "H", None),
                (
                    "H2206",
                    "Réalisation de menuiserie bois et tonnellerie",
                    "H22",
                    "H",
                    "Fabriquer des portes, des fenêtres et des meubles en bois.",
                ),
                (
                    "D1102",
                    "Boulangerie - viennoiserie",
                    "D11",
                    "D",
                    "Préparer et cuire le pain et les viennoiseries.",
                ),
            ]
            for code, label, domain, grand, summary in careers:
                career = Career(
                    code=code,
                    label=label,
                    domain_code=domain,
                    grand_domain_code=grand,
                    summary=summary,
                    onisep_url="https://www.onisep.fr/" if summary else None,
                    source=SOURCE,
                    licence=LICENCE,
                    source_date="2026-11-01",
                )
                career.job_titles = [
                    JobTitle(code_ogr=f"{code}-{n}", label=f"{label} — appellation {n}")
                    for n in (1, 2)
                ]
                session.add(career)
        offers = [
            (
                "Stage de 3e en boulangerie",
                "Boulangerie du Marché",
                "Lyon",
                "69123",
                45.7640,
                4.8357,
                "D1102",
                "3e",
                True,
            ),
            (
                "Stage en soudure",
                "Ateliers Métal Rhône",
                "Vénissieux",
                "69259",
                45.6970,
                4.8860,
                "H2913",
                "cap bac_pro",
                True,
            ),
            (
                "Stage en menuiserie",
                "Menuiserie des Pentes",
                "Lyon",
                "69123",
                45.7700,
                4.8300,
                "H2206",
                "3e 2nde",
                False,
            ),
            (
                "Stage en montage mécanique",
                "Mécanique de Bron",
                "Bron",
                "69029",
                45.7380,
                4.9130,
                "H2909",
                "bac_pro bts",
                True,
            ),
        ]
        for n in range(12):
            title, employer, commune, insee, lat, lon, rome, levels, example = offers[n % 4]
            session.add(
                Offer(
                    title=title if n < 4 else f"{title} ({n + 1})",
                    description="Découvrir le métier aux côtés d'une équipe, observer et aider aux tâches simples.",
                    employer=employer,
                    commune=commune,
                    code_insee=insee,
                    departement="69",
                    lat=lat + n * 0.001,
                    lon=lon,
                    rome_codes=rome,
                    levels=levels,
                    start_date=SEED_START + timedelta(days=n),
                    end_date=SEED_START + timedelta(days=n + 4),
                    weeks=1,
                    places_left=0 if n == 11 else 2,
                    contact_modes="telephone email formulaire",
                    accessible=n % 2 == 0,
                    workplace_accessibility="Atelier de plain-pied." if n % 2 == 0 else None,
                    is_example=example,
                    status="published",
                    **_prov(f"offer-{n}"),
                )
            )
        session.commit()
