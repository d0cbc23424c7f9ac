"""The command line: parse options, call the core, write the result. Nothing else.

The only module that prints or exits. Results go to stdout (or --output), diagnostics to
stderr. Exit codes: 0 ok; 1 findings (an invalid strategy, reported as file:line:column);
2 usage error, unreadable path, or a fault of kikcalc itself. No input gives a traceback.
"""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from kikcalc import __version__

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


class Format(StrEnum):
    text = "text"
    json = "json"
    markdown = "markdown"
    csv = "csv"


class Lang(StrEnum):
    da = "da"
    en = "en"


app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    help="Payback, yearly net effect and budget variance of municipal investment strategies "
    "on the employment area. Amounts: + = gain for the municipality.",
)

FormatOption = Annotated[Format, typer.Option("--format", "-f", help="Output format.")]
LangOption = Annotated[Lang, typer.Option("--lang", help="Labels: da (default) or en.")]
OutputOption = Annotated[
    Path | None, typer.Option("--output", "-o", help="Write to this file (atomically).")
]
DecimalsOption = Annotated[
    int | None,
    typer.Option("--decimals", min=0, max=6,
                 help="Decimals shown for money (default: the file's `decimals`, else by unit)."),
]
FileArgument = Annotated[Path, typer.Argument(metavar="FILE", help="Strategy YAML file.")]


def _fail(message: str, code: int = EXIT_ERROR) -> typer.Exit:
    typer.echo(f"kikcalc: {message}", err=True)
    return typer.Exit(code)


def _emit(text: str, output: Path | None, inputs: list[Path]) -> None:
    if output is None:
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    from kikcalc.output import OutputError, write_atomic

    try:
        write_atomic(str(output), text, [str(p) for p in inputs])
    except OutputError as error:
        raise _fail(str(error)) from None
    except OSError as error:
        raise _fail(f"cannot write {output}: {error.strerror or error}") from None


def _run(command: str, files: list[Path], fmt: Format, lang: Lang, output: Path | None,
         decimals: int | None, *, as_list: bool) -> None:
    """Load every file, report its problems, and render the good ones together."""
    from kikcalc.load import load_strategy
    from kikcalc.views import VIEWS, evaluate_loaded

    view = VIEWS[command]
    evaluated = []
    found_problems = False
    for file in files:
        try:
            loaded, issues = load_strategy(str(file))
        except OSError as error:
            raise _fail(f"cannot read {file}: {error.strerror or error}") from None
        for issue in issues:
            typer.echo(str(issue), err=True)
        if loaded is None:
            found_problems = True
        else:
            evaluated.append(evaluate_loaded(loaded))
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
        _emit(text, output, files)
    if found_problems:
        raise typer.Exit(EXIT_FINDINGS)


@app.command()
def payback(
    files: Annotated[list[Path], typer.Argument(metavar="FILE...", help="Strategy YAML files.")],
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

    _emit(dumps(strategy_json_schema()), output, [])


def _version(value: bool) -> None:
    if value:
        typer.echo(f"kikcalc {__version__}")
        raise typer.Exit()


@app.callback()
def _options(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Show the version and exit.")] = False,
) -> None:
    """Payback, yearly net effect and budget variance of municipal investment strategies."""


def main() -> None:
    """Console entry point: a fault of kikcalc itself is one line on stderr and exit 2."""
    try:
        app()
    except BrokenPipeError:  # e.g. `kikcalc net f.yaml | head`: the reader went away
        sys.stderr.close()
        sys.exit(EXIT_OK)
    except Exception as error:
        print(f"kikcalc: internal error: {type(error).__name__}: {error}", file=sys.stderr)
        sys.exit(EXIT_ERROR)
