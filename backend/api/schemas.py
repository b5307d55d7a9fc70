"""Pydantic models of the API answers (docs/ARCHITECTURE.md), used for the OpenAPI schema and by
the tests to check every answer's shape."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class Place(BaseModel):
    code_insee: str
    nom: str
    departement: str
    departement_nom: str
    population: int
    lat: float | None
    lon: float | None
    postcodes: list[str]


class SearchPlace(Place):
    """The commune a search ran around, and how the place given was read."""

    reading: Literal["code_insee", "postcode", "name", "fuzzy"] = Field(
        description="Comment le lieu a été lu : code INSEE, code postal, nom, nom approché."
    )
    note: str | None = Field(
        default=None,
        description="À dire quand la lecture n'est pas évidente (un code qui désigne deux "
        "communes, un code postal partagé).",
    )
    alternative: Place | None = Field(
        default=None,
        description="L'autre commune possible (le code lu comme code INSEE) : refaire la "
        "recherche avec son code_insee.",
    )


class PlacesAnswer(BaseModel):
    query: str
    matched_by: str
    ambiguous: bool
    note: str | None
    candidates: list[Place]
    speech: str


class KindOut(BaseModel):
    kind: str
    label: str
    label_plural: str
    full_label: str  # the name with its abbreviation explained, for a choice
    spoken: str
    synonyms: list[str]  # names of the kind, then words that suggest it
    description: str
    available: bool
    count: int
    note: str | None  # when ``count`` is 0: the list is missing, and the network's way in
    network: NetworkContact | None


class KindsAnswer(BaseModel):
    items: list[KindOut]


class SectorOut(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "code": "99",
                    "label": "Bâtiment et travaux publics (BTP)",
                    "kind": "activity_sector",
                    "parent": None,
                    "definition": "Construisez l'avenir avec les métiers du BTP. ...",
                    "career_count": 95,
                }
            ]
        }
    )
    code: str
    label: str
    #: "grand_domain" | "domain" (ROME letters: H, H29) | "activity_sector" | "sub_sector"
    #: (ROME "secteurs d'activité" and their sous-secteurs: numeric codes)
    kind: str
    parent: str | None
    definition: str | None
    career_count: int


class SectorsAnswer(BaseModel):
    items: list[SectorOut]
    speech: str


class SectorRef(BaseModel):
    code: str
    label: str
    kind: str


class SectorDetail(SectorOut):
    parent_label: str | None
    children: list[SectorRef]
    source: str
    licence: str
    source_date: str
    speech: str


class CareerSector(BaseModel):
    code: str
    label: str


class CareerSubSector(CareerSector):
    parent: str


class Health(BaseModel):
    status: str
    database: str
    counts: dict[str, int]


class NetworkContact(BaseModel):
    """A network's national way in, given when a place has no contact of its own."""

    name: str
    how: str  # one plain sentence, to show
    said: str  # the same, as said aloud (a web address spelt out)
    phone: str | None
    website: str | None


class StructureSummary(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": 1203,
                    "kind": "mission_locale",
                    "kind_label": "Mission locale",
                    "name": "Mission locale de Villeurbanne",
                    "address": "3 avenue Salengro",
                    "postcode": "69100",
                    "commune": "Villeurbanne",
                    "code_insee": "69266",
                    "lat": 45.77077,
                    "lon": 4.88846,
                    "coord_precision": "commune",
                    "phone": "04 78 00 00 00",
                    "distance_m": 2300,
                    "direction": "au nord-est",
                    "distance_text": "à 2,3 kilomètres au nord-est",
                    "verified": False,
                    "source": "DILA, Annuaire de l'administration",
                    "source_date": "2019-07",
                    "age_note": "Infos de juillet 2019, à vérifier avant de vous déplacer.",
                    "own_contact": True,
                    "network_contact": None,
                    "takes_part": True,
                    "takes_part_demo": False,
                }
            ]
        }
    )
    id: int
    kind: str
    kind_label: str
    name: str
    address: str | None
    postcode: str | None
    commune: str
    code_insee: str | None
    lat: float
    lon: float
    coord_precision: str
    phone: str | None
    distance_m: int | None
    direction: str | None
    distance_text: str | None
    #: True only when a current source or a counselor confirmed the facts within two years.
    verified: bool
    source: str
    source_date: str
    #: "Infos de juillet 2019, à vérifier avant de vous déplacer." for older facts, else null.
    age_note: str | None
    #: False when the place has no phone, e-mail, web site or street address of its own.
    own_contact: bool
    #: The network's national way in, when ``own_contact`` is false (null otherwise).
    network_contact: NetworkContact | None
    takes_part: bool = Field(
        False,
        description="Répond aux demandes sur Total Accès : au moins un conseiller actif, pas en "
        "pause. Seules ces structures reçoivent les demandes de rappel.",
    )
    takes_part_demo: bool = Field(
        False, description="Ne participe que par des comptes de démonstration (personne de réel)."
    )
    reported: bool = Field(
        False,
        description="Une erreur a été signalée (POST /api/v1/reports) et n'est pas encore "
        "corrigée : dire « signalé comme à vérifier ».",
    )


