"""The memo's formats: what `kikcalc report` and `report --combine` write for each
`--format`, from one report (the tables built once for every format)."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from kikcalc.cli.common import fail, said

if TYPE_CHECKING:
    from kikcalc.present.memo import Report
    from kikcalc.present.portfolio_memo import PortfolioReport

BINARY = ("docx", "xlsx", "png")


class ReportFormat(StrEnum):
    docx = "docx"
    xlsx = "xlsx"
    html = "html"
    markdown = "markdown"
    csv = "csv"
    json = "json"
    text = "text"
    png = "png"  # the payback chart alone
    svg = "svg"


# What a memo file's name says it holds: `-o notat.docx` without --format writes Word, and
# `-f xlsx -o notat.docx` is refused rather than a workbook written under a Word name that
# Word then cannot open (found by a new user).
SUFFIXES = {".docx": ReportFormat.docx, ".xlsx": ReportFormat.xlsx,
            ".html": ReportFormat.html, ".htm": ReportFormat.html,
            ".md": ReportFormat.markdown, ".csv": ReportFormat.csv,
            ".json": ReportFormat.json, ".txt": ReportFormat.text,
            ".png": ReportFormat.png, ".svg": ReportFormat.svg}


def format_for(fmt: ReportFormat | None, output: Path | None) -> ReportFormat:
    """The memo's format: --format as given, else the one --output's name ends in, else
    html; a --format the name contradicts is a usage error (exit 2)."""
    named = SUFFIXES.get(output.suffix.lower()) if output is not None else None
    if fmt is None:
        return named or ReportFormat.html
    if named is not None and named is not fmt:
        raise fail(said("commands.format_not_suffix", format=fmt.value, output=str(output),
                        named=named.value))
    return fmt


# These show the payback figures or chart only: the uncertainty tables are not computed.
SHOWS_NO_TABLES = (ReportFormat.json, ReportFormat.png, ReportFormat.svg)


class Unit(StrEnum):
    kr = "kr."
    tkr = "t.kr."
    mio = "mio. kr."


class CsvDialect(StrEnum):
    excel_da = "excel-da"
    plain = "plain"


class Template(NamedTuple):
    """A --template: its path for messages, its bytes as checked."""

    path: Path
    data: bytes


def _json(report: Report | PortfolioReport) -> str:
    from kikcalc.present import jsondoc
    from kikcalc.present.portfolio_memo import PortfolioReport, portfolio_report_doc

    if isinstance(report, PortfolioReport):
        return jsondoc.dumps(portfolio_report_doc(report))
    ev = report.evaluated
    args = (ev.file, ev.name, ev.unit, ev.plan, ev.results)
    doc = jsondoc.payback_doc(*args)
    doc["years"] = jsondoc.net_doc(*args)["years"]
    doc["rows"] = jsondoc.variance_doc(*args)["rows"]
    return jsondoc.dumps(doc)


def _tables(report: Report | PortfolioReport, fmt: ReportFormat, dialect: CsvDialect | None
            ) -> str:
    from kikcalc.present.memo import Report
    from kikcalc.present.render import TABLE_RENDERERS, delimited

    lang, tables = report.context.lang, list(report.tables)
    if fmt is ReportFormat.csv:
        render = {None: delimited.render, CsvDialect.excel_da: delimited.render_excel_da,
                  CsvDialect.plain: delimited.render_plain}[dialect]
        return render(tables, lang)
    body = TABLE_RENDERERS[fmt.value](tables, lang)
    if fmt is ReportFormat.text:
        from kikcalc.present.render.chart import text_chart
        from kikcalc.present.render.text import wrap
        from kikcalc.text.safe import printable  # names in the title and notes too

        notes = "\n".join(line for i, n in enumerate(report.footnotes, start=1)
                          for line in wrap(f"{i}. {printable(n)}", indent=" " * len(f"{i}. ")))
        chart = f"{text_chart(report)}\n" if isinstance(report, Report) else ""
        return (f"{printable(report.title)}\n{printable(report.subtitle)}\n\n{chart}{body}\n"
                f"{notes}\n")
    from kikcalc.text.safe import markdown_text  # names in the title and notes too

    notes = "\n".join(f"{i}. {markdown_text(n)}"
                      for i, n in enumerate(report.footnotes, start=1))
    return (f"# {markdown_text(report.title)}\n\n{markdown_text(report.subtitle)}\n\n"
            f"{body}\n{notes}\n")


def _word(report: Report | PortfolioReport, figures: dict[int, bytes],
          template: Template | None) -> bytes:
    from kikcalc.present.render.docx import render_docx
    from kikcalc.present.render.word_template import TemplateError

    if template is None:
        return render_docx(report, figures)
    try:
        return render_docx(report, figures, template.data)
    except TemplateError as error:  # checked, yet python-docx cannot read it
        raise fail(f"--template {template.path}: {error}") from None


def _figures(report: Report, kind: str) -> dict[int, bytes]:
    """The charts of one strategy's memo, by the index of the table they follow."""
    from kikcalc.present.render.chart import chart_image
    from kikcalc.present.render.tornado_chart import tornado_image

    figures = {1: chart_image(report, kind)}
    if report.sensitivity_at is not None:
        figures[report.sensitivity_at] = tornado_image(report, kind)
    if report.benchmark_at is not None:
        from kikcalc.present.render.benchmark_chart import index_chart

        figures[report.benchmark_at] = index_chart(report.benchmark, kind,
                                                   report.context.lang, report.title)
    if report.follow_up_at is not None and report.follow_up is not None:
        from kikcalc.present.render.follow_up_chart import follow_up_chart

        figures[report.follow_up_at] = follow_up_chart(report.follow_up, kind,
                                                       report.context.lang, report.title)
    return figures


