"""Départements, regions and numbers said as the place, in the dialogue, against the real API."""

from __future__ import annotations

import pytest

from tests.support.backend import Recorder
from voice import Dialogue
from voice.understanding import normalize, understand


@pytest.mark.parametrize(
    ("said", "digits"),
    [
        ("quatre vingt treize", "93"),
        ("soixante dix sept", "77"),
        ("dix sept ans", "17 ans"),
        ("quatre vingts", "80"),
        ("quatre vingt dix neuf", "99"),
        ("zéro six douze trente quatre soixante dix huit", "06 12 34 78"),
    ],
)
def test_compound_numbers_said_without_hyphens_are_one_number(said: str, digits: str) -> None:
    # a recognizer writes "quatre vingt treize"; read as "4 20 13" it was a wrong département
    assert normalize(said) == digits


@pytest.mark.parametrize(
    ("said", "area"),
    [
        ("je cherche une mission locale en seine saint denis", "departement:93"),
        ("mission locale dans le soixante neuf", "departement:69"),
        ("un cio dans la vienne", "departement:86"),
        ("un stage en bretagne", "region:53"),
    ],
)
def test_an_area_in_a_request_is_a_slot(said: str, area: str) -> None:
    u = understand(said)
    assert u.slots.get("place_area") == area and "place" not in u.slots, u.slots


def test_a_town_inside_the_area_said_after_it_stays_the_town() -> None:
    assert understand("mission locale à lyon dans le rhône").slots["place"] == "69123"
    u = understand("mission locale à saint denis à la réunion")
    assert u.slots["place"] == "97411" and "place_area" not in u.slots
    assert understand("mission locale à vienne").slots["place"] == "38544"


def test_a_departement_request_searches_the_whole_departement(server: Recorder) -> None:
    d = Dialogue(server.client())
    d.start()
    reply = d.handle("je cherche une mission locale en seine saint denis")
    sent = server.params("/api/v1/structures")[-1]
    assert sent["departement"] == "93" and "code_insee" not in sent
    assert reply.state == "results"
    assert "missions locales en Seine-Saint-Denis." in reply.text
    assert "Les distances sont comptées depuis Bobigny." in reply.text
    # trade words keep only the trade: "coiffure", not "coiffure dans le nord"
    reply = d.handle("un stage de coiffure dans le nord")
    sent = server.params("/api/v1/offers")[0]
    assert sent["departement"] == "59" and sent["q"] == "coiffure", sent
    assert "« coiffure » dans le Nord" in reply.text


@pytest.mark.parametrize(
    ("answer", "area", "said"),
    [
        ("seine saint denis", "93", "en Seine-Saint-Denis"),  # not Seine-Port
        ("le quatre vingt treize", "93", "en Seine-Saint-Denis"),
        ("haute garonne", "31", "en Haute-Garonne"),  # not Haute-Goulaine
    ],
)
def test_a_departement_answers_where(server: Recorder, answer: str, area: str, said: str) -> None:
    d = Dialogue(server.client())
    d.start()
    assert d.handle("mission locale").state == "ask_place"
    reply = d.handle(answer)
    assert server.params("/api/v1/structures")[-1]["departement"] == area
    assert reply.state == "results" and said in reply.text


def test_a_callback_needs_the_town_not_the_departement(server: Recorder) -> None:
    d = Dialogue(server.client())
    d.start()
    for turn in ("rappelle moi", "inès", "zéro six douze trente quatre cinquante six soixante dix huit", "oui", "dix sept ans"):  # fmt: skip
        reply = d.handle(turn)
    assert reply.state == "callback_place"
    reply = d.handle("dans le quatre vingt treize")
    assert reply.state == "callback_place" and "pas seulement le département" in reply.text
    reply = d.handle("bobigny")
    assert reply.state != "callback_place"


def test_a_town_not_found_is_said_back_then_the_postcode_is_asked(server: Recorder) -> None:
    d = Dialogue(server.client())
    d.start()
    assert d.handle("un cio").state == "ask_place"
    first = d.handle("euh à Pétaouchnok-les-Bains")
    assert first.text.startswith("Je ne trouve pas la ville « petaouchnok les bains ».")
    assert first.prompt == "Dans quelle ville ?" and first.state == "ask_place"
    second = d.handle("c'est Pétaouchnok")
    assert second.text.startswith("Je ne trouve pas non plus « petaouchnok ».")
    assert "code postal" in second.prompt and "numéro du département" in second.prompt
    # what was asked for is understood: the postcode said in words, as a recognizer writes it
    wrong = d.handle("quinze cent")
    assert wrong.state == "ask_place"  # 1500 is no postcode: still asked, not a search
    assert wrong.text.startswith("Je ne connais pas de code postal 1500.")
    both = d.handle("quinze zéro zéro zéro")  # Aurillac and Ytrac share it
    assert both.state == "confirm_place" and "Aurillac" in both.text
    found = d.handle("Aurillac")
    assert found.state == "results" and "Aurillac" in found.text
    assert server.params("/api/v1/structures")[-1]["code_insee"] == "15014"


def test_a_long_answer_that_names_no_town_is_not_said_back(server: Recorder) -> None:
    d = Dialogue(server.client())
    d.start()
    d.handle("une mission locale")
    reply = d.handle("je sais pas trop en fait c est compliqué chez moi")
    assert reply.text.startswith("Je n'ai pas compris.") and "«" not in reply.text
