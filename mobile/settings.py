"""The person's settings, kept in a small JSON file in the app's data folder."""

from __future__ import annotations

import json
import logging
from dataclasses import asdict, dataclass, fields
from pathlib import Path

from mobile.speech import DEFAULT_RATE, MAX_RATE, MIN_RATE
from mobile.themes import DEFAULT_THEME, THEMES

log = logging.getLogger(__name__)

TEXT_SCALES = (1.0, 1.25, 1.5, 1.75, 2.0)
DIRECTION_MODES = ("cardinal", "clock")


@dataclass
class AppSettings:
    #: "Lecture de l'écran": the app speaks what is touched or focused, and touches become
    #: screen-reader gestures (swipe to move, double tap to activate). Off by default: touch
    #: works as in any app until the person says yes at first launch, or TalkBack is on.
    self_voicing: bool = False
    #: The first-launch question ("Voulez-vous que l'application lise l'écran ?") was answered
    #: (or TalkBack answered it).
    reading_asked: bool = False
    speech_rate: int = DEFAULT_RATE
    text_scale: float = 1.0
    theme: str = DEFAULT_THEME
    direction_mode: str = "cardinal"

    def normalised(self) -> AppSettings:
        self.speech_rate = max(MIN_RATE, min(MAX_RATE, int(self.speech_rate)))
        self.text_scale = min(TEXT_SCALES, key=lambda s: abs(s - float(self.text_scale)))
        if self.theme not in THEMES:
            self.theme = DEFAULT_THEME
        if self.direction_mode not in DIRECTION_MODES:
            self.direction_mode = "cardinal"
        self.self_voicing = bool(self.self_voicing)
        self.reading_asked = bool(self.reading_asked)
        if not self.reading_asked:  # a file from before the question: the answer decides
            self.self_voicing = False
        return self

    @classmethod
    def load(cls, path: Path | None) -> AppSettings:
        if path is None or not path.exists():
            return cls()
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            known = {f.name for f in fields(cls)}
            return cls(**{k: v for k, v in data.items() if k in known}).normalised()
        except (ValueError, TypeError) as exc:
            log.warning("Réglages illisibles, valeurs par défaut : %s", exc)
            return cls()

    def save(self, path: Path | None) -> None:
        if path is None:
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(asdict(self), ensure_ascii=False, indent=1), encoding="utf-8")
