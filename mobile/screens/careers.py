"""Careers: search, the industry section, and a career's detail."""

from __future__ import annotations

from typing import Any

from mobile.screens.base import BaseScreen, plural

PAGE_SIZE = 10


class CareersScreen(BaseScreen):
    screen_name = "careers"
    title = "Découvrir les métiers"

    def build(self) -> None:
        self.params: dict[str, Any] = {}
        self.items: list[dict[str, Any]] = []
        self.q_field = self.field(
            "Métier ou mot-clé", hint="Par exemple soudeur", submit=self.search
        )
        self.button("Chercher", self.search)
        self.text("Les métiers de l'industrie", kind="heading")
        self.text("Fabriquer, réparer, piloter des machines : découvrez ces métiers qui recrutent.")
        self.button("Voir les métiers de l'industrie", self.industry)
        self.summary_box = self.section()
        self.list_box = self.section()
        self.more_box = self.section()

    def search(self) -> None:
        q = self.q_field.text.strip()
        if not q:
            self.say_in(self.summary_box, "Erreur : écrivez un métier ou un mot-clé.", "alert")
            return
        self.params = {"q": q}
        self.load(0)

    def industry(self) -> None:
        self.params = {"rome": "H"}
        self.load(0)

    def load(self, offset: int) -> None:
        params = dict(self.params, limit=PAGE_SIZE, offset=offset)
        if offset == 0:
            self.items = []
            self.list_box.clear_widgets()
            self.more_box.clear_widgets()
        first = offset == 0
        self.fetch_into(
            self.summary_box if first else self.more_box,
            "Recherche en cours." if first else "Chargement de la suite.",
            lambda client: client.careers(**params),
            lambda data: self.loaded(data, offset),
            lambda: self.load(offset),
        )

    def loaded(self, data: dict[str, Any], offset: int) -> None:
        total = int(data.get("total", 0))
        new = list(data.get("items", []))
        self.items.extend(new)
        summary = plural(total, "métier trouvé", "métiers trouvés") + "."
        self.summary_box.clear_widgets()
        summary_widget = self.text(summary, parent=self.summary_box)
        first_new = None
        for item in new:
            lines = [str(item.get("label", ""))]
            if item.get("domain_label"):
                lines.append(str(item["domain_label"]))
            if item.get("is_industry"):
                lines.append("Métier de l'industrie.")
            widget = self.button(
                "\n".join(lines),
                lambda i=item: self.host.navigate("career", code=i["code"]),
                parent=self.list_box,
                label=", ".join(lines),
            )
            widget.halign = "left"
            first_new = first_new or widget
        self.more_box.clear_widgets()
        if len(self.items) < total:
            self.button("Voir plus", lambda: self.load(len(self.items)), parent=self.more_box)
        if offset == 0:
            self.host.focus_and_say(summary_widget, summary)
        elif first_new is not None:
            self.host.focus_and_say(first_new, first_new.describe())


class CareerScreen(BaseScreen):
    screen_name = "career"
    title = "Fiche métier"

    def build(self) -> None:
        self.code: str | None = None
        self.data: dict[str, Any] = {}
        self.details = self.section()
        self.actions = self.section()

    def prepare(self, code: str | None = None, **_: Any) -> None:
        if code is None:
            return
        self.code = code
        self.actions.clear_widgets()
        self.load()

    def load(self) -> None:
        self.fetch_into(
            self.details,
            "Chargement de la fiche métier.",
            lambda client: client.career(self.code),
            self.loaded,
            self.load,
        )

    def loaded(self, data: dict[str, Any]) -> None:
        self.data = data
        box = self.details
        box.clear_widgets()
        heading = self.text(str(data.get("label", "")), kind="heading", parent=box)
        if data.get("domain_label"):
            self.text(f"Domaine : {data['domain_label']}.", parent=box)
        if data.get("is_industry"):
            self.text("Métier de l'industrie.", parent=box)
        self.text(str(data.get("summary") or "Pas encore de description simple."), parent=box)
        if data.get("summary") and data.get("summary_note"):  # who wrote it, confirmed or not
            self.text(str(data["summary_note"]), parent=box)
        titles = data.get("job_titles") or []
        if titles:
            self.text("Autres noms de ce métier : " + ", ".join(titles[:8]) + ".", parent=box)
        self.actions.clear_widgets()
        self.button(
            "Chercher un stage dans ce métier",
            lambda: self.host.navigate("offers", rome=data.get("code")),
            parent=self.actions,
        )
        if data.get("onisep_url"):
            self.button(
                "En savoir plus sur le site de l'ONISEP",
                lambda: self.host.platform.open_url(data["onisep_url"]),
                parent=self.actions,
                role="lien",
            )
        self.host.focus_and_say(heading, str(data.get("speech") or data.get("label", "")))
