"""The reader's language on the command line: of the output, the messages and the help.

One rule for every command: its own `--lang`, else a `--lang` given before the command
(`kikcalc --lang en check ...`), else `KIKCALC_LANG`, else Danish, the language of the
memo's readers. A `KIKCALC_LANG` that names no language kikcalc speaks counts as unset.

The help texts live in the catalogue part `help` (`present/catalogue/da.help.toml`,
`en.help.toml`): a table per command (`[check]`: `about`, then one entry per argument or
option by its long name) and `[options]` for the options many commands share. Typer builds
help from strings given at import time, and reading a catalogue then would cost every run
its start-up; so the command classes here put the words in only when help is shown, in the
language of the command line as written (`--help` is answered before the options are
read). A command or option the catalogue does not know keeps the help its code gives.
"""

from __future__ import annotations

import os
import shutil
import sys
import weakref
from collections.abc import Callable, Sequence
from enum import StrEnum
from typing import Any

import typer
from typer.core import TyperArgument, TyperCommand, TyperGroup
from typer.models import CommandFunctionType


class Lang(StrEnum):
    da = "da"
    en = "en"


LANGUAGES = tuple(Lang)  # those of the catalogue (kikcalc.present.labels), a test checks
ENV = "KIKCALC_LANG"
DEFAULT = "da"
_GIVEN = "kikcalc.lang"  # ctx.meta: the --lang given before the command
_WRITTEN = "kikcalc.help_lang"  # ctx.meta: the last --lang on the command line


def from_environment() -> str | None:
    value = os.environ.get(ENV, "").strip().lower()
    return value if value in LANGUAGES else None


def written(args: Sequence[str]) -> str | None:
    """The last `--lang X` (or `--lang=X`) on a command line, before any `--`.

    >>> written(["--lang", "en", "check", "--lang=da", "f.yaml"]), written(["--", "--lang=en"])
    ('da', None)
    """
    found = None
    for i, arg in enumerate(args):
        if arg == "--":
            break
        value = args[i + 1] if arg == "--lang" and i + 1 < len(args) else \
            arg.removeprefix("--lang=") if arg.startswith("--lang=") else None
        if value in LANGUAGES:
            found = value
    return found


# Typer carries its own copy of Click (0.29 and later) or uses Click (earlier): the types
# here are Typer's, and anything else of Click's is reached through the objects given.
Context = typer.Context


# The language of this run, as far as it is known: the command's `--lang` once read
# (`resolve`), else the last `--lang` written on the command line; for `current_language`.
_RUN: dict[str, str | None] = {"chosen": None, "written": None}


def current_language() -> str:
    """The language the running command speaks, for a message said outside a table (an
    error of kikcalc's own, a usage error)."""
    return _RUN["chosen"] or _RUN["written"] or from_environment() or DEFAULT


def remember_given(ctx: Context, lang: str | None) -> None:
    """The root's `--lang`, the default of the command that follows."""
    if lang is not None:
        ctx.meta[_GIVEN] = lang


def resolve(ctx: Context, param: typer.CallbackParam, value: Any) -> Any:
    """A command's `--lang`: as given, else the root's, else `KIKCALC_LANG`, else da."""
    source = ctx.get_parameter_source(param.name) if param.name else None
    if source is None or source.name != "DEFAULT":
        _RUN["chosen"] = str(getattr(value, "value", value)) if value is not None else None
        return value
    chosen = ctx.meta.get(_GIVEN) or from_environment() or DEFAULT
    _RUN["chosen"] = chosen
    return type(value)(chosen) if value is not None else chosen


def help_language(ctx: Context) -> str:
    return ctx.meta.get(_WRITTEN) or from_environment() or DEFAULT


def _key(ctx: Any) -> str:
    """`check`, `statbank fetch`, or `kikcalc` for the command line itself."""
    names = []
    while ctx.parent is not None:
        names.append(ctx.info_name or "")
        ctx = ctx.parent
    return " ".join(reversed(names)) or "kikcalc"


def _name(param: Any) -> str:
    longs = [o for o in param.opts if o.startswith("--")]
    return longs[0].removeprefix("--") if longs else param.name or ""


def _texts(ctx: Context) -> dict[str, Any]:
    """The help catalogue, read only when help is shown (so no other run pays for it)."""
    from kikcalc.present.labels import catalogue

    return catalogue(help_language(ctx), "help")


# Help wider than this is hard to read; narrower than the terminal when it is wider.
HELP_WIDTH_WHEN_PIPED, MOST_HELP_WIDTH = 100, 160
# The metavar each parameter was given in the code, before any help put the reader's in.
_CODE_METAVARS: weakref.WeakKeyDictionary[Any, str | None] = weakref.WeakKeyDictionary()


class _HelpArgument(TyperArgument):
    """An argument as the help shows it: by its name (`FIL`) alone. Typer would add its
    Python type (`<list[Path]>`), which tells a reader nothing the name does not."""

    def display_type_rich(self, ctx: Any) -> str | None:
        return None


def _metavar(param: Any, words: dict[str, Any]) -> str | None:
    """The reader's word for what a parameter takes: the catalogue's for the code's
    metavar (FILE -> FIL); a choice as its values (`da|en`); nothing for a switch."""
    if param not in _CODE_METAVARS:
        _CODE_METAVARS[param] = param.metavar
    code = _CODE_METAVARS[param]
    if code is not None:
        return str(words["metavars"].get(code, code))
    if isinstance(param, TyperArgument) or not hasattr(param, "display_type"):
        return None
    if getattr(param, "is_flag", False):
        return ""
    shown = str(param.display_type(None) or "")
    return shown[1:-1] if shown.startswith("<") and "|" in shown else None


