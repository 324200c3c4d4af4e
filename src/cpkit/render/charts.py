"""Charts: matplotlib with the Analysis Function's own package, afcharts (style and palettes).

A ``Chart`` is data plus a few presentation choices; ``render`` draws it as SVG (inline in
HTML, files beside the Markdown) or PNG (at print resolution, for documents such as Word),
so the same chart serves every format. Following the Government Analysis Function guidance:

- an active title that states the finding, a subtitle with the measure and period, and a
  source note, all written by the report around the chart (not baked into the picture);
- colours from afcharts' palettes: the categorical palette for series, and its *focus*
  palette when a chart compares the local authority with others (``highlight``): the LA in
  the focus colour, comparators muted, each bar labelled with its name;
- every bar carries its value as a label, so colour is never the only carrier of meaning;
  a hidden ([c]) or missing value draws no bar at all, only its label at the baseline;
- the data as a table beside the chart (``Chart.table_headers`` / ``table_rows``);
- text legible on a phone: afcharts' 14 pt type on a 5.6 inch figure stays at 12 px when
  the chart is shrunk to a 390 px wide screen, and long category names wrap (a vertical
  chart whose names do not fit turns horizontal).

Output is deterministic: the same data gives byte-identical SVG (fixed hash salt, no dates,
text kept as text) and PNG (no metadata).

Declaring a chart: the report's sections build ``Chart(id, title, subtitle, source, alt,
categories, series, unit=..., horizontal=..., highlight=...)`` from figures; ``highlight``
names the series to emphasise (the LA's name) and turns the chart into one panel per
category with a bar per series. Where a chart would say less than its numbers (a few counts
of things, one of them dwarfing the rest, as with participation events), a section shows a
table instead.
"""

from __future__ import annotations

import functools
import io
import re
import textwrap
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from cpkit.formatting import SUPPRESSED

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

TEXT = "#0b0c0c"
MUTED_EDGE = "#6f777b"  # outline of muted bars: 4.6:1 against white (WCAG 1.4.11 needs 3:1)
WIDTH_IN = 5.6  # with afcharts' 14 pt type: 12 px text when shrunk to a 390 px phone
PNG_DPI = 300  # print resolution
NAME_WRAP = 18  # characters per line of a category name beside a horizontal bar
Format = Literal["svg", "png"]


@functools.cache
def palette() -> tuple[str, ...]:
    """The Analysis Function categorical palette (afcharts), in order of use."""
    from afcharts.af_colours import get_af_colours

    return tuple(get_af_colours("categorical"))


@functools.cache
def focus_colours() -> tuple[str, str]:
    """afcharts' focus palette: (the highlighted bar, the muted comparators)."""
    from afcharts.af_colours import get_af_colours

    highlight, muted = get_af_colours("focus")
    return highlight, muted


@dataclass
class Series:
    name: str
    values: list[float | None]  # None = suppressed or not available: no bar is drawn
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
    highlight: str | None = None  # series drawn in the focus colour, the others muted

    @property
    def file_name(self) -> str:
        return f"{self.id}.svg"


def render(chart: Chart, fmt: Format = "svg", dpi: int = PNG_DPI) -> bytes:
    """The chart as SVG (accessible: role, title, description) or PNG at ``dpi``."""
    import matplotlib.pyplot as plt

    with _style():  # saving reads the style too (hash salt, text kept as text)
        figure = draw(chart)
        try:
            buffer = io.BytesIO()
            if fmt == "svg":
                figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": "cpkit"})
                return _accessible_svg(buffer.getvalue().decode("utf-8"), chart).encode("utf-8")
            figure.savefig(buffer, format="png", dpi=dpi, metadata={"Software": None})
            return buffer.getvalue()
        finally:
            plt.close(figure)


def render_svg(chart: Chart) -> str:
    """Draw the chart as inline SVG; the text is returned and also kept on the chart."""
    chart.svg = render(chart, "svg").decode("utf-8")
    return chart.svg


def render_png(chart: Chart, dpi: int = PNG_DPI) -> bytes:
    return render(chart, "png", dpi)


