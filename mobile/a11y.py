"""The accessibility layer of the Kivy app.

Kivy draws its own widgets, so no platform screen reader can see them: every widget that a person
can reach carries its own spoken label, role, state and hint, draws its own focus ring and follows
the current theme and text size. `FocusManager` moves the focus in reading order (keyboard, switch,
swipes) and speaks what it lands on.

Rules enforced here and by the test-suite (`find_unlabelled`):
- every actionable widget is an `Accessible` with a non-empty `a11y_label` and `a11y_role`;
- touch targets are at least 48 dp high and wide, with at least 8 dp between them;
- a widget's state is said in words in its text (never by colour alone).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from typing import Any

from kivy.clock import Clock
from kivy.event import EventDispatcher
from kivy.graphics import Color, Line
from kivy.metrics import dp, sp
from kivy.properties import (
    BooleanProperty,
    NumericProperty,
    ObjectProperty,
    StringProperty,
)
from kivy.uix.behaviors import ButtonBehavior, ToggleButtonBehavior
from kivy.uix.button import Button
from kivy.uix.label import Label
from kivy.uix.scrollview import ScrollView
from kivy.uix.textinput import TextInput
from kivy.uix.widget import Widget

from mobile.themes import DEFAULT_THEME, THEMES, Theme

MIN_TARGET_DP = 48
MIN_GAP_DP = 8
PAD_X_DP = 14
PAD_Y_DP = 10

ROLE_BUTTON = "bouton"
ROLE_LINK = "lien"
ROLE_CHECKBOX = "case à cocher"
ROLE_RADIO = "bouton radio"
ROLE_TEXT_FIELD = "champ de texte"
ROLE_HEADING = "titre"
ROLE_TEXT = "texte"

BASE_FONT_SP = {"body": 18, "button": 20, "heading": 26, "big": 24}


class Appearance(EventDispatcher):
    """Theme and text size shared by every widget; widgets restyle themselves on change."""

    theme_key = StringProperty(DEFAULT_THEME)
    text_scale = NumericProperty(1.0)

    @property
    def theme(self) -> Theme:
        return THEMES.get(self.theme_key, THEMES[DEFAULT_THEME])

    def font_size(self, kind: str) -> float:
        return sp(BASE_FONT_SP[kind]) * float(self.text_scale)


appearance = Appearance()

#: set by the app: called when a widget takes the focus by itself (a tap in a text field)
focus_hook: Callable[[Accessible], None] | None = None


class Accessible:
    """Mixin: what a self-voicing screen reader needs to know about a widget."""

    a11y_label = StringProperty("")
    a11y_role = StringProperty("")
    a11y_hint = StringProperty("")
    a11y_focused = BooleanProperty(False)
    focusable = BooleanProperty(True)
    #: actionable widgets are those a person can press or type into (checked by the suite)
    actionable = True

    def a11y_state(self) -> str:
        return ""

    def a11y_activate(self) -> None:
        """What Enter, Space or a double-tap does."""

    def describe(self) -> str:
        parts = [self.a11y_label or "", self.a11y_role or ""]
        state = self.a11y_state()
        if state:
            parts.append(state)
        text = ", ".join(p for p in parts if p)
        if self.a11y_hint:
            text += ". " + self.a11y_hint
        return text

    # -- drawing --------------------------------------------------------------------------------
    def _a11y_init_canvas(self, border: bool) -> None:
        w: Widget = self  # type: ignore[assignment]
        with w.canvas.after:
            self._border_color = Color(0, 0, 0, 1 if border else 0)
            self._border_line = Line(width=dp(1.5))
            self._ring_outer_color = Color(0, 0, 0, 0)
            self._ring_outer = Line(width=dp(2))
            self._ring_inner_color = Color(0, 0, 0, 0)
            self._ring_inner = Line(width=dp(1.5))
        self._has_border = border
        w.bind(pos=self._a11y_redraw, size=self._a11y_redraw, a11y_focused=self._a11y_redraw)
        appearance.bind(theme_key=self._a11y_restyle, text_scale=self._a11y_restyle)

    def _a11y_redraw(self, *_: Any) -> None:
        w: Widget = self  # type: ignore[assignment]
        x, y, width, height = w.x, w.y, w.width, w.height
        b = dp(1.5)
        self._border_line.rectangle = (x + b, y + b, max(0, width - 2 * b), max(0, height - 2 * b))
        o, i = dp(2), dp(5)
        self._ring_outer.rectangle = (x + o, y + o, max(0, width - 2 * o), max(0, height - 2 * o))
        self._ring_inner.rectangle = (x + i, y + i, max(0, width - 2 * i), max(0, height - 2 * i))
        theme = appearance.theme
        alpha = 1 if self.a11y_focused else 0
        self._ring_outer_color.rgba = (*theme.focus_outer[:3], alpha)
        self._ring_inner_color.rgba = (*theme.focus_inner[:3], alpha)

    def _a11y_restyle(self, *_: Any) -> None:
        self.restyle(appearance.theme)
        self._a11y_redraw()

    def restyle(self, theme: Theme) -> None:
        """Apply ``theme`` to the widget's own colours. Every accessible widget class defines it
        (the mixin only calls it); reaching this one is a programming error."""
        raise NotImplementedError(f"{type(self).__name__} must define restyle(theme)")


class _FittedLabelMixin:
    """Label-based widgets grow in height with their (wrapped) text, never clip it."""

    min_height = NumericProperty(0)
    pad_y_dp = PAD_Y_DP

    def _fit_init(self) -> None:
        lbl: Label = self  # type: ignore[assignment]
        lbl.size_hint_y = None
        lbl.padding = (dp(PAD_X_DP), dp(self.pad_y_dp))
        lbl.bind(width=self._fit_width, texture_size=self._fit_height, min_height=self._fit_height)
        self._fit_width()

    def _fit_width(self, *_: Any) -> None:
        lbl: Label = self  # type: ignore[assignment]
        lbl.text_size = (max(1, lbl.width), None)  # Kivy's text_size includes the padding

    def _fit_height(self, *_: Any) -> None:
        lbl: Label = self  # type: ignore[assignment]
        lbl.height = max(self.min_height, lbl.texture_size[1])  # texture includes the padding


class A11yButton(Accessible, _FittedLabelMixin, Button):
    """A full-width button. `action` is called by touch, keyboard, switch or double-tap."""

    style = StringProperty("normal")  # "normal" | "primary" | "link" (secondary, underlined)
    action = ObjectProperty(None, allownone=True)

    def __init__(self, text: str, action: Callable[[], Any] | None = None, **kwargs: Any):
        role = kwargs.pop("role", ROLE_BUTTON)
        label = kwargs.pop("label", None)
        hint = kwargs.pop("hint", "")
        style = kwargs.pop("style", "normal")
        super().__init__(text=text, **kwargs)
        self.style = style
        self.a11y_role = role
        self.a11y_label = label or text
        self.a11y_hint = hint
        self.action = action
        self.background_normal = ""
        self.background_down = ""
        self.background_disabled_normal = ""
        self.background_disabled_down = ""
        self.halign = "center"
        self.valign = "middle"
        self.min_height = {"primary": dp(64), "link": dp(52)}.get(style, dp(56))
        self._fit_init()
        self._a11y_init_canvas(border=True)
        self.bind(on_release=lambda *_: self.a11y_activate())
        self._a11y_restyle()

    def a11y_activate(self) -> None:
        if self.action is not None and not self.disabled:
            self.action()

    def restyle(self, theme: Theme) -> None:
        if self.style == "link":
            # a secondary choice: underlined text in the heading colour on the page background
            # (a pair checked at 7:1), outlined so that its 48 dp target stays visible
            self.background_color = theme.background
            self.color = theme.heading
            self.disabled_color = self.color
            self.font_size = appearance.font_size("body")
            self.bold = False
            self.underline = True
            self._border_color.rgba = theme.heading
            return
        primary = self.style == "primary"
        self.background_color = theme.primary_bg if primary else theme.button_bg
        self.color = theme.primary_text if primary else theme.button_text
        self.disabled_color = self.color
        self.font_size = appearance.font_size("big" if primary else "button")
        self.bold = primary
        self._border_color.rgba = theme.primary_bg if primary else theme.button_border


class A11yToggle(A11yButton):
    """A check box drawn as a button; its state is written in its text and spoken."""

    active = BooleanProperty(False)

    def __init__(self, label: str, active: bool = False, on_change=None, **kwargs: Any):
        self._base_label = label
        self._on_change = on_change
        kwargs.setdefault("role", ROLE_CHECKBOX)
        super().__init__(text=label, label=label, **kwargs)
        self.halign = "left"
        self.bind(active=self._update_text)
        self.active = active
        self._update_text()

    def _update_text(self, *_: Any) -> None:
        self.text = f"{self._base_label} : {'oui' if self.active else 'non'}"

    def a11y_state(self) -> str:
        return "coché" if self.active else "non coché"

    def a11y_activate(self) -> None:
        if self.disabled:
            return
        self.active = not self.active
        if self._on_change:
            self._on_change(self.active)


class A11yChoice(A11yButton):
    """One option of a group (radio button): the chosen one says "choisi" in its text."""

    selected = BooleanProperty(False)

    def __init__(self, label: str, value: str, on_select=None, **kwargs: Any):
        self._base_label = label
        self.value = value
        self._on_select = on_select
        kwargs.setdefault("role", ROLE_RADIO)
        super().__init__(text=label, label=label, **kwargs)
        self.halign = "left"
        self.bind(selected=self._update_text)
        self._update_text()

    def _update_text(self, *_: Any) -> None:
        self.text = f"{self._base_label} (choisi)" if self.selected else self._base_label

    def a11y_state(self) -> str:
        return "sélectionné" if self.selected else "non sélectionné"

    def a11y_activate(self) -> None:
        if self.disabled:
            return
        parent = self.parent
        if parent is not None:
            for sibling in parent.children:
                if isinstance(sibling, A11yChoice) and sibling is not self:
                    sibling.selected = False
        self.selected = True
        if self._on_select:
            self._on_select(self.value)


class A11yDisclosure(A11yButton):
    """A button that shows or hides the widgets below it; "ouvert"/"fermé" written in its text,
    "développé"/"réduit" spoken (TalkBack's words)."""

    expanded = BooleanProperty(False)

    def __init__(self, label: str, on_toggle=None, **kwargs: Any):
        self._base_label = label
        self._on_toggle = on_toggle
        super().__init__(text=label, label=label, **kwargs)
        self.halign = "left"
        self.bind(expanded=self._update_text)
        self._update_text()

    def set_label(self, label: str) -> None:
        self._base_label = label
        self.a11y_label = label
        self._update_text()

    def _update_text(self, *_: Any) -> None:
        self.text = f"{self._base_label} ({'ouvert' if self.expanded else 'fermé'})"

    def a11y_state(self) -> str:
        return "développé" if self.expanded else "réduit"

    def a11y_activate(self) -> None:
        if self.disabled:
            return
        self.expanded = not self.expanded
        if self._on_toggle:
            self._on_toggle(self.expanded)


class A11yText(Accessible, _FittedLabelMixin, Label):
    """Text a person can reach with the focus (read by self-voicing) but not activate."""

    actionable = False
    pad_y_dp = 8
    kind = StringProperty("body")  # "body" | "heading" | "alert"

    def __init__(
        self,
        text: str = "",
        kind: str = "body",
        focusable: bool = True,
        spoken: str | None = None,
        **kwargs: Any,
    ):
        #: said instead of the shown text when they differ (e.g. a list item without its bullet)
        self.spoken = spoken
        super().__init__(text=text, **kwargs)
        self.kind = kind
        self.focusable = focusable
        self.a11y_role = ROLE_HEADING if kind == "heading" else ROLE_TEXT
        self.halign = "left"
        self.valign = "middle"
        self.bind(text=self._sync_label)
        self._sync_label()
        self._fit_init()
        self._a11y_init_canvas(border=False)
        self._a11y_restyle()

    def _sync_label(self, *_: Any) -> None:
        self.a11y_label = self.spoken or self.text

    def describe(self) -> str:
        if self.kind == "heading":
            return f"{self.a11y_label}, titre"
        return self.a11y_label

    def restyle(self, theme: Theme) -> None:
        if self.kind == "heading":
            self.color, self.bold = theme.heading, True
            self.font_size = appearance.font_size("heading")
        elif self.kind == "alert":
            self.color, self.bold = theme.alert_text, True
            self.font_size = appearance.font_size("body")
        else:
            self.color = theme.text
            self.font_size = appearance.font_size("body")


class A11yTextInput(Accessible, TextInput):
    """A text field; its visible label is a non-focusable A11yText above it, its spoken label here."""

    submit_action = ObjectProperty(None, allownone=True)

    def __init__(self, label: str, hint: str = "", submit=None, **kwargs: Any):
        kwargs.setdefault("multiline", False)
        super().__init__(**kwargs)
        self.a11y_label = label
        self.a11y_role = ROLE_TEXT_FIELD
        self.a11y_hint = hint
        self.submit_action = submit
        self.write_tab = False
        self.unfocus_on_touch = (
            False  # the FocusManager decides (swipes must not drop the keyboard)
        )
        self.size_hint_y = None
        self.background_normal = ""
        self.background_active = ""
        self.background_disabled_normal = ""
        self.padding = (dp(PAD_X_DP), dp(PAD_Y_DP))
        self._a11y_init_canvas(border=True)
        self.bind(on_text_validate=lambda *_: self.a11y_activate(), minimum_height=self._fit)
        self.bind(focus=self._on_keyboard_focus)
        self._a11y_restyle()

    def _fit(self, *_: Any) -> None:
        line = self.line_height + 2 * dp(PAD_Y_DP)
        wanted = self.minimum_height if self.multiline else line
        if self.multiline:
            wanted = max(wanted, 3 * self.line_height + 2 * dp(PAD_Y_DP))
        self.height = max(dp(56), wanted)

    def _on_keyboard_focus(self, _w: Any, focused: bool) -> None:
        # A tap on the field (without self-voicing) moves the accessibility focus too.
        if focused and not self.a11y_focused and focus_hook is not None:
            focus_hook(self)

    def a11y_state(self) -> str:
        return f"contient : {self.text}" if self.text else "vide"

    def a11y_activate(self) -> None:
        if self.submit_action is not None:
            self.submit_action()

    def restyle(self, theme: Theme) -> None:
        self.background_color = theme.input_bg
        self.foreground_color = theme.input_text
        self.hint_text_color = theme.input_hint
        self.cursor_color = theme.input_text
        self.disabled_foreground_color = theme.input_text
        self.font_size = appearance.font_size("body")
        self._border_color.rgba = theme.input_border
        self._fit()


# -- tree helpers ---------------------------------------------------------------------------------
def walk(widget: Widget) -> Iterator[Widget]:
    """Every widget under `widget`, in the order they were added (= reading order of our layouts)."""
    yield widget
    for child in reversed(widget.children):
        yield from walk(child)


def is_actionable(widget: Widget) -> bool:
    """What a person can press, toggle or type into, whatever its class."""
    if isinstance(widget, Accessible):
        return bool(widget.actionable)
    return isinstance(widget, (ButtonBehavior, ToggleButtonBehavior, TextInput)) or hasattr(
        widget, "on_press"
    )


def find_unlabelled(root: Widget) -> list[Widget]:
    """Actionable widgets a screen reader could not announce (the suite asserts there are none)."""
    bad: list[Widget] = []
    for widget in walk(root):
        if not is_actionable(widget):
            continue
        if (
            not isinstance(widget, Accessible)
            or not widget.a11y_label.strip()
            or not widget.a11y_role.strip()
        ):
            bad.append(widget)
    return bad


def focusables(root: Widget) -> list[Accessible]:
    out: list[Accessible] = []
    for widget in walk(root):
        if (
            isinstance(widget, Accessible)
            and widget.focusable
            and widget.opacity > 0
            and (widget.actionable or widget.a11y_label.strip())
        ):
            out.append(widget)
    return out


def ancestors(widget: Widget) -> Iterator[Widget]:
    """Parents up to the window (whose `parent` is itself)."""
    parent = widget.parent
    seen: set[int] = set()
    while parent is not None and id(parent) not in seen:
        seen.add(id(parent))
        yield parent
        parent = parent.parent


def scroll_view_of(widget: Widget) -> ScrollView | None:
    return next((p for p in ancestors(widget) if isinstance(p, ScrollView)), None)


def scroll_into_view(widget: Widget) -> None:
    parent = scroll_view_of(widget)
    if parent is None or not parent.children:
        return

    def scroll(*_: Any) -> None:
        with contextlib.suppress(Exception):  # widget not laid out yet
            parent.scroll_to(widget, padding=dp(16), animate=False)

    def scroll_when_laid_out(*_: Any) -> None:
        if getattr(widget, "a11y_focused", True) and widget.parent is not None:
            scroll()

    scroll()
    # A widget added in this frame (an answer from the API just arrived) has no position until
    # the layouts run, before the next frame: scroll again after it, or a long page stays
    # scrolled to its end while the focus and the voice are on its title.
    Clock.schedule_once(scroll_when_laid_out, 0)


class FocusManager:
    """Keyboard/switch/swipe focus in reading order, with the focused widget spoken."""

    def __init__(self, speak: Callable[[str], None]):
        self._speak = speak
        self.root: Widget | None = None
        self.current: Accessible | None = None

    def set_root(self, root: Widget) -> None:
        self.root = root
        self._set(None)

    def items(self) -> list[Accessible]:
        return focusables(self.root) if self.root is not None else []

    def _set(self, widget: Accessible | None, scroll: bool = True) -> None:
        if self.current is not None and self.current is not widget:
            self.current.a11y_focused = False
            if isinstance(self.current, TextInput):
                self.current.focus = False
        self.current = widget
        if widget is not None:
            widget.a11y_focused = True
            if scroll:
                scroll_into_view(widget)  # type: ignore[arg-type]
            if isinstance(widget, TextInput):
                widget.focus = True

    def focus(self, widget: Accessible | None, announce: bool = True, scroll: bool = True) -> None:
        """Move the focus; `scroll=False` when the finger is on it (do not move it away)."""
        self._set(widget, scroll)
        if widget is not None and announce:
            self._speak(widget.describe())

    def move(self, step: int) -> Accessible | None:
        items = self.items()
        if not items:
            return None
        if self.current in items:
            index = (items.index(self.current) + step) % len(items)
        else:
            index = 0 if step > 0 else len(items) - 1
        self.focus(items[index])
        return self.current

    def next(self) -> Accessible | None:
        return self.move(1)

    def previous(self) -> Accessible | None:
        return self.move(-1)

    def activate(self) -> bool:
        widget = self.current
        if widget is None or not widget.actionable:
            return False
        widget.a11y_activate()
        if self.current is widget and not isinstance(widget, TextInput) and widget.a11y_state():
            self._speak(widget.describe())  # a toggled element says its new state
        return True

    def widget_at(self, x: float, y: float) -> Accessible | None:
        """The focusable under a window point (explore by touch)."""
        for widget in reversed(self.items()):
            w: Widget = widget  # type: ignore[assignment]
            wx, wy = w.to_window(w.x, w.y)
            if wx <= x <= wx + w.width and wy <= y <= wy + w.height and _visible(w, x, y):
                return widget
        return None


def _visible(widget: Widget, x: float, y: float) -> bool:
    for parent in ancestors(widget):
        if isinstance(parent, ScrollView):
            px, py = parent.to_window(parent.x, parent.y)
            if not (px <= x <= px + parent.width and py <= y <= py + parent.height):
                return False
    return True
