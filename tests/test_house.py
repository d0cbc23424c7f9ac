"""The house: a pipeline that flows one way, modules small enough to read, no import
cycle, one catalogue per language."""

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


#: The stages, bottom to top (docs: the layout page). A module may import its own stage and
#: those below it, never one above: at module level, in a function, or for type checking.
STAGES = ("kikcalc", "text", "model", "reading", "engine", "validation", "loading",
          "evaluation", "statbank", "analysis", "gate", "present", "serve", "cli")


def _stage(module: str) -> str:
    parts = module.split(".")
    if len(parts) == 1 or parts[1] in ("record", "__main__"):
        return "cli" if module == "kikcalc.__main__" else "kikcalc"
    return parts[1]


def _every_import(path: Path) -> list[tuple[int, str]]:
    """(line, module) of every kikcalc import in `path`, wherever it stands."""
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            out.append((node.lineno, node.module))
    return [(line, name) for line, name in out if name.split(".")[0] == "kikcalc"]


def test_the_stages_flow_one_way() -> None:
    upward = []
    for name, path in sorted(_modules().items()):
        here = _stage(name)
        assert here in STAGES, f"{name}: a stage the house does not know ({here})"
        for line, target in _every_import(path):
            there = _stage(target)
            assert there in STAGES, f"{name}:{line} imports {target}, in no known stage"
            if STAGES.index(there) > STAGES.index(here):
                upward.append(f"{path.relative_to(ROOT)}:{line} ({here}) imports {target} "
                              f"({there})")
    assert upward == []


def test_one_way_to_define_a_value_class() -> None:
    """Every value class is a `kikcalc.record.Record`, none a dataclass: a Record costs
    microseconds to define where a dataclass costs about 2 ms (benchmarks/value_classes.py;
    the choice and its figures are on the docs' layout page)."""
    users = []
    for name, path in sorted(_modules().items()):
        if name == "kikcalc.record":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            imported = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            if "dataclasses" in imported:
                users.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert users == []


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


def test_the_models_annotations_are_not_postponed() -> None:
    """pydantic compiles and evaluates a postponed annotation from its text, for every
    field of every model, when the class is made and again when its validator is built:
    some 7% of a cold `kikcalc payback` (docs/performance.md, start-up)."""
    postponed = []
    for name, path in sorted(_modules().items()):
        source = path.read_text(encoding="utf-8")
        tree = ast.parse(source)
        models = [node.name for node in ast.walk(tree) if isinstance(node, ast.ClassDef)
                  and any(ast.unparse(base) in ("BaseModel", "StrictModel")
                          or ast.unparse(base) in _model_names() for base in node.bases)]
        if models and any(isinstance(node, ast.ImportFrom) and node.module == "__future__"
                          and any(a.name == "annotations" for a in node.names)
                          for node in tree.body):
            postponed.append(f"{name}: {', '.join(models)}")
    assert postponed == []


def _model_names() -> set[str]:
    """The names of kikcalc's pydantic models (classes whose bases are models)."""
    from pydantic import BaseModel

    from kikcalc.model import schema
    from kikcalc.reading import budget_table

    return {value.__name__ for module in (schema, budget_table) for value in vars(module).values()
            if isinstance(value, type) and issubclass(value, BaseModel)}
