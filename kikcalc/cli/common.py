"""What every command shares: the Typer app, options, exit codes and output writing.

The CLI is the only part of kikcalc that prints or exits. Results go to stdout (or
--output), diagnostics to stderr. Exit codes: 0 ok; 1 findings (an invalid strategy or a
failed check, reported as file:line:column); 2 usage error, unreadable path, or a fault of
kikcalc itself. No input gives a traceback.
"""

from __future__ import annotations

import decimal
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from kikcalc import __version__
from kikcalc.cli import language

# named in `exits`; `X as X` re-exports them (PEP 484) to the commands, which take them here
from kikcalc.cli.exits import EXIT_ERROR as EXIT_ERROR  # noqa: PLC0414
from kikcalc.cli.exits import EXIT_FINDINGS as EXIT_FINDINGS  # noqa: PLC0414
from kikcalc.cli.exits import EXIT_OK as EXIT_OK  # noqa: PLC0414
from kikcalc.cli.language import App, current_language, remember_given, resolve
from kikcalc.cli.usage import reason, said_in
from kikcalc.reading.files_read import FILES_READ
from kikcalc.reading.overrides import Overrides

if TYPE_CHECKING:
    from kikcalc.evaluation.evaluated import Evaluated
    from kikcalc.loading.strategy import Loaded
    from kikcalc.model.findings import Issue

Lang = language.Lang  # da or en, for every command's --lang

# Inputs are capped at 12 digits each side of the point (yamlread); 60 significant digits
# keep every sum and product of such figures exact, where Python's default 28 would round.
decimal.getcontext().prec = 60


class Format(StrEnum):
    text = "text"
    json = "json"
    markdown = "markdown"
    csv = "csv"


# The help of the command line, its commands and options is in the catalogue part `help`
# (kikcalc.cli.language), in Danish and English; the code gives none.
app = App(
    add_completion=True,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)

FormatOption = Annotated[Format, typer.Option("--format", "-f")]
# the help text says the default (KIKCALC_LANG, else da): `resolve` takes KIKCALC_LANG first,
# so showing `Lang.da` as the default as well would contradict it
LangOption = Annotated[Lang, typer.Option("--lang", callback=resolve, show_default=False)]
OutputOption = Annotated[Path | None, typer.Option("--output", "-o", metavar="FILE")]
DecimalsOption = Annotated[int | None, typer.Option("--decimals", min=0, max=6, metavar="N")]
FileArgument = Annotated[Path, typer.Argument(metavar="FILE")]
# Read by `kikcalc.cli.main` before Typer starts; declared here for --help and parsing.
NoCacheOption = Annotated[bool, typer.Option("--no-cache", metavar="")]


def fail(message: str, code: int = EXIT_ERROR) -> typer.Exit:
    """One line on stderr; names in it may come from a pull request, so no control
    character is printed raw (a newline could start a workflow command in a CI log)."""
    from kikcalc.text.safe import printable

    typer.echo(f"kikcalc: {printable(message)}", err=True)
    return typer.Exit(code)


def said(key: str, **values: object) -> str:
    """One of kikcalc's own errors (`files.cannot_read`, ...) in the running language."""
    return said_in(key, current_language(), **values)


def reason_of(error: BaseException) -> str:
    """Why a file could not be read or written, in the running command's language."""
    return reason(error, current_language())


def cannot_read(path: object, error: BaseException) -> str:
    return said("files.cannot_read", file=path, reason=reason_of(error))


def emit(text: str | bytes, output: Path | None, inputs: list[Path]) -> None:
    if output is None:
        if isinstance(text, bytes):
            sys.stdout.buffer.write(text)
        else:
            sys.stdout.write(text)
        sys.stdout.flush()
        return
    from kikcalc.cli.output import OutputError, write_atomic

    try:
        write_atomic(str(output), text, [*map(str, inputs), *FILES_READ])
    except OutputError as error:
        raise fail(said(f"files.{error.key}", **error.values)) from None
    except OSError as error:
        raise fail(said("files.cannot_write", file=output, reason=reason_of(error))) from None