def _localize_params(command: TyperCommand | TyperGroup, ctx: Context,
                     words: dict[str, Any]) -> None:
    """Metavars in the reader's words, on every parameter, for the help and usage line."""
    for param in command.get_params(ctx):
        metavar = _metavar(param, words)
        if metavar is not None or param in _CODE_METAVARS:
            param.metavar = metavar
        if type(param) is TyperArgument:
            param.__class__ = _HelpArgument  # the same argument, shown by its name alone
    if command.options_metavar:
        command.options_metavar = words["options_metavar"]
    if isinstance(command, TyperGroup):
        command.subcommand_metavar = words["command_metavar"]


def help_width() -> int | None:
    """The width of the help: the terminal's (up to a readable most), a sensible one when
    it goes to a pipe or a file; None where the user said (`COLUMNS`, `TERMINAL_WIDTH`),
    which Typer and Rich read themselves."""
    if os.environ.get("COLUMNS") or os.environ.get("TERMINAL_WIDTH"):
        return None
    if sys.stdout.isatty():
        return min(shutil.get_terminal_size().columns, MOST_HELP_WIDTH)
    return HELP_WIDTH_WHEN_PIPED


def _localize(command: TyperCommand | TyperGroup, ctx: Context, key: str) -> None:
    texts = _texts(ctx)
    own, shared = texts.get(key, {}), texts["options"]
    command.help = own.get("about", command.help)
    for param in command.get_params(ctx):
        name = _name(param)
        text = own.get(name) or shared.get(name)
        if text is not None and hasattr(param, "help"):  # an option, or Typer's argument
            param.help = text
    words = texts["words"]
    _localize_params(command, ctx, words)
    from typer import rich_utils

    rich_utils.MAX_WIDTH = help_width()
    rich_utils.ARGUMENTS_PANEL_TITLE = words["arguments"]
    rich_utils.OPTIONS_PANEL_TITLE = words["options"]
    rich_utils.COMMANDS_PANEL_TITLE = words["commands"]
    rich_utils.DEFAULT_STRING = words["default"]
    rich_utils.REQUIRED_LONG_STRING = words["required"]


def _usage(command: TyperCommand | TyperGroup, ctx: Context, formatter: Any) -> None:
    """`Brug: kikcalc payback [TILVALG] FIL...`: the reader's words for the options and
    each argument; an optional argument in brackets, one that takes many with `...`."""
    words = _texts(ctx)["words"]
    _localize_params(command, ctx, words)
    pieces = [command.options_metavar] if command.options_metavar else []
    for param in command.get_params(ctx):
        if not isinstance(param, TyperArgument):
            continue
        name = param.metavar or (param.name or "").upper()
        if param.nargs != 1 and not name.endswith("...") and " " not in name:
            name += "..."
        pieces.append(name if param.required else f"[{name}]")
    if isinstance(command, TyperGroup):
        pieces.append(command.subcommand_metavar)
    formatter.write_usage(ctx.command_path, " ".join(pieces), words["usage"])


class LocalizedCommand(TyperCommand):
    """A command whose help is read from the catalogue when it is shown."""

    def format_help(self, ctx: Any, formatter: Any) -> None:
        _localize(self, ctx, _key(ctx))
        super().format_help(ctx, formatter)

    def format_usage(self, ctx: Any, formatter: Any) -> None:
        _usage(self, ctx, formatter)


class LocalizedGroup(TyperGroup):
    """A group (the command line, `statbank`) whose help and listing are localized; the
    command line notes the `--lang` written on it, for the help of whatever follows."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        if ctx.parent is None:
            ctx.meta[_WRITTEN] = _RUN["written"] = written(args)
            _RUN["chosen"] = None
        return super().parse_args(ctx, args)

    def main(self, args: Sequence[str] | None = None, prog_name: str | None = None,
             complete_var: str | None = None, standalone_mode: bool = True,
             **extra: Any) -> Any:
        """Typer's main, with a usage error said in the reader's language
        (`kikcalc.cli.usage`) rather than in Typer's English."""
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode, **extra)
        try:
            result = super().main(args, prog_name, complete_var, False, **extra)
        except typer.Abort:
            from kikcalc.cli import usage

            usage.show_abort(current_language())
            raise SystemExit(1) from None
        except typer.TyperException as error:  # Click's errors are TyperExceptions
            if type(error).__name__ == "NoArgsIsHelpError":  # Typer prints the help
                raise SystemExit(getattr(error, "exit_code", 2)) from None
            from kikcalc.cli import usage

            ctx = getattr(error, "ctx", None)
            usage.show(error, help_language(ctx) if ctx is not None else current_language())
            raise SystemExit(getattr(error, "exit_code", 1)) from None
        raise SystemExit(result if isinstance(result, int) else 0)

    def format_help(self, ctx: Any, formatter: Any) -> None:
        key = _key(ctx)
        _localize(self, ctx, key)
        texts = _texts(ctx)
        for name, command in self.commands.items():
            inner = name if key == "kikcalc" else f"{key} {name}"
            about = texts.get(inner, {}).get("about")
            if about is not None:
                command.help, command.short_help = about, None
        super().format_help(ctx, formatter)

    def format_usage(self, ctx: Any, formatter: Any) -> None:
        _usage(self, ctx, formatter)


class App(typer.Typer):
    """A Typer app whose commands (and groups) show localized help."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(cls=LocalizedGroup, **kwargs)

    def command(self, name: str | None = None, *, cls: type[TyperCommand] | None = None,
                **kwargs: Any) -> Callable[[CommandFunctionType], CommandFunctionType]:
        return super().command(name, cls=cls or LocalizedCommand, **kwargs)
