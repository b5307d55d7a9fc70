"""Réglages: self-voicing, speech rate, text size, theme, directions."""

from __future__ import annotations

from mobile.a11y import A11yText
from mobile.screens.base import BaseScreen
from mobile.settings import TEXT_SCALES
from mobile.speech import MAX_RATE, MIN_RATE, RATE_STEP
from mobile.themes import THEMES


class SettingsScreen(BaseScreen):
    screen_name = "settings"
    title = "Réglages"
    has_reading_switch = False  # its own switch comes first

    def build(self) -> None:
        s = self.host.settings
        self.voice_toggle = self.toggle(
            "Lecture de l'écran (voix et gestes)",
            active=s.self_voicing,
            on_change=self.host.set_self_voicing,
        )
        self.speech_box = self.section()  # why the app cannot speak, when it cannot
        self.show_speech_problem()
        self.text("Vitesse de la voix", kind="heading")
        self.rate_text: A11yText = self.text(self._rate_words())
        self.button("Parler plus lentement", lambda: self._rate(-RATE_STEP))
        self.button("Parler plus vite", lambda: self._rate(RATE_STEP))
        self.text("Taille du texte", kind="heading")
        self.scale_text: A11yText = self.text(self._scale_words())
        self.button("Texte plus petit", lambda: self._scale(-1))
        self.button("Texte plus grand", lambda: self._scale(1))
        self.text("Couleurs", kind="heading")
        self.choices(
            [(key, theme.label) for key, theme in THEMES.items()], s.theme, self.host.set_theme
        )
        self.text("Directions", kind="heading")
        self.choices(
            [
                ("cardinal", "Points cardinaux : au nord-est"),
                ("clock", "Heures d'une horloge : à 2 heures (avec la boussole)"),
            ],
            s.direction_mode,
            self._direction,
        )
        self.direction_status = self.section()

    def show_speech_problem(self) -> None:
        self.speech_box.clear_widgets()
        if self.host.speech_problem:
            self.text(f"Erreur : {self.host.speech_problem}", kind="alert", parent=self.speech_box)

    def _direction(self, mode: str) -> None:
        warning = self.host.set_direction_mode(mode, announce=False)
        if warning:
            # written and said (the focus moves to it, so the choice's state does not cut it off)
            self.say_in(self.direction_status, warning)
        else:
            self.direction_status.clear_widgets()

    def _rate_words(self) -> str:
        return f"Vitesse : {self.host.settings.speech_rate} mots par minute."

    def _scale_words(self) -> str:
        return f"Taille du texte : {round(self.host.settings.text_scale * 100)} %."

    def _rate(self, step: int) -> None:
        rate = max(MIN_RATE, min(MAX_RATE, self.host.settings.speech_rate + step))
        self.host.set_speech_rate(rate)
        self.rate_text.text = self._rate_words()
        self.host.say(self.rate_text.text)

    def _scale(self, step: int) -> None:
        scales = list(TEXT_SCALES)
        index = min(range(len(scales)), key=lambda i: abs(scales[i] - self.host.settings.text_scale))
        index = max(0, min(len(scales) - 1, index + step))
        self.host.set_text_scale(scales[index])
        self.scale_text.text = self._scale_words()
        self.host.say(self.scale_text.text)
