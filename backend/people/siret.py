"""A company's SIRET: its form (14 digits, Luhn key) and, on a deployment with internet, the public
company directory (the "recherche d'entreprises" API of the Annuaire des Entreprises, set with
``TOTALACCES_COMPANY_DIRECTORY_URL``).

The directory answers ``GET /search?q=<siret>`` with ``{"results": [unité légale...]}``; each legal
unit lists the establishments matching the query (``matching_etablissements``) with their
``siret`` and ``etat_administratif`` (``A`` active, ``F`` closed). A missing, slow or failing
directory never blocks a sign-up: the answer says "unavailable" and the first offers wait for a
moderator anyway.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import Any

import httpx

log = logging.getLogger("backend.people.siret")

#: La Poste's establishments share one SIREN; past the first ones, the Luhn key does not hold and
#: the rule is a digit sum multiple of 5.
LA_POSTE_SIREN = "356000000"


MESSAGES = {
    "length": "Le numéro SIRET a 14 chiffres : vous le trouvez sur un bulletin de paie ou un Kbis.",
    "key": "Ce numéro SIRET n'existe pas : vérifiez chaque chiffre.",
    "closed": "Cet établissement est fermé d'après l'annuaire des entreprises.",
    "unknown": "L'annuaire des entreprises ne connaît pas ce numéro SIRET : vérifiez-le.",
}


def clean(text: str) -> str:
    """Digits only: "123 456 789 00012" -> "12345678900012"."""
    return re.sub(r"[\s.\-]", "", text or "")


def luhn_ok(digits: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def form_error(text: str) -> str | None:
    """Why ``text`` is not a SIRET (French, plain), or None when its form is right."""
    siret = clean(text)
    if not siret.isdigit() or len(siret) != 14:
        return MESSAGES["length"]
    if siret.startswith(LA_POSTE_SIREN):  # its own rule for the later establishments
        if luhn_ok(siret) or sum(int(c) for c in siret) % 5 == 0:
            return None
    elif luhn_ok(siret) and luhn_ok(siret[:9]):
        return None
    return MESSAGES["key"]


@dataclass(frozen=True)
class CompanyCheck:
    #: ``active``, ``closed`` (the establishment is closed), ``unknown`` (the directory does not
    #: know it), ``unavailable`` (no directory, or it failed) or ``unchecked`` (not configured).
    status: str
    name: str | None = None
    commune: str | None = None

    @property
    def blocking(self) -> bool:
        """A closed or unknown establishment cannot sign up."""
        return self.status in ("closed", "unknown")


def _establishment(answer: dict[str, Any], siret: str) -> tuple[dict[str, Any], dict[str, Any]]:
    for unit in answer.get("results") or []:
        places = list(unit.get("matching_etablissements") or [])
        siege = unit.get("siege")
        if siege:
            places.append(siege)
        for place in places:
            if str(place.get("siret")) == siret:
                return unit, place
    return {}, {}


def lookup(
    siret: str,
    base_url: str | None,
    timeout: float = 5.0,
    transport: httpx.BaseTransport | None = None,
) -> CompanyCheck:
    """The directory's word on ``siret`` (its form already checked)."""
    if not base_url:
        return CompanyCheck("unchecked")
    try:
        with httpx.Client(base_url=base_url, timeout=timeout, transport=transport) as client:
            response = client.get("/search", params={"q": siret, "page": 1, "per_page": 5})
        if response.status_code == 404:
            return CompanyCheck("unknown")
        response.raise_for_status()
        answer = response.json()
    except (httpx.HTTPError, ValueError) as exc:
        log.info("company directory unavailable: %s", type(exc).__name__)
        return CompanyCheck("unavailable")
    unit, place = _establishment(answer if isinstance(answer, dict) else {}, siret)
    if not place:
        return CompanyCheck("unknown")
    name = unit.get("nom_complet") or unit.get("nom_raison_sociale")
    commune = place.get("libelle_commune")
    if place.get("etat_administratif") == "F" or unit.get("etat_administratif") == "C":
        return CompanyCheck("closed", name, commune)
    return CompanyCheck("active", name, commune)
