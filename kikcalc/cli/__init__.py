"""The command line: it only wires the stages together. `main` is the console entry point.

Each command lives in a module of this package; `COMMANDS` says which. A run registers only
the module of the command it runs, so Typer builds a few commands rather than all of them;
`--help`, an unknown name, or `from kikcalc.cli import app` (tests) registers every one.
"""

from __future__ import annotations

import importlib
import sys
from typing import TYPE_CHECKING

from kikcalc.cli.common import EXIT_ERROR, EXIT_OK

if TYPE_CHECKING:
    import typer

# command -> the module of kikcalc.cli that defines it
COMMANDS = {
    "payback": "tables", "net": "tables", "variance": "tables", "schema": "tables",
    "check": "gate", "diff": "gate", "gate": "verdict",
    "kind": "kind",
    "report": "memo",
    "unitcosts": "data", "targets": "data", "sensitivity": "data", "breakeven": "data",
    "simulate": "data", "scenarios": "data",
    "benchmark": "benchmark", "statbank": "benchmark",
    "follow-up": "follow_up", "calibrate": "calibrate",
}


def register(command: str | None = None) -> typer.Typer:
    """The app with `command` registered, or with every command."""
    from kikcalc.cli.common import app

    modules = {COMMANDS[command]} if command in COMMANDS else set(COMMANDS.values())
    for module in sorted(modules):
        importlib.import_module(f"kikcalc.cli.{module}")
    return app


def __getattr__(name: str) -> object:
    if name == "app":  # `from kikcalc.cli import app`: the whole command line
        return register()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def command_of(args: list[str]) -> str | None:
    """The command a command line runs: its first word that is no option, nor the value
    of the one option given before a command (`kikcalc --lang en check ...`).

    >>> command_of(["--lang", "en", "check", "f.yaml"]), command_of(["--version"])
    ('check', None)
    """
    words = iter(args)
    for arg in words:
        if arg == "--lang":
            next(words, None)
        elif not arg.startswith("-"):
            return arg
    return None


def main() -> None:
    """Console entry point: a fault of kikcalc itself is one line on stderr and exit 2."""
    try:
        register(command_of(sys.argv[1:]))()
    except BrokenPipeError:  # e.g. `kikcalc net f.yaml | head`: the reader went away
        sys.stderr.close()
        sys.exit(EXIT_OK)
    except Exception as error:
        from kikcalc.text.safe import printable

        print(f"kikcalc: internal error: {type(error).__name__}: {printable(str(error))}",
              file=sys.stderr)
        sys.exit(EXIT_ERROR)