_STYLE: dict[str, Any] = {
    "svg.hashsalt": "cpkit",
    "svg.fonttype": "none",
    "path.simplify": False,
    "figure.dpi": 100,
    "text.color": TEXT,
    "axes.labelcolor": TEXT,
    "xtick.labelcolor": TEXT,
    "ytick.labelcolor": TEXT,
}


def _style() -> AbstractContextManager[None]:
    """afcharts' matplotlib style, with cpkit's settings for reproducible output on top."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt.style.context(["afcharts.afcharts", _STYLE])


def draw(chart: Chart) -> Figure:
    """The matplotlib figure of a chart, in afcharts' style (the caller closes it)."""
    import matplotlib.pyplot as plt

    with _style():
        if all(v is None for s in chart.series for v in s.values):
            return _draw_nothing_shown(chart)
        if chart.highlight is not None:
            return _draw_focus(chart)
        horizontal = chart.horizontal or _too_crowded(chart)
        figure, axes = plt.subplots(figsize=_size(chart, horizontal), layout="constrained")
        _draw_bars(axes, chart, horizontal)
        return figure


def _draw_nothing_shown(chart: Chart) -> Figure:
    """A chart with no bar to draw (every figure hidden or not available): a short panel that
    says so, instead of empty axes with meaningless ticks. The data table beside it still
    shows each cell as [c] or –."""
    import matplotlib.pyplot as plt

    labels = {label for s in chart.series for label in s.labels}
    reason = (
        "Every figure in this chart is hidden [c] to protect the people it counts"
        if labels <= {SUPPRESSED}
        else "No figure in this chart is available"
    )
    figure, ax = plt.subplots(figsize=(WIDTH_IN, 1.1), layout="constrained")
    ax.set_axis_off()
    text = textwrap.fill(f"{reason}.", width=44)
    ax.text(0.0, 0.5, text, transform=ax.transAxes, ha="left", va="center", color=TEXT)
    return figure


def _size(chart: Chart, horizontal: bool) -> tuple[float, float]:
    if not horizontal:
        return (WIDTH_IN, 4.0)
    lines = sum(max(1, len(_wrap(c, NAME_WRAP).splitlines())) for c in chart.categories)
    bars = len(chart.categories) * max(1, len(chart.series))
    legend = 0.5 if len(chart.series) > 1 else 0.0
    return (WIDTH_IN, max(2.0, 0.42 * max(bars, lines) + 0.9 + legend))


def _chars_per_line(chart: Chart) -> int:
    """How many characters of 14 pt text fit under one group of vertical bars."""
    return max(6, int((WIDTH_IN - 0.7) * 72 / max(1, len(chart.categories)) / 8.2))


def _too_crowded(chart: Chart) -> bool:
    """A vertical chart whose category names would need more than two lines each."""
    width = _chars_per_line(chart)
    return any(
        len(_wrap(c, width).splitlines()) > 2 or max(map(len, c.split() or [""])) > width
        for c in chart.categories
    )


def _wrap(text: str, width: int) -> str:
    return "\n".join(textwrap.wrap(text, width, break_long_words=False)) or text


def _draw_bars(ax: Axes, chart: Chart, horizontal: bool) -> None:
    import numpy as np

    count = len(chart.series)
    positions = np.arange(len(chart.categories))
    width = 0.8 / max(count, 1)
    colours = palette()
    for index, series in enumerate(chart.series):
        offsets = positions + (index - (count - 1) / 2) * width
        _bars(ax, horizontal, list(offsets), series, width * 0.92, colours[index % len(colours)])
    wrap = NAME_WRAP if horizontal else _chars_per_line(chart)
    names = [_wrap(c, wrap) for c in chart.categories]
    if horizontal:
        ax.set_yticks(positions, names)
        ax.invert_yaxis()
    else:
        ax.set_xticks(positions, names)
    _value_axis(ax, chart, horizontal)
    if count > 1:
        ax.legend(
            loc="lower left",
            bbox_to_anchor=(0, 1.0),
            ncols=_legend_columns([s.name for s in chart.series]),
            handlelength=1.0,
            borderaxespad=0.2,
        )


