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
from cpkit.warehouse.manifest import (
    ISSUES_DIR,
    MANIFEST_NAME,
    DatasetState,
    IngestRecord,
    Manifest,
)

if TYPE_CHECKING:
    import duckdb
    import pyarrow as pa

__all__ = [
    "ISSUES_DIR",
    "MANIFEST_NAME",
    "DatasetState",
    "IngestRecord",
    "Manifest",
    "Replacement",
    "commit",
    "connect",
    "discard_uncommitted",
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
    """Merge new rows into the warehouse and log the ingests, all or nothing.

    New Parquet files are written under new names, then the manifest is swapped (the
    commit point). If anything stops this before the swap, even Ctrl-C, the files written
    so far are deleted again and the warehouse is exactly as it was.
    """
    manifest = Manifest.load(warehouse)
    try:
        _write_and_swap(warehouse, manifest, replacements, records, ingest_id)
    except BaseException:
        discard_uncommitted(warehouse)
        raise
    remove_unreferenced(warehouse, manifest)
    return manifest


def _write_and_swap(
    warehouse: Path,
    manifest: Manifest,
    replacements: Sequence[Replacement],
    records: Sequence[IngestRecord],
    ingest_id: str,
) -> None:
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    merged, present = _merged_tables(warehouse, manifest, replacements)
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


def _merged_tables(
    warehouse: Path, manifest: Manifest, replacements: Sequence[Replacement]
) -> tuple[dict[str, pa.Table], dict[str, set[str]]]:
    """Each dataset's table after the replacements, and the columns it has ever had."""
    by_dataset: dict[str, list[Replacement]] = {}
    for replacement in replacements:
        by_dataset.setdefault(replacement.dataset, []).append(replacement)
    merged: dict[str, pa.Table] = {}
    present: dict[str, set[str]] = {}
    for name, group in by_dataset.items():
        current = read_dataset(warehouse, manifest, name)
        state = manifest.datasets.get(name)
        present[name] = set(state.columns_present) if state else set()
        if group[0].by == "collection_year":
            # every file of one run for a year together replace that year (a return may
            # come in several files); they must not replace each other
            current = _replace_years(current, [r.rows for r in group])
        else:
            for replacement in group:  # a later file's row replaces an earlier one's
                current = _replace_keys(current, replacement)
        merged[name] = current
        for replacement in group:
            present[name] |= set(replacement.columns_present)
    return merged, present


def _replace_keys(current: pa.Table | None, replacement: Replacement) -> pa.Table:
    new = replacement.rows
    if current is None or current.num_rows == 0:
        return new
    keys = ["la_code", *replacement.key]
    return _replace(current, new, new.select(keys), keys)


def _replace_years(current: pa.Table | None, tables: Sequence[pa.Table]) -> pa.Table:
    import pyarrow as pa

    new = pa.concat_tables(tables)
    if current is None or current.num_rows == 0:
        return new
    keys = ["la_code", "collection_year"]
    return _replace(current, new, new.select(keys).group_by(keys).aggregate([]), keys)


def _replace(current: pa.Table, new: pa.Table, scope: pa.Table, keys: list[str]) -> pa.Table:
    """``current`` without the rows whose ``keys`` are in ``scope``, then ``new``."""
    import pyarrow as pa

    kept = current.join(scope, keys=keys, join_type="left anti")
    return pa.concat_tables([kept.select(current.column_names), new.select(current.column_names)])


def discard_uncommitted(warehouse: Path) -> None:
    """After a failed or interrupted write: delete every file the manifest on disk does not
    name (new Parquet parts, issue files, temporaries), leaving the last committed state."""
    try:
        manifest = Manifest.load(warehouse)
    except WorkspaceError:
        return  # a damaged manifest is reported by the next command; delete nothing
    remove_unreferenced(warehouse, manifest)


def remove_unreferenced(warehouse: Path, manifest: Manifest) -> None:
    """Delete Parquet files, issue files and temporaries the manifest does not name."""
    keep = manifest.referenced_files()
    for path in warehouse.glob("*/*"):
        if path.parent.name.startswith("_") and path.parent.name != ISSUES_DIR:
            continue  # other folders (benchmarks) are not the manifest's to tidy
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
