"""French text made to be heard."""

from __future__ import annotations

import time

import pytest

from geodata.speech import expand_abbreviations, number_words, phone_words, speakable


@pytest.mark.parametrize(
    ("n", "words"),
    [
        (0, "zéro"),
        (21, "vingt et un"),
        (71, "soixante et onze"),
        (80, "quatre-vingts"),
        (1234, "mille deux cent trente-quatre"),
        (2.5, "deux virgule cinq"),
        (2.0, "deux"),
        (0.05, "zéro virgule zéro cinq"),
        (-3, "moins trois"),
    ],
)
def test_number_words(n, words):
    assert number_words(n) == words


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), "12", None, True])
def test_number_words_bad_input(bad):
    with pytest.raises(ValueError):
        number_words(bad)


@pytest.mark.parametrize(
    ("phone", "words"),
    [
        ("04 78 12 34 56", "zéro quatre, soixante-dix-huit, douze, trente-quatre, cinquante-six"),
        ("0478123456", "zéro quatre, soixante-dix-huit, douze, trente-quatre, cinquante-six"),
        ("04.78.12.34.56", "zéro quatre, soixante-dix-huit, douze, trente-quatre, cinquante-six"),
        (
            "+33 4 78 12 34 56",
            "zéro quatre, soixante-dix-huit, douze, trente-quatre, cinquante-six",
        ),
        ("+33 (0)1 40 00 00 00", "zéro un, quarante, zéro zéro, zéro zéro, zéro zéro"),
        ("39 49", "trente-neuf, quarante-neuf"),
        ("115", "cent quinze"),
        ("15", "quinze"),
    ],
)
def test_phone_words_in_pairs(phone, words):
    assert phone_words(phone) == words


@pytest.mark.parametrize("bad", ["", "pas de numéro", "1" * 25, None])
def test_phone_words_bad_input(bad):
    with pytest.raises(ValueError):
        phone_words(bad)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Le CIO", "Le centre d'information et d'orientation"),
        ("une E2C", "une école de la deuxième chance"),
        ("l'EPIDE", "l'établissement pour l'insertion dans l'emploi"),
        ("la MDPH", "la maison départementale des personnes handicapées"),
        (
            "un CAP ou un BTS",
            "un certificat d'aptitude professionnelle ou un brevet de technicien supérieur",
        ),
        ("la RQTH", "la reconnaissance de la qualité de travailleur handicapé"),
        ("un ESAT", "un établissement et service d'accompagnement par le travail"),
        ("le CFA", "le centre de formation d'apprentis"),
        ("le SUIO", "le service universitaire d'information et d'orientation"),
        ("le CIJ", "le centre d'information jeunesse"),
        ("à 3 km", "à 3 kilomètres"),
        ("à 1 km", "à 1 kilomètre"),
        ("à 1,5 km", "à 1,5 kilomètre"),
        ("à 400 m", "à 400 mètres"),
        ("à 400m", "à 400 mètres"),
        ("Cap emploi", "Cap emploi"),  # a network's name, not the diploma
        ("CAP emploi", "CAP emploi"),
    ],
)
def test_expand_abbreviations(text, expected):
    assert expand_abbreviations(text) == expected


@pytest.mark.parametrize(
    "text",
    ["Le cio", "CIOS", "MCIO", "capitale", "m", "un m", "Kmart", "ESATs", "3 mois"],
)
def test_abbreviations_respect_word_boundaries_and_case(text):
    assert expand_abbreviations(text) == text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "<p>Le <b>CIO</b> de Lyon 3e</p>",
            "Le centre d'information et d'orientation de Lyon troisième",
        ),
        ("**E2C** à 2,3 km", "école de la deuxième chance à deux virgule trois kilomètres"),
        (
            "Appelez le 04 78 12 34 56.",
            "Appelez le zéro quatre, soixante-dix-huit, douze, trente-quatre, cinquante-six.",
        ),
        ("Ouvert de 9h30 à 17h", "Ouvert de neuf heures trente à dix-sept heures"),
        ("1er étage, 2nde, 21e", "premier étage, seconde, vingt et unième"),
        ("3 résultats", "trois résultats"),
        ("1 200 places", "mille deux cents places"),
        ("50 %", "cinquante pour cent"),
        ("12 €", "douze euros"),
        ("75015 Paris", "soixante-quinze zéro quinze Paris"),
        ("13001", "treize zéro zéro un"),
        ("[le site](https://example.org) et https://a.b/c", "le site et"),
        ("A &amp; B", "A & B"),
        ("un\x00deux", "un deux"),
    ],
)
def test_speakable(text, expected):
    assert speakable(text) == expected


def test_speakable_has_no_digits_left_and_is_fast():
    text = "Le CIO (tél. 04 78 12 34 56) est à 2,3 km, 3e étage, 12 places, 75015 Paris. " * 20
    t0 = time.perf_counter()
    out = speakable(text)
    assert time.perf_counter() - t0 < 0.5
    assert not any(ch.isdigit() for ch in out)
    assert speakable(text) == out  # deterministic


def test_speakable_bad_input():
    with pytest.raises(ValueError):
        speakable(None)
    assert speakable("") == ""
    assert speakable("😀") == "😀"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2A004", "deux A zéro zéro quatre"),
        ("H2913", "H deux mille neuf cent treize"),
        ("(12)", "(douze)"),
        ("les 3 e-mails", "les trois e-mails"),  # "3 e" is not an ordinal
        ("n° 3", "numéro trois"),
    ],
)
def test_speakable_codes_and_spacing(text, expected):
    assert speakable(text) == expected


def test_dates_are_said_as_dates() -> None:
    from geodata.speech import speakable

    assert speakable("Début le 2027-03-15.") == "Début le quinze mars deux mille vingt-sept."
    assert speakable("Du 01/06/2026 au 26/06/2026") == (
        "Du premier juin deux mille vingt-six au vingt-six juin deux mille vingt-six"
    )
    assert "zéro trois" not in speakable("2027-03-15")  # not "deux mille vingt-sept zéro trois"


@pytest.mark.parametrize(
    ("start", "end", "said"),
    [
        ("2027-03-01", "2027-03-05", "Du 1er au 5 mars 2027"),
        ("2027-02-26", "2027-03-05", "Du 26 février au 5 mars 2027"),
        ("2026-12-15", "2027-01-05", "Du 15 décembre 2026 au 5 janvier 2027"),
        ("bientôt", "2027-01-05", "Du bientôt au 5 janvier 2027"),
    ],
)
def test_a_period_is_written_as_a_person_says_it(start: str, end: str, said: str) -> None:
    from geodata.speech import date_words, period_words

    assert period_words(start, end) == said
    assert date_words("2027-08-01") == "1er août 2027" and date_words("x") == "x"