def _legend_columns(names: list[str]) -> int:
    """As many legend entries side by side as fit across the chart at 14 pt (a legend wider
    than the chart would squeeze the plot)."""
    room = int(WIDTH_IN * 72 / 8.2)  # characters of 14 pt text across the figure
    for columns in range(min(len(names), 3), 1, -1):
        rows = [names[i : i + columns] for i in range(0, len(names), columns)]
        if all(sum(len(n) + 5 for n in row) <= room for row in rows):
            return columns
    return 1


def _draw_focus(chart: Chart) -> Figure:
    """One panel per category, one labelled horizontal bar per series: the highlighted
    series (the LA) in the focus colour, the comparators muted with an outline."""
    import matplotlib.pyplot as plt

    strong, muted = focus_colours()
    panels = len(chart.categories)
    rows = len(chart.series)
    height = panels * (0.42 * rows + 0.55) + 0.5
    figure, axes = plt.subplots(
        panels, 1, figsize=(WIDTH_IN, height), layout="constrained", sharex=True, squeeze=False
    )
    names = [_wrap(s.name, NAME_WRAP) for s in chart.series]
    for panel, (ax, category) in enumerate(zip(axes[:, 0], chart.categories, strict=True)):
        for row, series in enumerate(chart.series):
            single = Series(series.name, [series.values[panel]], [series.labels[panel]])
            focus = series.name == chart.highlight
            _bars(ax, True, [row], single, 0.75, strong if focus else muted, edge=not focus)
        ax.set_yticks(range(rows), names)
        ax.invert_yaxis()
        ax.set_title(category, loc="left", fontsize="medium", fontweight="bold")
        _value_axis(ax, chart, True)
    return figure


def _bars(
    ax: Axes,
    horizontal: bool,
    positions: list[float],
    series: Series,
    width: float,
    colour: str,
    edge: bool = False,
) -> None:
    """Bars for the values shown, each with its label; a hidden or missing value draws no
    bar, only its label ([c] or –) at the baseline."""
    points = list(zip(positions, series.values, series.labels, strict=True))
    shown = [(p, v, t) for p, v, t in points if v is not None]
    hidden = [(p, t) for p, v, t in points if v is None]
    if shown:
        at, heights, labels = zip(*shown, strict=True)
        draw = ax.barh if horizontal else ax.bar
        bars = draw(at, heights, width, color=colour, label=series.name)
        if edge:
            for bar in bars:
                bar.set_edgecolor(MUTED_EDGE)
                bar.set_linewidth(1.0)
        ax.bar_label(bars, labels=list(labels), padding=3, color=TEXT)
    elif not horizontal or len(positions) > 1:
        ax.bar([], [], color=colour, label=series.name)  # keeps the series in the legend
    for position, label in hidden:
        xy = (0, position) if horizontal else (position, 0)
        ax.annotate(
            label,
            xy,
            xytext=(3, 0) if horizontal else (0, 3),
            textcoords="offset points",
            ha="left" if horizontal else "center",
            va="center" if horizontal else "bottom",
            color=TEXT,
        )


def _value_axis(ax: Axes, chart: Chart, horizontal: bool) -> None:
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    value_axis = ax.xaxis if horizontal else ax.yaxis
    value_axis.set_major_locator(
        MaxNLocator(nbins=5, steps=[1, 2, 2.5, 5, 10], integer=chart.unit == "count")
    )
    if chart.unit == "percent":
        value_axis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:.0f}%"))
    if horizontal:
        ax.grid(axis="x", visible=True)
        ax.grid(axis="y", visible=False)
        ax.spines["left"].set_visible(True)
        ax.spines["bottom"].set_visible(False)
        ax.tick_params(axis="y", length=0)
    else:
        ax.tick_params(axis="x", length=0)
    top = max([v for s in chart.series for v in s.values if v is not None] or [1])
    limit = ax.set_xlim if horizontal else ax.set_ylim
    limit(0, top * 1.2 if top else 1)


def _accessible_svg(svg: str, chart: Chart) -> str:
    """Make the SVG accessible inline: role, title and description; drop the XML prologue
    and the fixed size (the page sizes it)."""
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
