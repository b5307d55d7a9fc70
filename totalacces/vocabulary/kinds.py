"""Structure kinds: the one list of names, spoken forms and synonyms of every surface.

``label`` is the short name a list shows ("CIO"); ``full_label`` the name with its abbreviation
explained, where a person chooses a kind (the web's and the app's choices, a guide's "Qui peut
m'aider ?"); ``spoken`` and ``spoken_plural`` are said (abbreviations in full); ``synonyms`` are
the names a person says or types for the kind itself, ``related`` the words that only suggest it
("apprentissage" for a CFA): the API lists both, the voice resolves kinds from the synonyms only
(:func:`find_kind`). ``explained`` is what the voice answers to "c'est quoi ..." (plain words, one
idea a sentence). The backend-only facts (ages, description, why no data) live here too: the
API's ``/kinds`` answers from them.

Names checked against the open data (``../shared/data/raw``): "PIF" is a *point info famille*
(every row of the 2019 directory says so); ESAT is an *établissement et service
d'accompagnement par le travail* since the law of 18 December 2023 (before: "d'aide par le
travail", which people still say, hence a synonym).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from geodata.text import fold


@dataclass(frozen=True, slots=True)
class Network:
    """The national way in to a network: what we give when a place has no contact of its own,
    or when we have no list of the network's places at all."""

    name: str  # "France Travail"
    how: str  # one plain sentence, said and shown: "Appelez le 39 49 ..."
    phone: str | None = None  # as written: "39 49"
    website: str | None = None
    #: ``how`` as said, where the written form does not read well aloud (a web address).
    spoken: str | None = None

    @property
    def said(self) -> str:
        return self.spoken or self.how


@dataclass(frozen=True, slots=True)
class Kind:
    kind: str
    label: str
    label_plural: str
    full_label: str
    spoken: str  # singular, abbreviations spelled out
    spoken_plural: str
    synonyms: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    feminine: bool = True  # "aucune mission locale" / "aucun CIO"
    age_min: int | None = None
    age_max: int | None = None
    description: str = ""
    explained: tuple[str, ...] = ()
    article: bool = True  # False for a name said alone: "Cap emploi", "France services"
    #: The network's national contact (``Network``), or None when it has none we can give.
    network: Network | None = None
    #: Competent in its own département only (an MDPH): never searched or routed to across a
    #: département border as if it were the person's.
    own_departement_only: bool = False

    @property
    def one(self) -> str:
        """'une mission locale', 'un centre de formation d'apprentis', 'Cap emploi'."""
        if not self.article:
            return self.spoken
        return f"{'une' if self.feminine else 'un'} {self.spoken}"


