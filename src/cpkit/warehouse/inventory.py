"""What is in the warehouse: rows, date ranges, financial years, data-quality findings."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from cpkit.datasets import REGISTRY
from cpkit.periods import FinancialYear
from cpkit.warehouse import connect
from cpkit.warehouse.manifest import Manifest


@dataclass
class DatasetSummary:
    name: str
    title: str
    rows: int
    first: dt.date | None
    last: dt.date | None
    years: list[str]  # financial years covered, e.g. ["2021-22", "2022-23"]
    last_ingest: str | None
    files: int


def inventory(warehouse: Path) -> list[DatasetSummary]:
    """One summary per dataset in the warehouse, in registry order."""
    manifest = Manifest.load(warehouse)
    if not manifest.datasets:
        return []
    connection = connect(warehouse, manifest=manifest)
    summaries = []
    for name in (n for n in REGISTRY if n in manifest.datasets):
        dataset = REGISTRY[name]
        state = manifest.datasets[name]
        first = last = None
        years: list[str] = []
        if dataset.family == "ssda903":
            found = connection.execute(
                f"SELECT DISTINCT collection_year FROM {name} ORDER BY 1"
            ).fetchall()
            years = [FinancialYear.from_collection_year(y).label for (y,) in found]
        elif dataset.date_column:
            column = dataset.date_column
            first, last = connection.execute(
                f"SELECT min({column}), max({column}) FROM {name}"
            ).fetchone() or (None, None)
            found = connection.execute(
                f"SELECT DISTINCT {column} FROM {name} WHERE {column} IS NOT NULL"
            ).fetchall()
            years = sorted({FinancialYear.containing(d).label for (d,) in found})
        records = [r for r in manifest.ingests if r.dataset == name and not r.superseded]
        summaries.append(
            DatasetSummary(
                name,
                dataset.title,
                state.rows,
                first,
                last,
                years,
                max((r.time for r in records), default=None),
                len({r.sha256 for r in records}),
            )
        )
    connection.close()
    return summaries


@dataclass
class QualityFinding:
    dataset: str
    severity: str
    rule: str
    rows: int
    examples: list[str] = field(default_factory=list)  # row references, never values
    message: str = ""


def quality_report(warehouse: Path, dataset: str | None = None) -> list[QualityFinding]:
    """Quarantined rows and warnings of the ingests that are live in the warehouse."""
    import pyarrow.parquet as pq

    manifest = Manifest.load(warehouse)
    grouped: dict[tuple[str, str, str], QualityFinding] = {}
    seen: dict[tuple[str, str, str], set[tuple[str, str | None, int]]] = defaultdict(set)
    for record in manifest.ingests:
        if record.superseded or not record.issues_file:
            continue
        if dataset and record.dataset != dataset:
            continue
        path = warehouse / record.issues_file
        if not path.exists():
            continue
        for issue in pq.read_table(path).to_pylist():
            key = (issue["dataset"], issue["severity"], issue["rule"])
            finding = grouped.setdefault(
                key, QualityFinding(*key, rows=0, message=issue["message"])
            )
            ref = (issue["file"], issue["sheet"], issue["row"])
            if ref in seen[key]:
                continue
            seen[key].add(ref)
            finding.rows += 1
            if len(finding.examples) < 3:
                finding.examples.append(row_reference(issue))
    order = {"error": 0, "warning": 1}
    return sorted(grouped.values(), key=lambda f: (f.dataset, order[f.severity], -f.rows, f.rule))


def row_reference(issue: dict) -> str:
    """file.xlsx!Sheet row 14 col D (referral_date): where to look, not what is there."""
    where = issue["file"] + (f"!{issue['sheet']}" if issue["sheet"] else "")
    column = f" col {issue['column_letter']}" if issue.get("column_letter") else ""
    return f"{where} row {issue['row']}{column} ({issue['column']})"
