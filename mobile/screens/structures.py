"""Structures near me -> results (count first, nearest first, "Voir plus") -> detail."""

from __future__ import annotations

from typing import Any

from mobile.a11y import A11yChoice
from mobile.directions import place_text
from mobile.screens.base import BaseScreen, plural
from totalacces import vocabulary

PAGE_SIZE = 10

#: The four usual choices, with the shared vocabulary's names (as on the web).
KIND_CHOICES = [("", "Tous les types")] + [
    (kind, vocabulary.kind_label(kind)) for kind in ("mission_locale", "cio", "e2c", "epide")
]


class NearScreen(BaseScreen):
    screen_name = "near"
    title = "Structures près de moi"

    def build(self) -> None:
        self.kind = ""
        self.place_field = self.field(
            "Commune ou code postal",
            hint="Par exemple Lyon ou 69003",
            submit=self.search,
        )
        self.button("Chercher", self.search)
        self.button("Utiliser ma position", self.use_position, hint="Cherche autour de vous")
        self.text("Type de structure", kind="heading")
        self.kind_choices = self.choices(KIND_CHOICES, "", self._set_kind)
        self.status = self.section()

    def prepare(self, kind: str | None = None, kind_label: str | None = None, **_: Any) -> None:
        """Opened from a guide's "Qui peut m'aider ?": that kind is chosen already."""
        if not kind:
            return
        options = [c for c in self.kind_choices.children if isinstance(c, A11yChoice)]
        choice = next((c for c in options if c.value == kind), None)
        if choice is None:  # a kind the four usual choices do not list (MDPH, CFA...)
            label = vocabulary.kind_label(kind) if kind in vocabulary.KINDS else kind_label
            choice = A11yChoice(label or kind, kind, on_select=self._set_kind)
            self.kind_choices.add_widget(choice)
            options.append(choice)
        for option in options:
            option.selected = option is choice
        self.kind = kind
        self.status.clear_widgets()
        self.host.say(
            f"{self.title}. Type choisi : {choice.a11y_label}. "
            "Écrivez votre commune, ou utilisez votre position."
        )

    def _set_kind(self, kind: str) -> None:
        self.kind = kind

    def search(self) -> None:
        place = self.place_field.text.strip()
        if not place:
            self.say_in(self.status, "Erreur : écrivez une commune ou un code postal.", "alert")
            return
        self.status.clear_widgets()
        self.host.navigate("results", params={"place": place, "kind": self.kind or None})

    def use_position(self) -> None:
        def on_location(lat: float | None, lon: float | None) -> None:
            if lat is None or lon is None:
                self.say_in(
                    self.status, "Erreur : position introuvable. Écrivez votre commune.", "alert"
                )
                return
            self.host.set_position(lat, lon)  # the voice dialogue ("Parler") searches near it too
            self.host.navigate(
                "results", params={"lat": lat, "lon": lon, "kind": self.kind or None}
            )

        if not self.host.platform.request_location(self.host.on_ui_thread(on_location)):
            self.say_in(
                self.status,
                "Erreur : cet appareil ne donne pas sa position. Écrivez votre commune.",
                "alert",
            )
        else:
            self.show_loading(self.status, "Recherche de votre position.")


