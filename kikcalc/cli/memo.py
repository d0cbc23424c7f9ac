"""`kikcalc report`: the committee memo's tables and chart in one file."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from kikcalc.present.memo import Report
    from kikcalc.present.portfolio_memo import PortfolioReport
    from kikcalc.present.tables import Table
    from kikcalc.present.views import Evaluated
    from kikcalc.reading.strategy import Loaded
    from kikcalc.statbank.compare import GroupBenchmark

from kikcalc.cli.common import (
    EXIT_FINDINGS,
    DecimalsOption,
    Lang,
    LangOption,
    NoCacheOption,
    OutputOption,
    app,
    emit,
    fail,
    load_one,
)
from kikcalc.reading.files_read import FILES_READ

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


# These show the payback figures or chart only: the uncertainty tables are not computed.
SHOWS_NO_TABLES = (ReportFormat.json, ReportFormat.png, ReportFormat.svg)


class Unit(StrEnum):
    kr = "kr."
    tkr = "t.kr."
    mio = "mio. kr."


class CsvDialect(StrEnum):
    excel_da = "excel-da"
    plain = "plain"


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

        notes = "\n".join(f"{i}. {n}" for i, n in enumerate(report.footnotes, start=1))
        chart = f"{text_chart(report)}\n" if isinstance(report, Report) else ""
        return f"{report.title}\n{report.subtitle}\n\n{chart}{body}\n{notes}\n"
    from kikcalc.present.safe import markdown_text  # names in the title and notes too

    notes = "\n".join(f"{i}. {markdown_text(n)}"
                      for i, n in enumerate(report.footnotes, start=1))
    return (f"# {markdown_text(report.title)}\n\n{markdown_text(report.subtitle)}\n\n"
            f"{body}\n{notes}\n")


def _document(report: Report | PortfolioReport, fmt: ReportFormat, chart: bool,
              template: Path | None = None) -> str | bytes:
    from kikcalc.present.memo import Report
    from kikcalc.present.render.chart import (
        ChartUnavailable,
        chart_image,
        portfolio_image,
        tornado_image,
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
            figures[1] = chart_image(report, kind)
            if report.sensitivity_at is not None:
                figures[report.sensitivity_at] = tornado_image(report, kind)
            if report.benchmark_at is not None:
                from kikcalc.statbank.chart import index_chart

                figures[report.benchmark_at] = index_chart(report.benchmark, kind,
                                                           report.context.lang, report.title)
        if fmt is ReportFormat.html:
            from kikcalc.present.render.html import render_html

            return render_html(report, figures)
        if fmt is ReportFormat.docx:
            from kikcalc.present.render.docx import render_docx

            return render_docx(report, figures, str(template) if template else None)
        from kikcalc.present.render.xlsx import render_xlsx

        assert isinstance(report, Report)  # refused with --combine before it gets here
        return render_xlsx(report)
    except ChartUnavailable as error:
        raise fail(str(error)) from None
    except ImportError as error:
        raise fail(f"--format {fmt.value} needs {error.name}: pip install -e '.[report]' "
                   "in kikcalc's folder") from None


def _render(report: Report | PortfolioReport, fmt: ReportFormat, chart: bool,
            dialect: CsvDialect | None, template: Path | None = None) -> str | bytes:
    if fmt is ReportFormat.json:
        return _json(report)
    if fmt in (ReportFormat.markdown, ReportFormat.csv, ReportFormat.text):
        return _tables(report, fmt, dialect)
    document = _document(report, fmt, chart, template)
    matplotlib = sys.modules.get("matplotlib")  # loaded if a chart was drawn
    if matplotlib is not None:  # the charts follow its settings file: an input too
        FILES_READ.append(matplotlib.matplotlib_fname())
    return document


def _uncertainty_tables(file: Path, loaded: Loaded, evaluated: Evaluated, lang: str,
                        unit: Unit | None) -> list[Table]:
    """How sure the payback is: the tornado, the scenarios and the simulation."""
    from kikcalc.analysis.sensitivity import sensitivity_table
    from kikcalc.present.labels import label
    from kikcalc.present.scenario_view import render_scenarios
    from kikcalc.present.simulation_view import simulation_tables
    from kikcalc.present.views import evaluate_loaded
    from kikcalc.reading.strategy import load_scenarios

    if evaluated.results.projection is None:
        return []
    tables = [sensitivity_table(evaluated, lang)]
    named = [(label("plan", lang), evaluated)]
    names = list(loaded.strategy.scenarios)
    try:
        loads = load_scenarios(str(file), names) if names else []  # one reading for all
    except OSError as error:
        raise fail(f"cannot read {file}: {error.strerror or error}") from None
    for name, (scenario, _) in zip(names, loads, strict=True):
        if scenario is not None:
            named.append((name, evaluate_loaded(scenario, unit.value if unit else None)))
    if len(named) > 1:
        table = render_scenarios(named, "table", lang)
        assert not isinstance(table, str)
        tables.append(table)
    return tables + simulation_tables(evaluated, lang)


def _check_template(template: Path, fmt: ReportFormat) -> None:
    """A template is a regular Word file, for the Word format only."""
    import zipfile

    FILES_READ.append(str(template))
    if fmt is not ReportFormat.docx:
        raise fail("--template is for --format docx")
    if not template.is_file():
        raise fail(f"--template {template}: not a regular file")
    try:
        with zipfile.ZipFile(template) as book:
            book.getinfo("word/document.xml")
    except (OSError, KeyError, zipfile.BadZipFile):
        raise fail(f"--template {template}: not a Word (.docx) file") from None


def _benchmark(loaded: Loaded, evaluated: Evaluated) -> tuple[GroupBenchmark, ...]:
    """The file's comparison with cluster and country, if it has one (K142: exit 1)."""
    if loaded.strategy.comparison is None:
        return ()
    from kikcalc.statbank.load import benchmark

    result, issues = benchmark(loaded, evaluated.plan)
    for issue in issues:
        typer.echo(str(issue), err=True)
    if result is None:
        raise typer.Exit(EXIT_FINDINGS)
    return result


