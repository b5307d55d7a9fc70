"""The gazetteer: every French commune and the 45 arrondissements of Paris, Lyon and Marseille.

Data: ``geodata/data/communes.json.gz``, built by ``scripts/build_gazetteer.py`` (see
``geodata/data/NOTICE.md`` for sources, licences and ``coord_method``). It is loaded lazily on
first use, once per process (about 0.2 s), then every lookup is a few dictionary reads.

Matching rules of :func:`lookup`, in order:

1. a 5-digit code is tried as a **postcode** first (``13001`` is Marseille 1er's postcode and
   Aix-en-Provence's INSEE code: the postcode wins and ``note`` says so), then as an **INSEE
   code**, then as a **former INSEE code** (a commune merged since: ``74011`` Annecy-le-Vieux
   -> Annecy; a current code always wins, see :func:`former_code`); Corsican INSEE codes
   (``2A004``) are accepted. A **4-digit code** ``1053`` is one of départements 01-09 that
   lost its leading zero (a spreadsheet): read as ``01053`` and said in ``note``;
2. **arrondissements**: "Lyon 3e", "Lyon 3", "Paris quinzième", "Marseille 1er", "15e
   arrondissement de Paris";
3. **exact name** after folding (case, accents, hyphens, apostrophes, punctuation, St/Ste ->
   Saint/Sainte), first as typed, then without the words a person says before a place ("à",
   "près de", "vers", "sur", "autour de", "dans", "en"...), then without a leading article
   (Le, La, Les, L'). Current names and **former names** (communes déléguées and associées of
   the COG, see ``geodata/data/NOTICE.md``) both count; the order of the communes found is:

   - the communes of that very name and the communes **named after** a former commune of that
     name (the current name starts with it, or with its first word: Évry -> Évry-Courcouronnes,
     Vire -> Vire Normandie, Cherbourg-Octeville -> Cherbourg-en-Cotentin), together, most
     populous first: "evry" gives Évry-Courcouronnes (66,919) before Évry (Yonne, 402). The raw
     data has no population for former communes, so the current commune's population is used;
   - then the other communes a former commune of that name belongs to (Pringy, now in Annecy,
     after Pringy (77) and Pringy (51));
   - then at most ``PREFIX_MAX_CANDIDATES`` communes whose name only *starts* with the query
     and which are at least ``PREFIX_POPULATION_RATIO`` (10) times as populous as every exact
     match ("saint ouen": Saint-Ouen-sur-Seine after the two villages called Saint-Ouen); a
     smaller one would flood the list (there are dozens of "Saint-Ouen-de-...").

   Accents typed are respected first: "Viré" is Viré (Saône-et-Loire) before Vire Normandie,
   "vire" the other way round. Whatever the order, every candidate is returned with its
   département and the ``note`` names them: the person chooses.
4. a trailing **département or region** narrows homonyms: its code or name, with or without
   its article, St/Ste abbreviated or not ("Valence 26", "Saint-Denis (93)", "Valence dans la
   Drôme", "St Pierre Réunion", "Saint-Denis Seine-St-Denis", "Saint-Florent Corse"); when no
   commune of that name is there, one whose name starts with it ("Saint-Laurent Guyane":
   Saint-Laurent-du-Maroni);
5. the **first part** of a compound name ("Cherbourg" for Cherbourg-en-Cotentin), then of a
   former commune's name ("Hellemmes" for Hellemmes-Lille, now in Lille), before any typo
   correction;
6. **fuzzy** (small typos): optimal-string-alignment similarity (a transposition counts as one
   edit), ``1 - edits / longest length``, must reach ``FUZZY_THRESHOLD`` = 0.75 (one typo in a
   4-letter name, two in an 8-letter name, three in a 12-letter name). Below it: no match
   (``matched_by == "none"``, no candidates). Candidates are pre-filtered on a shared 3-letter
   prefix or suffix (or similar length for short names) so fuzzy matching stays cheap.

Several communes with the same name (Saint-Denis, Valence...) are all returned, most populous
first, each with its département. ``LookupResult.read_as`` is set when the best candidate was
reached by a reading a person should hear (a former code or name, a code missing its zero).
"""

from __future__ import annotations

import bisect
import gc
import gzip
import json
import math
import re
import threading
import unicodedata
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources

from geodata._text import strip_article, strip_leading_phrases
from geodata.text import fold_place

