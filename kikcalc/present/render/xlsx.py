"""Excel: one sheet per table, numbers stored as numbers with number formats.

xlsxwriter is an optional extra, imported only here; it dates zip entries itself, and the
document's creation date is fixed, so the same input gives the same bytes. Text always goes
in through `write_string`, so a name that begins with `=` is text, never a formula.
"""

from __future__ import annotations

import datetime
import io
import re
from decimal import Decimal

from kikcalc.present.labels import label
from kikcalc.present.memo import Report
from kikcalc.present.render.cells import count_decimals
from kikcalc.present.render.workbook import print_setup, write_assumptions
from kikcalc.present.tables import Table
from kikcalc.text.safe import xml_text

FIXED_TIME = datetime.datetime(2000, 1, 1)


def _sheet_name(title: str, used: set[str]) -> str:
    """A name Excel accepts: none of []:*?/\\ or control characters, no apostrophe at
    either end, not the reserved 'History', at most 31 characters, unique in the book."""
    name = re.sub(r"[\[\]:*?/\\\x00-\x1f\x7f\ufffd]", "",
                  xml_text(title).rsplit(":", maxsplit=1)[-1])
    name = name.strip().strip("'").strip()[:28].rstrip("'") or "Tabel"
    if name.lower() == "history":
        name = "Tabel"
    candidate, n = name, 2
    while candidate.lower() in used:
        candidate, n = f"{name[:26]} {n}", n + 1
    used.add(candidate.lower())
    return candidate


SHEETS = ("title_summary", "title_payback", "title_net", "title_investment", "title_groups",
          "title_variance", "title_sensitivity", "title_scenarios", "title_simulation",
          "title_quantiles", "title_unit_costs", "title_sources")


def short_name(title: str, lang: str) -> str:
    """A table's sheet name: the short name of its kind (Nøgletal, Målgrupper, ...), else
    its title cut at a word, never inside one."""

    for key in SHEETS:
        if label(key, lang).split("{")[0].rstrip(" (") in title:
            return label(f"sheet_{key}", lang)
    words, name = title.rsplit(": ", maxsplit=1)[-1].split(), ""
    for word in words:
        if len(f"{name} {word}".strip()) > 28:
            break
        name = f"{name} {word}".strip()
    return name or words[0][:28] if words else "Tabel"


def _text(sheet: object, row: int, col: int, text: str, fmt: object = None, *,
          blank: bool = False) -> None:
    """Text as a string cell, never a formula; with `blank`, empty text as a blank cell."""
    if text or not blank:
        sheet.write_string(row, col, xml_text(text), fmt)  # type: ignore[attr-defined]
    else:
        sheet.write_blank(row, col, None, fmt)  # type: ignore[attr-defined]


def _count_format(workbook: object, formats: dict[str, object], decimals: int) -> object:
    key = f"count{decimals}"
    if key not in formats:
        formats[key] = workbook.add_format(  # type: ignore[attr-defined]
            {"num_format": "#,##0" + ("." + "0" * decimals if decimals else "")})
    return formats[key]


def _widest_number(numbers: list[Decimal], decimals: int) -> int:
    """The width of the widest of `numbers` as shown. Rounded to the same decimals, a
    number shows wider the further it is from 0 on its side, with a minus in front on the
    negative side (-0.001 shows as -0.00): the most negative and the largest are the
    widest, so two numbers are formatted, not a column's every cell."""
    signed = [value for value in numbers if value.is_signed()]
    unsigned = [value for value in numbers if not value.is_signed()]
    widest = [min(signed)] if signed else []
    widest += [max(unsigned)] if unsigned else []
    return max((len(f"{value:,.{decimals}f}") for value in widest), default=0)


def _column_width(title: str, cells: list[object], decimals: int) -> int:
    """As wide as the text a reader sees (a number as shown, not its exact digits)."""
    numbers = [c for c in cells if isinstance(c, Decimal)]
    others = (len(str(c)) for c in cells if c is not None and not isinstance(c, Decimal))
    return max([min(len(title), 24), _widest_number(numbers, decimals), *others])


