"""Reading caseload statistics as users save them: StatBank CSV or a Jobindsats export.

Both are `;`-separated text with a header row (a `,`-separated file is read too).
- StatBank (Danmarks Statistik's API, `format: CSV`): columns OMRÅDE, YDELSESTYPE, TID and
  INDHOLD, and KØN and ALDER when the table has them (AUK01 does). Only the totals of KØN
  and ALDER (`TOT`, or `I alt` / `Alder i alt` when saved with labels) are read, so a file
  with a breakdown is never summed twice. `..` (not published) is a missing value.
- Jobindsats (constructed from what an export holds; the layout depends on the choices made
  when downloading): columns Område, Ydelse (or Ydelsesgruppe, Målgruppe), Periode and
  Fuldtidspersoner (or Antal fuldtidspersoner), numbers with a decimal comma.

Lines before the header that start with `#` are comments; `kikcalc statbank fetch` writes
one with the table and the date fetched (`# kikcalc: table AUK01, fetched 2026-11-23, ...`)
and one with the table's metadata for the values it asked for (`# kikcalc-tableinfo: {...}`,
see `kikcalc.statbank.tableinfo`): with it, the codes of the file are read as the labels the
table gave them ("580" as "Aabenraa"), and the breakdowns are held at the codes it names.
Periods: `2016` (a year), `2016K1` or `2016Q1` (a quarter), `2016M01` or `2016-01` (a month).
Problems are returned as data with their line number; nothing here prints or raises.
"""

from __future__ import annotations

import contextlib
import csv
import re
from decimal import Decimal, InvalidOperation
from typing import Literal

from kikcalc.reading.strict_yaml import MAX_MAGNITUDE
from kikcalc.record import Record, replace
from kikcalc.statbank.tableinfo import (
    HEADER,
    MetadataError,
    TableInfo,
    Variable,
    parse_tableinfo,
    variable,
)

Kind = Literal["year", "quarter", "month"]
PARTS: dict[str, int] = {"year": 1, "quarter": 4, "month": 12}

_PERIOD = re.compile(r"(\d{4})(?:([KQ])([1-4])|M(0[1-9]|1[0-2])|-(0[1-9]|1[0-2]))?")
_META = re.compile(r"table (\w{1,20})|fetched (\d{4}-\d{2}-\d{2})")
_TOTALS = {"TOT", "I alt", "Alder i alt", "Total", "Age, total"}
_MISSING = {"", "..", "-", ":"}


class Period(Record, order=True):
    year: int
    part: int  # 1 for a year; the quarter 1-4; the month 1-12
    kind: Kind

    def __str__(self) -> str:
        if self.kind == "year":
            return str(self.year)
        return f"{self.year}K{self.part}" if self.kind == "quarter" \
            else f"{self.year}M{self.part:02d}"


def parse_period(text: str) -> Period | None:
    """A period code as StatBank and Jobindsats write them; None if it is not one.

    >>> parse_period("2015K2"), parse_period("2017M07"), parse_period("2018")
    (Period(year=2015, part=2, kind='quarter'), Period(year=2017, part=7, kind='month'), \
Period(year=2018, part=1, kind='year'))
    >>> parse_period("juni 2015") is None
    True
    """
    match = _PERIOD.fullmatch(text.strip())
    if match is None:
        return None
    year, _, quarter, month, dashed = match.groups()
    if quarter:
        return Period(int(year), int(quarter), "quarter")
    if month or dashed:
        return Period(int(year), int(month or dashed), "month")
    return Period(int(year), 1, "year")


class Observation(Record):
    area: str
    benefit_type: str
    period: Period
    persons: Decimal | None  # None: not published
    line: int


class Caseloads(Record):
    file: str
    source: Literal["statbank", "jobindsats"]
    observations: tuple[Observation, ...]
    table: str | None = None
    fetched: str | None = None
    codes: tuple[tuple[str, str], ...] = ()  # (code, label) of areas and types, from metadata


class Problem(Record):
    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