KINDS: dict[str, Kind] = {
    k.kind: k
    for k in (
        Kind(
            "mission_locale",
            "Mission locale",
            "Missions locales",
            "Mission locale",
            "mission locale",
            "missions locales",
            ("mission locale", "missions locales", "mission local", "la mission", "milo", "ml"),
            age_min=16,
            age_max=25,
            description="Aide les jeunes de 16 à 25 ans sortis de l'école : emploi, formation, "
            "logement, santé. Un conseiller vous suit.",
            explained=(
                "Une mission locale aide les jeunes de 16 à 25 ans.",
                "Elle aide à trouver une formation, un emploi, un logement.",
            ),
            network=Network(
                "Union nationale des Missions locales",
                "L'annuaire national des Missions locales donne l'adresse et le téléphone de "
                "chacune : unml.info.",
                website="https://www.unml.info",
            ),
        ),
        Kind(
            "france_travail",
            "France Travail",
            "agences France Travail",
            "France Travail (ex-Pôle emploi)",
            "agence France Travail",
            "agences France Travail",
            (
                "france travail",
                "agence france travail",
                "agences france travail",
                "pole emploi",
                "pôle emploi",
                "agence pôle emploi",
                "anpe",
                "agence pour l'emploi",
                "agence de l'emploi",
            ),
            related=("chômage", "inscription comme demandeur d'emploi"),
            feminine=True,
            description="L'agence publique de l'emploi (ex-Pôle emploi) : inscription, "
            "allocations, offres d'emploi et conseils, pour tous les âges.",
            explained=(
                "France Travail est l'ancien Pôle emploi.",
                "On s'y inscrit pour chercher un emploi et toucher ses allocations.",
            ),
            network=Network(
                "France Travail",
                "Appelez le 39 49, un service gratuit plus le prix d'un appel, ou allez sur "
                "francetravail.fr pour l'adresse et les horaires de votre agence.",
                phone="39 49",
                website="https://www.francetravail.fr",
            ),
        ),
        Kind(
            "cio",
            "CIO",
            "CIO",
            "Centre d'information et d'orientation (CIO)",
            "centre d'information et d'orientation",
            "centres d'information et d'orientation",
            (
                "cio",
                "c i o",
                "centre d'information et d'orientation",
                "centres d'information et d'orientation",
                "centre d'orientation",
                "centre d'information",
                "conseiller d'orientation",
                "conseillère d'orientation",
                "psy en",
                "psychologue de l'éducation",
            ),
            feminine=False,
            description="Des psychologues de l'Éducation nationale vous aident à choisir une "
            "formation ou à reprendre des études. C'est gratuit.",
            explained=(
                "Un centre d'information et d'orientation aide à choisir ses études.",
                "C'est gratuit, pour les jeunes et leurs parents.",
            ),
        ),
        Kind(
            "e2c",
            "École de la 2e chance",
            "Écoles de la 2e chance",
            "École de la 2e chance",
            "école de la deuxième chance",
            "écoles de la deuxième chance",
            (
                "e2c",
                "e 2 c",
                "école de la deuxième chance",
                "écoles de la deuxième chance",
                "école de la 2e chance",
                "école de la 2ème chance",
                "école de la seconde chance",
                "école deuxième chance",
                "deuxième chance",
                "seconde chance",
                "2e chance",
                "2ème chance",
            ),
            age_min=16,
            age_max=25,
            description="Une formation pour les jeunes sans diplôme ni qualification, avec des "
            "stages en entreprise.",
            explained=(
                "Une école de la deuxième chance accueille les jeunes sans diplôme.",
                "On y apprend un métier avec des stages en entreprise.",
            ),
            network=Network(
                "Réseau E2C France",
                "Le réseau des Écoles de la 2e chance donne la carte de toutes les écoles : "
                "reseau-e2c.fr. Une Mission locale peut aussi vous y inscrire.",
                website="https://reseau-e2c.fr",
                spoken="Le réseau des Écoles de la deuxième chance donne la carte de toutes les "
                "écoles sur son site : réseau, tiret, e, deux, c, point f r. Une Mission locale "
                "peut aussi vous y inscrire.",
            ),
        ),
        Kind(
            "epide",
            "EPIDE",
            "EPIDE",
            "Établissement pour l'insertion dans l'emploi (EPIDE)",
            "établissement pour l'insertion dans l'emploi",
            "établissements pour l'insertion dans l'emploi",
            (
                "epide",
                "epid",
                "e p i d e",
                "centre epide",
                "établissement pour l'insertion dans l'emploi",
            ),
            related=("internat",),
            feminine=False,
            age_min=17,
            age_max=25,
            description="Un centre avec internat pour les jeunes de 17 à 25 ans sans diplôme, "
            "pour reprendre un rythme et trouver un métier.",
            explained=(
                "L'Épide accueille les jeunes de 17 à 25 ans sans diplôme.",
                "On y vit en internat et on prépare un métier.",
            ),
        ),
        Kind(
            "microlycee",
            "Micro-lycée",
            "Micro-lycées",
            "Micro-lycée ou structure de retour à l'école",
            "micro-lycée",
            "micro-lycées ou structures de retour à l'école",
            (
                "micro-lycée",
                "micro-lycées",
                "microlycée",
                "micro lycée",
                "micro-collège",
                "lycée de la nouvelle chance",
                "lycée nouvelle chance",
                "lycée pour raccrocheurs",
                "structure de retour à l'école",
                "lycée expérimental",
            ),
            related=("retour à l'école",),
            feminine=False,
            age_min=16,
            age_max=25,
            description="Une petite école pour reprendre ses études et passer le bac après un "
            "décrochage.",
            explained=(
                "Un micro-lycée aide les jeunes qui ont quitté l'école.",
                "On y reprend les cours pour passer le bac.",
            ),
        ),
        Kind(
            "cij",
            "Information jeunesse",
            "Lieux information jeunesse",
            "Centre d'information jeunesse",
            "centre d'information jeunesse",
            "lieux information jeunesse",
            (
                "cij",
                "c i j",
                "bij",
                "pij",
                "centre d'information jeunesse",
                "information jeunesse",
                "point information jeunesse",
                "point info jeunesse",
                "bureau information jeunesse",
                "bureau info jeunesse",
                "crij",
                "centre régional d'information jeunesse",
            ),
            feminine=False,
            description="Un lieu ouvert aux jeunes : informations sur les études, les métiers, "
            "le logement, les loisirs.",
            explained=(
                "Un centre d'information jeunesse répond à toutes les questions des jeunes.",
                "Études, métiers, logement, santé, loisirs : c'est gratuit.",
            ),
        ),
        Kind(
            "mdph",
            "MDPH",
            "MDPH",
            "Maison départementale des personnes handicapées (MDPH)",
            "maison départementale des personnes handicapées",
            "maisons départementales des personnes handicapées",
            (
                "mdph",
                "m d p h",
                "maison départementale des personnes handicapées",
                "maison du handicap",
                "maison des personnes handicapées",
                "maison handicap",
            ),
            description="Reconnaît le handicap et ouvre les droits : RQTH, aides, orientation.",
            own_departement_only=True,
            explained=(
                "La maison départementale des personnes handicapées aide les personnes "
                "handicapées.",
                "Elle donne les droits et les aides, comme la reconnaissance de travailleur "
                "handicapé.",
            ),
        ),
        Kind(
            "cap_emploi",
            "Cap emploi",
            "Cap emploi",
            "Cap emploi",
            "Cap emploi",
            "Cap emploi",
            ("cap emploi", "cap emplois", "capemploi"),
            feminine=False,
            article=False,
            description="Aide les personnes handicapées à trouver ou garder un emploi.",
            explained=(
                "Cap emploi aide les personnes handicapées à trouver un travail.",
                "Il aide aussi à garder son emploi.",
            ),
            network=Network(
                "Agefiph",
                "L'Agefiph donne l'adresse de votre Cap emploi au 0 800 11 10 09, un appel "
                "gratuit, ou sur agefiph.fr. France Travail, au 39 49, peut aussi vous orienter.",
                phone="0 800 11 10 09",
                website="https://www.agefiph.fr",
            ),
        ),
        Kind(
            "agefiph",
            "Agefiph",
            "Agefiph",
            "Agefiph",
            "délégation de l'Agéfiph",
            "délégations de l'Agéfiph",
            ("agefiph", "agefip", "a g e f i p h"),
            description="Finance des aides pour l'emploi des personnes handicapées.",
            explained=("L'Agéfiph finance des aides pour l'emploi des personnes handicapées.",),
        ),
        Kind(
            "greta",
            "GRETA",
            "GRETA",
            "GRETA (formation des adultes)",
            "Greta",
            "Greta",
            ("greta", "gretas", "formation pour adultes"),
            related=("formation continue",),
            feminine=False,
            description="Des formations pour adultes de l'Éducation nationale, souvent vers un "
            "diplôme.",
            explained=("Un Greta propose des formations pour les adultes.",),
        ),
        Kind(
            "cfa",
            "CFA",
            "CFA",
            "Centre de formation d'apprentis (CFA)",
            "centre de formation d'apprentis",
            "centres de formation d'apprentis",
            (
                "cfa",
                "c f a",
                "centre de formation d'apprentis",
                "centres de formation d'apprentis",
                "centre de formation",
                "école d'apprentissage",
                "centre d'apprentissage",
            ),
            related=("apprentissage", "alternance"),
            feminine=False,
            description="Forme les apprentis : cours au centre et travail en entreprise, avec "
            "un salaire.",
            explained=(
                "Un centre de formation d'apprentis forme les apprentis.",
                "On y apprend un métier en alternance avec une entreprise.",
            ),
        ),
        Kind(
            "lycee",
            "Lycée",
            "Lycées",
            "Lycée qui forme des apprentis",
            "lycée avec apprentissage",
            "lycées avec apprentissage",
            (
                "lycée professionnel",
                "lycées professionnels",
                "lycée pro",
                "lycée agricole",
                "lycée des métiers",
            ),
            related=("apprentissage au lycée",),
            feminine=False,
            description="Un lycée qui prépare aussi des apprentis à un diplôme, en alternance "
            "avec une entreprise.",
            explained=(
                "Certains lycées forment aussi des apprentis.",
                "On y prépare un diplôme en alternance avec une entreprise.",
            ),
        ),
        Kind(
            "esat",
            "ESAT",
            "ESAT",
            "Établissement et service d'accompagnement par le travail (ESAT)",
            "établissement et service d'accompagnement par le travail",
            "établissements et services d'accompagnement par le travail",
            (
                "esat",
                "e s a t",
                "établissement et service d'accompagnement par le travail",
                "établissement d'accompagnement par le travail",
                "accompagnement par le travail",
                "établissement et service d'aide par le travail",
                "aide par le travail",
            ),
            related=("travail protégé",),
            feminine=False,
            description="Un lieu de travail adapté pour les personnes handicapées orientées par "
            "la MDPH.",
            explained=(
                "Un établissement et service d'accompagnement par le travail emploie des "
                "personnes handicapées.",
                "Le travail y est adapté et accompagné.",
            ),
        ),
        Kind(
            "suio",
            "SUIO",
            "SUIO",
            "Service universitaire d'information et d'orientation (SUIO)",
            "service universitaire d'information et d'orientation",
            "services universitaires d'information et d'orientation",
            ("suio", "scuio", "service universitaire d'information et d'orientation"),
            related=("orientation à l'université",),
            feminine=False,
            description="Le service d'orientation d'une université.",
            explained=(
                "Le service universitaire d'information et d'orientation aide les étudiants.",
                "Il aide à choisir ou à changer d'études à l'université.",
            ),
        ),
        Kind(
            "crous",
            "CROUS",
            "CROUS",
            "CROUS (vie étudiante : bourses, logement, repas)",
            "Crous",
            "Crous",
            ("crous",),
            related=("bourse", "logement étudiant"),
            feminine=False,
            description="Bourses, logement et repas pour les étudiants.",
            explained=("Le Crous s'occupe des bourses, du logement et des repas des étudiants.",),
        ),
        Kind(
            "france_services",
            "France services",
            "France services",
            "France services",
            "France services",
            "espaces France services",
            ("france services", "msap", "maison de services au public"),
            feminine=False,
            article=False,
            description="Un guichet près de chez vous pour les démarches administratives "
            "(ancienne maison de services au public).",
            explained=(
                "France services aide à faire ses démarches administratives.",
                "C'est un guichet près de chez vous.",
            ),
        ),
        Kind(
            "pif",
            "Point info famille",
            "Points info famille",
            "Point info famille",
            "point info famille",
            "points info famille",
            ("pif", "point info famille", "point information famille"),
            feminine=False,
            description="Informe les familles sur leurs droits et les services près de chez elles.",
            explained=(
                "Un point info famille informe les familles sur leurs droits.",
                "Il dit aussi quels services existent près de chez elles.",
            ),
        ),
        Kind(
            "crib",
            "CRIB",
            "CRIB",
            "Centre de ressources et d'information des bénévoles (CRIB)",
            "centre de ressources et d'information des bénévoles",
            "centres de ressources et d'information des bénévoles",
            ("crib", "centre de ressources et d'information des bénévoles"),
            related=("bénévolat", "associations"),
            feminine=False,
            description="Aide les bénévoles et les associations.",
            explained=(
                "Un centre de ressources et d'information des bénévoles aide les associations.",
            ),
        ),
        Kind(
            "apec",
            "Apec",
            "Apec",
            "Apec (emploi des cadres)",
            "Apec, association pour l'emploi des cadres",
            "centres de l'Apec",
            ("apec", "association pour l'emploi des cadres"),
            description="Conseils emploi pour les cadres et les jeunes diplômés.",
            explained=("L'Apec conseille les cadres et les jeunes diplômés pour leur emploi.",),
        ),
        Kind(
            "afpa",
            "Afpa",
            "Afpa",
            "Afpa (formation des adultes)",
            "Afpa, agence nationale pour la formation professionnelle des adultes",
            "centres de l'Afpa",
            ("afpa", "agence nationale pour la formation professionnelle des adultes"),
            related=("formation professionnelle",),
            description="Des formations qualifiantes pour adultes.",
            explained=("L'Afpa propose des formations qualifiantes pour les adultes.",),
        ),
    )
}


