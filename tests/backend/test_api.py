"""The HTTP API on the bundled data, on SQLite and on PostgreSQL."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

import pytest
from pydantic import BaseModel

from backend.api import schemas
from backend.importer import import_day
from backend.sample_offers import calendar_shift
from geodata import haversine_m

PROBLEM = "application/problem+json"
DIGITS = re.compile(r"\d")


def ok(api: Any, url: str, model: type[BaseModel] | None = None) -> dict[str, Any]:
    r = api.get(url)
    assert r.status_code == 200, r.text
    body = r.json()
    if model is not None:
        model.model_validate(body)
    return body


def problem(api: Any, url: str, status: int) -> dict[str, Any]:
    r = api.get(url)
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith(PROBLEM)
    body = r.json()
    assert {"type", "title", "status", "detail"} <= set(body)
    assert body["status"] == status
    return body


def test_health_names_the_database_and_counts(api: Any, loaded_db_url: str) -> None:
    for url in ("/health", "/api/v1/health"):
        body = ok(api, url, schemas.Health)
        assert body["status"] == "ok"
        assert body["database"] == (
            "sqlite" if loaded_db_url.startswith("sqlite") else "postgresql"
        )
        assert body["counts"]["structures"] > 11000 and body["counts"]["offers"] == 5000


def test_missions_locales_near_villeurbanne_nearest_first(api: Any) -> None:
    body = ok(
        api,
        "/api/v1/structures?place=Villeurbanne&kind=mission_locale&radius_km=20&limit=50",
        schemas.StructureList,
    )
    assert body["place"]["code_insee"] == "69266"
    items = body["items"]
    assert body["total"] == len(items) >= 10
    assert all(i["kind"] == "mission_locale" for i in items)
    distances = [i["distance_m"] for i in items]
    assert distances == sorted(distances) and distances[-1] <= 20_000
    for i in items:  # distances are real great-circle distances from Villeurbanne
        assert abs(haversine_m(45.77077, 4.88846, i["lat"], i["lon"]) - i["distance_m"]) <= 1
        assert i["distance_text"].startswith(("à ", "dans la commune", "ici même"))
    # Between two commune centres a direction is given from 5 km on, and the distance is
    # rough ("à environ 6 kilomètres au sud"); under 5 km, no direction.
    far = next(i for i in items if i["distance_m"] > 5000)
    assert far["direction"] and far["distance_text"].endswith(far["direction"])
    assert far["distance_text"].startswith("à environ ")
    near = [i for i in items if 30 <= i["distance_m"] < 5000]
    assert near and all(i["direction"] is None for i in near)
    speech = body["speech"]
    assert speech.startswith(
        f"J'ai trouvé {_words(body['total'])} missions locales à moins de vingt kilomètres de Villeurbanne."
    )
    assert not DIGITS.search(speech) and " km" not in speech
    assert len(speech.split()) <= 60


def _words(n: int) -> str:
    from backend.speech import count_words

    return count_words(n, True)


def test_radius_filters_and_paging(api: Any) -> None:
    small = ok(api, "/api/v1/structures?place=Lyon&radius_km=2&limit=50")
    big = ok(api, "/api/v1/structures?place=Lyon&radius_km=20&limit=5")
    assert 0 < small["total"] < big["total"]
    assert all(i["distance_m"] <= 2000 for i in small["items"])
    page2 = ok(api, "/api/v1/structures?place=Lyon&radius_km=20&limit=5&offset=5")
    assert (page2["limit"], page2["offset"], page2["total"]) == (5, 5, big["total"])
    assert {i["id"] for i in page2["items"]}.isdisjoint({i["id"] for i in big["items"]})
    assert page2["items"][0]["distance_m"] >= big["items"][-1]["distance_m"]


def test_lat_lon_search_and_several_kinds(api: Any) -> None:
    body = ok(
        api,
        "/api/v1/structures?lat=48.8566&lon=2.3522&radius_km=10&kind=cio,mission_locale&limit=50",
    )
    assert {i["kind"] for i in body["items"]} == {"cio", "mission_locale"}
    assert body["place"] is None


def test_age_filter_keeps_structures_for_that_age(api: Any) -> None:
    young = ok(api, "/api/v1/structures?place=Marseille&radius_km=30&kind=mission_locale&age=20")
    older = ok(api, "/api/v1/structures?place=Marseille&radius_km=30&kind=mission_locale&age=40")
    assert young["total"] > 0 and older["total"] == 0
    assert older["speech"].startswith("Je n'ai trouvé aucune mission locale")
    assert "rayon plus grand" in older["speech"]


def test_zero_and_one_result_are_said_properly(api: Any) -> None:
    none = ok(api, "/api/v1/structures?place=Gap&kind=epide&radius_km=5")
    assert none["total"] == 0 and none["items"] == []
    assert none["speech"] == (
        "Je n'ai trouvé aucun établissement pour l'insertion dans l'emploi à moins de cinq "
        "kilomètres de Gap. Essayez un rayon plus grand."
    )
    one = ok(api, "/api/v1/structures?place=Gap&kind=cio&radius_km=10")
    assert one["total"] == 1
    assert one["speech"].startswith(
        "J'ai trouvé un centre d'information et d'orientation à moins de dix kilomètres de Gap."
    )


def test_structure_detail_has_provenance_and_speech(api: Any) -> None:
    first = ok(api, "/api/v1/structures?place=Villeurbanne&kind=cio&limit=1")["items"][0]
    body = ok(api, f"/api/v1/structures/{first['id']}?place=Villeurbanne", schemas.Structure)
    assert body["licence"] and body["source_date"] == "2019-07"
    assert body["name"] == first["name"]
    speech = body["speech"]
    assert "centre d'information et d'orientation" in speech and "CIO" not in speech
    if body["phone"]:
        assert "Téléphone : zéro" in speech and not DIGITS.search(speech)


def test_epide_are_flagged_unverified_everywhere(api: Any) -> None:
    body = ok(api, "/api/v1/structures?kind=epide&limit=50")
    assert body["total"] == 20 and not any(i["verified"] for i in body["items"])
    detail = ok(api, f"/api/v1/structures/{body['items'][0]['id']}")
    assert "à vérifier" in detail["speech"]


def test_kinds_say_which_have_no_open_data(api: Any) -> None:
    items = {k["kind"]: k for k in ok(api, "/api/v1/kinds", schemas.KindsAnswer)["items"]}
    for kind in (
        "mission_locale",
        "cio",
        "e2c",
        "epide",
        "microlycee",
        "cij",
        "mdph",
        "cap_emploi",
        "agefiph",
        "greta",
        "cfa",
        "esat",
        "suio",
        "crous",
        "france_services",
        "pif",
        "crib",
        "apec",
        "afpa",
    ):
        assert kind in items
    assert items["cap_emploi"]["available"] is False and items["cap_emploi"]["count"] == 0
    assert items["e2c"]["available"] is False and items["e2c"]["note"]
    assert items["mission_locale"]["available"] and items["mission_locale"]["count"] > 600
    assert items["cio"]["spoken"] == "centre d'information et d'orientation"


def test_offers_near_paris_are_examples_and_filterable(api: Any) -> None:
    body = ok(api, "/api/v1/offers?place=Paris&radius_km=10&limit=50", schemas.OfferList)
    assert body["total"] > 100
    assert all(i["is_example"] for i in body["items"])
    assert "exemples d'offres" in body["speech"] and "Exemple d'offre" in body["speech"]
    d = [i["distance_m"] for i in body["items"]]
    assert d == sorted(d)
    industry = ok(
        api, "/api/v1/offers?place=Paris&radius_km=10&rome=H&level=cap&accessible=true&limit=50"
    )
    assert 0 < industry["total"] < body["total"]
    for i in industry["items"]:
        assert (
            all(c.startswith("H") for c in i["rome_codes"])
            and "cap" in i["levels"]
            and i["accessible"]
        )
    # The sample calendar (March of its year) follows the import day: see calendar_shift.
    march = date(2027, 3, 1) + calendar_shift(import_day())
    first, last = march.isoformat(), (march + timedelta(days=30)).isoformat()
    dated = ok(api, f"/api/v1/offers?start_after={first}&start_before={last}&limit=50")
    assert dated["total"] > 0
    assert all(first <= i["start_date"] <= last for i in dated["items"])
    detail = ok(api, f"/api/v1/offers/{body['items'][0]['id']}", schemas.Offer)
    assert detail["speech"].startswith("Exemple d'offre.")
    assert detail["contact_modes"]


def test_careers_search_tolerates_accents_and_typos(api: Any) -> None:
    for q in ("soudeur", "SOUDEUR", "soudeuse", "soudeurr", "soudur"):
        codes = [
            i["code"]
            for i in ok(api, f"/api/v1/careers?q={q}&limit=5", schemas.CareerList)["items"]
        ]
        assert "H2913" in codes, q
    accents = ok(api, "/api/v1/careers?q=ebeniste&limit=3")["items"]
    assert accents[0]["code"] == "H2207"
    by_title = ok(api, "/api/v1/careers?q=chalumeau&limit=5")["items"]  # a job title only
    assert "H2913" in [i["code"] for i in by_title]


def test_careers_rome_prefix_and_industry(api: Any) -> None:
    industry = ok(api, "/api/v1/careers?rome=H&limit=50")
    assert industry["total"] > 150
    assert all(i["is_industry"] and i["grand_domain_code"] == "H" for i in industry["items"])
    domain = ok(api, "/api/v1/careers?rome=H29&limit=50")
    assert all(i["domain_code"] == "H29" for i in domain["items"])
    assert ok(api, "/api/v1/careers?rome=H2913")["total"] == 1


def test_career_detail_has_summary_job_titles_onisep_and_speech(api: Any) -> None:
    body = ok(api, "/api/v1/careers/H2913", schemas.Career)
    assert body["summary"] and body["onisep_url"].startswith("https://www.onisep.fr/")
    assert len(body["job_titles"]) > 5
    assert body["speech"].startswith("Soudeur / Soudeuse.")
    assert len(body["speech"].split()) <= 60
    assert ok(api, "/api/v1/careers/h2913")["code"] == "H2913"


def test_sectors_and_places(api: Any) -> None:
    items = ok(api, "/api/v1/sectors", schemas.SectorsAnswer)["items"]
    h = next(s for s in items if s["code"] == "H")
    assert h["kind"] == "grand_domain" and h["label"] == "Industrie"
    assert next(s for s in items if s["code"] == "H29")["parent"] == "H"
    places = ok(api, "/api/v1/places?q=Saint-Denis", schemas.PlacesAnswer)
    assert places["ambiguous"] and len(places["candidates"]) > 1
    assert "Précisez le département" in places["speech"]


@pytest.mark.parametrize(
    ("url", "status", "words"),
    [
        ("/api/v1/structures?place=Xyzzyq", 404, "Je ne connais pas le lieu"),
        ("/api/v1/structures?place=Lyon&radius_km=-3", 422, "rayon"),
        ("/api/v1/structures?place=Lyon&radius_km=100000", 422, "rayon"),
        ("/api/v1/structures?place=Lyon&radius_km=nan", 422, "rayon"),
        ("/api/v1/structures?limit=51", 422, "au plus 50"),
        ("/api/v1/structures?limit=abc", 422, "nombre entier"),
        ("/api/v1/structures?kind=licorne", 422, "n'existe pas"),
        ("/api/v1/structures?lat=45.7", 422, "ensemble"),
        ("/api/v1/structures?lat=123&lon=4", 422, "au plus 90"),
        ("/api/v1/offers?rome=H2", 422, "code ROME"),
        ("/api/v1/offers?rome=Z", 422, "code ROME"),
        ("/api/v1/offers?level=master", 422, "doit valoir"),
        ("/api/v1/offers?start_after=demain", 422, "AAAA-MM-JJ"),
        ("/api/v1/careers?rome=12345", 422, "code ROME"),
        ("/api/v1/careers/ZZZ", 422, "code de métier"),
        ("/api/v1/careers/A9999", 404, "Aucun métier"),
        ("/api/v1/structures/999999999", 404, "Aucune structure"),
        ("/api/v1/offers/0", 422, "au moins 1"),
        ("/api/v1/nulle-part", 404, "n'existe pas"),
    ],
)
def test_errors_are_french_problems(api: Any, url: str, status: int, words: str) -> None:
    body = problem(api, url, status)
    assert words in body["detail"]


def test_an_ambiguous_place_is_named_with_its_departement(api: Any) -> None:
    # Four communes are called Saint-Denis: the most populous (La Réunion) is searched, and the
    # answer says so, so that someone in Seine-Saint-Denis hears the guess was not theirs.
    body = ok(api, "/api/v1/structures?place=Saint-Denis&kind=cio&limit=1", schemas.StructureList)
    assert body["place"]["departement"] == "974"
    assert "de Saint-Denis (La Réunion)" in body["speech"]
    lyon = ok(api, "/api/v1/structures?place=Lyon&kind=cio&limit=1")
    assert "de Lyon." in lyon["speech"] and "(" not in lyon["speech"].split(".")[0]


def test_unknown_place_gives_close_candidates(api: Any) -> None:
    body = problem(api, "/api/v1/offers?place=Villeurbannnnne-sur-Mer", 404)
    assert body["candidates"] and "nom" in body["candidates"][0]


def test_openapi_documents_the_api_with_examples(api: Any) -> None:
    spec = ok(api, "/openapi.json")
    paths = spec["paths"]
    for path in (
        "/api/v1/structures",
        "/api/v1/offers",
        "/api/v1/careers",
        "/api/v1/careers/{code}",
        "/api/v1/places",
        "/api/v1/kinds",
        "/api/v1/sectors",
        "/health",
    ):
        assert path in paths
    params = {p["name"]: p for p in paths["/api/v1/structures"]["get"]["parameters"]}
    assert {"place", "lat", "lon", "radius_km", "kind", "age", "q", "limit", "offset"} <= set(
        params
    )
    assert params["place"]["schema"].get("examples") or params["place"].get("examples")
    assert "422" in paths["/api/v1/structures"]["get"]["responses"]
