"""What a person may trust about a place: how old its facts are, and how to reach it.

One rule for every surface (API fields and ``speech``, web pages, voice, app):

- A row is ``verified`` only when a current source or a counselor confirmed it within the last
  ``FRESH_YEARS`` years (``source_date``); older facts are shown with their date and "à vérifier
  avant de vous déplacer".
- A place can be reached when it has a phone, an e-mail, a web site or a street address of its
  own; otherwise its network's national way in is given (``Kind.network``) and said, and
  nothing is routed to it.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from totalacces.vocabulary import KINDS, MONTHS, de

#: Facts confirmed longer ago than this are "à vérifier".
FRESH_YEARS = 2
#: The ``source`` of a place a counselor edited or confirmed on Total Accès: it wins over the
#: bundled data and over a live source while fresh (importer, ``totalacces sync``).
COUNSELOR_UPDATED = "Mise à jour par la structure sur Total Accès"
COUNSELOR_CONFIRMED = "Confirmé par la structure sur Total Accès"
COUNSELOR_SOURCES = (COUNSELOR_UPDATED, COUNSELOR_CONFIRMED)
_DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")


def _parts(source_date: str | None) -> tuple[int, int | None, int | None] | None:
    """(year, month, day) of "2019-07", "2025", "2025-26" (a season: its first year) or
    "2026-11-30"; None when the text holds no date."""
    m = _DATE.match((source_date or "").strip())
    if m is None:
        return None
    year = int(m.group(1))
    month = int(m.group(2)) if m.group(2) and 1 <= int(m.group(2)) <= 12 else None
    day = int(m.group(3)) if m.group(3) and month else None
    return year, month, day


def date_parts(source_date: str | None) -> tuple[int, int | None, int | None] | None:
    """(year, month, day) of a source date, or None (see ``_parts``)."""
    return _parts(source_date)


def is_fresh(source_date: str | None, today: date | None = None) -> bool:
    """True when ``source_date`` is within ``FRESH_YEARS`` years of ``today``. A date given to
    the year only counts from its last day; no date at all is never fresh."""
    parts = _parts(source_date)
    if parts is None:
        return False
    today = today or date.today()
    year, month, day = parts
    # The latest day the date can mean: "2024" -> 31 December 2024, "2019-07" -> 31 July 2019.
    last = date(year, month or 12, day or 28) if month else date(year, 12, 31)
    limit = date(today.year - FRESH_YEARS, today.month, min(today.day, 28))
    return last >= limit


def date_words(source_date: str | None) -> str:
    """ "2019-07" -> "juillet 2019"; "2026-11-30" -> "30 novembre 2026"; "2025" -> "2025"."""
    parts = _parts(source_date)
    if parts is None:
        return source_date or ""
    year, month, day = parts
    if month is None:
        return str(year)
    words = f"{MONTHS[month - 1]} {year}"
    return f"{'1er' if day == 1 else day} {words}" if day else words


def age_note(source_date: str | None, today: date | None = None) -> str | None:
    """ "Infos de juillet 2019, à vérifier avant de vous déplacer." for old facts, else None."""
    if is_fresh(source_date, today):
        return None
    when = date_words(source_date)
    if not when:
        return "Infos sans date, à vérifier avant de vous déplacer."
    return f"Infos {de(when)}, à vérifier avant de vous déplacer."


def has_own_contact(s: Any) -> bool:
    """A phone, an e-mail, a web site or a street address of its own."""
    return any(
        (getattr(s, k, None) or "").strip() for k in ("phone", "email", "website", "address")
    )


def network_contact(kind: str) -> dict[str, Any] | None:
    """The network's national way in, as the API gives it."""
    k = KINDS.get(kind)
    if k is None or k.network is None:
        return None
    n = k.network
    return {"name": n.name, "how": n.how, "said": n.said, "phone": n.phone, "website": n.website}


def contact_fields(s: Any, today: date | None = None) -> dict[str, Any]:
    """The trust fields of a structure's summary (list and detail alike)."""
    own = has_own_contact(s)
    fresh = is_fresh(s.source_date, today)
    return {
        "verified": bool(s.verified) and fresh,
        "source_date": s.source_date,
        "age_note": None if fresh else age_note(s.source_date, today),
        "own_contact": own,
        "network_contact": None if own else network_contact(s.kind),
    }
