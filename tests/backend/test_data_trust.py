"""What a person is told about a place is true, and what is missing is said (issue 13).

On the bundled data, through the API (SQLite and PostgreSQL: the ``api`` fixture), the web pages
and the routing rule: France Travail agencies and the Missions locales only in the 2023
referential can be found; a place without any contact of its own gives its network's way in; a
kind without data says so, with the network's contact and a callback; an MDPH is only ever the
person's own département's; a point at a commune's centre is not "ici même"; old facts carry
their date.
"""

from __future__ import annotations

import csv
import re
from datetime import date
from typing import Any

import pytest

from backend.people import routing
from backend.services import trust
from backend.settings import BUNDLED_DATA_DIR
from scripts.networks import Places, milo_name, title_words
from totalacces.vocabulary import find_kind

DIGITS = re.compile(r"\d")
ROOT_DIR = BUNDLED_DATA_DIR.parent.parent


def ok(api: Any, url: str) -> dict[str, Any]:
    r = api.get(url)
    assert r.status_code == 200, r.text
    return r.json()


def rows(name: str) -> list[dict[str, str]]:
    with open(BUNDLED_DATA_DIR / name, encoding="utf-8") as f:
        return list(csv.DictReader(f))


# --- the built datasets --------------------------------------------------------------------


def test_france_travail_agencies_are_placed_at_the_commune_their_name_holds() -> None:
    agencies = {r["external_id"]: r for r in rows("structures_france_travail_2023.csv")}
    assert len(agencies) >= 850  # 884 of the 894 of December 2023 (NOTICE.md)
    assert {r["kind"] for r in agencies.values()} == {"france_travail"}
    assert all(
        r["verified"] == "0" and r["coord_precision"] == "commune" for r in agencies.values()
    )
    expected = {
        "france_travail:457": "63113",  # CLERMONT PRE LA REINE -> Clermont-Ferrand
        "france_travail:526": "74010",  # SEYNOD, a former commune -> Annecy
        "france_travail:683": "2A004",  # Corsica is "20" in the list: Ajaccio
        "france_travail:691": "51058",  # REIMS BEZANNES -> the neighbour Bezannes
        "france_travail:1076": "16015",  # ANGOULEME SAINT MARTIAL: a quarter, not the village
        "france_travail:872": "75120",  # Paris 20ème
        "france_travail:1004": "97213",  # LAMENTIN -> Le Lamentin
    }
    for external_id, code in expected.items():
        assert agencies[external_id]["code_insee"] == code, agencies[external_id]
    # No name cut from its town nor left in capitals.
    assert not any(re.search(r"\b[A-Z]{4,}\b", r["name"]) for r in agencies.values())
    notice = (BUNDLED_DATA_DIR / "NOTICE.md").read_text(encoding="utf-8")
    assert "Non placées (" in notice and "SCENES ET IMAGES" in notice


@pytest.mark.parametrize(
    ("dept", "name", "code"),
    [
        ("76", "ROUEN MAROMME", "76410"),
        ("76", "ROUEN SAINT SEVER", "76540"),  # a quarter of Rouen, not the Saint-Sever elsewhere
        ("85", "LA ROCHE SUD", "85191"),  # the first words of La Roche-sur-Yon
        ("91", "Evry", "91228"),  # Évry-Courcouronnes, not Évry in the Yonne
        ("93", "Saint-Ouen", "93070"),  # Saint-Ouen-sur-Seine
        ("50", "CHERBOURG CENTRE", "50129"),
        ("13", "MARSEILLE PONT DE VIVAUX", "13055"),
        ("69", "Lyon 7ème", "69387"),
        ("86", "FUTUROSCOPE", "86062"),  # a site named instead of its commune (QUARTERS)
    ],
)
def test_a_name_is_placed_in_its_departement(dept: str, name: str, code: str) -> None:
    commune, rule = _places().locate(dept, name)
    assert commune is not None and commune.code_insee == code, (name, commune, rule)


