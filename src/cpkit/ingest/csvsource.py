"""CSV files into raw string columns, reading that cannot hide records.

Text: UTF-8 (BOM or not), UTF-16 (BOM or not) and legacy encodings, decoded line by line
(``cpkit.textfiles``); whatever the file's encoding, the parsers below see UTF-8.
Delimiters: comma, semicolon, tab or pipe. Quoting is strict: a quote opened in a cell and
never closed would make every later line part of that one cell, so it is refused with the
row where it starts (``unclosed_quote``), as is text after a closing quote. Long cells (over
the csv module's 128 KB default) are read like any other.

Clean files take pyarrow's multi-threaded reader; a file with blank lines, title rows,
ragged rows or cells holding line breaks takes Python's csv module, which keeps exact row
numbers and knows which physical lines each record spans.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from cpkit.errors import InputError
from cpkit.ingest.rawtable import RawTable, SheetSource, clean_columns, row_numbers, table_from_rows
from cpkit.textfiles import bom_encoding, decode_bytes, utf16_without_bom

_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
PREVIEW_BYTES = 262144
PREVIEW_ROWS = 30
csv.field_size_limit(2**31 - 1)  # a long note is a value like any other, not a crash


class CsvSource(SheetSource):
    """A CSV file as one table-shaped source (see ``readers.SheetSource``)."""

    def __init__(self, path: Path) -> None:
        self.file = path
        self.sheet: str | None = None
        data = path.read_bytes()
        if data.startswith((_ZIP_MAGIC, _OLE_MAGIC)):
            raise InputError(
                f"{path.name} is a spreadsheet workbook, not CSV text",
                hint="give it its workbook name (.xlsx, .xls or .ods) or save it as CSV",
            )
        declared = bom_encoding(data) or utf16_without_bom(data)
        if declared is None and b"\x00" in data[:65536]:  # UTF-16 is checked first
            raise InputError(
                f"{path.name} is a binary file, not CSV text", hint="export the data as CSV or XLSX"
            )
        self.notes: list[str] = []
        self.encoding, self._data = _as_utf8(data, declared, path.name, self.notes)
        self._text_sample = self._data[:PREVIEW_BYTES].decode("utf-8", errors="ignore")
        self.delimiter = _detect_delimiter(self._text_sample)

    def preview(self) -> list[list[str | None]]:
        reader = csv.reader(io.StringIO(self._text_sample, newline=""), delimiter=self.delimiter)
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
        if header_index == 0 and self._fast_path_safe():
            try:
                return self._load_fast()
            except _FallBack:
                pass
        return self._load_exact(header_index)

    def _fast_path_safe(self) -> bool:
        """pyarrow's reader is lenient about quotes (``"a"b`` reads as ``ab``) and counts no
        lines: it is used only where that cannot matter."""
        if _has_inner_blank_line(self._data):
            return False
        if b'"' not in self._data:
            return True
        delimiter = re.escape(self.delimiter.encode())
        suspicious = rb'[^"\r\n' + delimiter + rb']"[^"\r\n' + delimiter + rb"]"
        return re.search(suspicious, self._data) is None

    def _load_fast(self) -> RawTable:
        import pyarrow as pa
        import pyarrow.compute as pc
        import pyarrow.csv as pacsv

        preview = self.preview()
        header = [cell or "" for cell in preview[0]] if preview else []
        names = [f"c{i}" for i in range(len(header))]
        quoted = b'"' in self._data
        try:
            table = pacsv.read_csv(
                pa.BufferReader(self._data),  # zero-copy: no Python file reads
                read_options=pacsv.ReadOptions(
                    encoding="utf8", block_size=1 << 24, column_names=names, skip_rows=1
                ),
                parse_options=pacsv.ParseOptions(
                    delimiter=self.delimiter,
                    # without any quote in the file, pyarrow may split the text at every
                    # newline and read the pieces in parallel (twice as fast on a big file)
                    newlines_in_values=quoted,
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
        if quoted and any(
            pc.any(pc.match_substring_regex(column, r"[\r\n]")).as_py() for column in table.columns
        ):
            raise _FallBack  # a cell spans lines: the exact reader checks its quotes
        while header and not header[-1]:
            header.pop()
        columns = clean_columns(table.columns[: len(header)])
        extra = [c for c in table.columns[len(header) :]]
        if any(c.null_count < len(c) for c in extra):
            raise _FallBack  # values beyond the header: the exact reader reports those rows
        return RawTable(self.file, None, header, 1, columns, row_numbers(2, table.num_rows))

    def _load_exact(self, header_index: int) -> RawTable:
        rows = read_records(self._data.decode("utf-8"), self.delimiter, self.file.name)
        return table_from_rows(self.file, None, rows, header_index)


class _FallBack(Exception):
    """The fast CSV path cannot keep exact row numbers for this file."""


def _as_utf8(data: bytes, declared: str | None, name: str, notes: list[str]) -> tuple[str, bytes]:
    """(the file's encoding, its text as UTF-8 bytes without a BOM)."""
    if declared is None and data.isascii():
        return "utf-8", data
    if declared is None:
        try:
            data.decode("utf-8")  # checked, not kept: the parsers read the bytes
            return "utf-8", data
        except UnicodeDecodeError:
            pass
    if declared == "utf-8-sig":
        body = data[3:]
        try:
            body.decode("utf-8")
            return "utf-8-sig", body
        except UnicodeDecodeError:
            pass  # a BOM and then bytes that are not UTF-8: decode line by line
    decoded = decode_bytes(data, name)
    note = decoded.note()
    if note:
        notes.append(note)
    return decoded.encoding, decoded.text.lstrip("\ufeff").encode("utf-8")


def read_records(text: str, delimiter: str, name: str) -> list[list[str]]:
    """Every record of the text, with strict quoting; InputError naming the row and line
    of a quote that is never closed or that swallows the lines after it."""
    lines = _LineCounter(io.StringIO(text, newline=""))
    reader = csv.reader(lines, delimiter=delimiter, strict=True)
    records: list[list[str]] = []
    width = 0
    while True:
        start = lines.count + 1
        try:
            record = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            raise _quote_error(name, len(records) + 1, start, lines.count, str(exc)) from None
        if lines.count > start and record:
            _check_spanning(record, delimiter, width, name, len(records) + 1, start, lines.count)
        if not width and any(cell.strip() for cell in record):
            width = len(record)  # the first line with text: usually the header
        records.append(record)
    return records


class _LineCounter:
    """Iterates the lines of a text, counting them (csv.reader's line_num counts the lines
    it asked for, which is what is wanted, but only after a record is complete)."""

    def __init__(self, source: io.StringIO) -> None:
        self._source = source
        self.count = 0

    def __iter__(self) -> _LineCounter:
        return self

    def __next__(self) -> str:
        line = self._source.readline()
        if not line:
            raise StopIteration
        self.count += 1
        return line


def _check_spanning(
    record: list[str], delimiter: str, width: int, name: str, row: int, first: int, last: int
) -> None:
    """A cell over several lines is fine (a note with line breaks), unless its lines look
    like whole records: then a quote left open has swallowed them."""
    enough = max(2, width // 2)
    for cell in record:
        if "\n" not in cell and "\r" not in cell:
            continue
        inner = cell.splitlines()[1:]
        if sum(line.count(delimiter) >= enough for line in inner):
            raise _quote_error(name, row, first, last, "swallowed")


def _quote_error(name: str, row: int, first: int, last: int, detail: str) -> InputError:
    if "expected after" in detail:
        return InputError(
            f"{name}: row {row} (line {last}) has text after a closing quote (bad_quote)",
            hint='quote the whole cell ("like this") or remove the stray quote, and export again',
        )
    if "end of data" in detail or detail == "swallowed":
        span = f"lines {first} to {last}" if last > first else f"line {first}"
        return InputError(
            f"{name}: a quote that opens a cell in row {row} (line {first}) is never closed "
            f"(unclosed_quote), so {span} would be read as one record",
            hint="find the '\"' at the start of a cell in that row, close or remove it, and "
            "export again",
        )
    return InputError(f"{name} is not valid CSV at line {last} ({detail})", hint="export it again")


def _detect_delimiter(sample: str) -> str:
    lines = [line for line in sample.splitlines()[:40] if line.strip()]
    best, best_score = ",", (0, 0)
    for delimiter in (",", ";", "\t", "|"):
        try:
            counts = [len(row) for row in csv.reader(lines, delimiter=delimiter)]
        except csv.Error:
            continue
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
