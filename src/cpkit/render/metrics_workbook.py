"""``cpkit metrics AREA --format xlsx``: an area's figures as a workbook for people.

The same records as ``--format json`` (``metrics/output.py``'s ``area_records``), laid out
as the Analysis Function's "Releasing statistics in spreadsheets" asks, by the report
workbook's writer (``render/workbook.py``): a cover, contents and notes, then one table per
sheet. Table 1 holds every metric's headline figure; each breakdown of a metric (by cohort,
by source...) has its own table; then the definitions and the sources. Values are the
JSON's, unrounded, stored as numbers with a number format that shows them in their unit
(a proportion as a percentage); a figure hidden by disclosure control is ``[c]``, one
that is not available ``[x]`` and a cell where no figure applies ``[z]``.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from cpkit.formatting import SUPPRESSED, category_label
from cpkit.metrics.engine import AreaResult
from cpkit.metrics.output import comparison_hidden
from cpkit.render.cells import NOT_APPLICABLE, NOT_AVAILABLE, Cell
from cpkit.render.office import DocumentInfo
from cpkit.render.workbook import SheetTable

# the record fields a table shows, in order, with their headers; comparisons follow
FIELDS: dict[str, str] = {
    "value": "Value",
    "numerator": "Numerator",
    "denominator": "Denominator",
    "base": "Base (people the figure rests on)",
}
COMPARISONS: dict[str, str] = {
    "prior_year_label": "Earlier period",
    "prior_year": "Earlier period value",
    "prior_year_numerator": "Earlier period numerator",
    "prior_year_denominator": "Earlier period denominator",
    "prior_year_base": "Earlier period base",
    "change": "Change",
    "change_pct": "Change (%)",
    "change_points": "Change (percentage points)",
    "base_year_label": "Base year",
    "base_year": "Base year value",
    "change_since_base": "Change since base year",
    "change_since_base_pct": "Change since base year (%)",
    "change_since_base_points": "Change since base year (percentage points)",
    "previous_period_label": "Previous period",
    "previous_period": "Previous period value",
    "previous_period_numerator": "Previous period numerator",
    "previous_period_denominator": "Previous period denominator",
    "previous_period_base": "Previous period base",
    "change_since_previous": "Change since previous period",
    "change_since_previous_pct": "Change since previous period (%)",
    "change_since_previous_points": "Change since previous period (percentage points)",
    "target": "Target",
    "target_year": "Target year",
    "benchmark_year": "Benchmark year",
    "england": "England",
    "region": "Region",
    "region_name": "Region name",
    "statistical_neighbours": "Statistical neighbours (mean)",
    "neighbours_used": "Statistical neighbours used",
    "la_published": "LA's published figure",
}
# said once in the table's source line rather than on every row
_SOURCE_KEYS = ("benchmark_publication",)  # a citation, never a local file path
_IN_UNIT = {"value", "prior_year", "base_year", "previous_period", "target", "england"}
_IN_UNIT |= {"region", "statistical_neighbours", "la_published"}
_CHANGES = {"change", "change_since_base", "change_since_previous"}
_UNIT_FORMATS = {
    "count": "#,##0",
    "proportion": "0.0%",
    "days": '#,##0.0" days"',
    "gbp": "£#,##0",
    "ratio": "#,##0.0",
}
HEADLINE_TITLE = "Headline figures"


def write_metrics_workbook(area: AreaResult, settings: Any, path: Path) -> Path:
    """The workbook of ``area``'s figures at ``path`` (written whole, or not at all)."""
    from cpkit.render.workbook import write_workbook

    info = document_info(area, settings)

    about = [
        f"The figures of cpkit metrics {area.area} for {info.period}, as cpkit metrics "
        "--format json gives them: values unrounded, shown in their unit (a proportion as "
        "a percentage), each with the same period a year earlier, the change, targets and "
        "benchmarks where there are any.",
        "Table 1 has every metric's headline figure; each breakdown of a metric has its "
        "own table; the last two tables give each metric's definition and the input data.",
    ]
    locations = settings.locations if settings is not None else None
    return write_workbook(info, metric_tables(area, locations), path, about)


def document_info(area: AreaResult, settings: Any) -> DocumentInfo:
    """The cover's title, organisation, period and disclosure note."""
    from cpkit import __version__
    from cpkit.areas import area as find_area
    from cpkit.render.report import run_time

    la = settings.la.name or f"LA {settings.la.code}"
    return DocumentInfo(
        title=f"{find_area(area.area).title}: {area.period.description}",
        organisation=settings.report.organisation or settings.la.name or la,
        period=area.period.description,
        public=area.public,
        threshold=area.suppress_below,
        version=__version__,
        created=run_time(),
        source=f"{la} children's services records, and the DfE publications named with each table",
    )


def metric_tables(area: AreaResult, locations: Any = None) -> list[SheetTable]:
    """Headline figures, one table per breakdown, the definitions and the sources."""
    from cpkit.metrics.output import area_json

    document = area_json(area)
    records = document["metrics"]
    titles = {r.spec.id: r.spec.title for r in area.results}
    tables = [_headline_table(area, records)]
    breakdowns = _breakdowns(records)
    for (metric_id, keys), rows in breakdowns.items():
        by = ", ".join(category_heading(k) for k in keys).lower()
        title = titles[metric_id]
        if " by " not in title or sum(1 for m, _ in breakdowns if m == metric_id) > 1:
            title += f": by {by}"
        table = _figure_table(title, rows, list(keys), locations)
        table.description = f"Metric {metric_id}, one row per {by}."
        tables.append(table)
    tables.append(_definitions_table(document, area))
    if document.get("sources"):
        tables.append(_sources_table(document["sources"]))
    return tables


