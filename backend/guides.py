"""Orientation and insertion guides: content files, loading, search and speech.

Each guide is one Markdown file in ``backend/content/guides/`` with a YAML front matter::

    ---
    slug: ecole-deuxieme-chance
    title: "C'est quoi une École de la 2e chance ?"
    topic: structures
    short_answer: "..."          # made to be heard: 3 sentences, 60 words at most
    helpers: [e2c, mission_locale]
    sources:
      - {title: "...", url: "https://..."}
    last_checked: 2026-11-29
    keywords: [e2c, deuxième chance]
    abbreviations: {E2C: "École de la 2e chance"}   # optional, for this guide only
    ---
    Markdown body (plain French, at most about 400 words), with a "## Qui peut m'aider ?" section.

This module knows nothing of FastAPI: the API (``backend.api.guides``), the web site, the voice
and the app all go through the functions below.
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml

from geodata.speech import number_words, speakable
from geodata.text import fold
from totalacces import guide_markdown, vocabulary

CONTENT_DIR = Path(__file__).resolve().parent / "content" / "guides"

#: The fixed list of topics, with their French labels (order = display order).
TOPICS: Mapping[str, str] = MappingProxyType(vocabulary.GUIDE_TOPICS)

#: Structure kinds a guide may name in ``helpers``, with the vocabulary's full labels.
HELPER_LABELS: Mapping[str, str] = MappingProxyType(
    {key: kind.full_label for key, kind in vocabulary.KINDS.items()}
)

#: Abbreviations used in the guides and their expansions. The content test checks that every
#: abbreviation of a guide is listed here (or in the guide's own ``abbreviations``) and explained
#: in parentheses at its first use. The voice can use it to say abbreviations in full.
ABBREVIATIONS: Mapping[str, str] = MappingProxyType(
    {
        "AAH": "allocation aux adultes handicapés",
        "AESH": "accompagnant ou accompagnante d'élèves en situation de handicap",
        "APL": "aide personnalisée au logement",
        "AVS": "auxiliaire de vie scolaire",
        "BTS": "brevet de technicien supérieur",
        "CAF": "caisse d'allocations familiales",
        "CAP": "certificat d'aptitude professionnelle",
        "CDAPH": "commission des droits et de l'autonomie des personnes handicapées",
        "CEJ": "contrat d'engagement jeune",
        "CFA": "centre de formation d'apprentis",
        "CIO": "centre d'information et d'orientation",
        "CNED": "centre national d'enseignement à distance",
        "CPF": "compte personnel de formation",
        "CROUS": "centre régional des œuvres universitaires et scolaires",
        "CV": "curriculum vitae, le résumé de votre parcours",
        "DAISY": "format de livre audio structuré, où l'on peut aller de chapitre en chapitre",
        "E2C": "École de la 2e chance",
        "EPIDE": "Établissement pour l'insertion dans l'emploi",
        "ESAT": "établissement et service d'accompagnement par le travail",
        "ESRP": "établissement et service de réadaptation professionnelle",
        "FIPHFP": "fonds pour l'insertion des personnes handicapées dans la fonction publique",
        "GRETA": "groupement d'établissements, qui forme les adultes",
        "MDPH": "maison départementale des personnes handicapées",
        "ONISEP": "office national d'information sur les enseignements et les professions",
        "PAI": "projet d'accueil individualisé",
        "PAP": "plan d'accompagnement personnalisé",
        "PFMP": "période de formation en milieu professionnel",
        "PPS": "projet personnalisé de scolarisation",
        "RGPD": "règlement général sur la protection des données",
        "RQTH": "reconnaissance de la qualité de travailleur handicapé",
        "SMIC": "salaire minimum de croissance",
        "SUIO": "service universitaire d'information et d'orientation",
        "ULIS": "unité localisée pour l'inclusion scolaire",
        "VAE": "validation des acquis de l'expérience",
    }
)

#: Acronyms said as a word (the others are spelled letter by letter in speech).
SPOKEN_AS_WORD: frozenset[str] = frozenset(
    {
        "CAP",
        "CNED",
        "CROUS",
        "DAISY",
        "ONISEP",
        "EPIDE",
        "ESAT",
        "GRETA",
        "SMIC",
        "SUIO",
        "ULIS",
        "CAF",
        "PAP",
    }
)

#: Uppercase tokens that need no explanation.
ABBREVIATION_ALLOWLIST: frozenset[str] = frozenset({"PDF", "OK", "SMS", "TV", "USB"})

REQUIRED_FIELDS: tuple[str, ...] = (
    "slug",
    "title",
    "topic",
    "short_answer",
    "helpers",
    "sources",
    "last_checked",
    "keywords",
)
OPTIONAL_FIELDS: tuple[str, ...] = ("abbreviations",)
RESERVED_SLUGS: frozenset[str] = frozenset({"topics"})
_SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
ABBREVIATION_RE = re.compile(r"(?<![\w-])([A-Z0-9]*[A-Z][A-Z0-9]*[A-Z][A-Z0-9]*)(?![\w-])")


class GuideContentError(ValueError):
    """A guide file is malformed. The message names the file and the field."""

    def __init__(self, path: Path | str, field_name: str | None, problem: str) -> None:
        self.path = Path(path)
        self.field = field_name
        self.problem = problem
        where = f"champ « {field_name} »" if field_name else "fichier"
        super().__init__(f"Guide {self.path.name} ({self.path}) : {where} : {problem}")


@dataclass(frozen=True, slots=True)
class Source:
    title: str
    url: str
    #: The day this source was read to check the guide's rules and amounts (None: not recorded).
    read: date | None = None


@dataclass(frozen=True, slots=True)
class Guide:
    slug: str
    title: str
    topic: str
    short_answer: str
    helpers: tuple[str, ...]
    sources: tuple[Source, ...]
    last_checked: date
    keywords: tuple[str, ...]
    body_markdown: str
    abbreviations: Mapping[str, str] = field(
        default_factory=lambda: MappingProxyType({}), hash=False, compare=False
    )
    path: Path | None = field(default=None, hash=False, compare=False)

    @property
    def topic_label(self) -> str:
        return TOPICS.get(self.topic, self.topic)

    @property
    def helper_labels(self) -> list[dict[str, str]]:
        return [{"kind": k, "label": HELPER_LABELS.get(k, k)} for k in self.helpers]


# --------------------------------------------------------------------------------------------
# Loading
# --------------------------------------------------------------------------------------------


def _split_front_matter(path: Path, text: str) -> tuple[str, str]:
    text = text.lstrip("\ufeff")
    lines = text.splitlines()
    if not lines or lines[0].strip() != "---":
        raise GuideContentError(path, None, "le fichier doit commencer par une ligne « --- »")
    for index, line in enumerate(lines[1:], start=1):
        if line.strip() == "---":
            return "\n".join(lines[1:index]), "\n".join(lines[index + 1 :]).strip() + "\n"
    raise GuideContentError(path, None, "l'en-tête YAML n'est pas fermé par une ligne « --- »")


def _parse_date(path: Path, field_name: str, value: Any) -> date:
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value)
        except ValueError as exc:
            raise GuideContentError(path, field_name, "date attendue (AAAA-MM-JJ)") from exc
    if not isinstance(value, date):
        raise GuideContentError(path, field_name, "date attendue (AAAA-MM-JJ)")
    return value


def _require_text(path: Path, meta: Mapping[str, Any], name: str) -> str:
    value = meta.get(name)
    if not isinstance(value, str) or not value.strip():
        raise GuideContentError(path, name, "texte attendu, non vide")
    return " ".join(value.split())


def _require_list(path: Path, meta: Mapping[str, Any], name: str) -> list[Any]:
    value = meta.get(name)
    if not isinstance(value, list) or not value:
        raise GuideContentError(path, name, "liste attendue, non vide")
    return value


def parse_guide(path: Path, text: str | None = None) -> Guide:
    """Parse and validate one guide file. Raises :class:`GuideContentError`."""
    path = Path(path)
    if text is None:
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            raise GuideContentError(path, None, f"le fichier n'est pas en UTF-8 ({exc})") from exc
    header, body = _split_front_matter(path, text)
    try:
        meta = yaml.safe_load(header)
    except yaml.YAMLError as exc:
        raise GuideContentError(path, None, f"en-tête YAML illisible : {exc}") from exc
    if not isinstance(meta, dict):
        raise GuideContentError(path, None, "l'en-tête YAML doit être un dictionnaire")

    for name in REQUIRED_FIELDS:
        if name not in meta or meta[name] in (None, "", []):
            raise GuideContentError(path, name, "champ obligatoire absent ou vide")
    unknown = sorted(set(meta) - set(REQUIRED_FIELDS) - set(OPTIONAL_FIELDS))
    if unknown:
        raise GuideContentError(path, unknown[0], "champ inconnu (faute de frappe ?)")

    slug = _require_text(path, meta, "slug")
    if not _SLUG_RE.match(slug):
        raise GuideContentError(path, "slug", f"« {slug} » : minuscules, chiffres et tirets")
    if slug != path.stem:
        raise GuideContentError(path, "slug", f"« {slug} » doit être le nom du fichier")
    if slug in RESERVED_SLUGS:
        raise GuideContentError(path, "slug", f"« {slug} » est réservé")

    title = _require_text(path, meta, "title")
    topic = _require_text(path, meta, "topic")
    if topic not in TOPICS:
        raise GuideContentError(
            path, "topic", f"« {topic} » inconnu ; thèmes possibles : {', '.join(TOPICS)}"
        )
    short_answer = _require_text(path, meta, "short_answer")

    helpers: list[str] = []
    for item in _require_list(path, meta, "helpers"):
        if not isinstance(item, str) or item not in HELPER_LABELS:
            raise GuideContentError(
                path, "helpers", f"« {item} » n'est pas un type de structure connu"
            )
        if item not in helpers:
            helpers.append(item)

    sources: list[Source] = []
    for item in _require_list(path, meta, "sources"):
        if not isinstance(item, dict) or not {"title", "url"} <= set(item) <= {"title", "url", "read"}:
            raise GuideContentError(
                path, "sources", "chaque source a un « title », une « url » et peut-être « read »"
            )
        s_title, url = item["title"], item["url"]
        if not isinstance(s_title, str) or not s_title.strip():
            raise GuideContentError(path, "sources", "titre de source vide")
        if not isinstance(url, str) or not re.match(
            r"^https://[a-z0-9.-]+\.[a-z]{2,}(/\S*)?$", url
        ):
            raise GuideContentError(path, "sources", f"« {url} » n'est pas une adresse https")
        read = _parse_date(path, "sources", item.get("read")) if "read" in item else None
        sources.append(Source(title=" ".join(s_title.split()), url=url, read=read))

    last_checked = _parse_date(path, "last_checked", meta["last_checked"])
    readings = [s.read for s in sources if s.read is not None]
    if readings and last_checked != max(readings):
        # The guide was checked on the day its sources were last read, not on another day.
        raise GuideContentError(
            path, "last_checked", f"{max(readings).isoformat()} attendu (la dernière source lue)"
        )

    keywords: list[str] = []
    for item in _require_list(path, meta, "keywords"):
        if not isinstance(item, str) or not item.strip():
            raise GuideContentError(path, "keywords", "chaque mot-clé est un texte non vide")
        keywords.append(" ".join(item.split()))

    abbreviations = meta.get("abbreviations") or {}
    if not isinstance(abbreviations, dict) or not all(
        isinstance(k, str) and isinstance(v, str) and v.strip() for k, v in abbreviations.items()
    ):
        raise GuideContentError(path, "abbreviations", "dictionnaire SIGLE: développement attendu")

    if not body.strip():
        raise GuideContentError(path, "body", "le texte du guide est vide")

    return Guide(
        slug=slug,
        title=title,
        topic=topic,
        short_answer=short_answer,
        helpers=tuple(helpers),
        sources=tuple(sources),
        last_checked=last_checked,
        keywords=tuple(keywords),
        body_markdown=body,
        abbreviations=MappingProxyType(dict(abbreviations)),
        path=path,
    )


@functools.lru_cache(maxsize=8)
def _load_folder(folder: Path) -> tuple[Guide, ...]:
    if not folder.is_dir():
        raise GuideContentError(folder, None, "dossier des guides introuvable")
    guides: list[Guide] = []
    seen: dict[str, Path] = {}
    for path in sorted(folder.glob("*.md")):
        if path.name.lower() == "readme.md":
            continue
        guide = parse_guide(path)
        if guide.slug in seen:
            raise GuideContentError(
                path, "slug", f"« {guide.slug} » déjà utilisé par {seen[guide.slug].name}"
            )
        seen[guide.slug] = path
        guides.append(guide)
    order = {topic: i for i, topic in enumerate(TOPICS)}
    guides.sort(key=lambda g: (order[g.topic], fold(g.title)))
    return tuple(guides)


def load_guides(folder: Path | str | None = None) -> list[Guide]:
    """Every guide of ``folder`` (default: the bundled content), validated, topic order.

    Loaded once per folder and per process; a malformed file raises :class:`GuideContentError`.
    """
    resolved = Path(folder).resolve() if folder is not None else CONTENT_DIR
    return list(_load_folder(resolved))


def clear_cache() -> None:
    """Forget loaded guides (for tests and for a reload after editing content)."""
    _load_folder.cache_clear()
    _search_index.cache_clear()


def get_guide(slug: str, folder: Path | str | None = None) -> Guide | None:
    for guide in load_guides(folder):
        if guide.slug == slug:
            return guide
    return None


def guides_for_kind(kind: str, folder: Path | str | None = None) -> list[Guide]:
    """Guides whose helpers include ``kind``, the most specific first (fewest helpers)."""
    found = [g for g in load_guides(folder) if kind in g.helpers]
    return sorted(found, key=lambda g: (g.helpers.index(kind), len(g.helpers)))


def closest_slugs(slug: str, limit: int = 3, folder: Path | str | None = None) -> list[str]:
    """Slugs that look like ``slug`` (for a helpful 404)."""
    from rapidfuzz import fuzz, process

    slugs = [g.slug for g in load_guides(folder)]
    query = fold(slug).replace(" ", "-")
    matches = process.extract(query, slugs, scorer=fuzz.WRatio, limit=limit, score_cutoff=50)
    return [m[0] for m in matches]


# --------------------------------------------------------------------------------------------
# Search
# --------------------------------------------------------------------------------------------

_STOPWORDS_TEXT = """
a au aux avec c ce ces cest comment d dans de des du elle en est et etre il ils j je l la le les
leur lui m ma me mes moi mon n ne on ou par pas pour qu que quel quelle quels quoi qui s sa se ses
si son sur t ta te tes toi ton tu un une vos votre vous y faire fait quand veux voudrais peux peut
puis dois ca cela sont ai as avez suis
"""
STOPWORDS: frozenset[str] = frozenset(_STOPWORDS_TEXT.split())

#: Spoken or written variants mapped to one search form.
_TOKEN_ALIASES: Mapping[str, str] = MappingProxyType(
    {
        "deuxieme": "2e",
        "2eme": "2e",
        "2de": "seconde",
        "2nde": "seconde",
        "troisieme": "3e",
        "3eme": "3e",
        "alternant": "alternance",
        "apprenti": "apprentissage",
        "apprentie": "apprentissage",
        "apprentis": "apprentissage",
        "aveugles": "aveugle",
        "non-voyant": "aveugle",
        "nonvoyant": "aveugle",
        "malvoyants": "malvoyant",
        "malvoyante": "malvoyant",
        "handicape": "handicap",
        "handicapee": "handicap",
        "handicapes": "handicap",
        "sous": "argent",
        "fric": "argent",
        "boulot": "emploi",
        "taf": "emploi",
        "job": "emploi",
        "travail": "emploi",
        "travailler": "emploi",
        "rappele": "rappel",
        "rappeler": "rappel",
        "rappelle": "rappel",
    }
)


def _stem(token: str) -> str:
    token = _TOKEN_ALIASES.get(token, token)
    if len(token) > 4 and token[-1] in "sx" and not token.endswith("ss"):
        token = token[:-1]
    return _TOKEN_ALIASES.get(token, token)


def tokenize(text: str, keep_stopwords: bool = False) -> list[str]:
    return [_stem(t) for t in fold(text).split() if keep_stopwords or t not in STOPWORDS]


_FIELD_WEIGHTS: Mapping[str, float] = MappingProxyType(
    {"title": 6.0, "keywords": 5.0, "short_answer": 3.0, "body": 1.0}
)


@dataclass(frozen=True, slots=True)
class _Indexed:
    guide: Guide
    fields: Mapping[str, frozenset[str]]
    phrases: Mapping[str, str]  # normalised text of each field, for phrase matches


@functools.lru_cache(maxsize=64)
def _search_index(guides: tuple[Guide, ...]) -> tuple[tuple[_Indexed, ...], frozenset[str]]:
    indexed: list[_Indexed] = []
    known_words: set[str] = set()
    for guide in guides:
        texts = {
            "title": guide.title,
            "keywords": " ; ".join(guide.keywords),
            "short_answer": guide.short_answer,
            "body": guide.body_markdown,
        }
        fields = {name: frozenset(tokenize(text)) for name, text in texts.items()}
        for tokens in fields.values():
            known_words |= tokens
        phrases = {
            name: " ".join(tokenize(text, keep_stopwords=True)) for name, text in texts.items()
        }
        indexed.append(_Indexed(guide, MappingProxyType(fields), MappingProxyType(phrases)))
    return tuple(indexed), frozenset(known_words)


def _match_weight(token: str, tokens: frozenset[str]) -> float:
    if token in tokens:
        return 1.0
    if len(token) >= 4 and any(t.startswith(token) for t in tokens):
        return 0.6
    return 0.0


def _correct(token: str, vocabulary: frozenset[str]) -> str:
    """Closest known word for a misspelt or misheard one (voice, small phones)."""
    if token in vocabulary or len(token) < 5:
        return token
    if any(v.startswith(token) for v in vocabulary):
        return token
    from rapidfuzz import fuzz, process

    same_start = [v for v in vocabulary if v[0] == token[0]]
    best = process.extractOne(token, same_start, scorer=fuzz.ratio, score_cutoff=84)
    return best[0] if best else token


#: A guide titled as a definition ("C'est quoi l'apprentissage ?") answers a definition question
#: ("explique-moi l'apprentissage") better than the other guides with the same words.
DEFINITION_TITLE = re.compile(r"^(c est quoi|qu est ce qu|que fait|que font|que peut faire)\b")
DEFINITION_BONUS = 3.0


@dataclass(frozen=True, slots=True)
class GuideHit:
    """One guide found for a question, with what every surface needs to follow the ranking."""

    guide: Guide
    score: float
    named: bool  # a word asked is in the title, the keywords or the short answer (not only the text)
    in_title: bool  # every word asked is in the title


def rank_guides(
    q: str, guides: Iterable[Guide] | None = None, definition: bool = False
) -> list[GuideHit]:
    """Guides matching the words of ``q``, best first.

    Every word must match (title, short answer, keywords or text); if no guide has them all, the
    guides having the most of them are returned. Accents, case and small typos do not matter.
    ``definition``: the question asks what something is; a guide titled "C'est quoi ..." ranks
    first among those with the same words.
    """
    pool = tuple(guides) if guides is not None else tuple(load_guides())
    indexed, vocabulary_words = _search_index(pool)
    query_tokens = list(dict.fromkeys(_correct(t, vocabulary_words) for t in tokenize(q)))
    if not query_tokens:
        return []
    query_phrase = " ".join(tokenize(q, keep_stopwords=True))
    scored: list[tuple[GuideHit, int]] = []
    for item in indexed:
        score = 0.0
        matched = 0
        named = False
        in_title = True
        for token in query_tokens:
            best = 0.0
            for name, weight in _FIELD_WEIGHTS.items():
                w = _match_weight(token, item.fields[name])
                score += weight * w
                best = max(best, w)
                named = named or (w > 0 and name != "body")
            matched += best > 0
            in_title = in_title and _match_weight(token, item.fields["title"]) > 0
        if matched == 0:
            continue
        if len(query_tokens) > 1 and query_phrase:
            for name in ("title", "keywords", "short_answer"):
                if query_phrase in item.phrases[name]:
                    score += 2 * _FIELD_WEIGHTS[name]
        if definition and named and DEFINITION_TITLE.match(fold(item.guide.title)):
            score += DEFINITION_BONUS
        scored.append((GuideHit(item.guide, score, named, in_title), matched))
    if not scored:
        return []
    most = max(m for _, m in scored)
    kept = [hit for hit, m in scored if m == most]
    kept.sort(key=lambda hit: (-hit.score, hit.guide.title))
    return kept


def search_guides(q: str, guides: Iterable[Guide] | None = None) -> list[tuple[Guide, float]]:
    """:func:`rank_guides` as (guide, score) pairs."""
    return [(hit.guide, hit.score) for hit in rank_guides(q, guides)]


def list_guides(
    topic: str | None = None, q: str | None = None, folder: Path | str | None = None
) -> list[Guide]:
    """Guides of ``topic`` (any topic if None) matching the words of ``q`` (ranked)."""
    guides = load_guides(folder)
    if topic:
        guides = [g for g in guides if g.topic == topic]
    if q and q.strip():
        return [g for g, _ in search_guides(q, guides)]
    return guides


# --------------------------------------------------------------------------------------------
# Speech
# --------------------------------------------------------------------------------------------


def spoken_abbreviation(abbreviation: str) -> str:
    """How to say an acronym: as a word ("Épide") or letter by letter ("R Q T H")."""
    if abbreviation in SPOKEN_AS_WORD:
        return abbreviation.capitalize()
    return " ".join(abbreviation)


def strip_markdown(text: str) -> str:
    """The words of a Markdown text, one block a line (marks and link targets left out)."""
    return "\n".join(block.text for block in guide_markdown.parse(text))


def prepare_for_speech(text: str) -> str:
    """Rewrite "SIGLE (développement)" so that it is heard once, clearly.

    "la RQTH (reconnaissance de la qualité de travailleur handicapé)" becomes
    "la R Q T H, reconnaissance de la qualité de travailleur handicapé," and
    "la maison départementale des personnes handicapées (MDPH)" becomes
    "la maison départementale des personnes handicapées, M D P H,". Acronyms left alone are
    then said in full by the speech normaliser.
    """
    text = strip_markdown(text)

    def after(match: re.Match[str]) -> str:
        abbr, expansion = match.group(1), match.group(2).strip()
        return f"{spoken_abbreviation(abbr)}, {expansion},"

    def before(match: re.Match[str]) -> str:
        return f", {spoken_abbreviation(match.group(1))},"

    text = re.sub(r"\b([A-Z0-9]*[A-Z][A-Z0-9]*[A-Z][A-Z0-9]*)\s*\(([^()]+)\)", after, text)
    text = re.sub(r"\s*\(([A-Z0-9]*[A-Z][A-Z0-9]*[A-Z][A-Z0-9]*)\)", before, text)
    text = re.sub(r"\s*\(([^()]+)\)", r", \1,", text)  # any other aside: heard between commas
    text = re.sub(r",\s*([.!?;:])", r"\1", text)
    text = re.sub(r",\s*,", ",", text)
    return " ".join(text.split())


def to_speech(text: str) -> str:
    """French text made to be heard: abbreviations said once, markup removed, numbers in words."""
    return speakable(prepare_for_speech(text))


def guide_speech(guide: Guide) -> str:
    """The short answer of ``guide``, normalised for speech."""
    return to_speech(guide.short_answer)


def list_speech(guides: list[Guide], total: int, q: str | None = None) -> str:
    """Spoken summary of a list of guides: how many, then the first three titles."""
    about = f" pour « {q.strip()} »" if q and q.strip() else ""
    if total == 0:
        return (
            f"Aucun guide trouvé{about}. Essayez d'autres mots, par exemple : stage, "
            "apprentissage, handicap ou Mission locale."
        )
    if total == 1:
        count = f"Un guide trouvé{about}."
    else:
        count = f"{number_words(total).capitalize()} guides trouvés{about}."
    if not guides:
        return count
    titles = [g.title for g in guides[:3]]
    if len(titles) == 1:
        return to_speech(f"{count} {titles[0]}")
    ordinals = ("Premier", "Deuxième", "Troisième")
    read = " ".join(f"{ordinals[i]} : {t}" for i, t in enumerate(titles))
    return to_speech(f"{count} Voici les {number_words(len(titles))} premiers. {read}")


# --------------------------------------------------------------------------------------------
# Markdown: parsed once (totalacces.guide_markdown), rendered here as safe HTML
# --------------------------------------------------------------------------------------------


def _render_spans(spans: Iterable[guide_markdown.Span]) -> str:
    out: list[str] = []
    for span in spans:
        text = html.escape(span.text, quote=True)
        if span.em:
            text = f"<em>{text}</em>"
        if span.strong:
            text = f"<strong>{text}</strong>"
        if span.href:
            text = f'<a href="{html.escape(span.href, quote=True)}">{text}</a>'
        out.append(text)
    html_text = "".join(out)
    for tag in ("strong", "em"):  # "<strong>a</strong><strong>b</strong>" -> one element
        html_text = html_text.replace(f"</{tag}><{tag}>", "")
    return html_text


def render_blocks(blocks: list[guide_markdown.Block], heading_offset: int = 0) -> str:
    """HTML of parsed blocks: headings (``##`` is ``<h2>``, plus ``heading_offset``; never
    ``<h1>``, the page's own title), paragraphs, and the items of one list in one ``<ul>`` or
    ``<ol>``. Every text is escaped."""
    out: list[str] = []
    index = 0
    while index < len(blocks):
        block = blocks[index]
        if block.kind == "item":
            items = [block]
            while index + 1 < len(blocks) and blocks[index + 1].list_id == block.list_id:
                index += 1
                items.append(blocks[index])
            tag = "ol" if block.ordered else "ul"
            start = f' start="{block.number}"' if block.ordered and block.number != 1 else ""
            inner = "".join(f"<li>{_render_spans(i.spans)}</li>" for i in items)
            out.append(f"<{tag}{start}>{inner}</{tag}>")
        elif block.kind == "heading":
            level = min(6, max(2, block.level) + heading_offset)
            out.append(f"<h{level}>{_render_spans(block.spans)}</h{level}>")
        else:
            out.append(f"<p>{_render_spans(block.spans)}</p>")
        index += 1
    return "\n".join(out)


def render_markdown(markdown: str, heading_offset: int = 0) -> str:
    """A guide's Markdown as safe HTML: any HTML in the source is shown as text, a link keeps
    only a safe target (see :mod:`totalacces.guide_markdown`)."""
    return render_blocks(guide_markdown.parse(markdown), heading_offset)


def word_count(text: str) -> int:
    """Words of a text as a reader counts them (Markdown marks and link targets left out)."""
    return len(re.findall(r"[\wÀ-ÿ'’-]+", strip_markdown(text)))