FUZZY_THRESHOLD = 0.75
#: A commune whose name merely starts with the query ("Saint-Ouen-sur-Seine" for "saint ouen")
#: is offered after the exact matches only if it is this many times more populous than each.
PREFIX_POPULATION_RATIO = 10
PREFIX_MAX_CANDIDATES = 3
#: First words that do not name a place on their own ("Saint-Pol-sur-Mer" is no "Saint").
_GENERIC_FIRST_WORDS = frozenset({"saint", "sainte", "saints", "saintes", "notre"})
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
    #: Set when the best candidate was reached by a reading a person should hear (``note``
    #: says it): "former_code" (an INSEE code of a former commune), "padded_code" (a 4-digit
    #: code read with its leading zero), "former_name" (the name of a former commune).
    read_as: str | None = None

    @property
    def ambiguous(self) -> bool:
        return len(self.candidates) > 1

    @property
    def best(self) -> Commune | None:
        return self.candidates[0] if self.candidates else None


@dataclass(frozen=True, slots=True)
class FormerCode:
    """An INSEE code that no current commune has any more, and the commune it belongs to today."""

    code: str
    commune: Commune
    #: The former commune's name when the COG gives it (a commune déléguée or associée), else None.
    former_name: str | None

    @property
    def note(self) -> str:
        """ "74011 était le code de l'ancienne commune Annecy-le-Vieux, aujourd'hui dans Annecy
        (Haute-Savoie)." """
        if self.former_name:
            return (
                f"{self.code} était le code de l'ancienne commune {self.former_name}, "
                f"aujourd'hui dans {self.commune.label}."
            )
        return f"{self.code} est un ancien code INSEE ; c'est aujourd'hui {self.commune.label}."


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
        self.departements: dict[str, str] = deps
        self.regions: dict[str, str] = regs
        self.chefs_lieux: dict[str, dict[str, str]] = data["chefs_lieux"]
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
        # folded former name (as typed, and without its article) -> {current code: former name}
        self.former: dict[str, dict[str, str]] = defaultdict(dict)
        # first word of a compound former name -> [(current commune, former name)]:
        # "hellemmes" -> (Lille, "Hellemmes-Lille")
        former_first: dict[str, list[tuple[Commune, str]]] = defaultdict(list)
        for old_name, code in data.get("former_names", ()):
            current = self.by_insee.get(code)
            if current is None:
                continue
            key = fold_place(old_name)
            bare = strip_article(key)
            self.former[key][code] = old_name
            self.former[bare].setdefault(code, old_name)
            if current not in by_name[key]:
                by_name[key].append(current)
            if current not in by_bare[bare]:
                by_bare[bare].append(current)
            words = key.split()
            if len(words) > 1 and len(words[0]) >= 4 and words[0] not in _GENERIC_FIRST_WORDS:
                former_first[words[0]].append((current, old_name))
        self.former_first_part = {
            k: tuple(sorted(dict(v).items(), key=lambda cn: (-cn[0].population, cn[0].code_insee)))
            for k, v in former_first.items()
        }
        # Former INSEE codes (communes déléguées/associées, anciensCodes) -> (current, name).
        self.former_codes: dict[str, tuple[str, str | None]] = {}
        for old, code, old_name in data.get("former_codes", ()):
            if old not in self.by_insee and code in self.by_insee:
                self.former_codes[old] = (code, old_name or None)
        # The first part of a compound name ("cherbourg" in "cherbourg en cotentin").
        by_first: dict[str, list[Commune]] = defaultdict(list)
        for c in items:
            if c.kind != "commune":
                continue
            words = fold_place(c.nom).split()
            if len(words) > 1 and len(words[0]) >= 4:
                by_first[words[0]].append(c)
        self.by_first_part = {k: tuple(_by_population(v)) for k, v in by_first.items()}
        # Current communes by folded name, sorted: the communes whose name starts with a query.
        named = sorted((fold_place(c.nom), c.code_insee) for c in items if c.kind == "commune")
        self.sorted_names = [k for k, _ in named]
        self.sorted_communes = [self.by_insee[code] for _, code in named]
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
        # Also without the article ("Saint-Pierre Réunion") and region names ("Corse").
        dep_keys: set[tuple[str, str, str]] = set()
        for code, name in deps.items():
            dep_keys.add((fold_place(code), "departement", code))
            dep_keys.add((fold_place(name), "departement", code))
            dep_keys.add((strip_article(fold_place(name)), "departement", code))
        dep_names = {k for k, _, _ in dep_keys}
        for code, name in regs.items():
            for key in (fold_place(name), strip_article(fold_place(name))):
                if key not in dep_names:  # Guadeloupe...: the département says it already
                    dep_keys.add((key, "region", code))
        self.dep_suffixes = sorted(dep_keys, key=lambda kv: (-len(kv[0]), kv))

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


def former_code(code_insee: str) -> FormerCode | None:
    """The current commune of a former INSEE code ("74011" -> Annecy), or None.

    Former codes are those of the COG's communes déléguées and associées and the
    ``anciensCodes`` of current communes. A current code is never a former one (Annecy's 74010
    is also the code of its commune déléguée): use :func:`get_commune` first.
    """
    if not isinstance(code_insee, str):
        return None
    code = code_insee.strip().upper()
    g = _gaz()
    found = g.former_codes.get(code)
    if found is None or code in g.by_insee:
        return None
    current, name = found
    return FormerCode(code, g.by_insee[current], name)


