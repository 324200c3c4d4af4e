"""The warehouse manifest: which Parquet files are current, and the ingest log.

``warehouse/_manifest.json`` is the commit point of the warehouse. Parquet files are written
under new names first; only when every file is on disk is the manifest replaced (an atomic
``os.replace``). A crash or Ctrl-C before that leaves the old manifest, which still names
the old files: the previous state, intact. Files no manifest names are removed next time.
"""

from __future__ import annotations

import json
import os
import weakref
from dataclasses import asdict, dataclass, field
from pathlib import Path

from cpkit import __version__
from cpkit.errors import WorkspaceError

MANIFEST_NAME = "_manifest.json"
ISSUES_DIR = "_issues"  # per-ingest issue tables, named by their ingest records
FORMAT = 1


@dataclass
class IngestRecord:
    """One file (or sheet) ingested: what it was, what came of it."""

    ingest_id: str
    file: str
    path: str
    sha256: str
    dataset: str
    sheet: str | None
    collection_year: int | None
    header_row: int
    rows_read: int
    accepted: int
    quarantined: int
    blank_rows: int
    warnings: int
    rules: dict[str, int]
    warning_rules: dict[str, int]
    ignored_columns: list[str]
    identifier_columns_dropped: list[str]
    issues_file: str | None
    la_code: str
    time: str
    cpkit_version: str = __version__
    superseded: bool = False
    # the settings that shape how cells are read ([codes], aliases, themes, programmes, LA):
    # the same file read under other settings is read again, not "unchanged"
    settings_fingerprint: str | None = None


@dataclass
class DatasetState:
    files: list[str]  # relative to the warehouse folder
    rows: int
    columns_present: list[str]
    updated: str


@dataclass
class Manifest:
    datasets: dict[str, DatasetState] = field(default_factory=dict)
    ingests: list[IngestRecord] = field(default_factory=list)
    format: int = FORMAT
    cpkit_version: str = __version__
    commit_id: str | None = None  # the id of the commit that wrote this manifest
    key_fingerprint: str | None = None  # which workspace key pseudonymised the ids

    @classmethod
    def load(cls, warehouse: Path) -> Manifest:
        """The manifest on disk, validated (an edited or truncated one is a clear error:
        its names end up in SQL and file paths, so nothing in it is taken on trust)."""
        from cpkit.warehouse.lock import ReaderLease

        # a reader lease from before the manifest is read for as long as this object lives:
        # no writer deletes the files it names meanwhile (see warehouse.lock)
        lease = ReaderLease(warehouse)
        manifest = cls._read(warehouse)
        weakref.finalize(manifest, lease.release)
        return manifest

    @classmethod
    def _read(cls, warehouse: Path) -> Manifest:
        from cpkit.warehouse.checks import parse_manifest

        path = warehouse / MANIFEST_NAME
        try:
            text = path.read_bytes().decode("utf-8")
        except FileNotFoundError:
            return cls()
        except (OSError, UnicodeDecodeError) as exc:
            detail = getattr(exc, "strerror", None) or "not UTF-8 text"
            raise damaged_manifest(path, detail) from None
        try:
            return parse_manifest(json.loads(text))
        except ValueError as exc:  # json.JSONDecodeError is a ValueError
            raise damaged_manifest(path, str(exc)) from None

    def save(self, warehouse: Path) -> None:
        """Atomically replace the manifest (the commit point)."""
        from cpkit.warehouse import write_failed

        warehouse.mkdir(parents=True, exist_ok=True)
        path = warehouse / MANIFEST_NAME
        temporary = warehouse / f".{MANIFEST_NAME}.{os.getpid()}.tmp"
        data = {
            "format": self.format,
            "cpkit_version": __version__,
            "commit_id": self.commit_id,
            "key_fingerprint": self.key_fingerprint,
            "datasets": {k: asdict(v) for k, v in sorted(self.datasets.items())},
            "ingests": [asdict(r) for r in self.ingests],
        }
        try:
            with temporary.open("w", encoding="utf-8") as handle:
                json.dump(data, handle, indent=1)
                handle.flush()
                os.fsync(handle.fileno())
        except OSError as exc:
            temporary.unlink(missing_ok=True)
            raise write_failed(path, exc) from None
        os.replace(temporary, path)

    def live_ingest(
        self,
        sha256: str,
        dataset: str,
        sheet: str | None,
        collection_year: int | None,
        la_code: str,
        settings_fingerprint: str | None = None,
    ) -> IngestRecord | None:
        """The current ingest of this exact content (read under the same settings, when
        ``settings_fingerprint`` is given), if there is one."""
        for record in reversed(self.ingests):
            if (
                record.sha256,
                record.dataset,
                record.sheet,
                record.collection_year,
                record.la_code,
            ) == (sha256, dataset, sheet, collection_year, la_code):
                if record.superseded:
                    return None
                same = settings_fingerprint in (None, record.settings_fingerprint)
                return record if same else None
        return None

    @property
    def is_empty(self) -> bool:
        return not self.datasets and not self.ingests

    def referenced_files(self) -> set[str]:
        """Every file the warehouse is made of: dataset parts and ingest issue tables."""
        parts = {f for state in self.datasets.values() for f in state.files}
        return parts | {r.issues_file for r in self.ingests if r.issues_file}


def damaged_manifest(path: Path, detail: str) -> WorkspaceError:
    return WorkspaceError(
        f"the warehouse manifest {path} is damaged ({detail})",
        hint="run 'cpkit repair': it rebuilds the manifest from the intact Parquet files "
        "and says which extracts to ingest again",
    )
