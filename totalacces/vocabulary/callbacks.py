"""Callback requests: how to answer (channels), what about (topics), where a request stands
(statuses, what a counselor does next) and how it ended (outcomes)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from geodata.text import fold


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
CHANNEL_LABELS: dict[str, str] = {key: term.label for key, term in CHANNELS.items()}

#: When the young person prefers to be contacted (CallbackRequest.time_slot): one key a
#: moment on every surface; the web form's older keys and common words read as the same.
TIME_SLOTS: dict[str, Term] = {
    "any": Term("Peu importe", "à n'importe quel moment"),
    "morning": Term("Le matin (9 h – 12 h)", "le matin"),
    "afternoon": Term("L'après-midi (14 h – 17 h)", "l'après-midi"),
    "evening": Term("En fin de journée (17 h – 19 h)", "en fin de journée"),
}
TIME_SLOT_LABELS: dict[str, str] = {key: term.label for key, term in TIME_SLOTS.items()}
_TIME_SLOT_WORDS = {
    "indifferent": "any",
    "peu importe": "any",
    "matin": "morning",
    "le matin": "morning",
    "apres midi": "afternoon",
    "l apres midi": "afternoon",
    "apres_midi": "afternoon",
    "fin journee": "evening",
    "fin_journee": "evening",
    "en fin de journee": "evening",
    "soir": "evening",
    "le soir": "evening",
}


def time_slot_key(text: str | None) -> str | None:
    """The key of a moment ("morning"), from a key, an older key ("apres_midi") or plain words
    ("le matin"); None for no answer. Any other text is not a moment we know: None."""
    from geodata.text import fold

    if not text or not text.strip():
        return None
    if text in TIME_SLOTS:
        return text
    folded = fold(text)
    return _TIME_SLOT_WORDS.get(folded) or _TIME_SLOT_WORDS.get(text.strip())


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


def delay_words(days: int) -> str:
    """The promised delay of a callback, the same on every surface: "sous 15 jours" (written;
    the voice turns the figure into words), "dans la journée" for 0, "sous 1 jour"."""
    if days <= 0:
        return "dans la journée"
    return f"sous {days} jour{'s' if days > 1 else ''}"


#: Every note, for the web site's catalogue.
CALLBACK_NOTES = {"channel": CHANNEL_NOTE, "confirmation": CONFIRMATION_NOTE}


@dataclass(frozen=True)
class Topic:
    label: str  # written, as a choice and on the counselor's list
    spoken: str  # inside a sentence: "pour reprendre l'école"
    synonyms: tuple[str, ...] = ()  # what a person says


#: What a callback request is about (CallbackRequest.topic).
TOPICS: dict[str, Topic] = {
    "return_to_school": Topic(
        "Reprendre des études",
        "reprendre l'école",
        ("école", "reprendre l'école", "les cours", "lycée", "études", "diplôme"),
    ),
    "training": Topic(
        "Se former ou s'orienter",
        "une formation",
        ("formation", "apprentissage", "alternance", "apprendre un métier"),
    ),
    "job": Topic(
        "Trouver un emploi ou un apprentissage",
        "un travail",
        ("travail", "boulot", "emploi", "job", "taf", "travailler"),
    ),
    "disability": Topic(
        "Handicap : études ou travail",
        "le handicap",
        ("handicap", "handicapé", "handicapée", "rqth", "malvoyant", "aveugle"),
    ),
}
TOPIC_LABELS: dict[str, str] = {key: topic.label for key, topic in TOPICS.items()}


@lru_cache(maxsize=1)
def topic_words() -> dict[str, str]:
    """folded synonym -> topic key."""
    return {fold(word): key for key, topic in TOPICS.items() for word in topic.synonyms}


@dataclass(frozen=True)
class FormTopic:
    topic: str  # the request's topic (a key of TOPICS)
    label: str


#: The web form's finer choices (their keys are in links and saved forms), each stored as one of
#: the request topics.
FORM_TOPICS: dict[str, FormTopic] = {
    "orientation": FormTopic("training", "Choisir une formation ou un métier"),
    "retour_ecole": FormTopic("return_to_school", "Reprendre des études"),
    "stage": FormTopic("training", "Trouver un stage"),
    "emploi": FormTopic("job", "Trouver un emploi ou un apprentissage"),
    "handicap": FormTopic("disability", "Handicap : études ou travail"),
    "autre": FormTopic("training", "Autre question"),
}
FORM_TOPIC_LABELS: dict[str, str] = {key: t.label for key, t in FORM_TOPICS.items()}


@dataclass(frozen=True)
class Status:
    label: str  # the counselor's list: "Contactée"
    for_requester: str  # the person who asked, on the web, in the app and in speech
    next_step: str | None = None  # the counselor's action that leads to this status


#: Where a request stands (CallbackRequest.status), in order.
STATUSES: dict[str, Status] = {
    "new": Status("Nouvelle", "Reçue : une conseillère ou un conseiller va vous rappeler."),
    "contacted": Status(
        "Contactée",
        "En cours : une conseillère ou un conseiller a pris contact avec vous.",
        "J'ai contacté la personne",
    ),
    "appointment": Status("Rendez-vous fixé", "Rendez-vous fixé.", "Un rendez-vous est fixé"),
    "closed": Status("Close", "Terminée.", "Clore la demande"),
}
STATUS_LABELS: dict[str, str] = {key: s.label for key, s in STATUSES.items()}
STATUS_FOR_REQUESTER: dict[str, str] = {key: s.for_requester for key, s in STATUSES.items()}
NEXT_STATUS_LABELS: dict[str, str] = {
    key: s.next_step for key, s in STATUSES.items() if s.next_step is not None
}

#: How a closed request ended (CallbackRequest.outcome).
OUTCOMES: dict[str, str] = {
    "return_to_school": "Retour en formation initiale",
    "training": "Entrée en formation",
    "job": "Emploi ou apprentissage",
    "referred": "Orientation vers une autre structure",
    "unreachable": "Impossible à joindre",
    "withdrawn": "Demande retirée",
    "other": "Autre",
}


def outcome_spoken(outcome: str) -> str:
    """Inside a sentence: "Résultat : impossible à joindre."."""
    label = OUTCOMES.get(outcome, outcome)
    return label[:1].lower() + label[1:]


#: Whether a callback request made at a place would be read (API ``takes_part``).
TAKES_PART_WORDS = "Elle répond aux demandes de rappel sur Total Accès."
TAKES_PART_DEMO_WORDS = "Elle répond aux demandes sur Total Accès, mais seulement en démonstration."
NOT_TAKING_PART_WORDS = "Elle ne lit pas encore les demandes de rappel de Total Accès."


def participation_words(place: dict[str, Any]) -> str:
    """The same sentence on every surface; empty for an older server that does not say."""
    if "takes_part" not in place:
        return ""
    if place.get("takes_part_demo"):
        return TAKES_PART_DEMO_WORDS
    return TAKES_PART_WORDS if place.get("takes_part") else NOT_TAKING_PART_WORDS