class HoursDay(BaseModel):
    date: str = Field(description="Le jour (AAAA-MM-JJ), dans le fuseau du lieu.")
    day: str = Field(examples=["jeudi"])
    today: bool
    ranges: list[str] = Field(description="Plages d'ouverture HH:MM-HH:MM ; vide : fermé.")
    text: str = Field(examples=["de 9 h à 12 h et de 14 h à 17 h"])


class Hours(BaseModel):
    known: bool = Field(description="Le lieu a des horaires dans Total Accès.")
    osm: bool = Field(description="Les horaires suivent le format OpenStreetMap opening_hours.")
    now: str = Field(
        description="Ce qui est vrai maintenant, à l'heure du lieu : « Ouvert en ce moment, "
        "jusqu'à 12 h. » ; « Je n'ai pas les horaires de ce lieu. » sans horaires."
    )
    week: list[HoursDay] = Field(description="Les sept jours à partir d'aujourd'hui.")
    time_zone: str = Field(examples=["Europe/Paris", "Indian/Reunion"])


class Structure(StructureSummary):
    email: str | None
    website: str | None
    opening_hours: str | None = Field(
        description="Horaires au format OpenStreetMap opening_hours "
        "(« Mo-Fr 09:00-12:00,14:00-17:00; PH off »)."
    )
    hours: Hours
    age_min: int | None
    age_max: int | None
    description: str | None
    building_accessibility: str | None
    licence: str
    verification_note: str | None
    speech: str


class SearchArea(BaseModel):
    """The whole département or region a search covered (``departement``, ``region``)."""

    kind: Literal["departement", "region"]
    code: str
    nom: str
    chef_lieu: str = Field(description="Code INSEE du chef-lieu, d'où les distances sont mesurées.")
    departements: list[str]
    said: str = Field(description="La zone en mots : « en Seine-Saint-Denis ».")


class StructureList(BaseModel):
    total: int
    limit: int
    offset: int
    items: list[StructureSummary]
    speech: str
    place: SearchPlace | None
    area: SearchArea | None = None


class OfferSummary(BaseModel):
    id: int
    title: str
    employer: str
    commune: str
    code_insee: str
    lat: float
    lon: float
    rome_codes: list[str]
    levels: list[str]
    start_date: str | None
    end_date: str | None
    weeks: int | None
    places_left: int
    accessible: bool
    distance_m: int | None
    direction: str | None
    distance_text: str | None
    is_example: bool
    status: str
    reported: bool = Field(
        False, description="Une erreur a été signalée et n'est pas encore corrigée."
    )


class Offer(OfferSummary):
    description: str
    workplace_accessibility: str | None
    contact_modes: list[str]
    source: str
    apply_url: str | None = Field(
        None,
        description="Une vraie offre publiée ailleurs (La bonne alternance) : on postule à "
        "cette adresse, pas par Total Accès.",
    )
    accepts_applications: bool = Field(
        description="Faux pour un exemple d'offre, une offre fermée ou terminée, ou publiée "
        "ailleurs (apply_url) : POST /offers/{id}/applications répond alors 409."
    )
    applications_note: str | None = Field(
        description="Pourquoi on ne peut pas postuler (à afficher et à dire), sinon null."
    )
    speech: str


class OfferList(BaseModel):
    total: int
    limit: int
    offset: int
    items: list[OfferSummary]
    speech: str
    place: SearchPlace | None
    area: SearchArea | None = None


class CareerSummary(BaseModel):
    code: str
    label: str
    domain_code: str
    domain_label: str
    grand_domain_code: str
    grand_domain_label: str
    is_industry: bool
    summary: str | None
    onisep_url: str | None


class Career(CareerSummary):
    summary_author: Literal["total_acces", "counselor"] | None = Field(
        description="Qui a écrit le résumé : total_acces (rédigé par Total Accès, pas encore "
        "relu), counselor (relu et confirmé par un conseiller) ; null sans résumé."
    )
    summary_reviewed_at: str | None = Field(description="Date de la relecture (AAAA-MM-JJ).")
    summary_note: str | None = Field(description="À afficher avec le résumé, en français.")
    job_titles: list[str]
    onisep_label: str | None
    source: str
    activity_sectors: list[CareerSector]
    sub_sectors: list[CareerSubSector]
    speech: str


class CareerList(BaseModel):
    total: int
    limit: int
    offset: int
    items: list[CareerSummary]
    speech: str
