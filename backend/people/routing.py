"""The callback routing rule: which structure calls a young person back.

A pure function over plain values, documented in docs/PEOPLE.md and tested in
tests/people/test_routing.py.

1. **Competent kinds**, in tiers (a lower tier is used only when no structure of a better tier
   exists anywhere among the candidates):

   - topic ``disability``: MDPH, Cap emploi, Agefiph (tier 1); then the age rule below (tier 2);
   - under 16 (compulsory school age): CIO (tier 1);
   - 16 to 25: ``return_to_school`` -> Mission locale and CIO (tier 1); ``training`` and ``job``
     -> Mission locale (tier 1), CIO (tier 2);
   - over 25: CIO (tier 1) for return to school and training; France services (tier 1) for a job,
     then CIO (tier 2).

2. **Same département where possible**: within the best tier, a structure in the young person's
   département is preferred to one outside it, however close the latter is.
   An MDPH serves its own département only: another département's MDPH is never chosen.
   A structure that cannot be reached (no phone, e-mail, web site or street address of its
   own) is never chosen either.
3. **Nearest**: then the shortest great-circle distance from the centre of the young person's
   commune. Closed structures, and structures whose declared age range excludes the young person,
   are never chosen.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from geodata import haversine_m
from totalacces.vocabulary import OWN_DEPARTEMENT_KINDS

DISABILITY_KINDS = ("mdph", "cap_emploi", "agefiph")


@dataclass(frozen=True, slots=True)
class Candidate:
    id: int
    kind: str
    departement: str | None
    lat: float
    lon: float
    age_min: int | None = None
    age_max: int | None = None
    active: bool = True
    reachable: bool = True  # a phone, an e-mail, a web site or a street address of its own


@dataclass(frozen=True, slots=True)
class Route:
    structure_id: int
    kind: str
    distance_m: float
    same_departement: bool
    tier: int


def competent_kinds(age: int, topic: str) -> list[tuple[str, ...]]:
    """Tiers of competent structure kinds, best first."""
    if age < 16:
        by_age: list[tuple[str, ...]] = [("cio",)]
    elif age <= 25:
        if topic == "return_to_school":
            by_age = [("mission_locale", "cio")]
        else:
            by_age = [("mission_locale",), ("cio",)]
    elif topic == "job":
        by_age = [("france_services",), ("cio",)]
    else:
        by_age = [("cio",)]
    if topic == "disability":
        return [DISABILITY_KINDS, *by_age]
    return by_age


def all_competent_kinds(age: int, topic: str) -> set[str]:
    return {kind for tier in competent_kinds(age, topic) for kind in tier}


def route_callback(
    age: int,
    topic: str,
    departement: str | None,
    lat: float,
    lon: float,
    candidates: Iterable[Candidate],
) -> Route | None:
    """The structure that should call back, or None when no competent structure is known."""
    tiers: Sequence[tuple[str, ...]] = competent_kinds(age, topic)
    tier_of = {}
    for index, kinds in enumerate(tiers, start=1):
        for kind in kinds:
            tier_of.setdefault(kind, index)
    best: tuple[tuple[int, int, float, int], Route] | None = None
    for candidate in candidates:
        tier = tier_of.get(candidate.kind)
        if tier is None or not candidate.active or not candidate.reachable:
            continue
        if candidate.kind in OWN_DEPARTEMENT_KINDS and candidate.departement != departement:
            continue
        if candidate.age_min is not None and age < candidate.age_min:
            continue
        if candidate.age_max is not None and age > candidate.age_max:
            continue
        distance = haversine_m(lat, lon, candidate.lat, candidate.lon)
        same = departement is not None and candidate.departement == departement
        key = (tier, 0 if same else 1, distance, candidate.id)
        if best is None or key < best[0]:
            best = (key, Route(candidate.id, candidate.kind, distance, same, tier))
    return best[1] if best else None