def test_a_name_without_a_commune_is_not_guessed() -> None:
    for dept, name in (("69", "SCENES ET IMAGES"), ("38", "CENTRE-ISERE"), ("13", "NORD")):
        assert _places().locate(dept, name)[0] is None


_PLACES: list[Places] = []


def _places() -> Places:
    if not _PLACES:
        _PLACES.append(Places())
    return _PLACES[0]


def test_names_are_written_as_people_write_them() -> None:
    assert title_words("CLERMONT PRE LA REINE") == "Clermont Pre la Reine"
    assert title_words("EPINAY SUR SEINE", _places(), "93") == "Épinay-sur-Seine"
    entry = {"nom_officiel": "13-ML MARSEILLE", "nom_usuel": "Mission Locale de Marseille"}
    assert milo_name(entry, _places(), "13") == "Mission locale de Marseille"
    entry = {"nom_officiel": "62-ML CALAIS", "nom_usuel": "LA FABRIQUE DEFI"}
    assert milo_name(entry, _places(), "62") == "Mission locale Calais"


def test_missions_locales_only_in_2023_are_at_their_seat_address_to_confirm() -> None:
    seats = {r["external_id"]: r for r in rows("structures_milo_2023.csv")}
    assert seats["milo2023:13201S00"]["code_insee"] == "13201"  # Marseille 1er
    assert seats["milo2023:62193S00"]["code_insee"] == "62193"  # Calais
    assert seats["milo2023:97600S00"]["code_insee"] == "97611"  # Mayotte: Mamoudzou
    assert "milo2023:99994S00" not in seats  # a temporary code
    assert all(
        r["verified"] == "0" and r["verification_note"].startswith("Adresse à confirmer")
        for r in seats.values()
    )


def test_a_departement_with_one_mission_locale_has_antennas_not_closed_sites() -> None:
    checks = {r["external_id"]: r for r in rows("missions_locales_2023.csv")}
    for town in ("12202", "12089", "12208"):  # Rodez, Decazeville, Saint-Affrique
        row = checks[f"annuaire2019:mission_locale-{town}-01"]
        assert row["status"] == "matched" and row["milo_code"] == "12145S00", row


# --- the answers ---------------------------------------------------------------------------


def test_a_mission_locale_in_marseille_is_found_in_marseille(api: Any) -> None:
    body = ok(api, "/api/v1/structures?place=Marseille&kind=mission_locale&limit=3")
    first = body["items"][0]
    assert first["code_insee"].startswith("132") and "Marseille" in first["name"]
    # Its point is the centre of an arrondissement: a rough distance, never "ici même".
    assert first["distance_text"].startswith(("à environ", "dans la commune de"))
    assert "ici même" not in body["speech"] and "Pennes" not in body["speech"].split(".")[1]
    detail = ok(api, f"/api/v1/structures/{first['id']}")
    assert not detail["verified"] and "Adresse à confirmer" in detail["verification_note"]
    assert detail["own_contact"] is False and detail["network_contact"]["website"]
    assert "Pas de contact connu" in detail["speech"] and "unml" in detail["speech"]


def test_france_travail_is_a_kind_people_can_say_and_find(api: Any) -> None:
    for said in ("pôle emploi", "je cherche l'agence France Travail", "ANPE"):
        assert find_kind(said) == "france_travail", said
    body = ok(api, "/api/v1/structures?place=Mauriac&kind=france_travail&radius_km=30")
    assert body["total"] >= 1 and "agence" in body["speech"].lower()
    item = body["items"][0]
    assert item["own_contact"] is False and item["network_contact"]["phone"] == "39 49"
    detail = ok(api, f"/api/v1/structures/{item['id']}")
    assert "trente-neuf quarante-neuf" in detail["speech"] and not DIGITS.search(detail["speech"])
    assert detail["source_date"] == "2023-12" and detail["age_note"]
    kinds = {k["kind"]: k for k in ok(api, "/api/v1/kinds")["items"]}
    assert kinds["france_travail"]["available"] and kinds["france_travail"]["count"] >= 850


