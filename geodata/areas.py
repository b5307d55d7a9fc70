"""Départements and regions said as places: "en Seine-Saint-Denis", "dans le 69", "en Bretagne".

An :class:`Area` is searched from its chef-lieu (the prefecture, from the COG) and covers its
départements. :func:`find_area` reads one from what a person said or typed; a commune of the same
name wins unless the words say a département ("dans la Vienne" is the département, "à Vienne"
the town), except overseas, where "à la Réunion" is the island, not the village of Lot-et-Garonne.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from geodata._text import strip_article
from geodata.gazetteer import Commune, _gaz, lookup
from geodata.text import fold_place

#: A commune named like a département wins over it from this population on (Vienne, Mayenne).
TOWN_POPULATION = 5000
#: Overseas départements (and their one-département regions): said with "à" or "en" like a town.
OVERSEAS = frozenset({"971", "972", "973", "974", "976"})


@dataclass(frozen=True)
class Area:
    kind: str  # "departement" | "region"
    code: str
    nom: str
    chef_lieu: Commune
    departements: tuple[str, ...]

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.code}"


@cache
def _areas() -> dict[str, Area]:
    g = _gaz()
    with_communes: dict[str, list[str]] = {}
    for c in g.communes:
        deps = with_communes.setdefault(c.region, [])
        if c.departement not in deps:
            deps.append(c.departement)
    out: dict[str, Area] = {}
    for code, nom in g.departements.items():
        chef = g.by_insee.get(g.chefs_lieux["departements"].get(code, ""))
        if chef is not None and chef.has_coords:
            out[f"departement:{code}"] = Area("departement", code, nom, chef, (code,))
    for code, nom in g.regions.items():
        chef = g.by_insee.get(g.chefs_lieux["regions"].get(code, ""))
        deps = tuple(sorted(with_communes.get(code, ())))
        if chef is not None and chef.has_coords and deps:
            out[f"region:{code}"] = Area("region", code, nom, chef, deps)
    return out


def get_area(kind: str, code: str) -> Area | None:
    """The département or region with this code ("departement", "93"), or None."""
    return _areas().get(f"{kind}:{str(code).strip().upper()}")


def all_areas() -> list[Area]:
    return list(_areas().values())


@cache
def _by_name() -> dict[str, Area]:
    """Folded names, with and without their article, -> area. A one-département region
    (Guadeloupe...) is the département: the same place, said the same way."""
    out: dict[str, Area] = {}
    for area in sorted(_areas().values(), key=lambda a: a.kind):  # départements first
        for key in (fold_place(area.nom), strip_article(fold_place(area.nom))):
            out.setdefault(key, area)
    return out


_SAID_AS_AREA = re.compile(r"^(?:dans|en|sur)(?: (?:le|la|les|l))? ")
_AREA_PREFIX = re.compile(
    r"^(?:(?:dans|en|sur|a|au|aux|vers|du cote de|pres de|pas loin de|autour de|departement|"
    r"du departement|le departement|la region|region|de la region|de|du)\b ?)+"
)
_NUMBER = re.compile(r"^(?:(?:le|la|l) )?(?:departement )?(\d{1,3}|2 ?[ab])$")


def find_area(text: str) -> Area | None:
    """The département or region ``text`` names as a whole ("en seine saint denis", "dans le
    69", "le 974", "région Bretagne", "Haute-Garonne"), or None. A number is a département
    only after "dans", "le" or "département" (a bare "13" may be a quantity)."""
    folded = fold_place(text)
    if not folded:
        return None
    said_as_area = bool(_SAID_AS_AREA.match(folded)) or not {"departement", "region"}.isdisjoint(
        folded.split()
    )
    rest = _AREA_PREFIX.sub("", folded).strip()
    m = _NUMBER.match(rest)
    if m and (said_as_area or rest != m.group(1)):
        code = m.group(1).replace(" ", "").upper()
        if len(code) == 1:
            code = "0" + code
        return get_area("departement", code)
    area = _by_name().get(rest) or _by_name().get(strip_article(rest))
    if area is None:
        return None
    if said_as_area or set(area.departements) <= OVERSEAS:
        return area
    # "Vienne", "à Paris": a town of that very name is what was meant; a village is not
    # ("la mdph de la creuse" is the département, not Creuse in the Somme)
    try:
        same = lookup(rest, limit=5)
    except ValueError:
        return area
    bare = strip_article(rest)
    for c in same.candidates:
        if strip_article(fold_place(c.nom)) == bare and c.population >= TOWN_POPULATION:
            return None
    return area
