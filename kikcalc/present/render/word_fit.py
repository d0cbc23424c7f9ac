"""How a table fits the page of a Word memo: column widths that break no word, the type
size and the cell padding, and whether it needs a landscape page at all.

A landscape page is the last resort: it starts a new section, so the page before it is
left half empty and the table stands alone on a page of its own. So a table first tries
portrait at 8.5 pt, then at 8 pt (the least a committee reads in print), then with
narrower cell padding; only a table that fits none of these turns the page.
"""

from __future__ import annotations

import functools

from kikcalc.record import Record

A4_MM = (210, 297)
MARGIN_CM = 2.0
PORTRAIT_CM = A4_MM[0] / 10 - 2 * MARGIN_CM  # 17.0 cm of text width
LANDSCAPE_CM = A4_MM[1] / 10 - 2 * MARGIN_CM  # 25.7 cm
#: Advance widths in thousandths of an em, the widest of the bold faces of Carlito
#: (Calibri's metrics), Caladea (Cambria's, the memo's body font), Liberation Sans (Arial's)
#: and Liberation Serif (Times New Roman's): a cell's text is measured as wide as the
#: widest of the fonts a municipality's template is likely to set it in.
_WIDTHS = ((278, "',. \u00a0"), (308, "i"), (311, "l"), (333, "j-:;`"), (335, "f!"),
           (365, "t"), (368, "[]"), (389, "I"), (394, "{}"), (408, "()"), (454, "r"),
           (475, "|"), (500, "z*"), (505, "/\\"), (555, '"'),
           (556, "0123456789acesvxyJ$_åéä–§«»"), (589, "k"), (592, "+<=>^~−"),
           (611, "bdghnopquF?øüö"), (618, "#"), (640, "€"), (667, "ELPSTZÉ"),
           (722, "ABCDNRUVXYÅÜÄ"), (778, "GHKOQØÖ"), (779, "w"), (833, "&"), (889, "æ"),
           (891, "m"), (904, "½"), (944, "M"), (975, "@"), (1000, "W%Æ—…"))
EM = {char: width for width, chars in _WIDTHS for char in chars}
UNKNOWN_EM = 1000  # a character not in the table: as wide as the widest
#: Room for what the table does not know: kerning, hinting, a slightly wider font.
SAFETY = 1.05
#: The type sizes a table is set in, largest first; never below 8 pt.
SIZES = (8.5, 8.0)
#: A cell's left and right inner margin in twentieths of a point: the table style's own
#: (0.19 cm), or narrow (0.1 cm) for a table that fits portrait no other way.
MARGIN_TWIPS = {False: 108, True: 57}
#: A little room beyond the two margins, for a font wider than the estimate.
SLACK_CM = 0.07
#: A number column's heading is kept on one line where the table has room for all of
#: them (`ALL_HEADINGS`), else where it is short ("mio. kr."), else it may break.
ALL_HEADINGS, SHORT_HEADING = 1000, 12


def text_cm(text: str, size: float) -> float:
    """The width of `text` in cm at `size` points, bold.

    >>> text_cm("kontanthjælpsmodtagere", 8)
    3.62
    """
    return em_cm(ems(text), size)


@functools.lru_cache(maxsize=1 << 16)
def ems(text: str) -> int:
    """The width of `text` in thousandths of an em (the cells of a large table repeat)."""
    return sum(EM.get(c, UNKNOWN_EM) for c in text)


def em_cm(width: int, size: float) -> float:
    """`width` thousandths of an em in cm at `size` points: rising with `width`, so the
    widest of some texts is the one of most ems."""
    return round(width / 1000 * size / 72 * 2.54 * SAFETY, 2)


def padding_cm(narrow: bool) -> float:
    """A column's width beyond its text: both inner margins and some slack."""
    return round(2 * MARGIN_TWIPS[narrow] / 567 + SLACK_CM, 2)


class Fit(Record):
    """How a table is set: column widths in cm, page, type size, narrow cell padding."""

    widths: list[float] | None  # None: too wide for any page; equal shares of a landscape
    landscape: bool
    size: float
    narrow: bool = False


