"""Documents in general: their text, their kind, and schema errors at `file:line:column`.

`read_text` reads a regular file (never a FIFO or device), capped in size; `document_kind`
tells a strategy from a budget table by its marker key; `parse_model` runs strict YAML and a
pydantic model and maps each error back to the YAML node it came from, skipping the union
tags and validator names pydantic inserts into an error's location.
"""

from __future__ import annotations

import errno
import re
from collections.abc import Callable
from decimal import Decimal
from pathlib import PurePosixPath
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from kikcalc.model.findings import Issue, Source, sort_issues
from kikcalc.model.message import Joined, Message, Text, Value, message
from kikcalc.reading.files import (
    NOT_REGULAR,
    Files,
    GitError,
    UnsafePath,
    not_led_out,
    read_regular,
    relative_inside,
)
from kikcalc.reading.files_read import FILES_READ as FILES_READ  # noqa: PLC0414 (re-exported)
from kikcalc.reading.strict_yaml import MAX_BYTES, Path, Positions, YamlProblem, read_yaml
from kikcalc.reading.validators import validator_of

# pydantic's errors kikcalc words itself (the rest keep pydantic's English words), with the
# fields of the error's context each message uses
_MESSAGES = {
    "unknown_key": ("k110_unknown_key", ("key", "allowed")),
    "greater_than_equal": ("k110_at_least", ("ge", "input")),
    "less_than_equal": ("k110_at_most", ("le", "input")),
}



# pydantic's type errors, said in the reader's language (pydantic's own words are English)
_TYPES = {**dict.fromkeys(("int_parsing", "int_type", "int_from_float"), "k110_integer"),
          **dict.fromkeys(("decimal_parsing", "decimal_type", "float_parsing", "float_type"),
                          "k110_number"),
          **dict.fromkeys(("date_parsing", "date_type", "date_from_datetime_parsing"),
                          "k110_date"),
          "string_type": "k110_text", "bool_parsing": "k110_bool", "bool_type": "k110_bool",
          "list_type": "k110_list", "dict_type": "k110_dict", "model_type": "k110_dict"}


# A validator's own exception: its text is the message, without pydantic's "Value error, ".
_PYTHON_ERRORS = ("value_error", "assertion_error")



def _data_path(loc: tuple[Any, ...], data: Any) -> Path:
    """The part of a pydantic `loc` that addresses real nodes of the YAML data.

    pydantic inserts union tags and validator names into `loc`; they are skipped.
    """
    path: list[str | int] = []
    node = data
    for part in loc:
        key = int(part) if isinstance(part, str) and part.isascii() and part.isdigit() else part
        if isinstance(node, dict) and (part in node or key in node):
            key = part if part in node else key
        elif not (isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)):
            continue
        node = node[key]
        path.append(key)
    return tuple(path)



def _describe(path: Path, data: Any) -> Joined | None:
    """A readable place: list items by their `name` (or number from 1), keys as written;
    None for the file as a whole."""
    words: list[Value] = []
    node = data
    for part in path:
        parent, node = node, node[part]
        named = isinstance(node, dict) and isinstance(node.get("name"), str)
        if isinstance(parent, list) and named:
            words.append(f"'{node['name']}'")
        elif isinstance(parent, list) and isinstance(part, int):
            words.append(message("item", n=part + 1))
        else:
            words.append(str(part))
    return Joined(tuple(words), " ") if words else None


def _shown(value: Any) -> Value:
    """A value from pydantic's error context, as a message field."""
    return value if isinstance(value, str | int | Decimal) and not isinstance(value, bool) \
        else str(value)



def schema_issue(file: str, error: Any, data: Any, positions: Positions) -> Issue:
    loc = tuple(error["loc"])
    ctx = error.get("ctx") or {}
    at_key = False
    if error["type"] == "unknown_key":
        loc, at_key = (*loc, ctx["key"]), True
    elif error["type"] == "missing":
        loc = loc[:-1]
    elif loc and loc[-1] == "[key]":
        at_key = True
    path = _data_path(loc, data)
    line, column = positions.find(path, key=at_key)
    place = _describe(path[:-1] if at_key and error["type"] == "unknown_key" else path, data)
    kind = error["type"]
    said: Text
    if kind == "literal_error" and path == ("kikcalc",):
        said = message("k110_version", version=repr(error.get("input")))
    elif kind == "missing":
        key = str(error["loc"][-1])
        said = message("k110_missing_in", key=key, place=place) if path and place \
            else message("k110_missing", key=key)
    elif kind in _MESSAGES:
        name, fields = _MESSAGES[kind]
        values = {**ctx, "input": error.get("input")}
        said = message(name, **{f: _shown(values.get(f)) for f in fields})
        said = message("at_place", place=place, said=said) if place else said
    elif kind in _TYPES:
        shown = _shown(error.get("input"))
        said = message("at_place", place=place or message("the_file"), said=message(
            _TYPES[kind], input=shown[:40] if isinstance(shown, str) else shown))
    else:
        text = str(ctx["error"]) if kind in _PYTHON_ERRORS and ctx.get("error") else error["msg"]
        said = message("at_place", place=place or message("the_file"),
                       said=f"{text[:1].lower()}{text[1:]}")
    return Issue("K110", said, Source(file, line, column))



M = TypeVar("M", bound=BaseModel)



