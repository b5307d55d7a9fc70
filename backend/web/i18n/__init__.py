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
from jinja2 import Environment, pass_eval_context
from jinja2.nodes import EvalContext
from markupsafe import Markup

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


# --- templates --------------------------------------------------------------------------------
# What jinja2.ext.i18n's "newstyle" gettext does (translate, mark safe when autoescaping, then
# always format with the variables, escaped), in one plain call: the extension's own ``_`` goes
# through three ``Context.call`` levels (alias, gettext, the callable), which made every
# translated string cost more than the rest of a page's markup. Same strings, same escaping.


def translated(string: str, autoescape: bool, variables: dict[str, object]) -> str:
    """What a template's ``_(string, **variables)`` gives (also for Python helpers that make a
    template's markup, such as ``backend.web.pages.select_options``)."""
    rv = translations(_current.get()).gettext(string)
    if autoescape:
        rv = Markup(rv)
    if not variables and "%" not in rv:
        return rv  # what ``rv % {}`` gives, without Markup's escaping of an empty mapping
    return rv % variables


@pass_eval_context
def _template_gettext(eval_ctx: EvalContext, string: str, /, **variables: object) -> str:
    return translated(string, eval_ctx.autoescape, variables)


@pass_eval_context
def _template_ngettext(
    eval_ctx: EvalContext, singular: str, plural: str, num: int, /, **variables: object
) -> str:
    variables.setdefault("num", num)
    rv = translations(_current.get()).ngettext(singular, plural, num)
    if eval_ctx.autoescape:
        rv = Markup(rv)
    return rv % variables


def install_templates(env: Environment) -> None:
    """The i18n extension on ``env`` (``{% trans %}``, ``_()``, newstyle, as the catalogue
    extraction expects), translating into the current request's language."""
    env.add_extension("jinja2.ext.i18n")
    env.install_gettext_callables(  # type: ignore[attr-defined]
        lambda s: translations(current_language()).gettext(s),
        lambda s, p, n: translations(current_language()).ngettext(s, p, n),
        newstyle=True,
    )
    env.globals.update(_=_template_gettext, gettext=_template_gettext, ngettext=_template_ngettext)
