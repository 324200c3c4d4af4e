"""Listings for people and scripts: tables that never drop a column, a name or an id.

Every listing is a ``Listing`` (columns, display rows and machine records) written in the
format asked for (``--format table|json|csv``). As a table:

- off a terminal (a file, a pipe) it is written at its natural width: nothing is cut;
- on a terminal too narrow for that, names and text wrap at word boundaries (ids, numbers
  and short labels are never wrapped or cut);
- when even that does not fit, each row becomes one line, with a note saying so.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from rich.cells import cell_len
from rich.table import Table
from rich.text import Text

from cpkit.cli import common
from cpkit.cli.common import OUTPUT, OutputFormat, console

Kind = Literal["id", "name", "text", "label", "number"]
_WRAPS = {"name": 20, "text": 30}  # wrappable kinds and the narrowest they become
_OVERHEAD_PER_COLUMN = 3  # a space each side and one border


@dataclass(frozen=True)
class Column:
    header: str
    key: str = ""  # the field name in JSON and CSV (default: the header)
    kind: Kind = "text"

    @property
    def field(self) -> str:
        return self.key or self.header


@dataclass
class Listing:
    """A titled table: display rows for people, records (typed values) for scripts."""

    title: str
    columns: list[Column]
    rows: list[list[str]]
    records: list[dict[str, Any]] | None = None
    caption: str = ""
    notes: list[str] = field(default_factory=list)
    show_lines: bool = False  # a rule between rows: for cells of several lines

    def machine_records(self) -> list[dict[str, Any]]:
        if self.records is not None:
            return self.records
        return [
            {c.field: cell for c, cell in zip(self.columns, row, strict=True)} for row in self.rows
        ]


def emit(listing: Listing, output_format: OutputFormat | str = OutputFormat.table) -> None:
    """Write a listing to stdout in the format asked for."""
    chosen = OutputFormat(output_format)
    if chosen is OutputFormat.json:
        sys.stdout.write(json.dumps(listing.machine_records(), indent=2, default=str) + "\n")
    elif chosen is OutputFormat.csv:
        records = listing.machine_records()
        fields = [c.field for c in listing.columns]
        fields += [k for k in dict.fromkeys(k for r in records for k in r) if k not in fields]
        sys.stdout.write(records_csv(records, fields))
    else:
        print_table(listing)


def records_csv(records: list[dict[str, Any]], fields: Sequence[str]) -> str:
    """Records as CSV (cells by ``csv_value``): lists joined with '; ', booleans true/false,
    numbers without float noise, text a spreadsheet would run quoted with an apostrophe."""
    from cpkit.csvcells import csv_value

    out = io.StringIO()
    writer = csv.DictWriter(
        out, fieldnames=list(fields), lineterminator="\n", extrasaction="ignore"
    )
    writer.writeheader()
    for record in records:
        writer.writerow({k: csv_value(v) for k, v in record.items()})
    return out.getvalue()


# ---------------------------------------------------------------------------- tables


def print_table(listing: Listing, width: int | None = None) -> None:
    """The listing as a table that fits ``width`` (default: the terminal; none off one)."""
    out = console()
    if width is None:
        width = common.terminal_width(sys.stdout)
    widths = fit(listing, width)
    if widths is None:
        _print_records(listing, width or 0)
        return
    if listing.title:
        out.print(Text(listing.title), soft_wrap=True)
    out.print(_rich_table(listing, widths))
    if listing.caption:
        out.print(Text(listing.caption), soft_wrap=True)
    _print_notes(listing)


def fit(listing: Listing, width: int | None) -> list[int] | None:
    """Content width of each column so the table fits ``width``; None if it cannot.

    Natural widths when they fit (or when there is no limit); otherwise wrappable columns
    (names, text) give up space, never below their longest word, down to a floor.
    """
    natural = [_natural(listing, i) for i in range(len(listing.columns))]
    overhead = _OVERHEAD_PER_COLUMN * len(natural) + 1
    if width is None or sum(natural) + overhead <= width:
        return natural
    floors = [_floor(listing, i, n) for i, n in enumerate(natural)]
    spare = width - overhead - sum(floors)
    if spare < 0:
        return None
    give = [n - f for n, f in zip(natural, floors, strict=True)]
    wanted = sum(give)
    widths = [f + (spare * g // wanted if wanted else 0) for f, g in zip(floors, give, strict=True)]
    return widths


def _natural(listing: Listing, index: int) -> int:
    texts = [listing.columns[index].header] + [row[index] for row in listing.rows]
    return max(cell_len(line) for text in texts for line in text.splitlines() or [""])


def _floor(listing: Listing, index: int, natural: int) -> int:
    column = listing.columns[index]
    if column.kind not in _WRAPS:
        return natural
    words = [w for row in listing.rows for w in row[index].split()] + column.header.split()
    longest = max((cell_len(w) for w in words), default=1)
    return max(longest, min(natural, _WRAPS[column.kind]))


def _rich_table(listing: Listing, widths: list[int]) -> Table:
    table = Table(show_lines=listing.show_lines)
    for column, width in zip(listing.columns, widths, strict=True):
        wraps = column.kind in _WRAPS
        table.add_column(
            column.header,
            justify="right" if column.kind == "number" else "left",
            width=width,
            no_wrap=not wraps,
            overflow="fold",
        )
    for row in listing.rows:
        table.add_row(*(Text(cell) for cell in row))  # Text: "[c]" is not a style tag
    return table


def _print_records(listing: Listing, width: int) -> None:
    """One line per row: 'name: header value; header value...'."""
    out = console()
    if listing.title:
        out.print(Text(listing.title), soft_wrap=True)
    if not OUTPUT.quiet:
        out.print(
            f"(The table is wider than this terminal's {width} columns, so each row is one "
            "line. Widen the window, or use --format csv for a spreadsheet.)",
            soft_wrap=True,
        )
    rest = listing.columns[1:]
    for row in listing.rows:
        parts = [f"{c.header} {cell}" for c, cell in zip(rest, row[1:], strict=True) if cell]
        out.print(Text(row[0] + (": " + "; ".join(parts) if parts else "")), soft_wrap=True)
    if listing.caption:
        out.print(Text(listing.caption), soft_wrap=True)
    _print_notes(listing)


def _print_notes(listing: Listing) -> None:
    out = console()
    for note in listing.notes:
        out.print(Text(note), soft_wrap=True)
