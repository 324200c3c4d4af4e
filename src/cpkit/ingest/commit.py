"""A batch of ingested tables, committed to the warehouse together or not at all."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from cpkit import __version__
from cpkit.csvcells import safe_table
from cpkit.datasets import HeaderMatch
from cpkit.errors import InputError
from cpkit.formatting import quantity
from cpkit.ingest.ids import IdChecker, check_key
from cpkit.ingest.pipeline import IngestContext, TableOutcome, process_table
from cpkit.ingest.readers import SheetSource
from cpkit.ingest.report import FileSummary, IngestReport
from cpkit.ingest.validate import YearHint
from cpkit.ingest.wordings import settings_fingerprint, workspace_vocabulary
from cpkit.ingest.years import check_year_replacements
from cpkit.periods import FinancialYear
from cpkit.privacy import key_fingerprint
from cpkit.warehouse import (
    ISSUES_DIR,
    IngestRecord,
    Manifest,
    Replacement,
    commit,
    read_dataset,
    write_parquet,
    writing,
)
from cpkit.warehouse.forget import quarantine_csv_name, rows_absent
from cpkit.workspace import Workspace


@dataclass
class _Pending:
    outcome: TableOutcome
    record: IngestRecord


class NoDataRows(InputError):
    """A table with a header row and nothing under it (a workbook may skip such a sheet)."""


class Batch:
    """Collects outcomes for one ``cpkit ingest`` run; ``finish`` commits them at once."""

    def __init__(
        self,
        workspace: Workspace,
        today: dt.date,
        ingest_id: str,
        replace: bool = False,
        replace_year: bool = False,
    ) -> None:
        self.workspace = workspace
        self.settings = workspace.settings
        self.key = workspace.secret()
        self.today = today
        self.ingest_id = ingest_id
        self.replace = replace
        self.replace_year = replace_year  # confirmed: a much smaller SSDA903 year may replace
        self.manifest = Manifest.load(workspace.warehouse_dir)
        self.strip_zeros = self.settings.privacy.leading_zeros == "strip"
        check_key(self.manifest, self.key, workspace.warehouse_dir, self.strip_zeros)
        self.ids = IdChecker(self.strip_zeros)
        self.aliases = {name: o.columns for name, o in self.settings.datasets.items()}
        self.vocabulary = workspace_vocabulary(self.settings)
        self.fingerprint = settings_fingerprint(self.vocabulary, self.aliases)
        self.pending: list[_Pending] = []
        self.summaries: list[FileSummary] = []
        self._seen: set[tuple[str, str, str | None, int | None]] = set()

    def add(
        self,
        source: SheetSource,
        header_index: int,
        match: HeaderMatch,
        sha256: str,
        collection_year: int | None,
        doubts: list[str] | None = None,
    ) -> None:
        la_code = self.settings.la.code
        dataset = match.dataset
        sheet = source.sheet
        identity = (sha256, dataset.name, sheet, collection_year)
        live = self.manifest.live_ingest(
            sha256, dataset.name, sheet, collection_year, la_code, self.fingerprint
        )
        if (live is not None and not self.replace) or identity in self._seen:
            self.summaries.append(
                FileSummary(
                    source.file.name,
                    sheet,
                    dataset.name,
                    "unchanged",
                    notes=["same content as an earlier ingest; nothing to do"],
                    collection_year=collection_year,
                )
            )
            return
        self._seen.add(identity)
        raw = source.load(header_index)
        where = source.file.name + (f" (sheet '{sheet}')" if sheet else "")
        if raw.num_rows == 0 or not any(c.null_count < len(c) for c in raw.columns):
            raise NoDataRows(
                f"{where} has a header row but no data rows",
                hint="export the extract again with its data",
            )
        context = IngestContext(
            la_code=la_code,
            key=self.key,
            ingest_id=self.ingest_id,
            today=self.today,
            collection_year=collection_year,
            vocabulary=self.vocabulary,
            strip_leading_zeros=self.strip_zeros,
        )
        outcome = process_table(raw, match, context)
        record = IngestRecord(
            ingest_id=self.ingest_id,
            file=source.file.name,
            path=str(source.file),
            sha256=sha256,
            dataset=dataset.name,
            sheet=sheet,
            collection_year=collection_year,
            header_row=outcome.header_row,
            rows_read=outcome.rows_read,
            accepted=outcome.accepted.num_rows,
            quarantined=outcome.quarantined,
            blank_rows=outcome.blank_rows,
            warnings=outcome.warnings,
            rules=dict(outcome.rule_counts("error").most_common()),
            warning_rules=dict(outcome.rule_counts("warning").most_common()),
            ignored_columns=outcome.ignored_columns,
            identifier_columns_dropped=outcome.identifier_columns,
            issues_file=None,
            la_code=la_code,
            time=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            cpkit_version=__version__,
            settings_fingerprint=self.fingerprint,
        )
        self.pending.append(_Pending(outcome, record))
        summary = _summary(outcome, record)
        summary.detected_by = match.decided_by()
        summary.doubts = list(doubts or [])
        summary.notes[:0] = getattr(source, "notes", [])  # how the text was decoded
        summary.notes += self.ids.notes(raw, match, source.file.name)
        self.summaries.append(summary)

    def note_skipped(self, source: SheetSource, reason: str) -> None:
        self.summaries.append(
            FileSummary(source.file.name, source.sheet, None, "skipped", notes=[reason])
        )

    def finish(self, strict: bool) -> IngestReport:
        quarantined = sum(p.outcome.quarantined for p in self.pending)
        doubtful = any(s.doubts for s in self.summaries)
        if strict and (quarantined or doubtful):
            return IngestReport(self.summaries, committed=False, strict_failed=True)
        if not self.pending:
            return IngestReport(self.summaries, committed=False)
        warehouse = self.workspace.warehouse_dir
        # Ctrl-C or SIGTERM anywhere in here leaves the warehouse as it was or as committed,
        # and the message says which
        with writing(warehouse, self.ingest_id, done="the ingest was saved to the warehouse"):
            self._commit(warehouse)
            for pending, summary in zip(self.pending, _ingested(self.summaries), strict=True):
                summary.issues_file = _export_quarantine(self.workspace, pending)
        return IngestReport(self.summaries, committed=True, ingest_id=self.ingest_id)

    def _commit(self, warehouse: Path) -> None:
        manifest = Manifest.load(warehouse)  # under the lock: the state this commit builds on
        check_key(manifest, self.key, warehouse, self.strip_zeros)
        for pending in self.pending:
            pending.record.issues_file = _write_issues(warehouse / ISSUES_DIR, pending)
        replacements = [
            Replacement(
                p.outcome.dataset.name,
                p.outcome.accepted,
                p.outcome.dataset.key,
                p.outcome.dataset.replaces_by,
                p.outcome.columns_present,
                complete=self.replace and p.outcome.dataset.replaces_by == "key",
            )
            for p in self.pending
            if p.outcome.accepted.num_rows
        ]
        if self.replace:
            self._note_removed(warehouse, manifest, replacements)
        check_year_replacements(
            warehouse,
            manifest,
            [p.outcome for p in self.pending],
            _ingested(self.summaries),
            confirmed=self.replace_year,
        )
        commit(
            warehouse,
            replacements,
            [p.record for p in self.pending],
            self.ingest_id,
            key_fingerprint=key_fingerprint(self.key, self.strip_zeros),
        )

    def _note_removed(
        self, warehouse: Path, manifest: Manifest, replacements: list[Replacement]
    ) -> None:
        """Say, per table, what ``--replace`` removes (rows whose keys the file lacks)."""
        import pyarrow as pa

        ingested = _ingested(self.summaries)
        for pending, summary in zip(self.pending, ingested, strict=True):
            dataset = pending.outcome.dataset
            if dataset.replaces_by != "key":
                summary.notes.append(
                    "--replace: an SSDA903 file replaces its whole collection year anyway"
                )
            elif not pending.outcome.accepted.num_rows:
                summary.notes.append("--replace: no row accepted, so nothing was replaced")
        for name in sorted({r.dataset for r in replacements if r.complete}):
            group = [r for r in replacements if r.dataset == name]
            new = pa.concat_tables([r.rows.select(["la_code", *r.key]) for r in group])
            removed = rows_absent(read_dataset(warehouse, manifest, name), new, group[0].key)
            for pending, summary in zip(self.pending, ingested, strict=True):
                if pending.outcome.dataset.name == name:
                    summary.notes.append(
                        f"--replace: {removed} row{'s' if removed != 1 else ''} of {name} "
                        "not in this extract removed"
                    )
                    break


def _ingested(summaries: list[FileSummary]) -> list[FileSummary]:
    return [s for s in summaries if s.status == "ingested"]


def _summary(outcome: TableOutcome, record: IngestRecord) -> FileSummary:
    notes = []
    if outcome.header_row > 1:
        notes.append(f"header found in row {outcome.header_row}")
    if outcome.blank_rows:
        notes.append(f"{quantity(outcome.blank_rows, 'blank row')} ignored")
    if outcome.identifier_columns:
        notes.append(
            f"{quantity(len(outcome.identifier_columns), 'direct-identifier column')} "
            "never stored: " + ", ".join(outcome.identifier_columns)
        )
    if outcome.ignored_columns:
        notes.append("columns not used: " + ", ".join(outcome.ignored_columns))
    if outcome.year_hint is not None and record.collection_year is not None:
        notes.append(_year_note(outcome.year_hint, record.collection_year))
    notes += outcome.notes
    counts = Counter(record.rules)
    return FileSummary(
        record.file,
        record.sheet,
        record.dataset,
        "ingested",
        rows_read=record.rows_read,
        accepted=record.accepted,
        quarantined=record.quarantined,
        blank_rows=record.blank_rows,
        warnings=record.warnings,
        top_reasons=counts.most_common(3),
        warning_reasons=Counter(record.warning_rules).most_common(),
        notes=notes,
        collection_year=record.collection_year,
        unmapped=outcome.unmapped,
    )


def _year_note(hint: YearHint, given: int) -> str:
    """Most dates say another collection year: suggest it (files are often named by the
    year the return starts, cpkit reads a single year as the year it ends)."""
    stated = FinancialYear.from_collection_year(given).label
    likely = FinancialYear.from_collection_year(hint.likely).label
    if hint.what:  # ages: OC3 young people too young or too old for the year given
        return (
            f"{hint.outside} of {hint.dated} {hint.what} for collection year {given} "
            f"({stated}); they fit {likely}: if this is the {hint.likely} return, ingest it "
            f"with --collection-year {hint.likely}"
        )
    return (
        f"{hint.outside} of {hint.dated} {hint.column.upper()} dates are outside collection "
        f"year {given} ({stated}), most in {likely}: if this is the {hint.likely} return, "
        f"ingest it with --collection-year {hint.likely}"
    )


def _write_issues(issues_dir: Path, pending: _Pending) -> str | None:
    if not pending.outcome.issues.num_rows:
        return None
    issues_dir.mkdir(parents=True, exist_ok=True)
    sheet = f"-{pending.record.sheet}" if pending.record.sheet else ""
    name = (
        f"{pending.record.ingest_id}-{pending.record.dataset}{sheet}-"
        f"{pending.record.sha256[:8]}.parquet"
    )
    write_parquet(pending.outcome.issues, issues_dir / name)
    return f"{ISSUES_DIR}/{name}"


def _export_quarantine(workspace: Workspace, pending: _Pending) -> str | None:
    """The issues of one file as CSV in quarantine/, for opening in Excel."""
    import pyarrow.csv as pacsv

    if not pending.outcome.issues.num_rows:
        return None
    folder = workspace.quarantine_dir
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / quarantine_csv_name(pending.record)
    pacsv.write_csv(safe_table(pending.outcome.issues), path)  # no formulas run in Excel
    return str(path.relative_to(workspace.root))
