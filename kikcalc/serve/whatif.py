"""What-if: the drivers `kikcalc sensitivity` moves as fields, each a `--set PATH=VALUE`
of the command line, recomputed by the engine exactly as `kikcalc payback --set` does; and
"save as scenario", which writes the changed values into the file's `scenarios:`.

A field is a `--set` path into the file and the value the file has there: a target
group's reduction by year, deadweight and outcome shares, a unit cost written in the file,
an investment line's amounts or cost per FTE, and the discount rate. A value is read by
`reading.overrides.parse_set`, the command line's own reader, and the strategy is loaded
with those overrides by `load_strategy`, the command line's own loader.

Saving adds one line to the file's `scenarios:` block (or the block at the end of the
file), leaving every other byte as it was: comments and layout stay. The file is written
only when its bytes hash as they did when the page read it, through a temporary file and
`os.replace`, and only when the new text still loads and the scenario gives the values.
"""

from __future__ import annotations

import json
import os
import re
import stat
import tempfile
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

from kikcalc.evaluation.evaluated import Evaluated, evaluate_loaded
from kikcalc.loading.strategy import load_strategy, parse_scenarios, parse_strategy
from kikcalc.model.findings import Issue, Severity
from kikcalc.reading.files import read_regular
from kikcalc.reading.overrides import OverrideError, Overrides, parse_set, set_value
from kikcalc.reading.strict_yaml import YamlProblem, read_yaml
from kikcalc.record import Record
from kikcalc.serve.folder import content_hash

UNIT_COST_KEYS = frozenset({"unit", "from_table", "source", "labels", "note"})
MAX_NAME = 60


class Field(Record):
    path: str  # the --set path
    value: str  # as the file has it
    group: str  # what the field belongs to, for its heading
    kind: str  # reduction | deadweight | outcome | unit_cost | by_year | cost_per_fte | ...
    detail: str = ""  # the year, outcome or benefit the label names

#: The kinds of field, each labelled `serve_field_<kind>` in the catalogue.
KINDS = ("reduction", "deadweight", "outcome", "unit_cost", "by_year", "cost_per_fte",
         "discount_rate")


def _key(name: str) -> str | None:
    """A list item's name in a path: in brackets, or quoted when it holds a bracket."""
    if "]" not in name:
        return f"[{name}]"
    return None if '"' in name else f'."{name}"'


def _number(value: Any) -> bool:
    return isinstance(value, int | Decimal) and not isinstance(value, bool)


def _years(prefix: str, values: Any, group: str, kind: str, detail: str = "") -> list[Field]:
    if not isinstance(values, dict):
        return [Field(prefix, str(values), group, kind, detail)] if _number(values) else []
    return [Field(f"{prefix}.{year}", str(v), group, kind, f"{detail} {year}".strip())
            for year, v in values.items() if isinstance(year, int) and _number(v)]


def _named(data: dict[str, Any], key: str) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """Each item of the list `key` (target groups, investments) that a path can name: its
    path (`target_groups[Jobparate]`), its name and the item."""
    for item in data.get(key) or []:
        part = _key(str(item.get("name", ""))) if isinstance(item, dict) else None
        if part is not None:
            yield f"{key}{part}", str(item["name"]), item


def _one(where: str, item: dict[str, Any], key: str, name: str) -> list[Field]:
    """The field of one number the item writes (`deadweight`, `cost_per_fte`), if it does."""
    value = item.get(key)
    return [Field(f"{where}.{key}", str(value), name, key)] if _number(value) else []


def fields(data: Any) -> list[Field]:
    """The drivers of the file `data` was read from, as `--set` paths and values."""
    if not isinstance(data, dict):
        return []
    out: list[Field] = []
    for where, name, item in _named(data, "target_groups"):
        out += _years(f"{where}.reduction", item.get("reduction"), name, "reduction")
        out += _one(where, item, "deadweight", name)
        for outcome, share in (item.get("outcomes") or {}).items():
            if _number(share):
                out.append(Field(f"{where}.outcomes.{outcome}", str(share), name, "outcome",
                                 str(outcome)))
            elif isinstance(share, dict) and _number(share.get("share")):
                out.append(Field(f"{where}.outcomes.{outcome}.share", str(share["share"]),
                                 name, "outcome", str(outcome)))
    costs = data.get("unit_costs")
    for benefit, cost in (costs.items() if isinstance(costs, dict) else ()):
        if benefit not in UNIT_COST_KEYS and "." not in str(benefit):
            out += _years(f"unit_costs.{benefit}", cost, "unit_costs", "unit_cost",
                          str(benefit))
    for where, name, item in _named(data, "investments"):
        out += _years(f"{where}.by_year", item.get("by_year"), name, "by_year")
        out += _one(where, item, "cost_per_fte", name)
    rate = data.get("discount_rate", 0)
    out.append(Field("discount_rate", str(rate) if _number(rate) else "0", "economics",
                     "discount_rate"))
    return out


def read_fields(text: str) -> list[Field]:
    try:
        data, _ = read_yaml(text)
    except YamlProblem:
        return []
    return fields(data)


class WhatIf(Record):
    evaluated: Evaluated | None
    issues: tuple[Issue, ...]
    error: str | None  # a value the file has no place for, said as the command line says it


