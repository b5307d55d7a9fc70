"""Opening hours in the OpenStreetMap syntax: what is true now, told in French, in the place's
own time zone, and the counselor's days turned into that syntax and back."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest

from backend.services import hours

WEEKDAYS = "Mo-Fr 09:00-12:00,14:00-17:00; PH off"


@pytest.mark.parametrize(
    "now,said",
    [
        (datetime(2026, 12, 3, 10, 0), "Ouvert en ce moment, jusqu'à 12 h."),  # a Thursday
        (datetime(2026, 12, 3, 12, 30), "Fermé en ce moment, ouvre aujourd'hui à 14 h."),
        (datetime(2026, 12, 3, 17, 0), "Fermé en ce moment, ouvre demain à 9 h."),
        (datetime(2026, 12, 4, 18, 0), "Fermé en ce moment, ouvre lundi à 9 h."),  # Friday night
        (datetime(2026, 12, 24, 18, 0), "Fermé en ce moment, ouvre lundi à 9 h."),  # Christmas
        (datetime(2026, 7, 14, 10, 0), "Fermé en ce moment, ouvre demain à 9 h."),  # a holiday
    ],
)
def test_what_is_true_now(now: datetime, said: str) -> None:
    assert hours.now_words(WEEKDAYS, now).startswith(said)


def test_the_day_is_told_with_its_ranges() -> None:
    text = hours.now_words(WEEKDAYS, datetime(2026, 12, 3, 10, 0))
    assert text.endswith("Aujourd'hui : de 9 h à 12 h et de 14 h à 17 h.")
    assert hours.now_words("Mo-Su 00:00-24:00", datetime(2026, 12, 3, 3, 0)) == (
        "Ouvert en ce moment, 24 heures sur 24."
    )
    late = hours.now_words("Mo-Sa 18:00-02:00", datetime(2026, 12, 3, 23, 30))
    assert late.startswith("Ouvert en ce moment, jusqu'à demain 2 h.")
    assert hours.time_words(time(12, 30)) == "12 h 30"


def test_the_week_counts_public_holidays_closed() -> None:
    week = hours.week(WEEKDAYS, date(2026, 12, 21))
    assert [d.name for d in week][:5] == ["lundi", "mardi", "mercredi", "jeudi", "vendredi"]
    assert week[4].date == date(2026, 12, 25) and week[4].words == "fermé"
    assert week[0].words == "de 9 h à 12 h et de 14 h à 17 h"


def test_each_place_is_told_in_its_own_time_zone() -> None:
    # 06:30 UTC: 7 h 30 in Paris (closed), 10 h 30 in La Réunion (open), 2 h 30 in Guadeloupe.
    instant = datetime(2026, 12, 3, 6, 30, tzinfo=UTC)
    paris = hours.describe(WEEKDAYS, "75", instant)
    reunion = hours.describe(WEEKDAYS, "974", instant)
    guadeloupe = hours.describe(WEEKDAYS, "971", instant)
    assert paris["now"].startswith("Fermé en ce moment, ouvre aujourd'hui à 9 h.")
    assert reunion["now"].startswith("Ouvert en ce moment, jusqu'à 12 h.")
    assert reunion["time_zone"] == "Indian/Reunion"
    assert guadeloupe["week"][0]["date"] == "2026-12-03" and guadeloupe["week"][0]["today"]
    assert hours.describe(WEEKDAYS, "976", instant)["time_zone"] == "Indian/Mayotte"


def test_without_hours_it_says_so_and_free_text_is_shown_as_given() -> None:
    none = hours.describe(None, "69")
    assert none["known"] is False and none["now"] == "Je n'ai pas les horaires de ce lieu."
    free = hours.describe("du lundi au vendredi, 9 h - 17 h", "69")
    assert free["known"] and not free["osm"] and free["week"] == []
    assert free["now"] == "Horaires donnés par le lieu : du lundi au vendredi, 9 h - 17 h."


def test_days_of_the_form_become_the_osm_syntax_and_come_back() -> None:
    morning, afternoon = (time(9), time(12)), (time(14), time(17))
    days = [[morning, afternoon]] * 5 + [[morning], []]
    text = hours.from_days(days)
    assert text == "Mo-Fr 09:00-12:00,14:00-17:00; Sa 09:00-12:00; PH off"
    assert hours.is_osm(text)
    assert hours.to_days(text) == (days, True)
    assert hours.from_days([[]] * 7) is None
    assert hours.from_days([[morning]] * 2 + [[]] * 5, holidays_closed=False) == (
        "Mo,Tu 09:00-12:00"
    )


@pytest.mark.parametrize("bad", ["lundi 9h-12h", "Mo-Fr 25:00-26:00", "Mo-Fr 09:00-"])
def test_a_value_outside_the_syntax_is_refused(bad: str) -> None:
    assert not hours.is_osm(bad)
    with pytest.raises(hours.HoursError):
        hours.validate(bad)
    assert hours.validate("  Mo-Fr  09:00-17:00 ") == "Mo-Fr 09:00-17:00"
