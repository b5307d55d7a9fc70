"""The themes of the guides ("Comprendre mes options"), in display order."""

from __future__ import annotations

GUIDE_TOPICS: dict[str, str] = {
    "decrochage": "J'ai quitté l'école",
    "retour_ecole": "Reprendre des études",
    "structures": "Les lieux qui aident les jeunes",
    "aides": "Être accompagné vers l'emploi",
    "apprentissage": "Apprentissage et alternance",
    "stages": "Stages",
    "handicap": "Handicap : études et travail",
    "deficience_visuelle": "Aveugle ou malvoyant",
    "argent": "Argent et aides financières",
    "accompagnement": "Être conseillé, être rappelé",
}
