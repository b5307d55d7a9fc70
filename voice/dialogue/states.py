"""The dialogue's states, and what is heard in every state."""

from __future__ import annotations

PAGE = 3

MAX_REPROMPTS = 3

GLOBAL_INTENTS = (
    "next",
    "previous",
    "repeat",
    "slower",
    "faster",
    "help",
    "stop",
    "home",
    "cancel",
    "end",
    "request_callback",
)

STATES = (
    "home",
    "ask_place",
    "confirm_place",
    "ask_job",
    "results",
    "detail",
    "career",
    "callback_name",
    "callback_phone",
    "callback_phone_confirm",
    "callback_age",
    "callback_place",
    "callback_topic",
    "callback_consent",
    "guide",
    "guide_choice",
    "guide_reading",
    "report_reason",
    "ended",
)
