"""Scenarios: named overrides in the strategy file, and `--set PATH=VALUE` on the command
line, applied to the file's data before it is checked, so a scenario is held to every
rule of the file format.

    scenarios:
      lav: {target_groups.Jobparate.deadweight: 20, unit_costs.kontanthjaelp: 95000}

A path names keys from the top, separated by dots; a list item by its `name` (or its
position from 0); a year as written (`budget.2027`). Only values that exist may be
changed, except years, which may be added.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

from kikcalc.issues import Issue, Source
from kikcalc.yamlread import Positions, resolve_scalar


@dataclass(frozen=True)
class Overrides:
    scenario: str | None = None
    sets: tuple[tuple[str, str], ...] = field(default_factory=tuple)  # (path, text)

    def __bool__(self) -> bool:
        return self.scenario is not None or bool(self.sets)


def set_path(data: Any, path: str, value: Any, fresh: set[int] | None = None) -> str | None:
    """Set `path` in `data` to `value`; the reason it cannot be set, or None.

    With `fresh` (the ids of containers this change owns, `data` among them) every
    mapping or list on the way down that is not yet owned is copied first, one level
    deep, so the document `data` was copied from is never changed (copy on write)."""
    parts = path.split(".")
    node = data
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
            if key not in node and not (i == len(parts) - 1 and isinstance(key, int)):
                return f"no key '{part}' in {where}"
        else:
            return f"{where} is a single value, not a mapping or list"
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


def _scenario_table(data: Any) -> dict[str, Any]:
    scenarios = data.get("scenarios") if isinstance(data, dict) else None
    return scenarios if isinstance(scenarios, dict) else {}


def apply_overrides(data: Any, positions: Positions, file: str, overrides: Overrides,
                    fresh: set[int] | None = None) -> list[Issue]:
    """Change `data` in place: the scenario's values, then the command line's (copying on
    write what `fresh` does not own, see `set_path`)."""
    issues = []
    if overrides.scenario is not None:
        table = _scenario_table(data)
        if overrides.scenario not in table or not isinstance(table[overrides.scenario], dict):
            known = ", ".join(map(str, table)) or "none"
            return [Issue("K136", f"no scenario '{overrides.scenario}'; the file has {known}",
                          Source(file, *positions.find(("scenarios",), key=True)))]
        for path, value in table[overrides.scenario].items():
            reason = set_path(data, str(path), value, fresh)
            if reason:
                issues.append(Issue("K136", f"scenario '{overrides.scenario}': {path}: {reason}",
                                    Source(file, *positions.find(
                                        ("scenarios", overrides.scenario, path), key=True))))
    for path, text in overrides.sets:
        reason = set_path(data, path, resolve_scalar(text), fresh)
        if reason:
            issues.append(Issue("K136", f"--set {path}: {reason}", Source(file, 1, 1)))
    return issues


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