_FOUR_DIGITS = re.compile(r"^[1-9]\d{3}$")


def pad_code(code: str) -> str | None:
    """A postcode or INSEE code of départements 01-09 whose leading zero was lost ("1053", a
    spreadsheet's number): the five-character code ("01053"); None for anything else."""
    if not isinstance(code, str):
        return None
    text = re.sub(r"\s+", "", code)
    return "0" + text if _FOUR_DIGITS.match(text) else None


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
    from geodata.speech import of_place

    return of_place(c.label)


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
    former = former_code(code)
    if former is not None:
        return LookupResult(query, "insee", (former.commune,), former.note, "former_code")
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
                return _exact_result(g, query, key, hits, limit)
    return None


def _accented(text: str) -> str:
    """Lower case with accents kept, one space between words: "Viré" stays apart from "Vire"."""
    if not text:
        return "\0"  # matches nothing
    return " ".join(re.sub(r"[^\w]+|_", " ", unicodedata.normalize("NFC", text).lower()).split())


def _is_own(c: Commune, key: str) -> bool:
    name = fold_place(c.nom)
    return name == key or strip_article(name) == key


def _named_after(c: Commune, former_name: str) -> bool:
    """Whether a current commune is named after one of its former communes: its name starts
    with the former name (Évry -> Évry-Courcouronnes, Vire -> Vire Normandie) or with the same
    first word (Cherbourg-Octeville -> Cherbourg-en-Cotentin)."""
    name, old = strip_article(fold_place(c.nom)), strip_article(fold_place(former_name))
    if not name or not old:
        return False
    if name.startswith(old + " "):
        return True
    first, first_old = name.split()[0], old.split()[0]
    return (
        first == first_old
        and len(first) >= 4
        and first not in _GENERIC_FIRST_WORDS
        and len(old.split()) > 1
    )


def _with_former(c: Commune, former: dict[str, str]) -> str:
    old = former.get(c.code_insee)
    if old is None or fold_place(old) == fold_place(c.nom):
        return f"{c.nom} ({c.departement_nom})"
    return f"{c.nom} ({c.departement_nom}, ancienne commune {old})"


def _prefix_candidates(g: _Gazetteer, key: str, exact: Sequence[Commune]) -> list[Commune]:
    """Current communes whose name starts with ``key`` and which are far more populous than every
    exact match ("saint ouen": Saint-Ouen-sur-Seine, 53,615 inhabitants, beside two villages)."""
    floor = PREFIX_POPULATION_RATIO * max((c.population for c in exact), default=0)
    start = key + " "
    i = bisect.bisect_left(g.sorted_names, start)
    found: list[Commune] = []
    while i < len(g.sorted_names) and g.sorted_names[i].startswith(start):
        c = g.sorted_communes[i]
        if c.population > floor and c not in exact:
            found.append(c)
        i += 1
    return _by_population(found)[:PREFIX_MAX_CANDIDATES]


def _exact_result(
    g: _Gazetteer, query: str, key: str, hits: Sequence[Commune], limit: int
) -> LookupResult:
    """Order the communes answering to one exact (folded) name and say what was understood.

    The communes of that very name, and those named after a former commune of that name
    (Évry-Courcouronnes for "Évry"), by population; then the other communes a former commune of
    that name belongs to (Annecy for "Pringy"); then communes whose name only starts with it,
    when far more populous. With no current commune of that name, the current names that start
    with it count as much ("Montigny": Montigny-le-Bretonneux as well as old Montigny)."""
    text = query.strip()
    former = g.former.get(key, {})
    own = [c for c in hits if _is_own(c, key)]
    after = [
        c for c in hits if not _is_own(c, key) and _named_after(c, former.get(c.code_insee, ""))
    ]
    others = [c for c in hits if c not in own and c not in after]
    if own or after:
        ordered = _by_population([*own, *after]) + _by_population(others)
        typed = _accented(text)
        if typed != fold_place(text):  # accents typed: a name with exactly those accents first
            exact = [
                c
                for c in ordered
                if typed.endswith(_accented(c.nom))
                or typed.endswith(_accented(former.get(c.code_insee, "")))
            ]
            ordered = exact + [c for c in ordered if c not in exact]
        if own:
            ordered += _prefix_candidates(g, key, ordered)
    else:
        more = g.by_first_part.get(key, ())
        ordered = _by_population(list(dict.fromkeys((*hits, *more))))
    via_former = ordered[0].code_insee in former and not _is_own(ordered[0], key)
    read_as = "former_name" if via_former else None
    if len(ordered) == 1 and via_former:
        note = (
            f"« {text} » est une ancienne commune, aujourd'hui dans "
            f"{ordered[0].nom} ({ordered[0].departement_nom})."
        )
    elif len(ordered) > 1 and len({c.nom for c in ordered}) > 1:
        names = ", ".join(_with_former(c, former) for c in ordered[:3])
        note = f"{len(ordered)} communes répondent à « {text} » : {names}. Précisez laquelle."
    elif len(ordered) > 1:
        note = (
            f"{len(ordered)} communes s'appellent {ordered[0].nom} : précisez le "
            "département. La plus peuplée est en premier."
        )
    else:
        note = None
    return LookupResult(query, "name", tuple(ordered[:limit]), note, read_as)


