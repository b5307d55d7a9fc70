"""What every screen shares: a scrolling column, a "Retour" button, a title, and helpers that only
create accessible widgets (labelled, themed, at least 48 dp, spaced by at least 8 dp)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from kivy.effects.scroll import ScrollEffect
from kivy.metrics import dp
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.screenmanager import Screen
from kivy.uix.scrollview import ScrollView

from mobile.a11y import A11yButton, A11yChoice, A11yText, A11yTextInput, A11yToggle

if TYPE_CHECKING:
    from mobile.screens.host import ScreenHost

SPACING_DP = 12


def column() -> BoxLayout:
    box = BoxLayout(orientation="vertical", size_hint_y=None, height=0, spacing=dp(SPACING_DP))
    box.bind(minimum_height=box.setter("height"))
    return box


def plural(n: int, singular: str, plural_form: str | None = None) -> str:
    return f"{n} {singular if n <= 1 else (plural_form or singular + 's')}"


def error_message(exc: Exception) -> str:
    from totalacces.client import ApiError, ApiUnavailable  # httpx loads after the first frame

    if isinstance(exc, (ApiUnavailable, ApiError)):
        return str(exc)
    return "Une erreur inattendue est survenue. Réessayez."


#: The switch at the top of every screen: the way in and out of screen-reader mode.
READING_SWITCH = "Lecture de l'écran"


class BaseScreen(Screen):
    screen_name = "base"
    title = ""
    has_back = True
    #: The "Lecture de l'écran" switch comes first on the screen (not on the first-launch
    #: question, nor in Réglages, which has its own).
    has_reading_switch = True
    #: Said when the screen appears even while the app does not read the screen.
    always_spoken = False

    def __init__(self, host: ScreenHost, **kwargs: Any) -> None:
        super().__init__(name=self.screen_name, **kwargs)
        self.host = host  # all a screen may ask of the app (mobile/screens/host.py)
        # ScrollEffect: no overscroll bounce (less motion, and the content never stays offset
        # after it shrinks, e.g. when a screen is rebuilt)
        self.scroll = ScrollView(
            do_scroll_x=False,
            bar_width=dp(6),
            scroll_type=["bars", "content"],
            effect_cls=ScrollEffect,
        )
        self.body = column()
        self.body.padding = (dp(16), dp(16))
        self.scroll.add_widget(self.body)
        self.add_widget(self.scroll)
        self.heading: A11yText | None = None
        self.rebuild()

    # -- life cycle -----------------------------------------------------------------------------
    def rebuild(self) -> None:
        self.body.clear_widgets()
        self.reading_switch: A11yToggle | None = None
        if self.has_reading_switch:
            self.reading_switch = self.toggle(
                READING_SWITCH,
                active=self.host.settings.self_voicing,
                on_change=self.host.set_self_voicing,
            )
            self.reading_switch.a11y_hint = "La voix et les gestes du lecteur d'écran"
        if self.has_back:
            self.button("Retour", self.host.go_back, hint="Revient à l'écran précédent")
        self.heading = self.text(self.title, kind="heading")
        self.build()

    def build(self) -> None:
        """Add the screen's widgets to self.body (override)."""

    def prepare(self, **params: Any) -> None:
        """Called before the screen is shown, with the navigation parameters."""

    def announcement(self) -> str:
        """Said when the screen appears: its title first."""
        return self.title

    # -- helpers --------------------------------------------------------------------------------
    def _add(self, widget: Any, parent: BoxLayout | None) -> Any:
        (parent if parent is not None else self.body).add_widget(widget)
        return widget

    def button(
        self,
        text: str,
        action: Callable[[], Any] | None,
        parent: BoxLayout | None = None,
        **kwargs: Any,
    ) -> A11yButton:
        return self._add(A11yButton(text, action, **kwargs), parent)

    def text(
        self,
        text: str,
        kind: str = "body",
        parent: BoxLayout | None = None,
        focusable: bool = True,
        spoken: str | None = None,
    ) -> A11yText:
        return self._add(A11yText(text, kind=kind, focusable=focusable, spoken=spoken), parent)

    def field(
        self,
        label: str,
        hint: str = "",
        submit: Callable[[], Any] | None = None,
        parent: BoxLayout | None = None,
        **kwargs: Any,
    ) -> A11yTextInput:
        # the visible label (and hint, which wraps, unlike a placeholder) is not focusable:
        # the field itself says its label and hint
        group = column()
        group.spacing = dp(4)  # the label sits close to its field, further from the others
        self.text(f"{label}\n{hint}" if hint else label, parent=group, focusable=False)
        widget = A11yTextInput(label, hint=hint, submit=submit, **kwargs)
        group.add_widget(widget)
        self._add(group, parent)
        return widget

    def toggle(
        self, label: str, active: bool = False, on_change=None, parent: BoxLayout | None = None
    ) -> A11yToggle:
        return self._add(A11yToggle(label, active=active, on_change=on_change), parent)

    def choices(
        self,
        options: list[tuple[str, str]],
        selected: str,
        on_select=None,
        parent: BoxLayout | None = None,
    ) -> BoxLayout:
        group = column()
        for value, label in options:
            choice = A11yChoice(label, value, on_select=on_select)
            choice.selected = value == selected
            group.add_widget(choice)
        return self._add(group, parent)

    def section(self, parent: BoxLayout | None = None) -> BoxLayout:
        return self._add(column(), parent)

    # -- status messages ------------------------------------------------------------------------
    def say_in(self, box: BoxLayout, message: str, kind: str = "body") -> A11yText:
        """Replace the content of `box` by one message, focus it and say it."""
        box.clear_widgets()
        widget = self.text(message, kind=kind, parent=box)
        self.host.focus_and_say(widget, message)
        return widget

    # -- « Signaler une erreur » (a place's or an offer's fiche) ---------------------------------
    def ask_report(self, target: str, target_id: int | None) -> None:
        """The reasons, one button each, in the screen's ``feedback`` area; focus on the question."""
        from totalacces import vocabulary

        box = self.feedback  # type: ignore[attr-defined]
        box.clear_widgets()
        question = self.text("Qu'est-ce qui ne va pas ?", kind="heading", parent=box)
        reasons = (
            vocabulary.REPORT_REASONS if target == "structure" else vocabulary.OFFER_REPORT_REASONS
        )
        for key, label in reasons.items():
            self.button(label, lambda key=key: self.send_report(target, target_id, key), parent=box)
        self.host.focus_and_say(question, "Qu'est-ce qui ne va pas ? Choisissez une réponse.")

    def send_report(self, target: str, target_id: int | None, reason: str) -> None:
        box = self.feedback  # type: ignore[attr-defined]
        self.show_loading(box, "Envoi du signalement.")

        def job(client: Any) -> dict[str, Any]:
            return dict(client.report_error(target, int(target_id or 0), reason, "app"))

        def sent(answer: dict[str, Any]) -> None:
            data = getattr(self, "data", None)
            if isinstance(data, dict):
                data["reported"] = True
            self.say_in(box, str(answer.get("speech") or "Merci."))

        self.host.call_api(
            job,
            sent,
            lambda exc: self.show_error(
                box, exc, lambda: self.send_report(target, target_id, reason)
            ),
        )

    def show_loading(self, box: BoxLayout, message: str = "Recherche en cours.") -> None:
        box.clear_widgets()
        self.text(message, parent=box)  # shown; the answer will be spoken when it arrives

    def fetch_into(
        self,
        box: BoxLayout,
        message: str,
        request: Callable[[Any], Any],
        done: Callable[[Any], Any],
        retry: Callable[[], Any],
    ) -> None:
        """Show ``message`` in ``box``, run ``request(client)`` off the interface thread, then
        ``done(answer)``; on failure, say the error in ``box`` and offer ``retry``."""
        self.show_loading(box, message)
        self.host.call_api(request, done, lambda exc: self.show_error(box, exc, retry))

    def show_error(self, box: BoxLayout, exc: Exception, retry: Callable[[], Any] | None) -> None:
        """Say what went wrong in words (never by colour alone) and offer to retry."""
        message = "Erreur : " + error_message(exc)
        box.clear_widgets()
        alert = self.text(message, kind="alert", parent=box)
        if retry is not None:
            self.button("Réessayer", retry, parent=box, hint="Relance la dernière demande")
        self.host.focus_and_say(alert, message)