class Arranged(Record):
    """A table as set: its rows (the heading first), which columns hold numbers, the rows
    that span the table (a group's name over its rows), how many leading columns were
    turned into such rows, and how it fits."""

    rows: list[list[str]]
    numeric: list[bool]
    spans: tuple[int, ...]
    dropped: int
    fit: Fit


def arrange(rows: list[list[str]], numeric: list[bool], *, regroup: bool = True) -> Arranged:
    """Portrait if at all possible: as it is; else with its first column's groups as rows
    of their own (`grouped`, when `regroup`); a landscape page only when neither fits."""
    fit = fit_table(rows, numeric, pages=(False,))
    if fit is not None:
        return Arranged(rows, numeric, (), 0, fit)
    regrouped = grouped(rows) if regroup else None
    if regrouped is not None:
        fit = fit_table(regrouped[0], numeric[1:], spans=regrouped[1], pages=(False,))
        if fit is not None:
            return Arranged(regrouped[0], numeric[1:], regrouped[1], 1, fit)
    fit = fit_table(rows, numeric, pages=(True,)) or Fit(None, True, SIZES[-1], True)
    return Arranged(rows, numeric, (), 0, fit)


def grouped(rows: list[list[str]]) -> tuple[list[list[str]], tuple[int, ...]] | None:
    """The table without its first column: a name there that the rows below continue
    (their first cell empty) becomes a row of its own over them; a name alone (a total)
    takes the empty place beside it. None when no row continues another.

    >>> grouped([["Gruppe", "Udfald", "Antal"], ["Ledige", "I alt", "5"], ["", "Job", "3"],
    ...          ["I alt", "", "5"]])
    ([['Udfald', 'Antal'], ['Ledige', ''], ['I alt', '5'], ['Job', '3'], ['I alt', '5']], (1,))
    """
    head, body = rows[0], rows[1:]
    if len(head) < 3 or not body or not body[0][0] or all(row[0] for row in body):
        return None
    out, spans = [head[1:]], []
    for i, (name, *rest) in enumerate(body):
        continued = i + 1 < len(body) and not body[i + 1][0]
        if name and (continued or rest[0]):
            spans.append(len(out))
            out.append([name] + [""] * (len(rest) - 1))
        elif name:
            rest[0] = name
        out.append(rest)
    return out, tuple(spans)


def fit_table(rows: list[list[str]], numeric: list[bool], *, spans: tuple[int, ...] = (),
              pages: tuple[bool, ...] = (False, True)) -> Fit | None:
    """The first setting that breaks no word: portrait before landscape (of `pages`);
    within a page, the larger type and the style's padding first. Within a setting, number
    headings kept on one line (all of them, the short ones, or none) as makes the table
    the lowest. `spans`: rows that span the table, measured against its whole width.

    >>> fit_table([["Serie", "2016"], ["Budgetteret", "-18,1"]], [False, True])
    Fit(widths=[15.83, 1.17], landscape=False, size=8.5, narrow=False)
    """
    settings = [(size, narrow) for narrow in (False, True) for size in SIZES
                if not (narrow and size != SIZES[-1])]
    cells = [row for r, row in enumerate(rows) if r not in spans]
    measured = measure(cells)  # once for every setting tried
    span_word = max((ems(word) for r in spans for word in rows[r][0].split(" ")), default=None)
    for landscape in pages:
        total = LANDSCAPE_CM if landscape else PORTRAIT_CM
        for size, narrow in settings:
            if span_word is not None and em_cm(span_word, size) + padding_cm(narrow) > total:
                continue
            found = [widths for whole in (ALL_HEADINGS, SHORT_HEADING, 0)
                     if (widths := _widths(measured, numeric, size, narrow, total,
                                           whole)) is not None]
            if found:
                pad = padding_cm(narrow)
                best = min(found, key=lambda widths: lines(cells, widths, size, pad))
                return Fit(best, landscape, size, narrow)
    return None


