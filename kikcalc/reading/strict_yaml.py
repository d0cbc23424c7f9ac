"""Strict YAML reading that remembers where every value came from.

The strategy file is money, so the reader is deliberately narrower than YAML:
- numbers become `int` or `Decimal` straight from their text, never through float;
- timestamps, `yes`/`no` and everything else unusual stay strings;
- duplicate keys, anchors, aliases, explicit tags and several documents are errors;
- size and nesting depth are capped;
- no control character (nor a bidi override) in any key or text, where it could rewrite a
  terminal line or start a CI workflow command; text may hold line breaks, keys may not.

It walks PyYAML's event stream (the C parser where available) instead of building Python
objects through a Loader, so no constructor can run and every node keeps its position.
`read_yaml` returns the data and a `Positions` map from paths such as
`("investments", 0, "by_year", 2016)` to (line, column), both counted from 1.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import yaml

from kikcalc.model.message import Text, message
from kikcalc.record import Record, field
from kikcalc.text.safe import escape_char, has_unprintable

MAX_BYTES = 1_000_000
MAX_DEPTH = 24
MAX_NUMBER_CHARS = 40
# No figure in a municipal budget needs more than 12 digits before or after the point;
# larger ones are typing errors, and products of such numbers must stay exact.
MAX_MAGNITUDE = 12

_Parser: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_INTEGER = re.compile(r"[-+]?[0-9]+\Z")
_DIGITS = re.compile("[0-9]+")
_DECIMAL = re.compile(r"[-+]?([0-9]+\.[0-9]*|\.[0-9]+|[0-9]+)([eE][-+]?[0-9]+)?\Z")
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}

Path = tuple[str | int, ...]


class YamlProblem(Exception):
    """The text is not a strategy file we can read; carries the 1-based position."""

    def __init__(self, said: Text, line: int, column: int, code: str = "K101") -> None:
        super().__init__(str(said))
        self.message = said
        self.line = line
        self.column = column
        self.code = code


class Positions(Record, frozen=False):
    """Where each value (and each mapping key) stands in the file."""

    values: dict[Path, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Path, tuple[int, int]] = field(default_factory=dict)

    def find(self, path: Path, *, key: bool = False) -> tuple[int, int]:
        """Position of `path`, or of its nearest enclosing node that has one."""
        table = self.keys if key else self.values
        for end in range(len(path), -1, -1):
            found = table.get(path[:end]) or self.values.get(path[:end])
            if found:
                return found
        return (1, 1)


def resolve_scalar(text: str) -> Any:
    """The value of a plain (unquoted) scalar: None, bool, int, Decimal or the text itself.

    >>> resolve_scalar("-18.1"), resolve_scalar("2016"), resolve_scalar("2018-06-30")
    (Decimal('-18.1'), 2016, '2018-06-30')
    """
    if text in _NULLS:
        return None
    if text in _BOOLS:
        return _BOOLS[text]
    if len(text) <= MAX_NUMBER_CHARS:
        if _INTEGER.match(text):
            return int(text)
        if _DECIMAL.match(text):
            return Decimal(text)
    return text


def _position(event: Any) -> tuple[int, int]:
    return (event.start_mark.line + 1, event.start_mark.column + 1)


def _problem(event: Any, said: Text, code: str = "K101") -> YamlProblem:
    return YamlProblem(said, *_position(event), code)


def _reject_decorations(event: Any) -> None:
    """Anchors and tags make a file mean more than it shows; a budget file must not."""
    if getattr(event, "anchor", None) is not None:
        raise _problem(event, message("k103_anchor", name=event.anchor), "K103")
    if getattr(event, "tag", None) is not None:
        tag = str(event.tag).replace("tag:yaml.org,2002:", "!!")
        raise _problem(event, message("k104", tag=tag), "K104")


def _refuse_controls(event: Any, *, key: bool) -> None:
    """Keys are one line; text may break lines but carries no other control character."""
    if event.value.isprintable():  # the common case, decided in C
        return
    char = has_unprintable(event.value, newline=not key)
    if char is not None:
        raise _problem(event, message("k101_control_key" if key else "k101_control_text",
                                      char=escape_char(char), code=f"U+{ord(char):04X}"))


def _key_of(event: Any) -> str | int:
    """Mapping keys are words or whole numbers (years); anything else is read as its text."""
    if not isinstance(event, yaml.ScalarEvent):
        raise _problem(event, message("k101_key"))
    _refuse_controls(event, key=True)
    value = resolve_scalar(event.value) if event.implicit[0] else event.value
    return value if isinstance(value, str | int) and not isinstance(value, bool) else event.value


def magnitude_problem(text: str, value: Any) -> str | None:
    """Why the number written as `text` is out of range, or None (also for non-numbers)."""
    if isinstance(value, Decimal | int) and not isinstance(value, bool) and value != 0 \
            and not -MAX_MAGNITUDE <= Decimal(value).adjusted() < MAX_MAGNITUDE:
        return (f"number {text} is out of range "
                f"(at most {MAX_MAGNITUDE} digits before and after the point)")
    if isinstance(value, str) and len(text) > MAX_NUMBER_CHARS \
            and isinstance(resolve_scalar(text[:MAX_NUMBER_CHARS]), int | Decimal) \
            and _DECIMAL.match(text):
        return f"number {text[:MAX_NUMBER_CHARS]}... is longer than {MAX_NUMBER_CHARS} characters"
    return None


def _check_magnitude(value: Any, event: Any) -> None:
    problem = magnitude_problem(event.value, value)
    if problem is not None and not isinstance(value, str):
        raise _problem(event, problem, "K110")


class _Frame(Record, frozen=False):
    container: dict[Any, Any] | list[Any]
    path: Path
    key: Any = None
    has_key: bool = False
    flow: bool = False  # written inline, {2020: 1.5}
    last: Any = None  # the scalar event of the value placed last, and its key
    last_key: Any = None
    comma: str | None = None  # "1,5": the key just taken may be the decimals of `last`
    key_event: Any = None  # the event of that key


def _after_comma(frame: _Frame, event: Any) -> str | None:
    """`{2020: 1,5}` is YAML for {2020: 1, 5: null}: a Danish decimal comma. A plain number
    key that follows a plain number value with nothing but the comma between them is read
    back as the text "1,5", so the hint block style gets ("write decimals with a point")
    is given here too."""
    last = frame.last
    if not (frame.flow and last is not None and event.implicit[0] and last.implicit[0]
            and _DIGITS.fullmatch(event.value) and _DECIMAL.match(last.value)):
        return None
    touching = (event.start_mark.line, event.start_mark.column) == \
        (last.end_mark.line, last.end_mark.column + 1)
    return f"{last.value},{event.value}" if touching else None


class _Builder(Record, frozen=False):
    """Turns parser events into plain data, recording positions on the way."""

    positions: Positions
    stack: list[_Frame] = field(default_factory=list)
    root: Any = None
    documents: int = 0

    def feed(self, event: Any) -> None:
        if isinstance(event, yaml.DocumentStartEvent):
            self.documents += 1
            if self.documents > 1:
                raise _problem(event, message("k101_documents"))
        elif isinstance(event, yaml.AliasEvent):
            raise _problem(event, message("k103_alias", name=str(event.anchor)), "K103")
        elif isinstance(event, yaml.MappingEndEvent | yaml.SequenceEndEvent):
            self.stack.pop()
        elif isinstance(event, yaml.NodeEvent):
            _reject_decorations(event)
            frame = self.stack[-1] if self.stack else None
            if frame and isinstance(frame.container, dict) and not frame.has_key:
                self._take_key(frame, event)
            elif isinstance(event, yaml.ScalarEvent):
                _refuse_controls(event, key=False)
                if frame is not None and frame.comma is not None and self._join(frame, event):
                    return
                value = resolve_scalar(event.value) if event.implicit[0] else event.value
                _check_magnitude(value, event)
                self._place(value, event)
            else:
                self._open(event)

    def _take_key(self, frame: _Frame, event: Any) -> None:
        key = _key_of(event)
        frame.comma, frame.key_event = _after_comma(frame, event), event
        if frame.comma is None:
            self._check_new(frame, key, event)
        frame.key, frame.has_key = key, True
        self.positions.keys.setdefault((*frame.path, key), _position(event))

    def _check_new(self, frame: _Frame, key: Any, event: Any) -> None:
        if key in frame.container:
            first = self.positions.keys[(*frame.path, key)][0]
            raise _problem(event, message("k102", key=str(key), line=first), "K102")

    def _join(self, frame: _Frame, event: Any) -> bool:
        """The key taken after a number and a comma has no value: it was the number's
        decimals. The number becomes the text "1,5", which the schema explains."""
        joined, frame.comma = frame.comma, None
        if event.value or not event.implicit[0]:
            self._check_new(frame, frame.key, frame.key_event)
            return False
        assert isinstance(frame.container, dict)
        assert joined is not None
        if frame.key not in frame.container:
            del self.positions.keys[(*frame.path, frame.key)]
        frame.container[frame.last_key] = joined
        frame.has_key, frame.last = False, None
        return True

    def _open(self, event: Any) -> None:
        container: dict[Any, Any] | list[Any] = (
            {} if isinstance(event, yaml.MappingStartEvent) else []
        )
        path = self._place(container, event)
        if len(self.stack) >= MAX_DEPTH:
            raise _problem(event, message("k105_nesting", n=MAX_DEPTH), "K105")
        self.stack.append(_Frame(container, path, flow=bool(getattr(event, "flow_style", 0))))

    def _place(self, value: Any, event: Any) -> Path:
        path: Path = ()
        if not self.stack:
            self.root = value
        elif isinstance((frame := self.stack[-1]).container, list):
            path = (*frame.path, len(frame.container))
            frame.container.append(value)
        else:
            path = (*frame.path, frame.key)
            frame.container[frame.key] = value
            frame.has_key = False
            frame.last, frame.last_key = (event, frame.key) if isinstance(
                event, yaml.ScalarEvent) else (None, None)
        self.positions.values[path] = _position(event)
        return path


def read_yaml(text: str) -> tuple[Any, Positions]:
    """Parse `text` strictly; raise `YamlProblem` with a position on the first problem."""
    if len(text.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        raise YamlProblem(message("k105_size", n=Decimal(MAX_BYTES)), 1, 1, "K105")
    positions = Positions()
    try:
        builder = _Builder(positions)
        for event in yaml.parse(text, Loader=_Parser):
            builder.feed(event)
        data = builder.root
    except yaml.reader.ReaderError as error:
        before = text[: error.position]
        line, column = before.count("\n") + 1, len(before) - before.rfind("\n")
        code = error.character if isinstance(error.character, int) else ord(error.character)
        raise YamlProblem(message("k101_character", code=f"U+{code:04X}"), line,
                          column) from None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        context: Text = ""
        if error.context and error.context_mark and error.context_mark is not mark:
            context = message("yaml_context", context=error.context,
                              line=error.context_mark.line + 1)
        raise YamlProblem(message("k101_syntax", problem=error.problem or "not valid YAML",
                                  context=context), line, column) from None
    except yaml.YAMLError as error:
        raise YamlProblem(message("k101_syntax", problem=str(error), context=""),
                          1, 1) from None
    return data, positions
