"""Scenarios: named overrides in the strategy file, and `--set PATH=VALUE` on the command
line, applied to the file's data before it is checked, so a scenario is held to every
rule of the file format.

    scenarios:
      lav: {target_groups.Jobparate.deadweight: 20, unit_costs.kontanthjaelp: 95000}

A path names keys from the top, separated by dots; a list item by its `name` (or its
position from 0); a year as written (`budget.2027`). A key or name with a dot in it is
written in double quotes or brackets: `target_groups."Jobparate 2.0".deadweight` or
`target_groups[Jobparate 2.0].deadweight`. Values that exist may be changed; years may be
added, and so may any key the file format has at that place and the file leaves out
(`reading.set_schema`: `discount_rate`, `optimism_bias.reduction`, a target group's
`deadweight`, a retention part's `lag`); a list item cannot (it needs its name and more).
Values are read as the file reads them, with its digit limit.
"""

from __future__ import annotations

import copy
import re
from typing import Any

from kikcalc.model.findings import Issue, Severity, Source, name_list
from kikcalc.model.message import Text, message
from kikcalc.reading.set_schema import addable
from kikcalc.reading.strict_yaml import Positions, magnitude_problem, resolve_scalar
from kikcalc.record import Record, field

_PART = re.compile(r'"(?P<quoted>[^"]*)"|\[(?P<bracketed>[^\]]*)\]|(?P<plain>[^.\["\]]+)')


# The top-level keys of the file format that hold one value and may be left out (a test
# keeps this list equal to the schema's): `--set discount_rate=3.5` works on a file that
# has no discount rate, as it would had the file written the default.
OPTIONAL_SCALARS = frozenset({"municipality", "decimals", "price_year", "discount_rate",
                              "retention", "note", "budget_prices", "budget_approved"})


class OverrideError(ValueError):
    """A `--set` or `--scenario` of the command line that the file has no place for: a
    usage error (exit 2), not a finding in the file; `said` is a finding's message, for
    the command line to word after the error's own text."""

    def __init__(self, text: str, said: Text | None = None) -> None:
        super().__init__(text)
        self.said = said


def split_path(path: str) -> list[str]:
    """The keys of a `--set` or scenario path; ValueError when it cannot be read.

    >>> split_path('target_groups."Jobparate 2.0".deadweight')
    ['target_groups', 'Jobparate 2.0', 'deadweight']
    >>> split_path("target_groups[Jobparate 2.0].reduction.2027")
    ['target_groups', 'Jobparate 2.0', 'reduction', '2027']
    """
    parts: list[str] = []
    at = 0
    while True:
        match = _PART.match(path, at)
        if match is None:
            raise ValueError(f"cannot read the path at character {at + 1}; write keys "
                             'with dots between, a name with a dot "in quotes" or [in brackets]')
        parts.append(next(v for v in match.groups() if v is not None))
        at = match.end()
        if at == len(path):
            return parts
        if path[at] == ".":
            at += 1
        elif path[at] != "[":
            raise ValueError(f"cannot read the path at character {at + 1}; put a dot "
                             "between keys")


def set_value(text: str) -> Any:
    """The value of `--set PATH=TEXT`, read as the file reads a plain value and held to the
    same digit limit; ValueError says why not.

    >>> set_value("20"), set_value("95000.5"), set_value("fleksjob")
    (20, Decimal('95000.5'), 'fleksjob')
    """
    value = resolve_scalar(text)
    problem = magnitude_problem(text, value)
    if problem is not None:
        raise ValueError(problem)
    return value


def parse_set(item: str) -> tuple[str, str]:
    """The path and value text of one `--set PATH=VALUE`, both checked (the path can be
    read, the value is held to the file's digit limit); ValueError says why not. The
    command line and the what-if of `kikcalc serve` both read a value through here.

    >>> parse_set('target_groups."A=B".deadweight = 20')
    ('target_groups."A=B".deadweight', '20')
    """
    match = re.match(r'((?:"[^"]*"|\[[^\]]*\]|[^=])+)=(.*)', item, re.DOTALL)
    if match is None or not match[1].strip():
        raise ValueError("write PATH=VALUE")
    path, value = match[1].strip(), match[2].strip()
    split_path(path)
    set_value(value)
    return path, value


class Overrides(Record):
    scenario: str | None = None
    sets: tuple[tuple[str, str], ...] = field(default_factory=tuple)  # (path, text)

    def __bool__(self) -> bool:
        return self.scenario is not None or bool(self.sets)


