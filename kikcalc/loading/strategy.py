"""Load a strategy file: strict YAML, schema, cross-field rules; problems with positions.

`load_strategy` never raises for bad input: it returns the strategy (or None) and a list
of `Issue`s, each pointing at `file:line:column`. pydantic's error locations are mapped
back to the YAML node they came from.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import PurePosixPath
from typing import Any

from pydantic import ValidationError

from kikcalc.engine.plan import convert
from kikcalc.model.findings import Issue, Source, sort_issues
from kikcalc.model.message import message
from kikcalc.model.schema import Strategy
from kikcalc.reading.budget_table import parse_table, table_measures, table_unit_costs
from kikcalc.reading.documents import parse_model, read_named, read_text, schema_issue
from kikcalc.reading.files import (
    DiskFiles,
    Files,
)
from kikcalc.reading.overrides import (
    Overrides,
    apply_overrides,
    blame_the_option,
    check_scenarios,
    overridden,
)
from kikcalc.reading.strict_yaml import Positions
from kikcalc.reading.validators import validator_of
from kikcalc.record import Record
from kikcalc.validation.rules import apply_rules


class Loaded(Record):
    """A strategy that passed every check, with the file it came from."""

    file: str
    strategy: Strategy
    positions: Positions


def parse_strategy(text: str, file: str, overrides: Overrides | None = None,
                   files: tuple[Files, PurePosixPath] | None = None
                   ) -> tuple[Loaded | None, list[Issue]]:
    """Check `text` as a strategy file named `file`, with a scenario or `--set` values.

    `files` is where the tables it names are read and the strategy's folder there; by
    default the disk around `file`. A gate judging a git revision passes that revision."""
    places: dict[tuple[int, int], str] = {}  # where each --set value stands in the file

    def edit(data: Any, positions: Positions) -> list[Issue]:
        issues = check_scenarios(data, positions, file)
        if overrides and not issues:
            issues = apply_overrides(data, positions, file, overrides, places=places)
        return issues

    strategy, positions, issues = parse_model(text, file, Strategy, message("a_strategy_file"),
                                              "'kikcalc: 1', 'name:', 'period:'", edit)
    if strategy is None:
        blame_the_option(issues, places)
        return None, issues
    loaded, issues = _checked(strategy, file, positions, files)
    blame_the_option(issues, places)
    return loaded, issues


def _checked(strategy: Strategy, file: str, positions: Positions,
             files: tuple[Files, PurePosixPath] | None) -> tuple[Loaded | None, list[Issue]]:
    """A strategy that has the schema's shape, with its tables joined and its rules held."""
    resolved, issues = resolve_tables(strategy, file, positions, files)
    if resolved is None:
        return None, issues
    findings = apply_rules(resolved)
    if findings:
        issues = [Issue(f.code, f.message, Source(file, *positions.find(f.path, key=f.at_key)))
                  for f in findings]
        return None, sort_issues(issues)
    return Loaded(file, resolved, positions), []


def parse_scenarios(text: str, file: str, names: Sequence[str],
                    files: tuple[Files, PurePosixPath] | None = None
                    ) -> list[tuple[Loaded | None, list[Issue]]]:
    """What `parse_strategy(text, file, Overrides(name))` gives for each name, from one
    reading of the YAML: each scenario is applied to a copy-on-write view of the parsed
    document (`scenarios.overridden`), so n scenarios cost n checks, not n readings."""
    parsed: list[tuple[Any, Positions]] = []

    def keep(data: Any, positions: Positions) -> list[Issue]:
        parsed.append((data, positions))
        return check_scenarios(data, positions, file)

    base, _, _ = parse_model(text, file, Strategy, message("a_strategy_file"), "", keep)
    if base is None:  # a broken file: each scenario says why, as parse_strategy does
        return [parse_strategy(text, file, Overrides(name), files) for name in names]
    data, positions = parsed[0]
    out: list[tuple[Loaded | None, list[Issue]]] = []
    for name in names:
        trial, edited = overridden(data, positions, file, Overrides(name))
        try:
            strategy = validator_of(Strategy).validate_python(trial)
        except ValidationError as error:
            issues = [schema_issue(file, e, trial, positions) for e in error.errors()]
            out.append((None, sort_issues([*edited, *issues])))
            continue
        out.append((None, sort_issues(edited)) if edited
                   else _checked(strategy, file, positions, files))
    return out


def resolve_tables(strategy: Strategy, file: str, positions: Positions,
                   files: tuple[Files, PurePosixPath] | None = None
                   ) -> tuple[Strategy | None, list[Issue]]:
    """Unit costs taken from a budget table (`unit_costs.from_table`) join the file's own;
    a benefit the file names itself wins. The table must be a regular file inside the
    strategy's repository (or folder tree); nothing else is opened."""
    costs = strategy.unit_costs
    if costs is None or costs.from_table is None:
        return strategy, []

    where = Source(file, *positions.find(("unit_costs", "from_table")))
    name = costs.from_table
    text, label, issues = read_named(name, files or DiskFiles.around(file), message("budget_table"),
                                     "K140", where)
    if label is None:
        return None, issues
    table, table_issues = parse_table(text, label) if text is not None else (None, issues)
    if table is None:
        return None, [Issue("K140", message("k140_invalid", name=name, label=label or name),
                            where), *table_issues]
    derived = {benefit: convert(value, "kr.", costs.unit)
               for benefit, value in table_unit_costs(table).items()}
    merged: dict[str, object] = {**derived, **costs.benefits}
    labels = {benefit: row.label for benefit, row in table.table.rows.items() if row.label}
    merged["labels"] = {**labels, **(costs.labels or {})}  # the file's own names win
    update: dict[str, object] = {"unit_costs": costs.model_copy(update=merged)}
    seen = strategy.perspectives
    if seen is not None and seen.measures == "from_table":  # the table's measures column
        update["perspectives"] = seen.model_copy(update={"measures": {
            benefit: convert(value, "kr.", seen.unit)
            for benefit, value in table_measures(table).items()}})
    return strategy.model_copy(update=update), []


def load_strategy(path: str, overrides: Overrides | None = None
                  ) -> tuple[Loaded | None, list[Issue]]:
    """Read and check the strategy file at `path`.

    Raises OSError when the file cannot be read at all (a usage problem, not a finding).
    """
    text, issues = read_text(path)
    if text is None:
        return None, issues
    return parse_strategy(text, path, overrides)


def load_scenarios(path: str, names: Sequence[str]) -> list[tuple[Loaded | None, list[Issue]]]:
    """Each named scenario of the strategy file at `path`, read once for all of them.

    Raises OSError when the file cannot be read at all."""
    text, issues = read_text(path)
    if text is None:
        return [(None, issues) for _ in names]
    return parse_scenarios(text, path, names)
