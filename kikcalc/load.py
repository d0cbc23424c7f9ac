"""Load a strategy file: strict YAML, schema, cross-field rules; problems with positions.

`load_strategy` never raises for bad input: it returns the strategy (or None) and a list
of `Issue`s, each pointing at `file:line:column`. pydantic's error locations are mapped
back to the YAML node they came from.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path as FilePath
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from kikcalc.issues import Issue, Source, sort_issues
from kikcalc.model import Strategy
from kikcalc.plan import convert
from kikcalc.rules import apply_rules
from kikcalc.scenarios import Overrides, apply_overrides, check_scenarios
from kikcalc.yamlread import MAX_BYTES, Path, Positions, YamlProblem, read_yaml

_MESSAGES = {
    "unknown_key": "unknown key '{key}'; allowed keys: {allowed}",
    "greater_than_equal": "must be {ge} or more, got {input}",
    "less_than_equal": "must be {le} or less, got {input}",
}


# A validator's own exception: its text is the message, without pydantic's "Value error, ".
_PYTHON_ERRORS = ("value_error", "assertion_error")


@dataclass(frozen=True)
class Loaded:
    """A strategy that passed every check, with the file it came from."""

    file: str
    strategy: Strategy
    positions: Positions


def _data_path(loc: tuple[Any, ...], data: Any) -> Path:
    """The part of a pydantic `loc` that addresses real nodes of the YAML data.

    pydantic inserts union tags and validator names into `loc`; they are skipped.
    """
    path: list[str | int] = []
    node = data
    for part in loc:
        key = int(part) if isinstance(part, str) and part.isascii() and part.isdigit() else part
        if isinstance(node, dict) and (part in node or key in node):
            key = part if part in node else key
        elif not (isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)):
            continue
        node = node[key]
        path.append(key)
    return tuple(path)


def _describe(path: Path, data: Any) -> str:
    """A readable place: list items by their `name` (or number from 1), keys as written."""
    words: list[str] = []
    node = data
    for part in path:
        parent, node = node, node[part]
        named = isinstance(node, dict) and isinstance(node.get("name"), str)
        if isinstance(parent, list) and named:
            words.append(f"'{node['name']}'")
        elif isinstance(parent, list) and isinstance(part, int):
            words.append(f"item {part + 1}")
        else:
            words.append(str(part))
    return " ".join(words) or "file"


def _schema_issue(file: str, error: Any, data: Any, positions: Positions) -> Issue:
    loc = tuple(error["loc"])
    ctx = error.get("ctx") or {}
    at_key = False
    if error["type"] == "unknown_key":
        loc, at_key = (*loc, ctx["key"]), True
    elif error["type"] == "missing":
        loc = loc[:-1]
    elif loc and loc[-1] == "[key]":
        at_key = True
    path = _data_path(loc, data)
    line, column = positions.find(path, key=at_key)
    place = _describe(path[:-1] if at_key and error["type"] == "unknown_key" else path, data)
    kind = error["type"]
    if kind == "literal_error" and path == ("kikcalc",):
        message = (f"kikcalc: this file says schema version {error.get('input')!r}; "
                   "this kikcalc reads version 1")
    elif kind == "missing":
        message = f"missing required key '{error['loc'][-1]}'"
        message += f" in {place}" if path else ""
    elif kind in _MESSAGES:
        message = _MESSAGES[kind].format(msg=error["msg"], input=error.get("input"), **ctx)
        message = f"{place}: {message}" if place != "file" else message
    else:
        text = str(ctx["error"]) if kind in _PYTHON_ERRORS and ctx.get("error") else error["msg"]
        message = f"{place}: {text[:1].lower()}{text[1:]}"
    return Issue("K110", message, Source(file, line, column))


M = TypeVar("M", bound=BaseModel)


def parse_model(text: str, file: str, model: type[M], what: str, keys: str,
                edit: Callable[[Any, Positions], list[Issue]] | None = None
                ) -> tuple[M | None, Positions, list[Issue]]:
    """Strict YAML, then the pydantic `model`; problems located in `file`."""
    try:
        data, positions = read_yaml(text)
    except YamlProblem as problem:
        return None, Positions(), [Issue(problem.code, problem.message,
                                         Source(file, problem.line, problem.column))]
    if not isinstance(data, dict):
        return None, positions, [Issue("K110", f"{what} is a mapping of keys such as {keys}",
                                       Source(file, 1, 1))]
    edited = edit(data, positions) if edit is not None else []
    try:
        validated = model.model_validate(data)
    except ValidationError as error:
        issues = [_schema_issue(file, e, data, positions) for e in error.errors()]
        return None, positions, sort_issues([*edited, *issues])
    return (None, positions, sort_issues(edited)) if edited else (validated, positions, [])


# Every file this process has read (strategies and the budget tables they name), so that
# `--output` can refuse to overwrite any of them, not only those on the command line.
FILES_READ: list[str] = []


def read_text(path: str) -> tuple[str | None, list[Issue]]:
    """The UTF-8 text of `path`, capped in size. OSError when it cannot be read at all."""
    FILES_READ.append(path)
    with FilePath(path).open("rb") as handle:
        raw = handle.read(MAX_BYTES + 1)
    if len(raw) > MAX_BYTES:
        return None, [Issue("K105", f"file is larger than {MAX_BYTES:,} bytes",
                            Source(path, 1, 1))]
    try:
        return raw.decode("utf-8-sig"), []
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        return None, [Issue("K101", "file is not UTF-8 text", Source(path, line, 1))]


def parse_strategy(text: str, file: str, overrides: Overrides | None = None
                   ) -> tuple[Loaded | None, list[Issue]]:
    """Check `text` as a strategy file named `file`, with a scenario or `--set` values."""
    def edit(data: Any, positions: Positions) -> list[Issue]:
        issues = check_scenarios(data, positions, file)
        if overrides and not issues:
            issues = apply_overrides(data, positions, file, overrides)
        return issues

    strategy, positions, issues = parse_model(text, file, Strategy, "a strategy file",
                                              "'kikcalc: 1', 'name:', 'period:'", edit)
    if strategy is None:
        return None, issues
    strategy, issues = resolve_tables(strategy, file, positions)
    if strategy is None:
        return None, issues
    findings = apply_rules(strategy)
    if findings:
        issues = [Issue(f.code, f.message, Source(file, *positions.find(f.path, key=f.at_key)))
                  for f in findings]
        return None, sort_issues(issues)
    return Loaded(file, strategy, positions), []


def resolve_tables(strategy: Strategy, file: str, positions: Positions
                   ) -> tuple[Strategy | None, list[Issue]]:
    """Unit costs taken from a budget table (`unit_costs.from_table`) join the file's own;
    a benefit the file names itself wins."""
    costs = strategy.unit_costs
    if costs is None or costs.from_table is None:
        return strategy, []
    from kikcalc.unitcosts import load_table, table_unit_costs

    path = str(FilePath(file).parent / costs.from_table)
    where = Source(file, *positions.find(("unit_costs", "from_table")))
    try:
        table, issues = load_table(path)
    except OSError as error:
        return None, [Issue("K140", f"cannot read budget table {costs.from_table}: "
                            f"{error.strerror or error}", where)]
    if table is None:
        return None, [Issue("K140", f"budget table {costs.from_table} is not valid "
                            f"(run kikcalc unitcosts {path})", where), *issues]
    derived = {name: convert(value, "kr.", costs.unit)
               for name, value in table_unit_costs(table).items()}
    merged = {**derived, **costs.benefits}
    return strategy.model_copy(update={"unit_costs": costs.model_copy(update=merged)}), []


def load_strategy(path: str, overrides: Overrides | None = None
                  ) -> tuple[Loaded | None, list[Issue]]:
    """Read and check the strategy file at `path`.

    Raises OSError when the file cannot be read at all (a usage problem, not a finding).
    """
    text, issues = read_text(path)
    if text is None:
        return None, issues
    return parse_strategy(text, path, overrides)
