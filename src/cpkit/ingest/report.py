"""What an ingest run did, file by file (printed by the CLI, returned by the library)."""

from __future__ import annotations

from dataclasses import dataclass, field

from cpkit.ingest.wordings import UnmappedColumn


@dataclass
class FileSummary:
    file: str
    sheet: str | None
    dataset: str | None
    status: str  # "ingested", "unchanged" or "skipped"
    rows_read: int = 0
    accepted: int = 0
    quarantined: int = 0
    blank_rows: int = 0
    warnings: int = 0
    top_reasons: list[tuple[str, int]] = field(default_factory=list)  # quarantine rules
    warning_reasons: list[tuple[str, int]] = field(default_factory=list)  # rows kept, flagged
    notes: list[str] = field(default_factory=list)
    collection_year: int | None = None
    issues_file: str | None = None
    unmapped: list[UnmappedColumn] = field(default_factory=list)  # wordings no code matched
    detected_by: str | None = None  # which columns decided the dataset
    doubts: list[str] = field(default_factory=list)  # reasons to doubt the dataset chosen


@dataclass
class IngestReport:
    files: list[FileSummary]
    committed: bool
    strict_failed: bool = False
    ingest_id: str | None = None  # set when committed: 'cpkit forget ID' undoes the run

    @property
    def rows_read(self) -> int:
        return sum(f.rows_read for f in self.files)

    @property
    def accepted(self) -> int:
        return sum(f.accepted for f in self.files)

    @property
    def quarantined(self) -> int:
        return sum(f.quarantined for f in self.files)

    @property
    def doubtful(self) -> list[FileSummary]:
        """Tables whose dataset was chosen with doubts (see ``FileSummary.doubts``)."""
        return [f for f in self.files if f.doubts]

    @property
    def unmapped(self) -> list[UnmappedColumn]:
        return [u for f in self.files for u in f.unmapped]