def test_a_place_without_contact_gives_the_networks_way_in_on_the_web(api: Any) -> None:
    body = ok(api, "/api/v1/structures?place=Mauriac&kind=france_travail&radius_km=30")
    html = api.get(f"/lieux/{body['items'][0]['id']}").text
    assert "Pas de contact connu pour ce lieu." in html
    assert 'href="tel:3949"' in html and "Appeler France Travail au 39 49" in html
    assert "appelez avant de venir" not in html
    assert "Infos de décembre 2023, à vérifier avant de vous déplacer." in html
    # The point is the commune's centre: the links search the address, not the town square.
    assert "openstreetmap.org/search?query=" in html and "openstreetmap.org/directions" not in html


@pytest.mark.parametrize(
    ("kind", "contact"), [("e2c", "e, deux, c, point f r"), ("cap_emploi", "agefiph")]
)
def test_a_kind_without_data_says_so_with_the_networks_contact(
    api: Any, kind: str, contact: str
) -> None:
    body = ok(api, f"/api/v1/structures?place=Lyon&kind={kind}")
    assert body["total"] == 0
    said = body["speech"]
    assert "pas encore la liste" in said and contact in said and "rappelle" in said
    assert "rayon" not in said and "autre ville" not in said
    page = api.get(f"/lieux?type={kind}").text
    assert f'<option value="{kind}" selected>' in page  # the link keeps its filter
    assert "liste pas encore disponible" in page and 'href="/rappel"' in page
    assert "Essayez" not in page
    kinds = {k["kind"]: k for k in ok(api, "/api/v1/kinds")["items"]}
    assert not kinds[kind]["available"] and kinds[kind]["network"]["website"]


def test_no_guide_promises_the_nearest_of_a_kind_without_data(api: Any) -> None:
    from backend.guides import HELPER_LABELS, load_guides
    from totalacces.vocabulary import KINDS

    kinds = {k["kind"]: k for k in ok(api, "/api/v1/kinds")["items"]}
    empty = [k for k, v in kinds.items() if not v["available"]]
    assert {"e2c", "cap_emploi"} <= set(empty)
    for guide in load_guides():
        for sentence in re.split(r"(?<=[.!?])\s+", " ".join(guide.body_markdown.split())):
            if "plus proche" not in sentence or "pas encore" in sentence:
                continue  # a sentence may name a missing kind to say that it is missing
            for k in empty:
                names = {KINDS[k].label, KINDS[k].label_plural, HELPER_LABELS.get(k, k)}
                assert not any(n in sentence for n in names), (guide.slug, sentence)
        detail = ok(api, f"/api/v1/guides/{guide.slug}")
        for helper in detail["helpers"]:
            assert helper["available"] == (helper["kind"] not in empty)
            assert (helper["note"] is None) == helper["available"]


def test_an_mdph_is_only_ever_the_persons_own_departement(api: Any) -> None:
    nice = ok(api, "/api/v1/structures?place=Nice&kind=mdph&radius_km=100")
    assert nice["total"] == 0  # 06 has no MDPH in the data: the Var's is not offered instead
    assert "votre département (Alpes-Maritimes)" in nice["speech"]
    lyon = ok(api, "/api/v1/structures?place=Villeurbanne&kind=mdph")
    assert lyon["total"] >= 1 and all(i["code_insee"].startswith("69") for i in lyon["items"])
    # Far from the seat, the person's own MDPH is still the one given.
    far = ok(api, "/api/v1/structures?place=Millau&kind=mdph&radius_km=5")
    assert far["total"] >= 1 and all(i["code_insee"].startswith("12") for i in far["items"])
    assert far["items"][0]["distance_m"] > 5000


def test_routing_never_picks_another_departements_mdph_nor_an_unreachable_place() -> None:
    near_other = routing.Candidate(1, "mdph", "83", 43.6, 7.0)
    own_far = routing.Candidate(2, "mdph", "06", 44.2, 7.2)
    unreachable = routing.Candidate(3, "mdph", "06", 43.7, 7.26, reachable=False)
    route = routing.route_callback(20, "disability", "06", 43.7, 7.26, [near_other, unreachable])
    assert route is None or route.kind != "mdph"
    route = routing.route_callback(20, "disability", "06", 43.7, 7.26, [near_other, own_far])
    assert route is not None and route.structure_id == 2


