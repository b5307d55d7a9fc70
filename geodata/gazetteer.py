"""The gazetteer: every French commune and the 45 arrondissements of Paris, Lyon and Marseille.

Data: ``geodata/data/communes.json.gz``, built by ``scripts/build_gazetteer.py`` (see
``geodata/data/NOTICE.md`` for sources, licences and ``coord_method``). It is loaded lazily on
first use, once per process (about 0.2 s), then every lookup is a few dictionary reads.

Matching rules of :func:`lookup`, in order:

1. a 5-digit code is tried as a **postcode** first (``13001`` is Marseille 1er's postcode and
   Aix-en-Provence's INSEE code: the postcode wins and ``note`` says so), then as an **INSEE
   code**; Corsican INSEE codes (``2A004``) are accepted;
2. **arrondissements**: "Lyon 3e", "Lyon 3", "Paris quinzième", "Marseille 1er", "15e
   arrondissement de Paris";
3. **exact name** after folding (case, accents, hyphens, apostrophes, punctuation, St/Ste ->
   Saint/Sainte), first as typed, then without the words a person says before a place ("à",
   "près de", "vers", "sur", "autour de", "dans", "en"...), then without a leading article
   (Le, La, Les, L'); a trailing département code or name narrows homonyms ("Valence 26",
   "Saint-Denis (93)", "Valence dans la Drôme");
4. **fuzzy** (small typos): optimal-string-alignment similarity (a transposition counts as one
   edit), ``1 - edits / longest length``, must reach ``FUZZY_THRESHOLD`` = 0.75 (one typo in a
   4-letter name, two in an 8-letter name, three in a 12-letter name). Below it: no match
   (``matched_by == "none"``, no candidates). Candidates are pre-filtered on a shared 3-letter
   prefix or suffix (or similar length for short names) so fuzzy matching stays cheap.

Several communes with the same name (Saint-Denis, Valence...) are all returned, most populous
first, each with its département.
"""

from __future__ import annotations

import gc
import gzip
import json
import math
import re
import threading
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources

from geodata._text import strip_article, strip_leading_phrases
from geodata.text import fold_place

FUZZY_THRESHOLD = 0.75
MAX_QUERY_CHARS = 200
# reverse(): a point farther than this from every centroid is "outside France".
REVERSE_MAX_M = 50_000.0
# Guyane's communes are huge and their points are the towns, often at an edge.
REVERSE_MAX_M_GUYANE = 120_000.0

_DATA_FILE = "communes.json.gz"


@dataclass(frozen=True, slots=True)
class Commune:
    """One commune or municipal arrondissement."""

    code_insee: str
    nom: str
    postcodes: tuple[str, ...]
    departement: str
    departement_nom: str
    region: str
    region_nom: str
    population: int
    lat: float
    lon: float
    kind: str  # "commune" | "arrondissement"
    parent_insee: str | None
    coord_method: str  # see geodata/data/NOTICE.md; "aucune" -> lat/lon are NaN

    @property
    def has_coords(self) -> bool:
        """False only for a few overseas collectivities (COM/TAAF) without a La Poste point."""
        return math.isfinite(self.lat) and math.isfinite(self.lon)

    @property
    def label(self) -> str:
        """Name with its département, to tell homonyms apart: "Valence (Drôme)"."""
        return f"{self.nom} ({self.departement_nom})"


@dataclass(frozen=True)
class LookupResult:
    query: str
    matched_by: str  # "postcode" | "insee" | "name" | "fuzzy" | "none"
    candidates: tuple[Commune, ...]
    note: str | None = None

    @property
    def ambiguous(self) -> bool:
        return len(self.candidates) > 1

    @property
    def best(self) -> Commune | None:
        return self.candidates[0] if self.candidates else None


def _by_population(items: list[Commune]) -> list[Commune]:
    if len(items) < 2:
        return items
    return sorted(items, key=lambda c: (-c.population, c.code_insee))


