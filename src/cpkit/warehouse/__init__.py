"""The warehouse: one folder of Parquet per dataset, a manifest, and DuckDB views over it.

Writes go through ``commit`` (new files, then an atomic manifest swap); reads go through
``connect``, which returns an embedded DuckDB connection with one view per dataset.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from cpkit.errors import WorkspaceError
from cpkit.warehouse.manifest import MANIFEST_NAME, DatasetState, IngestRecord, Manifest

if TYPE_CHECKING:
    import duckdb
    import pyarrow as pa

__all__ = [
    "MANIFEST_NAME",
    "DatasetState",
    "IngestRecord",
    "Manifest",
    "Replacement",
    "commit",
    "connect",
    "read_dataset",
    "warehouse_lock",
]


@dataclass
class Replacement:
    """New rows for one dataset and how they replace what is there."""

    dataset: str
    rows: pa.Table
    key: tuple[str, ...]
    by: str  # "key" or "collection_year"
    columns_present: Sequence[str]


@contextlib.contextmanager
def warehouse_lock(warehouse: Path) -> Iterator[None]:
    """One writer at a time: a second ingest waits for nobody, it fails clearly."""
    warehouse.mkdir(parents=True, exist_ok=True)
    lock = warehouse / ".lock"
    try:
        fd = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
    except FileExistsError:
        raise WorkspaceError(
            f"another cpkit ingest is writing to {warehouse} (or one was killed)",
            hint=f"wait for it to finish; if none is running, delete {lock}",
        ) from None
    try:
        os.write(fd, str(os.getpid()).encode())
        os.close(fd)
        yield
    finally:
        lock.unlink(missing_ok=True)


def read_dataset(warehouse: Path, manifest: Manifest, name: str) -> pa.Table | None:
    import pyarrow.parquet as pq

    state = manifest.datasets.get(name)
    if state is None or not state.files:
        return None
    return pq.read_table([str(warehouse / f) for f in state.files])


def commit(
    warehouse: Path,
    replacements: Sequence[Replacement],
    records: Sequence[IngestRecord],
    ingest_id: str,
) -> Manifest:
    """Merge new rows into the warehouse and log the ingests, all or nothing."""
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    manifest = Manifest.load(warehouse)
    now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    merged: dict[str, pa.Table] = {}
    present: dict[str, set[str]] = {}
    for replacement in replacements:
        current = merged.get(replacement.dataset)
        if current is None:
            current = read_dataset(warehouse, manifest, replacement.dataset)
            state = manifest.datasets.get(replacement.dataset)
            present[replacement.dataset] = set(state.columns_present) if state else set()
        merged[replacement.dataset] = _merge(current, replacement)
        present[replacement.dataset] |= set(replacement.columns_present)

    new_states: dict[str, DatasetState] = {}
    for name, table in merged.items():
        relative = f"{name}/part-{ingest_id}.parquet"
        target = warehouse / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_suffix(".parquet.tmp")
        pq.write_table(table, temporary, compression="zstd")
        os.replace(temporary, target)
        new_states[name] = DatasetState([relative], table.num_rows, sorted(present[name]), now)

    manifest.datasets.update(new_states)
    manifest.ingests.extend(records)
    for name, table in merged.items():
        live = set(pc.unique(table.column("ingest_id")).to_pylist()) if table.num_rows else set()
        for record in manifest.ingests:
            if record.dataset == name and record.accepted and record.ingest_id not in live:
                record.superseded = True
    manifest.save(warehouse)
    remove_unreferenced(warehouse, manifest)
    return manifest


def _merge(current: pa.Table | None, replacement: Replacement) -> pa.Table:
    import pyarrow as pa

    new = replacement.rows
    if current is None or current.num_rows == 0:
        return new
    if replacement.by == "collection_year":
        keys = ["la_code", "collection_year"]
        scope = new.select(keys).group_by(keys).aggregate([])
    else:
        keys = ["la_code", *replacement.key]
        scope = new.select(keys)
    kept = current.join(scope, keys=keys, join_type="left anti")
    return pa.concat_tables([kept.select(current.column_names), new.select(current.column_names)])


def remove_unreferenced(warehouse: Path, manifest: Manifest) -> None:
    """Delete Parquet files (and temporaries) the manifest does not name."""
    keep = manifest.referenced_files()
    for path in warehouse.glob("*/*"):
        if path.parent.name.startswith("_"):
            continue
        relative = path.relative_to(warehouse).as_posix()
        if path.suffix in {".parquet", ".tmp"} and relative not in keep:
            path.unlink(missing_ok=True)
    for path in warehouse.glob(".*.tmp"):
        path.unlink(missing_ok=True)


def connect(
    warehouse: Path, la_code: str | None = None, manifest: Manifest | None = None
) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB connection with one view per dataset over its Parquet files.

    With ``la_code`` the views show that LA's rows only.
    """
    import duckdb

    manifest = manifest or Manifest.load(warehouse)
    connection = duckdb.connect(":memory:")
    for name, state in sorted(manifest.datasets.items()):
        files = [warehouse / f for f in state.files]
        missing = [f for f in files if not f.exists()]
        if missing:
            raise WorkspaceError(
                f"the warehouse is missing {missing[0].name} for {name}",
                hint="restore the warehouse folder or re-ingest the extracts",
            )
        paths = ", ".join(_quote(str(f)) for f in files)
        where = f" WHERE la_code = {_quote(la_code)}" if la_code else ""
        connection.execute(f"CREATE VIEW {name} AS SELECT * FROM read_parquet([{paths}]){where}")
    return connection


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"