# --- the rule for old facts ----------------------------------------------------------------


def test_facts_older_than_two_years_are_to_check_with_their_date() -> None:
    today = date(2026, 12, 2)
    assert not trust.is_fresh("2019-07", today) and not trust.is_fresh("2024-11", today)
    assert trust.is_fresh("2024-12", today) and trust.is_fresh("2026-11-30", today)
    assert trust.is_fresh("2025-26", today) and not trust.is_fresh("", today)
    assert trust.age_note("2019-07", today) == (
        "Infos de juillet 2019, à vérifier avant de vous déplacer."
    )
    assert (
        trust.age_note("2023-08", today) == "Infos d'août 2023, à vérifier avant de vous déplacer."
    )
    assert trust.age_note("2026-11-30", today) is None
    assert trust.date_words("2026-11-01") == "1er novembre 2026"


def test_every_structure_carries_its_date_and_old_ones_are_not_verified(api: Any) -> None:
    body = ok(api, "/api/v1/structures?place=Lyon&limit=50")
    for item in body["items"]:
        assert item["source_date"]
        fresh = trust.is_fresh(item["source_date"])
        assert (item["age_note"] is None) == fresh
        assert not (item["verified"] and not fresh)


def test_the_data_report_says_per_kind_what_is_there_and_what_is_missing(
    loaded_db_url: str,
) -> None:
    from backend.data_report import collect, departements, table
    from backend.db import make_engine

    assert len(departements()) == 101
    engine = make_engine(loaded_db_url)
    figures = {f.kind: f for f in collect(engine, date(2026, 12, 2))}
    engine.dispose()
    assert figures["e2c"].count == 0 and figures["cap_emploi"].count == 0
    mdph = figures["mdph"]
    missing = set(departements()) - mdph.departements
    assert {"06", "15", "2A", "2B", "93", "976"} <= missing and len(missing) == 12
    assert figures["france_travail"].no_contact == figures["france_travail"].count
    assert figures["mission_locale"].old == figures["mission_locale"].count  # 2019 and 2023
    lines = table(list(figures.values()))
    assert any(line.startswith("| École de la 2e chance (`e2c`) | 0 | tous |") for line in lines)


