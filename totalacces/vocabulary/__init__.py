"""Words every surface shares (API speech, web pages, voice, app), in one place.

Here rather than in ``backend`` because the phone carries it too: the APK ships ``totalacces``
(the API client and this module), ``voice``, ``geodata`` and ``mobile``, not the server. Pure
Python, no import beyond the standard library. The web site translates these French source
strings through its gettext catalogue.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Term:
    label: str  # written, as a choice ("Par SMS")
    spoken: str  # inside a sentence ("par SMS")


#: How a young person wants to be contacted back (CallbackRequest.channel).
CHANNELS: dict[str, Term] = {
    "call": Term("Par téléphone", "par téléphone"),
    "sms": Term("Par SMS", "par SMS"),
    "email": Term("Par e-mail", "par e-mail"),
}

#: Said where the channel is chosen: Total Accès itself sends no SMS and no e-mail (yet); the
#: channel tells the counselor how the person prefers to be reached.
CHANNEL_NOTE = (
    "Total Accès n'envoie ni SMS ni e-mail : c'est un conseiller qui vous contactera lui-même, "
    "si possible par le moyen choisi."
)
#: Said in every confirmation of a callback request.
CONFIRMATION_NOTE = (
    "Un conseiller vous contactera ; vous ne recevrez ni SMS ni e-mail de confirmation : "
    "gardez votre code."
)
#: Every note, for the web site's catalogue.
CALLBACK_NOTES = {"channel": CHANNEL_NOTE, "confirmation": CONFIRMATION_NOTE}

#: Said when an older server flags an example offer without saying why.
EXAMPLE_OFFER_FALLBACK = "C'est un exemple d'offre : on ne peut pas y postuler."


def applications_note(offer: dict[str, Any]) -> str | None:
    """Why an offer (the API's detail) takes no application, or None when it does."""
    if offer.get("accepts_applications", True) and not offer.get("is_example"):
        return None
    return str(offer.get("applications_note") or EXAMPLE_OFFER_FALLBACK)
