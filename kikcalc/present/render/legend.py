"""A chart's legend as drawing items: one entry a row (or in columns, filled downwards), on
a white ground with a thin frame, so where it lies over a line or the grid its text stays
readable on screen and in a grey print. Placed where it covers the fewest data points."""

from __future__ import annotations

from collections.abc import Sequence

from kikcalc.present.render.drawing import MIDDLE, Item, Line, Mark, Rect, Text, text_width
from kikcalc.record import Record

#: In ems of the legend's type: padding inside the frame, between rows, the sample line,
#: the space between it and the text, between columns, and from the axes' edge.
PAD, SPACING, HANDLE, HANDLE_GAP, COLUMN_GAP, EDGE = 0.4, 0.5, 2.0, 0.8, 2.0, 0.5
ROW = 1.0  # a row's height, in ems
FRAME = "#BBBBBB"


class Entry(Record):
    """One entry: a sample line (with its marker), or a filled patch when `patch`."""

    label: str
    colour: str
    width: float = 1.6
    dash: tuple[float, ...] = ()
    marker: str = ""
    marker_size: float = 3.5
    marker_fill: str | None = "colour"
    patch: bool = False


def _rows(count: int, columns: int) -> int:
    return -(-count // max(columns, 1))


def size(entries: Sequence[Entry], em: float, columns: int = 1) -> tuple[float, float]:
    """The legend's width and height in points."""
    rows = _rows(len(entries), columns)
    width = 2 * PAD * em + (columns - 1) * COLUMN_GAP * em
    for c in range(columns):
        column = entries[c * rows:(c + 1) * rows]
        if column:
            width += (HANDLE + HANDLE_GAP) * em + max(text_width(e.label, em) for e in column)
    return width, 2 * PAD * em + rows * ROW * em + (rows - 1) * SPACING * em


def _handle(entry: Entry, x: float, y: float, em: float) -> list[Item]:
    if entry.patch:
        return [Rect(x, y - 0.35 * em, HANDLE * em, 0.7 * em, entry.colour)]
    items: list[Item] = []
    if entry.width:
        items.append(Line(x, y, x + HANDLE * em, y, entry.colour, entry.width, entry.dash))
    if entry.marker:
        fill = entry.colour if entry.marker_fill == "colour" else entry.marker_fill
        items.append(Mark(x + HANDLE * em / 2, y, entry.marker_size, entry.marker, fill,
                          entry.colour))
    return items


def draw(entries: Sequence[Entry], em: float, x: float, y: float,
         columns: int = 1) -> list[Item]:
    """The legend with its top left corner at (x, y)."""
    width, height = size(entries, em, columns)
    items: list[Item] = [Rect(x, y, width, height, "#ffffff", FRAME, 0.8, opacity=0.9)]
    rows = _rows(len(entries), columns)
    left = x + PAD * em
    for c in range(columns):
        column = entries[c * rows:(c + 1) * rows]
        for r, entry in enumerate(column):
            middle = y + PAD * em + (r + 0.5) * ROW * em + r * SPACING * em
            items.extend(_handle(entry, left, middle, em))
            items.append(Text(left + (HANDLE + HANDLE_GAP) * em, middle + MIDDLE * em,
                              entry.label, em))
        if column:
            left += (HANDLE + HANDLE_GAP + COLUMN_GAP) * em \
                + max(text_width(e.label, em) for e in column)
    return items


#: matplotlib's order of trial for its "best" place: upper right, upper left, lower left,
#: lower right, right, centre left, centre right, lower centre, upper centre, centre
_PLACES = ((1, 0), (0, 0), (0, 1), (1, 1), (1, 0.5), (0, 0.5), (1, 0.5), (0.5, 1),
           (0.5, 0), (0.5, 0.5))


def best(box: tuple[float, float, float, float], width: float, height: float, em: float,
         points: Sequence[tuple[float, float]]) -> tuple[float, float]:
    """The top left corner, inside the axes `box` (x0, y0, x1, y1), where a legend of this
    size covers the fewest of `points` (the first such place in matplotlib's order)."""
    x0, y0, x1, y1 = box
    gap = EDGE * em
    found: tuple[int, float, float] | None = None
    for fx, fy in _PLACES:
        x = x0 + gap + fx * (x1 - x0 - 2 * gap - width)
        y = y0 + gap + fy * (y1 - y0 - 2 * gap - height)
        covered = sum(x <= px <= x + width and y <= py <= y + height for px, py in points)
        if found is None or covered < found[0]:
            found = (covered, x, y)
    assert found is not None
    return found[1], found[2]
