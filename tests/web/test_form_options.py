"""The ``<option>`` lines made in Python (``select_options``, ``kind_options``) are the markup the
template loops they replace wrote, byte for byte, in French and in English (issue 12, point 9:
the loops cost more than the rest of a search form)."""

from __future__ import annotations

import pytest

from backend.web import data
from backend.web.i18n import use_language
from backend.web.pages import templates
from backend.web.site.forms import RADIUS_CHOICES

SELECT_LOOP = """{% for key, text in options.items() %}
    <option value="{{ key }}"{% if key == value %} selected{% endif %}>{{ _(text) }}</option>
    {% endfor %}"""
KIND_LOOP = (
    '{% for k in kinds %}<option value="{{ k }}"{% if k == kind %} selected{% endif %}>'
    "{{ kind_label(k) }}</option>{% endfor %}"
)
WEIRD = 'b<&"' + "'"


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_select_options_write_what_the_loop_wrote(lang: str) -> None:
    loop = templates.env.from_string(SELECT_LOOP)
    made = templates.env.from_string("{{ select_options(options, value) }}")
    cases = [
        ({"a": "Tous", WEIRD: 'x < y & "z"', 3: "Trois"}, WEIRD),
        ({}, ""),
        ({1: "Un", 2: "Deux"}, 2),
        (RADIUS_CHOICES, "20"),
        (RADIUS_CHOICES, ""),
        (data.LEVEL_LABELS, "bac_pro"),
        (data.LEVEL_LABELS, None),
    ]
    try:
        use_language(lang)
        for options, value in cases:
            assert made.render(options=options, value=value) == loop.render(
                options=options, value=value
            )
    finally:
        use_language("fr")


def test_kind_options_write_what_the_loop_wrote() -> None:
    loop = templates.env.from_string(KIND_LOOP)
    made = templates.env.from_string("{{ kind_options(kinds, kind) }}")
    kinds = [*data.structure_kinds({"mission_locale": 1, "cio": 2, "mdph": 3}), "inconnu_x"]
    for kind in ["", "cio", "inconnu_x", WEIRD]:
        assert made.render(kinds=kinds, kind=kind) == loop.render(kinds=kinds, kind=kind)
