"""The memo's chart of the three indices: municipality, cluster and country from the baseline.

One panel per target group (at most `MAX_PANELS`), index 100 at the baseline.
"""

from __future__ import annotations

from collections.abc import Sequence

from kikcalc.present.render.panels import (
    MAX_PANELS,
    PANEL_LABEL,
    PANEL_TITLE,
    panels_image,
)
from kikcalc.present.render.plot import Panel, Series
from kikcalc.statbank.compare import GroupBenchmark
from kikcalc.text.safe import printable

LINES = (("index_municipality", "#0072B2", "-"), ("index_cluster", "#E69F00", "--"),
         ("index_country", "#009E73", ":"))
_NAMES = {"da": ("Kommunen", "Klyngen", "Landet", "Indeks (basis {period} = 100)"),
          "en": ("Municipality", "Cluster", "Country", "Index (baseline {period} = 100)")}


def index_chart(benchmarks: Sequence[GroupBenchmark], fmt: str, lang: str, title: str) -> bytes:
    """PNG or SVG of each group's three indices by year (ChartUnavailable without Pillow)."""
    names = _NAMES[lang]
    panels = []
    for b in list(benchmarks)[:MAX_PANELS]:
        lines = []
        for (attribute, colour, style), name in zip(LINES, names, strict=False):
            points = tuple((r.year, float(getattr(r, attribute))) for r in b.rows
                           if getattr(r, attribute) is not None)
            lines.append(Series(points, colour, style=style, label=name))
        panels.append(Panel(tuple(lines), tuple(r.year for r in b.rows), lang,
                            printable(b.group[:80]), PANEL_TITLE,
                            names[3].format(period=b.baseline), PANEL_LABEL, reference=100.0,
                            legend_size=7))
    return panels_image(panels, title, fmt)