def shown(text: str, limit: int = 40) -> str:
    """Text from a file, safe to print: control characters replaced, length bounded."""
    clean = "".join(c if c.isprintable() else "?" for c in text)
    return repr(clean if len(clean) <= limit else clean[:limit] + "...")


def parse_persons(text: str) -> Decimal | None:
    """Full-time persons as written: `1008`, `1008.5`, `1.008,5`; None for `..` or empty;
    OutOfRange beyond 12 digits before or after the point.

    >>> parse_persons("1.008,5"), parse_persons("563"), parse_persons("..")
    (Decimal('1008.5'), Decimal('563'), None)
    """
    text = text.strip().replace("\u00a0", "").replace(" ", "")
    if text in _MISSING:
        return None
    if "," in text:
        text = text.replace(".", "").replace(",", ".")
    value = Decimal(text)  # InvalidOperation for anything else: the caller reports it
    if not value.is_finite() or value < 0 or len(value.as_tuple().digits) > 15:
        raise InvalidOperation(text)
    exponent = value.as_tuple().exponent
    if value.adjusted() >= MAX_MAGNITUDE or (isinstance(exponent, int)
                                            and exponent < -MAX_MAGNITUDE):
        raise OutOfRange(text)
    return value


class OutOfRange(ValueError):
    """A number beyond the limits a strategy file has: 12 digits before and after the
    point (`1e999999` would overflow the first sum, `1E+500` the first rounding)."""


_STATBANK = {"area": ("OMRÅDE",), "type": ("YDELSESTYPE", "VISITATION"), "period": ("TID",),
             "value": ("INDHOLD",)}
_JOBINDSATS = {"area": ("OMRÅDE", "KOMMUNE"), "type": ("YDELSE", "YDELSESGRUPPE", "MÅLGRUPPE",
                                                        "VISITATIONSKATEGORI"),
               "period": ("PERIODE",), "value": ("FULDTIDSPERSONER", "ANTAL FULDTIDSPERSONER")}


_ROLES = ("area", "type", "period", "value")


def _breakdowns(info: TableInfo | None) -> list[Variable]:
    """The metadata's variables held at their total (sex, age): not area, type or time."""
    if info is None:
        return []
    roles = []
    for role in ("area", "type"):
        with contextlib.suppress(MetadataError):
            roles.append(variable(info, role).id)
    return [v for v in info.variables if not v.time and v.id not in roles]


def _columns(header: list[str], info: TableInfo | None
             ) -> tuple[Literal["statbank", "jobindsats"], dict[str, int]] | None:
    names = [h.strip().upper() for h in header]
    breakdowns = {"KØN", "ALDER"} | {v.id.upper() for v in _breakdowns(info)}
    for source, wanted in (("statbank", _STATBANK), ("jobindsats", _JOBINDSATS)):
        found = {role: next((names.index(n) for n in options if n in names), -1)
                 for role, options in wanted.items()}
        if all(i >= 0 for i in found.values()):
            for extra in sorted(breakdowns):
                if extra in names:
                    found[extra] = names.index(extra)
            return source, found  # type: ignore[return-value]
    return None