@app.command()
def report(
    files: Annotated[list[Path], typer.Argument(
        metavar="FILE", help="Strategy YAML file; two or more with --combine.")],
    fmt: Annotated[ReportFormat, typer.Option("--format", "-f", help="Output format.")]
    = ReportFormat.html,
    lang: LangOption = Lang.da,
    unit: Annotated[Unit | None, typer.Option(
        "--unit", help="Money unit of the tables (default: the file's).")] = None,
    decimals: DecimalsOption = None,
    chart: Annotated[bool, typer.Option(
        "--chart/--no-chart", metavar="", help="Include the charts (docx, html).")] = True,
    uncertainty: Annotated[bool, typer.Option(
        "--uncertainty/--no-uncertainty", metavar="",
        help="Include sensitivity, scenarios and (with numpy) the simulation.")] = True,
    csv_dialect: Annotated[CsvDialect | None, typer.Option(
        "--csv-dialect", help="Default: by --lang (da: semicolon, decimal comma, BOM; "
        "en: comma, point); excel-da or plain to choose.")] = None,
    template: Annotated[Path | None, typer.Option(
        "--template", metavar="DOCX", help="Word file whose styles, header and footer the "
        "memo is written into (docx only).")] = None,
    combine: Annotated[bool, typer.Option(
        "--combine", metavar="",
        help="The memo of a portfolio: plan against actual per strategy and "
        "in total, and the yearly net, in mio. kr. unless --unit (not xlsx).")] = False,
    output: OutputOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    """The committee memo's tables and payback chart, in Danish, ready to paste."""
    from kikcalc.cli.portfolio_memo import check_files, portfolio_report
    from kikcalc.present.memo import build_report
    from kikcalc.present.views import evaluate_loaded

    check_files(files, combine, fmt.value)
    if fmt.value in BINARY and output is None:
        raise fail(f"--format {fmt.value} writes a file: give --output FILE")
    if template is not None:
        _check_template(template, fmt)
    extras = [template] if template is not None else []
    if combine:
        combined = portfolio_report(files, unit.value if unit else None, decimals, lang.value)
        emit(_render(combined, fmt, chart, csv_dialect, template), output, [*files, *extras])
        return
    file = files[0]
    loaded, _, issues = load_one(file)
    for issue in issues:
        typer.echo(str(issue), err=True)
    if loaded is None:
        raise typer.Exit(EXIT_FINDINGS)
    evaluated = evaluate_loaded(loaded, unit.value if unit else None)
    extra = _uncertainty_tables(file, loaded, evaluated, lang.value, unit) \
        if uncertainty and fmt not in SHOWS_NO_TABLES else []
    compared = _benchmark(loaded, evaluated) if fmt not in SHOWS_NO_TABLES else ()
    memo = build_report(loaded, evaluated, evaluated.context(lang.value, decimals), extra,
                        compared)
    emit(_render(memo, fmt, chart, csv_dialect, template), output, [file, *extras])
