"""Ingest: extracts (CSV, XLSX, XLS, ODS) into validated, pseudonymised Parquet.

``ingest_paths`` is the library entry point behind ``cpkit ingest``. A run reads every file,
finds each table's header and dataset, validates and pseudonymises the rows, and then
commits all files to the warehouse at once, or nothing at all.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path

from cpkit.datasets import Dataset, HeaderMatch, find_header, get_dataset, rank_datasets
from cpkit.datasets.detection import doubts, hinted
from cpkit.errors import InputError, UsageError
from cpkit.ingest.commit import Batch, NoDataRows
from cpkit.ingest.parallel import PARALLEL_BYTES, in_background
from cpkit.ingest.readers import (
    PREVIEW_ROWS,
    READABLE_SUFFIXES,
    SheetSource,
    iter_input_files,
    open_sources,
)
from cpkit.ingest.report import FileSummary, IngestReport
from cpkit.periods import parse_collection_year
from cpkit.warehouse.forget import Forgotten
from cpkit.workspace import Workspace

__all__ = ["FileSummary", "Forgotten", "IngestReport", "find_header", "forget", "ingest_paths"]


def new_ingest_id(now: dt.datetime | None = None) -> str:
    """Sortable and unique: the UTC time of the run and a random suffix."""
    now = now or dt.datetime.now(dt.UTC)
    return f"{now:%Y%m%dT%H%M%S}-{secrets.token_hex(3)}"


def ingest_paths(
    workspace: Workspace,
    paths: Sequence[Path | str],
    *,
    dataset: str | None = None,
    sheet: str | None = None,
    collection_year: int | None = None,
    strict: bool = False,
    today: dt.date | None = None,
    on_file: Callable[[Path], None] | None = None,
    replace: bool = False,
    replace_year: bool = False,
) -> IngestReport:
    """Ingest files and folders into the workspace's warehouse (all or nothing).

    Every file is read before anything is written, so that a run with several files cpkit
    cannot use reports all of them at once. With ``replace`` each file is the complete
    current list of its dataset: rows whose keys it does not hold are removed.
    """
    forced = get_dataset(dataset) if dataset else None
    if collection_year is not None and not 1990 < collection_year < 2100:
        raise UsageError(
            f"--collection-year {collection_year} is not a plausible year",
            hint="give the year the return ends, e.g. 2024 for 2023-24",
        )
    files, others = _data_files([Path(p) for p in paths])
    batch = Batch(
        workspace,
        today=today or dt.date.today(),
        ingest_id=new_ingest_id(),
        replace=replace,
        replace_year=replace_year,
    )
    for other in others:
        what = "a folder with no" if other.is_dir() else "not a"
        batch.summaries.append(
            FileSummary(
                other.name, None, None, "skipped", notes=[f"{what} CSV or spreadsheet file"]
            )
        )
    failures: list[tuple[Path, InputError]] = []
    for path in files:
        if on_file:
            on_file(path)
        try:
            _ingest_file(batch, path, forced, sheet, collection_year)
        except InputError as error:
            failures.append((path, error))
    if failures:
        raise _not_ingested(failures)
    return batch.finish(strict=strict)


def _not_ingested(failures: list[tuple[Path, InputError]]) -> InputError:
    """One error for every file a run could not use (nothing was written)."""
    if len(failures) == 1:
        return failures[0][1]
    listed = "; ".join(f"({n}) {error.message}" for n, (_, error) in enumerate(failures, 1))
    hints = list(dict.fromkeys(error.hint for _, error in failures if error.hint))
    return InputError(
        f"{len(failures)} files could not be ingested, so nothing was written: {listed}",
        hint="; ".join(hints) if hints else None,
    )


def forget(workspace: Workspace, target: str) -> Forgotten:
    """Remove everything the ingests of a file (by its content when it is at hand, else by
    name) or of one ingest id wrote: rows, issue tables, manifest entries (one commit),
    then the file's quarantine/ CSVs."""
    from cpkit.warehouse.forget import forget as forget_ingests

    path = Path(target)
    sha256 = _sha256(path) if path.is_file() else None
    result = forget_ingests(workspace.warehouse_dir, target, new_ingest_id(), sha256)
    for name in result.quarantine_files:
        (workspace.quarantine_dir / name).unlink(missing_ok=True)
    return result


def _data_files(paths: list[Path]) -> tuple[list[Path], list[Path]]:
    """The files to read, and files named alongside them that are plainly not data.

    ``cpkit ingest data/sample/*`` names a README and scripts too: those are skipped with a
    note. A non-data file named on its own (or with only other non-data files) is an error.
    """
    files: list[Path] = []
    others: list[Path] = []
    first_error: InputError | None = None
    for path in paths:
        if path.exists() and not path.is_dir() and path.suffix.lower() not in READABLE_SUFFIXES:
            others.append(path)
            continue
        try:
            files += iter_input_files([path])
        except InputError as error:
            if not path.is_dir():
                raise
            others.append(path)  # a folder without data beside other inputs: skipped
            first_error = first_error or error
    if not files:
        if first_error is not None:
            raise first_error
        open_sources(others[0])  # raises the clear error for that file
    return files, others