def sets_of(items: list[str]) -> tuple[tuple[str, str], ...]:
    """`PATH=VALUE` items read as `--set` reads them; ValueError names the bad one."""
    pairs = []
    for item in items:
        try:
            pairs.append(parse_set(item))
        except ValueError as error:
            raise ValueError(f"--set {item}: {error}") from None
    return tuple(pairs)


def what_if(path: Path, items: list[str]) -> WhatIf:
    """The strategy at `path` with the values `items` set, evaluated in its own unit, as
    `kikcalc payback --set ...` loads and evaluates it."""
    try:
        overrides = Overrides(None, sets_of(items))
        loaded, issues = load_strategy(str(path), overrides)
    except (ValueError, OverrideError) as error:
        return WhatIf(None, (), str(error))
    except OSError as error:
        return WhatIf(None, (), f"cannot read {path}: {error.strerror or error}")
    return WhatIf(evaluate_loaded(loaded) if loaded else None, tuple(issues), None)


class SaveRefused(Exception):
    """Why a scenario was not saved: a catalogue key (`serve_refused_...`) and its values,
    worded in the page's language; `conflict` when the file changed since it was read."""

    def __init__(self, key: str, *, conflict: bool = False, **values: object) -> None:
        super().__init__(key)
        self.key, self.values, self.conflict = key, values, conflict


_BLOCK = re.compile(r"scenarios[ \t]*:[ \t]*(#.*)?$")


def _flow(pairs: tuple[tuple[str, str], ...]) -> str:
    def value(text: str) -> str:
        return text if _number(set_value(text)) else json.dumps(text, ensure_ascii=False)

    return "{" + ", ".join(f"{json.dumps(p, ensure_ascii=False)}: {value(v)}"
                           for p, v in pairs) + "}"


def with_scenario(text: str, name: str, pairs: tuple[tuple[str, str], ...]) -> str:
    """`text` with one more scenario line, every other line as it was."""
    entry = f"{json.dumps(name, ensure_ascii=False)}: {_flow(pairs)}\n"
    lines = text.splitlines(keepends=True)
    for i, line in enumerate(lines):
        if line.startswith("scenarios") and not _BLOCK.match(line.rstrip("\r\n")):
            raise SaveRefused("serve_refused_inline")
        if not _BLOCK.match(line.rstrip("\r\n")):
            continue
        end, indent = i + 1, "  "
        for j in range(i + 1, len(lines)):
            body = lines[j]
            if body.strip() and not body[0].isspace() and not body.startswith("#"):
                break
            if body.strip() and not body.lstrip().startswith("#"):
                if end == i + 1:
                    indent = body[:len(body) - len(body.lstrip())]
                end = j + 1
        newline = "\r\n" if line.endswith("\r\n") else "\n"
        if end > 0 and not lines[end - 1].endswith("\n"):
            lines[end - 1] += newline
        lines.insert(end, indent + entry.replace("\n", newline))
        return "".join(lines)
    ending = "" if not text or text.endswith("\n") else "\n"
    return f"{text}{ending}\nscenarios:\n  {entry}"


def save_scenario(path: Path, expected_hash: str, name: str, items: list[str]) -> str:
    """Write scenario `name` with `items` into the file at `path` (see module); the new
    content's hash. SaveRefused says why not."""
    name = name.strip()
    if not name or len(name) > MAX_NAME or not name.isprintable() or "\\" in name:
        raise SaveRefused("serve_refused_name", most=MAX_NAME)
    try:
        pairs = sets_of(items)
    except ValueError as error:
        raise SaveRefused("serve_refused_value", reason=str(error)) from None
    if not pairs:
        raise SaveRefused("serve_refused_nothing")
    raw = read_regular(path)
    if content_hash(raw) != expected_hash:
        raise SaveRefused("serve_refused_changed",
                          conflict=True)
    text = raw.decode("utf-8")
    data, _ = read_yaml(text)
    if name in (data.get("scenarios") or {}):
        raise SaveRefused("serve_refused_exists", name=name)
    new = with_scenario(text, name, pairs)
    _still_loads(new, str(path), name, pairs)
    _replace(path, raw, new.encode("utf-8"))
    return content_hash(new.encode("utf-8"))


def _still_loads(text: str, file: str, name: str, pairs: tuple[tuple[str, str], ...]) -> None:
    data, _ = read_yaml(text)
    wanted = {p: set_value(v) for p, v in pairs}
    if data.get("scenarios", {}).get(name) != wanted:
        raise SaveRefused("serve_refused_read_back")
    loaded, issues = parse_strategy(text, file)
    (scenario, found), = parse_scenarios(text, file, [name])
    errors = [i for i in [*issues, *found] if i.severity is Severity.ERROR]
    if loaded is None or scenario is None or errors:
        said = errors[0].code if errors else "-"
        raise SaveRefused("serve_refused_load", code=said)


def _replace(path: Path, before: bytes, after: bytes) -> None:
    """Write `after` to a temporary file beside `path` and put it in place, unless the
    file no longer holds `before` (a save in between): then refuse."""
    mode = stat.S_IMODE(os.stat(path).st_mode)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(after)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, mode)
        if read_regular(path) != before:
            raise SaveRefused("serve_refused_changed",
                              conflict=True)
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise
