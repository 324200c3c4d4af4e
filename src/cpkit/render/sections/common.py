"""Shared pieces for building report sections: change phrases and standard charts.

The phrases avoid the mistakes of hand-written reports: a change always names the year it is
measured from, percentages come with their counts, and suppressed figures stay hidden.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from cpkit.formatting import SUPPRESSED
from cpkit.metrics.engine import Figure
from cpkit.render.charts import Chart, Series, data_table, render_svg
from cpkit.render.model import Figures


@dataclass
class ReportInputs:
    """Everything a section builder may use: figures, trends and report settings."""

    figures: Figures
    trends: dict[str, list[tuple[str, Figure | None]]]  # metric id -> [(year, headline)]
    la_name: str
    source: str  # "Source: ..." note for charts built from the LA's own data
    programmes: dict[str, str]  # programme id -> title

    @property
    def year(self) -> str:
        return self.figures.year.label


def change_phrase(
    f: Figures, metric_id: str, *, noun_more: str = "more", noun_fewer: str = "fewer"
) -> str:
    """', 77 (12.6%) more than in 2022-23 and 25.3% more than in 2021-22' (or '')."""
    figure = f.get(metric_id)
    if figure is None or figure.suppressed or figure.value is None:
        return ""
    prior, base = figure.comparisons.prior, figure.comparisons.base
    parts = []
    if prior is not None and prior.value is not None and prior.change is not None:
        if prior.change == 0:
            parts.append(f"the same as in {prior.label}")
        else:
            word = noun_more if prior.change > 0 else noun_fewer
            pct = f" ({abs(prior.pct):.1f}%)" if prior.pct is not None else ""
            parts.append(f"{f.fmt.count(abs(prior.change))}{pct} {word} than in {prior.label}")
    if base is not None and base.value is not None and base.pct is not None:
        word = noun_more if base.pct > 0 else noun_fewer
        parts.append(f"{abs(base.pct):.1f}% {word} than in {base.label}")
    return (", " + " and ".join(parts)) if parts else ""


def snapshot_change(f: Figures, metric_id: str) -> str:
    """'up from 20 at 31 March 2023 (+80%)' for a year-end snapshot, or ''."""
    figure = f.get(metric_id)
    if figure is None or figure.suppressed:
        return ""
    prior = figure.comparisons.prior
    if prior is None or prior.value is None or prior.change is None:
        return ""
    day = f"31 March {f.year.start_year}"
    if prior.change == 0:
        return f", the same as at {day}"
    direction = "up" if prior.change > 0 else "down"
    percent = f" ({f.fmt.round(prior.pct, 0):+}%)" if prior.pct is not None else ""
    return f", {direction} from {f.fmt.count(prior.value)} at {day}{percent}"


def join_words(parts: Sequence[str]) -> str:
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def alt_from_table(kind: str, description: str, chart: Chart) -> str:
    """Alt text that reads the chart's data table out: 'Bar chart. ... 2021-22: Referrals 550'."""
    rows = "; ".join(
        f"{row[0]}: "
        + ", ".join(
            f"{header} {cell}"
            for header, cell in zip(chart.table_headers[1:], row[1:], strict=True)
        )
        for row in chart.table_rows
    )
    return f"{kind}. {description}. {rows}."


def bar_point(figure: Figure | None, value: float | None, label: str) -> tuple[float | None, str]:
    """A bar's height and printed label: nothing drawn (and [c] or –) when hidden or missing."""
    if figure is None or figure.suppressed or figure.value is None:
        return None, SUPPRESSED if figure is not None and figure.suppressed else "–"
    return value, label


def _label(f: Figures, figure: Figure, unit: str) -> str:
    if figure.suppressed:
        return SUPPRESSED
    if unit == "proportion":
        return f.fmt.percent(figure.value)
    return f.fmt.count(figure.value)


