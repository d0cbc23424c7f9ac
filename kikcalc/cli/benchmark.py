"""`kikcalc benchmark` and `kikcalc statbank fetch`: the strategy against the statistics."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from kikcalc.cli.common import (
    EXIT_ERROR,
    EXIT_FINDINGS,
    FileArgument,
    Format,
    FormatOption,
    Lang,
    LangOption,
    OutputOption,
    app,
    cannot_read,
    emit,
    fail,
    load_one,
    said,
    say,
)
from kikcalc.cli.language import App, remember_given

if TYPE_CHECKING:
    from kikcalc.statbank.tableinfo import TableInfo

statbank = App(no_args_is_help=True)
app.add_typer(statbank, name="statbank")


@statbank.callback()
def _statbank(ctx: typer.Context,
              lang: Annotated[Lang | None, typer.Option("--lang")] = None) -> None:
    """Danmarks Statistik's StatBank (`--lang` here as before any command)."""
    remember_given(ctx, lang.value if lang else None)


@app.command()
def benchmark(file: FileArgument, fmt: FormatOption = Format.text, lang: LangOption = Lang.da,
              output: OutputOption = None) -> None:
    """Per target group and year: the caseload against the cluster and the country, the
    reduction the data supports against the one claimed, and the implied deadweight."""
    from kikcalc.statbank.load import benchmark as compare_strategy

    loaded, evaluated, issues = load_one(file)
    say(issues, lang.value)
    if loaded is None or evaluated is None:
        raise typer.Exit(EXIT_FINDINGS)
    if loaded.strategy.comparison is None:
        raise fail(said("commands.no_comparison", file=file))
    result, issues = compare_strategy(loaded, evaluated.plan)
    say(issues, lang.value)
    if result is None:
        raise typer.Exit(EXIT_FINDINGS)
    if fmt is Format.json:
        from kikcalc import __version__
        from kikcalc.present.benchmark_view import benchmark_doc
        from kikcalc.present.jsondoc import JSON_FORMAT_VERSION, dumps

        text = dumps({"kikcalc": __version__, "format_version": JSON_FORMAT_VERSION,
                      "file": loaded.file, "name": evaluated.name,
                      "period": {"start": evaluated.plan.start, "end": evaluated.plan.end},
                      "benchmark": benchmark_doc(result)})
    else:
        from kikcalc.present.benchmark_view import benchmark_tables
        from kikcalc.present.render import TABLE_RENDERERS

        tables = benchmark_tables(result, evaluated.name, lang.value)
        text = TABLE_RENDERERS[fmt.value](tables, lang.value)
    emit(text, output, [file])


def _wanted(strategy: Path | None, areas: list[str] | None, types: list[str] | None,
            lang: str) -> tuple[list[str], list[str]]:
    """The area and benefit-type labels from the options, or from a strategy's comparison."""
    from kikcalc.statbank.benefits import types_for_benefit

    areas, types = list(areas or []), list(types or [])
    if strategy is not None:
        loaded, evaluated, issues = load_one(strategy)
        say(issues, lang)
        if loaded is None or evaluated is None:
            raise typer.Exit(EXIT_FINDINGS)
        comparison = loaded.strategy.comparison
        if comparison is None:
            raise fail(said("commands.no_comparison_name", file=strategy))
        areas += [comparison.municipality, *comparison.cluster]
        for group in evaluated.plan.groups:
            types += comparison.benefit_types.get(group.name) or types_for_benefit(group.benefit)
    unique = list(dict.fromkeys(a for a in areas if a)), list(dict.fromkeys(types))
    if not unique[0] or not unique[1]:
        raise fail(said("commands.name_areas"))
    return unique


def _saved_tableinfo(path: Path) -> TableInfo:
    """A tableinfo answer saved as JSON, or the metadata line of a CSV kikcalc fetched."""
    from kikcalc.reading.files import read_regular
    from kikcalc.statbank.tableinfo import HEADER, MetadataError, parse_tableinfo

    try:
        text = read_regular(path).decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise fail(cannot_read(path, error)) from None
    line = next((x for x in text.splitlines() if x.startswith(HEADER)), None)
    try:
        return parse_tableinfo(line[len(HEADER):] if line else text)
    except MetadataError as error:
        raise fail(f"{path}: {error}") from None


def _dry_run(table: str, info: TableInfo | None, areas: list[str], types: list[str]) -> str:
    """Both requests; the data request's codes from saved metadata, else named by label."""
    import json

    from kikcalc.statbank.fetch import API, build_request, tableinfo_request
    from kikcalc.statbank.tableinfo import MetadataError, select

    first = tableinfo_request(table)
    lines = [f"POST {first.url}", json.dumps(first.body, ensure_ascii=False, indent=2), "",
             f"GET {first.get_url}", ""]
    if info is None:
        body = {"table": table.upper(), "format": "CSV", "lang": "da",
                "delimiter": "Semicolon", "valuePresentation": "Code",
                "timeOrder": "Ascending", "variables": [
                    {"code": "<area variable>", "values": [f"<code of {a!r}>" for a in areas]
                     + ["<code of 'Hele landet'>"]},
                    {"code": "<benefit-type variable>",
                     "values": [f"<code of {t!r}>" for t in types]},
                    {"code": "<each other variable>", "values": ["<code of its total>"]},
                    {"code": "<time variable>", "values": ["*"]}]}
        return "\n".join([*lines, f"POST {API}", json.dumps(body, ensure_ascii=False, indent=2),
                          "", "The codes are those the tableinfo answer gives these labels "
                          "(--tableinfo FILE resolves them offline).", ""])
    try:
        request = build_request(select(info, areas, types))
    except MetadataError as error:
        raise fail(str(error)) from None
    return "\n".join([*lines, f"POST {request.url}",
                      json.dumps(request.body, ensure_ascii=False, indent=2), "",
                      f"GET {request.get_url}", ""])


