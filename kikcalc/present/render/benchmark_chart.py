"""The memo's chart of the three indices: municipality, cluster and country from the baseline.

One panel per target group (at most `MAX_PANELS`), index 100 at the baseline. matplotlib is
imported only here, with the payback chart's settings, so equal input gives equal bytes.
"""

from __future__ import annotations

from collections.abc import Sequence

from kikcalc.present.render.chart import _image
from kikcalc.present.render.panels import MAX_PANELS, finish_panel, panel_figure
from kikcalc.statbank.compare import GroupBenchmark
from kikcalc.text.safe import printable

LINES = (("index_municipality", "#0072B2", "-"), ("index_cluster", "#E69F00", "--"),
         ("index_country", "#009E73", ":"))
_NAMES = {"da": ("Kommunen", "Klyngen", "Landet", "Indeks (basis {period} = 100)"),
          "en": ("Municipality", "Cluster", "Country", "Index (baseline {period} = 100)")}


def index_chart(benchmarks: Sequence[GroupBenchmark], fmt: str, lang: str, title: str) -> bytes:
    """PNG or SVG of each group's three indices by year (ChartUnavailable without matplotlib)."""

    shown = list(benchmarks)[:MAX_PANELS]
    plt, figure, panels = panel_figure(len(shown))
    names = _NAMES[lang]
    try:
        for b, axes in zip(shown, panels, strict=True):
            for (attribute, colour, style), name in zip(LINES, names, strict=False):
                points = [(r.year, getattr(r, attribute)) for r in b.rows
                          if getattr(r, attribute) is not None]
                axes.plot([p[0] for p in points], [float(p[1]) for p in points], style,
                          marker="o", color=colour, label=name, linewidth=1.6, markersize=3.5)
            axes.axhline(100, color="black", linewidth=0.8)
            axes.set_xticks([r.year for r in b.rows])
            finish_panel(axes, b.group, names[3].format(period=b.baseline))
        figure.suptitle(printable(title[:100]), fontsize=10)
        return _image(figure, fmt)
    finally:
        plt.close(figure)
