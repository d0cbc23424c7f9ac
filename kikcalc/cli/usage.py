"""Usage errors in the reader's language: Click's and Typer's, and kikcalc's own.

Typer prints a usage error (a missing argument, an unknown option, a value of the wrong
kind) in English, in a frame of its own. The command line (`language.LocalizedGroup.main`)
runs Typer so that such an error comes back to it instead, and `show` prints it in the
frame Typer draws, with every word from the catalogue part `cli`
(`present/catalogue/da.cli.toml`, `en.cli.toml`) in the language of the command line as
written (`--lang`, else `KIKCALC_LANG`, else Danish). This module imports nothing of
kikcalc's command line, which imports it. The errors are told apart by their
class and the fields Click gives them; where Click gives only an English sentence, by the
sentence (`_SENTENCES`), and one kikcalc does not know is shown as Click wrote it.

`said_in` gives kikcalc's own errors about files and folders (`cannot read X: reason`).
"""

from __future__ import annotations

import errno
import re
from typing import Any

# Click's English sentences that carry no fields, and the key that says each
_SENTENCES = (
    (re.compile(r"Missing command\.$"), "missing_command"),
    (re.compile(r"No such command (?P<name>.*)\.$"), "no_such_command"),
    (re.compile(r"Got unexpected extra arguments? \((?P<words>.*)\)$"), "extra_arguments"),
    (re.compile(r"Option (?P<name>'.*') requires an argument\.$"), "requires_value"),
    (re.compile(r"Option (?P<name>'.*') requires (?P<count>\d+) arguments\.$"),
     "requires_values"),
    (re.compile(r"Option (?P<name>'.*') does not take a value\.$"), "takes_no_value"),
    (re.compile(r"Argument (?P<name>'.*') takes (?P<count>\d+) values\.$"), "takes_values"),
    (re.compile(r"(?:Value error, )?(?P<value>'.*') is not one of (?P<choices>.*)\.$"),
     "not_one_of"),
    (re.compile(r"\w+ (?P<value>'.*') does not exist\.$"), "no_such_path"),
    (re.compile(r"\w+ (?P<value>'.*') is a directory\.$"), "is_directory"),
    (re.compile(r"\w+ (?P<value>'.*') is a file\.$"), "is_file"),
)
# pydantic's error types (Typer converts values with pydantic) and the key for each
_CONVERSIONS = {
    "less_than_equal": ("at_most", "le"), "greater_than_equal": ("at_least", "ge"),
    "less_than": ("below", "lt"), "greater_than": ("above", "gt"),
    "int_parsing": ("not_integer", None), "int_from_float": ("not_integer", None),
    "int_type": ("not_integer", None), "decimal_parsing": ("not_number", None),
    "float_parsing": ("not_number", None), "bool_parsing": ("not_yes_no", None),
}


def _texts(lang: str) -> dict[str, Any]:
    from kikcalc.present.labels import catalogue

    return catalogue(lang, "cli")




def reason(error: BaseException | str, lang: str) -> str:
    """Why a file could not be read or written (an OSError, or the system's words), in
    `lang`; words kikcalc does not know are shown as they are."""
    reasons = _texts(lang)["reasons"]
    said = error if isinstance(error, str) else getattr(error, "strerror", None) or str(error)
    for key, english in _texts("en")["reasons"].items():
        if said == english and key in reasons:
            return str(reasons[key])
    name = errno.errorcode.get(getattr(error, "errno", None) or 0)
    return str(reasons.get(name, said)) if name else said


def said_in(key: str, lang: str, **values: object) -> str:
    """One of kikcalc's own errors (`files.cannot_read`, ...) in `lang`."""
    part, name = key.split(".")
    text: str = _texts(lang)[part][name]
    return text.format(**values)


def _sentence(text: str, usage: dict[str, str]) -> str:
    for pattern, key in _SENTENCES:
        found = pattern.match(text)
        if found:
            return usage[key].format(**found.groupdict())
    return text


def _reason(error: Any, usage: dict[str, str]) -> str:
    """The reason a value was refused: pydantic's error type, else Click's sentence."""
    cause = error.__cause__
    errors = cause.errors() if hasattr(cause, "errors") else []
    if errors and errors[0].get("type") in _CONVERSIONS:
        key, limit = _CONVERSIONS[errors[0]["type"]]
        value = repr(str(errors[0].get("input", "")))
        return usage[key].format(value=value, limit=(errors[0].get("ctx") or {}).get(limit))
    return _sentence(str(error.message), usage)


def _hint(param: Any, ctx: Any) -> Any:
    try:
        return param.get_error_hint()
    except TypeError:  # Click's own takes the context
        return param.get_error_hint(ctx)


def message(error: Any, lang: str) -> str:
    """The text of a usage error (Click's UsageError and its kin) in `lang`."""
    usage = _texts(lang)["usage"]
    kind = type(error).__name__
    param = getattr(error, "param", None)
    hint = getattr(error, "param_hint", None) or (_hint(param, error.ctx)
                                                  if param is not None else None)
    if not isinstance(hint, str) and hint is not None:
        hint = " / ".join(repr(x) for x in hint)
    if kind == "MissingParameter":
        which = getattr(error, "param_type", None) or getattr(param, "param_type_name", "")
        return usage["missing_option" if which == "option" else "missing_argument"].format(
            name=hint or "")
    if kind == "NoSuchOption":
        text = usage["no_such_option"].format(name=error.option_name)
        if error.possibilities:
            text += " " + usage["possible"].format(names=", ".join(sorted(error.possibilities)))
        return text
    if kind == "BadParameter" or param is not None:
        said_reason = _reason(error, usage)
        return usage["invalid"].format(name=hint, reason=said_reason) if hint else \
            usage["invalid_plain"].format(reason=said_reason)
    return _sentence(error.format_message(), usage)


class _Said:
    """A usage error told in another language, for Typer's frame (`rich_format_error`
    reads the context and the message of what it is given)."""

    def __init__(self, ctx: Any, text: str) -> None:
        self.ctx, self.text = ctx, text

    def format_message(self) -> str:
        return self.text


def show(error: Any, lang: str) -> None:
    """Print a usage error on stderr as Typer would, in `lang`."""
    from typer import rich_utils

    ctx = getattr(error, "ctx", None)
    if ctx is not None:  # the usage line puts the reader's names on the parameters (FIL),
        ctx.get_usage()  # which the message names too
    frame = _texts(lang)["frame"]
    rich_utils.ERRORS_PANEL_TITLE = frame["error"]
    rich_utils.RICH_HELP = frame["try_help"].replace("{command}", "{command_path}").replace(
        "{option}", "{help_option}")
    try:
        text = message(error, lang)
    except (AttributeError, KeyError, TypeError, ValueError):  # a shape Click may change
        text = error.format_message()
    rich_utils.rich_format_error(_Said(ctx, text))  # type: ignore[arg-type]


def show_abort(lang: str) -> None:
    from typer import rich_utils

    rich_utils.ABORTED_TEXT = _texts(lang)["frame"]["aborted"]
    rich_utils.rich_abort_error()
