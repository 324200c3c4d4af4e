"""Workbooks for people, as the Analysis Function's "Releasing statistics in spreadsheets"
asks: a cover sheet, a contents sheet, a notes sheet, then one table per sheet.

Each table sheet has its title in cell A1, a line saying what the sheet holds, the source,
then the table itself from column A: an Excel table (named, with a header row and filter
buttons), no merged cells, no blank rows or columns inside it, numbers stored as numbers
with a number format that shows them as the report does, and shorthand for cells without
a number: ``[c]`` (confidential: a small number hidden to protect a child) and ``[x]`` (not
available), both explained on the cover and notes sheets.

Text goes in as text: xlsxwriter is told never to turn a string into a formula or a link,
and a cell that a spreadsheet would run as a formula once retyped or exported to CSV
(``= + - @``) carries Excel's quote prefix. (gptables, the Analysis Function's own package
for this, reads ``[text](url)`` in any cell as a hyperlink and ``$$name$$`` as a note
reference, so text from an extract could become a live link; and it needs pandas. The
guidance it implements is followed here instead; docs/spreadsheets.md maps each point.)
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cpkit.csvcells import TRIGGERS
from cpkit.render.cells import NOT_AVAILABLE, SHORTHAND, Cell, parse_cell
from cpkit.render.office import DocumentInfo

MAX_SHEET_NAME = 31  # Excel's limit
_WIDTH_MIN, _WIDTH_MAX = 8, 60


@dataclass
class SheetTable:
    """One table for its own sheet: cells are Cells, numbers or text ('[c]', '[x]')."""

    title: str
    headers: list[str]
    rows: list[list[Any]]
    source: str = ""
    description: str = ""
    notes: list[str] = field(default_factory=list)  # note texts that apply to this table


@dataclass(frozen=True)
class Note:
    number: int
    text: str


def write_workbook(
    info: DocumentInfo, tables: Sequence[SheetTable], path: Path, about: Sequence[str] = ()
) -> Path:
    """Cover, Contents, Notes and one sheet per table, written atomically to ``path``."""
    import xlsxwriter

    from cpkit.render.word import _write_bytes

    buffer = io.BytesIO()
    options = {
        "in_memory": True,
        "strings_to_formulas": False,
        "strings_to_urls": False,
        "strings_to_numbers": False,
    }
    book = xlsxwriter.Workbook(buffer, options)
    book.set_properties({"title": info.title, "author": info.organisation, "created": info.created})
    styles = _Styles(book)
    notes = _notes(info, tables)
    names = [f"Table_{n}" for n in range(1, len(tables) + 1)]
    _cover(book, styles, info, about)
    _contents(book, styles, list(zip(names, tables, strict=True)))
    _notes_sheet(book, styles, notes)
    for name, table in zip(names, tables, strict=True):
        _table_sheet(book, styles, name, table, notes)
    book.close()
    return _write_bytes(path, buffer.getvalue())


class _Styles:
    def __init__(self, book: Any) -> None:
        self.book = book
        self.title = book.add_format({"bold": True, "font_size": 15})
        self.text = book.add_format({"text_wrap": True, "valign": "top"})
        self.heading = book.add_format({"bold": True, "font_size": 12})
        self.header = book.add_format({"bold": True, "text_wrap": True, "valign": "top"})
        self.header_number = book.add_format(
            {"bold": True, "text_wrap": True, "valign": "top", "align": "right"}
        )
        self.link = book.add_format({"font_color": "#1d70b8", "underline": 1})
        self.quoted = book.add_format({"quote_prefix": True, "text_wrap": True, "valign": "top"})
        self.shorthand = book.add_format({"align": "right", "valign": "top"})
        self._numbers: dict[str, Any] = {}

    def number(self, number_format: str) -> Any:
        if number_format not in self._numbers:
            self._numbers[number_format] = self.book.add_format(
                {"num_format": number_format or "General", "valign": "top"}
            )
        return self._numbers[number_format]


def _notes(info: DocumentInfo, tables: Sequence[SheetTable]) -> list[Note]:
    texts = [
        f"[c] marks a confidential figure: a count from 1 to {info.threshold - 1}, or a "
        "figure from which one could be worked out, is not published to protect the "
        "identity of children and young people."
        if info.public
        else "Not for publication: small numbers are not suppressed in this workbook.",
        "[x] marks a figure that is not available (no data for the period, or no "
        "comparison defined).",
        "[z] marks a cell where no figure applies (a count with no share, for example).",
    ]
    for table in tables:
        texts += [t for t in table.notes if t not in texts]
    return [Note(n, text) for n, text in enumerate(texts, start=1)]


def _cover(book: Any, s: _Styles, info: DocumentInfo, about: Sequence[str]) -> None:
    sheet = book.add_worksheet("Cover")
    sheet.hide_gridlines(2)
    sheet.set_column(0, 0, 100)
    lines: list[tuple[str, Any]] = [
        (info.title, s.title),
        (info.organisation, s.text),
        (info.period, s.text),
        ("About these tables", s.heading),
        *((line, s.text) for line in about),
        (info.banner, s.text),
        (
            "Each table is on its own worksheet; the Contents worksheet links to each one "
            "and the Notes worksheet explains [c], [x] and the numbered notes.",
            s.text,
        ),
    ]
    if info.source:
        lines += [("Source", s.heading), (info.source, s.text)]
    produced = f"{info.created.day} {info.created:%B %Y} with cpkit {info.version}"
    lines += [("Produced", s.heading), (produced, s.text)]
    for row, (text, style) in enumerate(lines):
        _write_text(sheet, row, 0, text, style, s)


def _contents(book: Any, s: _Styles, sheets: list[tuple[str, SheetTable]]) -> None:
    sheet = book.add_worksheet("Contents")
    sheet.hide_gridlines(2)
    sheet.write_string(0, 0, "Contents", s.title)
    sheet.write_string(1, 0, "This worksheet contains one table.", s.text)
    for row, (name, table) in enumerate(sheets, start=3):
        sheet.write_url(row, 0, f"internal:'{name}'!A1", s.link, string=name)
        _write_text(sheet, row, 1, table.title, s.text, s)
    _as_table(
        sheet,
        2,
        2 + max(1, len(sheets)),
        "contents",
        ["Worksheet name", "Table title"],
        [s.header, s.header],
    )
    sheet.set_column(0, 0, 16)
    sheet.set_column(1, 1, 90)


def _notes_sheet(book: Any, s: _Styles, notes: list[Note]) -> None:
    sheet = book.add_worksheet("Notes")
    sheet.hide_gridlines(2)
    sheet.write_string(0, 0, "Notes", s.title)
    sheet.write_string(1, 0, "This worksheet contains one table.", s.text)
    for row, note in enumerate(notes, start=3):
        sheet.write_string(row, 0, f"note {note.number}", s.text)
        _write_text(sheet, row, 1, note.text, s.text, s)
    _as_table(
        sheet,
        2,
        2 + max(1, len(notes)),
        "notes",
        ["Note number", "Note text"],
        [s.header, s.header],
    )
    sheet.set_column(0, 0, 14)
    sheet.set_column(1, 1, 100)


def _table_sheet(book: Any, s: _Styles, name: str, table: SheetTable, notes: list[Note]) -> None:
    sheet = book.add_worksheet(name[:MAX_SHEET_NAME])
    sheet.hide_gridlines(2)
    refs = [f"[note {n.number}]" for n in notes if n.text in table.notes]
    cells = [[_cell(value) for value in row] for row in table.rows]
    shorthand = {c.value for row in cells for c in row if c.value in SHORTHAND}
    lines = [table.title + (" " + " ".join(refs) if refs else "")]
    lines.append(" ".join(filter(None, ["This worksheet contains one table.", table.description])))
    if shorthand:
        lines.append(
            "Some cells hold "
            + " or ".join(sorted(shorthand))
            + " instead of a number: see the Notes worksheet."
        )
    if table.source:
        lines.append("Source: " + table.source.removeprefix("Source:").strip())
    for row, text in enumerate(lines):
        _write_text(sheet, row, 0, text, s.title if row == 0 else s.text, s)
    top = len(lines)
    numeric = [
        bool(cells)
        and all(r[i].is_number or r[i].value in shorthand for r in cells if i < len(r))
        and any(r[i].is_number for r in cells if i < len(r))
        for i in range(len(table.headers))
    ]
    for at, values in enumerate(cells, start=top + 1):
        for col, cell in enumerate(values[: len(table.headers)]):
            _write_cell(sheet, at, col, cell, s)
    formats = [s.header_number if n else s.header for n in numeric]
    _as_table(sheet, top, top + max(1, len(cells)), name, table.headers, formats)
    _widths(sheet, table.headers, cells)


def _cell(value: Any) -> Cell:
    if isinstance(value, Cell):
        return value
    if value is None:
        return Cell(NOT_AVAILABLE)
    if isinstance(value, bool):
        return Cell(str(value).lower())
    if isinstance(value, int | float):
        return Cell(value)
    return parse_cell(str(value))


def _write_cell(sheet: Any, row: int, col: int, cell: Cell, s: _Styles) -> None:
    if cell.is_number:
        sheet.write_number(row, col, cell.value, s.number(cell.number_format))
    elif cell.value in SHORTHAND:
        sheet.write_string(row, col, str(cell.value), s.shorthand)
    else:
        _write_text(sheet, row, col, str(cell.value), s.text, s)


def _write_text(sheet: Any, row: int, col: int, text: str, style: Any, s: _Styles) -> None:
    """Always a string cell; one a spreadsheet would run once retyped gets the quote prefix."""
    sheet.write_string(row, col, text, s.quoted if text.startswith(TRIGGERS) else style)


def _as_table(
    sheet: Any, first: int, last: int, name: str, headers: list[str], formats: list[Any]
) -> None:
    """Mark the range as an Excel table (its header row written here, filter buttons, a
    name for screen readers and Power Query); an empty table keeps one blank row, as
    Excel requires."""
    safe = "".join(ch if ch.isalnum() else "_" for ch in name)
    columns = [
        {"header": _unique(headers, i), "header_format": formats[i]} for i in range(len(headers))
    ]
    options = {"name": f"tbl_{safe}", "style": "Table Style Light 1", "columns": columns}
    sheet.add_table(first, 0, last, len(headers) - 1, options)


def _unique(headers: list[str], index: int) -> str:
    """Excel table headers must be unique: a repeated one gets ' (2)'."""
    header = headers[index] or f"Column {index + 1}"
    seen = headers[:index].count(headers[index])
    return f"{header} ({seen + 1})" if seen else header


def _widths(sheet: Any, headers: list[str], cells: list[list[Cell]]) -> None:
    for col, header in enumerate(headers):
        lengths = [len(w) for w in header.split()] + [
            len(str(r[col].value)) + 2 for r in cells if col < len(r)
        ]
        sheet.set_column(col, col, max(_WIDTH_MIN, min(_WIDTH_MAX, max(lengths, default=8))))


def section_tables(sections: Sequence[Any]) -> list[SheetTable]:
    """Every table of a report built as sections, in reading order: its tables and the
    data of its charts; a 'count (share)' column becomes two, one figure per cell."""
    from cpkit.render.cells import split_columns
    from cpkit.render.office import chart_numbers, heading_text

    numbers = chart_numbers(list(sections))
    found: list[SheetTable] = []
    for section in sections:
        where = f"From section {heading_text(section)} of the report."
        for block in section.blocks:
            if block.kind == "table" and block.headers:
                headers, rows = split_columns(block.headers, block.rows)
                title = block.caption or f"{section.title}: table"
                found.append(SheetTable(title, headers, rows, description=where))
            elif block.kind == "chart" and block.chart is not None and block.chart.table_headers:
                chart = block.chart
                headers, rows = split_columns(chart.table_headers, chart.table_rows)
                title = f"Data for figure {numbers[chart.id]}: {chart.title}"
                description = f"{chart.subtitle}. {where}" if chart.subtitle else where
                found.append(SheetTable(title, headers, rows, chart.source, description))
    return found