class _Gazetteer:
    def __init__(self) -> None:
        raw = resources.files("geodata").joinpath("data", _DATA_FILE).read_bytes()
        data = json.loads(gzip.decompress(raw))
        deps: dict[str, str] = data["departements"]
        regs: dict[str, str] = data["regions"]
        nan = float("nan")
        items: list[Commune] = []
        for code, nom, pcs, dep, reg, pop, lat, lon, kind, parent, method in data["communes"]:
            items.append(
                Commune(
                    code_insee=code,
                    nom=nom,
                    postcodes=tuple(pcs.split("|")) if pcs else (),
                    departement=dep,
                    departement_nom=deps.get(dep, dep),
                    region=reg,
                    region_nom=regs.get(reg, reg),
                    population=int(pop),
                    lat=nan if lat is None else float(lat),
                    lon=nan if lon is None else float(lon),
                    kind=kind,
                    parent_insee=parent,
                    coord_method=method,
                )
            )
        self.communes: tuple[Commune, ...] = tuple(items)
        self.by_insee: dict[str, Commune] = {c.code_insee: c for c in items}
        cities_with_arr = {c.parent_insee for c in items if c.kind == "arrondissement"}

        by_pc: dict[str, list[Commune]] = defaultdict(list)
        by_name: dict[str, list[Commune]] = defaultdict(list)
        by_bare: dict[str, list[Commune]] = defaultdict(list)
        for c in items:
            for pc in c.postcodes:
                by_pc[pc].append(c)
            key = fold_place(c.nom)
            by_name[key].append(c)
            by_bare[strip_article(key)].append(c)
        # Former communes (merged into a current one) keep being looked up by their name:
        # "Annecy-le-Vieux" finds Annecy, "Évry" also finds Évry-Courcouronnes.
        self.former: dict[str, set[str]] = defaultdict(set)
        for old_name, code in data.get("former_names", ()):
            current = self.by_insee.get(code)
            if current is None:
                continue
            key = fold_place(old_name)
            self.former[key].add(code)
            if current not in by_name[key]:
                by_name[key].append(current)
            bare = strip_article(key)
            if current not in by_bare[bare]:
                by_bare[bare].append(current)
        # The first part of a compound name ("cherbourg" in "cherbourg en cotentin").
        by_first: dict[str, list[Commune]] = defaultdict(list)
        for c in items:
            if c.kind != "commune":
                continue
            words = fold_place(c.nom).split()
            if len(words) > 1 and len(words[0]) >= 4:
                by_first[words[0]].append(c)
        self.by_first_part = {k: tuple(_by_population(v)) for k, v in by_first.items()}
        # A postcode of an arrondissement names the arrondissement, not the whole city.
        for lst in by_pc.values():
            if any(c.kind == "arrondissement" for c in lst):
                lst[:] = [c for c in lst if c.code_insee not in cities_with_arr]
        self.by_postcode = {k: tuple(_by_population(v)) for k, v in by_pc.items()}
        self.by_name = {k: tuple(_by_population(v)) for k, v in by_name.items()}
        self.by_bare = {k: tuple(_by_population(v)) for k, v in by_bare.items()}

        # Arrondissements: (city folded name, number) -> Commune.
        self.arrondissements: dict[tuple[str, int], Commune] = {}
        for c in items:
            if c.kind == "arrondissement":
                city = self.by_insee[c.parent_insee]  # type: ignore[index]
                m = re.search(r"(\d+)", c.nom)
                if m:
                    self.arrondissements[(fold_place(city.nom), int(m.group(1)))] = c
        self.city_arr_count: dict[str, int] = defaultdict(int)
        for city, _n in self.arrondissements:
            self.city_arr_count[city] += 1

        # Fuzzy matching: every folded name, with and without its article.
        fuzzy: dict[str, tuple[Commune, ...]] = dict(self.by_bare)
        fuzzy.update(self.by_name)
        self.fuzzy = fuzzy
        self.keys: list[str] = list(fuzzy)
        self.prefix3: dict[str, list[str]] = defaultdict(list)
        self.suffix3: dict[str, list[str]] = defaultdict(list)
        self.by_len: dict[int, list[str]] = defaultdict(list)
        for k in self.keys:
            self.prefix3[k[:3]].append(k)
            self.suffix3[k[-3:]].append(k)
            self.by_len[len(k)].append(k)

        # Département suffixes a person adds to tell homonyms apart: "Valence 26",
        # "Saint-Denis (93)", "Valence dans la Drôme". Longest first.
        dep_keys: list[tuple[str, str]] = []
        for code, name in deps.items():
            dep_keys.append((fold_place(code), code))
            dep_keys.append((fold_place(name), code))
        self.dep_suffixes = sorted(dep_keys, key=lambda kv: len(kv[0]), reverse=True)

        self._reverse_index = None
        self._reverse_lock = threading.Lock()
        self.cities_with_arr = cities_with_arr

    def reverse_index(self):  # -> tuple[PointIndex, list[Commune]]
        with self._reverse_lock:
            if self._reverse_index is None:
                from geodata.points import PointIndex

                pts = [
                    c
                    for c in self.communes
                    if c.has_coords and c.code_insee not in self.cities_with_arr
                ]
                self._reverse_index = (
                    PointIndex([c.lat for c in pts], [c.lon for c in pts]),
                    pts,
                )
            return self._reverse_index


