"""Gettext for the web site: French source strings, English catalogue compiled with Babel.

``en/LC_MESSAGES/messages.po`` is compiled in memory the first time it is needed (no ``.mo`` to
keep in step). The language of the current request lives in a context variable set by
:func:`use_language`; ``gettext``/``ngettext`` read it, so templates and Python code share it.
"""

from __future__ import annotations

import contextvars
import functools
import gettext as _gettext
import io
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

I18N_DIR = Path(__file__).resolve().parent
LANGUAGES: dict[str, str] = {"fr": "Français", "en": "English"}
DEFAULT_LANGUAGE = "fr"

_current: contextvars.ContextVar[str] = contextvars.ContextVar("web_lang", default=DEFAULT_LANGUAGE)


@functools.cache
def translations(lang: str) -> _gettext.NullTranslations:
    po_path = I18N_DIR / lang / "LC_MESSAGES" / "messages.po"
    if lang == DEFAULT_LANGUAGE or not po_path.exists():
        return _gettext.NullTranslations()
    with po_path.open("rb") as handle:
        catalog = read_po(handle, locale=lang)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return _gettext.GNUTranslations(buffer)


def use_language(lang: str) -> None:
    _current.set(lang if lang in LANGUAGES else DEFAULT_LANGUAGE)


def current_language() -> str:
    return _current.get()


def gettext(message: str, **variables: object) -> str:
    text = translations(_current.get()).gettext(message)
    return text % variables if variables else text


def ngettext(singular: str, plural: str, n: int) -> str:
    """The translated form for ``n``; the caller formats it (``% {"num": n, ...}``)."""
    return translations(_current.get()).ngettext(singular, plural, n)


_ = gettext