_TRAILING_LINKS = re.compile(r"(?: (?:dans|en|de|du|des|a|au|aux|sur))*(?: (?:la|le|les|l))?$")


def _first_word_lookup(g: _Gazetteer, query: str, folded: str, limit: int) -> LookupResult | None:
    """The first part of a longer name, as people shorten it: "Cherbourg" for
    Cherbourg-en-Cotentin, "Boulogne" for Boulogne-Billancourt and Boulogne-sur-Mer; then the
    first part of a former commune's name: "Hellemmes" for Hellemmes-Lille, now in Lille."""
    text = query.strip()
    hits = list(g.by_first_part.get(folded, ()))
    former = {c.code_insee: old for c, old in g.former_first_part.get(folded, ()) if c not in hits}
    hits += [c for c, _old in g.former_first_part.get(folded, ()) if c.code_insee in former]
    if not hits:
        return None
    if len(hits) == 1 and former:
        note = (
            f"« {text} » : c'est l'ancienne commune {former[hits[0].code_insee]}, "
            f"aujourd'hui dans {hits[0].label}."
        )
        return LookupResult(query, "name", tuple(hits), note, "former_name")
    names = ", ".join(_with_former(c, former) for c in hits[:3])
    note = f"Aucune commune ne s'appelle exactement « {text} » ; " + (
        f"je propose {hits[0].label}." if len(hits) == 1 else f"je propose : {names}."
    )
    read_as = "former_name" if hits[0].code_insee in former else None
    return LookupResult(query, "name", tuple(hits[:limit]), note, read_as)


def _departement_lookup(g: _Gazetteer, query: str, folded: str, limit: int) -> LookupResult | None:
    """ "Valence 26", "Saint-Denis (93)", "Valence dans la Drôme", "Saint-Pierre Réunion",
    "Saint-Florent Corse": a name and its département or region. A name that is only the start
    of a commune's name there counts too ("Saint-Laurent Guyane": Saint-Laurent-du-Maroni)."""
    for key, field, code in g.dep_suffixes:
        if len(folded) > len(key) + 1 and folded.endswith(" " + key):
            rest = _TRAILING_LINKS.sub("", folded[: -len(key) - 1]).strip()
            if not rest:
                continue

            def inside(c: Commune, field: str = field, code: str = code) -> bool:
                return (c.departement if field == "departement" else c.region) == code

            named = _name_lookup(g, query, rest, 1000)
            hits = tuple(c for c in named.candidates if inside(c)) if named else ()
            if hits:
                return LookupResult(query, "name", hits[:limit], None, named.read_as)
            if len(rest) >= 4:
                start = strip_leading_phrases(rest) + " "
                i = bisect.bisect_left(g.sorted_names, start)
                found = []
                while i < len(g.sorted_names) and g.sorted_names[i].startswith(start):
                    if inside(g.sorted_communes[i]):
                        found.append(g.sorted_communes[i])
                    i += 1
                if found:
                    found = _by_population(found)
                    names = ", ".join(c.label for c in found[:3])
                    note = f"Je propose {names} : leur nom commence par « {rest} »."
                    if len(found) == 1:
                        note = f"Je propose {names}, dont le nom commence par « {rest} »."
                    return LookupResult(query, "name", tuple(found[:limit]), note)
    return None


def lookup(query: str, limit: int = 10) -> LookupResult:
    """Find a commune by name, postcode or INSEE code (see the module docstring for the rules).

    Raises ``ValueError`` (French message) for a non-text, empty or too long query, or a
    ``limit`` below 1. Text with nothing recognisable returns ``matched_by == "none"``.
    """
    text = _check_query(query, limit)
    g = _gaz()

    compact = re.sub(r"\s+", "", text).upper()
    padded = pad_code(compact)
    if padded is not None:
        read = f"J'ai lu {compact} comme {padded} (le zéro du début manquait)."
        res = _code_lookup(g, text, padded, limit)
        if res is not None:
            note = f"{read} {res.note}" if res.note else read
            return LookupResult(text, res.matched_by, res.candidates, note, "padded_code")
        return LookupResult(
            text, "none", (), f"{read} Aucune commune n'a le code postal ou le code INSEE {padded}."
        )
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
