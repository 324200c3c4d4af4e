"""Charts declared in the report definition, built from the figures (drawn by render/charts.py).

Four kinds: ``bar`` (one breakdown, as shares with counts; ``top = N`` keeps the N largest
and adds "Other" for the rest, so the bars always sum to the whole), ``compare`` (two or more
breakdowns with the same categories side by side: matched and awaiting), ``trend`` (counts
over the years the data covers) and ``benchmark`` (the LA's rate against England, the region
and statistical neighbours). Every chart carries its data as a table, its source and alt text.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from cpkit.formatting import MISSING, SUPPRESSED
from cpkit.metrics.engine import Figure
from cpkit.render.charts import Chart, Series, data_table

if TYPE_CHECKING:
    from cpkit.render.definition import BlockDef
    from cpkit.render.sections.inputs import ReportInputs

OTHER = "Other"


def build_chart(inputs: ReportInputs, block: BlockDef, section_id: str) -> Chart | None:
    kind = block.options["chart"]
    chart_id = f"{section_id}-{block.id}".replace("_", "-")
    build = {
        "bar": bar,
        "compare": compare,
        "trend": trend,
        "benchmark": benchmark,
        "published": published,
    }[kind]
    chart = build(inputs, block, chart_id)
    if chart is None:
        return None
    chart.title = _title(inputs, block, chart)
    if block.get("subtitle"):
        chart.subtitle = inputs.literal(block.get("subtitle"))
    return chart


def _title(inputs: ReportInputs, block: BlockDef, chart: Chart) -> str:
    """The active title the template states; when it has nothing to say (its figures are
    hidden in the public report), the block's declared ``title``; else the chart's own."""
    from cpkit.render.words import sentence_start

    if block.get("title_template"):
        text = inputs.sentences.render(
            block.get("title_template"), inputs.figures, inputs.style
        ).strip()
        if text:
            text = sentence_start(" ".join(text.split()))
            return text[:1].upper() + text[1:]
    if block.get("title"):
        return inputs.literal(block.get("title"))
    return chart.title


def _label(inputs: ReportInputs, figure: Figure, unit: str) -> str:
    if figure.suppressed:
        return SUPPRESSED
    if unit == "proportion":
        return inputs.figures.fmt.percent(figure.value)
    return inputs.figures.fmt.count(figure.value)


def _other(figures: list[Figure], unit: str, key: str) -> Figure | None:
    """The categories a top-N leaves out, as one 'Other' part (hidden if any part is)."""
    if not figures:
        return None
    if any(f.suppressed for f in figures):
        return Figure(None, {key: OTHER}, suppressed=True)
    if unit == "proportion":
        numerator = sum(f.numerator or 0 for f in figures)
        denominator = figures[0].denominator
        value = numerator / denominator if denominator else None
        return Figure(value, {key: OTHER}, numerator, denominator)
    return Figure(sum(f.value or 0 for f in figures), {key: OTHER})


def ranked_parts(
    inputs: ReportInputs, metric_id: str, top: int | None, key: str | None = None
) -> tuple[list[Figure], str]:
    """A breakdown's non-empty parts, the largest ``top`` then 'Other' (in the metric's
    order when there is no top)."""
    f = inputs.figures
    key = key or f.breakdown_key(metric_id) or ""
    unit = f.unit(metric_id)
    parts = [x for x in f.breakdown(metric_id, key) if x.suppressed or (x.numerator or x.value)]
    if top and len(parts) > top:
        size = (lambda x: x.numerator or 0) if unit == "proportion" else (lambda x: x.value or 0)
        ranked = sorted(parts, key=lambda x: (x.suppressed, -size(x)))
        rest = _other(ranked[top:], unit, key)
        parts = ranked[:top] + ([rest] if rest is not None else [])
    return parts, key


def category(inputs: ReportInputs, key: str, figure: Figure) -> str:
    code = figure.group[key]
    return OTHER if code == OTHER else inputs.figures.label(key, code)


def bar(inputs: ReportInputs, block: BlockDef, chart_id: str) -> Chart | None:
    """Horizontal bars of one breakdown (percent of the total), with counts in its table."""
    f = inputs.figures
    metric_id = block.options["metric"]
    parts, key = ranked_parts(inputs, metric_id, block.get("top"), block.get("key"))
    if not parts:
        return None
    unit = f.unit(metric_id)
    percent = unit == "proportion"
    spec = f.spec(metric_id)
    values = [
        None if x.suppressed or x.value is None else (x.value * 100 if percent else x.value)
        for x in parts
    ]
    labels = [category(inputs, key, x) for x in parts]
    subtitle = f"{spec.title}, {'share of the total, ' if percent else ''}{_when(inputs, spec)}"
    chart = Chart(
        chart_id,
        f"{spec.title}, {inputs.year}",
        subtitle,
        inputs.source_for(metric_id),
        "",
        labels,
        [Series(_series_name(spec), values, [_label(inputs, x, unit) for x in parts])],
        unit="percent" if percent else "count",
        horizontal=True,
    )
    header = key.replace("_", " ").capitalize()
    if percent:
        chart.table_headers = [header, "Count", "Share"]
        chart.table_rows = [
            [
                label,
                SUPPRESSED if x.suppressed else f.fmt.count(x.numerator),
                SUPPRESSED if x.suppressed else f.fmt.percent(x.value),
            ]
            for label, x in zip(labels, parts, strict=True)
        ]
    else:
        chart.table_headers = [header, "Count"]
        chart.table_rows = [
            [label, _label(inputs, x, unit)] for label, x in zip(labels, parts, strict=True)
        ]
    chart.alt = _alt("Bar chart", subtitle, chart)
    return chart


def compare(inputs: ReportInputs, block: BlockDef, chart_id: str) -> Chart | None:
    """Grouped bars of two or more breakdowns sharing categories (matched vs awaiting)."""
    f = inputs.figures
    ids, names = _metrics_and_names(inputs, block)
    key = f.breakdown_key(ids[0]) or ""
    columns = [{x.group[key]: x for x in f.breakdown(i, key)} for i in ids]
    codes = [
        c
        for c in columns[0]
        if any(
            col.get(c) is not None and (col[c].numerator or col[c].suppressed) for col in columns
        )
    ]
    if not codes:
        return None
    series = []
    for name, column in zip(names, columns, strict=True):
        values: list[float | None] = []
        labels = []
        for code in codes:
            figure = column.get(code)
            shown = figure is not None and not figure.suppressed and figure.value is not None
            values.append(figure.value * 100 if figure and figure.value is not None else None)
            labels.append(
                f.fmt.percent(figure.value) if shown and figure else _hidden_or_missing(figure)
            )
        series.append(Series(name, values, labels))
    spec = f.spec(ids[0])
    subtitle = (
        f"{_names(names)} by {key.replace('_', ' ')}, share of each group, {_when(inputs, spec)}"
    )
    chart = Chart(
        chart_id,
        subtitle,
        subtitle,
        inputs.source_for(ids[0]),
        "",
        [f.label(key, c) for c in codes],
        series,
        unit="percent",
    )
    chart.table_headers = [key.replace("_", " ").capitalize(), *names]
    chart.table_rows = [
        [f.label(key, code), *(_count_and_share(inputs, col.get(code)) for col in columns)]
        for code in codes
    ]
    chart.alt = _alt("Grouped bar chart", subtitle, chart)
    return chart


def trend(inputs: ReportInputs, block: BlockDef, chart_id: str) -> Chart | None:
    """Bars over the years the data covers, one series per metric (headline values)."""
    f = inputs.figures
    ids, names = _metrics_and_names(inputs, block)
    lines = [dict(inputs.trend(i)) for i in ids]
    years = sorted(lines[0])
    if len(years) < 2:
        return None
    series = []
    for name, metric_id, points in zip(names, ids, lines, strict=True):
        unit = f.unit(metric_id)
        values: list[float | None] = []
        labels = []
        for year in years:
            figure = points.get(year)
            shown = figure is not None and not figure.suppressed and figure.value is not None
            value = None
            if shown and figure is not None and figure.value is not None:
                value = figure.value * 100 if unit == "proportion" else figure.value
            values.append(value)
            labels.append(
                _label(inputs, figure, unit) if shown and figure else _hidden_or_missing(figure)
            )
        series.append(Series(name, values, labels))
    spec = f.spec(ids[0])
    subtitle = f"{_names(names)}, {_when(inputs, spec, every_year=True)}, {years[0]} to {years[-1]}"
    percent = f.unit(ids[0]) == "proportion"
    chart = Chart(
        chart_id,
        f"{spec.title}, {years[0]} to {years[-1]}",
        subtitle,
        inputs.source_for(ids[0]),
        "",
        years,
        series,
        unit="percent" if percent else "count",
    )
    data_table(chart, "Year")
    chart.alt = _alt("Bar chart", subtitle, chart)
    return chart


def benchmark(inputs: ReportInputs, block: BlockDef, chart_id: str) -> Chart | None:
    """The LA's rates against England, the region and statistical neighbours."""
    f = inputs.figures
    ids = [i for i in block.options["metrics"] if f.ok(i)]
    if not ids:
        return None
    names = block.get("labels") or [f.spec(i).title for i in block.options["metrics"]]
    names = [n for i, n in zip(block.options["metrics"], names, strict=True) if i in ids]
    comparators = [("la", inputs.la_name), ("england", "England"), ("region", "Region")]
    comparators.append(("statistical_neighbours", "Statistical neighbours"))
    unit = f.unit(ids[0])  # one unit per chart: shares, or a rate such as per 10,000
    scale, shown = _scale(inputs, unit)
    series = []
    for key, name in comparators:
        values: list[float | None] = []
        labels = []
        for metric_id in ids:
            figure = f.get(metric_id)
            bench = figure.comparisons.benchmark if figure is not None else None
            raw = None
            if figure is not None and not figure.suppressed:
                raw = figure.value if key == "la" else getattr(bench, key, None)
            if key == "region" and bench is not None and bench.region_name:
                name = bench.region_name
            values.append(None if raw is None else raw * scale)
            hidden = figure is not None and figure.suppressed and key == "la"
            labels.append(SUPPRESSED if hidden else (MISSING if raw is None else shown(raw)))
        if any(v is not None for v in values):
            series.append(Series(name, values, labels))
        elif key == "la":
            return None  # every figure of the LA hidden: its table row says so, no chart
    publication = inputs.benchmark_publication(ids[-1])
    source = inputs.source_for(ids[-1]) + (f"; comparators: {publication}" if publication else "")
    subtitle = f"{_names(names)}: {inputs.la_name} and official comparators, {inputs.year}"
    chart = Chart(chart_id, subtitle, subtitle, source, "", names, series, unit=_axis(unit))
    chart.highlight = inputs.la_name  # the LA, against muted comparators
    data_table(chart, "Measure")
    chart.alt = _alt("Grouped bar chart", subtitle, chart)
    return chart