def breakdown_chart(
    inputs: ReportInputs,
    chart_id: str,
    metric_id: str,
    key: str,
    *,
    title: str,
    subtitle: str,
    series_name: str,
    skip_empty: bool = True,
    limit: int | None = None,
) -> Chart | None:
    """Horizontal bars of one breakdown (percent of the total), with counts in its table."""
    f = inputs.figures
    figures = [
        x
        for x in f.breakdown(metric_id, key)
        if not skip_empty or x.suppressed or (x.numerator or x.value)
    ]
    figures = figures[:limit] if limit else figures
    if not figures:
        return None
    unit = f.unit(metric_id)
    percent = unit == "proportion"
    values = [
        None if x.suppressed or x.value is None else (x.value * 100 if percent else x.value)
        for x in figures
    ]
    chart = Chart(
        chart_id,
        title,
        subtitle,
        inputs.source,
        "",
        [f.label(key, x.group[key]) for x in figures],
        [Series(series_name, values, [_label(f, x, unit) for x in figures])],
        unit="percent" if percent else "count",
        horizontal=True,
    )
    chart.table_headers = [key.replace("_", " ").capitalize(), "Count", "Share" if percent else ""]
    chart.table_rows = [
        [
            f.label(key, x.group[key]),
            SUPPRESSED if x.suppressed else f.fmt.count(x.numerator if percent else x.value),
            (SUPPRESSED if x.suppressed else f.fmt.percent(x.value)) if percent else "",
        ]
        for x in figures
    ]
    if not percent:
        chart.table_headers = chart.table_headers[:2]
        chart.table_rows = [row[:2] for row in chart.table_rows]
    top = max((x for x in figures if not x.suppressed), default=None, key=lambda x: x.value or 0)
    chart.alt = (
        f"Bar chart. {subtitle}. "
        + "; ".join(
            f"{row[0]}: {row[1]}{' (' + row[2] + ')' if percent else ''}"
            for row in chart.table_rows
        )
        + "."
        + (f" The largest is {f.label(key, top.group[key])}." if top else "")
    )
    render_svg(chart)
    return chart


def comparison_chart(
    inputs: ReportInputs,
    chart_id: str,
    metric_id: str,
    key: str,
    series: Sequence[tuple[str, str]],
    *,
    title: str,
    subtitle: str,
) -> Chart | None:
    """Grouped bars comparing two or more breakdown metrics with the same categories
    (e.g. children matched vs awaiting, by location)."""
    f = inputs.figures
    columns = [(name, {x.group[key]: x for x in f.breakdown(mid, key)}) for name, mid in series]
    categories = [
        c
        for c in columns[0][1]
        if any(
            (col.get(c) is not None and (col[c].numerator or col[c].suppressed))
            for _, col in columns
        )
    ]
    if not categories:
        return None
    chart_series = []
    for name, col in columns:
        values, labels = [], []
        for category in categories:
            figure = col.get(category)
            value, label = bar_point(
                figure,
                figure.value * 100 if figure and figure.value is not None else None,
                f.fmt.percent(figure.value) if figure else "",
            )
            values.append(value)
            labels.append(label)
        chart_series.append(Series(name, values, labels))
    chart = Chart(
        chart_id,
        title,
        subtitle,
        inputs.source,
        "",
        [f.label(key, c) for c in categories],
        chart_series,
        unit="percent",
    )
    chart.table_headers = [key.replace("_", " ").capitalize(), *(n for n, _ in series)]
    chart.table_rows = []
    for category in categories:
        row = [f.label(key, category)]
        for _, col in columns:
            figure = col.get(category)
            row.append(
                "–"
                if figure is None
                else (
                    SUPPRESSED
                    if figure.suppressed
                    else f"{f.fmt.count(figure.numerator)} ({f.fmt.percent(figure.value)})"
                )
            )
        chart.table_rows.append(row)
    chart.alt = alt_from_table("Grouped bar chart", subtitle, chart)
    render_svg(chart)
    return chart


def trend_chart(
    inputs: ReportInputs,
    chart_id: str,
    series: Sequence[tuple[str, str]],
    *,
    title: str,
    subtitle: str,
) -> Chart | None:
    """Bars over the years available, one series per metric (counts)."""
    trends = [(name, dict(inputs.trends.get(mid, []))) for name, mid in series]
    years = sorted(trends[0][1])  # the years of the first (main) series
    if len(years) < 2:
        return None
    chart_series = []
    for name, points in trends:
        values: list[float | None] = []
        labels = []
        for year in years:
            figure = points.get(year)
            value, label = bar_point(
                figure,
                figure.value if figure else None,
                inputs.figures.fmt.count(figure.value) if figure else "",
            )
            values.append(value)
            labels.append(label)
        chart_series.append(Series(name, values, labels))
    chart = Chart(chart_id, title, subtitle, inputs.source, "", years, chart_series)
    data_table(chart, "Year")
    chart.alt = alt_from_table("Bar chart", subtitle, chart)
    render_svg(chart)
    return chart


def rose_or_fell(first: float | None, last: float | None) -> str:
    if first is None or last is None or first == last:
        return "were level"
    return "rose" if last > first else "fell"
