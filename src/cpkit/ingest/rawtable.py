"""The shape every reader produces: raw string columns below a header, with row numbers.

``SheetSource`` is one table-shaped thing in a file (a CSV file or one sheet of a workbook):
it can show its first rows (to find the header row, which may sit below title rows) and then
load everything below the header as pyarrow string arrays, with the 1-based row number Excel
would show for each row.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pyarrow as pa


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
    numeric_columns: set[int] = field(default_factory=set)  # positions holding number cells

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


def _as_strings(column: Any) -> pa.Array:
    import pyarrow as pa

    combined = column.combine_chunks() if isinstance(column, pa.ChunkedArray) else column
    if not pa.types.is_string(combined.type):
        combined = combined.cast(pa.string())
    return combined


def clean_columns(columns: Sequence[Any]) -> list[pa.Array]:
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


def cell_text(cell: Any) -> str | None:
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


def table_from_rows(
    file: Path, sheet: str | None, rows: Sequence[Sequence[Any]], header_index: int
) -> RawTable:
    """Columns below ``rows[header_index]``; row numbers are list positions + 1."""
    return table_from_chunks(
        file, sheet, rows[header_index], header_index + 1, [rows[header_index + 1 :]]
    )


def table_from_chunks(
    file: Path,
    sheet: str | None,
    header: Sequence[Any],
    header_row: int,
    chunks: Iterable[Sequence[Sequence[Any]]],
) -> RawTable:
    """Columns from the rows below a header, given a block of rows at a time (a big sheet
    is never held as Python cells all at once); the rows follow the header without gaps."""
    import pyarrow as pa

    header_cells = [cell_text(cell) or "" for cell in header]
    while header_cells and not header_cells[-1]:
        header_cells.pop()
    width = len(header_cells)
    texts: list[list[str | None]] = [[] for _ in range(width)]
    count = 0
    numeric: set[int] = set()
    for chunk in chunks:
        transposed = _transposed(chunk, width)
        numeric |= {i for i, cells in enumerate(transposed[:width]) if _has_number(cells)}
        converted = [_texts(cells) for cells in transposed]
        for _ in range(len(converted) - len(texts)):  # a wider block: new columns
            texts.append([None] * count)
        for position, column in enumerate(texts):
            column.extend(converted[position] if position < len(converted) else [None] * len(chunk))
        count += len(chunk)
    beyond = zip(*texts[width:], strict=True)  # cells right of the header, row by row
    surplus = [sum(text is not None for text in row) for row in beyond]
    extra = {index: n for index, n in enumerate(surplus) if n}
    numbers = row_numbers(header_row + 1, count)
    columns = [pa.array(column, type=pa.string()) for column in texts[:width]]
    return RawTable(file, sheet, header_cells, header_row, columns, numbers, extra, numeric)


def _has_number(cells: Sequence[Any]) -> bool:
    """A workbook cell typed as a number (an id Excel may have stripped of leading zeros)."""
    return any(type(cell) is float or type(cell) is int for cell in cells)


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
    return [(cell.strip() or None) if type(cell) is str else cell_text(cell) for cell in cells]


def row_numbers(first: int, count: int) -> pa.Array:
    """first, first + 1, ... (``count`` int32 numbers), without making a Python int for each
    (``pa.array(range(...))`` takes a fifth of a second for a million rows)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    ones = pa.repeat(pa.scalar(1, pa.int32()), count)
    return pc.cumulative_sum(ones, start=pa.scalar(first - 1, pa.int32()))