class ResultsScreen(BaseScreen):
    screen_name = "results"
    title = "Résultats"

    def build(self) -> None:
        self.params: dict[str, Any] = {}
        self.items: list[dict[str, Any]] = []
        self.total = 0
        self.origin: tuple[float, float] | None = None
        self.summary_box = self.section()
        self.list_box = self.section()
        self.more_box = self.section()
        self.button("Nouvelle recherche", lambda: self.host.navigate("near"))

    def prepare(self, params: dict[str, Any] | None = None, **_: Any) -> None:
        if params is None:
            return
        self.params = {k: v for k, v in params.items() if v is not None}
        self.items, self.total = [], 0
        self.list_box.clear_widgets()
        self.more_box.clear_widgets()
        self.load(0)

    def load(self, offset: int) -> None:
        params = dict(self.params, limit=PAGE_SIZE, offset=offset)
        if offset == 0:
            self.show_loading(self.summary_box)
        else:
            self.show_loading(self.more_box, "Chargement de la suite.")
        self.host.call_api(
            lambda client: client.structures(**params),
            lambda data: self.loaded(data, offset),
            lambda exc: self.failed(exc, offset),
        )

    def failed(self, exc: Exception, offset: int) -> None:
        from totalacces.client import ApiError

        if isinstance(exc, ApiError) and exc.status == 404 and exc.problem.get("candidates"):
            self.summary_box.clear_widgets()
            alert = self.text("Erreur : " + exc.detail, kind="alert", parent=self.summary_box)
            self.text("Choisissez votre commune :", parent=self.summary_box)
            for cand in exc.problem["candidates"][:8]:
                label = (
                    f"{cand.get('nom')} ({cand.get('departement_nom') or cand.get('departement')})"
                )
                self.button(
                    label,
                    lambda c=cand: self.prepare(params=_around(self.params, c["code_insee"])),
                    parent=self.summary_box,
                )
            self.host.focus_and_say(alert, alert.text)
            return
        box = self.summary_box if offset == 0 else self.more_box
        self.show_error(box, exc, lambda: self.load(offset))

    def loaded(self, data: dict[str, Any], offset: int) -> None:
        self.total = int(data.get("total", 0))
        place = data.get("place") or {}
        if place.get("lat") is not None:
            self.origin = (float(place["lat"]), float(place["lon"]))
        elif "lat" in self.params:
            self.origin = (float(self.params["lat"]), float(self.params["lon"]))
        new = list(data.get("items", []))
        self.items.extend(new)
        where = f" près de {place['nom']}" if place.get("nom") else ""
        count = plural(self.total, "structure trouvée", "structures trouvées")
        summary = f"{count}{where}."
        if self.total:
            summary += " La plus proche en premier."
        if offset == 0 and place.get("note"):  # e.g. a code read as a postcode, not as INSEE
            summary = f"{place['note']} {summary}"
        self.summary_box.clear_widgets()
        summary_widget = self.text(summary, parent=self.summary_box)
        other = place.get("alternative") if offset == 0 else None
        if other and other.get("code_insee"):
            self.button(
                f"Chercher près de {other.get('nom')} ({other.get('departement_nom')})",
                lambda c=other["code_insee"]: self.prepare(params=_around(self.params, c)),
                parent=self.summary_box,
            )
        mode = self.host.settings.direction_mode
        heading = self.host.platform.compass_heading() if mode == "clock" else None
        if mode == "clock" and heading is None and offset == 0:
            message = (
                "Boussole sans mesure pour l'instant : directions en points cardinaux."
                if self.host.platform.has_compass()
                else "Boussole indisponible : directions en points cardinaux."
            )
            self.text(message, parent=self.summary_box)
        first_new = None
        for index, item in enumerate(new, start=offset + 1):
            where_words = place_text(item, mode, self.origin, heading)
            lines = [f"{index}. {item.get('name', '')}", str(item.get("kind_label") or "")]
            lines.append(", ".join(p for p in (item.get("commune"), where_words) if p))
            label = ", ".join(line for line in lines if line)
            widget = self.button(
                "\n".join(line for line in lines if line),
                lambda i=item, w=where_words: self.host.navigate(
                    "structure", structure_id=i["id"], distance_text=w
                ),
                parent=self.list_box,
                label=label,
            )
            widget.halign = "left"
            first_new = first_new or widget
        self.more_box.clear_widgets()
        if len(self.items) < self.total:
            self.button(
                "Voir plus",
                lambda: self.load(len(self.items)),
                parent=self.more_box,
                hint=f"Encore {self.total - len(self.items)} résultats",
            )
        if offset == 0:
            self.host.focus_and_say(summary_widget, summary)
        elif first_new is not None:
            self.host.focus_and_say(first_new, first_new.describe())


