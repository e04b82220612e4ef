"""The engine's modules import each other without a cycle (issue 21).

The import graph is read from the source with :mod:`ast`: every ``import`` and
``from … import`` in a module, at its top or inside a function, except those
under ``if TYPE_CHECKING:`` (they never run).  ``from graphgrad import labels``
is an edge to the module ``graphgrad.labels``; ``from graphgrad import Variable``
one to the package ``graphgrad`` itself.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src"
PACKAGE = SRC / "graphgrad"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _is_type_checking_block(node: ast.AST) -> bool:
    test = getattr(node, "test", None)
    return isinstance(node, ast.If) and (
        (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING")
        or (isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")
    )


def _imports(tree: ast.AST, package: str) -> set[str]:
    """The graphgrad modules that ``tree`` imports when it runs."""
    found: set[str] = set()
    stack = [tree]
    while stack:
        node = stack.pop()
        if _is_type_checking_block(node):
            stack.extend(getattr(node, "orelse", []))  # only the else branch runs
            continue
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: from . import x, from .a import b
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                sub = f"{base}.{alias.name}"
                found.add(sub if sub in MODULES else base)
        stack.extend(ast.iter_child_nodes(node))
    return {m for m in found if m in MODULES}


def import_graph() -> dict[str, set[str]]:
    """Each graphgrad module and the graphgrad modules it imports."""
    graph = {}
    for name, path in MODULES.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        graph[name] = _imports(ast.parse(path.read_text(encoding="utf-8")), package) - {name}
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One cycle of ``graph`` as a list of modules (first == last), or None."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    for root in sorted(graph):
        if root in state:
            continue
        path = [root]
        state[root] = 1
        iters = [iter(sorted(graph[root]))]
        while iters:
            nxt = next(iters[-1], None)
            if nxt is None:
                state[path.pop()] = 2
                iters.pop()
            elif state.get(nxt) == 1:
                return path[path.index(nxt) :] + [nxt]
            elif nxt not in state:
                state[nxt] = 1
                path.append(nxt)
                iters.append(iter(sorted(graph[nxt])))
    return None


def test_the_graph_is_read_from_the_source():
    graph = import_graph()
    # Not vacuous: the edges the engine is built on are seen.
    assert {"graphgrad.arrays", "graphgrad.config", "graphgrad.graph", "graphgrad.operators"} <= graph[
        "graphgrad.core"
    ]
    assert "graphgrad.core" in graph["graphgrad.functions.arithmetic"]
    assert "graphgrad.labels" in graph["graphgrad.viz.model"]  # from graphgrad import labels


def test_find_cycle_finds_a_cycle():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": set()}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


def test_the_engine_modules_import_each_other_without_a_cycle():
    cycle = find_cycle(import_graph())
    assert cycle is None, "import cycle: " + " -> ".join(cycle or [])


@pytest.mark.parametrize("module", ["graphgrad.operators", "graphgrad.core", "graphgrad.arrays"])
def test_the_core_modules_do_not_import_the_package_top(module):
    assert "graphgrad" not in import_graph()[module]


def test_the_bottom_layer_imports_nothing_of_graphgrad():
    graph = import_graph()
    for module in ("graphgrad.config", "graphgrad.graph", "graphgrad.arrays"):
        assert graph[module] == set(), f"{module} imports {graph[module]}"
