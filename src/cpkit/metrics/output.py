"""Machine-readable output of an area's metrics: the JSON contract and flat CSV records.

JSON (interfaces.md): one object per metric value; breakdowns are separate objects keyed by
``group``; values unrounded (proportions 0..1); numerator and denominator for every
proportion; suppressed values are null with ``"suppressed": true``. A metric that could not
be computed appears once with ``value: null`` and a ``status`` saying what to ingest, and
in ``not_computed`` (id, status, reason), which is always present.

For a period other than a financial year (a quarter, a year to date, a range) the document
also says ``period`` (as ``--period`` reads it) and ``period_label``; ``year`` is then the
financial year the period lies in (null for a range across 31 March), each record says the
``period`` its figure is for (an annual-only SSDA903 figure is for a whole earlier year) and
each definition says what the figure covers in that period (``in_this_period``).

CSV comes in two layouts, both with cells by ``csvcells.csv_value`` (``true``/``false``,
numbers without float noise, no formulas): wide (``dumps_csv``: one row per figure, group
keys as ``group.<name>`` columns, comparisons as columns) and long (``dumps_long_csv``: one
row per number, the same columns for every area and period, so that files for several areas
append into one table in Power BI or Excel; ``LONG_COLUMNS``).
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

from cpkit import __version__
from cpkit.csvcells import csv_value
from cpkit.metrics.engine import AreaResult, Figure, MetricResult
from cpkit.versions import library_versions


def figure_record(result: MetricResult, figure: Figure) -> dict[str, Any]:
    spec = result.spec
    record: dict[str, Any] = {
        "id": spec.id,
        "title": spec.title,
        "unit": spec.unit,
        "group": dict(figure.group),
        "value": figure.value,
        "numerator": figure.numerator,
        "denominator": figure.denominator,
    }
    if figure.base is not None or spec.base is not None:
        record["base"] = figure.base
    if figure.suppressed:
        record["suppressed"] = True
    if spec.label:
        record["label"] = spec.label
    record["timing"] = spec.timing
    record["comparisons"] = figure.comparisons.as_dict()  # always present (interfaces.md), maybe {}
    if figure.extra:
        record["extra"] = dict(figure.extra)
    return record


def area_records(area: AreaResult) -> list[dict[str, Any]]:
    records: list[dict[str, Any]] = []
    for result in area.results:
        if result.status != "ok":
            records.append(
                {
                    "id": result.spec.id,
                    "title": result.spec.title,
                    "unit": result.spec.unit,
                    "group": {},
                    "value": None,
                    "numerator": None,
                    "denominator": None,
                    "comparisons": {},
                    "status": result.status,
                    "message": result.message,
                }
            )
            continue
        records.extend(figure_record(result, figure) for figure in result.figures)
    if not area.period.is_year:
        for record, result in zip(records, _result_per_record(area), strict=True):
            record["period"] = (result.period or area.period).label
    return records


def _result_per_record(area: AreaResult) -> list[MetricResult]:
    """The result each of ``area_records``' records comes from, in the same order."""
    return [r for r in area.results for _ in (r.figures if r.status == "ok" else [None])]


def year_label(area: AreaResult) -> str | None:
    """The financial year of the output: the period's, or None for a range across years."""
    year = area.period.financial_year
    return year.label if year is not None else None


def area_json(area: AreaResult) -> dict[str, Any]:
    document: dict[str, Any] = {
        "area": area.area,
        "year": year_label(area),
        "la_code": area.la_code,
        "period_start": area.period.start.isoformat(),
        "period_end": area.period.end.isoformat(),
        "cpkit_version": __version__,
        "software": library_versions(),  # what computed the figures (provenance)
        "metrics": area_records(area),
    }
    if not area.period.is_year:
        document["period"] = area.period.slug
        document["period_label"] = area.period.description
    if area.public:
        document["suppression"] = {
            "applied": True,
            "threshold": area.suppress_below,
            "rule": f"figures about people: counts 1 to {area.suppress_below - 1}, and any "
            "figure from which such a count could be worked out (through the declared "
            "relations between figures, earlier years and changes included), are null with "
            '"suppressed": true; counts of meetings, events, groups and rows are shown',
            "audit": area.audit,
        }
    # what a script needs to know it did not get everything: always present, maybe []
    document["not_computed"] = [
        {"id": r.spec.id, "status": r.status, "reason": r.message}
        for r in area.results
        if r.status != "ok"
    ]
    if area.notes:
        document["notes"] = list(area.notes)
    document["definitions"] = {r.spec.id: _definition(r, area) for r in area.results}
    if area.sources:
        document["sources"] = area.sources
    return document


def _definition(result: MetricResult, area: AreaResult) -> dict[str, Any]:
    from cpkit.metrics.timing import period_note

    spec = result.spec
    entry: dict[str, Any] = {
        "definition": spec.definition,
        "timing": spec.timing_label,
        "inputs": [str(i) for i in spec.inputs],
    }
    note = period_note(spec, area.period)
    if note:
        entry["in_this_period"] = note
    return entry


def dumps_json(area: AreaResult) -> str:
    return json.dumps(area_json(area), indent=2, default=str)