def parse_model(text: str, file: str, model: type[M], what: Text, keys: str,
                edit: Callable[[Any, Positions], list[Issue]] | None = None
                ) -> tuple[M | None, Positions, list[Issue]]:
    """Strict YAML, then the pydantic `model`; problems located in `file`."""
    try:
        data, positions = read_yaml(text)
    except YamlProblem as problem:
        return None, Positions(), [Issue(problem.code, problem.message,
                                         Source(file, problem.line, problem.column))]
    if not isinstance(data, dict):
        return None, positions, [Issue("K110", message("k110_mapping", what=what, keys=keys),
                                       Source(file, 1, 1))]
    edited = edit(data, positions) if edit is not None else []
    try:
        validated: M = validator_of(model).validate_python(data)  # model.model_validate
    except ValidationError as error:
        issues = [schema_issue(file, e, data, positions) for e in error.errors()]
        return None, positions, sort_issues([*edited, *issues])
    return (None, positions, sort_issues(edited)) if edited else (validated, positions, [])






def decode_text(raw: bytes, file: str) -> tuple[str | None, list[Issue]]:
    """UTF-8 text of at most MAX_BYTES bytes, or the problem with its line."""
    if len(raw) > MAX_BYTES:
        return None, [Issue("K105", message("k105_size", n=Decimal(MAX_BYTES)),
                            Source(file, 1, 1))]
    try:
        return raw.decode("utf-8-sig"), []
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        return None, [Issue("K101", message("k101_utf8"), Source(file, line, 1))]



_MARKER = re.compile(r"""^["']?(kikcalc|kikcalc_table)["']?[ \t]*:[ \t]*[^\s#|>{\[]""", re.M)



def document_name(text: str | None) -> str | None:
    r"""A document's top-level `name`, as written; None when there is none or the text is
    not YAML that kikcalc reads. `kind --name` and the gate's pairing of renames use it.

    >>> document_name("kikcalc: 1\nname: KIK-I\n"), document_name("- a list")
    ('KIK-I', None)
    """
    if text is None:
        return None
    try:
        data, _ = read_yaml(text)
    except (YamlProblem, RecursionError, ValueError):
        return None
    name = data.get("name") if isinstance(data, dict) else None
    return name if isinstance(name, str) else None


def document_kind(text: str) -> str | None:
    r"""'strategy', 'table' or None (not a kikcalc document), by the top-level marker key.

    The marker holds a version number: a CI job named `kikcalc:` (a mapping) is not a
    strategy. A marker line at the start of a line decides at once, also for text that is
    not even YAML, so that breaking the YAML does not take a strategy out of the gate;
    other forms (a flow mapping, a key in quotes) are found by parsing.

    >>> document_kind("kikcalc: 1\nname: x\n"), document_kind("kikcalc:\n  script: [x]\n")
    ('strategy', None)
    >>> document_kind("'kikcalc_table': 1\nrows: [\n")
    'table'
    """
    found = _MARKER.search(text)  # the usual case, without parsing the file twice
    if found is not None:
        return "table" if found[1] == "kikcalc_table" else "strategy"
    try:
        data, _ = read_yaml(text)
    except YamlProblem:
        return None
    if not isinstance(data, dict):
        return None
    for key, kind in (("kikcalc", "strategy"), ("kikcalc_table", "table")):
        if key in data and not isinstance(data[key], dict | list):
            return kind
    return None



def read_bytes(path: str) -> bytes:
    """At most MAX_BYTES + 1 bytes of `path`. OSError when it cannot be read at all, when it
    is not a regular file (a FIFO would block, a device never ends), or when it is a link
    that leads out of its repository."""
    FILES_READ.append(path)
    not_led_out(path)
    return read_regular(path)


def read_text(path: str) -> tuple[str | None, list[Issue]]:
    """The UTF-8 text of `path`, capped in size; OSError as `read_bytes`."""
    return decode_text(read_bytes(path), path)


def marker_kind(raw: bytes) -> str | None:
    """The kind of a file that is not text we read (not UTF-8, too large), by its marker
    line alone: enough to tell a broken kikcalc document from someone else's YAML."""
    found = _MARKER.search(raw.removeprefix(b"\xef\xbb\xbf").decode("latin-1"))
    return None if found is None else ("table" if found[1] == "kikcalc_table" else "strategy")


def read_named(name: str, files: tuple[Files, PurePosixPath], what: Text, code: str,
               where: Source) -> tuple[str | None, str | None, list[Issue]]:
    """A file a strategy names (a budget table, a statistics file): its text, its label
    and the problems of its text; the label is None when it was refused or unreadable,
    and then the one problem says so at `where`, quoting nothing of the file."""
    reader, folder = files
    try:
        inside = relative_inside(folder, name)
        label = reader.label(inside)
        FILES_READ.append(label)
        text, issues = decode_text(reader.read(inside), label)
    except UnsafePath as refused:
        return None, None, [Issue(code, message("refused", what=what, name=name,
                                                reason=str(refused)), where)]
    except (OSError, GitError) as error:
        return None, None, [Issue(code, message("cannot_read", what=what, name=name,
                                                reason=read_reason(error)), where)]
    return text, label, issues


_REASONS = ("ENOENT", "EACCES", "EISDIR", "ENOTDIR", "ELOOP")


def read_reason(error: OSError | GitError) -> Message | str:
    """Why a file could not be read: in the reader's language when kikcalc knows the
    system's reason (the system's own words are English whatever --lang says)."""
    name = errno.errorcode.get(error.errno or 0, "") if isinstance(error, OSError) else ""
    if name in _REASONS:
        return message(f"reason_{name}")
    if isinstance(error, OSError) and error.strerror == NOT_REGULAR:
        return message("reason_not_regular")
    return str(error.strerror if isinstance(error, OSError) and error.strerror else error)
