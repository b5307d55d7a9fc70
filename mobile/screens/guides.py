"""Comprendre mes options: the guides (search, theme, "Voir plus") and a guide read piece by piece,
with "Qui peut m'aider ?" leading to the structures of each kind near the person."""

from __future__ import annotations

from typing import Any

from mobile.a11y import ROLE_LINK, A11yDisclosure, A11yText
from mobile.guide_content import (
    HELPERS_HEADING,
    date_words,
    domain,
    markdown_blocks,
    split_helpers_section,
)
from mobile.screens.base import BaseScreen, plural

PAGE_SIZE = 10
ALL_TOPICS_LABEL = "Tous les thèmes"
NOTHING_FOUND_TIP = (
    "Essayez d'autres mots, par exemple : stage, apprentissage, handicap ou Mission locale."
)


class GuidesScreen(BaseScreen):
    screen_name = "guides"
    title = "Comprendre mes options"

    def build(self) -> None:
        self.params: dict[str, Any] = {}
        self.items: list[dict[str, Any]] = []
        self.total = 0
        self.topic = ""
        self.topics: list[dict[str, Any]] = []  # from GET /api/v1/guides/topics, on demand
        self.has_results = False
        self._seq = 0  # an answer to an older request is dropped
        self.q_field = self.field(
            "Votre question ou des mots",
            hint="Par exemple : RQTH, apprentissage, stage",
            submit=self.search,
        )
        self.button("Chercher", self.search, hint="Cherche dans les guides")
        # the ten themes would be ten swipes before the results: they stay folded under one
        # button until the person asks for them
        self.topic_toggle: A11yDisclosure = self._add(
            A11yDisclosure(
                self._topic_button_label(),
                on_toggle=self.show_topics,
                hint="Montre les thèmes pour ne voir que les guides de l'un d'eux",
            ),
            None,
        )
        self.topics_box = self.section()
        self.summary_box = self.section()
        self.list_box = self.section()
        self.more_box = self.section()

    def prepare(self, q: str | None = None, topic: str | None = None, **_: Any) -> None:
        if q or topic:
            self.q_field.text = q or ""
            self.topic = topic or ""
            self.topic_toggle.set_label(self._topic_button_label())
            self.params = {"q": q or None, "topic": topic or None}
            self.load(0)
        elif not self.has_results:
            # every guide at once, quietly: the person hears the title and can search, or swipe
            # past the search to the list; only a failure is said (and offers to retry)
            self.params = {}
            self.load(0, quiet=True)

    # -- themes ---------------------------------------------------------------------------------
    def _topic_label(self, topic: str) -> str:
        if not topic:
            return ALL_TOPICS_LABEL
        return next((str(t["label"]) for t in self.topics if t.get("topic") == topic), topic)

    def _topic_button_label(self) -> str:
        return f"Thème : {self._topic_label(self.topic)}"

    def show_topics(self, expanded: bool) -> None:
        box = self.topics_box
        box.clear_widgets()
        if not expanded:
            return
        if self.topics:
            self._fill_topics()
            return
        self.fetch_into(
            box,
            "Chargement des thèmes.",
            lambda client: client.get("/api/v1/guides/topics"),
            self._topics_loaded,
            lambda: self.show_topics(True),
        )

    def _topics_loaded(self, data: dict[str, Any]) -> None:
        self.topics = [t for t in data.get("items", []) if t.get("topic")]
        if self.topic_toggle.expanded:
            self.topics_box.clear_widgets()
            self._fill_topics()

    def _fill_topics(self) -> None:
        options = [("", ALL_TOPICS_LABEL)] + [
            (
                str(t["topic"]),
                f"{t.get('label', t['topic'])}, {plural(int(t.get('count', 0)), 'guide')}",
            )
            for t in self.topics
        ]
        self.choices(options, self.topic, self.choose_topic, parent=self.topics_box)

    def choose_topic(self, topic: str) -> None:
        """A theme chosen: the list folds, the button says the theme, the guides are reloaded."""
        self.topic = topic
        self.topic_toggle.set_label(self._topic_button_label())
        self.topic_toggle.expanded = False
        self.topics_box.clear_widgets()
        self.host.focus_quietly(self.topic_toggle)  # not on a removed option
        self.params = {"q": self.q_field.text.strip() or None, "topic": topic or None}
        self.load(0)

    # -- search and list ------------------------------------------------------------------------
    def search(self) -> None:
        # an empty search lists every guide (of the chosen theme): nothing to correct
        self.params = {"q": self.q_field.text.strip() or None, "topic": self.topic or None}
        self.load(0)

    def load(self, offset: int, quiet: bool = False) -> None:
        params = {k: v for k, v in self.params.items() if v}
        params.update(limit=PAGE_SIZE, offset=offset)
        self._seq += 1
        seq = self._seq
        if offset == 0:
            self.items = []
            self.has_results = False
            self.list_box.clear_widgets()
            self.more_box.clear_widgets()
            self.show_loading(self.summary_box)
        else:
            self.show_loading(self.more_box, "Chargement de la suite.")
        self.host.call_api(
            lambda client: client.guides(**params),
            lambda data: self.loaded(data, offset, seq, quiet),
            lambda exc: self.failed(exc, offset, seq),
        )

    def failed(self, exc: Exception, offset: int, seq: int) -> None:
        if seq != self._seq:
            return
        box = self.summary_box if offset == 0 else self.more_box
        self.show_error(box, exc, lambda: self.load(offset))

    def summary_words(self) -> str:
        q = self.params.get("q")
        about = f" pour « {q} »" if q else ""
        theme = f", thème « {self._topic_label(self.topic)} »" if self.params.get("topic") else ""
        if self.total == 0:
            return f"Aucun guide trouvé{about}{theme}. {NOTHING_FOUND_TIP}"
        if not q and not theme:
            return plural(self.total, "guide") + "."
        return plural(self.total, "guide trouvé", "guides trouvés") + f"{about}{theme}."

    def loaded(self, data: dict[str, Any], offset: int, seq: int, quiet: bool = False) -> None:
        if seq != self._seq:
            return
        self.total = int(data.get("total", 0))
        new = list(data.get("items", []))
        self.items.extend(new)
        self.has_results = True
        summary = self.summary_words()
        self.summary_box.clear_widgets()
        summary_widget = self.text(summary, parent=self.summary_box)
        first_new = None
        for index, item in enumerate(new, start=offset + 1):
            text = f"{index}. {item.get('title', '')}"
            widget = self.button(
                text,
                lambda i=item: self.host.navigate("guide", slug=i["slug"]),
                parent=self.list_box,
                hint="Ouvre le guide",
            )
            widget.halign = "left"
            first_new = first_new or widget
        self.more_box.clear_widgets()
        if len(self.items) < self.total:
            self.button(
                "Voir plus",
                lambda: self.load(len(self.items)),
                parent=self.more_box,
                hint=f"Encore {plural(self.total - len(self.items), 'guide')}",
            )
        if quiet:
            return
        if offset == 0:
            self.host.focus_and_say(summary_widget, summary)
        elif first_new is not None:
            self.host.focus_and_say(first_new, first_new.describe())