#: The kinds competent in their own département only (``Kind.own_departement_only``).
OWN_DEPARTEMENT_KINDS = frozenset(k.kind for k in KINDS.values() if k.own_departement_only)


def get_kind(kind: str) -> Kind | None:
    return KINDS.get(kind)


def kind_label(kind: str, plural: bool = False, full: bool = True) -> str:
    """The written name of a kind (a key we do not know: the key in words)."""
    k = KINDS.get(kind)
    if k is None:
        return kind.replace("_", " ").capitalize()
    if plural:
        return k.label_plural
    return k.full_label if full else k.label


@lru_cache(maxsize=1)
def kind_synonyms() -> tuple[tuple[str, str], ...]:
    """(folded name, kind) for every synonym and spoken form, longest first (so that
    "cap emploi" wins over "cap")."""
    pairs = {
        (fold(name), k.kind)
        for k in KINDS.values()
        for name in (*k.synonyms, k.spoken, k.spoken_plural)
    }
    return tuple(sorted(pairs, key=lambda p: (-len(p[0]), p)))


def find_kind(text: str) -> str | None:
    """The kind a text names ("je cherche la milo" -> "mission_locale"), or None.

    The longest name found as whole words wins. Only the names of a kind count, not the
    words that merely suggest one (``related``).
    """
    padded = f" {fold(text)} "
    for name, kind in kind_synonyms():
        if f" {name} " in padded:
            return kind
    return None
