"""`kikcalc report`: the committee memo's tables and chart in one file."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from kikcalc.evaluation.evaluated import Evaluated
    from kikcalc.loading.strategy import Loaded
    from kikcalc.present.tables import Table
    from kikcalc.statbank.compare import GroupBenchmark

from kikcalc.cli.common import (
    EXIT_FINDINGS,
    DecimalsOption,
    Lang,
    LangOption,
    NoCacheOption,
    OutputOption,
    app,
    cannot_read,
    emit,
    fail,
    load_one,
    said,
    say,
)
from kikcalc.cli.memo_formats import (
    BINARY,
    SHOWS_NO_TABLES,
    CsvDialect,
    ReportFormat,
    Template,
    Unit,
    format_for,
    render_memo,
)
from kikcalc.reading.files_read import FILES_READ

# Formats no one reads in a terminal: without --output there, one line says how instead
# (HTML piped to a file or another program is written as always).
NOT_FOR_A_TERMINAL = (*BINARY, "html", "svg")


def _uncertainty_tables(file: Path, loaded: Loaded, evaluated: Evaluated, lang: str,
                        unit: Unit | None) -> list[Table]:
    """How sure the payback is: the tornado, the scenarios and the simulation."""
    from kikcalc.evaluation.evaluated import evaluate_loaded
    from kikcalc.loading.strategy import load_scenarios
    from kikcalc.present.labels import label
    from kikcalc.present.scenario_view import render_scenarios
    from kikcalc.present.sensitivity_view import sensitivity_table
    from kikcalc.present.simulation_view import simulation_tables

    if evaluated.results.projection is None:
        return []
    tables = [sensitivity_table(evaluated, lang)]
    named = [(label("plan", lang), evaluated)]
    names = list(loaded.strategy.scenarios)
    try:
        loads = load_scenarios(str(file), names) if names else []  # one reading for all
    except OSError as error:
        raise fail(cannot_read(file, error)) from None
    for name, (scenario, _) in zip(names, loads, strict=True):
        if scenario is not None:
            named.append((name, evaluate_loaded(scenario, unit.value if unit else None)))
    if len(named) > 1:
        table = render_scenarios(named, "table", lang)
        assert not isinstance(table, str)
        tables.append(table)
    return tables + simulation_tables(evaluated, lang)


def _read_template(template: Path, fmt: ReportFormat) -> Template:
    """The template's bytes, read once, for the Word format only, and only when they are
    a plain Word document: anything else is a usage error that says why."""
    from kikcalc.present.render.word_template import MAX_BYTES, template_problem
    from kikcalc.reading.files import read_regular

    FILES_READ.append(str(template))
    if fmt is not ReportFormat.docx:
        raise fail(said("commands.template_docx"))
    try:
        data = read_regular(template, MAX_BYTES)
    except OSError as error:
        raise fail(f"--template {template}: {error.strerror or error}") from None
    problem = f"larger than {MAX_BYTES // 2**20} MB" if len(data) > MAX_BYTES \
        else template_problem(data)
    if problem is not None:
        raise fail(f"--template {template}: {problem}")
    return Template(template, data)


def _benchmark(loaded: Loaded, evaluated: Evaluated, lang: str
               ) -> tuple[GroupBenchmark, ...]:
    """The file's comparison with cluster and country, if it has one (K142: exit 1)."""
    if loaded.strategy.comparison is None:
        return ()
    from kikcalc.statbank.load import benchmark

    result, issues = benchmark(loaded, evaluated.plan)
    say(issues, lang)
    if result is None:
        raise typer.Exit(EXIT_FINDINGS)
    return result


@app.command()
def report(
    files: Annotated[list[Path], typer.Argument(metavar="FILE")],
    fmt: Annotated[ReportFormat | None, typer.Option("--format", "-f")] = None,
    lang: LangOption = Lang.da,
    unit: Annotated[Unit | None, typer.Option("--unit")] = None,
    decimals: DecimalsOption = None,
    chart: Annotated[bool, typer.Option("--chart/--no-chart", metavar="")] = True,
    uncertainty: Annotated[bool, typer.Option("--uncertainty/--no-uncertainty", metavar="")] = True,
    csv_dialect: Annotated[CsvDialect | None, typer.Option("--csv-dialect")] = None,
    template: Annotated[Path | None, typer.Option("--template", metavar="DOCX")] = None,
    combine: Annotated[bool, typer.Option("--combine", metavar="")] = False,
    output: OutputOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    """The committee memo's tables and payback chart, in Danish, ready to paste."""
    from kikcalc.cli.portfolio_memo import check_files, portfolio_report
    from kikcalc.evaluation.evaluated import evaluate_loaded
    from kikcalc.present.memo import build_report
    from kikcalc.present.views import context_of

    fmt = format_for(fmt, output)
    check_files(files, combine, fmt.value)
    if output is None and fmt.value in NOT_FOR_A_TERMINAL and sys.stdout.isatty():
        raise fail(said("commands.memo_needs_output", format=fmt.value))
    if fmt.value in BINARY and output is None:
        raise fail(said("commands.format_writes_file", format=fmt.value))
    checked = _read_template(template, fmt) if template is not None else None
    extras = [template] if template is not None else []
    if combine:
        combined = portfolio_report(files, unit.value if unit else None, decimals, lang.value)
        emit(render_memo(combined, fmt, chart, csv_dialect, checked), output,
             [*files, *extras])
        return
    file = files[0]
    loaded, evaluated, issues = load_one(file)
    say(issues, lang.value)
    if loaded is None or evaluated is None:
        raise typer.Exit(EXIT_FINDINGS)
    if unit is not None:  # the file evaluated in its own unit once is enough otherwise
        evaluated = evaluate_loaded(loaded, unit.value)
    extra = _uncertainty_tables(file, loaded, evaluated, lang.value, unit) \
        if uncertainty and fmt not in SHOWS_NO_TABLES else []
    compared = _benchmark(loaded, evaluated, lang.value) if fmt not in SHOWS_NO_TABLES else ()
    followed = None
    if fmt not in SHOWS_NO_TABLES:
        from kikcalc.cli.follow_up import observed_follow_up

        followed = observed_follow_up(loaded, evaluated)
    memo = build_report(loaded, evaluated, context_of(evaluated, lang.value, decimals), extra,
                        compared, followed)
    emit(render_memo(memo, fmt, chart, csv_dialect, checked), output, [file, *extras])