_LOCK = threading.Lock()
_GAZ: _Gazetteer | None = None


def _gaz() -> _Gazetteer:
    global _GAZ
    if _GAZ is None:
        with _LOCK:
            if _GAZ is None:
                # ~100k long-lived objects: the cyclic GC would rescan them many times.
                enabled = gc.isenabled()
                gc.disable()
                try:
                    _GAZ = _Gazetteer()
                finally:
                    if enabled:
                        gc.enable()
    return _GAZ


def communes() -> Sequence[Commune]:
    """Every entry of the gazetteer (communes and arrondissements), by INSEE code."""
    return _gaz().communes


def get_commune(code_insee: str) -> Commune | None:
    """The commune or arrondissement with this INSEE code ("69383", "2A004"), or None."""
    if not isinstance(code_insee, str):
        return None
    return _gaz().by_insee.get(code_insee.strip().upper())


# --- arrondissements -------------------------------------------------------------------------

_ORDINALS = {
    "premier": 1, "premiere": 1, "un": 1, "deuxieme": 2, "second": 2, "seconde": 2, "deux": 2,
    "troisieme": 3, "trois": 3, "quatrieme": 4, "quatre": 4, "cinquieme": 5, "cinq": 5,
    "sixieme": 6, "six": 6, "septieme": 7, "sept": 7, "huitieme": 8, "huit": 8,
    "neuvieme": 9, "neuf": 9, "dixieme": 10, "dix": 10, "onzieme": 11, "onze": 11,
    "douzieme": 12, "douze": 12, "treizieme": 13, "treize": 13, "quatorzieme": 14,
    "quatorze": 14, "quinzieme": 15, "quinze": 15, "seizieme": 16, "seize": 16,
    "dix septieme": 17, "dix sept": 17, "dix huitieme": 18, "dix huit": 18,
    "dix neuvieme": 19, "dix neuf": 19, "vingtieme": 20, "vingt": 20,
}  # fmt: skip
_ORD_ALT = "|".join(sorted((re.escape(k) for k in _ORDINALS), key=len, reverse=True))
_NUM = rf"(?P<num>\d{{1,2}}|{_ORD_ALT})(?: ?(?:e|er|ere|re|eme|ieme|em|ème))?"
_ARR = r"(?: (?:arrondissement|arrondissements|arrdt|arr|ardt))?"
_CITY = r"(?P<city>paris|lyon|marseille)"
_ARR_RES = (
    re.compile(rf"^{_CITY} {_NUM}{_ARR}$"),
    re.compile(rf"^{_NUM} (?:arrondissement|arrdt|arr|ardt)(?: de)? {_CITY}$"),
)


def _parse_arrondissement(folded: str) -> tuple[str, int] | None:
    for rx in _ARR_RES:
        m = rx.match(folded)
        if m:
            num = m.group("num")
            n = int(num) if num.isdigit() else _ORDINALS[num]
            return m.group("city"), n
    return None


