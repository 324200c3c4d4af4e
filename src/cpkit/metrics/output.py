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
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from cpkit import __version__
from cpkit.csvcells import safe_cell
from cpkit.metrics.engine import AreaResult, Figure, MetricResult


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
        row["suppressed"] = "true" if record.get("suppressed") else ""
        row.update({f"group.{k}": v for k, v in record["group"].items()})
        row.update(record.get("comparisons", {}))
        writer.writerow({k: safe_cell(v) for k, v in row.items()})  # no formulas in Excel
    return out.getvalue()
