"""Accueil: four big choices, a large "Parler" button, then the guides and the settings."""

from __future__ import annotations

from mobile.screens.base import BaseScreen


class HomeScreen(BaseScreen):
    screen_name = "home"
    title = "Accueil"
    has_back = False

    def build(self) -> None:
        self.text("Total Accès : trouvez où aller, un stage, un métier. Que voulez-vous faire ?")
        go = self.host.navigate
        self.button("Trouver une structure près de chez moi", lambda: go("near"))
        self.button("Chercher un stage", lambda: go("offers"))
        self.button("Découvrir les métiers", lambda: go("careers"))
        self.button("Être rappelé par un conseiller", lambda: go("callback"))
        self.button(
            "Parler",
            lambda: go("talk"),
            style="primary",
            label="Parler",
            hint="Posez votre question à voix haute ou par écrit",
        )
        # "Comprendre mes options" (the guides) is not a fifth big choice: the design keeps four
        # plus "Parler". It is a smaller, underlined button right after "Parler", still 48 dp
        # and labelled. For a blind person that is the quickest secondary place: swiping from
        # the top it comes just after "Parler", and swiping left from the start (the focus wraps
        # to the end) it is the second element, before "Réglages", which stays last. No menu
        # exists to hide it in, and a menu would cost an extra activation.
        self.button(
            "Comprendre mes options",
            lambda: go("guides"),
            style="link",
            hint="Des réponses simples : études, stages, handicap, aides",
        )
        self.button("Réglages", lambda: go("settings"), hint="Voix, taille du texte, couleurs")

    def announcement(self) -> str:
        text = "Accueil. Total Accès."
        if self.host.settings.self_voicing:
            text += (
                " Balayez vers la droite pour passer à l'élément suivant,"
                " touchez deux fois pour activer."
            )
        return text
