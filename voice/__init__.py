"""Speech in and out, French understanding and the spoken dialogue of Total Accès.

Public API (imported lazily: ``import voice`` loads neither vosk nor pyttsx3)::

    Speaker, VoiceUnavailable            # speech out (pyttsx3 over espeak-ng, French voice)
    Listener, Recognition, ModelNotFound # speech in (vosk)
    understand, Understanding            # text -> intent and slots
    Dialogue, Reply, Action              # the state machine
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from voice.dialogue import Action, Dialogue, Reply
    from voice.listener import Listener, ModelNotFound, Recognition
    from voice.speaker import Speaker, VoiceUnavailable
    from voice.understanding import Understanding, understand

_EXPORTS: dict[str, str] = {
    "Speaker": "voice.speaker",
    "VoiceUnavailable": "voice.speaker",
    "Listener": "voice.listener",
    "Recognition": "voice.listener",
    "ModelNotFound": "voice.listener",
    "understand": "voice.understanding",
    "Understanding": "voice.understanding",
    "Dialogue": "voice.dialogue",
    "Reply": "voice.dialogue",
    "Action": "voice.dialogue",
}
__all__ = [
    "Action",
    "Dialogue",
    "Listener",
    "ModelNotFound",
    "Recognition",
    "Reply",
    "Speaker",
    "Understanding",
    "VoiceUnavailable",
    "understand",
]
assert sorted(__all__) == sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'voice' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_EXPORTS))