def published(inputs: ReportInputs, block: BlockDef, chart_id: str) -> Chart | None:
    """The LA's published rate and England's over the years DfE's tables cover (public
    figures: DfE has already applied its own suppression)."""
    f = inputs.figures
    metric_id = block.options["metric"]
    points = [(y, b) for y, b in inputs.published_of(metric_id) if b is not None and b.any]
    if len([1 for _, b in points if b.la_published is not None]) < 2:
        return None
    years = [y for y, _ in points]
    unit = f.unit(metric_id)
    scale, shown = _scale(inputs, unit)
    series = []
    for name, key in ((inputs.la_name, "la_published"), ("England", "england")):
        values = [getattr(b, key) for _, b in points]
        series.append(
            Series(
                name,
                [None if v is None else v * scale for v in values],
                [MISSING if v is None else shown(v) for v in values],
            )
        )
    spec = f.spec(metric_id)
    subtitle = f"{spec.title}, as published by DfE, {years[0]} to {years[-1]}"
    publication = inputs.benchmark_publication(metric_id) or "DfE"
    source = f"Source: {publication.rsplit(',', 1)[0]}, {years[0]} to {years[-1]}"
    chart = Chart(chart_id, subtitle, subtitle, source, "", years, series, unit=_axis(unit))
    chart.highlight = inputs.la_name
    data_table(chart, "Year")
    chart.alt = _alt("Grouped bar chart", subtitle, chart)
    return chart


