"""The command line: it only wires the stages together. `main` is the console entry point.

Each command lives in a module of this package; `COMMANDS` says which. A run registers only
the module of the command it runs, so Typer builds a few commands rather than all of them;
`--help`, an unknown name, or `from kikcalc.cli import app` (tests) registers every one.

Before any of that, a read-only command is looked up in the result cache (`cache`): a hit
replays the stored answer without importing Typer, pydantic or PyYAML, so this module and
the lookup import the standard library only.
"""

from __future__ import annotations

import gc
import importlib
import os
import sys

from kikcalc.cli import cache
from kikcalc.cli.exits import EXIT_ERROR, EXIT_OK

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (the cache's hit path)
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
    "serve": "serve",
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


def _keep_validators(command: str | None) -> None:
    """A read-only command reads and stores the file format's validators in the cache
    folder (kikcalc.reading.validators), also when it bypasses the stored answers; the
    gate's commands do not."""
    folder = cache.validators_folder(command)
    if folder is not None:
        from kikcalc.reading.validators import store_in

        store_in(folder)


def main() -> None:
    """Console entry point: a fault of kikcalc itself is one line on stderr and exit 2."""
    # Start-up makes objects that live as long as the run (modules, classes, the app), so
    # the cyclic garbage collector, which would examine them again and again, is off until
    # the command's module is loaded; then they are frozen (never examined again) and it
    # is on for the command's own work, which also mostly makes objects that live to the
    # end (its own modules, the models, the results): a young-generation collection every
    # 50,000 allocations rather than every 700. At the end, everything is frozen: the
    # interpreter would otherwise examine every object once more on its way out, to free
    # memory the system frees anyway (Python does not promise to finalize what is alive
    # at exit; every file kikcalc writes is closed by then).
    gc.disable()
    try:
        _main()
    finally:
        gc.freeze()


def _main() -> None:
    # kikcalc's models use no pydantic plugin: skip the scan of every installed package's
    # entry points that pydantic makes when the first model is built (pydantic's own
    # setting; one set by the user is kept).
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    command = command_of(sys.argv[1:])
    entry = cache.entry_for(command, sys.argv[1:])  # None: not cached, or bypassed
    try:
        code = entry.replay() if entry is not None else None
        if code is not None:
            sys.exit(code)
        app = register(command)
        gc.freeze()
        gc.set_threshold(50_000, 10, 10)
        gc.enable()
        _keep_validators(command)
        if entry is None:
            app()
        else:  # a miss: run, record and store
            from kikcalc.cli.cache.recording import run_and_store

            run_and_store(app, entry)
    except BrokenPipeError:  # e.g. `kikcalc net f.yaml | head`: the reader went away
        sys.stderr.close()
        sys.exit(EXIT_OK)
    except Exception as error:
        from kikcalc.text.safe import printable

        print(f"kikcalc: internal error: {type(error).__name__}: {printable(str(error))}",
              file=sys.stderr)
        sys.exit(EXIT_ERROR)