# --- lookup ----------------------------------------------------------------------------------

_CODE_RE = re.compile(r"^(?:\d{5}|2[AB]\d{3})$")
_POSTCODE_TOKEN = re.compile(r"\b(\d{5})\b")
_SPLIT_POSTCODE = re.compile(r"\b(\d{2}) (\d{3})\b")  # "75 015" -> "75015"


def _check_query(query: object, limit: object) -> str:
    if not isinstance(query, str):
        raise ValueError("La recherche doit être un texte : un nom de commune ou un code postal.")
    if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
        raise ValueError("Le nombre maximal de résultats doit être un entier d'au moins 1.")
    text = query.strip()
    if not text:
        raise ValueError(
            "La recherche est vide : indiquez un nom de commune, un code postal ou un code INSEE."
        )
    if len(text) > MAX_QUERY_CHARS:
        raise ValueError(
            f"La recherche est trop longue ({len(text)} caractères, {MAX_QUERY_CHARS} au plus) : "
            "indiquez seulement le nom de la commune ou son code postal."
        )
    return text


def _of(c: Commune) -> str:
    """ "de Lyon", "d'Aix-en-Provence (Bouches-du-Rhône)", "du Havre (Seine-Maritime)"."""
    label = c.label
    if label.startswith("Le "):
        return "du " + label[3:]
    if label.startswith("Les "):
        return "des " + label[4:]
    if fold_place(label[:1]) in ("a", "e", "i", "o", "u", "y", "h"):
        return "d'" + label
    return "de " + label


def _code_lookup(g: _Gazetteer, query: str, code: str, limit: int) -> LookupResult | None:
    by_pc = g.by_postcode.get(code)
    by_insee = g.by_insee.get(code)
    if by_pc:
        note = None
        if by_insee is not None and by_insee not in by_pc:
            what = by_pc[0].nom if len(by_pc) == 1 else f"{len(by_pc)} communes"
            note = (
                f"« {code} » est le code postal de {what} ; c'est aussi le code INSEE "
                f"{_of(by_insee)}. J'ai d'abord cherché un code postal. Pour {by_insee.nom}, "
                "cherchez son nom ou son propre code postal."
            )
        elif len(by_pc) > 1:
            note = (
                f"Le code postal {code} est partagé par {len(by_pc)} communes : précisez laquelle."
            )
        return LookupResult(query, "postcode", by_pc[:limit], note)
    if by_insee is not None:
        note = None
        if code.isdigit():
            note = (
                f"Aucune commune n'a le code postal {code} ; c'est le code INSEE {_of(by_insee)}."
            )
        return LookupResult(query, "insee", (by_insee,), note)
    return None


def _fuzzy_keys(g: _Gazetteer, q: str) -> tuple[float, list[str]]:
    """Best fuzzy score and the keys (of ``g.fuzzy``) reaching it; (0, []) below threshold."""
    from rapidfuzz import process
    from rapidfuzz.distance import OSA

    n = len(q)
    if n < 4:
        return 0.0, []

    def best_of(pool: list[str]) -> tuple[float, list[str]]:
        if not pool:
            return 0.0, []
        hits = process.extract(
            q, pool, scorer=OSA.normalized_similarity, score_cutoff=FUZZY_THRESHOLD, limit=None
        )
        if not hits:
            return 0.0, []
        top = max(h[1] for h in hits)
        return top, sorted({h[0] for h in hits if h[1] >= top - 1e-9})

    if n >= 6:
        pool = set(g.prefix3.get(q[:3], ())) | set(g.suffix3.get(q[-3:], ()))
        found = best_of(list(pool))
        if found[1]:
            return found
    # Short names, or typos at both ends: compare with every key of a similar length.
    max_edits = int(n * (1 - FUZZY_THRESHOLD) / FUZZY_THRESHOLD) + 1
    pool2 = [k for size in range(n - max_edits, n + max_edits + 1) for k in g.by_len.get(size, ())]
    return best_of(pool2)


