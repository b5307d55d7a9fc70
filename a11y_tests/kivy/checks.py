"""Measurements on a live Kivy screen: labels, focus order, real contrast, sizes, clipping."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from kivy.metrics import dp
from kivy.uix.label import Label
from kivy.uix.textinput import TextInput

from mobile.a11y import is_actionable, scroll_view_of, walk
from mobile.themes import contrast_ratio
from tests.support.harness import Harness


def window_rect(widget: Any) -> tuple[float, float, float, float]:
    x, y = widget.to_window(widget.x, widget.y)
    return x, y, widget.width, widget.height


def shown(widget: Any) -> bool:
    """Part of the current screen's tree and not hidden."""
    return widget.get_root_window() is not None and widget.opacity > 0 and widget.width > 0


def actionable_widgets(root: Any) -> list[Any]:
    return [w for w in walk(root) if is_actionable(w) and shown(w)]


def text_widgets(root: Any) -> list[Any]:
    out = []
    for w in walk(root):
        if (
            isinstance(w, Label)
            and w.text.strip()
            and shown(w)
            or isinstance(w, TextInput)
            and shown(w)
        ):
            out.append(w)
    return out


def reading_order(widgets: list[Any]) -> list[Any]:
    """Top to bottom, then left to right, from the widgets' positions on screen."""

    def key(w: Any) -> tuple[float, float]:
        x, y, _w, h = window_rect(w)
        return (-round(y + h, 1), round(x, 1))

    return sorted(widgets, key=key)


def gap(a: tuple[float, ...], b: tuple[float, ...]) -> float:
    ax, ay, aw, ah = a
    bx, by, bw, bh = b
    dx = max(bx - (ax + aw), ax - (bx + bw), 0)
    dy = max(by - (ay + ah), ay - (by + bh), 0)
    return max(dx, dy)


def _viewport(widget: Any) -> tuple[float, float, float, float] | None:
    view = scroll_view_of(widget)
    return window_rect(view) if view is not None else None


def _intersect(a: tuple[float, ...], b: tuple[float, ...]) -> tuple[float, float, float, float]:
    x0, y0 = max(a[0], b[0]), max(a[1], b[1])
    x1, y1 = min(a[0] + a[2], b[0] + b[2]), min(a[1] + a[3], b[1] + b[3])
    return x0, y0, max(0.0, x1 - x0), max(0.0, y1 - y0)


@dataclass
class ContrastResult:
    widget: Any
    text: str
    ratio: float
    background: tuple[int, ...]
    text_drawn: bool


def _text_colour(widget: Any) -> tuple[float, ...]:
    if isinstance(widget, TextInput):
        return widget.foreground_color if widget.text else widget.hint_text_color
    return widget.color


def measure_contrast(h: Harness, root: Any) -> list[ContrastResult]:
    """For each text on the screen, scroll it into view, read the pixels of its box, take the most
    common colour as its actual background and compare it with the colour its text is drawn in."""
    h.app.focus._set(None)  # no focus ring over the pixels
    results = []
    pending = [w for w in text_widgets(root) if _draws_text(w)]
    while pending:
        scroll_to_top(pending[0])
        pixels = h.capture()
        rest = []
        for index, widget in enumerate(pending):
            rect = window_rect(widget)
            view = _viewport(widget)
            visible = _intersect(rect, view) if view is not None else rect
            fully = visible[2] >= rect[2] - 1 and visible[3] >= rect[3] - 1
            if index > 0 and not fully:
                rest.append(widget)
                continue
            result = _measure(widget, visible, pixels)
            if result is not None:
                results.append(result)
        pending = rest
    return results


def scroll_to_top(widget: Any) -> None:
    """Scroll so that `widget` is at the top of its scroll view (one capture shows the most)."""
    view = scroll_view_of(widget)
    if view is None or not view.children:
        return
    content = view.children[0]
    room = content.height - view.height
    if room <= 0:
        return
    _x, top = widget.to_window(widget.x, widget.top)
    _vx, view_top = view.to_window(view.x, view.top)
    delta = top + dp(8) - view_top
    view.scroll_y = min(1.0, max(0.0, view.scroll_y + delta / room))


def _draws_text(widget: Any) -> bool:
    if isinstance(widget, TextInput):
        return bool(widget.text or widget.hint_text)
    return True


def _measure(widget: Any, rect: tuple[float, ...], pixels: Any) -> ContrastResult | None:
    inset = dp(6)
    x0, y0 = int(rect[0] + inset), int(rect[1] + inset)
    x1, y1 = int(rect[0] + rect[2] - inset), int(rect[1] + rect[3] - inset)
    height = pixels.shape[0]
    if x1 - x0 < 2 or y1 - y0 < 2:
        return None
    region = pixels[height - y1 : height - y0, x0:x1, :3].reshape(-1, 3).astype(np.int32)
    packed = (region[:, 0] << 16) | (region[:, 1] << 8) | region[:, 2]
    values, counts = np.unique(packed, return_counts=True)
    mode = int(values[counts.argmax()])
    background = ((mode >> 16) & 255, (mode >> 8) & 255, mode & 255)
    fg = _text_colour(widget)
    target = np.array([round(c * 255) for c in fg[:3]])
    text_drawn = bool((np.abs(region - target).max(axis=1) <= 48).any())
    ratio = contrast_ratio(fg, tuple(c / 255 for c in background))
    text = widget.text or getattr(widget, "hint_text", "")
    return ContrastResult(widget, text, ratio, background, text_drawn)


def clipped_texts(root: Any) -> list[str]:
    """Labels whose rendered text is larger than their widget (the text would be cut)."""
    bad = []
    for widget in text_widgets(root):
        if isinstance(widget, TextInput):
            needed = widget.line_height + widget.padding[1] + widget.padding[3]
            if needed > widget.height + 0.5:
                bad.append(f"champ {widget.a11y_label!r}: {needed:.0f} > {widget.height:.0f}")
            continue
        widget.texture_update()
        tw, th = widget.texture_size
        if tw > widget.width + 0.5 or th > widget.height + 0.5:
            bad.append(
                f"{widget.text[:40]!r}: texte {tw}x{th} > widget {widget.width:.0f}x{widget.height:.0f}"
            )
    return bad