class StructureScreen(BaseScreen):
    screen_name = "structure"
    title = "Fiche de la structure"

    def build(self) -> None:
        self.data: dict[str, Any] = {}
        self.structure_id: int | None = None
        self.distance_text: str | None = None
        self.details = self.section()
        self.actions = self.section()
        self.feedback = self.section()

    def prepare(
        self, structure_id: int | None = None, distance_text: str | None = None, **_: Any
    ) -> None:
        if structure_id is None:
            return
        self.structure_id = structure_id
        self.distance_text = distance_text  # from the list: the detail has no origin
        self.actions.clear_widgets()
        self.feedback.clear_widgets()
        self.load()

    def load(self) -> None:
        self.show_loading(self.details, "Chargement de la fiche.")
        structure_id = self.structure_id

        def job(client: Any) -> tuple[dict[str, Any], dict[str, Any] | None]:
            data = client.structure(structure_id)
            # the guide explaining this kind of structure, if any (never fails the fiche)
            return data, self.host.guide_for_kind(client, data.get("kind"))

        self.host.call_api(
            job,
            lambda result: self.loaded(*result),
            lambda exc: self.show_error(self.details, exc, self.load),
        )

    def loaded(self, data: dict[str, Any], guide: dict[str, Any] | None = None) -> None:
        self.data = data
        box = self.details
        box.clear_widgets()
        name = self.text(str(data.get("name", "")), kind="heading", parent=box)
        lines = [
            data.get("kind_label"),
            _join("Adresse : ", data.get("address"), data.get("postcode"), data.get("commune")),
            _distance(data.get("distance_text") or self.distance_text),
            *_hours(data),
            _ages(data),
            data.get("description"),
            data.get("building_accessibility")
            and f"Accessibilité du bâtiment : {data['building_accessibility']}",
            data.get("phone") and f"Téléphone : {data['phone']}",
            data.get("email") and f"E-mail : {data['email']}",
            _no_contact(data),
            vocabulary.participation_words(data),
            vocabulary.reported_words(data),
            _source(data),
        ]
        for line in lines:
            if line:
                self.text(str(line), parent=box)
        actions = self.actions
        actions.clear_widgets()
        if data.get("phone"):
            self.button(
                f"Appeler le {data['phone']}",
                self.call,
                parent=actions,
                hint="Ouvre le téléphone avec le numéro",
            )
        network = data.get("network_contact")  # given only for a place without its own contact
        if network and network.get("phone"):
            self.button(
                f"Appeler {network['name']} au {network['phone']}",
                lambda: self._done(
                    self.host.platform.dial(str(network["phone"])),
                    "Le numéro est prêt dans votre téléphone.",
                    f"Composez le {network['phone']}.",
                ),
                parent=actions,
                hint="Ce lieu n'a pas de numéro connu : c'est le numéro national",
            )
        if network and network.get("website"):
            self.button(
                f"Site de {network['name']}",
                lambda: self._done(self.host.platform.open_url(network["website"]), "Site ouvert."),
                parent=actions,
                role="lien",
            )
        if data.get("lat") is not None and data.get("lon") is not None:
            self.button("Itinéraire", self.route, parent=actions, hint="Ouvre une carte")
        self.button("Partager", self.share, parent=actions, hint="Envoie l'adresse à quelqu'un")
        if data.get("website"):
            self.button(
                "Site web",
                lambda: self._done(self.host.platform.open_url(data["website"]), "Site ouvert."),
                parent=actions,
                role="lien",
            )
        self.button(
            "Être rappelé par un conseiller",
            lambda: self.host.navigate("callback", code_insee=data.get("code_insee")),
            parent=actions,
        )
        self.button(
            "Signaler une erreur",
            lambda: self.ask_report("structure", self.structure_id),
            parent=actions,
            hint="Un numéro faux, un lieu fermé ou déménagé",
        )
        if guide and guide.get("slug"):
            self.button(
                f"Comprendre : {guide.get('title') or guide['slug']}",
                lambda: self.host.navigate("guide", slug=guide["slug"]),
                parent=actions,
                hint="Ouvre le guide qui explique ce type de structure",
            )
        self.host.focus_and_say(name, str(data.get("speech") or data.get("name", "")))

    def call(self) -> None:
        phone = str(self.data.get("phone"))
        ok = self.host.platform.dial(phone)
        self._done(ok, "Le numéro est prêt dans votre téléphone.", f"Composez le {phone}.")

    def route(self) -> None:
        d = self.data
        if d.get("coord_precision") == "commune":
            # The point is the commune's centre, not the door: the map searches the address.
            query = _join("", d.get("address"), d.get("postcode"), d.get("commune"))
            ok = self.host.platform.open_address(query)
            self._done(ok, "Adresse cherchée dans votre application de cartes.")
            return
        ok = self.host.platform.open_route(float(d["lat"]), float(d["lon"]), str(d.get("name", "")))
        self._done(ok, "Itinéraire ouvert dans votre application de cartes.")

    def share(self) -> None:
        d = self.data
        text = "\n".join(
            str(p)
            for p in (
                d.get("name"),
                _join("", d.get("address"), d.get("postcode"), d.get("commune")),
                d.get("phone"),
                d.get("website"),
            )
            if p
        )
        self._done(self.host.platform.share(text), "Fiche prête à partager.")

    def _done(self, ok: bool, message: str, fallback: str | None = None) -> None:
        if ok:
            self.say_in(self.feedback, message)
        else:
            self.say_in(self.feedback, fallback or "Erreur : action impossible sur cet appareil.")