def lines(rows: list[list[str]], widths: list[float], size: float, pad: float,
          scale: float = 1.0) -> int:
    """How many lines of text the rows take, each as many as its fullest cell; `scale`:
    the text as wide as that share of `text_cm` (which is generous on purpose).

    >>> lines([["Besparelse i alt"], ["89,6"]], [1.5], 8, 0.45)  # "Besparelse" / "i alt"
    3
    """
    total = 0
    space = text_cm(" ", size) * scale
    for row in rows:
        most = 1
        for cell, width in zip(row, widths, strict=True):
            if " " not in cell:  # one word is one line, however long
                continue
            count, used = 1, 0.0
            for word in cell.split(" "):
                length = text_cm(word, size) * scale
                if used and used + space + length > width - pad:
                    count, used = count + 1, length
                else:
                    used += (space if used else 0) + length
            most = max(most, count)
        total += most
    return total


#: A column as `column_widths` needs it, in ems: its widest word (heading too), its
#: widest cell below the heading (None: no rows), its widest cell (the heading when alone),
#: its heading's characters and width.
Measured = tuple[int, int | None, int, int, int]


def measure(rows: list[list[str]]) -> list[Measured]:
    """Each column's widths in ems, found once for all the sizes and pages tried."""
    out = []
    for column in zip(*rows, strict=True):
        words = max(ems(word) for cell in column for word in cell.split(" "))
        body = max(map(ems, column[1:]), default=None)
        out.append((words, body, ems(column[0]) if body is None else body, len(column[0]),
                    ems(column[0])))
    return out


def column_widths(rows: list[list[str]], numeric: list[bool], size: float = 8.5,
                  narrow: bool = False, total: float = PORTRAIT_CM, *, whole: int = 0
                  ) -> list[float] | None:
    """Widths in cm that break no word within `total`, or None. A number column gets its
    widest cell unbroken (and its heading too, when of at most `whole` characters), a text
    column at least its longest word; what is left goes to the text columns, up to what
    their longest cell below the heading needs on one line.

    >>> column_widths([["Serie", "2016"], ["Budgetteret", "-18,1"]], [False, True])
    [15.83, 1.17]
    """
    return _widths(measure(rows), numeric, size, narrow, total, whole)


def _widths(measured: list[Measured], numeric: list[bool], size: float, narrow: bool,
            total: float, whole: int) -> list[float] | None:
    pad = padding_cm(narrow)
    need, want = [], []
    for (words, body, longest, heading_chars, heading), is_number in zip(
            measured, numeric, strict=True):
        # a line breaks at spaces only, not at the no-break space of "+10 %"; a heading
        # may wrap: its cells, not its heading, say what a column wants
        if is_number:
            need.append(em_cm(max(words, body or 0), size) + pad)
            if heading_chars <= whole:
                need[-1] = max(need[-1], em_cm(heading, size) + pad)
            want.append(need[-1])
        else:
            need.append(em_cm(words, size) + pad)
            want.append(max(em_cm(longest, size) + pad, need[-1]))
    if sum(need) > total:
        return None
    return _spread(need, want, numeric, total)


def _spread(need: list[float], want: list[float], numeric: list[bool], total: float
            ) -> list[float]:
    """Give the room left to the text columns: all each needs for one line a cell, the one
    that needs least first (a table is lowest when as many columns as can be have one line
    a cell); what cannot go round so is shared in proportion to what each lacks."""
    rest = total - sum(need)
    widths = list(need)
    short = sorted((w - n, i) for i, (n, w, is_number) in
                   enumerate(zip(need, want, numeric, strict=True)) if not is_number and w > n)
    for n, (lacking, i) in enumerate(short):
        if lacking > rest:  # the rest cannot all have one line: shared as each lacks
            wanted = sum(lack for lack, _ in short[n:])
            for lack, j in short[n:]:
                widths[j] += rest * lack / wanted
            rest = 0.0
            break
        widths[i] += lacking
        rest -= lacking
    text = [i for i, is_number in enumerate(numeric) if not is_number] or [0]
    widths[text[0]] += rest  # the first text column (the row names) takes what is left
    return [int(w * 100) / 100 for w in widths]  # down to 0.1 mm: the sum stays inside
