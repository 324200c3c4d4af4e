"""``cpkit repair``: a damaged warehouse back to a consistent state, keeping what is intact.

What can be damaged, and what repair does about it (all in one commit, like an ingest):

- The manifest (edited by hand, truncated by a full disk): rebuilt from the Parquet parts
  on disk. For each dataset the newest readable part is taken; its rows say which ingests
  (id, file, sheet, collection year) they came from, and the issue tables of those ingests
  give back their quarantined rows and rules. File hashes are not recoverable (an ingest of
  the same file later reads it again rather than skipping it).
- A dataset's Parquet part (missing, or not readable to the end): the dataset is set aside
  (taken out of the manifest, its ingests marked superseded) and the extracts to ingest
  again are listed. Other datasets are kept exactly as they were.
- An ingest's issue table: restored from its quarantine CSV when that is intact, else the
  ingest keeps its counts but loses its row list (said so).
- A quarantine CSV: written again from the issue table.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cpkit import __version__
from cpkit.errors import WorkspaceError
from cpkit.warehouse import (
    ISSUES_DIR,
    DatasetState,
    IngestRecord,
    Manifest,
    collect_garbage,
    write_parquet,
    writing,
)
from cpkit.warehouse.forget import quarantine_csv_name

if TYPE_CHECKING:
    import pyarrow as pa


@dataclass
class RepairReport:
    manifest_rebuilt: bool = False
    kept: list[str] = field(default_factory=list)  # datasets found intact
    set_aside: list[str] = field(default_factory=list)  # datasets taken out
    to_ingest_again: list[IngestRecord] = field(default_factory=list)
    issues_restored: list[str] = field(default_factory=list)  # from quarantine CSVs
    issues_lost: list[str] = field(default_factory=list)
    quarantine_rewritten: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(
            self.manifest_rebuilt
            or self.set_aside
            or self.issues_restored
            or self.issues_lost
            or self.quarantine_rewritten
        )


def repair(warehouse: Path, quarantine: Path, repair_id: str) -> RepairReport:
    """Check every file the warehouse is made of and mend what can be mended."""
    report = RepairReport()
    with writing(warehouse, repair_id, done="the repaired manifest was saved"):
        try:
            manifest = Manifest.load(warehouse)
        except WorkspaceError:
            manifest = rebuild_manifest(warehouse)
            report.manifest_rebuilt = True
        for name in sorted(manifest.datasets):
            if _intact(warehouse, manifest.datasets[name]):
                report.kept.append(name)
            else:
                _set_aside(manifest, name, report)
        for record in manifest.ingests:
            if not record.superseded and record.issues_file:
                _check_issues(warehouse, quarantine, record, report)
        if report.changed:
            manifest.commit_id = repair_id
            manifest.save(warehouse)
        collect_garbage(warehouse, manifest)
    return report


def _intact(warehouse: Path, state: DatasetState) -> bool:
    import pyarrow as pa
    import pyarrow.parquet as pq

    rows = 0
    for relative in state.files:
        try:
            rows += pq.read_table(warehouse / relative).num_rows  # every page, not the footer
        except (OSError, pa.ArrowException):
            return False
    return rows == state.rows


def _set_aside(manifest: Manifest, name: str, report: RepairReport) -> None:
    del manifest.datasets[name]
    report.set_aside.append(name)
    for record in manifest.ingests:
        if record.dataset == name and not record.superseded:
            record.superseded = True
            if record.accepted:
                report.to_ingest_again.append(record)


def _check_issues(
    warehouse: Path, quarantine: Path, record: IngestRecord, report: RepairReport
) -> None:
    import pyarrow as pa
    import pyarrow.csv as pacsv
    import pyarrow.parquet as pq

    from cpkit.csvcells import safe_table
    from cpkit.ingest.pipeline import ISSUE_SCHEMA

    path = warehouse / (record.issues_file or "")
    exported = quarantine / quarantine_csv_name(record)
    try:
        issues = pq.read_table(path)
    except (OSError, pa.ArrowException):
        try:
            options = pacsv.ConvertOptions(column_types=ISSUE_SCHEMA, strings_can_be_null=True)
            issues = _unescaped(pacsv.read_csv(exported, convert_options=options))
            write_parquet(issues.select(ISSUE_SCHEMA.names).cast(ISSUE_SCHEMA), path)
            report.issues_restored.append(record.file)
        except (OSError, pa.ArrowException, KeyError):
            record.issues_file = None
            report.issues_lost.append(record.file)
        return
    if not exported.is_file() and record.sha256:
        quarantine.mkdir(parents=True, exist_ok=True)
        pacsv.write_csv(safe_table(issues), exported)
        report.quarantine_rewritten.append(exported.name)


def _unescaped(table: pa.Table) -> pa.Table:
    """The quarantine CSV's text without the ``'`` that kept formulas from running."""
    import pyarrow as pa
    import pyarrow.compute as pc

    columns = []
    for column in table.columns:
        if pa.types.is_string(column.type):
            column = pc.replace_substring_regex(column, r"^'([=+\-@\t\r])", r"\1")
        columns.append(column)
    return pa.table(columns, names=table.column_names)


# --------------------------------------------------------------------------- rebuild


def rebuild_manifest(warehouse: Path) -> Manifest:
    """A manifest from the Parquet parts on disk (see the module docstring)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    manifest = Manifest()
    for folder in sorted(p for p in warehouse.iterdir() if p.is_dir()):
        if folder.name.startswith(("_", ".")):
            continue
        for part in sorted(folder.glob("part-*.parquet"), reverse=True):  # newest first
            try:
                table = pq.read_table(part)
            except (OSError, pa.ArrowException):
                continue
            relative = part.relative_to(warehouse).as_posix()
            now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
            present = [c for c in table.column_names if table.column(c).null_count < len(table)]
            manifest.datasets[folder.name] = DatasetState([relative], table.num_rows, present, now)
            manifest.ingests += _records_from_rows(warehouse, folder.name, table)
            break
    return manifest