def set_path(data: Any, path: str, value: Any, fresh: set[int] | None = None,
             keys: list[Any] | None = None) -> str | None:
    """Set `path` in `data` to `value`; the reason it cannot be set, or None.

    With `fresh` (the ids of containers this change owns, `data` among them) every
    mapping or list on the way down that is not yet owned is copied first, one level
    deep, so the document `data` was copied from is never changed (copy on write).
    `keys`, when given, receives the path as keys and list indexes (a group's name is its
    index), the way positions are kept."""
    try:
        parts = split_path(path)
    except ValueError as error:
        return str(error)
    node = data
    trail: list[tuple[bool, Any]] = []  # each step down: a list index, or a mapping key
    for i, part in enumerate(parts):
        where = ".".join(parts[:i]) or "the file"
        if isinstance(node, list):
            key: Any = next((j for j, item in enumerate(node)
                             if isinstance(item, dict) and item.get("name") == part), None)
            if key is None and part.isdecimal() and int(part) < len(node):
                key = int(part)
            if key is None:
                return f"no item '{part}' in {where}"
        elif isinstance(node, dict):
            key = int(part) if part.isdecimal() else part
            reason = _make_room(node, key, node is data, i == len(parts) - 1, trail, where,
                                fresh)
            if reason:
                return reason
        else:
            return f"{where} is a single value, not a mapping or list"
        trail.append((isinstance(node, list), key))
        if keys is not None:
            keys.append(key)
        if i == len(parts) - 1:
            node[key] = value
            break
        child = node[key]
        if fresh is not None and isinstance(child, dict | list) and id(child) not in fresh:
            child = copy.copy(child)
            fresh.add(id(child))
            node[key] = child
        node = child
    return None


def _make_room(node: dict[Any, Any], key: Any, top: bool, last: bool,
               trail: list[tuple[bool, Any]], where: str, fresh: set[int] | None) -> str | None:
    """None when `key` is in `node` or may be added there (a year, a key the file format
    has at that place); an empty block is started on the way down. Else the reason."""
    if key in node or (last and (isinstance(key, int) or (top and key in OPTIONAL_SCALARS))):
        return None
    if isinstance(key, int):
        return f"no key '{key}' in {where}"
    kind, reason = addable(trail, key, last, where)  # as the schema allows
    if kind == "block":  # started empty: the value below fills it
        node[key] = {}
        if fresh is not None:
            fresh.add(id(node[key]))
    return reason


def _scenario_table(data: Any) -> dict[str, Any]:
    scenarios = data.get("scenarios") if isinstance(data, dict) else None
    return scenarios if isinstance(scenarios, dict) else {}


def apply_overrides(data: Any, positions: Positions, file: str, overrides: Overrides,
                    fresh: set[int] | None = None,
                    places: dict[tuple[int, int], str] | None = None) -> list[Issue]:
    """Change `data` in place: the scenario's values, then the command line's (copying on
    write what `fresh` does not own, see `set_path`). `places` receives the position in
    the file of each `--set` value, so that a problem found there is blamed on the option."""
    issues = []
    if overrides.scenario is not None:
        table = _scenario_table(data)
        if overrides.scenario not in table:
            known = ", ".join(map(str, table)) or "none"
            raise OverrideError(f"--scenario {overrides.scenario}: no such scenario in {file}; "
                                f"it has {known}")
        if not isinstance(table[overrides.scenario], dict):
            return [Issue("K136", message("k136_no_scenario", name=overrides.scenario,
                                          known=name_list(map(str, table))),
                          Source(file, *positions.find(("scenarios",), key=True)))]
        for path, value in table[overrides.scenario].items():
            reason = set_path(data, str(path), value, fresh)
            if reason:
                issues.append(Issue("K136", message("k136_scenario", name=overrides.scenario,
                                                    path=str(path), reason=reason),
                                    Source(file, *positions.find(
                                        ("scenarios", overrides.scenario, path), key=True))))
    for path, text in overrides.sets:
        keys: list[Any] = []
        reason = set_path(data, path, resolve_scalar(text), fresh, keys)
        if reason:
            raise OverrideError(f"--set {path}: {file}: {reason}")
        if places is not None:
            if tuple(keys) not in positions.values:  # added: a place no line of the file has
                positions.values[tuple(keys)] = (0, len(places) + 1)
            places[positions.find(tuple(keys))] = f"{path}={text}"
    return issues


def blame_the_option(issues: list[Issue], places: dict[tuple[int, int], str]) -> None:
    """A problem at the place of a `--set` value is the command line's: a usage error that
    names the option (exit 2), not a finding in the file."""
    for issue in issues:
        set_at = places.get((issue.source.line, issue.source.column))
        if set_at is not None and issue.severity is Severity.ERROR:
            raise OverrideError(f"--set {set_at}", issue.message)


def overridden(data: Any, positions: Positions, file: str, overrides: Overrides
               ) -> tuple[Any, list[Issue]]:
    """`data` with the overrides applied, and the problems; `data` itself is unchanged.

    Only the mappings and lists on the changed paths are copied (one level each), the
    rest is shared, so a scenario costs its paths, not the size of the document."""
    trial = copy.copy(data)
    issues = apply_overrides(trial, positions, file, overrides, {id(trial)})
    return trial, issues


def check_scenarios(data: Any, positions: Positions, file: str) -> list[Issue]:
    """Every scenario's paths must exist (its values are checked when it is chosen)."""
    issues = []
    for name in _scenario_table(data):
        issues += overridden(data, positions, file, Overrides(str(name)))[1]
    return issues
