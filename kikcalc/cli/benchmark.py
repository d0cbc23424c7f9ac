"""`kikcalc benchmark` and `kikcalc statbank fetch`: the strategy against the statistics."""

from __future__ import annotations

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
    emit,
    fail,
    load_one,
    say,
)
from kikcalc.cli.language import App, remember_given

if TYPE_CHECKING:
    from kikcalc.statbank.fetch import Request

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
        raise fail(f"{file} has no `comparison` block: nothing to benchmark")
    result, issues = compare_strategy(loaded, evaluated.plan)
    say(issues, lang.value)
    if result is None:
        raise typer.Exit(EXIT_FINDINGS)
    if fmt is Format.json:
        from kikcalc import __version__
        from kikcalc.present.jsondoc import JSON_FORMAT_VERSION, dumps
        from kikcalc.statbank.view import benchmark_doc

        text = dumps({"kikcalc": __version__, "format_version": JSON_FORMAT_VERSION,
                      "file": loaded.file, "name": evaluated.name,
                      "period": {"start": evaluated.plan.start, "end": evaluated.plan.end},
                      "benchmark": benchmark_doc(result)})
    else:
        from kikcalc.present.render import TABLE_RENDERERS
        from kikcalc.statbank.view import benchmark_tables

        tables = benchmark_tables(result, evaluated.name, lang.value)
        text = TABLE_RENDERERS[fmt.value](tables, lang.value)
    emit(text, output, [file])


def _request(strategy: Path | None, areas: list[str] | None, types: list[str] | None,
             table: str, lang: str) -> Request:
    """The request from the options, or from a strategy's `comparison` when given."""
    from kikcalc.statbank.benefits import types_for_benefit
    from kikcalc.statbank.fetch import COUNTRY, build_request

    areas, types = list(areas or []), list(types or [])
    if strategy is not None:
        loaded, evaluated, issues = load_one(strategy)
        say(issues, lang)
        if loaded is None or evaluated is None:
            raise typer.Exit(EXIT_FINDINGS)
        comparison = loaded.strategy.comparison
        if comparison is None:
            raise fail(f"{strategy} has no `comparison` block: name --area and --type")
        areas += [comparison.municipality, *comparison.cluster, comparison.country]
        for group in evaluated.plan.groups:
            types += comparison.benefit_types.get(group.name) or types_for_benefit(group.benefit)
    elif areas:
        areas.append(COUNTRY)
    unique = list(dict.fromkeys(a for a in areas if a)), list(dict.fromkeys(types))
    if not unique[0] or not unique[1]:
        raise fail("name the areas (--area) and benefit types (--type), or a strategy (--from)")
    return build_request(*unique, table=table)


@statbank.command("fetch")
def fetch_command(
    output: Annotated[Path | None, typer.Option("--output", "-o", metavar="FILE")] = None,
    strategy: Annotated[Path | None, typer.Option("--from", metavar="FILE")] = None,
    areas: Annotated[list[str] | None, typer.Option("--area", metavar="CODE")] = None,
    types: Annotated[list[str] | None, typer.Option("--type", metavar="CODE")] = None,
    table: Annotated[str, typer.Option("--table", metavar="TABLE")] = "AUK01",
    timeout: Annotated[float, typer.Option("--timeout", min=1, max=600, metavar="SECONDS")] = 30.0,
    dry_run: Annotated[bool, typer.Option("--dry-run", metavar="")] = False,
    lang: LangOption = Lang.da,
) -> None:
    """Fetch caseload statistics from the StatBank API as CSV, with the date fetched."""
    import json

    from kikcalc.statbank.fetch import FetchError, fetch

    if not table.isalnum() or len(table) > 20:
        raise fail(f"--table {table[:40]!r}: a StatBank table id is letters and digits")
    request = _request(strategy, areas, types, table, lang.value)
    if dry_run:
        body = json.dumps(request.body, ensure_ascii=False, indent=2)
        emit(f"POST {request.url}\n{body}\n\nGET {request.get_url}\n", output, [])
        return
    if output is None:
        raise fail("name the file to write with --output")
    try:
        text = fetch(request, timeout=timeout)
    except FetchError as error:
        raise fail(str(error), EXIT_ERROR) from None
    emit(text, output, [strategy] if strategy else [])
