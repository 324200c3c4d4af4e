"""Undo: remove everything one ingest wrote, and what ``--replace`` removes.

``forget`` takes out an ingest's rows (from every dataset it wrote to), its quarantine and
warning tables and its manifest entries, in one commit: new Parquet parts are written, then
the manifest is swapped, exactly as an ingest commits (``warehouse.writing`` removes what
an interrupted run wrote). Rows an earlier ingest had and this one replaced are not brought
back (they are no longer stored): the result names those ingests, to be ingested again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from cpkit.errors import UsageError
from cpkit.warehouse import (
    IngestRecord,
    Manifest,
    collect_garbage,
    read_dataset,
    write_part,
    writing,
)

if TYPE_CHECKING:
    import pyarrow as pa


@dataclass
class Forgotten:
    """What ``forget`` removed, and what it could not bring back."""

    records: list[IngestRecord]
    rows: dict[str, int] = field(default_factory=dict)  # dataset -> rows removed
    replaced_earlier: list[IngestRecord] = field(default_factory=list)  # to ingest again
    quarantine_files: list[str] = field(default_factory=list)  # quarantine/ CSVs to remove


def select(manifest: Manifest, target: str, sha256: str | None = None) -> list[IngestRecord]:
    """The ingest records ``target`` names: an ingest id, or a file (by its content's
    SHA-256 when the file is at hand, else by name); an error listing what there is."""
    by_id = [r for r in manifest.ingests if r.ingest_id == target]
    if by_id:
        return by_id
    name = Path(target).name
    by_file = [r for r in manifest.ingests if (sha256 and r.sha256 == sha256) or r.file == name]
    if by_file:
        return by_file
    known = sorted({r.file for r in manifest.ingests})
    import difflib

    close = difflib.get_close_matches(name, known, n=1)
    hint = f"did you mean '{close[0]}'?" if close else "'cpkit datasets' lists what is ingested"
    raise UsageError(f"nothing in the warehouse came from '{target}'", hint=hint)


def forget(
    warehouse: Path,
    target: str,
    commit_id: str,
    sha256: str | None = None,
) -> Forgotten:
    """Remove every row, issue table and manifest entry of the ingests ``target`` names."""
    with writing(warehouse, commit_id, done=f"'{target}' was forgotten"):
        manifest = Manifest.load(warehouse)
        chosen = select(manifest, target, sha256)
        result = Forgotten(chosen)
        sources = {(r.ingest_id, r.file, r.sheet) for r in chosen}
        now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        for dataset in sorted({r.dataset for r in chosen}):
            table = read_dataset(warehouse, manifest, dataset)
            if table is None:
                continue
            kept = table.filter(_not_from(table, sources))
            result.rows[dataset] = table.num_rows - kept.num_rows
            state = manifest.datasets[dataset]
            if kept.num_rows:
                state.files = [write_part(warehouse, dataset, kept, commit_id)]
                state.rows, state.updated = kept.num_rows, now
            else:
                del manifest.datasets[dataset]
        result.replaced_earlier = _replaced_earlier(manifest, chosen)
        manifest.ingests = [r for r in manifest.ingests if r not in chosen]
        result.quarantine_files = _orphaned_exports(manifest, chosen)
        manifest.commit_id = commit_id
        manifest.save(warehouse)  # the commit point
        collect_garbage(warehouse, manifest)
    return result


def _not_from(table: pa.Table, sources: set[tuple[str, str, str | None]]) -> pa.Array:
    """Rows that did not come from one of ``sources`` (ingest id, file, sheet)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    columns = ("ingest_id", "source_file", "source_sheet")
    keys = pc.binary_join_element_wise(
        *(pc.fill_null(table.column(c), "\x00") for c in columns), "\x1f"
    )
    wanted = pa.array(["\x1f".join(part or "\x00" for part in s) for s in sources], pa.string())
    return pc.invert(pc.is_in(keys, value_set=wanted))


def _replaced_earlier(manifest: Manifest, chosen: Sequence[IngestRecord]) -> list[IngestRecord]:
    """Earlier ingests of the same datasets whose rows are no longer stored (replaced,
    possibly by the ingests being forgotten): forgetting cannot restore them."""
    datasets = {r.dataset for r in chosen}
    first = min(r.time for r in chosen)
    return [
        r
        for r in manifest.ingests
        if r.superseded and r.dataset in datasets and r.time <= first and r not in chosen
    ]


def _orphaned_exports(manifest: Manifest, chosen: Sequence[IngestRecord]) -> list[str]:
    """quarantine/ CSV names of the forgotten ingests that no remaining ingest shares."""
    remaining = {quarantine_csv_name(r) for r in manifest.ingests if r.issues_file}
    return sorted({quarantine_csv_name(r) for r in chosen if r.issues_file} - remaining)


def quarantine_csv_name(record: IngestRecord) -> str:
    """The name of the CSV in quarantine/ that an ingest's issues are exported to."""
    stem = Path(record.file).stem
    sheet = f"-{record.sheet}" if record.sheet else ""
    return f"{stem}{sheet}.{record.sha256[:8]}.csv"


def rows_absent(current: pa.Table | None, new: pa.Table, key: Sequence[str]) -> int:
    """Rows of ``current`` (of the LAs in ``new``) whose key ``new`` does not hold: what
    ``cpkit ingest --replace`` removes."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if current is None or not current.num_rows:
        return 0
    las = pc.unique(new.column("la_code"))
    mine = current.filter(pc.is_in(current.column("la_code"), value_set=las.cast(pa.string())))
    keys = ["la_code", *key]
    return mine.select(keys).join(new.select(keys), keys=keys, join_type="left anti").num_rows
