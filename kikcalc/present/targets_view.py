"""Caseload targets and flows as tables and JSON (`kikcalc targets`, the memo); the states
come from `kikcalc.analysis.targets`."""

from __future__ import annotations

from kikcalc.analysis.targets import found_targets
from kikcalc.loading.strategy import Loaded
from kikcalc.present.jsondoc import dumps
from kikcalc.present.labels import label
from kikcalc.present.render.text import render_table
from kikcalc.present.tables import Cell, Column, Table
from kikcalc.text.formatting import exact, format_count, format_date


def render_targets(loaded: Loaded, fmt: str, lang: str) -> str:

    if fmt == "json":
        found = [{"group": name, "persons": exact(target.persons),
                  "by": target.by.isoformat(), "state": status.state,
                  "count": None if status.count is None else {
                      "date": status.count.date.isoformat(),
                      "persons": exact(status.count.persons)}}
                 for name, target, status in found_targets(loaded)]
        flows = [{"group": group.name, "start": flow.start.isoformat(),
                  "end": flow.end.isoformat(),
                  **{key: None if getattr(flow, key) is None else exact(getattr(flow, key))
                     for key in ("entrants", "leavers", "passed_through")}}
                 for group in loaded.strategy.target_groups for flow in group.flows]
        return dumps({"file": loaded.file, "name": loaded.strategy.name, "targets": found,
                      "flows": flows})
    shown = render_table(targets_table(loaded, lang), lang)
    if any(group.flows for group in loaded.strategy.target_groups):
        shown += "\n" + render_table(flows_table(loaded, lang), lang)
    return shown


def targets_table(loaded: Loaded, lang: str) -> Table:
    """Each caseload target with its state and the count that decided it."""

    rows: list[tuple[Cell, ...]] = []
    for name, target, status in found_targets(loaded):
        seen = (f"{format_count(status.count.persons, lang)} "
                f"({format_date(status.count.date, lang)})") if status.count else ""
        rows.append((name, target.persons, format_date(target.by, lang),
                     label(f"target_{status.state}", lang), seen))
    columns = (Column(label("group", lang), "text"), Column(label("target_persons", lang), "count"),
               Column(label("target_by", lang), "text"), Column(label("status", lang), "text"),
               Column(label("target_count", lang), "text"))
    notes = (label("targets_note", lang),) if rows else (label("no_targets", lang),)
    title = f"{loaded.strategy.name}: {label('title_targets', lang)}"
    return Table(title, columns if rows else (), tuple(rows), notes)


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
