"""A whole département or region as the place of a search: geodata reads it, the API covers it.

"Mission locale en Seine-Saint-Denis" means every Mission locale of the 93, not the ones within
20 km of a commune whose name looks like it (Seine-Port, Saint-Denis).
"""

from __future__ import annotations

import pytest

import geodata


@pytest.mark.parametrize(
    ("said", "key"),
    [
        ("en seine saint denis", "departement:93"),
        ("en Seine-Saint-Denis", "departement:93"),
        ("dans le 69", "departement:69"),
        ("le 974", "departement:974"),
        ("département 33", "departement:33"),
        ("dans le 2a", "departement:2A"),
        ("dans le nord", "departement:59"),
        ("dans la vienne", "departement:86"),
        ("dans les bouches du rhone", "departement:13"),
        ("haute garonne", "departement:31"),
        ("à la réunion", "departement:974"),
        ("mayotte", "departement:976"),
        ("en bretagne", "region:53"),
        ("région bretagne", "region:53"),
        ("en corse", "region:94"),
        ("bretagne", "region:53"),  # not the village of Bretagne (Indre)
        ("de la creuse", "departement:23"),
        ("dans les hauts de france", "region:32"),
    ],
)
def test_departements_and_regions_are_read_as_people_say_them(said: str, key: str) -> None:
    area = geodata.find_area(said)
    assert area is not None and area.key == key, (said, area)


@pytest.mark.parametrize("said", ["vienne", "à vienne", "paris", "lyon", "mayenne", "69", "13"])
def test_a_town_or_a_bare_number_is_not_taken_for_an_area(said: str) -> None:
    # Vienne (Isère), Paris and Mayenne are towns; a bare "13" may be a quantity
    assert geodata.find_area(said) is None


def test_every_area_is_measured_from_its_own_chef_lieu() -> None:
    found = {a.key: a for a in geodata.all_areas()}
    assert len([k for k in found if k.startswith("departement:")]) == 101
    assert len([k for k in found if k.startswith("region:")]) == 18
    for area in found.values():
        assert area.chef_lieu.departement in area.departements, area.key
    assert found["departement:93"].chef_lieu.nom == "Bobigny"
    assert found["region:53"].chef_lieu.nom == "Rennes"
    assert found["region:53"].departements == ("22", "29", "35", "56")


@pytest.mark.parametrize(
    ("nom", "kind", "said"),
    [
        ("Rhône", "departement", "dans le Rhône"),
        ("Aveyron", "departement", "dans l'Aveyron"),
        ("Hérault", "departement", "dans l'Hérault"),
        ("Haute-Garonne", "departement", "en Haute-Garonne"),
        ("Hautes-Alpes", "departement", "dans les Hautes-Alpes"),
        ("Vienne", "departement", "dans la Vienne"),
        ("Gironde", "departement", "en Gironde"),
        ("La Réunion", "departement", "à La Réunion"),
        ("Bretagne", "region", "en Bretagne"),
        ("Île-de-France", "region", "en Île-de-France"),
        ("Grand Est", "region", "dans le Grand Est"),
        ("Hauts-de-France", "region", "dans les Hauts-de-France"),
    ],
)
def test_areas_are_said_with_their_own_preposition(nom: str, kind: str, said: str) -> None:
    assert geodata.in_area_words(nom, kind) == said


def _departement(item: dict) -> str:
    commune = geodata.get_commune(item["code_insee"])
    assert commune is not None
    return commune.departement


def test_the_api_lists_every_place_of_a_departement_nearest_to_its_chef_lieu_first(api) -> None:  # type: ignore[no-untyped-def]
    answer = api.get("/api/v1/structures?kind=mission_locale&departement=93&limit=50").json()
    items = answer["items"]
    assert answer["total"] == len(items) >= 5
    assert {_departement(i) for i in items} == {"93"}
    distances = [i["distance_m"] for i in items]
    assert distances == sorted(distances)
    assert items[0]["commune"] == "Bobigny"  # measured from the chef-lieu
    assert answer["area"]["said"] == "en Seine-Saint-Denis"
    assert answer["speech"].startswith("J'ai trouvé ") and "en Seine-Saint-Denis" in answer["speech"]
    # the same places as a wide circle around Bobigny, kept to the 93: none missing, none added
    wide, offset = [], 0
    while True:
        page = api.get(
            "/api/v1/structures",
            params={"kind": "mission_locale", "code_insee": "93008", "radius_km": 60,
                    "limit": 50, "offset": offset},
        ).json()  # fmt: skip
        wide += page["items"]
        offset += 50
        if offset >= page["total"]:
            break
    assert {i["id"] for i in wide if _departement(i) == "93"} == {i["id"] for i in items}
    # a region: its four départements, offers too
    offers = api.get("/api/v1/offers?region=53&limit=50").json()
    assert offers["total"] >= 1 and {_departement(i) for i in offers["items"]} <= {
        "22", "29", "35", "56",
    }  # fmt: skip
    assert "en Bretagne" in offers["speech"]


def test_an_unknown_area_is_refused_in_french(api) -> None:  # type: ignore[no-untyped-def]
    r = api.get("/api/v1/structures?departement=99")
    assert r.status_code == 404 and "Aucun département n'a le code « 99 »" in r.json()["detail"]
    r = api.get("/api/v1/offers?departement=93&region=53")
    assert r.status_code == 422 and "pas les deux" in r.json()["detail"]
    one = api.get("/api/v1/structures?kind=cio&departement=1").json()  # "1": the Ain
    assert one["area"]["code"] == "01" and {_departement(i) for i in one["items"]} == {"01"}
