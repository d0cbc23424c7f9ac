"""The table commands: payback, net, variance, and the schema."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kikcalc.cli.common import (
    EXIT_FINDINGS,
    DecimalsOption,
    FileArgument,
    Format,
    FormatOption,
    Lang,
    LangOption,
    OutputOption,
    app,
    emit,
    load_files,
)


def _run(command: str, files: list[Path], fmt: Format, lang: Lang, output: Path | None,
         decimals: int | None, *, as_list: bool) -> None:
    """Load every file, report its problems, and render the good ones together."""
    from kikcalc.views import VIEWS

    view = VIEWS[command]
    evaluated, found_problems = load_files(files)
    if evaluated:
        if fmt is Format.json:
            from kikcalc.jsondoc import dumps

            docs = [view.document(ev) for ev in evaluated]
            text = dumps(docs if as_list else docs[0])
        else:
            from kikcalc.render import TABLE_RENDERERS

            tables = [t for ev in evaluated
                      for t in view.tables(ev, ev.context(lang.value, decimals))]
            text = TABLE_RENDERERS[fmt.value](tables, lang.value)
        emit(text, output, files)
    if found_problems:
        raise typer.Exit(EXIT_FINDINGS)


@app.command()
def payback(
    files: Annotated[list[Path], typer.Argument(metavar="FILE", help="Strategy YAML files.")],
    fmt: FormatOption = Format.text,
    lang: LangOption = Lang.da,
    output: OutputOption = None,
    decimals: DecimalsOption = None,
) -> None:
    """Payback year of every series (projected, budget, actual, forecast)."""
    _run("payback", files, fmt, lang, output, decimals, as_list=len(files) > 1)


@app.command()
def net(
    file: FileArgument,
    fmt: FormatOption = Format.text,
    lang: LangOption = Lang.da,
    output: OutputOption = None,
    decimals: DecimalsOption = None,
) -> None:
    """Yearly net effect: costs by category, savings by target group, net, cumulative."""
    _run("net", [file], fmt, lang, output, decimals, as_list=False)


@app.command()
def variance(
    file: FileArgument,
    fmt: FormatOption = Format.text,
    lang: LangOption = Lang.da,
    output: OutputOption = None,
    decimals: DecimalsOption = None,
) -> None:
    """Budget against actual by year; difference = actual - budget, + = better than budget."""
    _run("variance", [file], fmt, lang, output, decimals, as_list=False)


@app.command()
def schema(output: OutputOption = None) -> None:
    """JSON Schema of the strategy file (for editors and validators)."""
    from kikcalc.jsondoc import dumps
    from kikcalc.model import strategy_json_schema

    emit(dumps(strategy_json_schema()), output, [])
