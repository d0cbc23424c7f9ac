"""Jobindsats exports as users download them (CSV or xlsx), turned into what kikcalc reads.

ASSUMPTION, the layout: the documentation of Jobindsats (STAR) that is stored here does not
describe its export files, so this reader assumes what its result pages show: a title line
or more, then a header row that names the area (`Område` or `Kommune`), optionally the
benefit or target group (`Ydelse`, `Ydelsesgruppe`, `Målgruppe`, `Visitationskategori`),
then either a `Periode` column and a value column (`Fuldtidspersoner`, `Antal
fuldtidspersoner`, `Antal personer`), the long layout, or one column per period (`2018M01`,
`2018K1`, `2018Q1`, `2018`), the wide layout of a result table. An area written once above
the rows that belong to it is carried down. Numbers are Danish: `111.345` is a hundred and
eleven thousand, `1.008,5` a thousand and eight and a half; `..` and empty cells are not
published. Lines from `Kilde:` or `Anm.:` on are notes and end the table.

The ministry's benchmark, Jobindsats's measure "Forventet og faktisk antal og andel
fuldtidspersoner på offentlig forsørgelse" (the Beskæftigelsesministerium's benchmarking
analysis, jobindsats.dk, Jobcenterindblik, 29 October 2021), is recognised by a header with
`Forventet` and `Faktisk` columns. ASSUMPTION, its columns: area, period, the actual and the
expected number of full-time persons on public support, optionally the actual and the
expected share (percent) and the place in the ministry's ranking.
"""

from __future__ import annotations

import csv
import io
import re
from decimal import Decimal, InvalidOperation

from kikcalc.record import Record
from kikcalc.statbank.read import Period, Problem, parse_period, shown

MAX_ROWS = 200_000
_AREA = ("område", "kommune", "jobcenter")
_TYPE = ("ydelse", "ydelsesgruppe", "målgruppe", "visitationskategori", "visitation")
_VALUE = ("fuldtidspersoner", "antal fuldtidspersoner", "antal personer", "personer")
_NOTES = re.compile(r"^\s*(kilde|anm\.?|note|bemærk)\s*:", re.IGNORECASE)
_MISSING = {"", "..", "-", ":", "x"}


class Row(Record):
    area: str
    kind: str
    period: Period
    persons: Decimal | None
    line: int


class Expected(Record):
    """One area and period of the ministry's benchmark: actual against expected."""

    area: str
    period: str  # as the export writes it ("3. kvt. 2020 - 2. kvt. 2021")
    actual: Decimal | None
    expected: Decimal | None
    actual_share: Decimal | None = None  # percent
    expected_share: Decimal | None = None
    rank: int | None = None
    line: int = 0

    @property
    def difference(self) -> Decimal | None:
        """Actual less expected: negative is fewer on public support than expected."""
        if self.actual is None or self.expected is None:
            return None
        return self.actual - self.expected


class Export(Record):
    rows: tuple[Row, ...] = ()
    expected: tuple[Expected, ...] = ()


def danish_number(text: str) -> Decimal | None:
    """A number as Jobindsats writes it; None when not published.

    >>> danish_number("111.345"), danish_number("1.008,5"), danish_number(".."), \
danish_number("12,5 %")
    (Decimal('111345'), Decimal('1008.5'), None, Decimal('12.5'))
    """
    text = text.strip().replace("\u00a0", "").replace(" ", "").removesuffix("%")
    if text.lower() in _MISSING:
        return None
    value = Decimal(text.replace(".", "").replace(",", "."))
    if not value.is_finite() or abs(value.adjusted()) > 12:
        raise InvalidOperation(text)
    return value


def csv_rows(text: str) -> list[tuple[int, list[str]]]:
    """The rows of a CSV export with their line numbers (`;`, else `,`, else tab)."""
    lines = text.removeprefix("\ufeff").splitlines()[:MAX_ROWS]
    sample = "\n".join(lines[:20])
    delimiter = ";" if ";" in sample else "\t" if "\t" in sample else ","
    return [(n, row) for n, row in enumerate(csv.reader(lines, delimiter=delimiter), start=1)]


def xlsx_rows(data: bytes) -> list[tuple[int, list[str]]]:
    """The first sheet's rows, as text, with their row numbers (openpyxl, read only)."""
    import openpyxl  # type: ignore[import-untyped]  # optional: only an xlsx export needs it

    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        sheet = book.worksheets[0]
        rows = []
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            if number > MAX_ROWS:
                break
            rows.append((number, ["" if v is None else _cell_text(v) for v in values]))
        return rows
    finally:
        book.close()


def _cell_text(value: object) -> str:
    if isinstance(value, float):
        return format(Decimal(repr(value)), "f").replace(".", ",")
    return str(value)


