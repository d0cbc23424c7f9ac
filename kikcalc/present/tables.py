"""Results as neutral tables: columns, rows and notes, with no formatting decided yet.

Every human-readable format (text, Markdown, CSV, later Word and Excel) renders these same
tables; a new format touches no computation. Cells hold raw values (`Decimal`, `int`,
`str` or None); each column says what kind of value it holds, so a renderer knows how to
round and align it.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from decimal import Decimal
from typing import Literal

from kikcalc.engine.projection import forecast_basis
from kikcalc.engine.results import ZERO, Plan, Projection, Results, Series, VarianceRow
from kikcalc.model.schema import GrossCost
from kikcalc.present.labels import label
from kikcalc.present.names import benefit_name
from kikcalc.record import Record, field
from kikcalc.text.formatting import (
    exact,
    format_amount,
    format_count,
    format_date,
    needed_decimals,
)

Kind = Literal["text", "money", "delta", "count", "year"]
Cell = Decimal | int | str | None


class Column(Record):
    title: str
    kind: Kind = "money"
    decimals: int | None = None  # overrides the table's decimals for money columns


class Table(Record):
    title: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[Cell, ...], ...]
    notes: tuple[str, ...] = ()
    decimals: int = 1  # for money columns
    emphasis: tuple[int, ...] = ()  # rows that must stand out, e.g. a strategy at a loss
    # what the table shows ("payback", "net", "sensitivity", ...): lets a renderer that can
    # do more for a kind find it (the workbook's formulas), whatever its title says
    kind: str = ""


class Context(Record):
    """What every table of one strategy needs to know to label itself."""

    name: str
    unit: str
    start: int
    end: int
    decimals: int
    lang: str
    names: Mapping[str, str] = field(default_factory=dict)  # benefit key -> the file's name

    def text(self, key: str, **values: object) -> str:
        return label(key, self.lang, **values)

    def money(self, value: Decimal) -> str:
        return format_amount(value, self.decimals, self.lang)

    def date(self, value: datetime.date) -> str:
        return format_date(value, self.lang)

    def benefit(self, key: str) -> str:
        """The name a reader sees for a benefit or outcome key (never the key itself)."""
        return benefit_name(key, self.lang, self.names)

    def title(self, key: str) -> str:
        return f"{self.name}: {self.text(key)} ({self.unit})"

    def sign_note(self) -> str:
        return self.text("sign", unit=self.unit)


def payback_table(results: Results, ctx: Context, plan: Plan | None = None) -> Table:
    """One row per series: payback year, years, interpolated years, cumulative at the end.
    With the plan, a forecast below a part-year actual says why (`forecast_notes`)."""
    rows: list[tuple[Cell, ...]] = []
    notes = [ctx.sign_note(), ctx.text("rounding")]
    for name, series in results.series.items():
        p = series.payback
        if series.empty:
            paid: Cell = ctx.text("nothing_to_pay_back")
        elif series.missing_years:
            paid = ctx.text("missing_years", years=", ".join(map(str,
                                                                        series.missing_years)))
        elif p.year is not None:
            paid = f"{p.year}*" if p.year in series.partial_years else p.year
            paid = f"{paid}f" if p.year in series.forecast_years else paid
        elif p.last_year is not None and p.last_year < ctx.end:
            paid = ctx.text("not_yet", last=p.last_year)
        else:
            paid = ctx.text("not_within", start=ctx.start, end=ctx.end)
        rows.append((ctx.text(name), paid, p.years, p.interpolated, p.cumulative_at_end,
                     p.last_year))
        if p.year is None and p.last_year == ctx.end and not series.empty:
            notes.append(ctx.text("not_paid_back_note", series=ctx.text(name), start=ctx.start,
                                  end=ctx.end, amount=ctx.money(p.cumulative_at_end),
                                  last=p.last_year))
    if any(s.payback.interpolated is not None for s in results.series.values()):
        notes.append(ctx.text("interpolation"))
    notes.extend(_partial_notes(results.series.get("actual"), ctx))
    notes.extend(_budget_part_note(results.series.get("budget"), ctx))
    if "forecast" in results.series:
        notes.append(ctx.text("forecast_rule"))
        notes += forecast_notes(plan, results, ctx) if plan is not None else []
    if (e := results.economics) is not None:
        parts = plan is not None and bool(plan.retention_rules)  # then no one share
        notes.append(ctx.text("economics_by_parts" if parts else "economics",
                              npv=ctx.money(e.npv), rate=_pct(e.discount_rate, ctx),
                              roi=_ratio(e.roi, ctx), bcr=_ratio(e.bcr, ctx),
                              retention=_pct(e.retention * 100, ctx)))
    columns = (
        Column(ctx.text("series"), "text"),
        Column(ctx.text("payback_year"), "text"),
        Column(ctx.text("payback_years"), "count"),
        Column(ctx.text("interpolated"), "money", decimals=2),
        Column(ctx.text("cumulative_at_end"), "money"),
        Column(ctx.text("through_year"), "year"),
    )
    return Table(ctx.title("title_payback"), columns, tuple(rows), tuple(notes), ctx.decimals,
                 kind="payback")


def forecast_notes(plan: Plan, results: Results, ctx: Context) -> list[str]:
    """Why the forecast at the end of a year can be below the actual to a date in it: the
    forecast never takes a part-year actual for the whole year, so it counts that year at
    the full-year budget (or projection), which may be less than was realised by the date.
    KIK-I 2018: 6.1 + 25.3 + budget 4.0 = 35.4 against 6.1 + 25.3 + 11.4 to June = 42.8."""
    actual, forecast = results.series.get("actual"), results.series.get("forecast")
    if actual is None or forecast is None:
        return []
    notes = []
    for year in actual.partial_years:
        expected, realised = forecast.cumulative.get(year), actual.cumulative.get(year)
        as_of = plan.actuals[year].as_of
        if expected is None or realised is None or as_of is None or expected >= realised:
            continue
        basis = forecast_basis(plan, year, results.projection is not None)
        notes.append(ctx.text(
            "forecast_below_actual", forecast=ctx.text("forecast"), year=year,
            expected=ctx.money(expected), actual=ctx.text("actual").lower(),
            as_of=ctx.date(as_of), realised=ctx.money(realised),
            basis=ctx.text(f"forecast_basis_{basis}"), used=ctx.money(forecast.net[year]),
            part=ctx.money(actual.net[year])))
    return notes


def _pct(value: Decimal, ctx: Context) -> str:
    return format_amount(value, needed_decimals(value), ctx.lang)


def _count(value: Decimal, ctx: Context) -> str:
    return format_count(value, ctx.lang, needed_decimals(value))


def _ratio(value: Decimal | None, ctx: Context) -> str:
    return "-" if value is None else format_amount(value, 2, ctx.lang)


def _partial_notes(series: Series | None, ctx: Context) -> list[str]:
    if series is None:
        return []
    notes = [ctx.text("partial_series", years=", ".join(map(str, series.partial_years)))] \
        if series.partial_years else []
    if series.forecast_years:
        notes.append(ctx.text("forecast_series", years=", ".join(map(str,
                                                                       series.forecast_years))))
    return notes


def _budget_part_note(series: Series | None, ctx: Context) -> list[str]:
    """A budget known for part of a year: its payback and total lean on it (as JSON says)."""
    if series is None or not series.partial_years or series.empty:
        return []
    return [ctx.text("partial_series_budget", years=", ".join(map(str, series.partial_years)))]


def _year_row(title: str, values: dict[int, Decimal] | None, years: range,
              *, negate: bool = False, total: bool = True) -> tuple[Cell, ...]:
    sign = -1 if negate else 1
    cells = [sign * values.get(year, ZERO) if values is not None else None for year in years]
    row_total = sum((c for c in cells if isinstance(c, Decimal)), ZERO) if total else None
    return (title, *cells, row_total)


def net_table(projection: Projection, ctx: Context) -> Table:
    """Costs by category (shown as minus), savings by group, other effects, net, cumulative."""
    years = range(ctx.start, ctx.end + 1)
    rows = [_year_row(ctx.text("investment_of", name=ctx.text(category)), dict(values), years,
                      negate=True) for category, values in projection.costs_by_category.items()]
    rows.append(_year_row(ctx.text("investment"), dict(projection.investment), years, negate=True))
    rows += [_year_row(ctx.text("savings_of", name=g.name), dict(g.total), years)
             for g in projection.groups]
    rows += [_year_row(ctx.text("savings_of", name=name), dict(values), years)
             for name, values in projection.known_savings.items()]
    rows += [_year_row(ctx.text("retention_part_of", name=name), dict(values), years)
             for name, values in projection.retention_parts.items()]
    rows.append(_year_row(ctx.text("savings"), dict(projection.savings), years))
    if any(projection.other.values()):
        rows.append(_year_row(ctx.text("other_effects"), dict(projection.other), years))
    rows.append(_year_row(ctx.text("net"), dict(projection.net), years))
    rows.append(_year_row(ctx.text("cumulative"), dict(projection.cumulative), years, total=False))
    columns = (Column("", "text"), *(Column(str(y), "money") for y in years),
               Column(ctx.text("total"), "money"))
    notes = (ctx.sign_note(), *_grant_notes(projection, ctx), ctx.text("rounding"))
    return Table(ctx.title("title_net"), columns, tuple(rows), notes, ctx.decimals, kind="net")


def _grant_notes(projection: Projection, ctx: Context) -> list[str]:
    return [ctx.text("grant_note", group=g.name, grant=name, amounts="; ".join(
        f"{year} {ctx.money(v)}" for year, v in income.items() if v))
        for g in projection.groups for name, income in g.grants.items()]


def groups_table(plan: Plan, projection: Projection, ctx: Context) -> Table:
    """Per group and outcome: share of the reduction, destination benefit, persons, savings."""
    years = plan.years
    rows: list[tuple[Cell, ...]] = []
    for group, savings in zip(plan.groups, projection.groups, strict=True):
        reduction = group.reduction
        rows.append((group.name, ctx.text("total"), Decimal(100), ctx.benefit(group.benefit),
                     *(reduction.get(y, ZERO) for y in years), sum(savings.total.values(), ZERO)))
        for d in group.destinations:
            rows.append(("", ctx.benefit(d.name), d.share,
                         ctx.benefit(d.benefit) if d.benefit else ctx.text("no_benefit"),
                         *(reduction.get(y, ZERO) * d.share / 100 for y in years),
                         sum(savings.by_destination[d.name].values(), ZERO)))
    total = [sum((g.reduction.get(y, ZERO) for g in plan.groups), ZERO) for y in years]
    rows.append((ctx.text("total"), "", None, None, *total, sum(projection.savings.values(), ZERO)))
    derived = [ctx.text("derived_share", group=g.name, parts="; ".join(
        f"{ctx.benefit(d.name)} {_count(d.count or ZERO, ctx)} / "
        f"{_count(sum((e.count or ZERO for e in g.destinations), ZERO), ctx)}"
        f" = {format_amount(d.share, 2, ctx.lang)} %" for d in g.destinations))
        for g in plan.groups if any(d.count is not None for d in g.destinations)]
    by_month = [ctx.text("priced_by_month", group=g.name, years=", ".join(
        map(str, sorted(g.within_year)))) for g in plan.groups if g.within_year]
    notes = (ctx.sign_note(), *(ctx.text("deadweight", name=g.name, value=_pct(g.deadweight, ctx))
                                for g in plan.groups if g.deadweight), *derived, *by_month,
             *_grant_notes(projection, ctx), ctx.text("rounding"))
    columns = (Column(ctx.text("group"), "text"), Column(ctx.text("destination"), "text"),
               Column(ctx.text("share"), "count"), Column(ctx.text("benefit"), "text"),
               *(Column(str(y), "count") for y in years),
               Column(ctx.text("savings"), "money"))
    return Table(ctx.title("title_groups"), columns, tuple(rows), notes, ctx.decimals,
                 kind="groups")


def part_year_note(row: VarianceRow, ctx: Context) -> str | None:
    """What a part year in a row of the variance means: budget and actual to the same date,
    a part-year actual against a full-year budget, or the other way round."""
    if row.partial and row.as_of is not None:
        key = "partial_both" if row.like_with_like else "partial"
        return ctx.text(key, year=row.year, as_of=ctx.date(row.as_of))
    if row.budget_as_of is not None:  # with no actual, nothing covers the whole year
        key = "partial_budget" if row.actual is not None else "partial_budget_only"
        return ctx.text(key, year=row.year, as_of=ctx.date(row.budget_as_of))
    return None


def variance_table(results: Results, ctx: Context, prices: tuple[str, ...] = ()) -> Table:
    """The published layout: budget, actual and difference in rows, years in columns;
    `prices`: what the price level of each row is (present.price_notes)."""
    rows = results.variance
    headers = []
    notes = [ctx.sign_note(), *prices, ctx.text("rounding")]
    for row in rows:
        mark = ""
        part = part_year_note(row, ctx)
        if part is not None:
            mark = "*"
            notes.append("* " + part)
        if row.forecast:
            mark += "f"
            notes.append("f " + ctx.text("forecast_actual", year=row.year))
        headers.append(f"{row.year}{mark}")
    body = tuple(
        (ctx.text(key), *(getattr(row, key) for row in rows))
        for key in ("budget", "actual", "difference")
    )
    columns = (Column("", "text"), *(Column(h, "money") for h in headers))
    return Table(ctx.title("title_variance"), columns, body, tuple(notes), ctx.decimals,
                 kind="variance")


def gross_note(benefit: str, cost: GrossCost, net: Decimal, ctx: Context) -> str:
    """The declared basis of a gross unit cost, said wherever its figures are shown."""
    mix = " / ".join(exact(m) for m in cost.duration_mix)
    return ctx.text("gross_basis", benefit=ctx.benefit(benefit),
                    gross=format_count(cost.gross, ctx.lang, needed_decimals(cost.gross)),
                    refusion=cost.refusion, mix=mix,
                    net=format_count(net, ctx.lang, needed_decimals(net)))