def _ingest_file(
    batch: Batch, path: Path, forced: Dataset | None, sheet: str | None, collection_year: int | None
) -> None:
    """Every sheet of one file that holds a dataset; the others are skipped, saying why.

    A file in which nothing is usable is an error: a header with no rows under it, or no
    recognisable header at all.
    """
    big = path.is_file() and path.stat().st_size >= PARALLEL_BYTES
    digest = in_background(partial(_sha256, path), big)  # hashed while it is opened
    sources = open_sources(path, sheet)
    sha256 = digest.result()
    recognised = 0
    skipped: list[tuple[SheetSource, HeaderMatch | None]] = []
    header_only: list[tuple[SheetSource, NoDataRows]] = []
    for source in sources:
        hints = hinted([path.stem, source.sheet])
        preview = source.preview()
        found, closest = find_header(preview, forced, batch.aliases, hints)
        if found is None:
            skipped.append((source, closest))
            continue
        header_index, match = found
        year = _collection_year(match.dataset, path, collection_year)
        doubted = [] if forced else doubts(match, preview[header_index], batch.aliases, hints)
        try:
            batch.add(source, header_index, match, sha256, year, doubted)
        except NoDataRows as empty:
            header_only.append((source, empty))
            continue
        recognised += 1
    if not recognised:
        if header_only:
            raise header_only[0][1]
        message, hint = _unrecognised_message(path, sources, skipped, forced)
        raise InputError(message, hint=hint)
    for source, closest in skipped:
        batch.note_skipped(source, skip_reason(source, closest, forced))
    for source, _ in header_only:
        batch.note_skipped(source, "a header row but no data rows under it")


def skip_reason(source: SheetSource, closest: HeaderMatch | None, forced: Dataset | None) -> str:
    """Why a sheet holds no dataset, in a few words (never a cell value)."""
    if not any(any(cell for cell in row) for row in source.preview()):
        return "the sheet is empty"
    if forced is not None:
        missing = closest.missing_required if closest else [c.name for c in forced.required]
        return f"no header row with the columns {forced.name} needs (missing {', '.join(missing)})"
    if closest is not None and closest.columns:
        return (
            f"no complete header row in its first {PREVIEW_ROWS} rows (closest: "
            f"{closest.dataset.name}, missing {', '.join(closest.missing_required)})"
        )
    return f"no known column names in its first {PREVIEW_ROWS} rows"


def _unrecognised_message(
    path: Path,
    sources: list[SheetSource],
    skipped: list[tuple[SheetSource, HeaderMatch | None]],
    forced: Dataset | None,
) -> tuple[str, str]:
    """(message, hint) for a file in which no sheet holds a recognisable dataset."""
    if all(not any(any(c for c in row) for row in s.preview()) for s in sources):
        return f"{path.name} has no data (every row is empty)", "export the extract again"
    where = path.name
    if len(sources) > 1:
        where += f" (sheets: {', '.join(str(s.sheet) for s in sources)})"
    closest = [m for _, m in skipped if m is not None]
    closest.sort(key=lambda m: m.score(), reverse=True)
    if forced is not None:
        missing = closest[0].missing_required if closest else [c.name for c in forced.required]
        return (
            f"{where} does not have the columns {forced.name} needs: missing {', '.join(missing)}",
            f"add header aliases under [datasets.{forced.name}.columns] in cpkit.toml",
        )
    if closest and closest[0].columns:
        ranked = rank_datasets(_best_row(sources), None)
        hints = "; ".join(
            f"{m.dataset.name} (missing {', '.join(m.missing_required)})"
            for m in ranked[:3]
            if m.columns
        )
        return (
            f"{where}: no dataset recognised from its headers; closest: {hints}",
            "rename the headers, add aliases in cpkit.toml, or use --dataset NAME",
        )
    return (
        f"{where}: no dataset recognised from its headers (no known column names in the "
        f"first {PREVIEW_ROWS} rows)",
        "see 'cpkit datasets --all' for the datasets and their columns",
    )


def _best_row(sources: list[SheetSource]) -> list[str | None]:
    best: list[str | None] = []
    best_score = (-1, -1, 0)
    for source in sources:
        for row in source.preview():
            if not any(row):
                continue
            score = rank_datasets(row)[0].score()
            if score > best_score:
                best, best_score = row, score
    return best


def _collection_year(dataset: Dataset, path: Path, explicit: int | None) -> int | None:
    if dataset.family != "ssda903":
        return None
    if explicit is not None:
        return explicit
    year = parse_collection_year(path.stem)
    if year is None:
        raise InputError(
            f"cannot tell which SSDA903 collection year {path.name} belongs to",
            hint="pass --collection-year YYYY (the year the return ends, e.g. 2024 for 2023-24) "
            "or put the year in the file name",
        )
    return year


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
