"""The house: modules small enough to read, no import cycle, one catalogue per language."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

from kikcalc.present.labels import LANGUAGES, catalogue
from tests.conftest import ROOT

PACKAGE = ROOT / "kikcalc"
MAX_LINES = 300


def _modules() -> dict[str, Path]:
    out = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(ROOT).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        out[name] = path
    return out


def _imports(path: Path, known: set[str]) -> set[str]:
    """kikcalc modules `path` imports at run time (not those only for type checking)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped = {id(node) for stmt in ast.walk(tree) if isinstance(stmt, ast.If)
               and "TYPE_CHECKING" in ast.unparse(stmt.test)
               for node in ast.walk(stmt)}
    found = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found |= {f"{node.module}.{alias.name}" for alias in node.names}
    return {name for name in found if name in known}


def test_no_module_is_over_300_lines() -> None:
    long = {str(p.relative_to(ROOT)): n for p in PACKAGE.rglob("*.py")
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert long == {}


def test_no_import_cycle() -> None:
    modules = _modules()
    # a package's __init__ is not an edge back from its own modules
    graph = {name: {m for m in _imports(path, set(modules)) - {name}
                    if not name.startswith(m + ".")} for name, path in modules.items()}
    cycles = []
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> None:  # Tarjan's strongly connected components
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in graph[node]:
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    assert cycles == []


def test_the_catalogues_say_the_same_things() -> None:
    def fields(text: str) -> set[str]:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name}

    da, en = (catalogue(lang) for lang in LANGUAGES)
    assert set(da) == set(en)
    assert {k: fields(v) for k, v in da.items()} == {k: fields(v) for k, v in en.items()}


def test_every_label_used_in_the_code_is_in_the_catalogue() -> None:
    source = "".join(p.read_text(encoding="utf-8") for p in PACKAGE.rglob("*.py"))
    used = set(re.findall(r'\blabel\("([a-z_]+)"', source))
    used |= set(re.findall(r'\.text\("([a-z_]+)"', source))
    assert used - set(catalogue("da")) == set()
