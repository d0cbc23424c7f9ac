"""Line charts by year laid out as drawing items (`drawing`): the axes, their ticks and
Danish or English numbers, the grid, the series with their markers, notes at points and
the legend. The memo's payback, portfolio, index and follow-up charts are panels of this.

The look follows the charts matplotlib drew before (`docs/performance.md`): DejaVu Sans
9 pt, a light grid across, the left and bottom spines, a 5 % margin around the data.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from decimal import Decimal

from kikcalc.present.render import legend
from kikcalc.present.render.drawing import (
    BLACK,
    GRID,
    MIDDLE,
    Item,
    Line,
    Mark,
    Polyline,
    Text,
    shorten,
    text_width,
)
from kikcalc.record import Record
from kikcalc.text.formatting import format_amount

TICK, TICK_PAD, MARGIN = 3.5, 3.5, 0.05
SIZE = 9.0  # the type size of tick labels and axis labels


def dashes(style: str, width: float) -> tuple[float, ...]:
    """A line style's dash pattern in points, scaled by the line's width (as matplotlib)."""
    pattern = {"-": (), "--": (3.7, 1.6), ":": (1.0, 1.65), "-.": (6.4, 1.6, 1.0, 1.6)}[style]
    return tuple(d * width for d in pattern)


class Series(Record):
    """Points joined by a line (none when `width` is 0), a marker on each; `marker_fill`
    "colour", "white" (an open point) or None (a ring); no legend entry without `label`."""

    points: tuple[tuple[float, float], ...]
    colour: str
    width: float = 1.6
    style: str = "-"
    marker: str = "o"
    marker_size: float = 3.5
    marker_fill: str | None = "colour"
    label: str = ""

    def entry(self) -> legend.Entry:
        return legend.Entry(self.label, self.colour, self.width, dashes(self.style, self.width),
                            self.marker, self.marker_size, self.marker_fill)


class Note(Record):
    """A text beside a data point, `dx`, `dy` points from it, ending there (`anchor`)."""

    x: float
    y: float
    text: str
    dx: float
    dy: float
    colour: str
    size: float = 7.0
    anchor: str = "end"


class Panel(Record):
    """One axes: its series, the years marked, a horizontal reference line (0 or 100)."""

    series: tuple[Series, ...]
    xticks: tuple[int, ...]
    lang: str
    title: str = ""
    title_size: float = 10.0
    ylabel: str = ""
    ylabel_size: float = SIZE
    reference: float | None = None
    notes: tuple[Note, ...] = ()
    legend_size: float = 8.0
    legend_columns: int = 0  # 0: inside the axes where it covers least; else below them


def nice_ticks(low: float, high: float, most: int) -> tuple[list[float], int]:
    """At most `most` round values from `low` to `high` and the decimals they need.

    >>> nice_ticks(-31.2, 61.5, 7)
    ([-20.0, 0.0, 20.0, 40.0, 60.0], 0)
    >>> nice_ticks(0.1, 0.9, 5)
    ([0.2, 0.4, 0.6, 0.8], 1)
    >>> nice_ticks(0, 10, 3)
    ([0.0, 5.0, 10.0], 0)
    """
    span = high - low if high > low else 1.0
    power = 10.0 ** math.floor(math.log10(span / max(most, 1)))
    for factor in (1, 2, 2.5, 5, 10, 20):
        step = factor * power
        first, last = math.ceil(low / step - 1e-9), math.floor(high / step + 1e-9)
        if last - first + 1 <= most:
            break
    decimals = next(d for d in range(12) if abs(round(step * 10**d) - step * 10**d) < 1e-6)
    return [round(k * step, 10) for k in range(first, last + 1)], decimals


def amount(value: float, decimals: int, lang: str) -> str:
    """An axis number as in the memo's tables: `-1.234,5` in Danish."""
    return format_amount(Decimal(repr(value)), decimals, lang)


def limits(values: Sequence[float]) -> tuple[float, float]:
    """The axis' range: the values with a margin of 5 % of their span each side."""
    low, high = min(values), max(values)
    if high == low:
        low, high = low - 1, high + 1
    margin = (high - low) * MARGIN
    return low - margin, high + margin


def scale(low: float, high: float, start: float, end: float) -> Callable[[float], float]:
    """Data to points: `low` at `start`, `high` at `end`."""
    return lambda v: start + (v - low) * (end - start) / (high - low)


def x_labels(ticks: Sequence[int], at: Callable[[float], float], y: float) -> list[Item]:
    """The years under the axis; every second (third, ...) where they would touch."""
    if not ticks:
        return []
    room = abs(at(ticks[-1]) - at(ticks[0])) / max(len(ticks) - 1, 1)
    need = max(text_width(str(t), SIZE) for t in ticks) + 6
    every = max(1, math.ceil(need / room)) if room else 1
    items: list[Item] = []
    for i, t in enumerate(ticks):
        items.append(Line(at(t), y, at(t), y + TICK))
        if i % every == 0:
            items.append(Text(at(t), y + TICK + TICK_PAD + SIZE * 0.76, str(t), SIZE,
                              anchor="middle"))
    return items


