"""The web pages' only door to ``backend.people`` (accounts, callbacks, applications).

``backend.people`` is written alongside the web site; every call goes through here so that the
pages say plainly "this service is not available yet" instead of failing when a piece is missing.
"""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import Any


class PeopleUnavailable(RuntimeError):
    """``backend.people`` (or the function asked for) is not installed in this deployment."""


def module(name: str = "") -> ModuleType:
    target = "backend.people" + (f".{name}" if name else "")
    try:
        return importlib.import_module(target)
    except ImportError as exc:
        raise PeopleUnavailable(target) from exc


def function(*candidates: str) -> Any:
    """The first of ``"module:function"`` candidates that exists."""
    for candidate in candidates:
        mod_name, _, func_name = candidate.partition(":")
        try:
            mod = module(mod_name)
        except PeopleUnavailable:
            continue
        found = getattr(mod, func_name, None)
        if callable(found):
            return found
    raise PeopleUnavailable(", ".join(candidates))


def available() -> bool:
    try:
        module()
    except PeopleUnavailable:
        return False
    return True