def _join(prefix: str, *parts: Any) -> str:
    text = " ".join(str(p) for p in parts if p)
    return f"{prefix}{text}" if text else ""


def _distance(text: str | None) -> str:
    return f"Distance : {text}." if text else ""


def _hours(data: dict[str, Any]) -> list[str]:
    """What is true now, then the week (the API's ``hours``, in the place's own time zone)."""
    hours = data.get("hours") or {}
    if not hours.get("known"):
        return ["Horaires : je n'ai pas les horaires de ce lieu."]
    lines = [f"Horaires : {hours['now']}"]  # free text: "Horaires donnés par le lieu : ..."
    for day in hours.get("week") or []:
        name = f"{day['day']} (aujourd'hui)" if day.get("today") else day["day"]
        lines.append(f"{name[:1].upper()}{name[1:]} : {day['text']}")
    return lines


def _ages(data: dict[str, Any]) -> str:
    low, high = data.get("age_min"), data.get("age_max")
    if low and high:
        return f"Pour les personnes de {low} à {high} ans."
    if low:
        return f"À partir de {low} ans."
    return ""


def _no_contact(data: dict[str, Any]) -> str:
    """The API's ``own_contact`` false: said, with the network's way in."""
    if data.get("own_contact") is not False:
        return ""
    network = data.get("network_contact") or {}
    return " ".join(x for x in ("Pas de contact connu pour ce lieu.", network.get("how")) if x)


def _source(data: dict[str, Any]) -> str:
    checked = "vérifiée" if data.get("verified") else "non vérifiée"
    source = data.get("source") or "inconnue"
    date = f", {data['source_date']}" if data.get("source_date") else ""
    note = f" {data['age_note']}" if data.get("age_note") else ""
    return f"Information {checked}. Source : {source}{date}.{note}"


def _around(params: dict[str, Any], code_insee: str) -> dict[str, Any]:
    """The same search around the commune ``code_insee`` (never re-read as a postcode)."""
    out = {k: v for k, v in params.items() if k not in ("place", "postcode", "lat", "lon")}
    out["code_insee"] = code_insee
    return out