def _scale(inputs: ReportInputs, unit: str) -> tuple[float, Callable[[float], str]]:
    """How a comparator chart draws and labels values of a unit: shares as percentages,
    anything else (a rate per 10,000, days) as it is, in the report's rounding."""
    fmt = inputs.figures.fmt
    if unit == "proportion":
        return 100.0, fmt.percent
    return 1.0, lambda value: fmt.value(value, unit)


def _axis(unit: str) -> str:
    return "percent" if unit == "proportion" else ("count" if unit == "count" else "rate")


def _metrics_and_names(inputs: ReportInputs, block: BlockDef) -> tuple[list[str], list[str]]:
    """A chart's metric ids and its series names (the labels given, else metric titles)."""
    ids = list(block.options["metrics"])
    return ids, list(block.get("labels") or [inputs.figures.spec(i).title for i in ids])


def _names(names: list[str]) -> str:
    """'Matched and awaiting a match': series names in a sentence."""
    from cpkit.render.words import join, lower_first

    return join([names[0], *(lower_first(n) for n in names[1:])])


def _series_name(spec: object) -> str:
    counts = getattr(spec, "counts_label", "") or "count"
    return counts[:1].upper() + counts[1:]


def _when(inputs: ReportInputs, spec: object, every_year: bool = False) -> str:
    timing = getattr(spec, "timing", "in_year")
    if timing == "year_end":
        return "at 31 March of each year" if every_year else f"at {inputs.year_end}"
    if timing == "cohort":
        return "DfE method" + ("" if every_year else f", {inputs.year}")
    return "each financial year" if every_year else inputs.year


def _hidden_or_missing(figure: Figure | None) -> str:
    return SUPPRESSED if figure is not None and figure.suppressed else MISSING


def _count_and_share(inputs: ReportInputs, figure: Figure | None) -> str:
    if figure is None:
        return MISSING
    if figure.suppressed:
        return SUPPRESSED
    f = inputs.figures
    return f"{f.fmt.count(figure.numerator)} ({f.fmt.percent(figure.value)})"


def _alt(kind: str, description: str, chart: Chart) -> str:
    """Alt text that reads the chart's data table out."""
    rows = "; ".join(
        f"{row[0]}: "
        + ", ".join(
            f"{header} {cell}"
            for header, cell in zip(chart.table_headers[1:], row[1:], strict=True)
        )
        for row in chart.table_rows
    )
    return f"{kind}. {description}. {rows}."
