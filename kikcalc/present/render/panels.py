"""Charts of one panel per target group, one under another: the memo's index chart
(against the cluster and the country) and its follow-up chart lay out their panels here
(`plot.Panel`) under one heading, and paint them as the payback chart."""

from __future__ import annotations

from collections.abc import Sequence

from kikcalc.present.render.chart import WIDTH, image
from kikcalc.present.render.drawing import Drawing, Item, Text, shorten
from kikcalc.present.render.plot import Panel, panel
from kikcalc.text.safe import printable

MAX_PANELS = 4
PANEL_PT = 72 * 2.4  # a panel's height
HEADING_PT = 24.0  # the chart's heading above the panels
PANEL_TITLE, PANEL_LABEL, HEADING_SIZE = 9.0, 7.0, 10.0


def panels_image(panels: Sequence[Panel], title: str, fmt: str) -> bytes:
    """PNG or SVG of the panels under `title` (ChartUnavailable without Pillow)."""
    heading = shorten(printable(title[:100]), HEADING_SIZE, WIDTH - 8)
    items: list[Item] = [Text(WIDTH / 2, HEADING_SIZE * 1.5, heading, HEADING_SIZE,
                              anchor="middle")]
    for i, p in enumerate(panels):
        items += panel(p, 0, HEADING_PT + i * PANEL_PT, WIDTH, PANEL_PT)
    return image(Drawing(WIDTH, HEADING_PT + PANEL_PT * len(panels), heading, tuple(items)),
                 fmt)
