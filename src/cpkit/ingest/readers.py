"""Readers: CSV and spreadsheets into raw string columns, with Excel row numbers kept.

Every reader produces ``SheetSource`` objects. A source can show its first rows (to find the
header row, which may sit below title rows) and then load everything below the header as
pyarrow string arrays, with the 1-based row number Excel would show for each row.

CSV: UTF-8, UTF-8 with BOM or Windows-1252; comma, semicolon, tab or pipe; quoted newlines.
Clean files take pyarrow's multi-threaded reader; files with blank lines, title rows or ragged
rows take Python's csv module so that row numbers stay exact.
Spreadsheets: xlsx, xlsm, xls and ods through python-calamine.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cpkit.errors import InputError

if TYPE_CHECKING:
    import pyarrow as pa

SPREADSHEET_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".ods"}
CSV_SUFFIXES = {".csv", ".tsv"}
READABLE_SUFFIXES = SPREADSHEET_SUFFIXES | CSV_SUFFIXES
PREVIEW_ROWS = 30

_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclass
class RawTable:
    """Everything below a header row, as strings (None for an empty cell)."""

    file: Path
    sheet: str | None
    header: list[str]
    header_row: int  # 1-based row number of the header
    columns: list[pa.Array]  # one pyarrow string array per header position
    row_numbers: pa.Array  # 1-based row number of each data row
    extra_values: dict[int, int] = field(default_factory=dict)  # row index -> surplus cells

    @property
    def num_rows(self) -> int:
        return len(self.row_numbers)


class SheetSource:
    """One table-shaped thing in a file: a CSV file or one sheet of a workbook."""

    file: Path
    sheet: str | None

    def preview(self) -> list[list[str | None]]:
        raise NotImplementedError

    def load(self, header_index: int) -> RawTable:
        raise NotImplementedError


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


# --------------------------------------------------------------------------- CSV


class CsvSource(SheetSource):
    def __init__(self, path: Path) -> None:
        self.file = path
        self.sheet = None
        self._data = path.read_bytes()
        if self._data.startswith((_ZIP_MAGIC, _OLE_MAGIC)):
            raise InputError(
                f"{path.name} is a spreadsheet workbook, not CSV text",
                hint="give it its workbook name (.xlsx, .xls or .ods) or save it as CSV",
            )
        if b"\x00" in self._data[:65536]:
            raise InputError(
                f"{path.name} is a binary file, not CSV text", hint="export the data as CSV or XLSX"
            )
        self.encoding = _detect_encoding(self._data)
        self._text_sample = _decode(self._data[:262144], self.encoding, partial=True)
        self.delimiter = _detect_delimiter(self._text_sample)

    def preview(self) -> list[list[str | None]]:
        reader = csv.reader(io.StringIO(self._text_sample), delimiter=self.delimiter)
        rows: list[list[str | None]] = []
        try:
            for row in reader:
                rows.append([cell.strip() or None for cell in row])
                if len(rows) >= PREVIEW_ROWS:
                    break
        except csv.Error:
            pass  # a sample cut inside a quoted value; the rows so far suffice
        return rows

    def load(self, header_index: int) -> RawTable:
        if header_index == 0 and not _has_inner_blank_line(self._data):
            try:
                return self._load_fast()
            except _FallBack:
                pass
        return self._load_exact(header_index)

    def _load_fast(self) -> RawTable:
        """pyarrow's reader: fast, but it cannot report blank lines or ragged rows."""
        import pyarrow as pa
        import pyarrow.csv as pacsv

        preview = self.preview()
        header = [cell or "" for cell in preview[0]] if preview else []
        names = [f"c{i}" for i in range(len(header))]
        try:
            table = pacsv.read_csv(
                pa.BufferReader(self._data),  # zero-copy: no Python file reads
                read_options=pacsv.ReadOptions(
                    encoding="utf8" if self.encoding.startswith("utf") else self.encoding,
                    block_size=1 << 24,
                    column_names=names,
                    skip_rows=1,
                ),
                parse_options=pacsv.ParseOptions(
                    delimiter=self.delimiter,
                    # a newline inside a value needs quotes around it; without any quote in
                    # the file, pyarrow may split the text at every newline and read the
                    # pieces in parallel (twice as fast on a big file)
                    newlines_in_values=b'"' in self._data,
                ),
                convert_options=pacsv.ConvertOptions(
                    column_types={name: pa.string() for name in names},
                    null_values=[""],
                    strings_can_be_null=True,
                    quoted_strings_can_be_null=True,
                ),
            )
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError, UnicodeDecodeError) as exc:
            raise _FallBack from exc
        while header and not header[-1]:
            header.pop()
        columns = _clean_columns(table.columns[: len(header)])
        extra = [_as_strings(c) for c in table.columns[len(header) :]]
        if any(c.null_count < len(c) for c in extra):
            raise _FallBack  # values beyond the header: the exact reader reports those rows
        return RawTable(self.file, None, header, 1, columns, row_numbers(2, table.num_rows))

    def _load_exact(self, header_index: int) -> RawTable:
        text = _decode(self._data, self.encoding)
        records = csv.reader(io.StringIO(text, newline=""), delimiter=self.delimiter)
        try:
            rows = list(records)
        except csv.Error as exc:
            raise InputError(
                f"{self.file.name} is not valid CSV ({exc})", hint="check for an unclosed quote"
            ) from None
        return _table_from_rows(self.file, None, rows, header_index)


