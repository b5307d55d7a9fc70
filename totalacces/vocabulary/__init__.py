"""The one vocabulary of every surface (API and its speech, web pages, voice, app).

Structure kinds (:mod:`.kinds`), school levels (:mod:`.levels`), callback channels, topics,
statuses and outcomes (:mod:`.callbacks`), offer statuses and contact modes (:mod:`.offers`),
guide themes (:mod:`.guides`): labels, spoken forms and synonyms, in French. Here rather than in
``backend`` because the phone carries it too: the APK ships ``totalacces`` (the API client and
this package), ``voice``, ``geodata`` and ``mobile``, not the server. Pure Python; it imports
only :func:`geodata.text.fold`. The web site translates the labels through its gettext
catalogue (``backend/web/i18n/update_catalog.py`` collects them from here).
"""

from __future__ import annotations

from typing import Any

from totalacces.vocabulary.callbacks import (
    CALLBACK_NOTES,
    CHANNEL_LABELS,
    CHANNEL_NOTE,
    CHANNELS,
    CONFIRMATION_NOTE,
    FORM_TOPIC_LABELS,
    FORM_TOPICS,
    NEXT_STATUS_LABELS,
    OUTCOMES,
    STATUS_FOR_REQUESTER,
    STATUS_LABELS,
    STATUSES,
    TIME_SLOT_LABELS,
    TIME_SLOTS,
    TOPIC_LABELS,
    TOPICS,
    FormTopic,
    Status,
    Term,
    Topic,
    delay_words,
    outcome_spoken,
    participation_words,
    time_slot_key,
    topic_words,
)
from totalacces.vocabulary.french import MONTHS, SPELLING, de, spell_code
from totalacces.vocabulary.guides import GUIDE_TOPICS
from totalacces.vocabulary.kinds import (
    KINDS,
    OWN_DEPARTEMENT_KINDS,
    Kind,
    find_kind,
    get_kind,
    kind_label,
    kind_synonyms,
)
from totalacces.vocabulary.levels import LEVEL_LABELS, LEVELS, Level, level_spoken, level_words
from totalacces.vocabulary.offers import (
    APPLICATION_STATUS_LABELS,
    CONTACT_MODE_LABELS,
    OFFER_STATUS_LABELS,
)
from totalacces.vocabulary.reports import (
    OFFER_REPORT_REASONS,
    REPORT_REASON_WORDS,
    REPORT_REASONS,
    REPORTED_WORDS,
    report_reason,
    reported_words,
)

#: Said when an older server flags an example offer without saying why.
EXAMPLE_OFFER_FALLBACK = "C'est un exemple d'offre : on ne peut pas y postuler."


def applications_note(offer: dict[str, Any]) -> str | None:
    """Why an offer (the API's detail) takes no application, or None when it does."""
    if offer.get("accepts_applications", True) and not offer.get("is_example"):
        return None
    return str(offer.get("applications_note") or EXAMPLE_OFFER_FALLBACK)


__all__ = [
    "SPELLING",
    "spell_code",
    "participation_words",
    "APPLICATION_STATUS_LABELS",
    "OFFER_REPORT_REASONS",
    "REPORT_REASON_WORDS",
    "REPORT_REASONS",
    "REPORTED_WORDS",
    "report_reason",
    "reported_words",
    "delay_words",
    "CALLBACK_NOTES",
    "CHANNELS",
    "CHANNEL_LABELS",
    "CHANNEL_NOTE",
    "CONFIRMATION_NOTE",
    "CONTACT_MODE_LABELS",
    "EXAMPLE_OFFER_FALLBACK",
    "FORM_TOPICS",
    "FORM_TOPIC_LABELS",
    "GUIDE_TOPICS",
    "KINDS",
    "OWN_DEPARTEMENT_KINDS",
    "LEVELS",
    "LEVEL_LABELS",
    "MONTHS",
    "NEXT_STATUS_LABELS",
    "OFFER_STATUS_LABELS",
    "OUTCOMES",
    "STATUSES",
    "STATUS_FOR_REQUESTER",
    "STATUS_LABELS",
    "TIME_SLOTS",
    "TIME_SLOT_LABELS",
    "TOPICS",
    "TOPIC_LABELS",
    "FormTopic",
    "Kind",
    "Level",
    "Status",
    "Term",
    "Topic",
    "applications_note",
    "de",
    "find_kind",
    "get_kind",
    "kind_label",
    "kind_synonyms",
    "level_spoken",
    "level_words",
    "outcome_spoken",
    "time_slot_key",
    "topic_words",
]
