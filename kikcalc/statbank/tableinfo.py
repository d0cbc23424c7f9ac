"""A StatBank table's own metadata (`tableinfo`): codes found by their labels, never typed in.

Danmarks Statistik's API answers `POST https://api.statbank.dk/v1/tableinfo` with
`{"table": "AUK01", "format": "JSON"}` by a JSON object: the table's `id`, `text`,
`updated`, and `variables`, each with `id`, `text`, `time` (true for the time variable),
`elimination`, an optional `map`, and `values`, each `{"id": ..., "text": ...}`. kikcalc
holds no code of any table: it names areas and benefit types as the table labels them
("Aabenraa", "Kontanthjælp", "Hele landet") and finds their codes here, at fetch time.
The variables besides area, benefit type and time (AUK01's KØN and ALDER) are held at the
value labelled as their total ("I alt", "Alder i alt").

The part of the metadata a fetch used is kept in the CSV's header, one comment line:

    # kikcalc-tableinfo: {"id": "AUK01", "updated": "...", "variables": [...]}

so every later run reads the codes of that file with the labels of that release, offline.
A label is matched exactly (case and spacing aside); failing that, a unique label that
starts with it ("Kontanthjælp" finds "Kontanthjælp i alt" after a relabelling); failing
that, the table's own code as written by the user. Anything else is a one-line error that
says what the table has.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

from kikcalc.record import Record

HEADER = "# kikcalc-tableinfo: "
#: The area that is the whole country, as StatBank labels it (Danish, English).
COUNTRY_LABELS = ("Hele landet", "All Denmark")
_TOTAL_LABELS = {"i alt", "total", "alder i alt", "køn i alt", "age, total", "sex, total"}
#: A unit variable (KY04's ENHED: persons affected, full-year recipients, kroner) is held at
#: the full-year recipients, the unit the strategies count in.
_UNIT_LABELS = ("helårsmodtagere", "fuldtidspersoner", "fuldtidsmodtagere", "full-year")


class MetadataError(ValueError):
    """The metadata does not hold what was asked for; the message is one line."""


class Value(Record):
    id: str
    text: str


class Variable(Record):
    id: str
    text: str
    time: bool
    values: tuple[Value, ...]


class TableInfo(Record):
    table: str
    updated: str | None
    variables: tuple[Variable, ...]


def parse_tableinfo(document: Any) -> TableInfo:
    """The documented `tableinfo` JSON (text or parsed) as a TableInfo; MetadataError if not.

    >>> info = parse_tableinfo('{"id": "X1", "variables": [{"id": "Tid", "text": "tid", '
    ...                        '"time": true, "values": [{"id": "2016", "text": "2016"}]}]}')
    >>> info.variables[0].values
    (Value(id='2016', text='2016'),)
    """
    try:
        doc = json.loads(document) if isinstance(document, str | bytes) else document
        variables = tuple(
            Variable(str(v["id"]), str(v.get("text", v["id"])), bool(v.get("time", False)),
                     tuple(Value(str(x["id"]), str(x["text"])) for x in v["values"]))
            for v in doc["variables"])
        return TableInfo(str(doc["id"]).upper(), doc.get("updated"), variables)
    except (ValueError, TypeError, KeyError, AttributeError) as error:
        raise MetadataError(f"not a StatBank tableinfo answer ({type(error).__name__})") from None


def _normal(label: str) -> str:
    return " ".join(label.split()).casefold()


def variable(info: TableInfo, role: str) -> Variable:
    """The table's `area`, `type` (benefit type) or `time` variable."""
    def fits(v: Variable) -> bool:
        name = _normal(v.id + " " + v.text)
        if role == "time":
            return v.time
        if role == "area":
            return not v.time and ("område" in name or "area" in name)
        return not v.time and ("ydelse" in name or "visitation" in name)
    found = [v for v in info.variables if fits(v)]
    if len(found) != 1:
        raise MetadataError(f"{info.table} has no single {role} variable: not a table of "
                            "recipients by area and benefit type")
    return found[0]