def _column(names: list[str], wanted: tuple[str, ...]) -> int | None:
    for i, name in enumerate(names):
        if name in wanted:
            return i
    return None


def _header(rows: list[tuple[int, list[str]]]) -> int | None:
    for index, (_, cells) in enumerate(rows[:50]):
        names = [c.strip().casefold() for c in cells]
        if _column(names, _AREA) is not None:
            return index
    return None


def read_export(rows: list[tuple[int, list[str]]], file: str
                ) -> tuple[Export | None, list[Problem]]:
    """A Jobindsats export's caseloads or its expected-against-actual benchmark."""
    start = _header(rows)
    if start is None:
        return None, [Problem(file, 1, "no header row with Område or Kommune: not a "
                                    "Jobindsats export kikcalc knows (see docs/statistics.md)")]
    names = [c.strip().casefold() for c in rows[start][1]]
    body = []
    for number, cells in rows[start + 1:]:
        if cells and _NOTES.match(cells[0]):
            break
        if any(c.strip() for c in cells):
            body.append((number, cells))
    if any("forventet" in n for n in names) and any("faktisk" in n for n in names):
        return _expected(names, body, file)
    return _caseloads(names, body, file)


def _caseloads(names: list[str], body: list[tuple[int, list[str]]], file: str
               ) -> tuple[Export | None, list[Problem]]:
    area, kind = _column(names, _AREA), _column(names, _TYPE)
    period, value = _column(names, ("periode", "tid", "måned", "kvartal", "år")), \
        _column(names, _VALUE)
    assert area is not None
    columns: list[tuple[int, Period | None]]
    if period is not None and value is not None:
        columns = [(value, None)]
    else:
        columns = [(i, parse_period(n.upper())) for i, n in enumerate(names)
                   if parse_period(n.upper()) is not None]
        if not columns:
            return None, [Problem(file, 1, "neither a Periode column with Fuldtidspersoner "
                                        "nor columns named by periods (2018M01, 2018K1)")]
    rows, problems, last_area = [], [], ""
    for number, given in body:
        cells = given + [""] * (len(names) - len(given))
        last_area = cells[area].strip() or last_area
        label = cells[kind].strip() if kind is not None else ""
        for column, fixed in columns:
            when = fixed or parse_period(cells[period].strip() if period is not None else "")
            if when is None:
                problems.append(Problem(file, number, f"period {shown(cells[period or 0])} is "
                                        "not a year, quarter (2016K1) or month (2016M01)"))
                break
            try:
                persons = danish_number(cells[column])
            except InvalidOperation:
                problems.append(Problem(file, number, f"{shown(cells[column])} is not a number "
                                        "of full-time persons"))
                continue
            if persons is not None and persons < 0:
                problems.append(Problem(file, number, f"{persons} persons: below 0"))
                continue
            rows.append(Row(last_area, label, when, persons, number))
    if problems:
        return None, problems
    return Export(tuple(rows)), []


def _expected(names: list[str], body: list[tuple[int, list[str]]], file: str
              ) -> tuple[Export | None, list[Problem]]:
    area = _column(names, _AREA)
    period = _column(names, ("periode", "tid"))
    assert area is not None

    def find(*words: str) -> int | None:
        return next((i for i, n in enumerate(names) if all(w in n for w in words)), None)

    columns = (find("faktisk", "antal"), find("forventet", "antal"), find("faktisk", "andel"),
               find("forventet", "andel"), find("placering") or find("rangliste"))
    if columns[0] is None or columns[1] is None:
        columns = (find("faktisk"), find("forventet"), None, None, columns[4])
    found, problems, last_area = [], [], ""
    for number, given in body:
        cells = given + [""] * (len(names) - len(given))
        last_area = cells[area].strip() or last_area
        try:
            values = [danish_number(cells[c]) if c is not None else None for c in columns]
        except InvalidOperation:
            problems.append(Problem(file, number, "a figure of the row is not a number"))
            continue
        rank = int(values[4]) if values[4] is not None else None
        found.append(Expected(last_area, cells[period].strip() if period is not None else "",
                              values[0], values[1], values[2], values[3], rank, number))
    if problems:
        return None, problems
    return Export((), tuple(found)), []


def as_csv(rows: tuple[Row, ...], source: str) -> str:
    """The caseloads in the long layout kikcalc's statistics reader reads."""
    out = io.StringIO()
    out.write(f"# kikcalc: converted from the Jobindsats export {shown(source, 200)}\n")
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    writer.writerow(["Område", "Ydelse", "Periode", "Fuldtidspersoner"])
    for r in rows:
        writer.writerow([r.area, r.kind or "-", str(r.period),
                         ".." if r.persons is None else format(r.persons, "f").replace(".", ",")])
    return out.getvalue()
