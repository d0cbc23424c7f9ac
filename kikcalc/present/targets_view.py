"""Caseload targets and flows as tables and JSON (`kikcalc targets`, the memo); the states
come from `kikcalc.analysis.targets`, the stock-and-flow check from `analysis.stock_flow`."""

from __future__ import annotations

from decimal import Decimal

from kikcalc.analysis.stock_flow import mismatches
from kikcalc.analysis.targets import TargetStatus, found_targets
from kikcalc.loading.strategy import Loaded
from kikcalc.model.groups import CaseloadTarget
from kikcalc.present.jsondoc import dumps
from kikcalc.present.labels import label
from kikcalc.present.render.text import render_table
from kikcalc.present.tables import Cell, Column, Table
from kikcalc.text.formatting import exact, format_amount, format_count, format_date, needed_decimals


def _plain(target: CaseloadTarget) -> bool:
    """The first form, `{persons, by}`: shown in the table as it always was."""
    return target.persons is not None and target.by is not None and target.unit == "persons"


def _exact(value: Decimal | None) -> str | None:
    return None if value is None else exact(value)


def render_targets(loaded: Loaded, fmt: str, lang: str) -> str:

    if fmt == "json":
        baselines = {g.name: g.baseline for g in loaded.strategy.target_groups}
        found = [{"group": name, "persons": _exact(target.limit(baselines.get(name))),
                  "kind": target.kind, "unit": target.unit,
                  "share": _exact(target.share), "of": _exact(target.of),
                  "by": target.by.isoformat() if target.by else None, "year": target.year,
                  "state": status.state, "figure": _exact(status.figure),
                  "counts": status.counts,
                  "count": None if status.count is None else {
                      "date": status.count.date.isoformat(),
                      "persons": exact(status.count.persons)}}
                 for name, target, status in found_targets(loaded)]
        flows = [{"group": group.name, "start": flow.start.isoformat(),
                  "end": flow.end.isoformat(),
                  **{key: None if getattr(flow, key) is None else exact(getattr(flow, key))
                     for key in ("entrants", "leavers", "passed_through")},
                  "adds_up": not any(m.flow == i for m in mismatches(group.flows,
                                                                       group.caseload))}
                 for group in loaded.strategy.target_groups
                 for i, flow in enumerate(group.flows)]
        return dumps({"file": loaded.file, "name": loaded.strategy.name, "targets": found,
                      "flows": flows})
    shown = render_table(targets_table(loaded, lang), lang)
    if any(group.flows for group in loaded.strategy.target_groups):
        shown += "\n" + render_table(flows_table(loaded, lang), lang)
    return shown


def _number(value: Decimal, lang: str) -> str:
    return format_count(value, lang, needed_decimals(value))


def target_text(target: CaseloadTarget, baseline: Decimal | None, lang: str) -> str:
    """A target as a municipality writes it: "under 800", "at most 504 (50 % of 1,008, the
    baseline)", "at most 465 full-year persons"."""
    limit = target.limit(baseline)
    number = "-" if limit is None else _number(limit, lang)
    text = label(f"target_kind_{target.kind}", lang, persons=number)
    if target.share is not None:
        share = format_amount(target.share, needed_decimals(target.share), lang)
        text += " " + (label("target_share_of", lang, share=share, of=_number(target.of, lang))
                       if target.of is not None else label(
                           "target_share_of_baseline", lang, share=share,
                           of="-" if baseline is None else _number(baseline, lang)))
    return text + (" " + label("target_unit_full_year", lang)
                   if target.unit == "full_year_persons" else "")


def _seen(target: CaseloadTarget, status: TargetStatus, lang: str) -> str:
    if status.count is None:
        return ""
    seen = f"{format_count(status.count.persons, lang)} ({format_date(status.count.date, lang)})"
    if status.figure is not None and status.counts > 1:
        return label("target_mean", lang, figure=_number(status.figure, lang),
                     n=status.counts, date=format_date(status.count.date, lang))
    return seen


def targets_table(loaded: Loaded, lang: str) -> Table:
    """Each caseload target with its state and the count that decided it."""

    rows: list[tuple[Cell, ...]] = []
    found = found_targets(loaded)
    plain = all(_plain(target) for _, target, _ in found)
    baselines = {g.name: g.baseline for g in loaded.strategy.target_groups}
    for name, target, status in found:
        when = format_date(target.by, lang) if target.by is not None else \
            label("target_year_average", lang, year=target.year)
        state = label(f"target_{status.state}", lang)
        if status.state == "open" and target.year is not None:
            state = label("target_open_year", lang)
        limit: Cell = target.persons if plain else \
            target_text(target, baselines.get(name), lang)
        rows.append((name, limit, when, state, _seen(target, status, lang)))
    columns = (Column(label("group", lang), "text"),
               Column(label("target_persons", lang), "count") if plain
               else Column(label("target", lang), "text"),
               Column(label("target_by" if plain else "target_when", lang), "text"),
               Column(label("status", lang), "text"),
               Column(label("target_count", lang), "text"))
    notes = [label("targets_note", lang)] if rows else [label("no_targets", lang)]
    if any(status.state == "met_by" for _, _, status in found):
        notes.append(label("targets_note_met_by", lang))
    if any(target.year is not None for _, target, _ in found):
        notes.append(label("targets_note_year", lang))
    notes += _flow_notes(loaded, lang)
    title = f"{loaded.strategy.name}: {label('title_targets', lang)}"
    return Table(title, columns if rows else (), tuple(rows), tuple(notes))


def _flow_notes(loaded: Loaded, lang: str) -> list[str]:
    """K212 said under the table: counts that a flow's entrants and leavers do not join."""
    notes = []
    for group in loaded.strategy.target_groups:
        for found in mismatches(group.flows, group.caseload):
            flow = group.flows[found.flow]
            notes.append(label(
                "targets_note_flow", lang, group=group.name,
                start=format_date(flow.start, lang), first=_number(found.start.persons, lang),
                entrants=_number(flow.entrants or Decimal(0), lang),
                leavers=_number(flow.leavers or Decimal(0), lang),
                expected=_number(found.expected, lang), end=format_date(flow.end, lang),
                last=_number(found.end.persons, lang)))
    return notes


def flows_table(loaded: Loaded, lang: str) -> Table:
    """Entrants, leavers and people passed through per group and period: flows, shown
    beside the counts and never added to savings."""

    rows = tuple((group.name, f"{format_date(flow.start, lang)} - {format_date(flow.end, lang)}",
                  flow.entrants, flow.leavers, flow.passed_through)
                 for group in loaded.strategy.target_groups for flow in group.flows)
    columns = (Column(label("group", lang), "text"), Column(label("flow_period", lang), "text"),
               Column(label("entrants", lang), "count"), Column(label("leavers", lang), "count"),
               Column(label("passed_through", lang), "count"))
    return Table(f"{loaded.strategy.name}: {label('title_flows', lang)}", columns, rows,
                 (label("flows_note", lang),))
