"""Plain-text tables for the terminal, at most `WIDTH` characters wide.

Written by hand rather than with rich: no number is ever cut off or wrapped, whatever the
terminal and also when piped, and the same input gives byte-identical output everywhere.
A table wider than `WIDTH` first wraps its text (long names, headings, sources) at spaces,
never inside a word; if its numbers alone are still too wide (many years), it is stacked:
the columns in blocks one under the other, each block repeating the leading names. Notes
and titles wrap at spaces too, a note's later lines indented. Titles, cells and notes are
`printable`: no control or format character reaches the terminal raw.
"""

from __future__ import annotations

import bisect
import re
import textwrap
from collections.abc import Sequence

from kikcalc.present.render.cells import cell_text, is_right_aligned
from kikcalc.present.tables import Column, Table
from kikcalc.text.safe import printable

WIDTH = 100  # a terminal, a job log or an e-mail shows this much without wrapping a line
GAP = 2
# Where textwrap breaks a line: ASCII white space only, so a no-break space holds ("25 %")
_SPACES = re.compile("[\t\n\x0b\x0c\r ]+")


def wrap(text: str, width: int = WIDTH, indent: str = "") -> list[str]:
    """`text` in lines of at most `width` characters, broken at spaces only (a word longer
    than the line stands alone on it), later lines indented by `indent`.

    >>> wrap("Forventet = faktisk for hele år, ellers budget", 20)
    ['Forventet = faktisk', 'for hele år, ellers', 'budget']
    """
    return textwrap.wrap(text, width, subsequent_indent=indent, break_long_words=False,
                         break_on_hyphens=False) or [""]


def _longest_word(text: str) -> int:
    return max((len(word) for word in _SPACES.split(text)), default=0)


def _narrowest(column: Column, cells: list[str]) -> int:
    """The least width a column can take: its widest number, or its longest word."""
    if is_right_aligned(column):
        return max([len(c) for c in cells] + [_longest_word(column.title)])
    return max(_longest_word(text) for text in [column.title, *cells])


def _total(widths: Sequence[int]) -> int:
    return sum(widths) + GAP * (len(widths) - 1)


class _Sizes:
    """What the widths of a table are chosen from: each column's natural and least width,
    and the lengths of its cells, sorted, to count the cells a narrower column would wrap."""

    def __init__(self, header: list[str], body: list[list[str]], columns: Sequence[Column]):
        self.natural = [max(len(line[i]) for line in [header, *body])
                        for i in range(len(header))]
        self.least = [_narrowest(c, [line[i] for line in body]) for i, c in enumerate(columns)]
        self.lengths = [sorted(len(line[i]) for line in body) for i in range(len(header))]
        self.text = [not is_right_aligned(c) for c in columns]

    def fit(self, chosen: list[int], limit: int = WIDTH) -> list[int]:
        """Widths of the `chosen` columns within `limit`, one character at a time from the
        column where it wraps the fewest cells (a heading wraps for free), the widest first
        among equals: long texts wrap before short ones, numbers never."""
        widths = [self.natural[i] for i in chosen]
        for _ in range(_total(widths) - limit):
            cost = [(len(self.lengths[i]) - bisect.bisect_right(self.lengths[i], w - 1), -w, k)
                    for k, (i, w) in enumerate(zip(chosen, widths, strict=True))
                    if w > self.least[i]]
            if not cost:
                break
            widths[min(cost)[2]] -= 1
        return widths

    def blocks(self) -> list[tuple[list[int], list[int]]]:
        """Column indexes and widths of each block to print: one block when the table fits
        or its text can wrap to fit; else the columns after the leading text columns (its
        names) in as many blocks as they need, each block led by those columns again."""
        columns = list(range(len(self.natural)))
        if _total(self.least) <= WIDTH:
            return [(columns, self.fit(columns))]
        lead = [0]
        while len(lead) < len(columns) - 1 and self.text[len(lead)] \
                and _total([self.least[i] for i in [*lead, len(lead)]]) <= WIDTH // 2:
            lead.append(len(lead))
        rest = columns[len(lead):]
        blocks: list[list[int]] = [[]]
        for i in rest:
            if blocks[-1] and _total([self.least[j] for j in [*lead, *blocks[-1], i]]) > WIDTH:
                blocks.append([])
            blocks[-1].append(i)
        size = -(-len(rest) // len(blocks))  # as many columns in each block, if they fit
        even = [rest[k:k + size] for k in range(0, len(rest), size)]
        if len(even) == len(blocks) and all(
                _total([self.least[j] for j in [*lead, *block]]) <= WIDTH for block in even):
            blocks = even
        return [([*lead, *block], self.fit([*lead, *block])) for block in blocks]


def _lines(cells: list[str], widths: list[int], columns: list[Column], *, bottom: bool
           ) -> list[str]:
    """One table row as lines: text cells wrapped in their width, numbers right-aligned;
    a header's cells stand on the last line (`bottom`), a row's on the first."""
    wrapped = [wrap(cell, width) if len(cell) > width else [cell]
               for cell, width in zip(cells, widths, strict=True)]
    height = max(len(w) for w in wrapped)
    padded = [([""] * (height - len(w)) + w) if bottom else (w + [""] * (height - len(w)))
              for w in wrapped]
    out = []
    for k in range(height):
        parts = [part[k].rjust(width) if is_right_aligned(column) else part[k].ljust(width)
                 for part, width, column in zip(padded, widths, columns, strict=True)]
        out.append((" " * GAP).join(parts).rstrip())
    return out


def render_table(table: Table, lang: str) -> str:
    title = wrap(printable(table.title))
    notes = [line for note in table.notes for line in wrap(printable(note), indent="  ")]
    if not table.columns:
        return "\n".join([*title, "", *notes]) + "\n"
    body = [[printable(cell_text(v, c, table, lang))
             for v, c in zip(row, table.columns, strict=True)]
            for row in table.rows]
    header = [printable(c.title) for c in table.columns]
    out = [*title]
    for chosen, widths in _Sizes(header, body, table.columns).blocks():
        columns = [table.columns[i] for i in chosen]
        out += ["", *_lines([header[i] for i in chosen], widths, columns, bottom=True),
                (" " * GAP).join("-" * w for w in widths)]
        for line in body:
            out += _lines([line[i] for i in chosen], widths, columns, bottom=False)
    if notes:
        out += ["", *notes]
    return "\n".join(out) + "\n"


def render(tables: Sequence[Table], lang: str) -> str:
    return "\n".join(render_table(t, lang) for t in tables)
