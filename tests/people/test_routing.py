"""The documented callback routing rule (backend/people/routing.py, docs/PEOPLE.md)."""

from __future__ import annotations

from backend.people.routing import Candidate, competent_kinds, route_callback

# A young person in Lyon 3e (Rhône, 69).
LAT, LON, DEP = 45.7534, 4.8692, "69"

ML_LYON = Candidate(1, "mission_locale", "69", 45.7600, 4.8600)
ML_AIN_CLOSER = Candidate(2, "mission_locale", "01", 45.7540, 4.8700)  # 70 m away, other dép.
CIO_LYON = Candidate(3, "cio", "69", 45.7540, 4.8690)
MDPH_RHONE = Candidate(4, "mdph", "69", 45.7275, 4.8300)
CAP_EMPLOI_FAR = Candidate(5, "cap_emploi", "69", 45.9000, 4.7000)
FRANCE_SERVICES = Candidate(6, "france_services", "69", 45.7700, 4.8800)
ML_CLOSED = Candidate(7, "mission_locale", "69", 45.7535, 4.8693, active=False)
ALL = [ML_LYON, ML_AIN_CLOSER, CIO_LYON, MDPH_RHONE, CAP_EMPLOI_FAR, FRANCE_SERVICES, ML_CLOSED]


def chosen(age: int, topic: str, candidates: list[Candidate] = ALL) -> int | None:
    route = route_callback(age, topic, DEP, LAT, LON, candidates)
    return route.structure_id if route else None


def test_16_to_25_looking_for_training_goes_to_the_mission_locale_of_their_departement() -> None:
    # The Ain one is closer, the closed one closer still: the open one in the Rhône wins.
    assert chosen(19, "training") == ML_LYON.id
    route = route_callback(19, "training", DEP, LAT, LON, ALL)
    assert route is not None and route.same_departement and route.kind == "mission_locale"


def test_outside_their_departement_only_when_none_is_inside() -> None:
    assert chosen(19, "job", [ML_AIN_CLOSER, CIO_LYON]) == ML_AIN_CLOSER.id


def test_school_age_goes_to_the_cio() -> None:
    assert chosen(14, "return_to_school") == CIO_LYON.id
    assert chosen(15, "training") == CIO_LYON.id


def test_return_to_school_at_17_goes_to_the_nearest_of_mission_locale_and_cio() -> None:
    # Both are competent in tier 1: the nearest in the département (the CIO, 70 m) wins.
    assert chosen(17, "return_to_school") == CIO_LYON.id


def test_cio_is_the_fallback_when_no_mission_locale_exists() -> None:
    assert chosen(20, "job", [CIO_LYON, MDPH_RHONE]) == CIO_LYON.id


def test_disability_goes_to_mdph_or_cap_emploi_first_nearest_wins() -> None:
    assert chosen(22, "disability") == MDPH_RHONE.id
    assert chosen(22, "disability", [CAP_EMPLOI_FAR, ML_LYON]) == CAP_EMPLOI_FAR.id
    # With no disability structure at all, the age rule applies.
    assert chosen(22, "disability", [ML_LYON, CIO_LYON]) == ML_LYON.id


def test_over_25_job_seekers_go_to_france_services() -> None:
    assert chosen(30, "job") == FRANCE_SERVICES.id
    assert chosen(30, "training") == CIO_LYON.id


def test_age_range_of_a_structure_is_respected() -> None:
    young_only = Candidate(8, "cio", "69", LAT, LON, age_min=11, age_max=18)
    assert chosen(19, "job", [young_only, Candidate(9, "cio", "69", 45.9, 4.9)]) == 9


def test_no_competent_structure_gives_none() -> None:
    assert chosen(19, "training", [MDPH_RHONE]) is None
    assert chosen(19, "training", []) is None


def test_tiers_are_documented_in_order() -> None:
    assert competent_kinds(19, "training") == [("mission_locale",), ("cio",)]
    assert competent_kinds(12, "disability")[0] == ("mdph", "cap_emploi", "agefiph")
