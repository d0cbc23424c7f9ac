"""Plain-text tables for the terminal.

Written by hand rather than with rich: every column is as wide as its widest cell, so no
number is ever cut off or wrapped, whatever the terminal width and also when piped, and
the same input gives byte-identical output everywhere. Titles, cells and notes are
`printable`: no control or format character reaches the terminal raw.
"""

from __future__ import annotations

from collections.abc import Sequence

from kikcalc.present.render.cells import cell_text, is_right_aligned
from kikcalc.present.tables import Table
from kikcalc.text.safe import printable


def render_table(table: Table, lang: str) -> str:
    title, notes = printable(table.title), [printable(n) for n in table.notes]
    if not table.columns:
        return "\n".join([title, "", *notes]) + "\n"
    header = [printable(c.title) for c in table.columns]
    body = [[printable(cell_text(v, c, table, lang))
             for v, c in zip(row, table.columns, strict=True)] for row in table.rows]
    widths = [max(len(line[i]) for line in [header, *body]) for i in range(len(header))]

    def line(cells: list[str]) -> str:
        parts = [cell.rjust(w) if is_right_aligned(col) else cell.ljust(w)
                 for cell, w, col in zip(cells, widths, table.columns, strict=True)]
        return "  ".join(parts).rstrip()

    rule = "  ".join("-" * w for w in widths)
    out = [title, "", line(header), rule, *(line(cells) for cells in body)]
    if notes:
        out.append("")
        out.extend(notes)
    return "\n".join(out) + "\n"


def render(tables: Sequence[Table], lang: str) -> str:
    return "\n".join(render_table(t, lang) for t in tables)
