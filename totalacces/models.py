"""Typed answers of the API, checked by the client before the voice or the app reads them.

The server is ours, but an old server, a proxy's error page or a bug can send something else:
`total: "x"` once crashed the app's event loop. Each answer the client returns is checked here
against the fields the surfaces rely on (other fields pass through); one that does not fit
raises `MalformedAnswer`, which the client turns into its usual `ApiError`, so every surface
says "Le service a un problème" and offers to try again. Numbers sent as digits ("3") are read
as numbers, as a lax JSON schema would. Plain Python on purpose: the app ships this module on
Android, where compiled validators have no recipe.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any


class MalformedAnswer(ValueError):
    """An answer that is not what the API documents."""


@dataclass(frozen=True)
class Field:
    name: str
    kind: type | tuple[type, ...]
    required: bool = False
    minimum: float | None = None  # for numbers


def _number(value: Any, kind: type | tuple[type, ...]) -> Any:
    """A JSON number, or digits in a string, as `kind` (int or float); else the value."""
    kinds = kind if isinstance(kind, tuple) else (kind,)
    if isinstance(value, bool):
        return value
    if int in kinds and isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value)
    if float in kinds and isinstance(value, int | str):
        try:
            return float(value)
        except ValueError:
            return value
    return value


@dataclass(frozen=True)
class Model:
    """The fields of one answer (or of each of its items) that the surfaces read."""

    name: str
    fields: tuple[Field, ...]

    def check(self, data: Any, where: str) -> dict[str, Any]:
        if not isinstance(data, dict):
            raise MalformedAnswer(f"{where}: {self.name} is not an object")
        out = dict(data)
        for f in self.fields:
            value = out.get(f.name)
            if value is None:
                if f.required:
                    raise MalformedAnswer(f"{where}: {self.name}.{f.name} is missing")
                continue
            value = _number(value, f.kind)
            kinds = f.kind if isinstance(f.kind, tuple) else (f.kind,)
            numeric = any(k in (int, float) for k in kinds)
            if not isinstance(value, f.kind) or (numeric and isinstance(value, bool)):
                raise MalformedAnswer(f"{where}: {self.name}.{f.name} is not {self._kind(f)}")
            if f.minimum is not None and value < f.minimum:
                raise MalformedAnswer(f"{where}: {self.name}.{f.name} is below {f.minimum}")
            out[f.name] = value
        return out

    @staticmethod
    def _kind(f: Field) -> str:
        kinds = f.kind if isinstance(f.kind, tuple) else (f.kind,)
        return " or ".join(k.__name__ for k in kinds)


PAGE = Model(
    "page",
    (
        Field("items", list, required=True),
        Field("total", int, required=True, minimum=0),
        Field("limit", int, minimum=0),
        Field("offset", int, minimum=0),
        Field("speech", str),
    ),
)
STRUCTURE = Model(
    "structure",
    (
        Field("id", int),
        Field("name", str, required=True),
        Field("lat", float),
        Field("lon", float),
        Field("distance_m", float, minimum=0),
        Field("phone", str),
    ),
)
OFFER = Model(
    "offer",
    (
        Field("id", int),
        Field("title", str, required=True),
        Field("is_example", bool),
        Field("weeks", int, minimum=0),
        Field("places_left", int, minimum=0),
    ),
)
CAREER = Model("career", (Field("code", str, required=True), Field("label", str, required=True)))
GUIDE = Model("guide", (Field("slug", str, required=True), Field("title", str, required=True)))
KINDS = Model("kinds", (Field("items", list, required=True),))
CALLBACK = Model("callback", (Field("reference", str),))

# the path of an answer -> the model of the answer, and of each of its items
_CHECKS: tuple[tuple[re.Pattern[str], Model, Model | None], ...] = tuple(
    (re.compile(pattern), model, items)
    for pattern, model, items in (
        (r"/api/v1/structures/\d+", STRUCTURE, None),
        (r"/api/v1/structures", PAGE, STRUCTURE),
        (r"/api/v1/offers/\d+", OFFER, None),
        (r"/api/v1/offers", PAGE, OFFER),
        (r"/api/v1/careers/[^/]+", CAREER, None),
        (r"/api/v1/careers", PAGE, CAREER),
        (r"/api/v1/guides/(?!topics$)[^/]+", GUIDE, None),
        (r"/api/v1/guides", PAGE, GUIDE),
        (r"/api/v1/kinds", KINDS, None),
        (r"/api/v1/callbacks", CALLBACK, None),
    )
)


def checked(path: str, data: Any) -> dict[str, Any]:
    """`data` as the surfaces may read it, or MalformedAnswer. Paths not listed pass through
    (they must still be a JSON object)."""
    if not isinstance(data, dict):
        raise MalformedAnswer(f"{path}: not an object")
    found = next(((m, i) for pattern, m, i in _CHECKS if pattern.fullmatch(path)), None)
    if found is None:
        return data
    model, item_model = found
    answer = model.check(data, path)
    if item_model is not None:
        answer["items"] = [item_model.check(item, path) for item in answer["items"]]
    return answer
