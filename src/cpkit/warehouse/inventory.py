"""What is in the warehouse: rows, date ranges, financial years (data quality: quality.py)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
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


def rows_by_la(warehouse: Path, datasets: Sequence[str]) -> dict[str, int]:
    """Rows per LA code across ``datasets`` (those present): which LAs a warehouse holds."""
    manifest = Manifest.load(warehouse)
    present = [name for name in datasets if name in manifest.datasets]
    if not present:
        return {}
    connection = connect(warehouse, manifest=manifest)
    try:
        union = " UNION ALL ".join(f"SELECT la_code FROM {name}" for name in present)
        found = connection.execute(
            f"SELECT la_code, count(*) FROM ({union}) GROUP BY la_code ORDER BY la_code"
        ).fetchall()
    finally:
        connection.close()
    return {str(code): int(rows) for code, rows in found}