def _records_from_rows(warehouse: Path, dataset: str, table: pa.Table) -> list[IngestRecord]:
    if not {"ingest_id", "source_file", "la_code"} <= set(table.column_names):
        return []
    keys = ["ingest_id", "source_file", "source_sheet", "la_code"]
    if "collection_year" in table.column_names:
        keys.append("collection_year")
    grouped = table.group_by(keys).aggregate([("ingest_id", "count")])
    return [_record(warehouse, dataset, row) for row in grouped.to_pylist()]


def _record(warehouse: Path, dataset: str, row: dict[str, Any]) -> IngestRecord:
    issues = _issue_file(warehouse, row["ingest_id"], dataset, row["source_sheet"])
    errors, rules, warnings = _issue_counts(warehouse / issues) if issues else (0, {}, 0)
    accepted = row["ingest_id_count"]
    # the issue table's name ends with the first 8 hex digits of the file's SHA-256: all of
    # the hash that survives (it names the quarantine CSV too)
    sha_prefix = issues.rsplit("-", 1)[-1].removesuffix(".parquet") if issues else ""
    return IngestRecord(
        ingest_id=row["ingest_id"],
        file=row["source_file"],
        path="",
        sha256=sha_prefix,
        dataset=dataset,
        sheet=row["source_sheet"],
        collection_year=row.get("collection_year"),
        header_row=0,
        rows_read=accepted + errors,
        accepted=accepted,
        quarantined=errors,
        blank_rows=0,
        warnings=warnings,
        rules=rules,
        warning_rules={},
        ignored_columns=[],
        identifier_columns_dropped=[],
        issues_file=issues,
        la_code=row["la_code"],
        time=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        cpkit_version=__version__,
    )


def _issue_file(warehouse: Path, ingest_id: str, dataset: str, sheet: str | None) -> str | None:
    infix = f"{ingest_id}-{dataset}" + (f"-{sheet}" if sheet else "")
    found: Iterable[Path] = sorted((warehouse / ISSUES_DIR).glob(f"{infix}-*.parquet"))
    for path in found:
        return f"{ISSUES_DIR}/{path.name}"
    return None


def _issue_counts(path: Path) -> tuple[int, dict[str, int], int]:
    """(quarantined rows, rows per rule, warnings) from an issue table."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        rows = pq.read_table(path).to_pylist()
    except (OSError, pa.ArrowException):
        return 0, {}, 0
    errors = {(r["row"], r["rule"]) for r in rows if r["severity"] == "error"}
    rules: dict[str, int] = {}
    for _, rule in errors:
        rules[rule] = rules.get(rule, 0) + 1
    warnings = sum(r["severity"] == "warning" for r in rows)
    return len({row for row, _ in errors}), rules, warnings
