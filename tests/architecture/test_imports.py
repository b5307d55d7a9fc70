"""The import graph of the project's packages: no cycle, and the layers of DESIGN.md.

Every ``import`` is read from the source (``ast``), at module level and inside functions alike (a
lazy import that closes a loop is still a loop); only ``if TYPE_CHECKING:`` blocks are left out.
Modules are the nodes; ``from package import name`` counts as importing ``package.name`` when that
is a module, else ``package``.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("geodata", "backend", "voice", "mobile", "totalacces")


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    found: dict[str, Path] = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            if "migrations" in path.parts:
                continue  # alembic scripts are loaded by alembic, not imported
            found[_module_name(path)] = path
    return found


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    is_package = path.name == "__init__.py"
    targets: set[str] = set()

    def resolve(target: str) -> str | None:
        while target and target not in modules:
            target = target.rpartition(".")[0]
        return target or None

    def visit(node: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and _is_type_checking(child):
                for other in child.orelse:
                    visit(other)
                continue
            if isinstance(child, ast.Import):
                for alias in child.names:
                    if (found := resolve(alias.name)) is not None:
                        targets.add(found)
            elif isinstance(child, ast.ImportFrom):
                base = child.module or ""
                if child.level:
                    anchor = name if is_package else name.rpartition(".")[0]
                    for _ in range(child.level - 1):
                        anchor = anchor.rpartition(".")[0]
                    base = f"{anchor}.{base}" if base else anchor
                for alias in child.names:
                    full = f"{base}.{alias.name}"
                    found = full if full in modules else resolve(base)
                    if found is not None:
                        targets.add(found)
            visit(child)

    visit(tree)
    targets.discard(name)
    return targets


def graph() -> dict[str, set[str]]:
    modules = _modules()
    return {name: _imports(name, path, modules) for name, path in modules.items()}


def _parents(name: str) -> list[str]:
    parts = name.split(".")
    return [".".join(parts[:i]) for i in range(1, len(parts))]


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Every strongly connected component of more than one module (Tarjan), as sorted lists.

    Importing ``a.b`` runs ``a/__init__`` first: a package's ``__init__`` importing its own
    submodules is how packages work and is not a cycle by itself; the edge from a submodule to
    its parent package is left out for that reason."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0

    def strong(v: str) -> None:
        nonlocal counter
        index[v] = low[v] = counter
        counter += 1
        stack.append(v)
        on_stack.add(v)
        for w in edges.get(v, ()):
            if w in _parents(v):
                continue
            if w not in index:
                strong(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    import sys

    sys.setrecursionlimit(max(10_000, sys.getrecursionlimit()))
    for v in sorted(edges):
        if v not in index:
            strong(v)
    return found


def test_the_walker_sees_a_cycle_when_there_is_one() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"p": {"p.x"}, "p.x": {"p"}}) == []  # a package and its own submodule


def test_the_walker_reads_real_imports() -> None:
    edges = graph()
    assert "backend.services.search" in edges["backend.api.v1"]
    assert "backend.web.site" in edges["backend.web"]
    assert "geodata" in edges["backend.services.places"]


def test_no_import_cycle() -> None:
    assert cycles(graph()) == []


def test_layers_of_design_md() -> None:
    """geodata imports nothing of ours; backend never imports voice or mobile; voice never
    imports mobile or backend (it talks HTTP); totalacces (shipped in the app) imports none of
    them, except the ``totalacces`` command itself, which registers every package's commands."""
    forbidden = {
        "geodata": ("backend", "voice", "mobile", "totalacces"),
        "backend": ("voice", "mobile"),
        "voice": ("mobile", "backend"),
        "totalacces": ("backend", "mobile", "voice"),
    }
    wrong = []
    for module, targets in graph().items():
        top = module.split(".")[0]
        if module in ("totalacces.cli", "totalacces.__main__"):
            continue
        for target in targets:
            if target.split(".")[0] in forbidden.get(top, ()):
                wrong.append(f"{module} -> {target}")
    assert sorted(wrong) == []
