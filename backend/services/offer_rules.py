"""Whether an internship offer can take an application, and what to say when it cannot.

One rule for every surface: the API refuses the application (409), the offer's detail carries
``accepts_applications`` and ``applications_note``, the web page shows the note instead of the
form, the app and the voice say it and offer a callback.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

#: Written and spoken: an example offer does not exist, nobody would read an application.
EXAMPLE_NOTE = (
    "Cette offre est un exemple : elle n'existe pas, et personne ne lirait votre candidature. "
    "Un conseiller peut vous aider à trouver un vrai stage : demandez à être rappelé."
)
CLOSED_NOTE = "Cette offre est fermée : il n'y a plus de place."
ENDED_NOTE = "Ce stage est terminé : on ne peut plus y postuler."
#: A real offer published on another service: the application goes there, by its link.
ELSEWHERE_NOTE = (
    "Cette offre est publiée sur La bonne alternance : on y postule sur son site, par le lien "
    "de l'offre, pas sur Total Accès."
)
#: Every note, for the web site's catalogue (translated when shown).
NOTES = {
    "example": EXAMPLE_NOTE,
    "closed": CLOSED_NOTE,
    "ended": ENDED_NOTE,
    "elsewhere": ELSEWHERE_NOTE,
}


def applications_note(
    *,
    is_example: bool,
    status: str,
    places_left: int,
    end_date: date | str | None = None,
    today: date | None = None,
    apply_url: str | None = None,
) -> str | None:
    """None when the offer takes applications; else the French sentence that says why not."""
    if is_example:
        return EXAMPLE_NOTE
    if status != "published" or places_left <= 0:
        return CLOSED_NOTE
    if end_date is not None:
        end = date.fromisoformat(end_date) if isinstance(end_date, str) else end_date
        if end < (today or datetime.now(UTC).date()):
            return ENDED_NOTE
    if apply_url:
        return ELSEWHERE_NOTE
    return None


def note_of(offer: Any) -> str | None:
    """:func:`applications_note` of an ``Offer`` row (or any object with the same attributes)."""
    return applications_note(
        is_example=bool(offer.is_example),
        status=str(offer.status),
        places_left=int(offer.places_left or 0),
        end_date=offer.end_date,
        apply_url=offer.apply_url,
    )