def _name_lookup(g: _Gazetteer, query: str, folded: str, limit: int) -> LookupResult | None:
    variants = [folded]
    stripped = strip_leading_phrases(folded)
    if stripped and stripped != folded:
        variants.append(stripped)
    for v in variants:
        arr = _parse_arrondissement(v)
        if arr is not None:
            city, n = arr
            hit = g.arrondissements.get((city, n))
            if hit is not None:
                return LookupResult(query, "name", (hit,), None)
            cities = g.by_name.get(city, ())
            if cities:
                count = g.city_arr_count.get(city, 0)
                note = (
                    f"{cities[0].nom} n'a que {count} arrondissements : voici la commune "
                    f"entière. Pour un arrondissement, dites par exemple « {cities[0].nom} 3e »."
                )
                return LookupResult(query, "name", cities[:1], note)
        for table, key in ((g.by_name, v), (g.by_bare, strip_article(v))):
            hits = table.get(key)
            if hits:
                note = None
                former = g.former.get(key, set())
                if all(c.code_insee in former and fold_place(c.nom) != key for c in hits):
                    # only former communes of that name: current names starting with it count
                    # as much ("Montigny": Montigny-le-Bretonneux as well as old Montigny)
                    more = g.by_first_part.get(key, ())
                    hits = tuple(_by_population(list(dict.fromkeys((*hits, *more)))))
                else:  # the communes of that very name first, then those it was merged into
                    hits = tuple(sorted(hits, key=lambda c: fold_place(c.nom) != key))
                if (
                    len(hits) == 1
                    and hits[0].code_insee in former
                    and fold_place(hits[0].nom) != key
                ):
                    note = (
                        f"« {query.strip()} » est une ancienne commune, aujourd'hui dans "
                        f"{hits[0].nom} ({hits[0].departement_nom})."
                    )
                elif len(hits) > 1 and len({c.nom for c in hits}) > 1:
                    names = ", ".join(f"{c.nom} ({c.departement_nom})" for c in hits[:3])
                    note = (
                        f"{len(hits)} communes répondent à « {query.strip()} » : {names}. "
                        "Précisez laquelle."
                    )
                elif len(hits) > 1:
                    note = (
                        f"{len(hits)} communes s'appellent {hits[0].nom} : précisez le "
                        "département. La plus peuplée est en premier."
                    )
                return LookupResult(query, "name", hits[:limit], note)
    return None


_TRAILING_LINKS = re.compile(r"(?: (?:dans|en|de|du|des|a|au|aux|sur))*(?: (?:la|le|les|l))?$")


def _first_word_lookup(g: _Gazetteer, query: str, folded: str, limit: int) -> LookupResult | None:
    """The first part of a longer name, as people shorten it: "Cherbourg" for
    Cherbourg-en-Cotentin, "Boulogne" for Boulogne-Billancourt and Boulogne-sur-Mer."""
    hits = g.by_first_part.get(folded)
    if not hits:
        return None
    names = ", ".join(f"{c.nom} ({c.departement_nom})" for c in hits[:3])
    note = f"Aucune commune ne s'appelle exactement « {query.strip()} » ; " + (
        f"je propose {hits[0].label}." if len(hits) == 1 else f"je propose : {names}."
    )
    return LookupResult(query, "name", hits[:limit], note)


def _departement_lookup(g: _Gazetteer, query: str, folded: str, limit: int) -> LookupResult | None:
    """ "Valence 26", "Saint-Denis (93)", "Valence dans la Drôme": name + département."""
    for key, code in g.dep_suffixes:
        if len(folded) > len(key) + 1 and folded.endswith(" " + key):
            rest = _TRAILING_LINKS.sub("", folded[: -len(key) - 1]).strip()
            if not rest:
                continue
            named = _name_lookup(g, query, rest, 1000)
            if named is None:
                continue
            hits = tuple(c for c in named.candidates if c.departement == code)
            if hits:
                return LookupResult(query, "name", hits[:limit], None)
    return None


