"""Excel: one sheet per table, numbers stored as numbers with number formats.

xlsxwriter is an optional extra, imported only here; it dates zip entries itself, and the
document's creation date is fixed, so the same input gives the same bytes. Text always goes
in through `write_string`, so a name that begins with `=` is text, never a formula.
"""

from __future__ import annotations

import datetime
import io
import re
from collections.abc import Sequence
from decimal import Decimal

from kikcalc.present.labels import label
from kikcalc.present.memo import Report
from kikcalc.present.render.cells import count_decimals
from kikcalc.present.render.workbook import Live, live_workbook
from kikcalc.present.render.workbook.inputs import number_format
from kikcalc.present.render.workbook.rows import Formulas, block_cells, fit_row
from kikcalc.present.render.workbook.sheet import (
    HEADER,
    INPUT,
    TOP,
    print_setup,
    shown,
    wrapped,
    write_array,
)
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


def short_name(table: Table, lang: str) -> str:
    """A table's sheet name: the short name of its kind (Nøgletal, Målgrupper, ...), else
    its title cut at a word, never inside one."""

    title = table.title
    if f"title_{table.kind}" in SHEETS:
        return label(f"sheet_title_{table.kind}", lang)
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


def _format(workbook: object, formats: dict[str, object], key: str, spec: dict[str, object]
            ) -> object:
    if key not in formats:
        formats[key] = workbook.add_format(spec)  # type: ignore[attr-defined]
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


def _column_width(title: str, cells: Sequence[object], decimals: int) -> int:
    """As wide as the text a reader sees (a number as shown, not its exact digits)."""
    numbers = [c for c in cells if isinstance(c, Decimal)]
    others = (len(str(c)) for c in cells if c is not None and not isinstance(c, Decimal))
    return max([min(len(title), 24), _widest_number(numbers, decimals), *others])


def _decimals(table: Table, col: int) -> int:
    column = table.columns[col]
    if column.kind == "count":
        return count_decimals(table, col)
    return table.decimals if column.decimals is None else column.decimals


def _column_format(workbook: object, formats: dict[str, object], table: Table, col: int,
                   numeric: bool) -> object:
    """A column's cell format: numbers with their decimals, right-aligned; text in a column
    of numbers (a payback year or "ikke tilbagebetalt") right-aligned under its header."""
    kind = table.columns[col].kind
    if kind in ("money", "delta", "count"):
        shown = number_format(_decimals(table, col))
        return _format(workbook, formats, f"number {shown}", {"num_format": shown,
                                                              "align": "right"})
    if kind == "year" or numeric:
        return _format(workbook, formats, "right", {"num_format": "0", "align": "right"})
    return None


def _write_table(workbook: object, sheet: object, table: Table, formats: dict[str, object],
                 live: Live | None = None) -> None:
    """The table as values, and where `live` gives one, a formula in the value's place
    (its value cached, so a reader without recalculation sees the same number). Written
    row after row, as the workbook keeps only the row it is on."""
    live = live or Live()
    widths, styles, headers, wrapping = _columns(workbook, sheet, table, formats, live)
    if table.title:
        wrapped(sheet, 0, table.title, widths, (formats["title"], formats["title_wrap"]), 12)
    for col, (title, style) in enumerate(headers):
        _text(sheet, HEADER, col, title, style, blank=True)
    fit_row(sheet, HEADER, [(title, widths[col]) for col, (title, _) in enumerate(headers)],
            bold=True)
    starting: dict[int, list[tuple[int, int, int, int, str]]] = {}
    for (top, first), (bottom, last, formula) in live.blocks.items():
        starting.setdefault(top, []).append((first, last, top, bottom, formula))
    blocks: dict[int, tuple[int, int, int, int, str]] = {}  # first column -> the block
    for r, row in enumerate(table.rows):
        if len(row) != len(table.columns):
            raise ValueError(f"row {r} of {table.title!r}: {len(row)} cells, "
                             f"{len(table.columns)} columns")
        blocks = {first: b for first, b in blocks.items() if b[3] >= r}
        blocks.update((b[0], b) for b in starting.get(r, ()))
        col = 0
        while col < len(row):
            if col in blocks:
                _, last, top, bottom, formula = blocks[col]
                _block_row(sheet, r, col, last, (top, bottom, formula),
                           [live.value(r, c, row[c]) for c in range(col, last + 1)],
                           styles[col])
                col = last + 1
            elif (r, col) in live.arrays:
                last, formula = live.arrays[r, col]
                write_array(sheet, r + TOP, col, last, formula,
                            [live.value(r, c, row[c]) for c in range(col, last + 1)],
                            styles[col])
                col = last + 1
            else:
                _cell(sheet, r, col, row[col], styles[col], live, formats)
                col += 1
        if wrapping:  # text longer than 60 characters wraps
            fit_row(sheet, r + TOP, [(row[col], widths[col]) for col in wrapping
                                     if isinstance(row[col], str) and len(row[col]) > 60])
    for at, note in enumerate(table.notes + live.notes, start=len(table.rows) + TOP + 1):
        wrapped(sheet, at, note, widths, (formats["note"], formats["note_wrap"]))
    print_setup(sheet, widths)


def _block_row(sheet: object, r: int, first: int, last: int, block: tuple[int, int, str],
               values: list[object], style: object) -> None:
    """Row `r` of an array formula over a block of the table's rows: on its first row the
    formula (cached value and all), then the cached values of its cells."""
    top, bottom, formula = block
    if r == top:
        sheet.write_array_formula(  # type: ignore[attr-defined]
            top + TOP, first, bottom + TOP, last, "{=" + formula + "}", style,
            shown(values[0]))  # type: ignore[arg-type]
        block_cells(sheet, r + TOP, first + 1, values[1:], style)  # type: ignore[arg-type]
    else:
        block_cells(sheet, r + TOP, first, values, style)  # type: ignore[arg-type]