def _series_items(s: Series, x: Callable[[float], float], y: Callable[[float], float]
                  ) -> list[Item]:
    points = tuple((x(a), y(b)) for a, b in s.points)
    items: list[Item] = []
    if s.width and len(points) > 1:
        items.append(Polyline(points, s.colour, s.width, dashes(s.style, s.width)))
    if s.marker:
        fill = s.colour if s.marker_fill == "colour" else s.marker_fill
        items.extend(Mark(px, py, s.marker_size, s.marker, fill, s.colour)
                     for px, py in points)
    return items


def panel(p: Panel, x0: float, y0: float, width: float, height: float) -> list[Item]:
    """The panel's items within the box of `width` by `height` points at (x0, y0)."""
    values = [b for s in p.series for _, b in s.points]
    if p.reference is not None:
        values.append(p.reference)
    low, high = limits(values or [0.0])
    years = [a for s in p.series for a, _ in s.points] + list(p.xticks)
    first, last = (min(years), max(years)) if years else (0, 1)
    left_x, right_x = limits([first, last]) if last > first else (first - 0.5, last + 0.5)
    top = y0 + (p.title_size * 1.2 + 6 if p.title else 6)
    bottom = y0 + height - (TICK + TICK_PAD + SIZE * 1.2 + 2)
    entries = [s.entry() for s in p.series if s.label]
    if p.legend_columns and entries:
        bottom -= legend.size(entries, p.legend_size, p.legend_columns)[1] + 6
    ticks, decimals = nice_ticks(low, high, max(3, min(9, int((bottom - top) / (SIZE * 2.2)))))
    labels = [amount(t, decimals, p.lang) for t in ticks]
    left = x0 + 4 + (p.ylabel_size * 1.2 + 4 if p.ylabel else 0) + TICK + TICK_PAD \
        + max((text_width(t, SIZE) for t in labels), default=0)
    right = x0 + width - max(10.0, text_width(str(last), SIZE) / 2 + 2)
    x, y = scale(left_x, right_x, left, right), scale(low, high, bottom, top)
    items: list[Item] = [Line(left, y(t), right, y(t), GRID, 0.3) for t in ticks]
    if p.reference is not None:
        items.append(Line(left, y(p.reference), right, y(p.reference), BLACK, 0.8))
    for s in p.series:
        items.extend(_series_items(s, x, y))
    for n in p.notes:
        items.append(Text(x(n.x) + n.dx, y(n.y) - n.dy, n.text, n.size, n.colour, n.anchor))
    items += [Line(left, top, left, bottom), Line(left, bottom, right, bottom)]
    for t, text in zip(ticks, labels, strict=True):
        items.append(Line(left - TICK, y(t), left, y(t)))
        items.append(Text(left - TICK - TICK_PAD, y(t) + SIZE * MIDDLE, text, SIZE,
                          anchor="end"))
    items += x_labels(p.xticks, x, bottom)
    if p.ylabel:
        items.append(Text(x0 + 4 + p.ylabel_size * 0.9, (top + bottom) / 2,
                          shorten(p.ylabel, p.ylabel_size, bottom - top), p.ylabel_size,
                          anchor="middle", turned=True))
    if p.title:
        items.append(Text((left + right) / 2, y0 + p.title_size * 1.05,
                          shorten(p.title, p.title_size, width - 8), p.title_size,
                          anchor="middle"))
    if entries:
        items += _legend(p, entries, (left, top, right, bottom), x, y)
    return items


def _legend(p: Panel, entries: list[legend.Entry], box: tuple[float, float, float, float],
            x: Callable[[float], float], y: Callable[[float], float]) -> list[Item]:
    em = p.legend_size
    width, height = legend.size(entries, em, max(p.legend_columns, 1))
    if p.legend_columns:
        under = box[3] + TICK + TICK_PAD + SIZE * 1.2 + 6
        return legend.draw(entries, em, (box[0] + box[2] - width) / 2, under, p.legend_columns)
    points = [(x(a + (b - a) * k / 8), y(c + (d - c) * k / 8))
              for s in p.series for (a, c), (b, d) in zip(s.points, s.points[1:], strict=False)
              for k in range(9)] + [(x(a), y(c)) for s in p.series for a, c in s.points]
    if p.reference is not None:  # the 0 line is drawn too: a legend across it hides it
        points += [(box[0] + (box[2] - box[0]) * k / 32, y(p.reference)) for k in range(33)]
    return legend.draw(entries, em, *legend.best(box, width, height, em, points))