class _FallBack(Exception):
    """The fast CSV path cannot keep exact row numbers for this file."""


def _detect_encoding(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    if data.isascii():
        return "utf-8"  # the common case, checked without decoding the whole file
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        return "cp1252"  # what Excel writes for "CSV" on Windows in the UK


def _decode(data: bytes, encoding: str, partial: bool = False) -> str:
    errors = "ignore" if partial else "replace"
    if encoding == "cp1252":
        # cp1252 leaves five bytes undefined; latin-1 maps every byte, so fall back to it for those
        try:
            return data.decode("cp1252", errors="strict")
        except UnicodeDecodeError:
            return data.decode("latin-1")
    return data.decode(encoding, errors=errors)


def _detect_delimiter(sample: str) -> str:
    lines = [line for line in sample.splitlines()[:40] if line.strip()]
    best, best_score = ",", (0, 0)
    for delimiter in (",", ";", "\t", "|"):
        counts = [len(row) for row in csv.reader(lines, delimiter=delimiter)]
        if not counts:
            continue
        modal = max(set(counts), key=counts.count)
        score = (counts.count(modal) if modal > 1 else 0, modal)
        if score > best_score:
            best, best_score = delimiter, score
    return best


_BLANK_LINE = re.compile(rb"\n[ \t]*\r?\n")
_NOT_SPACE = re.compile(rb"[^\r\n\t ]")


def _has_inner_blank_line(data: bytes) -> bool:
    """A blank line between the first and the last line with text (searched in place: a
    copy of a large file without its outer blank lines would cost as much as the search)."""
    first = _NOT_SPACE.search(data)
    if first is None:
        return False
    end = len(data)
    while data[end - 1] in b"\r\n\t ":
        end -= 1
    return _BLANK_LINE.search(data, first.start(), end) is not None


def _as_strings(column: Any) -> pa.Array:
    import pyarrow as pa

    combined = column.combine_chunks() if isinstance(column, pa.ChunkedArray) else column
    if not pa.types.is_string(combined.type):
        combined = combined.cast(pa.string())
    return combined


def _clean_columns(columns: Sequence[Any]) -> list[pa.Array]:
    """Every column as one trimmed string array (several columns at once on a big file)."""
    from cpkit.ingest.parallel import map_columns

    rows = len(columns[0]) if columns else 0
    return map_columns(lambda column: _clean_strings(_as_strings(column)), columns, rows)


def _clean_strings(array: pa.Array) -> pa.Array:
    """Trim spaces; an empty or all-space cell becomes null."""
    import pyarrow.compute as pc

    trimmed = pc.utf8_trim_whitespace(array)
    lengths = pc.binary_length(trimmed)  # reads the offsets only, not the text
    if not pc.any(pc.equal(lengths, 0)).as_py():
        return trimmed
    return pc.if_else(pc.equal(lengths, 0), None, trimmed)


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
    return [WorkbookSheetSource(path, workbook, name) for name in names]


_REEXPORT = "open it in Excel and save it as .xlsx, or export the data again as CSV"


def _not_a_workbook(path: Path, head: bytes) -> str:
    lowered = head.lstrip().lower()
    if lowered.startswith((b"<html", b"<!doctype", b"<table")):
        return f"{path.name} is a web page saved with a spreadsheet name"
    return f"{path.name} is not a {path.suffix.lower()} workbook (damaged, or another kind of file)"


class WorkbookSheetSource(SheetSource):
    def __init__(self, path: Path, workbook: Any, name: str) -> None:
        self.file = path
        self.sheet = name
        self._workbook = workbook
        self._rows: list[list[Any]] | None = None

    def _all_rows(self) -> list[list[Any]]:
        if self._rows is None:
            from python_calamine import CalamineError

            try:
                sheet = self._workbook.get_sheet_by_name(self.sheet)
                self._rows = sheet.to_python(skip_empty_area=False)
            except (CalamineError, ValueError) as exc:
                raise InputError(
                    f"sheet '{self.sheet}' of {self.file.name} cannot be read "
                    f"({type(exc).__name__})",
                    hint="open it in Excel and save it again",
                ) from None
        return self._rows

    def preview(self) -> list[list[str | None]]:
        return [[_cell_text(cell) for cell in row] for row in self._all_rows()[:PREVIEW_ROWS]]

    def load(self, header_index: int) -> RawTable:
        return _table_from_rows(self.file, self.sheet, self._all_rows(), header_index)


def _cell_text(cell: Any) -> str | None:
    """One spreadsheet cell as the text cpkit coerces (dates as ISO, whole numbers without .0)."""
    if cell is None:
        return None
    if isinstance(cell, str):
        return cell.strip() or None
    if isinstance(cell, bool):
        return "TRUE" if cell else "FALSE"
    if isinstance(cell, float):
        return str(int(cell)) if cell.is_integer() else repr(cell)
    if isinstance(cell, dt.datetime):
        if cell.time() == dt.time(0):
            return cell.date().isoformat()
        return cell.isoformat(sep=" ")
    if isinstance(cell, dt.date):
        return cell.isoformat()
    return str(cell)


# --------------------------------------------------------------------------- shared


def _table_from_rows(
    file: Path, sheet: str | None, rows: Sequence[Sequence[Any]], header_index: int
) -> RawTable:
    """Columns below ``rows[header_index]``; row numbers are list positions + 1."""
    import pyarrow as pa

    header_cells = [_cell_text(cell) or "" for cell in rows[header_index]]
    while header_cells and not header_cells[-1]:
        header_cells.pop()
    width = len(header_cells)
    body = rows[header_index + 1 :]
    texts = [_texts(cells) for cells in _transposed(body, width)]
    beyond = zip(*texts[width:], strict=True)  # cells right of the header, row by row
    surplus = [sum(text is not None for text in row) for row in beyond]
    extra = {index: count for index, count in enumerate(surplus) if count}
    numbers = row_numbers(header_index + 2, len(body))
    columns = [pa.array(column, type=pa.string()) for column in texts[:width]]
    return RawTable(file, sheet, header_cells, header_index + 1, columns, numbers, extra)


def _transposed(rows: Sequence[Sequence[Any]], width: int) -> list[Sequence[Any]]:
    """The cells column by column (at least ``width`` columns; short rows padded with None).

    Column by column, a sheet of a hundred thousand rows converts several times faster than
    row by row."""
    widest = max([width, *(len(row) for row in rows)])
    if any(len(row) < widest for row in rows):
        rows = [[*row, *[None] * (widest - len(row))] for row in rows]
    if not rows:
        return [() for _ in range(widest)]
    return list(zip(*rows, strict=True))


def _texts(cells: Sequence[Any]) -> list[str | None]:
    """``_cell_text`` of each cell; text cells (the most common) take a shortcut."""
    return [(cell.strip() or None) if type(cell) is str else _cell_text(cell) for cell in cells]


def row_numbers(first: int, count: int) -> pa.Array:
    """first, first + 1, ... (``count`` int32 numbers), without making a Python int for each
    (``pa.array(range(...))`` takes a fifth of a second for a million rows)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    ones = pa.repeat(pa.scalar(1, pa.int32()), count)
    return pc.cumulative_sum(ones, start=pa.scalar(first - 1, pa.int32()))


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
