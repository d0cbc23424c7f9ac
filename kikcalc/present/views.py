"""What each table command shows: the tables for people and the JSON document for tools.

This module ties the evaluated strategy, tables and JSON together so the CLI stays thin.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from kikcalc.evaluation.evaluated import Evaluated
from kikcalc.present import jsondoc
from kikcalc.record import Record
from kikcalc.text.formatting import exact, format_amount, needed_decimals

if TYPE_CHECKING:  # the tables are imported only when a table format is asked for, so
    # that `--format json` starts without them (tests/test_report.py)
    from kikcalc.present.tables import Context, Table


def context_of(ev: Evaluated, lang: str, decimals: int | None = None) -> Context:
    """What every table of `ev` needs to label itself, in `lang`."""
    from kikcalc.present.tables import Context

    return Context(ev.name, ev.unit, ev.plan.start, ev.plan.end,
                   ev.decimals if decimals is None else decimals, lang, ev.names)


def _with_basis(table: Table, ev: Evaluated, ctx: Context) -> Table:
    """Gross unit costs say their declared basis under every table built on them."""
    from kikcalc.present.tables import Table, gross_note

    notes = tuple(gross_note(name, cost, net, ctx) for name, cost, net in ev.gross_costs)
    return Table(table.title, table.columns, table.rows, table.notes + notes, table.decimals)


def payback_tables(ev: Evaluated, ctx: Context) -> list[Table]:
    from kikcalc.present.tables import payback_table

    tables = [_with_basis(payback_table(ev.results, ctx, ev.plan), ev, ctx)]
    if ev.optimism_bias is not None and ev.results.projection is not None:
        from kikcalc.present import optimism_view

        tables.append(optimism_view.payback_table(ev, ctx))
    if ev.results.perspectives:  # who pays and who saves, beside the municipality's
        from kikcalc.present.perspectives_view import perspectives_totals

        tables += [t for t in (perspectives_totals(ev.results, ev.plan, ctx),) if t]
    return tables


def retention_note(ev: Evaluated, ctx: Context) -> str:
    """The share kept, and when the file builds it from its parts, the parts."""
    def number(value: Decimal) -> str:
        return format_amount(value, needed_decimals(value), ctx.lang)

    if ev.plan.retention_rules:
        return _by_part_note(ev, ctx, number)
    share = number(ev.plan.retention * 100)
    parts = ev.retention_parts
    if parts is None:
        return ctx.text("retention_note", value=share)
    net = parts.avoided_spending + parts.tax + parts.udligning
    return ctx.text("retention_parts_note", avoided=number(parts.avoided_spending),
                    tax=number(parts.tax), udligning=number(parts.udligning), net=number(net),
                    unit=parts.unit, value=share)


def _by_part_note(ev: Evaluated, ctx: Context, number: Callable[[Decimal], str]) -> str:
    """Retention by parts: each part and its lag, and what falls after the period."""
    parts = "; ".join(ctx.text("retention_part_lag", name=rule.name, lag=rule.lag)
                      for rule in ev.plan.retention_rules)
    note = ctx.text("retention_by_part_note", parts=parts)
    projection = ev.results.projection
    beyond = projection.retention_beyond if projection is not None else {}
    if any(beyond.values()):
        amounts = "; ".join(f"{name} {number(value)}" for name, value in beyond.items()
                            if value)
        note += " " + ctx.text("retention_beyond_note", end=ev.plan.end, amounts=amounts,
                               unit=ev.unit)
    for rule in ev.plan.retention_rules:
        if rule.lines and rule.cap:
            room = ", ".join(f"{year} {number(value)}" for year, value in rule.cap.items())
            note += " " + ctx.text("retention_ceiling_note", name=rule.name,
                                   lines=", ".join(rule.lines), first=min(rule.cap),
                                   room=room, unit=ev.unit)
    return note


def net_tables(ev: Evaluated, ctx: Context) -> list[Table]:
    from kikcalc.present.tables import Table, groups_table, net_table

    projection = ev.results.projection
    if projection is None:
        return [Table(ctx.title("title_net"), (), (), (ctx.text("no_projection"),))]
    table = _with_basis(net_table(projection, ctx), ev, ctx)
    if ev.results.economics is not None:
        table = Table(table.title, table.columns, table.rows,
                      (*table.notes, retention_note(ev, ctx)), table.decimals)
    tables = [table]
    if ev.results.perspectives:  # who pays and who saves, beside the municipality's
        from kikcalc.present.perspectives_view import perspectives_table

        tables += [t for t in (perspectives_table(ev.results, ev.plan, ctx),) if t]
    if ev.plan.groups:
        tables.append(groups_table(ev.plan, projection, ctx))
    if ev.optimism_bias is not None:
        from kikcalc.present import optimism_view

        tables.append(optimism_view.net_table(ev, ctx))
    return tables


def variance_tables(ev: Evaluated, ctx: Context) -> list[Table]:
    from kikcalc.present.tables import Table, variance_table

    if not ev.results.variance:
        return [Table(ctx.title("title_variance"), (), (), (ctx.text("no_variance"),))]
    from kikcalc.present.price_notes import price_notes

    return [variance_table(ev.results, ctx, tuple(price_notes(ev, ctx)))]


def _doc(build: Callable[..., dict[str, Any]]) -> Callable[[Evaluated], dict[str, Any]]:
    def document(ev: Evaluated) -> dict[str, Any]:
        doc = build(ev.file, ev.name, ev.unit, ev.plan, ev.results)
        doc["unit_cost_basis"] = [
            {"benefit": name, "gross": exact(cost.gross), "refusion": cost.refusion,
             "duration_mix": [exact(m) for m in cost.duration_mix], "net": exact(net)}
            for name, cost, net in ev.gross_costs]
        if ev.optimism_bias is not None and ev.results.projection is not None:
            from kikcalc.present.optimism_view import optimism_doc

            doc.update(optimism_doc(ev))
        return doc

    return document


def _priced(build: Callable[[Evaluated], dict[str, Any]]) -> Callable[[Evaluated], dict[str, Any]]:
    """The variance document with the price level of its figures."""
    def document(ev: Evaluated) -> dict[str, Any]:
        from kikcalc.present.price_notes import price_doc

        return build(ev) | {"price_level": price_doc(ev)}

    return document


class View(Record):
    tables: Callable[[Evaluated, Context], list[Table]]
    document: Callable[[Evaluated], dict[str, Any]]


VIEWS = {
    "payback": View(payback_tables, _doc(jsondoc.payback_doc)),
    "net": View(net_tables, _doc(jsondoc.net_doc)),
    "variance": View(variance_tables, _priced(_doc(jsondoc.variance_doc))),
}