def lookup(query: str, limit: int = 10) -> LookupResult:
    """Find a commune by name, postcode or INSEE code (see the module docstring for the rules).

    Raises ``ValueError`` (French message) for a non-text, empty or too long query, or a
    ``limit`` below 1. Text with nothing recognisable returns ``matched_by == "none"``.
    """
    text = _check_query(query, limit)
    g = _gaz()

    compact = re.sub(r"\s+", "", text).upper()
    if _CODE_RE.match(compact):
        res = _code_lookup(g, text, compact, limit)
        if res is not None:
            return res
        return LookupResult(
            text, "none", (), f"Aucune commune n'a le code postal ou le code INSEE {compact}."
        )

    folded = _SPLIT_POSTCODE.sub(r"\1\2", fold_place(text))
    if not folded:
        return LookupResult(text, "none", (), "Je n'ai reconnu aucun nom de lieu dans ce texte.")

    # "75015 Paris", "Paris 75015": a postcode plus a name.
    m = _POSTCODE_TOKEN.search(folded)
    if m:
        rest = fold_place(_POSTCODE_TOKEN.sub(" ", folded))
        by_pc = g.by_postcode.get(m.group(1), ())
        if rest:
            named = _name_lookup(g, text, rest, 50)
            if named is not None and by_pc:
                both = tuple(c for c in named.candidates if c in by_pc)
                if not both and named.candidates[0].code_insee in g.cities_with_arr:
                    both = tuple(
                        c for c in by_pc if c.parent_insee == named.candidates[0].code_insee
                    )
                if both:
                    return LookupResult(text, "postcode", both[:limit], None)
            if named is not None:
                return LookupResult(text, named.matched_by, named.candidates[:limit], named.note)
        if by_pc:
            return LookupResult(text, "postcode", by_pc[:limit], None)
        folded = rest or folded

    res = _name_lookup(g, text, folded, limit)
    if res is not None:
        return res
    res = _departement_lookup(g, text, folded, limit)
    if res is not None:
        return res
    res = _first_word_lookup(g, text, strip_leading_phrases(folded) or folded, limit)
    if res is not None:
        return res

    full = strip_leading_phrases(folded)
    score, keys = _fuzzy_keys(g, full)
    bare = strip_article(full)
    if bare != full:
        score2, keys2 = _fuzzy_keys(g, bare)
        if score2 > score:
            keys = keys2
        elif score2 == score:
            keys = keys + keys2
    if keys:
        hits = _by_population(list({c: None for k in keys for c in g.fuzzy[k]}))
        # a commune whose own name is that close comes before one that merged a former commune
        # of that name
        own = set(keys)
        hits = sorted(
            hits,
            key=lambda c: (
                fold_place(c.nom) not in own and strip_article(fold_place(c.nom)) not in own
            ),
        )
        first = hits[0]
        note = f"Je n'ai pas trouvé « {text} » exactement ; je propose {first.label}."
        if len(hits) > 1:
            note = (
                f"Je n'ai pas trouvé « {text} » exactement ; voici {len(hits)} communes au nom "
                "proche, la plus peuplée en premier."
            )
        return LookupResult(text, "fuzzy", tuple(hits[:limit]), note)
    return LookupResult(text, "none", (), f"Aucune commune ne correspond à « {text} ».")


def reverse(lat: float, lon: float) -> Commune | None:
    """The commune (or, in Paris, Lyon and Marseille, the arrondissement) nearest to a point.

    "Nearest" means the nearest commune point (La Poste's mean point per commune, see
    NOTICE.md), not a polygon containment test: near a boundary the neighbour may be returned.
    Returns None for invalid coordinates (NaN, infinite, out of range) or a point farther than
    50 km from every commune point (120 km in Guyane), i.e. outside France.
    """
    from geodata.points import _check_coords

    try:
        lat, lon = _check_coords(lat, lon)
    except ValueError:
        return None
    index, pts = _gaz().reverse_index()
    found = index.nearest(lat, lon, k=1)
    if not found:
        return None
    i, dist = found[0]
    c = pts[i]
    limit = REVERSE_MAX_M_GUYANE if c.departement == "973" else REVERSE_MAX_M
    return c if dist <= limit else None
