"""The warehouse: one folder of Parquet per dataset, a manifest, and DuckDB views over it.

Writes go through ``commit`` (new files, then an atomic manifest swap); reads go through
``connect``, which returns an embedded DuckDB connection with one view per dataset.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import weakref
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from cpkit.errors import WorkspaceError
from cpkit.warehouse.lock import ReaderLease, no_readers, warehouse_lock
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
    "ReaderLease",
    "Replacement",
    "collect_garbage",
    "commit",
    "committed",
    "connect",
    "damaged_part",
    "discard_uncommitted",
    "quote_identifier",
    "quote_literal",
    "read_dataset",
    "warehouse_lock",
    "write_parquet",
    "write_part",
    "writing",
]


@dataclass
class Replacement:
    """New rows for one dataset and how they replace what is there."""

    dataset: str
    rows: pa.Table
    key: tuple[str, ...]
    by: str  # "key" or "collection_year"
    columns_present: Sequence[str]
    # the complete current list (cpkit ingest --replace): the LA's rows whose keys are not
    # in it are removed, not kept
    complete: bool = False


def read_dataset(warehouse: Path, manifest: Manifest, name: str) -> pa.Table | None:
    """One dataset's rows as stored; a missing or damaged part is a clear error."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    state = manifest.datasets.get(name)
    if state is None or not state.files:
        return None
    tables = []
    for relative in state.files:
        path = warehouse / relative
        try:
            tables.append(pq.read_table(path))
        except (OSError, pa.ArrowException) as exc:
            raise damaged_part(path, name, exc) from None
    return tables[0] if len(tables) == 1 else pa.concat_tables(tables)


def damaged_part(path: Path, dataset: str, exc: BaseException | None = None) -> WorkspaceError:
    """The error for a Parquet part that is missing or cannot be read."""
    what = "is missing" if not path.exists() else "is damaged (not a readable Parquet file)"
    return WorkspaceError(
        f"the warehouse file {path} of dataset {dataset} {what}",
        hint="run 'cpkit repair' to set that dataset aside (intact datasets are kept) and see "
        "which extracts to ingest again",
    )


def commit(
    warehouse: Path,
    replacements: Sequence[Replacement],
    records: Sequence[IngestRecord],
    ingest_id: str,
    key_fingerprint: str | None = None,
) -> Manifest:
    """Merge new rows into the warehouse and log the ingests, all or nothing.

    New Parquet files are written under new names, then the manifest is swapped (the
    commit point). If anything stops this before the swap, even Ctrl-C, the files written
    so far are deleted again and the warehouse is exactly as it was.
    """
    manifest = Manifest.load(warehouse)
    if key_fingerprint is not None:
        manifest.key_fingerprint = key_fingerprint
    try:
        _write_and_swap(warehouse, manifest, replacements, records, ingest_id)
    except BaseException:
        discard_uncommitted(warehouse, ingest_id)
        raise
    collect_garbage(warehouse, manifest)
    return manifest


_SAVED: list[str] = []  # what this process's finished writes saved, e.g. "the ingest was..."


def saved_in_this_run() -> str | None:
    """What the last write that passed its commit point saved (for an interrupt that comes
    after it, while the command prints its summary), or None."""
    return _SAVED[-1] if _SAVED else None


@contextlib.contextmanager
def writing(warehouse: Path, commit_id: str, done: str) -> Iterator[None]:
    """Hold the writer lock for one change of the warehouse (an ingest, forget, repair).

    Whatever stops it, an error, Ctrl-C or SIGTERM, files it wrote that were not committed
    are removed; an interrupt becomes an ``Interrupted`` error that says truthfully whether
    the commit point (the manifest swap) was passed. ``done`` says what a passed commit
    saved ("the ingest was saved to the warehouse")."""
    from cpkit.errors import interrupted

    with warehouse_lock(warehouse):
        try:
            yield
            _SAVED.append(done)
        except KeyboardInterrupt as stop:
            saved = committed(warehouse, commit_id)
            if not saved:
                discard_uncommitted(warehouse, commit_id)
            raise interrupted(stop, committed=saved, done=done) from None
        except BaseException:
            discard_uncommitted(warehouse, commit_id)
            raise


def committed(warehouse: Path, commit_id: str) -> bool:
    """Whether the manifest on disk is the one commit ``commit_id`` wrote (after an
    interrupt: was the commit point passed or not?)."""
    try:
        return Manifest.load(warehouse).commit_id == commit_id
    except WorkspaceError:
        return False


def _write_and_swap(
    warehouse: Path,
    manifest: Manifest,
    replacements: Sequence[Replacement],
    records: Sequence[IngestRecord],
    ingest_id: str,
) -> None:
    import pyarrow.compute as pc

    now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    merged, present = _merged_tables(warehouse, manifest, replacements)
    new_states: dict[str, DatasetState] = {}
    for name, table in merged.items():
        relative = write_part(warehouse, name, table, ingest_id)
        new_states[name] = DatasetState([relative], table.num_rows, sorted(present[name]), now)

    manifest.datasets.update(new_states)
    manifest.ingests.extend(records)
    for name, table in merged.items():
        live = set(pc.unique(table.column("ingest_id")).to_pylist()) if table.num_rows else set()
        for record in manifest.ingests:
            if record.dataset == name and record.accepted and record.ingest_id not in live:
                record.superseded = True
    manifest.commit_id = ingest_id
    manifest.save(warehouse)


def write_part(warehouse: Path, dataset: str, table: pa.Table, commit_id: str) -> str:
    """Write a dataset's new Parquet part under a name no manifest knows yet (it becomes
    part of the warehouse only when a manifest naming it is saved); its relative path."""
    relative = f"{dataset}/part-{commit_id}.parquet"
    target = warehouse / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_suffix(".parquet.tmp")
    write_parquet(table, temporary)
    os.replace(temporary, target)
    return relative


