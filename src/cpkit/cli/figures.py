"""An area's figures as a listing: value, n/N, prior year, change, target, benchmarks."""

from __future__ import annotations

from typing import Any

from cpkit.areas import area as find_area
from cpkit.cli.tables import Column, Listing
from cpkit.formatting import SUPPRESSED, NumberFormat, category_label, fraction, suppressed_note
from cpkit.metrics.engine import AreaResult, Figure, MetricResult
from cpkit.metrics.timing import when_label
from cpkit.periods import Period


def area_listing(result: AreaResult, settings: Any) -> Listing:
    """Rows for every computed figure; columns with nothing to show are left out."""
    fmt = NumberFormat.from_settings(settings)
    period = result.period
    title = f"{find_area(result.area).title}: {period.description}, LA {result.la_code}"
    if result.public:
        title += f"  [public: {suppressed_note(result.suppress_below)}]"
    locations = settings.locations if settings is not None else None
    rows: list[list[str]] = []
    for metric in result.results:
        if metric.status == "ok":
            rows.extend(_metric_rows(metric, period, fmt, locations))
    before = period.previous_quarter
    columns = [
        Column("metric", kind="name"),
        Column("when", kind="label"),
        Column("value", kind="number"),
        Column("n / N", kind="number"),
        Column(period.prior.label, kind="number"),
        Column("change", kind="number"),
        Column(before.label if before else "previous", "previous_period", kind="number"),
        Column("change since", "change_since_previous", kind="number"),
        *(Column(h, kind="number") for h in ("target", "England", "region", "neighbours")),
    ]
    keep = [i for i, _ in enumerate(columns) if i < 3 or any(row[i] for row in rows)]
    if before is None:  # the quarter before: for quarters only
        keep = [i for i in keep if i not in (6, 7)]
    return Listing(
        title,
        [columns[i] for i in keep],
        [[row[i] for i in keep] for row in rows],
        caption=_caption(result),
    )


def _caption(result: AreaResult) -> str:
    """When each comparison is from: the benchmark year and source, once."""
    for metric in result.results:
        for figure in metric.figures:
            b = figure.comparisons.benchmark
            if b is not None and b.source:
                region = f"; region: {b.region_name}" if b.region_name else ""
                neighbours = (
                    (
                        f"; neighbours: mean of {b.neighbours_used} statistical "
                        "neighbours' published figures"
                    )
                    if b.neighbours_used
                    else ""
                )
                return f"Benchmarks: {b.year}, {b.source}{region}{neighbours}"
    return ""


def not_computed(result: AreaResult) -> list[str]:
    """One line per metric that could not be computed, saying what to ingest."""
    return [f"{m.spec.id}: {m.message}" for m in result.results if m.status != "ok"]


def _metric_rows(
    metric: MetricResult, period: Period, fmt: NumberFormat, locations: Any
) -> list[list[str]]:
    spec = metric.spec
    when = when_label(spec, period)
    name = spec.title
    if spec.label and spec.label not in name:
        name += f" ({spec.label})"
    rows = []
    if metric.figures and metric.figures[0].group:
        rows.append([name, when, *[""] * 10])
    for figure in metric.figures:
        if figure.group:
            label = "   " + " / ".join(
                category_label(k, v, locations) for k, v in figure.group.items()
            )
            rows.append([label, "", *_cells(figure, spec.unit, fmt)])
        else:
            rows.append([name, when, *_cells(figure, spec.unit, fmt)])
    return rows


def _cells(figure: Figure, unit: str, fmt: NumberFormat) -> list[str]:
    c = figure.comparisons
    value = fmt.value(figure.value, unit, figure.suppressed)
    counts = fraction(figure.numerator, figure.denominator) if unit == "proportion" else ""
    prior, change = "", ""
    if c.prior is not None:
        prior = SUPPRESSED if c.prior.suppressed else fmt.value(c.prior.value, unit)
        change = fmt.change_of(c.prior, unit, short=True)
    if c.base is not None and c.base.value is not None and c.base.pct is not None:
        change += f"; {c.base.pct:+.1f}% since {c.base.label}"
    previous, since = "", ""
    if c.previous is not None:
        previous = SUPPRESSED if c.previous.suppressed else fmt.value(c.previous.value, unit)
        since = fmt.change_of(c.previous, unit, short=True)
    target = fmt.value(c.target, unit) if c.target is not None else ""
    b = c.benchmark
    bench = [
        fmt.value(v, unit) if v is not None else ""
        for v in ((b.england, b.region, b.statistical_neighbours) if b else (None, None, None))
    ]
    return [value, counts, prior, change, previous, since, target, *bench]
