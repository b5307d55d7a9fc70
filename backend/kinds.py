"""Structure kinds: the same words in the API, the voice and the app (docs/ARCHITECTURE.md)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Kind:
    kind: str
    label: str
    label_plural: str
    spoken: str  # singular, abbreviations spelled out
    spoken_plural: str
    synonyms: tuple[str, ...] = ()
    feminine: bool = True  # "aucune mission locale" / "aucun CIO"
    age_min: int | None = None
    age_max: int | None = None
    description: str = ""
    #: Why the kind has no data, when no open list exists (shown by /api/v1/kinds).
    unavailable_reason: str | None = None
    related: tuple[str, ...] = field(default=())


KINDS: dict[str, Kind] = {
    k.kind: k
    for k in (
        Kind(
            "mission_locale",
            "Mission locale",
            "Missions locales",
            "mission locale",
            "missions locales",
            ("mission locale", "missions locales", "milo", "ml"),
            age_min=16,
            age_max=25,
            description="Aide les jeunes de 16 à 25 ans sortis de l'école : emploi, formation, "
            "logement, santé. Un conseiller vous suit.",
        ),
        Kind(
            "cio",
            "CIO",
            "CIO",
            "centre d'information et d'orientation",
            "centres d'information et d'orientation",
            (
                "cio",
                "centre d'information et d'orientation",
                "centre d'orientation",
                "conseiller d'orientation",
                "psy en",
            ),
            feminine=False,
            description="Des psychologues de l'Éducation nationale vous aident à choisir une "
            "formation ou à reprendre des études. C'est gratuit.",
        ),
        Kind(
            "e2c",
            "École de la 2e chance",
            "Écoles de la 2e chance",
            "école de la deuxième chance",
            "écoles de la deuxième chance",
            ("e2c", "école de la deuxième chance", "école de la 2e chance", "deuxième chance"),
            age_min=16,
            age_max=25,
            description="Une formation pour les jeunes sans diplôme ni qualification, avec des "
            "stages en entreprise.",
        ),
        Kind(
            "epide",
            "EPIDE",
            "EPIDE",
            "établissement pour l'insertion dans l'emploi",
            "établissements pour l'insertion dans l'emploi",
            ("epide", "établissement pour l'insertion dans l'emploi", "internat"),
            feminine=False,
            age_min=17,
            age_max=25,
            description="Un centre avec internat pour les jeunes de 17 à 25 ans sans diplôme, "
            "pour reprendre un rythme et trouver un métier.",
        ),
        Kind(
            "microlycee",
            "Micro-lycée",
            "Micro-lycées",
            "micro-lycée",
            "micro-lycées ou structures de retour à l'école",
            (
                "micro-lycée",
                "microlycée",
                "micro lycée",
                "lycée de la nouvelle chance",
                "retour à l'école",
                "structure de retour à l'école",
                "lycée expérimental",
            ),
            feminine=False,
            age_min=16,
            age_max=25,
            description="Une petite école pour reprendre ses études et passer le bac après un "
            "décrochage.",
        ),
        Kind(
            "cij",
            "Information jeunesse",
            "Lieux information jeunesse",
            "centre d'information jeunesse",
            "lieux information jeunesse",
            (
                "cij",
                "bij",
                "pij",
                "information jeunesse",
                "point information jeunesse",
                "bureau information jeunesse",
            ),
            feminine=False,
            description="Un lieu ouvert aux jeunes : informations sur les études, les métiers, "
            "le logement, les loisirs.",
        ),
        Kind(
            "mdph",
            "MDPH",
            "MDPH",
            "maison départementale des personnes handicapées",
            "maisons départementales des personnes handicapées",
            ("mdph", "maison du handicap", "maison départementale des personnes handicapées"),
            description="Reconnaît le handicap et ouvre les droits : RQTH, aides, orientation.",
        ),
        Kind(
            "cap_emploi",
            "Cap emploi",
            "Cap emploi",
            "Cap emploi",
            "Cap emploi",
            ("cap emploi",),
            feminine=False,
            description="Aide les personnes handicapées à trouver ou garder un emploi.",
            unavailable_reason="Aucune liste ouverte des Cap emploi n'est disponible dans nos "
            "données : demandez l'adresse à votre Mission locale ou à la MDPH.",
        ),
        Kind(
            "agefiph",
            "Agefiph",
            "Agefiph",
            "Agéfiph",
            "délégations de l'Agéfiph",
            ("agefiph",),
            description="Finance des aides pour l'emploi des personnes handicapées.",
        ),
        Kind(
            "greta",
            "GRETA",
            "GRETA",
            "Greta",
            "Greta",
            ("greta", "formation continue", "formation pour adultes"),
            feminine=False,
            description="Des formations pour adultes de l'Éducation nationale, souvent vers un "
            "diplôme.",
        ),
        Kind(
            "cfa",
            "CFA",
            "CFA",
            "centre de formation d'apprentis",
            "centres de formation d'apprentis",
            ("cfa", "centre de formation d'apprentis", "apprentissage", "alternance"),
            feminine=False,
            description="Forme les apprentis : cours au centre et travail en entreprise, avec "
            "un salaire.",
        ),
        Kind(
            "esat",
            "ESAT",
            "ESAT",
            "établissement et service d'accompagnement par le travail",
            "établissements et services d'accompagnement par le travail",
            ("esat", "établissement d'accompagnement par le travail", "travail protégé"),
            feminine=False,
            description="Un lieu de travail adapté pour les personnes handicapées orientées par "
            "la MDPH.",
        ),
        Kind(
            "suio",
            "SUIO",
            "SUIO",
            "service universitaire d'information et d'orientation",
            "services universitaires d'information et d'orientation",
            ("suio", "scuio", "orientation à l'université"),
            feminine=False,
            description="Le service d'orientation d'une université.",
        ),
        Kind(
            "crous",
            "CROUS",
            "CROUS",
            "Crous",
            "Crous",
            ("crous", "bourse", "logement étudiant"),
            feminine=False,
            description="Bourses, logement et repas pour les étudiants.",
        ),
        Kind(
            "france_services",
            "France services",
            "France services",
            "France services",
            "espaces France services",
            ("france services", "msap", "maison de services au public"),
            feminine=False,
            description="Un guichet près de chez vous pour les démarches administratives "
            "(ancienne maison de services au public).",
        ),
        Kind(
            "pif",
            "Point info famille",
            "Points info famille",
            "point info famille",
            "points info famille",
            ("pif", "point info famille"),
            feminine=False,
            description="Informe les familles sur leurs droits et les services près de chez elles.",
        ),
        Kind(
            "crib",
            "CRIB",
            "CRIB",
            "centre de ressources et d'information des bénévoles",
            "centres de ressources et d'information des bénévoles",
            ("crib", "bénévolat", "associations"),
            feminine=False,
            description="Aide les bénévoles et les associations.",
        ),
        Kind(
            "apec",
            "Apec",
            "Apec",
            "Apec, association pour l'emploi des cadres",
            "centres de l'Apec",
            ("apec",),
            description="Conseils emploi pour les cadres et les jeunes diplômés.",
        ),
        Kind(
            "afpa",
            "Afpa",
            "Afpa",
            "Afpa, agence nationale pour la formation professionnelle des adultes",
            "centres de l'Afpa",
            ("afpa", "formation professionnelle"),
            description="Des formations qualifiantes pour adultes.",
        ),
    )
}


def get_kind(kind: str) -> Kind | None:
    return KINDS.get(kind)


def resolve_kind(word: str) -> str | None:
    """The kind of a word or synonym ("milo" -> "mission_locale"), or None."""
    w = word.strip().lower().replace("_", " ")
    for k in KINDS.values():
        if w == k.kind.replace("_", " ") or w in k.synonyms:
            return k.kind
    return None