def write_parquet(table: pa.Table, path: Path) -> None:
    """Write one Parquet file; a full disk or a file-size limit is a clear error."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        pq.write_table(table, path, compression="zstd")
    except (OSError, pa.ArrowException) as exc:
        path.unlink(missing_ok=True)
        raise write_failed(path, exc) from None


def write_failed(path: Path, exc: BaseException) -> WorkspaceError:
    """The error for a warehouse write the operating system refused (nothing committed)."""
    import errno

    text = str(exc)
    code = getattr(exc, "errno", None)
    if code == errno.ENOSPC or "No space left" in text:
        reason, fix = "the disk is full", "free some space"
    elif code == errno.EFBIG or "File too large" in text:
        reason, fix = "the file-size limit (ulimit -f) was reached", "raise the limit"
    elif code == errno.EDQUOT or "quota" in text.lower():
        reason, fix = "the disk quota is used up", "free some space"
    elif code in (errno.EACCES, errno.EPERM, errno.EROFS) or "ermission" in text:
        reason, fix = "the folder is read-only or not yours", "make it writable"
    else:
        detail = getattr(exc, "strerror", None) or type(exc).__name__
        reason, fix = f"the system refused ({detail})", "check the disk"
    return WorkspaceError(
        f"cannot write {path.name} in {path.parent}: {reason}; nothing was committed",
        hint=f"{fix} and run the same command again",
    )


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
            if current is not None and any(r.complete for r in group):
                current = _without_las(current, group)
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


def _without_las(current: pa.Table, group: Sequence[Replacement]) -> pa.Table:
    """``current`` without any row of the LAs whose complete list is in ``group``."""
    import pyarrow as pa
    import pyarrow.compute as pc

    las = {
        la for r in group if r.complete for la in pc.unique(r.rows.column("la_code")).to_pylist()
    }
    keep = pc.invert(pc.is_in(current.column("la_code"), pa.array(sorted(las), pa.string())))
    return current.filter(keep)


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


def discard_uncommitted(warehouse: Path, commit_id: str | None = None) -> None:
    """After a failed or interrupted write: delete the files it wrote that the manifest on
    disk does not name (its new Parquet parts, issue files, temporaries), leaving the last
    committed state. Other unnamed files go too when no reader could be using them."""
    try:
        manifest = Manifest.load(warehouse)
    except WorkspaceError:
        return  # a damaged manifest is reported by the next command; delete nothing
    if commit_id is not None and manifest.commit_id == commit_id:
        return  # the commit point was passed: nothing here is uncommitted
    collect_garbage(warehouse, manifest, own=commit_id)


def collect_garbage(warehouse: Path, manifest: Manifest, own: str | None = None) -> None:
    """Delete Parquet files, issue files and temporaries the manifest does not name.

    Files of an earlier state go only when no reader holds a lease (a metrics run that
    loaded the previous manifest may still be reading them); files named with ``own`` (the
    id of a commit that did not happen) and temporaries go at once: no reader knows them."""
    with no_readers(warehouse) as free:
        for path in _unreferenced(warehouse, manifest):
            if free or path.suffix == ".tmp" or (own is not None and own in path.name):
                with contextlib.suppress(OSError):  # in use on Windows, or already gone
                    path.unlink(missing_ok=True)


def _unreferenced(warehouse: Path, manifest: Manifest) -> list[Path]:
    keep = manifest.referenced_files()
    found = []
    for path in warehouse.glob("*/*"):
        if path.parent.name.startswith("_") and path.parent.name != ISSUES_DIR:
            continue  # other folders (benchmarks) are not the manifest's to tidy
        relative = path.relative_to(warehouse).as_posix()
        if path.suffix in {".parquet", ".tmp"} and relative not in keep:
            found.append(path)
    return found + list(warehouse.glob(".*.tmp"))


def connect(
    warehouse: Path, la_code: str | None = None, manifest: Manifest | None = None
) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB connection with one view per dataset over its Parquet files.

    With ``la_code`` the views show that LA's rows only. The connection holds a reader
    lease until it is garbage-collected, so no writer deletes the files it reads (a commit
    meanwhile is simply not seen: the reader keeps the state it opened). Pass ``manifest``
    only when it was loaded under a lease of the caller's (``ReaderLease``).
    """
    import duckdb

    lease = ReaderLease(warehouse)
    try:
        manifest = manifest or Manifest.load(warehouse)
        connection = duckdb.connect(":memory:")
        for name, state in sorted(manifest.datasets.items()):
            files = [warehouse / f for f in state.files]
            for file in files:
                _check_part(file, name)
            paths = ", ".join(quote_literal(str(f)) for f in files)
            where = f" WHERE la_code = {quote_literal(la_code)}" if la_code else ""
            connection.execute(
                f"CREATE VIEW {quote_identifier(name)} AS "
                f"SELECT * FROM read_parquet([{paths}]){where}"
            )
    except BaseException:
        lease.release()
        raise
    weakref.finalize(connection, lease.release)
    return connection


def _check_part(path: Path, dataset: str) -> None:
    """A part that is missing or whose footer cannot be read: a clear error now, rather
    than a DuckDB error in the middle of a query."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        pq.read_metadata(path)
    except (OSError, pa.ArrowException):
        raise damaged_part(path, dataset) from None


def quote_literal(text: str) -> str:
    """A SQL string literal."""
    return "'" + text.replace("'", "''") + "'"


def quote_identifier(name: str) -> str:
    """A SQL identifier (a view or column name), whatever characters it holds."""
    return '"' + name.replace('"', '""') + '"'
