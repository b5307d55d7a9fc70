"""The spoken dialogue: a state machine, text in, text and actions out (:class:`Dialogue`).

One idea a module: ``reply`` (what a turn answers, the forty-word cut), ``states``, ``places``
(which town, in words), ``kinds`` (what each kind of place does), ``search`` and ``results``
(a search, its list read aloud), ``careers``, ``guides`` (questions answered, a guide's text as
sentences), ``callback`` (the callback form), ``report`` (« signaler une erreur ») and
``machine`` (the turn). The fixed sentences and the words are data: ``voice/sentences/``.
"""

from __future__ import annotations

from voice.dialogue.callback import CONSENT_VERSION as CONSENT_VERSION
from voice.dialogue.callback import _dont_know as _dont_know
from voice.dialogue.guides import GUIDE_CHUNK as GUIDE_CHUNK
from voice.dialogue.guides import _heard as _heard
from voice.dialogue.guides import closest_guides as closest_guides
from voice.dialogue.guides import guide_sentences as guide_sentences
from voice.dialogue.kinds import KIND_EXPLAINED as KIND_EXPLAINED
from voice.dialogue.kinds import _without_kind as _without_kind
from voice.dialogue.machine import Dialogue
from voice.dialogue.places import _commune_words as _commune_words
from voice.dialogue.reply import _SENTENCE_END as _SENTENCE_END
from voice.dialogue.reply import MAX_WORDS as MAX_WORDS
from voice.dialogue.reply import MORE_PROMPT as MORE_PROMPT
from voice.dialogue.reply import Action, Reply
from voice.dialogue.reply import _first_sentence as _first_sentence
from voice.dialogue.reply import _heard_words as _heard_words
from voice.dialogue.reply import _nth as _nth
from voice.dialogue.reply import _short as _short
from voice.dialogue.results import _told_apart as _told_apart
from voice.dialogue.search import DEFAULT_RADIUS_KM as DEFAULT_RADIUS_KM
from voice.dialogue.search import FILTER_KEYS as FILTER_KEYS
from voice.dialogue.search import WIDER_RADII_KM as WIDER_RADII_KM
from voice.dialogue.states import GLOBAL_INTENTS, STATES
from voice.dialogue.states import MAX_REPROMPTS as MAX_REPROMPTS
from voice.dialogue.states import PAGE as PAGE

__all__ = ["Action", "Dialogue", "Reply", "STATES", "GLOBAL_INTENTS"]
