"""Charts of one panel per target group, one under another: the memo's index chart
(against the cluster and the country) and its follow-up chart draw their panels here, with
the payback chart's settings, so equal input gives equal bytes."""

from __future__ import annotations

from typing import Any

from kikcalc.present.render.chart import LEGEND, ChartUnavailable, _settings
from kikcalc.text.safe import printable

MAX_PANELS = 4


def panel_figure(count: int) -> tuple[Any, Any, Any]:
    """pyplot, a figure of `count` panels and the panels' axes (ChartUnavailable without
    matplotlib). The caller closes the figure with `pyplot.close`."""
    try:
        import matplotlib as mpl
    except ImportError:
        raise ChartUnavailable("the chart needs matplotlib: pip install -e '.[report]' in "
                               "kikcalc's folder, or leave it out with --no-chart") from None
    mpl.use("Agg")
    from matplotlib import pyplot as plt

    _settings(mpl)
    figure, axes_list = plt.subplots(count, 1, figsize=(6.4, 2.6 * count + 0.4), dpi=150,
                                     squeeze=False)
    return plt, figure, axes_list[:, 0]


def finish_panel(axes: Any, title: str, ylabel: str) -> None:
    """A panel's title (the group's name), its axis label, grid and legend."""
    axes.set_title(printable(title[:80]), fontsize=9)
    axes.set_ylabel(ylabel, fontsize=7)
    axes.grid(axis="y", linewidth=0.3)
    axes.spines[["top", "right"]].set_visible(False)
    axes.legend(**LEGEND, fontsize=7)
