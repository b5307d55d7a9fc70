"""Internship offers: search, list, detail and "Postuler"."""

from __future__ import annotations

from typing import Any

from mobile.directions import place_text
from mobile.screens.base import BaseScreen, plural
from totalacces import vocabulary
from totalacces.vocabulary import applications_note, level_spoken

PAGE_SIZE = 10


class OffersScreen(BaseScreen):
    screen_name = "offers"
    title = "Chercher un stage"

    def build(self) -> None:
        self.params: dict[str, Any] = {}
        self.items: list[dict[str, Any]] = []
        self.total = 0
        self.place_field = self.field(
            "Commune ou code postal", hint="Facultatif", submit=self.search
        )
        self.q_field = self.field("Métier ou mot-clé", hint="Facultatif", submit=self.search)
        self.accessible = self.toggle("Seulement les stages adaptés au handicap")
        self.button("Chercher", self.search)
        self.summary_box = self.section()
        self.list_box = self.section()
        self.more_box = self.section()

    def prepare(self, rome: str | None = None, **_: Any) -> None:
        if rome:
            self.params = {"rome": rome}
            self.load(0)

    def search(self) -> None:
        self.params = {
            "place": self.place_field.text.strip() or None,
            "q": self.q_field.text.strip() or None,
            "accessible": True if self.accessible.active else None,
        }
        self.load(0)

    def load(self, offset: int) -> None:
        params = {k: v for k, v in self.params.items() if v is not None}
        params.update(limit=PAGE_SIZE, offset=offset)
        if offset == 0:
            self.items = []
            self.list_box.clear_widgets()
            self.more_box.clear_widgets()
        first = offset == 0
        self.fetch_into(
            self.summary_box if first else self.more_box,
            "Recherche en cours." if first else "Chargement de la suite.",
            lambda client: client.offers(**params),
            lambda data: self.loaded(data, offset),
            lambda: self.load(offset),
        )

    def loaded(self, data: dict[str, Any], offset: int) -> None:
        self.total = int(data.get("total", 0))
        new = list(data.get("items", []))
        self.items.extend(new)
        summary = plural(self.total, "stage trouvé", "stages trouvés") + "."
        if any(item.get("is_example") for item in new):
            summary += " Ce sont des exemples : aucune offre réelle n'est encore publiée."
        self.summary_box.clear_widgets()
        summary_widget = self.text(summary, parent=self.summary_box)
        origin = None
        place = data.get("place") or {}
        if place.get("lat") is not None:
            origin = (float(place["lat"]), float(place["lon"]))
        mode = self.host.settings.direction_mode
        heading = self.host.platform.compass_heading() if mode == "clock" else None
        first_new = None
        for index, item in enumerate(new, start=offset + 1):
            lines = [
                f"{index}. {item.get('title', '')}",
                ", ".join(
                    str(p)
                    for p in (
                        item.get("employer"),
                        item.get("commune"),
                        place_text(item, mode, origin, heading),
                    )
                    if p
                ),
            ]
            tags = []
            if item.get("accessible"):
                tags.append("Adapté au handicap")
            if item.get("is_example"):
                tags.append("Exemple")
            if tags:
                lines.append(", ".join(tags) + ".")
            widget = self.button(
                "\n".join(lines),
                lambda i=item: self.host.navigate("offer", offer_id=i["id"]),
                parent=self.list_box,
                label=", ".join(lines),
            )
            widget.halign = "left"
            first_new = first_new or widget
        self.more_box.clear_widgets()
        if len(self.items) < self.total:
            self.button("Voir plus", lambda: self.load(len(self.items)), parent=self.more_box)
        if offset == 0:
            self.host.focus_and_say(summary_widget, summary)
        elif first_new is not None:
            self.host.focus_and_say(first_new, first_new.describe())