def _document(report: Report | PortfolioReport, fmt: ReportFormat, chart: bool,
              template: Template | None = None) -> str | bytes:
    from kikcalc.present.memo import Report
    from kikcalc.present.render.chart import (
        ChartUnavailable,
        chart_image,
        portfolio_image,
    )

    try:
        kind = "svg" if fmt in (ReportFormat.html, ReportFormat.svg) else "png"
        figures: dict[int, bytes] = {}
        if not isinstance(report, Report):  # a portfolio: its own chart, after its net
            if fmt in (ReportFormat.png, ReportFormat.svg) and report.chart_at is None:
                raise fail(f"--format {fmt.value}: no strategy of the portfolio has a "
                           "projection to chart")
            if fmt in (ReportFormat.png, ReportFormat.svg):
                return portfolio_image(report, kind)
            if chart and report.chart_at is not None:
                figures[report.chart_at] = portfolio_image(report, kind)
        elif fmt in (ReportFormat.png, ReportFormat.svg):
            return chart_image(report, fmt.value)
        elif chart and fmt is not ReportFormat.xlsx:
            figures = _figures(report, kind)
        if fmt is ReportFormat.html:
            from kikcalc.present.render.html import render_html

            return render_html(report, figures)
        if fmt is ReportFormat.docx:
            return _word(report, figures, template)
        from kikcalc.present.render.xlsx import render_xlsx

        assert isinstance(report, Report)  # refused with --combine before it gets here
        return render_xlsx(report)
    except ChartUnavailable:  # the only cause: Pillow missing
        raise fail(said("commands.needs_pillow")) from None
    except ImportError as error:
        raise fail(said("commands.needs_extra", what=f"--format {fmt.value}",
                        name=error.name, extra="report")) from None


def render_memo(report: Report | PortfolioReport, fmt: ReportFormat, chart: bool,
            dialect: CsvDialect | None, template: Template | None = None) -> str | bytes:
    if fmt is ReportFormat.json:
        return _json(report)
    if fmt in (ReportFormat.markdown, ReportFormat.csv, ReportFormat.text):
        return _tables(report, fmt, dialect)
    return _document(report, fmt, chart, template)