def _columns(workbook: object, sheet: object, table: Table, formats: dict[str, object],
             live: Live) -> tuple[list[int], list[object], list[tuple[str, object]], list[int]]:
    """Each column's width, cell format and header (its text and format), and the columns
    whose text wraps; a column of numbers (or of formulas) has its header right-aligned
    over them."""
    widths: list[int] = []
    styles: list[object] = []
    headers: list[tuple[str, object]] = []
    wrapping: list[int] = []
    for col, column in enumerate(table.columns):
        cells = [r[col] for r in table.rows]
        numeric = column.kind != "text" or any(
            isinstance(c, int | Decimal) for c in cells) or live.in_column(col)
        styles.append(_column_format(workbook, formats, table, col, numeric))
        headers.append((column.title, formats["header_right" if numeric else "header"]))
        # text longer than a column may be wraps inside it
        widest = _column_width(column.title, cells, _decimals(table, col)
                               if column.kind != "text" else table.decimals)
        widths.append(min(max(widest + 2, 9), 60))
        wrap = _format(workbook, formats, "wrap", {"text_wrap": True, "valign": "top"}) \
            if widest > 60 else None
        wrapping += [col] if wrap is not None else []
        sheet.set_column(col, col, widths[-1], wrap)  # type: ignore[attr-defined]
    return widths, styles, headers, wrapping


def _cell(sheet: object, r: int, col: int, value: object, style: object, live: Live,
          formats: dict[str, object]) -> None:
    """One cell of row `r` of the table: its formula, or its value."""
    at = r + TOP
    if (r, col) in live.cells:
        sheet.write_formula(at, col, "=" + live.cells[r, col],  # type: ignore[attr-defined]
                            style, shown(live.value(r, col, value)))  # type: ignore[arg-type]
    elif isinstance(value, Decimal):
        # Excel stores binary doubles; the exact decimals are in the JSON format.
        sheet.write_number(at, col, float(value), style)  # type: ignore[attr-defined]
    elif isinstance(value, int):
        sheet.write_number(at, col, value, style or formats["year"])  # type: ignore[attr-defined]
    elif value is not None:
        _text(sheet, at, col, str(value), formats.get("wrap") if len(str(value)) > 60
              else style)


def _formats(workbook: object) -> dict[str, object]:
    add = workbook.add_format  # type: ignore[attr-defined]
    return {
        "title": add({"bold": True, "font_size": 12}),
        "title_wrap": add({"bold": True, "font_size": 12, "text_wrap": True, "valign": "top"}),
        "header": add({"bold": True, "bottom": 1, "text_wrap": True, "valign": "bottom"}),
        "header_right": add({"bold": True, "bottom": 1, "text_wrap": True, "align": "right",
                             "valign": "bottom"}),
        "text": add({}),
        "bold": add({"bold": True}),
        "year_header": add({"bold": True, "bottom": 1, "num_format": "0"}),
        "year_bold": add({"bold": True, "num_format": "0", "align": "right"}),
        "pct": add({"num_format": "0.0##", "bg_color": INPUT}),
        "input_persons": add({"num_format": "#,##0.00", "bg_color": INPUT}),
        "persons": add({"num_format": "#,##0.00", "align": "right"}),
        "years_fraction": add({"num_format": "0.00", "align": "right"}),
        "weight": add({"num_format": "0.0000", "align": "right"}),
        "factor": add({"num_format": "0.0000", "align": "right"}),
        "capped": add({"num_format": "0.0##;-0.0##;", "align": "right"}),  # 0 shows blank
        "year": add({"num_format": "0", "align": "right"}),
        "note": add({"italic": True, "font_color": "#444444"}),
        "note_wrap": add({"italic": True, "font_color": "#444444", "text_wrap": True,
                          "valign": "top"}),
    }


def render_xlsx(report: Report) -> bytes:
    import xlsxwriter

    buffer = io.BytesIO()
        # row by row (`constant_memory`): each sheet's rows go to a temporary file as they are
    # written, not into memory; the zip's entries are dated by xlsxwriter (1980-01-31)
    workbook = xlsxwriter.Workbook(buffer, {"constant_memory": True})
    workbook.worksheet_class = Formulas
    workbook.set_properties({"title": xml_text(report.title), "author": "kikcalc",
                             "created": FIXED_TIME})
    formats = _formats(workbook)
    used: set[str] = set()
    ctx = report.context
    sheets = [(table, workbook.add_worksheet(_sheet_name(short_name(table, ctx.lang), used)))
              for table in report.tables]
    live = live_workbook(workbook, report, formats, lambda title: _sheet_name(title, used))
    for table, sheet in sheets:
        _write_table(workbook, sheet, table, formats, live.table(table))
    notes = workbook.add_worksheet(_sheet_name(ctx.text("footnotes"), used))
    notes.set_column(0, 0, 95)
    _text(notes, 0, 0, ctx.text("footnotes"), formats["title"])
    wrap = workbook.add_format({"text_wrap": True, "valign": "top"})
    for i, note in enumerate(report.footnotes, start=2):
        _text(notes, i, 0, f"{i - 1}. {note}", wrap)
        fit_row(notes, i, [(f"{i - 1}. {note}", 95)])
    print_setup(notes, [95], header_row=0, first_column=False)
    workbook.close()
    return buffer.getvalue()
