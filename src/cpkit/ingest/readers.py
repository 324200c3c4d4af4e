"""Readers: CSV and spreadsheets into raw string columns, with Excel row numbers kept.

Every reader produces ``SheetSource`` objects (``cpkit.ingest.rawtable``).

CSV: ``cpkit.ingest.csvsource`` (encodings, delimiters, strict quoting).
Spreadsheets: xlsx, xlsm, xls and ods through python-calamine, with the used range checked
before calamine loads a sheet (``cpkit.ingest.extent``).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from cpkit.errors import InputError
from cpkit.ingest.csvsource import PREVIEW_ROWS, CsvSource
from cpkit.ingest.extent import Extent, check_extent, check_loaded, xlsx_extents
from cpkit.ingest.rawtable import (
    RawTable,
    SheetSource,
    cell_text,
    clean_columns,
    row_numbers,
    table_from_chunks,
    table_from_rows,
)

SPREADSHEET_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".ods"}
CSV_SUFFIXES = {".csv", ".tsv"}
READABLE_SUFFIXES = SPREADSHEET_SUFFIXES | CSV_SUFFIXES

_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
__all__ = [
    "CsvSource",
    "RawTable",
    "SheetSource",
    "cell_text",
    "clean_columns",
    "iter_input_files",
    "open_sources",
    "row_numbers",
    "table_from_rows",
]


def open_sources(path: Path, sheet: str | None = None) -> list[SheetSource]:
    """The sheets to consider in one file; a clear InputError when it is not readable."""
    if not path.exists():
        raise InputError(f"{path} does not exist", hint="check the path and file name")
    if path.is_dir():
        raise InputError(f"{path} is a folder")
    suffix = path.suffix.lower()
    if path.stat().st_size == 0:
        raise InputError(f"{path.name} is empty (0 bytes)", hint="export the extract again")
    with path.open("rb") as handle:
        head = handle.read(2048)
    if head.startswith(b"%PDF"):
        raise InputError(
            f"{path.name} is a PDF, not a spreadsheet",
            hint="export the data as CSV or XLSX instead",
        )
    if suffix in SPREADSHEET_SUFFIXES:
        return _workbook_sources(path, head, sheet)
    if suffix in CSV_SUFFIXES:
        if sheet is not None:
            raise InputError(f"--sheet was given but {path.name} is a CSV file (no sheets)")
        return [CsvSource(path)]
    raise InputError(
        f"{path.name} is not a file cpkit can read",
        hint="give CSV, XLSX, XLS or ODS files (or a folder of them)",
    )


# --------------------------------------------------------------------------- workbooks


def _workbook_sources(path: Path, head: bytes, sheet: str | None) -> list[SheetSource]:
    from python_calamine import CalamineError, CalamineWorkbook, PasswordError

    suffix = path.suffix.lower()
    if suffix in {".xlsx", ".xlsm", ".ods"} and not head.startswith(_ZIP_MAGIC):
        if head.startswith(_OLE_MAGIC):
            raise InputError(
                f"{path.name} is password-protected or encrypted",
                hint="open it in Excel, remove the password and save a copy",
            )
        raise InputError(_not_a_workbook(path, head), hint=_REEXPORT)
    if suffix == ".xls" and not head.startswith(_OLE_MAGIC):
        if head.startswith(_ZIP_MAGIC):
            raise InputError(
                f"{path.name} is an .xlsx workbook with an .xls name", hint="rename it to .xlsx"
            )
        raise InputError(_not_a_workbook(path, head), hint=_REEXPORT)
    try:
        workbook = CalamineWorkbook.from_path(str(path))
        names = list(workbook.sheet_names)
    except PasswordError:
        raise InputError(
            f"{path.name} is password-protected",
            hint="open it in Excel, remove the password and save a copy",
        ) from None
    except (CalamineError, ValueError, OSError) as exc:
        raise InputError(
            f"{path.name} is damaged or not a {suffix} workbook ({type(exc).__name__})",
            hint="open it in Excel and save it again, or export CSV",
        ) from None
    if sheet is not None:
        if sheet not in names:
            raise InputError(
                f"sheet '{sheet}' not found in {path.name}; sheets are: " + ", ".join(names),
                hint="give --sheet one of those names, or leave it out to read every sheet",
            )
        names = [sheet]
    extents = xlsx_extents(str(path)) if suffix in {".xlsx", ".xlsm"} else {}
    return [WorkbookSheetSource(path, workbook, name, extents.get(name)) for name in names]


_REEXPORT = "open it in Excel and save it as .xlsx, or export the data again as CSV"


def _not_a_workbook(path: Path, head: bytes) -> str:
    lowered = head.lstrip().lower()
    if lowered.startswith((b"<html", b"<!doctype", b"<table")):
        return f"{path.name} is a web page saved with a spreadsheet name"
    return f"{path.name} is not a {path.suffix.lower()} workbook (damaged, or another kind of file)"


class WorkbookSheetSource(SheetSource):
    """One sheet, read row by row from the first cell with a value (empty rows and columns
    before it are skipped, their numbers kept), after its used range has been checked."""

    _CHUNK = 20_000  # rows converted at a time

    def __init__(self, path: Path, workbook: Any, name: str, extent: Extent | None) -> None:
        self.file = path
        self.sheet = name
        self._workbook = workbook
        self._extent = extent
        self._loaded: Any = None
        self._preview: list[list[str | None]] | None = None

    def _sheet(self) -> Any:
        if self._loaded is None:
            from python_calamine import CalamineError

            if self._extent is not None:
                check_extent(self._extent, self.sheet or "", self.file.name)
            try:
                loaded = self._workbook.get_sheet_by_name(self.sheet)
            except (CalamineError, ValueError) as exc:
                raise InputError(
                    f"sheet '{self.sheet}' of {self.file.name} cannot be read "
                    f"({type(exc).__name__})",
                    hint="open it in Excel and save it again",
                ) from None
            if self._extent is None:
                check_loaded(
                    loaded.height, loaded.width, loaded.end, self.sheet or "", self.file.name
                )
            self._loaded = loaded
        return self._loaded

    def _origin(self) -> tuple[int, int]:
        start = self._sheet().start
        return (start[0], start[1]) if start else (0, 0)

    def _rows(self, limit: int | None = None) -> Iterator[list[Any]]:
        """The sheet's rows from its first row with a value, each padded on the left to
        column A, with Excel error values and unsaved formulas as text calamine leaves out.

        (calamine's ``iter_rows`` misplaces rows when the data does not start in row 1, so
        the rows come from ``to_python``, which skips the empty area before the data.)"""
        top, left = self._origin()
        overrides: dict[int, list[tuple[int, str]]] = {}
        for (row, column), text in (self._extent.overrides if self._extent else {}).items():
            overrides.setdefault(row, []).append((column, text))
        padding = [None] * left
        rows = self._sheet().to_python(skip_empty_area=True, nrows=limit)
        for index, row in enumerate(rows):
            cells = [*padding, *row] if left else row
            for column, text in overrides.get(top + index, ()):
                if column < len(cells):
                    cells[column] = text
            yield cells

    def preview(self) -> list[list[str | None]]:
        """The first rows with a value; the index of a row here + ``first_row`` is its
        number in Excel."""
        if self._preview is None:
            rows = self._rows(limit=PREVIEW_ROWS)
            self._preview = [[cell_text(cell) for cell in row] for row in rows]
        return self._preview

    @property
    def first_row(self) -> int:
        """The Excel row number of ``preview()[0]``."""
        return self._origin()[0] + 1

    def load(self, header_index: int) -> RawTable:
        rows = self._rows()
        header: list[Any] = []
        for _ in range(header_index + 1):
            header = next(rows, [])
        chunks = iter(lambda: list(itertools.islice(rows, self._CHUNK)), [])
        return table_from_chunks(
            self.file, self.sheet, header, self.first_row + header_index, chunks
        )


def iter_input_files(paths: Sequence[Path]) -> Iterator[Path]:
    """Files named directly, and readable files inside folders (sorted, hidden files skipped)."""
    for path in paths:
        if path.is_dir():
            found = sorted(
                p
                for p in path.rglob("*")
                if p.is_file()
                and p.suffix.lower() in READABLE_SUFFIXES
                and not any(part.startswith((".", "~$")) for part in p.relative_to(path).parts)
            )
            if not found:
                raise InputError(
                    f"folder {path} has no CSV or spreadsheet files",
                    hint="give CSV, XLSX, XLS or ODS files",
                )
            yield from found
        else:
            yield path
