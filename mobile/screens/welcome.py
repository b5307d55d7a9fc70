"""First launch: one spoken question, "Voulez-vous que l'application lise l'écran ?".

Two big buttons fill the screen, "Oui" in the upper half and "Non" in the lower half, so that a
person who cannot see them answers with one tap (touch works as usual until they say yes), or
with the keyboard. TalkBack already on answers for them (``TotalAccesApp.check_screen_reader``).
"""

from __future__ import annotations

from kivy.core.window import Window

from mobile.screens.base import BaseScreen

QUESTION = "Voulez-vous que l'application lise l'écran ?"
YES = "Oui, lire l'écran"
NO = "Non, merci"


class WelcomeScreen(BaseScreen):
    screen_name = "welcome"
    title = "Bienvenue dans Total Accès"
    has_back = False
    has_reading_switch = False
    always_spoken = True

    def build(self) -> None:
        self.text(QUESTION, kind="heading")
        self.yes = self.button(
            YES,
            lambda: self.host.answer_reading(True),
            style="primary",
            hint="L'application dit ce que vous touchez ; touchez deux fois pour activer",
        )
        self.no = self.button(
            NO, lambda: self.host.answer_reading(False), hint="Touchez pour activer"
        )
        self.text("Vous pourrez changer d'avis sur chaque écran : « Lecture de l'écran ».")
        # each answer takes about a third of the window: easy to hit without seeing it
        for button in (self.yes, self.no):
            button.min_height = max(button.min_height, Window.height * 0.3)
            button.height = max(button.height, button.min_height)

    def announcement(self) -> str:
        return (
            f"{self.title}. {QUESTION} Touchez le haut de l'écran pour oui, "
            "le bas de l'écran pour non."
        )
