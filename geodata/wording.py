"""Distances and directions in French words, for speech and screen readers.

Rounding rules of :func:`distance_words` (half rounds up):

- under 30 m: "ici même";
- under 1 km: to the nearest 50 m, at least 50 m ("à 50 mètres", "à 400 mètres", "à 950 mètres");
  975 m and more rounds to "à 1 kilomètre";
- from 1 km to under 10 km: kilometres with one decimal and a French comma, ",0" dropped
  ("à 1 kilomètre", "à 1,5 kilomètre", "à 2 kilomètres", "à 2,3 kilomètres"); 9,95 km and more
  rounds to "à 10 kilomètres";
- 10 km and more: whole kilometres ("à 35 kilomètres").

Singular and plural follow French usage: the unit is plural from 2 on ("1,5 kilomètre",
"2 kilomètres").
"""

from __future__ import annotations

import math

HERE_M = 30.0

DIRECTIONS = (
    "au nord",
    "au nord-est",
    "à l'est",
    "au sud-est",
    "au sud",
    "au sud-ouest",
    "à l'ouest",
    "au nord-ouest",
)


def _number(value: object, what: str) -> float:
    if isinstance(value, bool):
        raise ValueError(f"{what} doit être un nombre.")
    try:
        x = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise ValueError(f"{what} doit être un nombre.") from None
    if not math.isfinite(x):
        raise ValueError(f"{what} doit être un nombre fini (pas NaN ni l'infini).")
    return x


def _half_up(x: float) -> int:
    return int(math.floor(x + 0.5))


def distance_words(metres: float) -> str:
    """A distance in French words: "à 400 mètres", "à 2,3 kilomètres", "ici même" under 30 m.

    See the module docstring for the rounding rules. Negative, NaN or infinite distances raise
    ``ValueError``.
    """
    m = _number(metres, "La distance")
    if m < 0:
        raise ValueError("Une distance ne peut pas être négative.")
    if m < HERE_M:
        return "ici même"
    if m < 1000:
        rounded = max(50, _half_up(m / 50) * 50)
        if rounded < 1000:
            return f"à {rounded} mètres"
        m = 1000.0
    if m < 10_000:
        tenths = _half_up(m / 100)  # kilometres x 10
        if tenths < 100:
            whole, dec = divmod(tenths, 10)
            text = f"{whole},{dec}" if dec else f"{whole}"
            unit = "kilomètre" if tenths < 20 else "kilomètres"
            return f"à {text} {unit}"
        m = 10_000.0
    km = _half_up(m / 1000)
    return f"à {km} kilomètres"


def direction_words(bearing_deg: float) -> str:
    """One of eight directions for a bearing (0 = north, clockwise): "au nord-est".

    Each direction covers 45 degrees centred on it (north is 337.5 to 22.5 degrees).
    """
    b = _number(bearing_deg, "La direction") % 360.0
    return DIRECTIONS[_half_up(b / 45.0) % 8]


def clock_words(bearing_deg: float, heading_deg: float) -> str:
    """Direction relative to where the person faces, as on a clock face: "à 2 heures".

    12 o'clock is straight ahead (``bearing == heading``), 3 o'clock on the right, 6 behind,
    9 on the left. Each hour covers 30 degrees centred on it.
    """
    b = _number(bearing_deg, "La direction")
    h = _number(heading_deg, "L'orientation")
    hour = _half_up(((b - h) % 360.0) / 30.0) % 12
    hour = hour or 12
    return "à 1 heure" if hour == 1 else f"à {hour} heures"


def place_words(metres: float, bearing_deg: float) -> str:
    """Distance and direction together: "à 2,3 kilomètres au nord-est"; "ici même" under 30 m."""
    text = distance_words(metres)
    if text == "ici même":
        _number(bearing_deg, "La direction")
        return text
    return f"{text} {direction_words(bearing_deg)}"


# -- "en Gironde", "dans le Rhône", "dans les Landes", "à La Réunion" ---------------------------
_MASCULINE = frozenset(
    {
        "Aveyron", "Bas-Rhin", "Calvados", "Cantal", "Cher", "Doubs", "Finistère", "Gard",
        "Gers", "Haut-Rhin", "Hérault", "Jura", "Loir-et-Cher", "Loiret", "Lot",
        "Lot-et-Garonne", "Maine-et-Loire", "Morbihan", "Nord", "Pas-de-Calais", "Puy-de-Dôme",
        "Rhône", "Tarn", "Tarn-et-Garonne", "Territoire de Belfort", "Val-d'Oise",
        "Val-de-Marne", "Var", "Vaucluse", "Ain", "Allier",
        # regions
        "Grand Est", "Centre-Val de Loire",
    }
)  # fmt: skip
_PLURAL_START = (
    "Alpes", "Ardennes", "Bouches", "Côtes", "Deux", "Hautes-", "Hauts-", "Landes", "Pays ",
    "Pyrénées", "Vosges", "Yvelines",
)  # fmt: skip
_SAID_WITH_A = frozenset({"La Réunion", "Mayotte", "Paris"})
# Named after a river: "dans la Vienne" ("en Vienne" would be the Austrian city).
_DANS_LA = frozenset(
    {
        "Charente", "Creuse", "Drôme", "Loire", "Manche", "Marne", "Mayenne", "Meuse",
        "Moselle", "Nièvre", "Sarthe", "Somme", "Vienne",
    }
)  # fmt: skip


def in_area_words(nom: str, kind: str = "departement") -> str:
    """'Rhône' -> 'dans le Rhône', 'Aude' -> "dans l'Aude", 'Gironde' -> 'en Gironde',
    'Landes' -> 'dans les Landes', 'La Réunion' -> 'à La Réunion'; regions: 'Bretagne' ->
    'en Bretagne', 'Île-de-France' -> 'en Île-de-France', 'Grand Est' -> 'dans le Grand Est'."""
    if not nom:
        return ""
    if nom in _SAID_WITH_A:
        return f"à {nom}"
    if nom.startswith(_PLURAL_START):
        return f"dans les {nom}"
    if nom in _DANS_LA:
        return f"dans la {nom}"
    # "Hérault" has a mute h ("dans l'Hérault"), "Haute-Garonne" an aspirated one
    vowel = nom[0] in "AEIOUYÉÈÊÎ" or (nom[0] == "H" and not nom.startswith("Haut"))
    if nom in _MASCULINE:
        return f"dans l'{nom}" if vowel else f"dans le {nom}"
    if vowel and kind == "departement":
        return f"dans l'{nom}"
    return f"en {nom}"
