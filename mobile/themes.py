"""Colour themes. Every text colour is at least 7:1 against the background it is drawn on.

The contrast of each pair is checked here (`check_theme`) and, on real pixels, by the Kivy suite.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

RGBA = tuple[float, float, float, float]


def hex_rgba(value: str) -> RGBA:
    value = value.lstrip("#")
    r, g, b = (int(value[i : i + 2], 16) / 255 for i in (0, 2, 4))
    return (r, g, b, 1.0)


def relative_luminance(rgb: tuple[float, ...]) -> float:
    """WCAG 2 relative luminance of an sRGB colour given as 0..1 floats."""

    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(float(c)) for c in rgb[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(a: tuple[float, ...], b: tuple[float, ...]) -> float:
    la, lb = relative_luminance(a), relative_luminance(b)
    hi, lo = max(la, lb), min(la, lb)
    return (hi + 0.05) / (lo + 0.05)


@dataclass(frozen=True)
class Theme:
    key: str
    label: str  # French, shown and spoken in the settings
    background: RGBA
    text: RGBA
    heading: RGBA
    button_bg: RGBA
    button_text: RGBA
    button_border: RGBA
    primary_bg: RGBA  # the big "Parler" button
    primary_text: RGBA
    input_bg: RGBA
    input_text: RGBA
    input_hint: RGBA
    input_border: RGBA
    alert_text: RGBA  # errors: always also prefixed by the word "Erreur"
    focus_outer: RGBA  # the focus ring is two lines so it shows on any colour
    focus_inner: RGBA

    # (text colour field, background colour field) pairs that appear on screen
    TEXT_PAIRS = (
        ("text", "background"),
        ("heading", "background"),
        ("alert_text", "background"),
        ("button_text", "button_bg"),
        ("primary_text", "primary_bg"),
        ("input_text", "input_bg"),
        ("input_hint", "input_bg"),
    )


THEMES: dict[str, Theme] = {
    "default": Theme(
        key="default",
        label="Standard",
        background=hex_rgba("#F4F6F8"),
        text=hex_rgba("#1B1B1F"),
        heading=hex_rgba("#0A2A5C"),
        button_bg=hex_rgba("#0B3D91"),
        button_text=hex_rgba("#FFFFFF"),
        button_border=hex_rgba("#061F4D"),
        primary_bg=hex_rgba("#5A1A63"),
        primary_text=hex_rgba("#FFFFFF"),
        input_bg=hex_rgba("#FFFFFF"),
        input_text=hex_rgba("#1B1B1F"),
        input_hint=hex_rgba("#3F4147"),
        input_border=hex_rgba("#1B1B1F"),
        alert_text=hex_rgba("#8A0000"),
        focus_outer=hex_rgba("#000000"),
        focus_inner=hex_rgba("#FFB000"),
    ),
    "dark": Theme(
        key="dark",
        label="Contraste élevé sombre",
        background=hex_rgba("#000000"),
        text=hex_rgba("#FFFFFF"),
        heading=hex_rgba("#FFFF00"),
        button_bg=hex_rgba("#1A1A1A"),
        button_text=hex_rgba("#FFFF00"),
        button_border=hex_rgba("#FFFF00"),
        primary_bg=hex_rgba("#FFFF00"),
        primary_text=hex_rgba("#000000"),
        input_bg=hex_rgba("#000000"),
        input_text=hex_rgba("#FFFFFF"),
        input_hint=hex_rgba("#D0D0D0"),
        input_border=hex_rgba("#FFFFFF"),
        alert_text=hex_rgba("#FF9C9C"),
        focus_outer=hex_rgba("#FFFFFF"),
        focus_inner=hex_rgba("#00E5FF"),
    ),
    "light": Theme(
        key="light",
        label="Contraste élevé clair",
        background=hex_rgba("#FFFFFF"),
        text=hex_rgba("#000000"),
        heading=hex_rgba("#000000"),
        button_bg=hex_rgba("#000000"),
        button_text=hex_rgba("#FFFFFF"),
        button_border=hex_rgba("#000000"),
        primary_bg=hex_rgba("#00006B"),
        primary_text=hex_rgba("#FFFFFF"),
        input_bg=hex_rgba("#FFFFFF"),
        input_text=hex_rgba("#000000"),
        input_hint=hex_rgba("#333333"),
        input_border=hex_rgba("#000000"),
        alert_text=hex_rgba("#7A0000"),
        focus_outer=hex_rgba("#000000"),
        focus_inner=hex_rgba("#FF6A00"),
    ),
}

DEFAULT_THEME = "default"
MIN_TEXT_CONTRAST = 7.0


def check_theme(theme: Theme) -> dict[tuple[str, str], float]:
    """Contrast of every declared text/background pair of a theme."""
    names = {f.name for f in fields(theme)}
    out: dict[tuple[str, str], float] = {}
    for fg, bg in Theme.TEXT_PAIRS:
        assert fg in names and bg in names
        out[(fg, bg)] = contrast_ratio(getattr(theme, fg), getattr(theme, bg))
    return out
