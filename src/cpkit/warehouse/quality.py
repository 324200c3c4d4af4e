"""Data quality of the warehouse as it is now: ``cpkit validate``.

Only what is still there is reported: the quarantined rows of each file's latest ingest
(an extract ingested again, or forgotten, no longer counts), and warnings on rows the
warehouse still holds (a row a newer extract replaced has gone, and its warning with it).
Issues name where to look (file, sheet, row, column), never a personal value; the code-list
wordings no code matched are shown with their row counts, since they are labels.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from cpkit.warehouse import connect, quote_identifier
from cpkit.warehouse.manifest import IngestRecord, Manifest


@dataclass
class QualityFinding:
    dataset: str
    severity: str
    rule: str
    rows: int
    examples: list[str] = field(default_factory=list)  # row references, never values
    message: str = ""


@dataclass
class Wordings:
    """Wordings of one column that no code matched, with distinct rows, over all files."""

    dataset: str
    column: str
    severity: str  # "error": the rows were quarantined; "warning": kept, value not recorded
    counts: dict[str, int] = field(default_factory=dict)


def quality_report(warehouse: Path, dataset: str | None = None) -> list[QualityFinding]:
    """Quarantined rows and warnings, by dataset, severity and rule, most rows first."""
    grouped: dict[tuple[str, str, str], QualityFinding] = {}
    seen: dict[tuple[str, str, str], set[tuple[str, str | None, int]]] = defaultdict(set)
    for issue in current_issues(warehouse, dataset):
        key = (issue["dataset"], issue["severity"], issue["rule"])
        finding = grouped.setdefault(key, QualityFinding(*key, rows=0, message=issue["message"]))
        ref = (issue["file"], issue["sheet"], issue["row"])
        if ref in seen[key]:
            continue
        seen[key].add(ref)
        finding.rows += 1
        if len(finding.examples) < 3:
            finding.examples.append(row_reference(issue))
    order = {"error": 0, "warning": 1}
    return sorted(grouped.values(), key=lambda f: (f.dataset, order[f.severity], -f.rows, f.rule))


def unmapped_wordings(warehouse: Path, dataset: str | None = None) -> list[Wordings]:
    """Per dataset and column, the wordings no code matched and how many rows hold them."""
    grouped: dict[tuple[str, str, str], Wordings] = {}
    seen: set[tuple[str, str, str, str, str | None, int]] = set()
    for issue in current_issues(warehouse, dataset):
        if issue.get("wording") is None:
            continue
        key = (issue["dataset"], issue["column"], issue["severity"])
        ref = (*key, issue["file"], issue["sheet"], issue["row"])
        if ref in seen:
            continue
        seen.add(ref)
        found = grouped.setdefault(key, Wordings(*key))
        found.counts[issue["wording"]] = found.counts.get(issue["wording"], 0) + 1
    return [grouped[k] for k in sorted(grouped)]


def current_issues(warehouse: Path, dataset: str | None = None) -> Iterator[dict]:
    """Every issue that still describes the warehouse (see the module docstring)."""
    import pyarrow.parquet as pq

    manifest = Manifest.load(warehouse)
    records = [
        r
        for r in manifest.ingests
        if r.issues_file and not r.superseded and (dataset is None or r.dataset == dataset)
    ]
    latest = _latest_of_each_file(manifest)
    live = _live_rows(warehouse, manifest, [r for r in records if r.warnings])
    for record in records:
        path = warehouse / record.issues_file  # type: ignore[operator]
        if not path.exists():
            continue
        rows = live.get(record.ingest_id, {}).get((record.file, record.sheet), set())
        for issue in pq.read_table(path).to_pylist():
            if issue["severity"] == "error" and record is not latest.get(_identity(record)):
                continue  # the file was ingested again since: these rows are its past
            if issue["severity"] == "warning" and issue["row"] not in rows:
                continue  # the row has been replaced or removed since
            yield issue


def _identity(record: IngestRecord) -> tuple[str, str | None, str, str]:
    return (record.file, record.sheet, record.dataset, record.la_code)


def _latest_of_each_file(
    manifest: Manifest,
) -> dict[tuple[str, str | None, str, str], IngestRecord]:
    """The newest ingest of each file name, sheet, dataset and LA."""
    latest: dict[tuple[str, str | None, str, str], IngestRecord] = {}
    for record in manifest.ingests:  # in the order they were ingested
        latest[_identity(record)] = record
    return latest


def _live_rows(
    warehouse: Path, manifest: Manifest, records: list[IngestRecord]
) -> dict[str, dict[tuple[str, str | None], set[int]]]:
    """Source rows still stored, per ingest id and (file, sheet), for ``records``."""
    found: dict[str, dict[tuple[str, str | None], set[int]]] = defaultdict(dict)
    datasets = sorted({r.dataset for r in records if r.dataset in manifest.datasets})
    if not datasets:
        return found
    ids = sorted({r.ingest_id for r in records})
    connection = connect(warehouse, manifest=manifest)
    try:
        for name in datasets:
            rows = connection.execute(
                "SELECT ingest_id, source_file, source_sheet, list(source_row) FROM "
                f"{quote_identifier(name)} WHERE ingest_id IN (SELECT unnest(?)) GROUP BY ALL",
                [ids],
            ).fetchall()
            for ingest_id, file, sheet, numbers in rows:
                found[ingest_id][(file, sheet)] = set(numbers)
    finally:
        connection.close()
    return found


def row_reference(issue: dict) -> str:
    """file.xlsx!Sheet row 14 col D (referral_date): where to look, not what is there."""
    where = issue["file"] + (f"!{issue['sheet']}" if issue["sheet"] else "")
    column = f" col {issue['column_letter']}" if issue.get("column_letter") else ""
    return f"{where} row {issue['row']}{column} ({issue['column']})"
