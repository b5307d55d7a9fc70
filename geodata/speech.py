"""French text made to be heard: numbers, phone numbers and abbreviations in words.

Used by the backend's ``speech`` fields and by the voice ``Speaker``. Everything here is
deterministic, pure and fast (precompiled patterns, no I/O).

- :func:`number_words`: 1234 -> "mille deux cent trente-quatre", 2.5 -> "deux virgule cinq".
- :func:`phone_words`: "04 78 12 34 56" -> "zéro quatre, soixante-dix-huit, douze, trente-quatre,
  cinquante-six" (French numbers are read in pairs; +33 is read as the national 0).
- :func:`expand_abbreviations`: CIO -> "centre d'information et d'orientation", "3 km" ->
  "3 kilomètres"... (table ``ABBREVIATIONS``; acronyms match upper case, as whole words).
- :func:`pronounce`: the pronunciation lexicon (``geodata/data/lexicon.yaml``: names such as
  "Vaulx" or "Metz", acronyms such as "AESH"), and the respelling of what a French voice would
  otherwise read in English (a final "y" said "i", "th" said "t").
- :func:`speakable`: all of the above, plus markup stripped, ordinals ("3e" -> "troisième"),
  times ("9h30" -> "neuf heures trente"), decimals ("2,3" -> "deux virgule trois"), postcodes
  ("75015" -> "soixante-quinze zéro quinze"), "%" and "€" in words.
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Callable
from functools import lru_cache

from num2words import num2words

# Acronyms and abbreviations, as written (case-sensitive, whole words) -> as said.
ABBREVIATIONS: dict[str, str] = {
    "CIO": "centre d'information et d'orientation",
    "E2C": "école de la deuxième chance",
    "EPIDE": "établissement pour l'insertion dans l'emploi",
    "MDPH": "maison départementale des personnes handicapées",
    "CIJ": "centre d'information jeunesse",
    "BIJ": "bureau information jeunesse",
    "PIJ": "point information jeunesse",
    "CAP": "certificat d'aptitude professionnelle",
    "BEP": "brevet d'études professionnelles",
    "BTS": "brevet de technicien supérieur",
    "BUT": "bachelor universitaire de technologie",
    "RQTH": "reconnaissance de la qualité de travailleur handicapé",
    "ESAT": "établissement et service d'accompagnement par le travail",
    "GRETA": "Greta, groupement d'établissements pour la formation des adultes",
    "CFA": "centre de formation d'apprentis",
    "SUIO": "service universitaire d'information et d'orientation",
    "CROUS": "centre régional des œuvres universitaires et scolaires",
    "MSAP": "maison de services au public",
    "PIF": "point info famille",
    "CRIB": "centre de ressources et d'information des bénévoles",
    "APEC": "association pour l'emploi des cadres",
    "AFPA": "agence nationale pour la formation professionnelle des adultes",
    "AGEFIPH": (
        "Agéfiph, association de gestion du fonds pour l'insertion professionnelle des "
        "personnes handicapées"
    ),
    "ONISEP": "Onisep, office national d'information sur les enseignements et les professions",
    "PSAD": "plateforme de suivi et d'appui aux décrocheurs",
    "AAH": "allocation aux adultes handicapés",
    "PPS": "projet personnalisé de scolarisation",
    "ULIS": "unité localisée pour l'inclusion scolaire",
    "SEGPA": "section d'enseignement général et professionnel adapté",
    "CDI": "contrat à durée indéterminée",
    "CDD": "contrat à durée déterminée",
    "RSA": "revenu de solidarité active",
    "VAE": "validation des acquis de l'expérience",
    "ROME": "répertoire des métiers",
    "INSEE": "Insee",
    "Mme": "madame",
    "Mmes": "mesdames",
    "Mlle": "mademoiselle",
    "Dr": "docteur",
    "n°": "numéro",
    "N°": "numéro",
    "tél.": "téléphone",
    "Tél.": "téléphone",
    "tél": "téléphone",
    "Tél": "téléphone",
    "av.": "avenue",
    "Av.": "avenue",
    "bd": "boulevard",
    "Bd": "boulevard",
    "St": "Saint",
    "Ste": "Sainte",
    "etc.": "et cetera",
    "cf.": "voir",
}

# Units after a number: singular below 2 ("1,5 kilomètre"), plural from 2.
UNITS: dict[str, tuple[str, str]] = {
    "km": ("kilomètre", "kilomètres"),
    "m": ("mètre", "mètres"),
    "min": ("minute", "minutes"),
    "kg": ("kilo", "kilos"),
    "ans": ("an", "ans"),
}

_WORD_CHARS = r"0-9A-Za-zÀ-ÖØ-öø-ÿŒœ"
_ABBR_RE = re.compile(
    rf"(?<![{_WORD_CHARS}])("
    + "|".join(re.escape(k) for k in sorted(ABBREVIATIONS, key=len, reverse=True))
    + rf")(?![{_WORD_CHARS}])"
    # "Cap emploi" is a network's name, not the diploma.
    + r"(?!\s+[Ee]mploi)"
)
_NUM = r"\d+(?:[.,]\d+)?"
_UNIT_RE = re.compile(
    rf"({_NUM})\s?(" + "|".join(sorted(UNITS, key=len, reverse=True)) + rf")(?![{_WORD_CHARS}])"
)

#: Dates are said as dates: "2027-03-15" and "15/03/2027" -> "15 mars 2027" (then in words).
_ISO_DATE_RE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_FR_DATE_RE = re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b")
_MONTH_NAMES = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
                "septembre", "octobre", "novembre", "décembre")  # fmt: skip


def _date_text(year: str, month: str, day: str) -> str | None:
    y, m, d = int(year), int(month), int(day)
    if not (1 <= m <= 12 and 1 <= d <= 31):
        return None
    return f"{'1er' if d == 1 else d} {_MONTH_NAMES[m - 1]} {y}"


_PHONE_RE = re.compile(
    r"(?<![\d+])(?:(?:\+|00)33[\s.\-]?(?:\(0\)\s?)?|0)[1-9](?:[\s.\-]?\d{2}){4}(?!\d)"
)
_TIME_RE = re.compile(
    r"\b([01]?\d|2[0-3])\s?h\s?([0-5]\d)?(?![{_WORD_CHARS}])".replace("{_WORD_CHARS}", _WORD_CHARS)
)
_ORDINAL_RE = re.compile(r"\b(\d{1,4})(er|re|ère|ere|nde|nd|e|ème|eme|è)(?![" + _WORD_CHARS + "])")
_DECIMAL_RE = re.compile(r"(?<![\d,.])(\d+)[,.](\d+)(?![\d,.]?\d)")
_THOUSANDS_RE = re.compile(r"(?<![\d])(\d{1,3}(?:[\u00a0\u202f ]\d{3})+)(?![\d])")
_POSTCODE_RE = re.compile(r"(?<![\d])(\d{5})(?![\d])")
_INT_RE = re.compile(r"\d+")
_TAG_RE = re.compile(r"<[^>]*>")
_MD_LINK_RE = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_MD_MARK_RE = re.compile(r"(\*\*|__|\*|`+|^#+\s*|^>\s*|^\s*[-*+]\s+)", re.MULTILINE)
_URL_RE = re.compile(r"https?://\S+")
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SPACES_RE = re.compile(r"[ \t\u00a0\u202f]+")


def _check_number(n: int | float) -> None:
    if isinstance(n, bool) or not isinstance(n, int | float):
        raise ValueError("Seul un nombre peut être lu en toutes lettres.")
    if isinstance(n, float) and not math.isfinite(n):
        raise ValueError("Ce nombre ne peut pas être lu : il n'est pas fini (NaN ou infini).")


def number_words(n: int | float) -> str:
    """A number in French words (num2words, lang="fr"): 71 -> "soixante et onze".

    Floats are read with "virgule": 2.5 -> "deux virgule cinq"; a float with no fraction is read
    as an integer (2.0 -> "deux"). NaN and infinities raise ``ValueError``.
    """
    _check_number(n)
    if isinstance(n, float):
        if n.is_integer():
            return _integer_words(int(n))
        text = repr(n)
        if "e" not in text:
            whole, frac = text.split(".")
            return _decimal_words(whole, frac)
    return _integer_words(n)


@lru_cache(maxsize=4096)
def _integer_words(n: int | float) -> str:
    # num2words costs about 50 µs a call; counts and distances repeat, so they are memoised.
    return num2words(n, lang="fr")


def _decimal_words(whole: str, frac: str) -> str:
    sign = ""
    if whole.startswith("-"):
        sign, whole = "moins ", whole[1:]
    zeros = len(frac) - len(frac.lstrip("0"))
    rest = frac.lstrip("0")
    parts = ["zéro"] * zeros + ([num2words(int(rest), lang="fr")] if rest else [])
    return f"{sign}{num2words(int(whole), lang='fr')} virgule {' '.join(parts)}"


def _pair_words(pair: str) -> str:
    if len(pair) == 2 and pair[0] == "0":
        return f"zéro {num2words(int(pair[1]), lang='fr')}"
    return num2words(int(pair), lang="fr")


def phone_words(phone: str) -> str:
    """A phone number read the French way, in pairs separated by commas.

    "04 78 12 34 56" -> "zéro quatre, soixante-dix-huit, douze, trente-quatre, cinquante-six".
    "+33 4 78 12 34 56" is read as "04 78 12 34 56". Numbers of 3 digits or fewer ("15",
    "115") are read as one number; "3949" in two pairs. Raises ``ValueError`` without digits.
    """
    if not isinstance(phone, str):
        raise ValueError("Le numéro de téléphone doit être un texte.")
    digits = re.sub(r"\D", "", phone.replace("(0)", ""))
    stripped = phone.strip()
    if stripped.startswith(("+33", "0033")) and len(digits) in (11, 13):
        digits = "0" + digits[-9:]
    if not digits:
        raise ValueError("Ce numéro de téléphone ne contient aucun chiffre.")
    if len(digits) > 20:
        raise ValueError("Ce numéro de téléphone est trop long pour être lu.")
    if len(digits) <= 3:
        return num2words(int(digits), lang="fr")
    pairs = [digits[i : i + 2] for i in range(0, len(digits), 2)]
    return ", ".join(_pair_words(p) for p in pairs)


@lru_cache(maxsize=1)
def _lexicon() -> tuple[re.Pattern[str], dict[str, str]]:
    """(pattern of every lexicon word, word -> as said), from geodata/data/lexicon.yaml."""
    from pathlib import Path

    import yaml

    data = yaml.safe_load((Path(__file__).parent / "data" / "lexicon.yaml").read_text("utf-8"))
    said: dict[str, str] = {**data["words"], **data["acronyms"]}
    spelled_out = {**ABBREVIATIONS, **data["acronyms"]}
    for acronym in data["title_case"]:
        said.setdefault(acronym.title(), spelled_out[acronym])
    pattern = re.compile(
        rf"(?<![{_WORD_CHARS}])("
        + "|".join(re.escape(k) for k in sorted(said, key=len, reverse=True))
        + rf")(?![{_WORD_CHARS}])"
    )
    return pattern, said


# A French voice reads some spellings in English (espeak-ng: "Annecy", "Vitry", "Béthune"):
# a final "y" after a consonant or an "e" is said "i", "th" is said "t".
_FINAL_Y_RE = re.compile(r"(?<=[b-df-hj-np-tv-xzç]|e)y\b")
_TH_RE = re.compile(r"(?<=[tT])h(?=[aeiouyàâéèêëîïôöûüAEIOUY])")


def pronounce(text: str) -> str:
    """Respell what a French voice would say wrong: the lexicon's names and acronyms, then the
    spellings read in English. For speech only: the text shown stays as written."""
    pattern, said = _lexicon()
    text = pattern.sub(lambda m: said[m.group(1)], text)
    text = _FINAL_Y_RE.sub("i", text)
    return _TH_RE.sub("", text)


def _unit_sub(m: re.Match[str]) -> str:
    number, unit = m.group(1), m.group(2)
    value = float(number.replace(",", "."))
    singular, plural = UNITS[unit]
    return f"{number} {singular if value < 2 else plural}"


def expand_abbreviations(text: str) -> str:
    """Spell out the acronyms and abbreviations of ``ABBREVIATIONS`` (whole words, case as
    written: "CIO" but not "cio" inside a word) and the units after a number ("3 km" ->
    "3 kilomètres", "1 m" -> "1 mètre"). "Cap emploi" stays as it is."""
    if not isinstance(text, str):
        raise ValueError("Le texte à lire doit être une chaîne de caractères.")
    text = _ABBR_RE.sub(lambda m: ABBREVIATIONS[m.group(1)], text)
    return _UNIT_RE.sub(_unit_sub, text)


def _ordinal_sub(m: re.Match[str]) -> str:
    n, suffix = int(m.group(1)), m.group(2)
    if n == 0:
        return m.group(0)
    if suffix in ("nd", "nde"):
        return "seconde" if suffix == "nde" else "second"
    if n == 1:
        return "première" if suffix in ("re", "ère", "ere") else "premier"
    return num2words(n, lang="fr", to="ordinal")


def _time_sub(m: re.Match[str]) -> str:
    hours, minutes = int(m.group(1)), m.group(2)
    text = "une heure" if hours == 1 else f"{num2words(hours, lang='fr')} heures"
    if hours == 0:
        text = "zéro heure"
    if minutes and int(minutes):
        text += f" {num2words(int(minutes), lang='fr')}"
    return text


def _digits_words(digits: str) -> str:
    """An integer as written: leading zeros are said ("007" -> "zéro zéro sept")."""
    rest = digits.lstrip("0")
    zeros = len(digits) - len(rest) if rest else len(digits) - 1
    return " ".join(["zéro"] * zeros + [num2words(int(rest or "0"), lang="fr")])


def _postcode_words(code: str) -> str:
    head = num2words(int(code[:2]), lang="fr") if code[0] != "0" else _pair_words(code[:2])
    tail = code[2:]
    zeros = len(tail) - len(tail.lstrip("0"))
    rest = tail.lstrip("0")
    words = ["zéro"] * zeros + ([num2words(int(rest), lang="fr")] if rest else [])
    return " ".join([head, *words])


def _sub(pattern: re.Pattern[str], fn: Callable[[re.Match[str]], str], text: str) -> str:
    return pattern.sub(fn, text)


def strip_markup(text: str) -> str:
    """Remove HTML tags and entities, Markdown emphasis, headings, list marks and URLs."""
    text = _TAG_RE.sub(" ", text)
    text = html.unescape(text)
    text = _MD_LINK_RE.sub(r"\1", text)
    text = _URL_RE.sub(" ", text)
    text = _MD_MARK_RE.sub(" ", text)
    text = _CONTROL_RE.sub(" ", text)
    return text


def speakable(text: str) -> str:
    """Text ready for a speech synthesiser or a screen reader's speech output.

    Markup stripped; abbreviations and units spelled out; phone numbers read in pairs; times,
    ordinals, decimals, postcodes, thousands, "%" and "€" in words; whitespace collapsed.
    """
    if not isinstance(text, str):
        raise ValueError("Le texte à lire doit être une chaîne de caractères.")
    text = strip_markup(text)
    text = _ISO_DATE_RE.sub(lambda m: _date_text(m[1], m[2], m[3]) or m[0], text)
    text = _FR_DATE_RE.sub(lambda m: _date_text(m[3], m[2], m[1]) or m[0], text)
    text = _sub(_PHONE_RE, lambda m: phone_words(m.group(0)), text)
    text = _sub(_TIME_RE, _time_sub, text)
    text = _sub(_ORDINAL_RE, _ordinal_sub, text)
    text = pronounce(text)
    text = expand_abbreviations(text)
    text = _sub(_THOUSANDS_RE, lambda m: re.sub(r"\D", "", m.group(1)), text)
    text = _sub(_DECIMAL_RE, lambda m: _decimal_words(m.group(1), m.group(2)), text)
    text = _sub(_POSTCODE_RE, lambda m: _postcode_words(m.group(1)), text)
    text = _sub(_INT_RE, lambda m: f" {_digits_words(m.group(0))} ", text)
    text = re.sub(r"\s?%", " pour cent", text)
    text = re.sub(r"\s?€", " euros", text)
    text = re.sub(r"\s*\n\s*", "\n", text)
    text = _SPACES_RE.sub(" ", text)
    text = re.sub(r" +([,.;:!?)\]])", r"\1", text)
    text = re.sub(r"([(\[]) +", r"\1", text)
    return text.strip()


def of_place(name: str) -> str:
    """'de' before a place name, as said: 'de Lyon', "d'Amiens", 'du Havre', 'des Abymes'
    (the gazetteer's wording of a commune too)."""
    from geodata.text import fold_place

    if name.startswith("Le "):
        return f"du {name[3:]}"
    if name.startswith("Les "):
        return f"des {name[4:]}"
    if fold_place(name[:1]) in ("a", "e", "i", "o", "u", "y", "h"):
        return f"d'{name}"
    return f"de {name}"


def date_words(iso: str) -> str:
    """'2027-03-01' -> '1er mars 2027' (the text as is when it is not an ISO date)."""
    m = _ISO_DATE_RE.fullmatch(str(iso).strip()[:10])
    return (_date_text(*m.groups()) if m else None) or str(iso)


def period_words(start: str, end: str) -> str:
    """'Du 1er au 5 mars 2027', 'Du 28 février au 5 mars 2027', 'Du 15 décembre 2026 au 5
    janvier 2027': what is shared is said once, as a person says it."""
    first, last = date_words(start).split(" "), date_words(end).split(" ")
    if len(first) != 3 or len(last) != 3:
        return f"Du {date_words(start)} au {date_words(end)}"
    if first[2] == last[2] and first[1] == last[1]:
        return f"Du {first[0]} au {' '.join(last)}"
    if first[2] == last[2]:
        return f"Du {first[0]} {first[1]} au {' '.join(last)}"
    return f"Du {' '.join(first)} au {' '.join(last)}"
