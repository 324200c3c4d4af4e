"""Table cells as a spreadsheet needs them: numbers as numbers, with the report's wording.

The report's tables hold text for people ("1,234", "44%", "304 days", "21 (58%)", "[c]").
A workbook must store numbers as numbers (Analysis Function, "Releasing statistics in
spreadsheets"), one figure per cell. ``parse_cell`` reads back exactly the forms
``cpkit.formatting`` writes, and nothing else: the number shown, never a recomputed one,
with an Excel number format that displays it as the report does ("0%", '#,##0" days"').
Text it does not recognise stays text, as typed.

``split_columns`` turns a column of "count (share)" cells into two columns, so that each
cell holds one figure; the part in brackets keeps its own header ("Matched (%)").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cpkit.formatting import MISSING, SUPPRESSED

NOT_AVAILABLE = "[x]"  # the Analysis Function's shorthand for a figure that is not available
NOT_APPLICABLE = "[z]"  # ... and for a cell where no figure applies
SHORTHAND = (SUPPRESSED, NOT_AVAILABLE, NOT_APPLICABLE)

_NUMBER = r"[+\-−]?\d{1,3}(?:,\d{3})*(?:\.\d+)?|[+\-−]?\d+(?:\.\d+)?"
_SIMPLE = re.compile(rf"^(?P<gbp>£)?(?P<n>{_NUMBER})(?P<unit>%| days?| pts| percentage points)?$")
_COMPOSITE = re.compile(r"^(?P<main>[^()]+?) \((?P<detail>[^()]+)\)$")


@dataclass(frozen=True)
class Cell:
    """One spreadsheet cell: a number with the format that shows it, or text."""

    value: float | int | str
    number_format: str = ""

    @property
    def is_number(self) -> bool:
        return not isinstance(self.value, str)


def parse_cell(text: str) -> Cell:
    """The spreadsheet cell for one table cell of the report."""
    shown = text.strip()
    if shown == MISSING or shown == "":
        return Cell(NOT_AVAILABLE)
    if shown in SHORTHAND:
        return Cell(shown)
    match = _SIMPLE.match(shown)
    if match is None:
        return Cell(text)
    digits = match["n"].replace(",", "").replace("−", "-")
    decimals = len(digits.partition(".")[2])
    number = float(digits) if decimals else int(digits)
    sign = "+" if match["n"].startswith("+") else ""
    unit = match["unit"] or ""
    if unit == "%":
        value = round(number / 100, decimals + 2)
        return Cell(value, _signed(sign, "0" + _places(decimals) + "%"))
    base = "#,##0" + _places(decimals)
    if match["gbp"]:
        return Cell(number, _signed(sign, "£" + base))
    if unit:
        return Cell(number, _signed(sign, f'{base}"{unit}"'))
    return Cell(number, _signed(sign, base))


def _places(decimals: int) -> str:
    return "." + "0" * decimals if decimals else ""


def _signed(sign: str, number_format: str) -> str:
    """A format that keeps the report's '+' on increases ('+0%;-0%;0%')."""
    if not sign:
        return number_format
    return f"+{number_format};-{number_format};{number_format}"


def split_cell(text: str) -> tuple[str, str | None]:
    """'21 (58%)' -> ('21', '58%'); text without a bracketed figure -> (text, None)."""
    match = _COMPOSITE.match(text.strip())
    if match is None or not parse_cell(match["main"]).is_number:
        return text, None
    return match["main"], match["detail"]


def split_columns(headers: list[str], rows: list[list[str]]) -> tuple[list[str], list[list[str]]]:
    """Columns whose cells carry a figure and a bracketed one ('21 (58%)', '45% (36 of
    80)') become two columns, one figure each; the first column (the row labels) and text
    columns are left alone."""
    split_at = [
        index
        for index in range(1, len(headers))
        if any(split_cell(row[index])[1] is not None for row in rows if index < len(row))
    ]
    if not split_at:
        return headers, rows
    new_headers: list[str] = []
    for index, header in enumerate(headers):
        new_headers.append(header)
        if index in split_at:
            new_headers.append(_detail_header(header, [r[index] for r in rows if index < len(r)]))
    new_rows = []
    for row in rows:
        cells: list[str] = []
        for index, text in enumerate(row):
            if index in split_at:
                main, detail = split_cell(text)
                cells += [main, detail if detail is not None else _same_as(main)]
            else:
                cells.append(text)
        new_rows.append(cells)
    return new_headers, new_rows


def _same_as(main: str) -> str:
    """The detail cell of a row that has none: hidden stays hidden, else not applicable."""
    return SUPPRESSED if main.strip() == SUPPRESSED else NOT_APPLICABLE


def _detail_header(header: str, cells: list[str]) -> str:
    details = [d for d in (split_cell(c)[1] for c in cells) if d is not None]
    if details and all(d.endswith("%") for d in details):
        return f"{header} (%)"
    if details and all(" of " in d for d in details):
        return f"{header} (n of N)"
    return f"{header} (detail)"
