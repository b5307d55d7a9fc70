"""Extract the French source strings of the web site and merge them into the English catalogue.

Run ``python -m backend.web.i18n.update_catalog`` after changing a template or a message: new
strings appear in ``en/LC_MESSAGES/messages.po`` with an empty translation (a test fails until
they are translated); strings no longer used are dropped. No ``.mo`` file: the catalogue is
compiled in memory when the site starts.
"""

from __future__ import annotations

from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

WEB_DIR = Path(__file__).resolve().parent.parent
PO_PATH = Path(__file__).resolve().parent / "en" / "LC_MESSAGES" / "messages.po"
METHODS = [("templates/**.html", "jinja2"), ("**.py", "python")]
OPTIONS = {"templates/**.html": {"extensions": "jinja2.ext.i18n", "newstyle_gettext": "true"}}

#: Labels held in dictionaries and translated with ``_(label)`` at display time. The shared
#: vocabulary (``totalacces.vocabulary``) is the source of every label the surfaces share.
DYNAMIC_SOURCES = (
    "totalacces.vocabulary:CHANNEL_LABELS",
    "totalacces.vocabulary:TOPIC_LABELS",
    "totalacces.vocabulary:FORM_TOPIC_LABELS",
    "totalacces.vocabulary:STATUS_LABELS",
    "totalacces.vocabulary:STATUS_FOR_REQUESTER",
    "totalacces.vocabulary:NEXT_STATUS_LABELS",
    "totalacces.vocabulary:OUTCOMES",
    "totalacces.vocabulary:LEVEL_LABELS",
    "totalacces.vocabulary:OFFER_STATUS_LABELS",
    "totalacces.vocabulary:CONTACT_MODE_LABELS",
    "backend.web.site.forms:CHANNELS",
    "totalacces.vocabulary:CALLBACK_NOTES",
    "backend.web.site.forms:MOMENTS",
    "backend.services.offer_rules:NOTES",
    "backend.people.services.accounts:MESSAGES",
    "backend.people.services.structures:MESSAGES",
    "backend.people.services.career_reviews:MESSAGES",
    "backend.people.services.participation:MESSAGES",
    "backend.people.services.team:MESSAGES",
    "backend.people.services.reports:MESSAGES",
    "totalacces.vocabulary:REPORT_REASONS",
    "totalacces.vocabulary:APPLICATION_STATUS_LABELS",
    "backend.people.siret:MESSAGES",
    "backend.people.services.signup:MESSAGES",
    "backend.people.services.offers:MODERATION_MESSAGES",
    "backend.services.hours:DAY_LABELS",
    "backend.web.pro.employers:COMPANY_CHECKS",
    "backend.web.pro.offers:REPLY_OPTIONS",
    "totalacces.vocabulary:OFFER_REPORT_REASONS",
)


def dynamic_messages() -> list[str]:
    import importlib

    found: list[str] = []
    for source in DYNAMIC_SOURCES:
        module, _, name = source.partition(":")
        found += list(getattr(importlib.import_module(module), name).values())
    return found


def extract() -> Catalog:
    template = Catalog(locale="fr", project="Total Accès", fuzzy=False)
    for filename, lineno, message, comments, context in extract_from_dir(
        str(WEB_DIR),
        METHODS,
        OPTIONS,
        keywords={"_": None, "gettext": None, "ngettext": (1, 2)},
    ):
        if filename.startswith("i18n"):
            continue
        template.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    for message in dynamic_messages():
        template.add(message, None, [("(labels)", 0)])
    return template


def translated(string: object) -> bool:
    if isinstance(string, str):
        return bool(string)
    return bool(string) and all(string)  # type: ignore[arg-type]


def update() -> tuple[int, int]:
    """Merge; returns (messages, untranslated)."""
    template = extract()
    if PO_PATH.exists():
        with PO_PATH.open("rb") as handle:
            catalog = read_po(handle, locale="en")
    else:
        catalog = Catalog(locale="en", project="Total Accès")
    catalog.update(template, no_fuzzy_matching=True)
    catalog.obsolete.clear()
    PO_PATH.parent.mkdir(parents=True, exist_ok=True)
    with PO_PATH.open("wb") as handle:
        write_po(handle, catalog, width=100, omit_header=False, sort_output=False)
    missing = sum(1 for m in catalog if m.id and not translated(m.string))
    return len([m for m in catalog if m.id]), missing


if __name__ == "__main__":
    total, missing = update()
    print(f"{PO_PATH}: {total} messages, {missing} untranslated")
