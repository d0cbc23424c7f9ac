"""The table commands: payback, net, variance, and the schema."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kikcalc.cli.common import (
    EXIT_FINDINGS,
    DecimalsOption,
    Format,
    FormatOption,
    Lang,
    LangOption,
    NoCacheOption,
    OutputOption,
    ScenarioOption,
    SetOption,
    app,
    emit,
    load_files,
    load_one,
    one_portfolio,
    overrides_of,
    say,
)
from kikcalc.reading.overrides import Overrides


def _run(command: str, files: list[Path], fmt: Format, lang: Lang, output: Path | None,
         decimals: int | None, *, as_list: bool, overrides: Overrides | None = None) -> None:
    """Load every file, report its problems, and render the good ones together."""
    from kikcalc.present.views import VIEWS, context_of

    view = VIEWS[command]
    evaluated, exit_code = load_files(files, lang.value, overrides)
    if evaluated:
        if fmt is Format.json:
            from kikcalc.present.jsondoc import dumps

            docs = [view.document(ev) for ev in evaluated]
            text = dumps(docs if as_list else docs[0])
        else:
            from kikcalc.present.render import TABLE_RENDERERS

            tables = [t for ev in evaluated
                      for t in view.tables(ev, context_of(ev, lang.value, decimals))]
            text = TABLE_RENDERERS[fmt.value](tables, lang.value)
        emit(text, output, files)
    if exit_code:
        raise typer.Exit(exit_code)


@app.command()
def payback(
    files: Annotated[list[Path], typer.Argument(metavar="FILE")],
    fmt: FormatOption = Format.text,
    lang: LangOption = Lang.da,
    output: OutputOption = None,
    decimals: DecimalsOption = None,
    scenario: ScenarioOption = None,
    sets: SetOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    """Payback year of every series (projected, budget, actual, forecast)."""
    _run("payback", files, fmt, lang, output, decimals, as_list=len(files) > 1,
         overrides=overrides_of(scenario, sets))


@app.command()
def net(
    files: Annotated[list[Path], typer.Argument(metavar="FILE")],
    fmt: FormatOption = Format.text,
    lang: LangOption = Lang.da,
    output: OutputOption = None,
    decimals: DecimalsOption = None,
    combine: Annotated[bool, typer.Option("--combine", metavar="")] = False,
    scenario: ScenarioOption = None,
    sets: SetOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    """Yearly net effect: costs by category, savings by target group, net, cumulative."""
    if combine:
        _portfolio(files, fmt, lang, output, decimals)
    else:
        _run("net", files, fmt, lang, output, decimals, as_list=len(files) > 1,
             overrides=overrides_of(scenario, sets))


def _portfolio(files: list[Path], fmt: Format, lang: Lang, output: Path | None,
               decimals: int | None, *, variance: bool = False) -> None:
    """Several strategies of one municipality in one table, in mio. kr.: the plan by year,
    or (`variance`) budget against actual per strategy."""
    from kikcalc.evaluation.evaluated import evaluate_loaded
    from kikcalc.present import portfolio_view as portfolio

    evaluated = []
    for file in files:
        loaded, _, issues = load_one(file)
        say(issues, lang.value)
        if loaded is None:
            raise typer.Exit(EXIT_FINDINGS)
        evaluated.append(evaluate_loaded(loaded, "mio. kr."))
    one_portfolio(files, [ev.name for ev in evaluated])
    if fmt is Format.json:
        from kikcalc.present.jsondoc import dumps

        doc = portfolio.portfolio_variance_doc if variance else portfolio.portfolio_doc
        emit(dumps(doc(evaluated)), output, files)
        return
    from kikcalc.present.render import TABLE_RENDERERS

    build = portfolio.portfolio_variance_table if variance else portfolio.portfolio_table
    table = build(evaluated, lang.value, 1 if decimals is None else decimals)
    emit(TABLE_RENDERERS[fmt.value]([table], lang.value), output, files)


@app.command()
def variance(
    files: Annotated[list[Path], typer.Argument(metavar="FILE")],
    fmt: FormatOption = Format.text,
    lang: LangOption = Lang.da,
    output: OutputOption = None,
    decimals: DecimalsOption = None,
    combine: Annotated[bool, typer.Option("--combine", metavar="")] = False,
    scenario: ScenarioOption = None,
    sets: SetOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    """Budget against actual by year; difference = actual - budget, + = better than budget."""
    if combine:
        _portfolio(files, fmt, lang, output, decimals, variance=True)
    else:
        _run("variance", files, fmt, lang, output, decimals, as_list=len(files) > 1,
             overrides=overrides_of(scenario, sets))


@app.command()
def schema(output: OutputOption = None, lang: LangOption = Lang.da) -> None:
    """JSON Schema of the strategy file (for editors and validators); `--lang` is the
    language of its help, the schema's descriptions are English."""
    from kikcalc.model.schema import strategy_json_schema
    from kikcalc.present.jsondoc import dumps

    emit(dumps(strategy_json_schema()), output, [])