def _headline_table(area: AreaResult, records: list[dict[str, Any]]) -> SheetTable:
    headline = [r for r in records if not r["group"]]
    table = _figure_table(HEADLINE_TITLE, headline, [], None)
    table.description = (
        "One row per metric: its figure for the whole period (breakdowns are in the "
        "tables after this one)."
    )
    table.notes += list(area.notes)
    table.notes += [
        f"{r['id']} could not be computed: {r.get('message') or r['status']}"
        for r in headline
        if r.get("status")
    ]
    return table


def _breakdowns(records: list[dict[str, Any]]) -> dict[tuple[str, tuple[str, ...]], list[Any]]:
    """Records with a group, per metric and set of group keys, in the JSON's order."""
    found: dict[tuple[str, tuple[str, ...]], list[dict[str, Any]]] = {}
    for record in records:
        if record["group"]:
            found.setdefault((record["id"], tuple(record["group"])), []).append(record)
    return found


def _figure_table(
    title: str,
    records: list[dict[str, Any]],
    keys: list[str],
    locations: Any,
) -> SheetTable:
    fields = [k for k in FIELDS if any(k in r for r in records)]
    comparisons = [k for k in COMPARISONS if any(k in r.get("comparisons", {}) for r in records)]
    coded = [
        k
        for k in keys
        if any(_label(k, r["group"][k], locations) != r["group"][k] for r in records)
    ]
    headers = ["Metric id", "Metric", "Unit"]
    headers += [category_heading(k) for k in keys]
    headers += [f"{category_heading(k)} code" for k in coded]
    headers += [FIELDS[k] for k in fields] + [COMPARISONS[k] for k in comparisons]
    rows = []
    for record in records:
        unit = record["unit"]
        row: list[Any] = [record["id"], record["title"], unit]
        row += [_label(k, record["group"][k], locations) for k in keys]
        row += [record["group"][k] for k in coded]
        row += [_field_cell(k, record, unit) for k in fields]
        row += [_comparison_cell(k, record, unit) for k in comparisons]
        rows.append(row)
    sources = sorted(
        {
            str(r["comparisons"][k])
            for r in records
            for k in _SOURCE_KEYS
            if r.get("comparisons", {}).get(k)
        }
    )
    return SheetTable(title, headers, rows, source="; ".join(sources))


def category_heading(key: str) -> str:
    """'source_group' -> 'Source group'."""
    text = key.replace("_", " ")
    return text[:1].upper() + text[1:]


def _label(key: str, code: str, locations: Any) -> str:
    return category_label(key, str(code), locations)


def _field_cell(key: str, record: dict[str, Any], unit: str) -> Any:
    value = record.get(key)
    if value is not None:
        return _number(value, _format(key, unit))
    if key in ("numerator", "denominator") and unit not in ("proportion", "ratio"):
        return NOT_APPLICABLE  # a count, days or money figure is not a fraction
    if record.get("suppressed"):
        return SUPPRESSED
    return NOT_AVAILABLE if key == "value" else NOT_APPLICABLE


def _comparison_cell(key: str, record: dict[str, Any], unit: str) -> Any:
    comparisons = record.get("comparisons", {})
    if key not in comparisons:
        return NOT_APPLICABLE
    value = comparisons[key]
    if value is None:
        if key.endswith("_pct") and unit == "proportion":
            return NOT_APPLICABLE  # a rate changes in percentage points, not by a %
        if comparison_hidden(key, comparisons):
            return SUPPRESSED  # hidden, or made from a hidden earlier figure
        return NOT_AVAILABLE
    if isinstance(value, str):
        return value
    return _number(value, _format(key, unit))


def _format(key: str, unit: str) -> str:
    if key in _IN_UNIT:
        return _UNIT_FORMATS.get(unit, "General")
    if key in _CHANGES:
        shown = _UNIT_FORMATS.get(unit, "0.0").removesuffix('" days"')
        return f"+{shown};-{shown};{shown}"
    if key.endswith("_pct"):
        return '+0.0"%";-0.0"%";0.0"%"'
    if key.endswith("_points"):
        return '+0.0" pts";-0.0" pts";0.0" pts"'
    return "#,##0"


def _number(value: Any, number_format: str) -> Cell:
    if isinstance(value, bool):
        return Cell(str(value).lower())
    return Cell(value, number_format)


def _definitions_table(document: dict[str, Any], area: AreaResult) -> SheetTable:
    rows = [
        [
            r.spec.id,
            r.spec.title,
            r.spec.unit,
            entry["timing"],
            entry["definition"],
            "; ".join(entry["inputs"]) or NOT_APPLICABLE,
            entry.get("in_this_period", NOT_APPLICABLE),
        ]
        for r in area.results
        for entry in [document["definitions"][r.spec.id]]
    ]
    headers = ["Metric id", "Metric", "Unit", "When", "Definition", "Inputs", "In this period"]
    return SheetTable(
        "Definitions of the metrics",
        headers,
        rows,
        description="What each metric counts and the dataset columns it is computed from.",
    )


def _sources_table(sources: Sequence[dict[str, Any]]) -> SheetTable:
    keys = list(dict.fromkeys(k for s in sources for k in s))
    headers = [category_heading(k) for k in keys]
    rows = [[_source_cell(s.get(k)) for k in keys] for s in sources]
    return SheetTable(
        "Input data behind the figures",
        headers,
        rows,
        description="The datasets the figures are computed from, with the rows used.",
    )


def _source_cell(value: Any) -> Any:
    if value is None:
        return NOT_AVAILABLE
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int | float):
        return Cell(value, "#,##0")
    return str(value)
