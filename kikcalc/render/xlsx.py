"""Excel: one sheet per table, numbers stored as numbers with number formats.

xlsxwriter is an optional extra, imported only here; it dates zip entries itself, and the
document's creation date is fixed, so the same input gives the same bytes.
"""

from __future__ import annotations

import datetime
import io
import re
from decimal import Decimal

from kikcalc.report import Report
from kikcalc.tables import Table

FIXED_TIME = datetime.datetime(2000, 1, 1)


def _sheet_name(title: str, used: set[str]) -> str:
    name = re.sub(r"[\[\]:*?/\\]", "", title.rsplit(":", maxsplit=1)[-1]).strip()[:28] or "Tabel"
    candidate, n = name, 2
    while candidate.lower() in used:
        candidate, n = f"{name[:26]} {n}", n + 1
    used.add(candidate.lower())
    return candidate


def _write_table(workbook: object, sheet: object, table: Table, formats: dict[str, object]
                 ) -> None:
    sheet.write(0, 0, table.title, formats["title"])  # type: ignore[attr-defined]
    for col, column in enumerate(table.columns):
        sheet.write(2, col, column.title, formats["header"])  # type: ignore[attr-defined]
        widest = max([len(column.title), *(len(str(r[col])) for r in table.rows)])
        sheet.set_column(col, col, min(max(widest + 2, 9), 60))  # type: ignore[attr-defined]
    money = formats[f"money{table.decimals}"] if f"money{table.decimals}" in formats \
        else workbook.add_format({"num_format": "#,##0." + "0" * table.decimals})  # type: ignore[attr-defined]
    formats[f"money{table.decimals}"] = money
    for r, row in enumerate(table.rows, start=3):
        for col, (value, column) in enumerate(zip(row, table.columns, strict=True)):
            if isinstance(value, Decimal):
                fmt = money if column.kind in ("money", "delta") else formats["count"]
                # Excel stores binary doubles; the exact decimals are in the JSON format.
                sheet.write_number(r, col, float(value), fmt)  # type: ignore[attr-defined]
            elif isinstance(value, int):
                sheet.write_number(r, col, value, formats["year"])  # type: ignore[attr-defined]
            elif value is not None:
                sheet.write_string(r, col, value)  # type: ignore[attr-defined]
    for i, note in enumerate(table.notes, start=len(table.rows) + 4):
        sheet.write_string(i, 0, note, formats["note"])  # type: ignore[attr-defined]


def render_xlsx(report: Report) -> bytes:
    import xlsxwriter

    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
    workbook.set_properties({"title": report.title, "author": "kikcalc",
                             "created": FIXED_TIME})
    formats = {
        "title": workbook.add_format({"bold": True, "font_size": 12}),
        "header": workbook.add_format({"bold": True, "bottom": 1, "text_wrap": True}),
        "count": workbook.add_format({"num_format": "#,##0.##"}),
        "year": workbook.add_format({"num_format": "0"}),
        "note": workbook.add_format({"italic": True, "font_color": "#444444"}),
    }
    used: set[str] = set()
    for table in report.tables:
        _write_table(workbook, workbook.add_worksheet(_sheet_name(table.title, used)), table,
                     formats)
    notes = workbook.add_worksheet(_sheet_name(report.context.text("footnotes"), used))
    notes.set_column(0, 0, 110)
    notes.write(0, 0, report.context.text("footnotes"), formats["title"])
    for i, note in enumerate(report.footnotes, start=2):
        notes.write_string(i, 0, f"{i - 1}. {note}")
    workbook.close()
    return buffer.getvalue()
