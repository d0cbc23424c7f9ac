"""A chart as a neutral drawing: a list of lines, paths, rectangles, markers and texts at
fixed coordinates, laid out once (`plot`, `legend`) and painted as SVG text
(`paint_svg`) or as PNG pixels (`paint_png`), so the HTML memo and the Word memo show the
same chart.

Coordinates are points (1/72 inch) from the top left corner. Text widths are measured
with Pillow on the DejaVu Sans font shipped beside this module (`fonts/`, its licence
there): the same font draws the PNG and is named first in the SVG.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from kikcalc.record import Record

FONT = Path(__file__).resolve().parent / "fonts" / "DejaVuSans.ttf"
FONT_FAMILY = "DejaVu Sans, Verdana, sans-serif"
#: The share of a type size between the baseline and the middle of a digit or capital
#: (DejaVu Sans' cap height is 0.73 em): a text centred on a point sits this far below it.
MIDDLE = 0.36
BLACK, GREY, GRID = "#000000", "#999999", "#b0b0b0"


class ChartUnavailable(Exception):
    """Pillow is not installed."""


class Line(Record):
    """A straight line; `dash`: lengths of dash and gap in points, none for a solid line."""

    x1: float
    y1: float
    x2: float
    y2: float
    colour: str = BLACK
    width: float = 0.8
    dash: tuple[float, ...] = ()


class Polyline(Record):
    """Connected straight lines through `points`, with round joins."""

    points: tuple[tuple[float, float], ...]
    colour: str
    width: float
    dash: tuple[float, ...] = ()


class Rect(Record):
    """A rectangle from its top left corner; `fill` None for none; `opacity` of the fill."""

    x: float
    y: float
    w: float
    h: float
    fill: str | None
    stroke: str | None = None
    width: float = 0.0
    opacity: float = 1.0


class Mark(Record):
    """A marker centred on (x, y), `size` points across: "o" circle, "s" square, "D"
    diamond; `fill` None for an open ring."""

    x: float
    y: float
    size: float
    shape: str
    fill: str | None
    stroke: str
    width: float = 1.0


class Text(Record):
    """One line of text on its baseline at (x, y); `anchor` start, middle or end; `turned`:
    read from bottom to top (an axis label), turned about (x, y)."""

    x: float
    y: float
    text: str
    size: float
    colour: str = BLACK
    anchor: str = "start"
    turned: bool = False


Item = Line | Polyline | Rect | Mark | Text


class Drawing(Record):
    """The whole chart: its size in points, a title for readers of the SVG, the items in
    the order they are drawn (later ones over earlier ones)."""

    width: float
    height: float
    title: str
    items: tuple[Item, ...]


@cache
def font(size: float) -> Any:
    """DejaVu Sans at `size` (pixels), laid out the same on every machine (no raqm);
    ChartUnavailable without Pillow."""
    try:
        from PIL import ImageFont
    except ImportError:
        raise ChartUnavailable("the chart needs Pillow: pip install -e '.[report]' in "
                               "kikcalc's folder, or leave it out with --no-chart") from None
    return ImageFont.truetype(str(FONT), size, layout_engine=ImageFont.Layout.BASIC)


_MEASURE = 100.0  # measured at this size and scaled: advances are linear in the size


@cache
def text_width(text: str, size: float) -> float:
    """The advance of `text` in points at `size` points."""
    return float(font(_MEASURE).getlength(text)) * size / _MEASURE


def wrap(text: str, size: float, width: float) -> list[str]:
    """`text` in lines no wider than `width` points where its spaces allow.

    >>> wrap("Andel selvforsørgende: Aktivitetsparate", 7, 100)
    ['Andel selvforsørgende:', 'Aktivitetsparate']
    """
    lines: list[str] = []
    for word in text.split(" "):
        if lines and text_width(f"{lines[-1]} {word}", size) <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines or [""]


def shorten(text: str, size: float, width: float) -> str:
    """`text` cut with an ellipsis to fit `width` points."""
    if text_width(text, size) <= width:
        return text
    while text and text_width(text + "…", size) > width:
        text = text[:-1]
    return text.rstrip() + "…"