ScenarioOption = Annotated[str | None, typer.Option("--scenario", metavar="NAME")]
SetOption = Annotated[list[str] | None, typer.Option("--set", metavar="PATH=VALUE")]


def overrides_of(scenario: str | None, sets: list[str] | None) -> Overrides:
    """The command line's scenario and `--set` values, their paths and numbers checked
    (a value is held to the file's digit limit); a problem is a usage error."""
    from kikcalc.reading.overrides import parse_set

    pairs = []
    for item in sets or []:
        try:
            pairs.append(parse_set(item))
        except ValueError as error:
            raise fail(f"--set {item}: {error}") from None
    return Overrides(scenario, tuple(pairs))


def one_portfolio(files: list[Path], names: list[str] | None = None) -> None:
    """A portfolio counts each strategy once: the same file twice, or two strategies of
    one name (rows no reader could tell apart), is a usage error rather than a total
    that counts a strategy twice."""
    from kikcalc.reading.files import resolved

    seen: dict[Path, Path] = {}
    for file in files:
        try:
            landed = resolved(file)
        except OSError:  # links in a loop: reading the file says so
            continue
        if landed in seen:
            raise fail(said("commands.given_twice", file=file))
        seen[landed] = file
    named: dict[str, Path] = {}
    for file, name in zip(files, names or [], strict=False):
        if name in named:
            raise fail(said("commands.named_twice", first=named[name], file=file, name=name))
        named[name] = file


def say(issues: list[Issue], lang: str) -> None:
    """Loading problems on stderr, each `file:line:column: CODE message` in `lang`."""
    if not issues:
        return
    from kikcalc.present.messages import issue_line

    for issue in issues:
        typer.echo(issue_line(issue, lang), err=True)


def load_files(files: list[Path], lang: str, overrides: Overrides | None = None
               ) -> tuple[list[Evaluated], int]:
    """Load and evaluate each file and print its problems to stderr; the valid ones are
    still reported. The exit code to end with: 2 if a file could not be read, 1 if one was
    invalid, else 0."""
    evaluated, code = [], EXIT_OK
    for file in files:
        try:
            _, result, issues = load_one(file, overrides)
        except typer.Exit:  # unreadable: said already; go on with the others
            code = EXIT_ERROR
            continue
        say(issues, lang)
        if result is not None:
            evaluated.append(result)
        elif code == EXIT_OK:
            code = EXIT_FINDINGS
    return evaluated, code


def load_one(file: Path, overrides: Overrides | None = None
             ) -> tuple[Loaded | None, Evaluated | None, list[Issue]]:
    """One file loaded and evaluated, with its loading problems; unreadable is exit 2."""
    from kikcalc.evaluation.evaluated import evaluate_loaded
    from kikcalc.loading.strategy import load_strategy
    from kikcalc.reading.overrides import OverrideError

    try:
        loaded, issues = load_strategy(str(file), overrides)
    except OSError as error:
        raise fail(cannot_read(file, error)) from None
    except OverrideError as error:  # the command line's, not the file's: a usage error,
        # in English as every usage error is
        if error.said is None:
            raise fail(str(error)) from None
        from kikcalc.present.messages import message_text

        raise fail(f"{error}: {message_text(error.said, 'en')}") from None
    return loaded, evaluate_loaded(loaded) if loaded else None, issues


def _version(value: bool) -> None:
    if value:
        typer.echo(f"kikcalc {__version__}")
        raise typer.Exit()


@app.callback()
def _options(
    ctx: typer.Context,
    version: Annotated[bool, typer.Option("--version", callback=_version,
                                          is_eager=True)] = False,
    lang: Annotated[Lang | None, typer.Option("--lang")] = None,
    no_cache: NoCacheOption = False,
) -> None:
    """Payback, yearly net effect and budget variance of municipal investment strategies."""
    remember_given(ctx, lang.value if lang else None)
    FILES_READ.clear()  # one command, one set of files that --output must not overwrite