def dumps_csv(area: AreaResult) -> str:
    """The JSON records flattened: group keys as ``group.<name>``, comparisons as columns."""
    records = area_records(area)
    group_keys = sorted({k for r in records for k in r["group"]})
    comparison_keys = sorted({k for r in records for k in r.get("comparisons", {})})
    header = [
        "area",
        "year",
        *(["period"] if not area.period.is_year else []),
        "la_code",
        "id",
        "title",
        "unit",
        *(f"group.{k}" for k in group_keys),
        "value",
        "numerator",
        "denominator",
        "suppressed",
        "label",
        "status",
        *comparison_keys,
    ]
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=header, lineterminator="\n")
    writer.writeheader()
    for record in records:
        row: dict[str, Any] = {"area": area.area, "year": year_label(area), "la_code": area.la_code}
        if "period" in record:
            row["period"] = record["period"]
        row.update(
            {
                k: record.get(k)
                for k in (
                    "id",
                    "title",
                    "unit",
                    "value",
                    "numerator",
                    "denominator",
                    "label",
                    "status",
                )
            }
        )
        row["suppressed"] = bool(record.get("suppressed"))
        row.update({f"group.{k}": v for k, v in record["group"].items()})
        row.update(record.get("comparisons", {}))
        writer.writerow({k: csv_value(v) for k, v in row.items()})  # no formulas in Excel
    return out.getvalue()


LONG_COLUMNS = (
    "area",
    "period",
    "period_start",
    "period_end",
    "la_code",
    "metric_id",
    "metric",
    "unit",
    "group_name",
    "group_value",
    "field",
    "value",
    "suppressed",
    "status",
    "public",
)
TOTAL = ("total", "Total")  # group_name and group_value of a figure with no breakdown
# the numbers of a record, in order; text beside them (labels, sources) is in the wide CSV
_RECORD_FIELDS = ("value", "numerator", "denominator", "base")
# the earlier figure a comparison key is made from (longest prefix first): a change is
# hidden with the earlier figure it is made from
_EARLIER = {
    "change_since_previous": "previous_period",
    "change_since_base": "base_year",
    "change": "prior_year",
    "previous_period": "previous_period",
    "base_year": "base_year",
    "prior_year": "prior_year",
}


def comparison_hidden(key: str, comparisons: dict[str, Any]) -> bool:
    """Whether comparison ``key`` (``change_pct``, ``prior_year``...) is hidden by disclosure
    control: its earlier figure is marked ``<stem>_suppressed``."""
    stem = next((_EARLIER[p] for p in _EARLIER if key.startswith(p)), None)
    return stem is not None and bool(comparisons.get(f"{stem}_suppressed"))


def long_rows(area: AreaResult) -> list[dict[str, Any]]:
    """One row per number of every figure: ``LONG_COLUMNS``. A figure hidden by disclosure
    control has an empty value and ``suppressed`` true; a metric not computed has one row
    with its status."""
    rows: list[dict[str, Any]] = []
    for record in area_records(area):
        names = "; ".join(record["group"]) or TOTAL[0]
        values = "; ".join(str(v) for v in record["group"].values()) or TOTAL[1]
        base = {
            "area": area.area,
            "period": record.get("period", area.period.label),
            "period_start": area.period.start.isoformat(),
            "period_end": area.period.end.isoformat(),
            "la_code": area.la_code,
            "metric_id": record["id"],
            "metric": record["title"],
            "unit": record["unit"],
            "group_name": names,
            "group_value": values,
            "status": record.get("status", "ok"),
            "public": area.public,  # disclosure control applied (--public)
        }
        for name, value, hidden in _numbers(record):
            rows.append({**base, "field": name, "value": value, "suppressed": hidden})
    return rows


def _numbers(record: dict[str, Any]) -> list[tuple[str, Any, bool]]:
    """(field, value, hidden) for the record's numbers and its comparisons' numbers."""
    suppressed = bool(record.get("suppressed"))
    found = [
        (k, record[k], suppressed and record[k] is None)
        for k in _RECORD_FIELDS
        if k in record and (record[k] is not None or suppressed or k == "value")
    ]
    comparisons = record.get("comparisons", {})
    for key, value in comparisons.items():
        if isinstance(value, str) or key.endswith("_suppressed"):
            continue  # labels and sources: in the wide CSV and JSON
        hidden = comparison_hidden(key, comparisons)
        if value is not None or hidden:
            found.append((key, value, hidden and value is None))
    return found


def append_long_csv(area: AreaResult, path: Path) -> int:
    """Add ``area``'s long rows to the long CSV at ``path``; the number of rows added.
    A file with other columns is refused (``UsageError``), and left as it was."""
    from cpkit.errors import UsageError

    try:
        with path.open(encoding="utf-8-sig", newline="") as existing:
            rows = csv.reader(existing)
            first, row = next(rows, []), next(rows, None)
    except (UnicodeDecodeError, csv.Error):
        first, row = [], None
    if first != list(LONG_COLUMNS):
        raise UsageError(
            f"{path} is not a CSV written by --long (its first line is not the long layout's "
            "header)",
            hint="name a new file, or one an earlier --long --out wrote",
        )
    if row is not None and row[-1] != csv_value(area.public):
        kinds = {True: "with disclosure control (--public)", False: "without disclosure control"}
        raise UsageError(
            f"{path} holds figures {kinds[row[-1] == 'true']}; these are {kinds[area.public]}",
            hint="keep figures with and without --public in separate files",
        )
    text = dumps_long_csv(area, header=False)
    with path.open("a", encoding="utf-8", newline="") as target:
        target.write(text)
    return len(list(csv.reader(io.StringIO(text))))


def dumps_long_csv(area: AreaResult, header: bool = True) -> str:
    """``long_rows`` as CSV (``header=False`` to append to a file that has one)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=LONG_COLUMNS, lineterminator="\n")
    if header:
        writer.writeheader()
    for row in long_rows(area):
        writer.writerow({k: csv_value(v) for k, v in row.items()})
    return out.getvalue()