def _write_table(workbook: object, sheet: object, table: Table, formats: dict[str, object]
                 ) -> None:
    _text(sheet, 0, 0, table.title, formats["title"], blank=True)
    for col, column in enumerate(table.columns):
        _text(sheet, 2, col, column.title, formats["header"], blank=True)
        # text longer than a column may be wraps inside it
        widest = _column_width(column.title, [r[col] for r in table.rows], table.decimals)
        wrap = formats.setdefault("wrap", workbook.add_format(  # type: ignore[attr-defined]
            {"text_wrap": True, "valign": "top"})) if widest > 60 else None
        sheet.set_column(col, col, min(max(widest + 2, 9), 60), wrap)  # type: ignore[attr-defined]
    money = formats[f"money{table.decimals}"] if f"money{table.decimals}" in formats \
        else workbook.add_format({"num_format": "#,##0." + "0" * table.decimals})  # type: ignore[attr-defined]
    formats[f"money{table.decimals}"] = money
    # each column's number format, found at its first number (formats are numbered in the
    # order they are made, so the order of the cells decides, as it did cell by cell)
    numeric: list[object] = [money if c.kind in ("money", "delta") else None
                             for c in table.columns]
    write_number = sheet.write_number  # type: ignore[attr-defined]
    year = formats["year"]
    for r, row in enumerate(table.rows, start=3):
        if len(row) != len(table.columns):
            raise ValueError(f"row {r - 3} of {table.title!r}: {len(row)} cells, "
                             f"{len(table.columns)} columns")
        for col, value in enumerate(row):
            if isinstance(value, Decimal):
                fmt = numeric[col]
                if fmt is None:
                    fmt = numeric[col] = _count_format(workbook, formats,
                                                       count_decimals(table, col))
                # Excel stores binary doubles; the exact decimals are in the JSON format.
                write_number(r, col, float(value), fmt)
            elif isinstance(value, int):
                write_number(r, col, value, year)
            elif value is not None:
                _text(sheet, r, col, value, formats.get("wrap") if len(str(value)) > 60
                      else None)
    for i, note in enumerate(table.notes, start=len(table.rows) + 4):
        _text(sheet, i, 0, note, formats["note"])
    print_setup(sheet, header_row=2, landscape=len(table.columns) > 7)


def render_xlsx(report: Report) -> bytes:
    import xlsxwriter

    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
    workbook.set_properties({"title": xml_text(report.title), "author": "kikcalc",
                             "created": FIXED_TIME})
    formats = {
        "title": workbook.add_format({"bold": True, "font_size": 12}),
        "header": workbook.add_format({"bold": True, "bottom": 1, "text_wrap": True}),
        "text": workbook.add_format({}),
        "bold": workbook.add_format({"bold": True}),
        "year_header": workbook.add_format({"bold": True, "bottom": 1, "num_format": "0"}),
        "year_bold": workbook.add_format({"bold": True, "num_format": "0"}),
        "cost": workbook.add_format({"num_format": "#,##0.00", "bg_color": "#FFF2CC"}),
        "pct": workbook.add_format({"num_format": "0.0##", "bg_color": "#FFF2CC"}),
        "input_persons": workbook.add_format({"num_format": "#,##0.00", "bg_color": "#FFF2CC"}),
        "input_money": workbook.add_format({"num_format": "#,##0.000", "bg_color": "#FFF2CC"}),
        "money": workbook.add_format({"num_format": "#,##0.000"}),
        "year": workbook.add_format({"num_format": "0"}),
        "note": workbook.add_format({"italic": True, "font_color": "#444444"}),
    }
    used: set[str] = set()
    ctx = report.context
    for table in report.tables:
        name = _sheet_name(short_name(table.title, ctx.lang), used)
        _write_table(workbook, workbook.add_worksheet(name), table, formats)
    if report.evaluated.results.projection is not None:
        names = (_sheet_name(ctx.text("sheet_assumptions"), used),
                 _sheet_name(ctx.text("sheet_calculation"), used))
        write_assumptions(workbook, report.evaluated.plan, ctx.benefit, ctx.text, ctx.unit,
                          formats, names, report.evaluated.results.projection)
    notes = workbook.add_worksheet(_sheet_name(report.context.text("footnotes"), used))
    notes.set_column(0, 0, 110)
    _text(notes, 0, 0, report.context.text("footnotes"), formats["title"])
    for i, note in enumerate(report.footnotes, start=2):
        _text(notes, i, 0, f"{i - 1}. {note}")
    workbook.close()
    return buffer.getvalue()
