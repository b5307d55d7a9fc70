"""Opening hours: the OpenStreetMap ``opening_hours`` syntax (what data·inclusion uses), read
with the maintained ``opening-hours-py`` parser, told in plain French in the place's own time
zone (overseas included).

Stored as the OSM string on ``Structure.opening_hours``; a counselor fills days and time ranges
(``from_days``), never the raw string. A value that is not in that syntax (free text typed before
the form existed) is kept and shown as given, without "open now" claims.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import opening_hours as osm

from backend.services.errors import ServiceError

#: Time zones of the overseas départements and collectivités; the rest is Europe/Paris.
TIME_ZONES = {
    "971": "America/Guadeloupe",
    "972": "America/Martinique",
    "973": "America/Cayenne",
    "974": "Indian/Reunion",
    "975": "America/Miquelon",
    "976": "Indian/Mayotte",
    "977": "America/St_Barthelemy",
    "978": "America/Marigot",
    "986": "Pacific/Wallis",
    "987": "Pacific/Tahiti",
    "988": "Pacific/Noumea",
}
DEFAULT_TIME_ZONE = "Europe/Paris"
DAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
OSM_DAYS = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")
MAX_LENGTH = 500
NO_HOURS = "Je n'ai pas les horaires de ce lieu."


class HoursError(ServiceError):
    def __init__(self, detail: str) -> None:
        super().__init__(422, "Horaires invalides", detail)


def time_zone(departement: str | None) -> ZoneInfo:
    return ZoneInfo(TIME_ZONES.get((departement or "")[:3], DEFAULT_TIME_ZONE))


def _parse(text: str) -> osm.OpeningHours:
    # French public holidays ("PH off"); no coordinates: the zone is given by the département.
    return osm.OpeningHours(text, country="FR")


def is_osm(text: str | None) -> bool:
    if not text or not text.strip():
        return False
    try:
        _parse(text.strip())
    except (SyntaxError, ValueError, osm.ParserError):
        return False
    return True


def validate(text: str | None) -> str | None:
    """The OSM string, stripped; None for empty; HoursError (422, in French) otherwise."""
    if text is None or not text.strip():
        return None
    value = " ".join(text.split())
    if len(value) > MAX_LENGTH:
        raise HoursError(f"Les horaires font {MAX_LENGTH} caractères au plus.")
    if not is_osm(value):
        raise HoursError(
            "Ces horaires ne suivent pas le format OpenStreetMap « opening_hours », par exemple "
            "« Mo-Fr 09:00-12:00,14:00-17:00; PH off »."
        )
    return value


# --- saying a time ---------------------------------------------------------------------------


#: A range that runs to the end of the day ends at END_OF_DAY (said "minuit", written 24:00).
END_OF_DAY = time(23, 59, 59)


def time_words(t: time) -> str:
    """9:00 -> "9 h", 12:30 -> "12 h 30", 0:00 and the end of the day -> "minuit"."""
    if (t.hour == 0 and t.minute == 0) or t == END_OF_DAY:
        return "minuit"
    return f"{t.hour} h" if t.minute == 0 else f"{t.hour} h {t.minute:02d}"


def ranges_words(ranges: list[tuple[time, time]]) -> str:
    """ "de 9 h à 12 h et de 14 h à 17 h"."""
    if ranges == [(time(0), END_OF_DAY)]:
        return "24 heures sur 24"
    parts = [f"de {time_words(a)} à {time_words(b)}" for a, b in ranges]
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " et " + parts[-1]


# --- a day, a week, now ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Day:
    date: date
    name: str  # "jeudi"
    ranges: tuple[tuple[time, time], ...]  # open ranges; () closed all day

    @property
    def words(self) -> str:
        return ranges_words(list(self.ranges)) if self.ranges else "fermé"

    def as_dict(self, today: date) -> dict[str, object]:
        return {
            "date": self.date.isoformat(),
            "day": self.name,
            "today": self.date == today,
            "ranges": [
                f"{a:%H:%M}-{'24:00' if b == END_OF_DAY else f'{b:%H:%M}'}" for a, b in self.ranges
            ],
            "text": self.words,
        }


def _days(rules: osm.OpeningHours, start: date, count: int) -> list[Day]:
    begin = datetime.combine(start, time())
    end = begin + timedelta(days=count)
    per_day: dict[date, list[tuple[time, time]]] = {start + timedelta(n): [] for n in range(count)}
    for a, b, state, _comment in rules.intervals(begin, end):
        if state != osm.State.OPEN:
            continue
        a = a.replace(tzinfo=None) if a.tzinfo else a
        b = (b or end).replace(tzinfo=None) if (b and b.tzinfo) else (b or end)
        while a < b:  # an interval over midnight counts on both days
            day_end = datetime.combine(a.date() + timedelta(1), time())
            stop = min(b, day_end)
            closing = END_OF_DAY if stop == day_end else stop.time()
            if a.date() in per_day:
                per_day[a.date()].append((a.time(), closing))
            a = stop
    return [Day(d, DAYS[d.weekday()], tuple(r)) for d, r in sorted(per_day.items())]


def week(text: str, start: date) -> list[Day]:
    """The seven days from ``start`` on (public holidays included)."""
    return _days(_parse(text), start, 7)


def _when(day: date, today: date) -> str:
    if day == today:
        return "aujourd'hui"
    if day == today + timedelta(1):
        return "demain"
    return DAYS[day.weekday()]


def now_words(text: str, now: datetime) -> str:
    """ "Ouvert en ce moment, jusqu'à 12 h. Aujourd'hui : de 9 h à 12 h et de 14 h à 17 h." or
    "Fermé en ce moment, ouvre demain à 9 h." (``now`` in the place's own time zone, naive)."""
    rules = _parse(text)
    days = _days(rules, now.date(), 7)
    today = days[0]
    if rules.is_open(now):
        closing = rules.next_change(now)
        if closing is not None and closing.tzinfo:
            closing = closing.replace(tzinfo=None)
        if closing is None or closing - now > timedelta(days=6):
            return "Ouvert en ce moment, 24 heures sur 24."
        until = time_words(closing.time())
        if closing.date() != now.date():
            until = f"{_when(closing.date(), now.date())} {until}"
        return f"Ouvert en ce moment, jusqu'à {until}. Aujourd'hui : {today.words}."
    for day in days:
        for a, _b in day.ranges:
            if day.date > now.date() or a > now.time():
                opening = f"ouvre {_when(day.date, now.date())} à {time_words(a)}"
                if day.date == now.date():
                    return f"Fermé en ce moment, {opening}. Aujourd'hui : {today.words}."
                return f"Fermé en ce moment, {opening}."
    return "Fermé en ce moment, et pas d'ouverture prévue dans les sept jours."


def describe(text: str | None, departement: str | None, now: datetime | None = None) -> dict:
    """The API's ``hours`` object of a place: its week, what is true now, in its time zone."""
    zone = time_zone(departement)
    if not text or not text.strip():
        return {"known": False, "osm": False, "now": NO_HOURS, "week": [], "time_zone": zone.key}
    local = (now or datetime.now(zone)).astimezone(zone).replace(tzinfo=None)
    if not is_osm(text):
        return {
            "known": True,
            "osm": False,
            "now": f"Horaires donnés par le lieu : {' '.join(text.split())}.",
            "week": [],
            "time_zone": zone.key,
        }
    return {
        "known": True,
        "osm": True,
        "now": now_words(text, local),
        "week": [d.as_dict(local.date()) for d in week(text, local.date())],
        "time_zone": zone.key,
    }


# --- the counselor's form: days and time ranges ------------------------------------------------

_HHMM = re.compile(r"^([01]?\d|2[0-3])[:h]([0-5]\d)$")


def parse_time(value: str) -> time | None:
    match = _HHMM.match(value.strip().lower().replace(" ", ""))
    return time(int(match.group(1)), int(match.group(2))) if match else None


def from_days(days: list[list[tuple[time, time]]], holidays_closed: bool = True) -> str | None:
    """Monday..Sunday ranges -> "Mo-Fr 09:00-12:00,14:00-17:00; Sa 09:00-12:00; PH off".
    Consecutive days with the same ranges are grouped; None when every day is closed."""
    if len(days) != 7:
        raise ValueError("seven days expected")
    groups: list[tuple[int, int, str]] = []
    for n, ranges in enumerate(days):
        spec = ",".join(f"{a:%H:%M}-{b:%H:%M}" for a, b in sorted(ranges))
        if groups and groups[-1][2] == spec and groups[-1][1] == n - 1:
            groups[-1] = (groups[-1][0], n, spec)
        else:
            groups.append((n, n, spec))
    rules = []
    for first, last, spec in groups:
        if not spec:
            continue
        span = OSM_DAYS[first] if first == last else f"{OSM_DAYS[first]}-{OSM_DAYS[last]}"
        if last == first + 1:
            span = f"{OSM_DAYS[first]},{OSM_DAYS[last]}"
        rules.append(f"{span} {spec}")
    if not rules:
        return None
    if holidays_closed:
        rules.append("PH off")
    return "; ".join(rules)


#: A week with no French public holiday, to read a stored value back into the form.
_REFERENCE_MONDAY = date(2027, 3, 8)


def to_days(text: str | None) -> tuple[list[list[tuple[time, time]]], bool]:
    """The form's days (Monday..Sunday) from a stored value, and whether public holidays are
    closed. A value the form cannot hold exactly (months, weeks...) comes back as its usual week."""
    if not text or not is_osm(text):
        return [[] for _ in range(7)], True
    days = [list(d.ranges) for d in week(text, _REFERENCE_MONDAY)]
    return days, "PH off" in text or "PH closed" in text

#: The days by their OpenStreetMap code (the web's catalogue translates them).
DAY_LABELS = dict(zip(OSM_DAYS, DAYS, strict=True))
