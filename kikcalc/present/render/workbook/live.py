"""What makes a table of the memo live: formulas in place of some of its values.

A `Live` names cells by the table's own row and column (row 0 is the first row under the
header); the workbook writer puts each formula where the value would have gone, with the
value cached. `Refs` is what the formulas point at: the assumptions and calculation
sheets of one strategy.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property

from kikcalc.engine.results import Plan, Results
from kikcalc.present.render.workbook.sheet import FIRST, TOP, Sheet, cell
from kikcalc.present.tables import Cell, Context, Table
from kikcalc.record import Record, field


class Live(Record, frozen=False):
    """Formulas for some cells of one table, by (row, column) of the table."""

    cells: dict[tuple[int, int], str] = field(default_factory=dict)
    # (row, first column) -> (last column, formula): one array formula across the row
    arrays: dict[tuple[int, int], tuple[int, str]] = field(default_factory=dict)
    # (first row, first column) -> (last row, last column, formula): one over a block
    blocks: dict[tuple[int, int], tuple[int, int, str]] = field(default_factory=dict)
    # a formula's cached value where it differs from the table's (words for a sign)
    cached: dict[tuple[int, int], Cell] = field(default_factory=dict)
    notes: tuple[str, ...] = ()
    _columns: set[int] | None = None

    def in_column(self, col: int) -> bool:
        """Whether any formula stands in column `col`."""
        if self._columns is None:
            self._columns = {c for _, c in self.cells} | {
                c for (_, first), (last, _) in self.arrays.items()
                for c in range(first, last + 1)} | {
                c for (_, first), (_, last, _) in self.blocks.items()
                for c in range(first, last + 1)}
        return col in self._columns

    def value(self, row: int, col: int, value: Cell) -> Cell:
        return self.cached.get((row, col), value)


class Refs(Record):
    """The sheets a table's formulas refer to, and the strategy they were written from."""

    inputs: Sheet
    calc: Sheet
    plan: Plan
    results: Results
    ctx: Context

    @cached_property
    def named(self) -> dict[str, list[int]]:
        """The target groups by name (a name may repeat), by their position."""
        found: dict[str, list[int]] = {}
        for g, group in enumerate(self.plan.groups):
            found.setdefault(group.name, []).append(g)
        return found

    @property
    def last(self) -> int:
        """The column of the last year on the assumptions and calculation sheets."""
        return FIRST + len(self.plan.years) - 1

    def series_key(self, name: str) -> str | None:
        """The prefix of a series' rows on the calculation sheet, if it has them there."""
        key = "" if name == "projected" else f"{name}:"
        return key if f"{key}cumulative" in self.calc.cells else None

    def at_end(self, key: str) -> str:
        """The cumulative of a series at its last year."""
        series = self.results.series["projected" if not key else key.rstrip(":")]
        last = series.payback.last_year or self.plan.end
        return self.calc.ref(f"{key}cumulative", FIRST + last - self.plan.start)

    def row_sum(self, key: str) -> str:
        """The sum over the years of a row of the calculation sheet."""
        return f"SUM({self.calc.span(key, FIRST, self.last)})"

    def years(self) -> str:
        """The years of the calculation sheet's header, by name (`År`)."""
        return self.calc.names["years"]


def local(row: int, col: int) -> str:
    """A cell of the table's own sheet, by the table's row and column."""
    return cell(row + TOP, col)


def local_span(row: int, first: int, last: int) -> str:
    return f"{local(row, first)}:{local(row, last)}"


Builder = Callable[[Table, Refs], Live | None]
