"""Labels of the pro area (callback statuses and outcomes, offer statuses, contact modes): the
one vocabulary's (``totalacces.vocabulary``), under the names the templates use."""

from __future__ import annotations

from totalacces import vocabulary

STAFF = ("counselor", "admin")

CALLBACK_STATUS_LABELS = vocabulary.STATUS_LABELS
NEXT_STATUS_LABELS = vocabulary.NEXT_STATUS_LABELS
OUTCOME_LABELS = vocabulary.OUTCOMES
TOPIC_LABELS = vocabulary.TOPIC_LABELS
CHANNEL_LABELS = vocabulary.CHANNEL_LABELS
OFFER_STATUS_LABELS = vocabulary.OFFER_STATUS_LABELS
CONTACT_MODE_LABELS = vocabulary.CONTACT_MODE_LABELS
