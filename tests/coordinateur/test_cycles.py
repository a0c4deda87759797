"""Imports run one way: no module of the core imports itself back through others, and the store never
imports the trust package (issue 18).

The graph is built statically from the source (ast): every `import` and `from … import` counts, at the
top of a module, inside a function or under `if TYPE_CHECKING:` alike — a lazy import hides a circle
from Python, not from a reader. `from pkg import name` is an edge to `pkg.name` when that is a module,
else to `pkg` (its `__init__`). The implicit import of a parent package's `__init__` is not counted.
"""

from __future__ import annotations

import ast
from pathlib import Path

import coordinateur

ROOT = Path(coordinateur.__file__).parent


def _modules() -> dict[str, Path]:
    found = {}
    for path in ROOT.rglob("*.py"):
        relative = path.relative_to(ROOT.parent).with_suffix("")
        if "migrations" in relative.parts:  # Alembic scripts, loaded by path, not imported
            continue
        parts = list(relative.parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def _targets(node: ast.AST, name: str, is_package: bool, modules: dict[str, Path]) -> list[str]:
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    assert isinstance(node, ast.ImportFrom)
    if node.level:
        base = name.split(".") if is_package else name.split(".")[:-1]
        base = base[: len(base) - (node.level - 1)]
        source = ".".join(base + ([node.module] if node.module else []))
    else:
        source = node.module or ""
    return [f"{source}.{a.name}" if f"{source}.{a.name}" in modules else source for a in node.names]


def import_graph() -> dict[str, set[str]]:
    """Each core module and the core modules it imports (anywhere in its body)."""
    modules = _modules()
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        edges: set[str] = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Import | ast.ImportFrom):
                for target in _targets(node, name, path.name == "__init__.py", modules):
                    while target and target not in modules:  # `import a.b.c` of a non-module attribute
                        target = target.rpartition(".")[0]
                    if target and target != name:
                        edges.add(target)
        graph[name] = edges
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0

    def visit(node: str) -> None:
        nonlocal counter
        index[node] = low[node] = counter
        counter += 1
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def _in(package: str, module: str) -> bool:
    return module == package or module.startswith(package + ".")


def test_the_graph_sees_the_store_and_lazy_imports() -> None:
    graph = import_graph()
    assert "coordinateur.store.engine" in graph["coordinateur.store.store"]
    assert "coordinateur.store.store" in graph["coordinateur.store"]  # a package's __init__ counts
    assert len(graph) > 50


def test_the_store_never_imports_the_trust_package() -> None:
    graph = import_graph()
    wrong = sorted(
        f"{module} → {target}"
        for module, targets in graph.items()
        if _in("coordinateur.store", module)
        for target in targets
        if _in("coordinateur.confiance", target)
    )
    assert not wrong, wrong


def test_no_import_cycle_in_store_or_trust() -> None:
    found = [
        c for c in cycles(import_graph())
        if any(_in("coordinateur.store", m) or _in("coordinateur.confiance", m) for m in c)
    ]  # fmt: skip
    assert not found, "\n".join(" ↔ ".join(c) for c in found)


def test_no_import_cycle_anywhere_in_the_core() -> None:
    """Imports run one way everywhere (the shared folder's last two circles are gone: the folder reads
    through a protocol of the team, the shared models' list lives with the folder's models)."""
    found = cycles(import_graph())
    assert not found, "\n".join(" ↔ ".join(c) for c in found)


def test_cycle_detection_finds_a_circle() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycles(graph) == [["a", "b", "c"]]
