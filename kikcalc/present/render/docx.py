"""Word: real tables in a built-in style a municipality can paste into its own template.

python-docx is an optional extra, imported only here. The file is made byte-identical for
the same input: fixed document properties and fixed dates inside the zip container.
"""

from __future__ import annotations

import datetime
import io
import zipfile

from kikcalc import __version__
from kikcalc.present.memo import Report
from kikcalc.present.render.cells import cell_text, is_right_aligned, xml_text
from kikcalc.present.tables import Table

FIXED_TIME = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)
TABLE_STYLE = "Light List Accent 1"
TEXT_WIDTH_CM = 17.0  # A4 less 2 cm margins, rounded down


CHAR_CM, PADDING_CM = 0.23, 0.5  # one 8.5 pt bold digit, and a cell's inner margins

def column_widths(rows: list[list[str]], numeric: list[bool],
                  total: float = TEXT_WIDTH_CM) -> list[float]:
    """Widths in cm. A number column gets what its widest cell needs unbroken; the text
    columns share the rest by their longest word (text may wrap between words).

    >>> column_widths([["Serie", "2016"], ["Budgetteret", "-18,1"]], [False, True], 10.0)
    [8.3, 1.7]
    """
    need: list[float | None] = []
    share: list[int] = []
    for column, is_number in zip(zip(*rows, strict=True), numeric, strict=True):
        words = [len(word) for cell in column for word in cell.split()] or [4]
        if is_number:
            widest = max(*words, *(len(cell) for cell in column[1:]))
            need.append(widest * CHAR_CM + PADDING_CM)
        else:
            need.append(None)
            share.append(min(max(*words, 6), 24))
    fixed = sum(n for n in need if n is not None)
    scale = min(1.0, total / (fixed + 1.5 * len(share))) if share else total / fixed
    rest = total - fixed * scale
    shares = iter(share)
    return [round(n * scale if n is not None else rest * next(shares) / sum(share), 1)
            for n in need]


def fixed_zip(data: bytes) -> bytes:
    """The same zip with every entry dated 1980-01-01, in the same order."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            target.writestr(fixed, source.read(info.filename))
    return out.getvalue()


def _add_table(document: object, table: Table, lang: str) -> None:
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    document.add_heading(xml_text(table.title), level=2)  # type: ignore[attr-defined]
    grid = document.add_table(rows=1, cols=len(table.columns))  # type: ignore[attr-defined]
    grid.style = TABLE_STYLE
    grid.alignment = WD_TABLE_ALIGNMENT.LEFT
    grid.autofit = False
    rows = [[xml_text(c.title) for c in table.columns]] + [
        [xml_text(cell_text(v, c, table, lang)) for v, c in zip(row, table.columns, strict=True)]
        for row in table.rows]
    widths = column_widths(rows, [is_right_aligned(c) for c in table.columns])
    for grid_column, width in zip(grid.columns, widths, strict=True):
        grid_column.width = Cm(width)  # LibreOffice reads the grid, Word the cells
    for r, values in enumerate(rows):
        cells = grid.rows[0].cells if r == 0 else grid.add_row().cells
        for cell, value, column, width in zip(cells, values, table.columns, widths, strict=True):
            cell.width = Cm(width)
            paragraph = cell.paragraphs[0]
            run = paragraph.add_run(value)
            run.font.size = Pt(8.5)
            if is_right_aligned(column):
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for note in table.notes:
        document.add_paragraph(  # type: ignore[attr-defined]
            xml_text(note)).runs[0].font.size = Pt(8)


def render_docx(report: Report, figures: dict[int, bytes]) -> bytes:
    """`figures`: PNG charts, each placed after the table of that index."""
    import docx
    from docx.shared import Cm, Pt

    ctx = report.context
    document = docx.Document()
    for section in document.sections:
        section.left_margin = section.right_margin = Cm(2)
    properties = document.core_properties
    properties.title, properties.author = xml_text(report.title), "kikcalc"
    properties.comments = xml_text(ctx.text("made_by", version=__version__,
                                            file=report.evaluated.file))
    properties.created = properties.modified = properties.last_printed = FIXED_TIME
    properties.revision = 1
    document.add_heading(xml_text(report.title), level=1)
    document.add_paragraph(xml_text(report.subtitle))
    for i, table in enumerate(report.tables):
        _add_table(document, table, ctx.lang)
        if i in figures:
            document.add_picture(io.BytesIO(figures[i]), width=Cm(16))
    document.add_heading(ctx.text("footnotes"), level=2)
    for note in report.footnotes:
        paragraph = document.add_paragraph(xml_text(note), style="List Number")
        paragraph.runs[0].font.size = Pt(8.5)
    buffer = io.BytesIO()
    document.save(buffer)
    return fixed_zip(buffer.getvalue())
