"""Word: real tables in a built-in style a municipality can paste into its own template.

python-docx is an optional extra, imported only here. The file is made byte-identical for
the same input: fixed document properties and fixed dates inside the zip container.
"""

from __future__ import annotations

import datetime
import io
import zipfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

from kikcalc import __version__
from kikcalc.present.memo import Report
from kikcalc.present.portfolio_memo import PortfolioReport
from kikcalc.present.render import word_flow as flow
from kikcalc.present.render import word_layout as layout
from kikcalc.present.render import word_table
from kikcalc.present.render.cells import cell_text, is_right_aligned
from kikcalc.present.render.word_fit import (
    LANDSCAPE_CM,
    MARGIN_TWIPS,
    PORTRAIT_CM,
    Arranged,
    arrange,
)
from kikcalc.present.render.word_template import external_free, open_template
from kikcalc.present.tables import Table
from kikcalc.record import Record, field
from kikcalc.text.safe import xml_text

FIXED_TIME = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)
TABLE_STYLE = "Light List Accent 1"
NOTE_PT = 8  # a table's notes and the memo's
FIGURE_CM = 16  # a chart's width on a portrait page


def fixed_zip(data: bytes, replaced: Mapping[str, bytes | Iterable[bytes]] | None = None
              ) -> bytes:
    """The same zip with every entry dated 1980-01-01, in the same order; the entries
    in `replaced` with their new content, given whole or in pieces."""
    replaced = replaced or {}
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            content = replaced.get(info.filename) or source.read(info.filename)
            with target.open(fixed, "w") as entry:
                for piece in [content] if isinstance(content, bytes) else content:
                    entry.write(piece)
    return out.getvalue()


def _short(title: str, name: str) -> str:
    """A table's title without the strategy's name in front: the memo is about it."""
    return title.removeprefix(f"{name}: ")


def _widths(grid: Any, setting: Arranged) -> None:
    """The table's grid in cm: LibreOffice reads the grid, Word the cells (`word_table`)."""
    from docx.shared import Cm

    count = len(setting.rows[0])
    widths = setting.fit.widths or [LANDSCAPE_CM / count] * count
    for grid_column, width in zip(grid.columns, widths, strict=True):
        grid_column.width = Cm(width)


def _unbroken(text: str) -> str:
    """A number and its % sign stay on one line."""
    return xml_text(text).replace(" %", "\u00a0%")


def _arranged(table: Table, lang: str) -> Arranged:
    """The table's cells as text, and how they are set on the page."""
    rows = [[_unbroken(c.title) for c in table.columns]] + [
        [_unbroken(cell_text(v, c, table, lang)) for v, c in
         zip(row, table.columns, strict=True)] for row in table.rows]
    # a table whose rows stand out (a loss) keeps its rows as they are
    return arrange(rows, [is_right_aligned(c) for c in table.columns],
                   regroup=not table.emphasis)


def _add_table(memo: Memo, table: Table, setting: Arranged, *, last: bool = False) -> None:
    """The table under its caption, its notes right under it, all on one page where it
    fits; `last`: the memo's notes follow, and stay on the page of the last table."""
    from docx.enum.table import WD_TABLE_ALIGNMENT

    memo.orient(setting.fit.landscape)
    memo.tables += 1
    title = layout.caption(memo.document, memo.text("table_word"), memo.tables,
                           xml_text(_short(table.title, memo.name)))
    title.paragraph_format.keep_with_next = True
    if table.columns:
        grid = memo.document.add_table(rows=1, cols=len(setting.rows[0]))
        grid.style = layout.table_style(memo.document, TABLE_STYLE)
        grid.alignment = WD_TABLE_ALIGNMENT.LEFT
        grid.autofit = False
        if setting.fit.narrow:
            layout.cell_margins(grid, MARGIN_TWIPS[True])
        _widths(grid, setting)
        # the rows are written as text when the document is saved
        right = [is_right_aligned(c) for c in table.columns[setting.dropped:]]
        word_table.leave_mark(grid, len(memo.rows))
        memo.rows.append(word_table.rows_xml(setting, right, table.emphasis,
                                             with_next=bool(table.notes) or last))
    for n, note in enumerate(table.notes, start=1):
        final = n == len(table.notes)
        layout.compact(memo.document.add_paragraph(xml_text(note)), NOTE_PT,
                       keep=last or not final, after=4 if final else 0)


class Memo(Record, frozen=False):
    """The Word document being written, and where it stands: page orientation, numbers."""

    document: Any
    lang: str
    name: str
    text: Callable[[str], str]
    landscape: bool = False
    tables: int = 0
    figures: int = 0
    rows: list[Iterator[str]] = field(default_factory=list)  # each table's, to write

    def orient(self, landscape: bool) -> None:
        """A new section when the page must turn: wide tables go on landscape pages."""
        if landscape == self.landscape:
            return
        from docx.enum.section import WD_SECTION

        section = self.document.add_section(WD_SECTION.NEW_PAGE)
        layout.set_a4(section, landscape=landscape)
        self.landscape = landscape


def open_document(template: bytes | None) -> Any:
    """A new document, or the municipality's template emptied of its body text (its
    styles, page setup, header, footer and logo stay); TemplateError if the template is
    not a plain Word document (`kikcalc.present.render.word_template`)."""
    import docx

    if template is not None:
        return open_template(template)
    document = docx.Document()
    for section in document.sections:
        layout.set_a4(section)
    return document