@statbank.command("fetch")
def fetch_command(
    output: Annotated[Path | None, typer.Option("--output", "-o", metavar="FILE")] = None,
    strategy: Annotated[Path | None, typer.Option("--from", metavar="FILE")]
    = None,
    areas: Annotated[list[str] | None, typer.Option("--area", metavar="LABEL")]
    = None,
    types: Annotated[list[str] | None, typer.Option("--type", metavar="LABEL")] = None,
    table: Annotated[str, typer.Option("--table", metavar="TABLE")] = "AUK01",
    tableinfo: Annotated[Path | None, typer.Option("--tableinfo", metavar="FILE")] = None,
    timeout: Annotated[float, typer.Option("--timeout", min=1, max=600, metavar="SECONDS")] = 30.0,
    dry_run: Annotated[bool, typer.Option("--dry-run", metavar="")] = False,
    lang: LangOption = Lang.da,
) -> None:
    """Fetch caseload statistics from the StatBank API as CSV: the table's metadata first,
    to find the codes of the labels, then the data, with the metadata and date fetched."""
    from kikcalc.statbank.fetch import FetchError, build_request, fetch, fetch_tableinfo
    from kikcalc.statbank.tableinfo import MetadataError, select

    if not table.isalnum() or len(table) > 20:
        raise fail(f"--table {table[:40]!r}: a StatBank table id is letters and digits")
    wanted = _wanted(strategy, areas, types, lang.value)
    info = _saved_tableinfo(tableinfo) if tableinfo is not None else None
    if dry_run:
        emit(_dry_run(table, info, *wanted), output, [])
        return
    if output is None:
        raise fail(said("commands.name_output"))
    try:
        info = info or fetch_tableinfo(table, timeout=timeout)
        selection = select(info, *wanted)
        request = build_request(selection)
        text = fetch(request, selection, timeout=timeout)
    except (FetchError, MetadataError) as error:
        raise fail(str(error), EXIT_ERROR) from None
    emit(text, output, [strategy] if strategy else [])


@statbank.command("jobindsats")
def jobindsats_command(
    export: Annotated[Path, typer.Argument(metavar="EXPORT")],
    output: Annotated[Path | None, typer.Option("--output", "-o", metavar="FILE")] = None,
    fmt: Annotated[Format, typer.Option("--format", "-f")] = Format.text,
    lang: LangOption = Lang.da,
) -> None:
    """Read a Jobindsats export (CSV or xlsx): caseloads as the CSV a comparison reads, or
    the ministry's expected-against-actual benchmark as a table."""
    from kikcalc.statbank import jobindsats

    result, problems = jobindsats.read_export(_export_rows(export), str(export))
    for problem in problems:
        typer.echo(str(problem), err=True)
    if result is None:
        raise typer.Exit(EXIT_FINDINGS)
    if not result.expected:
        emit(jobindsats.as_csv(result.rows, export.name), output, [export])
        return
    from kikcalc.present.jobindsats_view import expected_doc, expected_table

    if fmt is Format.json:
        from kikcalc.present.jsondoc import dumps

        text = dumps(expected_doc(result.expected))
    else:
        from kikcalc.present.render import TABLE_RENDERERS

        text = TABLE_RENDERERS[fmt.value]([expected_table(result.expected, lang.value)],
                                          lang.value)
    emit(text, output, [export])


def _export_rows(export: Path) -> list[tuple[int, list[str]]]:
    """The rows of a Jobindsats export, CSV or xlsx; a file that is neither: exit 2."""
    from kikcalc.reading.files import read_regular
    from kikcalc.statbank import jobindsats

    try:
        data = read_regular(export, 20_000_000)
    except OSError as error:
        raise fail(cannot_read(export, error)) from None
    if len(data) > 20_000_000:
        raise fail(said("commands.too_large", file=export))
    if data[:2] == b"PK":  # a zip: an xlsx workbook
        try:
            rows = jobindsats.xlsx_rows(data)
        except ImportError:
            raise fail("an xlsx export needs openpyxl: pip install openpyxl (or save the "
                       "export as CSV)") from None
        except Exception as error:  # openpyxl's errors on a broken workbook are many kinds
            raise fail(f"{export}: not an xlsx workbook openpyxl can read "
                       f"({type(error).__name__})") from None
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:  # an export saved by Excel in Windows-1252
            text = data.decode("cp1252", "replace")
        try:
            rows = jobindsats.csv_rows(text)
        except csv.Error as error:
            raise fail(f"{export}: cannot be read as CSV: {error}") from None
    return rows

