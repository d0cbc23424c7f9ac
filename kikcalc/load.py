"""Load a strategy file: strict YAML, schema, cross-field rules; problems with positions.

`load_strategy` never raises for bad input: it returns the strategy (or None) and a list
of `Issue`s, each pointing at `file:line:column`. pydantic's error locations are mapped
back to the YAML node they came from.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path as FilePath
from typing import Any

from pydantic import ValidationError

from kikcalc.issues import Issue, Source, sort_issues
from kikcalc.model import Strategy
from kikcalc.rules import apply_rules
from kikcalc.yamlread import MAX_BYTES, Path, Positions, YamlProblem, read_yaml

_MESSAGES = {
    "unknown_key": "unknown key '{key}'; allowed keys: {allowed}",
    "greater_than_equal": "must be {ge} or more, got {input}",
    "less_than_equal": "must be {le} or less, got {input}",
}


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
        key = int(part) if isinstance(part, str) and part.isdigit() else part
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
        message = f"{place}: {error['msg'][0].lower()}{error['msg'][1:]}"
    return Issue("K110", message, Source(file, line, column))


def parse_strategy(text: str, file: str) -> tuple[Loaded | None, list[Issue]]:
    """Check `text` as a strategy file named `file`."""
    try:
        data, positions = read_yaml(text)
    except YamlProblem as problem:
        return None, [Issue(problem.code, problem.message,
                            Source(file, problem.line, problem.column))]
    if not isinstance(data, dict):
        return None, [Issue("K110", "a strategy file is a mapping of keys such as "
                            "'kikcalc: 1', 'name:', 'period:'", Source(file, 1, 1))]
    try:
        strategy = Strategy.model_validate(data)
    except ValidationError as error:
        issues = [_schema_issue(file, e, data, positions) for e in error.errors()]
        return None, sort_issues(issues)
    findings = apply_rules(strategy)
    if findings:
        issues = [Issue(f.code, f.message, Source(file, *positions.find(f.path, key=f.at_key)))
                  for f in findings]
        return None, sort_issues(issues)
    return Loaded(file, strategy, positions), []


def load_strategy(path: str) -> tuple[Loaded | None, list[Issue]]:
    """Read and check the strategy file at `path`.

    Raises OSError when the file cannot be read at all (a usage problem, not a finding).
    """
    with FilePath(path).open("rb") as handle:
        raw = handle.read(MAX_BYTES + 1)
    if len(raw) > MAX_BYTES:
        return None, [Issue("K105", f"file is larger than {MAX_BYTES:,} bytes",
                            Source(path, 1, 1))]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        return None, [Issue("K101", "file is not UTF-8 text", Source(path, line, 1))]
    return parse_strategy(text, path)