def find_value(var: Variable, wanted: str, table: str = "") -> Value:
    """The value of `var` labelled `wanted` (see the module for the order of matching)."""
    key = _normal(wanted)
    exact = [v for v in var.values if _normal(v.text) == key]
    if len(exact) == 1:
        return exact[0]
    starts = [v for v in var.values
              if _normal(v.text).startswith(key) and _normal(v.text)[len(key):][:1] in " (,"]
    if not exact and len(starts) == 1:
        return starts[0]
    coded = [v for v in var.values if v.id == wanted.strip()]
    if not exact and not starts and len(coded) == 1:
        return coded[0]
    many = exact or starts
    has = ", ".join(repr(v.text) for v in (many or var.values)[:12])
    more = "" if len(many or var.values) <= 12 else ", ..."
    kind = "several values" if many else "no value"
    raise MetadataError(f"{table} {var.id} has {kind} labelled {wanted[:60]!r}; "
                        f"it has {has}{more}")


def total_value(var: Variable) -> Value:
    """The value of a breakdown variable (sex, age) that is its total; of a unit variable
    (ENHED), the full-year recipients."""
    if "enhed" in _normal(var.id + " " + var.text) or _normal(var.text) == "unit":
        for v in var.values:
            if _normal(v.text).startswith(_UNIT_LABELS):
                return v
        raise MetadataError(f"{var.id} has no value labelled 'Helårsmodtagere'")
    for v in var.values:
        label = _normal(v.text)
        if label in _TOTAL_LABELS or label.endswith(" i alt"):
            return v
    raise MetadataError(f"{var.id} has no value labelled as its total ('I alt')")


def country_value(var: Variable, table: str = "") -> Value:
    for label in COUNTRY_LABELS:
        try:
            return find_value(var, label, table)
        except MetadataError:
            continue
    raise MetadataError(f"{table} {var.id} has no value labelled 'Hele landet'")


class Selection(Record):
    """What a data request asks for, as codes, and the metadata of exactly those values."""

    variables: tuple[tuple[str, tuple[str, ...]], ...]  # (variable id, value codes)
    used: TableInfo


def select(info: TableInfo, areas: Sequence[str], types: Sequence[str],
           periods: Sequence[str] = ("*",)) -> Selection:
    """Codes for these area and benefit-type labels, every other breakdown at its total."""
    area, kind, time = (variable(info, r) for r in ("area", "type", "time"))
    chosen: dict[str, list[Value]] = {}
    for var in info.variables:
        if var is area:
            picked = [find_value(var, a, info.table) for a in areas]
            picked.append(country_value(var, info.table))
        elif var is kind:
            picked = [find_value(var, t, info.table) for t in types]
        elif var is time:
            continue
        else:
            picked = [total_value(var)]
        chosen[var.id] = list(dict.fromkeys(picked))
    variables = [(vid, tuple(v.id for v in values)) for vid, values in chosen.items()]
    variables.append((time.id, tuple(periods)))
    used = TableInfo(info.table, info.updated, tuple(
        Variable(v.id, v.text, v.time, tuple(chosen[v.id])) for v in info.variables
        if v.id in chosen))
    return Selection(tuple(variables), used)


def header_line(used: TableInfo) -> str:
    """The CSV comment line that keeps the metadata a fetch used."""
    doc = {"id": used.table, "updated": used.updated, "variables": [
        {"id": v.id, "text": v.text, "time": v.time,
         "values": [{"id": x.id, "text": x.text} for x in v.values]} for v in used.variables]}
    return HEADER + json.dumps(doc, ensure_ascii=False, separators=(",", ":"))


def labels_of(used: TableInfo) -> dict[str, dict[str, str]]:
    """Per variable id (upper case, as a CSV header writes it): code -> label."""
    return {v.id.upper(): {x.id: x.text for x in v.values} for v in used.variables}


def match_names(wanted: Iterable[str], labels: Iterable[str],
                codes: dict[str, str] | None = None) -> tuple[dict[str, str], list[str]]:
    """Each wanted name as the data labels it, and the names that match nothing.

    >>> match_names(["kontanthjælp", "580", "X"], ["Kontanthjælp", "Aabenraa"],
    ...             {"580": "Aabenraa"})
    ({'kontanthjælp': 'Kontanthjælp', '580': 'Aabenraa'}, ['X'])
    """
    var = Variable("", "", False, tuple(Value(c, t) for c, t in (codes or {}).items()))
    present = list(dict.fromkeys(labels))
    var = Variable("", "", False, (*var.values, *(Value(t, t) for t in present
                                                   if t not in (codes or {}).values())))
    found, missing = {}, []
    for name in dict.fromkeys(wanted):
        try:
            found[name] = find_value(var, name).text
        except MetadataError:
            missing.append(name)
    return found, missing
