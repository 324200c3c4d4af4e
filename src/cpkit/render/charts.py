"""Charts: matplotlib, following the Government Analysis Function guidance.

Every chart has an active title that states the finding, a subtitle with the measure and
period, a source note, alt text, and its data as a table (``Chart.table``) shown beside it.
Bars carry their values as labels, so colour is never the only carrier of meaning. Output is
deterministic: the same data gives byte-identical SVG (fixed hash salt, no dates, text kept
as text).
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from matplotlib.axes import Axes

PALETTE = ("#12436D", "#28A197", "#801650", "#F46A25", "#3D3D3D", "#A285D1")
TEXT = "#0b0c0c"
GRID = "#d8d8d8"


@dataclass
class Series:
    name: str
    values: list[float | None]  # None = suppressed or not available
    labels: list[str]  # the printed value of each bar ("44%", "[c]")


@dataclass
class Chart:
    id: str
    title: str  # active: states the finding
    subtitle: str  # measure and period
    source: str
    alt: str
    categories: list[str]
    series: list[Series]
    unit: str = "count"  # "count" or "percent" (values already in percent)
    horizontal: bool = False
    table_headers: list[str] = field(default_factory=list)
    table_rows: list[list[str]] = field(default_factory=list)
    svg: str = ""

    @property
    def file_name(self) -> str:
        return f"{self.id}.svg"


def render_svg(chart: Chart) -> str:
    """Draw the chart; the SVG text is returned and also kept on the chart."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    with matplotlib.rc_context(_STYLE):  # type: ignore[arg-type]
        figure, axes = plt.subplots(figsize=_size(chart), layout="constrained")
        try:
            _draw(axes, chart)
            buffer = io.StringIO()
            figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": "cpkit"})
        finally:
            plt.close(figure)
    chart.svg = _tidy(buffer.getvalue(), chart)
    return chart.svg


_STYLE: dict[str, Any] = {
    "svg.hashsalt": "cpkit",
    "svg.fonttype": "none",
    "font.family": "sans-serif",
    "font.sans-serif": ["Arial", "Helvetica", "DejaVu Sans"],
    "font.size": 10,
    "axes.edgecolor": "#505a5f",
    "axes.labelcolor": TEXT,
    "xtick.color": TEXT,
    "ytick.color": TEXT,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "figure.dpi": 100,
    "path.simplify": False,
}


def _size(chart: Chart) -> tuple[float, float]:
    if chart.horizontal:
        return (7.0, max(2.2, 0.45 * len(chart.categories) * max(1, len(chart.series)) + 1.2))
    return (7.0, 3.6)


def _draw(ax: Axes, chart: Chart) -> None:
    import numpy as np

    count = len(chart.series)
    positions = np.arange(len(chart.categories))
    width = 0.8 / max(count, 1)
    for index, series in enumerate(chart.series):
        offsets = positions + (index - (count - 1) / 2) * width
        heights = [v if v is not None else 0 for v in series.values]
        colour = PALETTE[index % len(PALETTE)]
        draw = ax.barh if chart.horizontal else ax.bar
        bars = draw(offsets, heights, width * 0.92, color=colour, label=series.name)
        ax.bar_label(
            bars,
            labels=series.labels,
            padding=3,
            fontsize=9,
            color=TEXT,
        )
    ticks = ax.set_yticks if chart.horizontal else ax.set_xticks
    ticks(positions, chart.categories)
    value_axis = ax.xaxis if chart.horizontal else ax.yaxis
    if chart.unit == "percent":
        from matplotlib.ticker import FuncFormatter

        value_axis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:.0f}%"))
    if chart.horizontal:
        ax.invert_yaxis()
        ax.grid(axis="x", color=GRID, linewidth=0.8)
    else:
        ax.grid(axis="y", color=GRID, linewidth=0.8)
    ax.set_axisbelow(True)
    top = max([v for s in chart.series for v in s.values if v is not None] or [1])
    limit = ax.set_xlim if chart.horizontal else ax.set_ylim
    limit(0, top * 1.18 if top else 1)
    if count > 1:
        ax.legend(
            frameon=False,
            loc="upper left",
            bbox_to_anchor=(0, 1.02),
            ncols=min(count, 4),
            fontsize=9,
        )
    crowded = sum(len(c) for c in chart.categories) > 70 or max(map(len, chart.categories)) > 22
    if not chart.horizontal and crowded:
        for label in ax.get_xticklabels():
            label.set_rotation(20)
            label.set_horizontalalignment("right")


def _tidy(svg: str, chart: Chart) -> str:
    """Make the SVG accessible inline: role, title and description; drop the XML prologue."""
    body = svg[svg.index("<svg") :]
    body = re.sub(r'\s(width|height)="[\d.]+pt"', "", body, count=2)
    opening_end = body.index(">")
    opening = body[:opening_end]
    accessible = (
        f'{opening} role="img" aria-labelledby="{chart.id}-title {chart.id}-desc" '
        f'class="chart" data-chart="{chart.id}">'
        f'<title id="{chart.id}-title">{_escape(chart.title)}</title>'
        f'<desc id="{chart.id}-desc">{_escape(chart.alt)}</desc>'
    )
    return accessible + body[opening_end + 1 :]


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def data_table(chart: Chart, first_header: str) -> None:
    """Fill the chart's table from its series (one row per category)."""
    chart.table_headers = [first_header, *(s.name for s in chart.series)]
    chart.table_rows = [
        [category, *(s.labels[i] for s in chart.series)]
        for i, category in enumerate(chart.categories)
    ]