class OfferScreen(BaseScreen):
    screen_name = "offer"
    title = "Offre de stage"

    def build(self) -> None:
        self.data: dict[str, Any] = {}
        self.offer_id: int | None = None
        self.details = self.section()
        self.actions = self.section()
        self.feedback = self.section()

    def prepare(self, offer_id: int | None = None, **_: Any) -> None:
        if offer_id is None:
            return
        self.offer_id = offer_id
        self.actions.clear_widgets()
        self.feedback.clear_widgets()
        self.load()

    def load(self) -> None:
        self.fetch_into(
            self.details,
            "Chargement de l'offre.",
            lambda client: client.offer(self.offer_id),
            self.loaded,
            self.load,
        )

    def loaded(self, data: dict[str, Any]) -> None:
        self.data = data
        box = self.details
        box.clear_widgets()
        heading = self.text(str(data.get("title", "")), kind="heading", parent=box)
        levels = level_spoken(data.get("levels") or [])
        lines = [
            data.get("is_example") and "Exemple : cette offre n'est pas réelle.",
            data.get("employer") and f"Entreprise : {data['employer']}",
            data.get("commune") and f"Lieu : {data['commune']}",
            data.get("distance_text") and f"Distance : {data['distance_text']}.",
            _dates(data),
            data.get("places_left") is not None and f"Places restantes : {data['places_left']}.",
            levels and f"Niveaux : {levels}.",
            data.get("description"),
            data.get("accessible") and "Stage adapté aux personnes en situation de handicap.",
            data.get("workplace_accessibility")
            and f"Accessibilité du lieu : {data['workplace_accessibility']}",
            vocabulary.reported_words(data),
        ]
        for line in lines:
            if line:
                self.text(str(line), parent=box)
        self.actions.clear_widgets()
        note = applications_note(data)
        if note:  # an example, closed or ended offer: say why, and offer a counselor instead
            self.text(note, parent=self.actions)
            url = data.get("apply_url")
            if url and not data.get("is_example"):  # a real offer published elsewhere
                self.button(
                    "Postuler sur le site de l'offre",
                    lambda u=str(url): self.open_elsewhere(u),
                    parent=self.actions,
                    role="lien",
                    hint=f"Ouvre la page de l'offre ({data.get('source') or 'La bonne alternance'})",
                )
            self.button(
                "Être rappelé par un conseiller",
                lambda: self.host.navigate("callback", topic="training"),
                parent=self.actions,
                hint="Un conseiller vous aide à trouver un vrai stage",
            )
        else:
            self.button("Postuler", self.apply, parent=self.actions, hint="Contacte l'entreprise")
        self.button(
            "Signaler une erreur",
            lambda: self.ask_report("offer", self.offer_id),
            parent=self.actions,
            hint="Un contact faux, une offre qui n'existe plus",
        )
        self.host.focus_and_say(heading, str(data.get("speech") or data.get("title", "")))

    def open_elsewhere(self, url: str) -> None:
        """A real offer published on La bonne alternance: its page, where one applies."""
        if self.host.platform.open_url(url):
            self.say_in(self.feedback, "Page de l'offre ouverte dans votre navigateur.")
        else:
            self.say_in(
                self.feedback, f"Impossible d'ouvrir la page sur cet appareil. Son adresse : {url}"
            )

    def apply(self) -> None:
        contact = _contact(self.data.get("contact_modes"))
        platform = self.host.platform
        if contact.get("phone") and platform.dial(contact["phone"]):
            self.say_in(self.feedback, "Le numéro de l'entreprise est prêt dans votre téléphone.")
        elif contact.get("email") and platform.open_url(
            f"mailto:{contact['email']}?subject=Candidature : {self.data.get('title', '')}"
        ):
            self.say_in(self.feedback, "Un message de candidature est prêt.")
        elif contact.get("url") and platform.open_url(contact["url"]):
            self.say_in(self.feedback, "La page de candidature est ouverte.")
        else:
            self.say_in(
                self.feedback,
                "Pas de contact direct : demandez à être rappelé par un conseiller.",
            )
            self.button(
                "Être rappelé par un conseiller",
                lambda: self.host.navigate("callback", topic="training"),
                parent=self.feedback,
            )


def _dates(data: dict[str, Any]) -> str:
    if data.get("start_date") and data.get("end_date"):
        from geodata.speech import period_words

        return f"{period_words(str(data['start_date']), str(data['end_date']))}."
    if data.get("weeks"):
        return f"Durée : {data['weeks']} semaines."
    return ""


def _contact(modes: Any) -> dict[str, str]:
    """contact_modes may be a dict {phone, email, url} or a list of them."""
    out: dict[str, str] = {}
    if isinstance(modes, dict):
        out = {k: str(v) for k, v in modes.items() if v}
    elif isinstance(modes, list):
        for mode in modes:
            if isinstance(mode, dict):
                kind = mode.get("kind") or mode.get("type")
                value = mode.get("value")
                if kind and value:
                    out.setdefault(str(kind), str(value))
    return out
