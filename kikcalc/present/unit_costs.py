"""Unit costs derived from a budget table, as a table to read and a block to paste.

`kikcalc unitcosts TABLE` shows net budget / full-year persons per benefit and a
`unit_costs:` block whose names are quoted where plain YAML would misread them.
"""

from __future__ import annotations

import datetime
import re

from kikcalc.engine.plan import convert
from kikcalc.model.changes import DatedChange, changes_touching
from kikcalc.present.jsondoc import dumps
from kikcalc.present.labels import label
from kikcalc.present.render.text import render_table
from kikcalc.present.tables import Cell, Column, Table
from kikcalc.reading.budget_table import LoadedTable, table_measures, table_unit_costs
from kikcalc.reading.strict_yaml import resolve_scalar
from kikcalc.text.formatting import exact, format_date

_YAML11_WORDS = frozenset({"y", "n", "yes", "no", "on", "off", "true", "false", "null"})


def _yaml_quoted(text: str) -> str:
    """`text` as a double-quoted YAML scalar: JSON's escapes, and the characters YAML also
    takes as line breaks (NEL, U+2028, U+2029) or refuses (C1 controls) escaped as well."""
    import json

    return re.sub("[\x80-\x9f\u2028\u2029\ufeff]", lambda m: f"\\u{ord(m[0]):04x}",
                  json.dumps(text, ensure_ascii=False))



def _yaml_key(name: str) -> str:
    """A benefit name as a key: plain when it reads back as itself, else quoted."""
    plain = re.fullmatch(r"[^\W\d]\w*", name) is not None and resolve_scalar(name) == name \
        and name.lower() not in _YAML11_WORDS  # other readers take `yes` for true
    return name if plain else _yaml_quoted(name)



def unit_costs_block(loaded: LoadedTable) -> str:
    """A `unit_costs` block for a strategy file, in kroner, ready to paste: every name
    reads back as itself and the comment stays on its one line."""
    about = _yaml_quoted(f"{loaded.table.name}: net / full-year persons")[1:-1]
    lines = ["unit_costs:", "  unit: kr.", f"  # {about}"]
    lines += [f"  {_yaml_key(name)}: {cost}" for name, cost in table_unit_costs(loaded).items()]
    return "\n".join(lines) + "\n"



def render_unit_costs(loaded: LoadedTable, fmt: str, lang: str) -> str:

    table, costs = loaded.table, table_unit_costs(loaded)
    if fmt == "yaml":
        return unit_costs_block(loaded)
    if fmt == "json":
        measured = table_measures(loaded)
        return dumps({"name": table.name, "year": table.year, "unit": "kr.", "unit_costs": [
            {"benefit": name, "persons": exact(row.persons), "net": exact(row.net),
             "net_unit": table.unit, "per_person": exact(costs[name])}
            | ({"measures": exact(row.measures), "measures_per_person": exact(measured[name])}
               if row.measures is not None else {})
            for name, row in table.rows.items()], "dated_changes": [
                {"date": change.date.isoformat(), "change": change.name,
                 "source": change.source, "rows": rows}
                for change, rows in _changes(loaded).items()]})
    rows: tuple[tuple[Cell, ...], ...] = tuple(
        (name, row.label or "", row.persons, row.net, convert(costs[name], "kr.", "t.kr."))
        for name, row in table.rows.items())
    columns: tuple[Column, ...] = (Column(label("benefit", lang), "text"), Column("", "text"),
               Column(label("persons", lang), "count"),
               Column(label("net_budget", lang, unit=table.unit), "count"),
               Column(label("per_person_tkr", lang), "money"))
    notes: tuple[str, ...] = (label("unitcosts_note", lang),)
    measures = table_measures(loaded)
    if measures:  # a table with its measures column: activation and casework a person too
        rows = tuple((*row, row_of.measures, convert(measures[str(row[0])], "kr.", "t.kr.")
                      if row[0] in measures else None)
                     for row, row_of in zip(rows, table.rows.values(), strict=True))
        columns += (Column(label("measures_budget", lang, unit=table.unit), "count"),
                    Column(label("measures_per_person", lang), "money"))
        notes += (label("measures_note", lang),)
    notes += tuple(_change_notes(loaded, lang))
    shown = Table(table.name, columns, rows, notes, 1)
    return render_table(shown, lang) + "\n" + unit_costs_block(loaded)


def _changes(loaded: LoadedTable) -> dict[DatedChange, list[str]]:
    """The catalogue's dated changes after the table's year began that touch its rows:
    the table is priced at its year's law and does not know them."""
    table = loaded.table
    found: dict[DatedChange, list[str]] = {}
    for name, row in table.rows.items():
        for change in changes_touching(name, row.label or "",
                                       datetime.date(table.year, 1, 2)):
            found.setdefault(change, []).append(name)
    return dict(sorted(found.items(), key=lambda c: c[0].date))


def _change_notes(loaded: LoadedTable, lang: str) -> list[str]:
    return [label("unitcosts_change_note", lang, date=format_date(change.date, lang),
                  change=change.name, source=change.source, rows=", ".join(rows))
            for change, rows in _changes(loaded).items()]
