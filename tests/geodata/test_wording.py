"""Distances and directions in French words (rounding rules of geodata.wording)."""

from __future__ import annotations

import pytest

from geodata import clock_words, direction_words, distance_words, place_words


@pytest.mark.parametrize(
    ("metres", "words"),
    [
        (0, "ici même"),
        (29.9, "ici même"),
        (30, "à 50 mètres"),  # at least 50 m once not "here"
        (50, "à 50 mètres"),
        (74.9, "à 50 mètres"),
        (75, "à 100 mètres"),  # half rounds up
        (380, "à 400 mètres"),
        (400, "à 400 mètres"),
        (949, "à 950 mètres"),
        (974, "à 950 mètres"),
        (975, "à 1 kilomètre"),
        (1000, "à 1 kilomètre"),
        (1049, "à 1 kilomètre"),
        (1050, "à 1,1 kilomètre"),
        (1500, "à 1,5 kilomètre"),  # singular below 2
        (1999, "à 2 kilomètres"),
        (2000, "à 2 kilomètres"),
        (2300, "à 2,3 kilomètres"),
        (2349, "à 2,3 kilomètres"),
        (9940, "à 9,9 kilomètres"),
        (9950, "à 10 kilomètres"),
        (10_000, "à 10 kilomètres"),
        (10_499, "à 10 kilomètres"),
        (35_000, "à 35 kilomètres"),
        (35_500, "à 36 kilomètres"),
        (1_234_567, "à 1235 kilomètres"),
    ],
)
def test_distance_words_rounding(metres, words):
    assert distance_words(metres) == words


@pytest.mark.parametrize("bad", [-1, -0.001, float("nan"), float("inf"), "loin", None, True])
def test_distance_words_rejects_bad_input(bad):
    with pytest.raises(ValueError):
        distance_words(bad)


@pytest.mark.parametrize(
    ("bearing", "words"),
    [
        (0, "au nord"),
        (22.4, "au nord"),
        (22.5, "au nord-est"),
        (45, "au nord-est"),
        (90, "à l'est"),
        (135, "au sud-est"),
        (180, "au sud"),
        (225, "au sud-ouest"),
        (270, "à l'ouest"),
        (315, "au nord-ouest"),
        (337.4, "au nord-ouest"),
        (337.5, "au nord"),
        (360, "au nord"),
        (-90, "à l'ouest"),
        (450, "à l'est"),
    ],
)
def test_eight_directions(bearing, words):
    assert direction_words(bearing) == words


@pytest.mark.parametrize(
    ("bearing", "heading", "words"),
    [
        (0, 0, "à 12 heures"),
        (60, 0, "à 2 heures"),
        (90, 0, "à 3 heures"),
        (180, 0, "à 6 heures"),
        (270, 0, "à 9 heures"),
        (30, 0, "à 1 heure"),
        (100, 90, "à 12 heures"),
        (0, 90, "à 9 heures"),
        (350, 10, "à 11 heures"),
        (14, 0, "à 12 heures"),
        (16, 0, "à 1 heure"),
    ],
)
def test_clock_face_relative_to_heading(bearing, heading, words):
    assert clock_words(bearing, heading) == words


def test_place_words():
    assert place_words(2300, 45) == "à 2,3 kilomètres au nord-est"
    assert place_words(400, 270) == "à 400 mètres à l'ouest"
    assert place_words(10, 45) == "ici même"
    with pytest.raises(ValueError):
        place_words(100, float("nan"))
    with pytest.raises(ValueError):
        direction_words(float("nan"))
    with pytest.raises(ValueError):
        clock_words(10, float("inf"))
