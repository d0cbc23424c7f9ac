"""Unit costs from a budget table: net budget divided by full-year persons, per benefit.

A budget table file (the tables of an employment plan) lists, per benefit, full-year
persons and the net budget (benefit payments net of refusion), with the plan's totals:

    kikcalc_table: 1
    name: Aabenraa Kommune, budget 2022
    year: 2022
    unit: t.kr.
    rows:
      sygedagpenge: {label: Sygedagpenge, persons: 500, net: 70370}
    total: {persons: 500, net: 70370}

The net cost per full-year person is net / persons, converted to kroner and rounded
half-up to whole kroner (a division rarely ends; a krone is far below any decision).
Example, 2022: sygedagpenge 70,370 t.kr. / 500 = 140,740 kr. = 140.7 t.kr.
"""

from collections.abc import Iterator
from decimal import ROUND_HALF_UP, Decimal
from typing import Annotated, Literal

from pydantic import Field

from kikcalc.model.findings import Issue, Source
from kikcalc.model.message import message
from kikcalc.model.money import convert
from kikcalc.model.schema import UnitCosts
from kikcalc.model.types import MoneyUnit, NonNegative, Note, StrictModel, Text, Year
from kikcalc.reading.documents import document_kind, parse_model, read_text
from kikcalc.record import Record


class TableRow(StrictModel):
    label: Text | None = None
    persons: NonNegative
    net: NonNegative
    measures: NonNegative | None = None  # activation and casework (beskæftigelsesindsatser)


class BudgetTable(StrictModel):
    kikcalc_table: Literal[1]
    name: Text
    year: Year | None = None
    unit: MoneyUnit
    source: Text | None = None
    note: Note | None = None
    rows: Annotated[dict[Text, TableRow], Field(min_length=1)]
    total: TableRow | None = None


class LoadedTable(Record):
    file: str
    table: BudgetTable


def _check_total(table: BudgetTable) -> Iterator[tuple[str, Decimal, Decimal]]:
    if table.total is None:
        return
    for field in ("persons", "net", "measures"):
        declared = getattr(table.total, field)
        if declared is None:
            continue
        found = sum((getattr(row, field) or Decimal(0) for row in table.rows.values()),
                    Decimal(0))
        if found != declared:
            yield field, declared, found


def load_table(path: str) -> tuple[LoadedTable | None, list[Issue]]:
    """Read a budget table file; OSError if it cannot be read or is not a regular file."""
    text, issues = read_text(path)
    if text is None:
        return None, issues
    return parse_table(text, path)


def parse_table(text: str, path: str) -> tuple[LoadedTable | None, list[Issue]]:
    """A budget table; its total must equal the sum of its rows.

    A file that does not say `kikcalc_table:` is refused in one line that quotes none of
    it: a strategy may name any file, and its content is not ours to print."""
    if document_kind(text) != "table":
        return None, [Issue("K140", message("k140_not_table"),
                            Source(path, 1, 1))]
    table, positions, issues = parse_model(text, path, BudgetTable, message("a_budget_table"),
                                           "'kikcalc_table: 1', 'name:', 'rows:'")
    if table is None:
        return None, issues
    problems = [Issue("K141", message("k141_total", field=field, declared=declared, found=found),
                      Source(path, *positions.find(("total", field))))
                for field, declared, found in _check_total(table)]
    problems += [Issue("K141", message("k141_no_persons", name=name),
                       Source(path, *positions.find(("rows", name, "persons"))))
                 for name, row in table.rows.items() if row.persons == 0]
    problems += [Issue("K141", message("k141_setting", name=name),
                       Source(path, *positions.find(("rows", name), key=True)))
                 for name in table.rows if name in UnitCosts.model_fields]
    if problems:
        return None, problems
    return LoadedTable(path, table), []


def table_measures(loaded: LoadedTable) -> dict[str, Decimal]:
    """Activation and casework per full-year person in kroner, per benefit that has them.

    Aabenraa 2022, kontant- og uddannelseshjælp: ordinary measures 12,103 t.kr. / 557
    full-year persons = 21,729 kr.

    >>> row = TableRow(persons=Decimal(557), net=Decimal(58379), measures=Decimal(12103))
    >>> table = BudgetTable(kikcalc_table=1, name="t", unit="t.kr.", rows={"kh": row})
    >>> table_measures(LoadedTable("t.yaml", table))
    {'kh': Decimal('21729')}
    """
    table = loaded.table
    return {name: convert(row.measures / row.persons, table.unit, "kr.").quantize(
                Decimal(1), rounding=ROUND_HALF_UP)
            for name, row in table.rows.items() if row.measures is not None}


def table_unit_costs(loaded: LoadedTable) -> dict[str, Decimal]:
    """Net cost per full-year person in kroner, per benefit.

    >>> row = TableRow(persons=Decimal(500), net=Decimal(70370))
    >>> table = BudgetTable(kikcalc_table=1, name="t", unit="t.kr.", rows={"syg": row})
    >>> table_unit_costs(LoadedTable("t.yaml", table))
    {'syg': Decimal('140740')}
    """
    table = loaded.table
    return {name: convert(row.net / row.persons, table.unit, "kr.").quantize(
                Decimal(1), rounding=ROUND_HALF_UP)
            for name, row in table.rows.items()}