def _gz_rows(name: str) -> list[dict[str, str]]:
    import gzip

    with gzip.open(BUNDLED_DATA_DIR / name, "rt", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_the_directory_rows_are_cleaned_as_a_person_reads_them() -> None:
    annuaire = {r["external_id"]: r for r in _gz_rows("structures_annuaire_2019.csv.gz")}
    every = list(annuaire.values()) + [
        r for n in ("structures_cfa_2023.csv.gz",) for r in _gz_rows(n)
    ]
    for r in every:
        for field in ("name", "address", "commune"):
            assert (
                "Tél :" not in r[field] and "Fax :" not in r[field] and "Adresse :" not in r[field]
            )
        assert not re.search(r"cedex", r["commune"], re.I), r
        assert r["postcode"] == "" or re.fullmatch(r"\d{5}", r["postcode"]), r
        assert not re.search(r"-0(19|20)\d\d\b", r["address"]), r  # "8-Mai-01945"
        assert not re.search(r"https?:/[^/]", r["website"]), r
        host = re.sub(r"^https?://", "", r["website"]).split("/")[0]
        assert not r["website"] or r["website"].startswith("http"), r
        assert not r["website"] or re.search(r"\.[a-z]{2,6}$", host, re.I), r  # no glued path
    # "42 rue du Progrès, 3000, Moulins" was placed in Nîmes (30189): it is in Moulins.
    moved = annuaire["annuaire2019:crib-30189-04"]
    assert (moved["code_insee"], moved["postcode"], moved["commune"]) == (
        "03190",
        "03000",
        "Moulins",
    )
    assert moved["address"] == "42 rue du Progrès"
    assert annuaire["annuaire2019:msap-80021-01"]["address"] == "Rue du 8-Mai-1945"
    # "05010 Gap Cedex" is Gap (not the commune whose INSEE code is 05010).
    gap = annuaire["annuaire2019:cio-05061-01"]
    assert (gap["code_insee"], gap["postcode"], gap["commune"]) == ("05061", "05000", "Gap")
    assert annuaire["annuaire2019:cio-93066-01"]["website"].startswith(
        "http://orientation.ac-creteil.fr/"
    )
    # Overseas numbers written with their international prefix are kept.
    reunion = [r for r in every if r["departement"] == "974" and r["phone"].startswith("02 62")]
    assert len(reunion) >= 30


def test_example_offers_read_like_real_ones() -> None:
    from datetime import date as day

    from backend.sample_offers import job_name

    offers = _gz_rows("offers_examples.csv.gz")
    assert job_name("Conducteur / Conductrice d'engins agricoles") == (
        "Conducteur d'engins agricoles"
    )
    for o in offers:
        assert not o["title"].lower().startswith("stage stage"), o["title"]
        assert " / " not in o["title"]
        assert int(o["places_left"]) >= 1  # nothing published without a place
        assert not re.search(r"\bde [AEIOUYÉÈÂÎaeiouyéèâî]", o["employer"]), o["employer"]
        assert "métier de i" not in o["description"] and "métier de a" not in o["description"]
        if o["levels"] == "2nde" and o["start_date"]:
            start = day.fromisoformat(o["start_date"])
            assert start.month == 6 and start.day >= 8 and int(o["weeks"]) == 2, o
    # Names are not cut to their first word ("Conducteur" alone).
    assert any("Conducteur d'engins" in o["title"] for o in offers)


def test_each_career_links_the_onisep_metier_with_the_closest_label() -> None:
    careers = {r["code"]: r for r in rows("careers.csv")}
    assert careers["A1504"]["onisep_label"] == "vétérinaire"  # not "ostéopathe animalier"
    assert careers["A1201"]["onisep_label"].startswith("bûcheron")  # not "élagueur"
    assert careers["B1604"]["onisep_label"].startswith("horloger")  # not "campaniste"
    notice = (ROOT_DIR / "DATA_NOTICE.md").read_text(encoding="utf-8")
    assert "ONISEP" in notice and "ODbL" in notice.split("ONISEP", 1)[1].splitlines()[0]


def test_a_micro_college_takes_its_own_ages_not_16_to_25(api: Any) -> None:
    found = ok(api, "/api/v1/structures?kind=microlycee&q=micro-college&limit=10")
    colleges = [i for i in found["items"] if "coll" in i["name"].lower()]
    assert len(colleges) >= 2
    detail = ok(api, f"/api/v1/structures/{colleges[0]['id']}")
    assert detail["age_max"] == 16 and detail["age_min"] is None
    assert "collège" in detail["description"]
    # A 20-year-old is not sent to a micro-collège.
    adult = ok(api, "/api/v1/structures?place=Amiens&kind=microlycee&age=20&radius_km=50")
    assert not any("coll" in i["name"].lower() for i in adult["items"])
    young = ok(api, "/api/v1/structures?place=Amiens&kind=microlycee&age=14&radius_km=50")
    assert any("coll" in i["name"].lower() for i in young["items"])


def test_a_place_without_a_phone_is_never_told_to_be_called(api: Any) -> None:
    body = ok(api, "/api/v1/structures?place=Lyon&kind=cfa&limit=50")
    no_phone = next(i for i in body["items"] if not i["phone"] and i["own_contact"])
    html = api.get(f"/lieux/{no_phone['id']}").text
    assert "appelez" not in html.lower() and "en appelant" not in html
    assert "Horaires non connus." in html and 'href="tel:' not in html.split("<main")[1]


def test_one_row_a_place_across_the_datasets() -> None:
    """A GRETA in the 2019 directory and in the apprenticeship list is one place, kept once
    (the row with a phone); sites of one name at other addresses stay."""
    import gzip
    from collections import defaultdict

    from rapidfuzz import fuzz

    from geodata.text import fold

    groups: dict[tuple[str, str], list[dict[str, str]]] = defaultdict(list)
    for path in BUNDLED_DATA_DIR.glob("structures_*"):
        opener = gzip.open if path.suffix == ".gz" else open
        with opener(path, "rt", encoding="utf-8") as f:  # type: ignore[operator]
            for r in csv.DictReader(f):
                groups[(fold(r["name"]), r["code_insee"])].append(r)
    for (name, _code), members in groups.items():
        streets = [
            fold(re.sub(r"\b(BP|CS)\s*\d+", "", r["address"])) for r in members if r["address"]
        ]
        for i, a in enumerate(streets):
            for b in streets[i + 1 :]:
                assert fuzz.token_set_ratio(a, b) < 95, (name, a, b)
    greta = groups[("greta nord allier", "03321")]
    assert len(greta) == 1 and greta[0]["phone"]


def test_example_offers_of_farm_and_forest_trades_are_not_in_cities() -> None:
    import geodata
    from backend.sample_offers import RURAL_MAX_POPULATION, RURAL_TRADES

    offers = _gz_rows("offers_examples.csv.gz")
    rural = [o for o in offers if o["rome_codes"].startswith(RURAL_TRADES)]
    assert len(rural) >= 20
    for o in rural:
        commune = geodata.get_commune(o["code_insee"])
        assert commune is not None and commune.population < RURAL_MAX_POPULATION, o["title"]
    assert not any(o["commune"].startswith("Paris") for o in rural)


def test_example_offers_are_plausible_for_their_trade_level_and_place() -> None:
    """An example reads like an internship a pupil could find there: the employer is the kind
    of place where the trade is done, in a commune that has one, at a level a trainee holds."""
    import geodata
    from backend.sample_offers import OBSERVATION_ONLY, fits, job_name, workplace

    assert job_name("Ouvrier forestier / Ouvrière forestière") == "Ouvrier forestier"
    assert job_name("Maître-nageur sauveteur / Maître-nageuse sauveteuse") == (
        "Maître-nageur sauveteur"
    )
    assert job_name("Agent général / Agente générale d'assurance") == "Agent général d'assurance"
    offers = _gz_rows("offers_examples.csv.gz")
    doubled = re.compile(r"\b(\w+)(ier|eur|ien|al|if|ant) \1(ière|euse|rice|ienne|ale|ive|ante)\b")
    for o in offers:
        code, job = o["rome_codes"], o["title"].split(" : ", 1)[1]
        assert not doubled.search(job), job  # "Ouvrier forestier forestière"
        assert o["employer"].startswith(workplace(code).words), (code, o["employer"])
        commune = geodata.get_commune(o["code_insee"])
        assert commune is not None
        assert fits(workplace(code), commune.population, o["departement"]), (
            o["title"],
            o["commune"],
        )
        if OBSERVATION_ONLY.match(job):  # an engineer's or a manager's job is watched, not done
            assert o["levels"] in ("3e", "2nde"), o["title"]
        assert not re.search(r"\bde (?:Le|Les) ", o["employer"]), o["employer"]  # "du Lude"
    # Spot checks written apart from the rules' table.
    for o in offers:
        if o["rome_codes"].startswith(("N21", "N22")):  # airlines and airports: big cities
            assert geodata.get_commune(o["code_insee"]).population >= 100_000, o
        if o["rome_codes"].startswith("G12"):  # leisure: not a brasserie
            assert "Brasserie" not in o["employer"] and "Restaurant" not in o["employer"]
        if o["rome_codes"].startswith(("N31", "N32")):  # the sea
            assert o["departement"] in {"13", "29", "33", "44", "56", "76", "83", "974", "06",
                                        "14", "17", "22", "2A", "2B", "30", "34", "35", "40",
                                        "50", "59", "62", "64", "66", "80", "85", "11", "971",
                                        "972", "973", "976"}, o  # fmt: skip
    assert not any(o["title"].startswith(("Stage CAP : Ingénieur", "Stage bac pro : Directeur"))
                   for o in offers)  # fmt: skip
    assert any(o["employer"].startswith("Garage") for o in offers)