class GuideScreen(BaseScreen):
    screen_name = "guide"
    title = "Guide"

    def build(self) -> None:
        self.slug: str | None = None
        self.data: dict[str, Any] = {}
        self.helpers_heading: A11yText | None = None
        self._seq = 0
        self.details = self.section()
        self.feedback = self.section(self.details)  # replaced by the one under the sources

    def prepare(self, slug: str | None = None, **_: Any) -> None:
        if not slug:
            return
        self.slug = slug
        self.load()

    def load(self) -> None:
        self._seq += 1
        seq = self._seq
        slug = self.slug
        self.helpers_heading = None
        self.show_loading(self.details, "Chargement du guide.")

        def done(data: dict[str, Any]) -> None:
            if seq == self._seq:  # not the answer for a guide opened before this one
                self.loaded(data)

        def failed(exc: Exception) -> None:
            if seq == self._seq:
                self.show_error(self.details, exc, self.load)

        self.host.call_api(lambda client: client.guide(slug), done, failed)

    def loaded(self, data: dict[str, Any]) -> None:
        self.data = data
        box = self.details
        box.clear_widgets()
        title = str(data.get("title", ""))
        heading = self.text(title, kind="heading", parent=box)
        if data.get("topic_label"):
            self.text(f"Thème : {data['topic_label']}.", parent=box)
        self.text("En bref", kind="heading", parent=box)
        self.text(str(data.get("short_answer", "")), parent=box)
        helpers = [h for h in data.get("helpers") or [] if h.get("kind")]
        if helpers:
            # a skip link: the whole text is often 15 to 25 pieces to swipe through
            self.button(
                f"Aller à « {HELPERS_HEADING} »",
                self.go_to_helpers,
                parent=box,
                role=ROLE_LINK,
                hint="Passe le guide complet",
            )
        text, helpers_text = split_helpers_section(
            markdown_blocks(str(data.get("body_markdown", "")))
        )
        if text:
            self.text("Le guide complet", kind="heading", parent=box)
        for block in text:
            self._block(block, box)
        if helpers or helpers_text:
            self.helpers_heading = self.text(HELPERS_HEADING, kind="heading", parent=box)
        for block in helpers_text:
            self._block(block, box)
        for helper in helpers:
            kind, label = str(helper["kind"]), str(helper.get("label") or helper["kind"])
            self.button(
                f"Trouver près de moi : {label}",
                lambda k=kind, lab=label: self.host.navigate("near", kind=k, kind_label=lab),
                parent=box,
                hint="Cherche ce type de structure près de chez vous",
            ).halign = "left"
        sources = [s for s in data.get("sources") or [] if s.get("url")]
        if sources:
            self.text("Sources", kind="heading", parent=box)
        for source in sources:
            url = str(source["url"])
            label = str(source.get("title") or url)
            if source.get("read"):
                label += f" (lue le {date_words(str(source['read']))})"
            self.button(
                label,
                lambda u=url: self.open_source(u),
                parent=box,
                role=ROLE_LINK,
                hint=f"Ouvre la page du site {domain(url)}",
            ).halign = "left"
        self.feedback = self.section(box)  # what opening a source did, right under them
        if data.get("last_checked"):
            self.text(f"Vérifié le {date_words(data['last_checked'])}.", parent=box)
        speech = str(data.get("speech") or data.get("short_answer") or "")
        self.host.focus_and_say(heading, f"{title} {speech}")

    def _block(self, block: Any, box: Any) -> None:
        kind = "heading" if block.kind == "heading" else "body"
        spoken = block.spoken if block.spoken != block.text else None
        self.text(block.text, kind=kind, parent=box, spoken=spoken)

    def go_to_helpers(self) -> None:
        if self.helpers_heading is not None:
            self.host.focus_and_say(self.helpers_heading, self.helpers_heading.describe())

    def open_source(self, url: str) -> None:
        if self.host.platform.open_url(url):
            self.say_in(self.feedback, "Page ouverte dans votre navigateur.")
        else:
            self.say_in(
                self.feedback, f"Impossible d'ouvrir la page sur cet appareil. Son adresse : {url}"
            )