def read_caseloads(text: str, file: str) -> tuple[Caseloads | None, list[Problem]]:
    """Every observation of the file, or None and the problems that stop reading it."""
    lines = text.removeprefix("\ufeff").splitlines()
    table = fetched = None
    info: TableInfo | None = None
    start = 0
    while start < len(lines) and lines[start].startswith("#"):
        if lines[start].startswith(HEADER):
            try:
                info = parse_tableinfo(lines[start][len(HEADER):])
            except MetadataError as error:
                return None, [Problem(file, start + 1, f"the metadata line is {error}")]
        for match in _META.finditer(lines[start]):
            table = match.group(1) or table
            fetched = match.group(2) or fetched
        start += 1
    if start == len(lines):
        return None, [Problem(file, start, "no header row: not a statistics file")]
    delimiter = ";" if ";" in lines[start] else ","
    rows, unread = _rows(lines[start:], delimiter, file, start + 1)
    layout = _columns(rows[0], info)
    if layout is None:
        return None, [*unread, Problem(
            file, start + 1, "header not understood: a StatBank CSV needs OMRÅDE, "
            "YDELSESTYPE, TID and INDHOLD; a Jobindsats export Område, Ydelse, Periode and "
            "Fuldtidspersoner")]
    source, columns = layout
    totals = _TOTALS | {x.id for v in _breakdowns(info) for x in v.values}
    observations, problems = _observations(rows[1:], columns, file, start + 2, totals)
    problems = sorted([*unread, *problems], key=lambda p: p.line)
    if not observations and not problems:
        problems.append(Problem(file, start + 1, "no rows with totals (KØN and ALDER TOT)"))
    if problems:
        return None, problems
    codes: tuple[tuple[str, str], ...] = ()
    if info is not None:
        observations, codes = _labelled(observations, info)
    return Caseloads(file, source, tuple(observations), table or (info.table if info else None),
                     fetched, codes), []


def _labelled(observations: list[Observation], info: TableInfo
              ) -> tuple[list[Observation], tuple[tuple[str, str], ...]]:
    """The observations with area and benefit type as the metadata labels their codes."""
    def names(role: str) -> dict[str, str]:
        try:
            return {x.id: x.text for x in variable(info, role).values}
        except MetadataError:
            return {}
    area, kind = names("area"), names("type")
    relabelled = [replace(o, area=area.get(o.area, o.area),
                          benefit_type=kind.get(o.benefit_type, o.benefit_type))
                  for o in observations]
    return relabelled, tuple(area.items()) + tuple(kind.items())


def _rows(lines: list[str], delimiter: str, file: str, first: int
          ) -> tuple[list[list[str]], list[Problem]]:
    """The rows of `lines`, numbered from `first`; a row the csv module refuses (a field
    over its limit of 131,072 characters) is a problem at its line and an empty row."""
    reader = csv.reader(lines, delimiter=delimiter)
    rows: list[list[str]] = []
    problems: list[Problem] = []
    while True:
        try:
            rows.append(next(reader))
        except StopIteration:
            return rows, problems
        except csv.Error as error:  # the message is the csv module's, never the file's
            problems.append(Problem(file, first + len(rows), f"cannot be read as CSV: {error}"))
            rows.append([])


def _observations(rows: list[list[str]], columns: dict[str, int], file: str,
                  first: int, totals: set[str]) -> tuple[list[Observation], list[Problem]]:
    observations: list[Observation] = []
    problems: list[Problem] = []
    seen: dict[tuple[str, str, Period], int] = {}
    width = max(columns.values()) + 1
    for number, row in enumerate(rows, start=first):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) < width:
            problems.append(Problem(file, number, f"{len(row)} columns, the header has more"))
            continue
        if any(row[columns[key]].strip() not in totals for key in columns
               if key not in _ROLES):
            continue
        period = parse_period(row[columns["period"]])
        if period is None:
            problems.append(Problem(file, number, f"period {shown(row[columns['period']])}"
                                    " is not a year, quarter (2016K1) or month (2016M01)"))
            continue
        try:
            persons = parse_persons(row[columns["value"]])
        except InvalidOperation:
            problems.append(Problem(file, number, f"{shown(row[columns['value']])} is not a "
                                    "number of full-time persons (0 or more)"))
            continue
        except OutOfRange:
            problems.append(Problem(file, number, f"{shown(row[columns['value']])} is out of "
                                    f"range (at most {MAX_MAGNITUDE} digits before and after "
                                    "the point)"))
            continue
        area, kind = row[columns["area"]].strip(), row[columns["type"]].strip()
        if (area, kind, period) in seen:
            problems.append(Problem(file, number, f"{shown(area)} {shown(kind)} {period} "
                                    f"given twice (first on line {seen[area, kind, period]})"))
            continue
        seen[area, kind, period] = number
        observations.append(Observation(area, kind, period, persons, number))
    return observations, problems
