"""Memoise the type introspection FastAPI repeats for every parameter of every request.

For each query parameter of each request, FastAPI's ``request_params_to_args`` asks again
whether the parameter is a model (``_get_param_model``), which names it may come under
(``_get_param_aliases``) and, twice, whether its annotation is a sequence
(``field_annotation_is_sequence``, which walks ``typing.get_origin``/``get_args``). The answers
depend only on the route's declared fields, fixed once the routes are built, yet they cost more
than validating the values: about 0.07 ms of a 13-parameter search (``/api/v1/structures``),
measured on this machine, against 0.05 ms for a request without parameters.

``install()`` replaces the three helpers in ``fastapi.dependencies.utils`` with memoised
wrappers around the originals. The value extraction and the validation itself
(``_validate_value_with_model_field``) are untouched, so every answer and every error is the
same. If a FastAPI upgrade removes or renames a helper, ``install`` leaves that one alone.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import fastapi.dependencies.utils as _utils

#: entries kept per memo before it is emptied (fields are per route: far fewer in practice)
MAX_ENTRIES = 10_000
_MARK = "_totalacces_memo"


def _memo_annotation(original: Callable[[Any], bool]) -> Callable[[Any], bool]:
    """``field_annotation_is_sequence(annotation)``: a pure function of a hashable annotation
    (an unhashable one is answered by the original every time)."""
    memo: dict[Any, bool] = {}

    def wrapper(annotation: Any) -> bool:
        try:
            return memo[annotation]
        except KeyError:
            if len(memo) >= MAX_ENTRIES:
                memo.clear()
            value = memo[annotation] = original(annotation)
            return value
        except TypeError:
            return original(annotation)

    setattr(wrapper, _MARK, original)
    return wrapper


def _memo_model(original: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """``_get_param_model(field)``, memoised per field object (kept alive by the memo, so that
    its ``id`` is never reused)."""
    memo: dict[int, tuple[Any, Any]] = {}

    def wrapper(field: Any) -> Any:
        hit = memo.get(id(field))
        if hit is not None and hit[0] is field:
            return hit[1]
        if len(memo) >= MAX_ENTRIES:
            memo.clear()
        value = original(field)
        memo[id(field)] = (field, value)
        return value

    setattr(wrapper, _MARK, original)
    return wrapper


def _memo_aliases(original: Callable[..., list[Any]]) -> Callable[..., list[Any]]:
    """``_get_param_aliases(field, convert_underscores=...)``, memoised the same way; each
    caller gets its own list."""
    memo: dict[tuple[int, bool], tuple[Any, tuple[Any, ...]]] = {}

    def wrapper(field: Any, *, convert_underscores: bool = False) -> list[Any]:
        key = (id(field), convert_underscores)
        hit = memo.get(key)
        if hit is not None and hit[0] is field:
            return list(hit[1])
        if len(memo) >= MAX_ENTRIES:
            memo.clear()
        value = original(field, convert_underscores=convert_underscores)
        memo[key] = (field, tuple(value))
        return value

    setattr(wrapper, _MARK, original)
    return wrapper


def install() -> None:
    """Put the memoised helpers in place (once per process; calling it again does nothing)."""
    wrappers: dict[str, Callable[[Callable[..., Any]], Callable[..., Any]]] = {
        "field_annotation_is_sequence": _memo_annotation,
        "_get_param_model": _memo_model,
        "_get_param_aliases": _memo_aliases,
    }
    for name, wrap in wrappers.items():
        original = getattr(_utils, name, None)
        if original is None or hasattr(original, _MARK):
            continue
        setattr(_utils, name, wrap(original))


def installed() -> bool:
    return all(
        hasattr(getattr(_utils, name, None), _MARK)
        for name in ("field_annotation_is_sequence", "_get_param_model", "_get_param_aliases")
    )