def _figure(memo: Memo, image: bytes, title: str, *, last: bool = False) -> None:
    """The chart and its caption below it; `last`: the memo's notes follow on its page."""
    from docx.shared import Cm

    width = LANDSCAPE_CM - 6 if memo.landscape else PORTRAIT_CM - 1
    memo.document.add_picture(io.BytesIO(image), width=Cm(min(width, FIGURE_CM)))
    memo.document.paragraphs[-1].paragraph_format.keep_with_next = True
    memo.figures += 1
    caption = layout.caption(memo.document, memo.text("figure_word"), memo.figures,
                             xml_text(title))
    caption.paragraph_format.keep_with_next = last


def _footnotes(memo: Memo, notes: tuple[str, ...]) -> None:
    """The memo's notes, under its heading, kept together (and with the last table)."""
    heading = memo.document.add_heading(memo.text("footnotes"), level=2)
    heading.paragraph_format.keep_with_next = True
    numbered = "List Number" in {s.name for s in memo.document.styles}
    for n, note in enumerate(notes, start=1):
        text = xml_text(note) if numbered else f"{n}. {xml_text(note)}"
        paragraph = memo.document.add_paragraph(text, style="List Number" if numbered else None)
        layout.compact(paragraph, NOTE_PT, keep=n < len(notes), after=2)


def _sequence(report: Report | PortfolioReport, figures: dict[int, bytes],
              settings: list[Arranged], section: Any) -> list[tuple[str, int]]:
    """The order of the tables and charts: each chart after its table, unless it is too
    tall for what is left of its page and small tables after it fit there (`word_flow`).
    As they come where a table turns the page or a chart is not a PNG."""
    sizes = {i: flow.png_size(image) for i, image in figures.items()}
    blocks: list[flow.Block] = []
    for i, (table, setting) in enumerate(zip(report.tables, settings, strict=True)):
        blocks.append(("table", i, flow.table_cm(setting, table.notes, NOTE_PT)))
        if (size := sizes.get(i)) is not None:
            blocks.append(("figure", i, flow.figure_cm(*size, FIGURE_CM)))
        elif i in figures:
            blocks.append(("figure", i, float("inf")))
    if any(s.fit.landscape for s in settings) or float("inf") in (b[2] for b in blocks):
        return [b[:2] for b in blocks]
    height = (section.page_height - section.top_margin - section.bottom_margin) / 360000
    return flow.order(blocks, flow.Pages(flow.TITLE_CM, height))


def _caption(report: Report | PortfolioReport, index: int) -> str:
    ctx = report.context
    if isinstance(report, PortfolioReport):
        return f"{ctx.text('chart_portfolio')} ({ctx.unit})"
    if index == report.sensitivity_at:
        return ctx.text("title_sensitivity")
    if index == report.benchmark_at:
        return ctx.text("chart_benchmark")
    if index == report.follow_up_at:
        return ctx.text("chart_follow_up")
    return f"{ctx.text('chart_title')} ({ctx.unit})"


_PROPERTY_LIMIT = 255


def _property(text: str) -> str:
    """`text` fit for a Word core property: XML-safe, at most 255 characters."""
    text = xml_text(text)
    return text if len(text) <= _PROPERTY_LIMIT else text[:_PROPERTY_LIMIT - 1] + "…"


def render_docx(report: Report | PortfolioReport, figures: dict[int, bytes],
                template: bytes | None = None) -> bytes:
    """`figures`: PNG charts, each placed after the table of that index. `template`: the
    bytes of a Word file whose styles, page setup, header and footer the memo is written
    into; nothing in it that points outside the file reaches the memo."""
    ctx = report.context
    document = open_document(template)
    layout.set_language(document, ctx.lang)
    layout.page_numbers(document.sections[0], ctx.text("page"), ctx.text("page_of"))
    properties = document.core_properties
    # Word caps a core property at 255 characters: a short description, never the
    # paths (a portfolio of three files at ordinary paths passed it).
    properties.title = _property(report.title)
    properties.author = "kikcalc"
    properties.comments = _property(ctx.text("made_by_short", version=__version__))
    properties.created = properties.modified = properties.last_printed = FIXED_TIME
    properties.revision = 1
    # the page's margin is room enough above the title
    document.add_heading(xml_text(report.title), level=1).paragraph_format.space_before = 0
    document.add_paragraph(xml_text(report.subtitle))
    first = document.sections[0]
    upright = first.page_width <= first.page_height
    memo = Memo(document, ctx.lang, report.title, ctx.text, landscape=not upright)
    settings = [_arranged(table, ctx.lang) for table in report.tables]
    sequence = _sequence(report, figures, settings, first)
    for kind, i in sequence:
        # the notes close the memo on the page of its last table (or chart)
        last = (kind, i) == sequence[-1] and bool(report.footnotes)
        if kind == "table":
            _add_table(memo, report.tables[i], settings[i], last=last)
        else:
            _figure(memo, figures[i], _caption(report, i), last=last)
    if report.footnotes:  # on the page of the last table, turned or not
        _footnotes(memo, report.footnotes)
    buffer = io.BytesIO()
    document.save(buffer)
    data = buffer.getvalue()
    replaced: dict[str, bytes | Iterable[bytes]] = {}
    if template is not None:
        replaced.update(external_free(data))
    part = document.part.partname.lstrip("/")
    saved = replaced.get(part)
    body = saved if isinstance(saved, bytes) else zipfile.ZipFile(io.BytesIO(data)).read(part)
    replaced[part] = word_table.splice(body, memo.rows)
    return fixed_zip(data, replaced)
