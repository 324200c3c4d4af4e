"""Build metric inputs from plain rows, for tests and for checking a metric by hand.

``tables_from_rows`` gives an in-memory DuckDB connection with one view per dataset, shaped
exactly like the warehouse (every column of the dataset, typed; missing columns null), so a
metric function sees the same thing it sees in production.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import duckdb
import pyarrow as pa

from cpkit.datasets import REGISTRY
from cpkit.ingest.pipeline import warehouse_schema


def dataset_table(name: str, rows: Sequence[Mapping[str, Any]], la_code: str = "999") -> pa.Table:
    """Rows (dicts keyed by canonical column names) as a warehouse-shaped Arrow table."""
    schema = warehouse_schema(REGISTRY[name])
    unknown = {k for row in rows for k in row} - set(schema.names)
    if unknown:
        raise KeyError(f"{name} has no column(s) {', '.join(sorted(unknown))}")
    filled = [
        {"la_code": la_code, "source_file": "case", "source_row": n + 2, "ingest_id": "case", **row}
        for n, row in enumerate(rows)
    ]
    return pa.Table.from_pylist(filled, schema=schema)


def tables_from_rows(
    datasets: Mapping[str, Sequence[Mapping[str, Any]]], la_code: str = "999"
) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB connection with a view per dataset given."""
    connection = duckdb.connect(":memory:")
    for name, rows in datasets.items():
        table = dataset_table(name, rows, la_code)
        connection.register(f"_{name}_rows", table)
        connection.execute(f"CREATE VIEW {name} AS SELECT * FROM _{name}_rows")
    return connection
