"""CSV for spreadsheets and scripts.

`render` follows the language, so that the file opens in the reader's Excel: Danish
(`--lang da`) as Danish Excel opens it, with a byte-order mark, semicolons and a decimal
comma (`render_excel_da`); English (`--lang en`) comma-separated with a decimal point
(`render_plain`). Neither has thousands separators.
Money cells carry the same half-up rounding as the displayed tables; JSON has the exact
values. Text that begins like a formula (`=`, `+`, `-`, `@`, tab, carriage return) gets an
apostrophe in front, so a spreadsheet shows it and never runs it; numbers stay numbers.
Control and format characters in text are visible escapes (`printable`), as in the terminal.
Each table is its title on one row, then the header and the rows; tables are
separated by one empty line. The table's notes follow its rows, one per row.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from decimal import Decimal

from kikcalc.present.render.cells import cell_text, inert_text
from kikcalc.present.tables import Table
from kikcalc.text.safe import printable


def _text(text: str) -> str:
    return inert_text(printable(text, newline=True))


def _write(tables: Sequence[Table], delimiter: str, point: str, newline: str) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator=newline)
    for i, table in enumerate(tables):
        if i:
            writer.writerow([])
        writer.writerow([_text(table.title)])
        writer.writerow([_text(c.title) for c in table.columns])
        for row in table.rows:
            writer.writerow([cell_text(v, c, table, "plain").replace(".", point)
                             if isinstance(v, Decimal | int)
                             else _text(cell_text(v, c, table, "plain"))
                             for v, c in zip(row, table.columns, strict=True)])
        for note in table.notes:  # a part year's `*` must be explained here too
            writer.writerow([_text(note)])
    return buffer.getvalue()


def render(tables: Sequence[Table], lang: str) -> str:
    return render_excel_da(tables, lang) if lang == "da" else render_plain(tables, lang)


def render_plain(tables: Sequence[Table], lang: str) -> str:
    return _write(tables, ",", ".", "\n")


def render_excel_da(tables: Sequence[Table], lang: str) -> str:
    return "\ufeff" + _write(tables, ";", ",", "\r\n")
