"""Readers: every quirk of the CSV and spreadsheet files analysts really have."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import FIXTURES
from cpkit.datasets import REGISTRY
from cpkit.errors import InputError
from cpkit.ingest import find_header
from cpkit.ingest.readers import (
    CsvSource,
    RawTable,
    iter_input_files,
    open_sources,
)

ASKS = ["Raise the setting-up-home allowance to £3,000", "Free bus pass – all care leavers"]


def only_source(name: str | Path, sheet: str | None = None):
    sources = open_sources(FIXTURES / name, sheet)
    assert len(sources) == 1
    return sources[0]


def column(table: RawTable, header: str) -> list[str | None]:
    return table.columns[table.header.index(header)].to_pylist()


# --------------------------------------------------------------------------- CSV


@pytest.mark.parametrize(
    ("name", "encoding"),
    [
        ("board_actions_utf8.csv", "utf-8"),
        ("board_actions_bom.csv", "utf-8-sig"),
        ("board_actions_cp1252.csv", "cp1252"),
    ],
)
def test_csv_encodings_read_the_same_text(name: str, encoding: str) -> None:
    source = only_source(name)
    assert isinstance(source, CsvSource)
    assert source.encoding == encoding
    table = source.load(0)
    assert table.header[0] == "Action ID"  # no BOM glued to the first header
    assert column(table, "Ask") == ASKS  # £, en dash survive every encoding
    assert column(table, "Theme") == ["Your Home", "Young people’s forum"]
    assert table.row_numbers.to_pylist() == [2, 3]


@pytest.mark.parametrize(
    ("name", "delimiter"),
    [("advocacy_comma.csv", ","), ("advocacy_semicolon.csv", ";"), ("advocacy_tab.csv", "\t")],
)
def test_csv_delimiters_are_detected(name: str, delimiter: str) -> None:
    source = only_source(name)
    assert source.delimiter == delimiter
    table = source.load(0)
    assert len(table.header) == 11
    assert column(table, "Child ID") == ["000123", "000456", "007890"]
    assert column(table, "Closed date") == ["30/06/2023", None, None]


def test_csv_quoted_newline_stays_in_one_cell_and_row_numbers_count_records() -> None:
    table = only_source("board_actions_quoted_newlines.csv").load(0)
    assert column(table, "Ask")[0] == "More say in reviews\nand in placement moves"
    assert column(table, "Action ID") == ["A01", "A02", "A03"]
    assert table.row_numbers.to_pylist() == [2, 3, 4]  # as Excel shows them, not text lines


def test_csv_blank_lines_keep_excel_row_numbers() -> None:
    table = only_source("advocacy_blank_totals.csv").load(0)
    ids = column(table, "Referral ID")
    numbers = table.row_numbers.to_pylist()
    kept = {n: i for n, i in zip(numbers, ids, strict=True) if i is not None}
    assert kept == {2: "R0001", 3: "R0002", 5: "R0003", 7: "R0004", 9: "Total"}


def test_csv_fast_and_exact_readers_agree() -> None:
    source = only_source("advocacy_comma.csv")
    fast, exact = source._load_fast(), source._load_exact(0)
    assert fast.header == exact.header
    assert [c.to_pylist() for c in fast.columns] == [c.to_pylist() for c in exact.columns]
    assert fast.row_numbers.to_pylist() == exact.row_numbers.to_pylist()


def test_csv_title_rows_above_the_header(tmp_path: Path) -> None:
    path = tmp_path / "with_title.csv"
    original = (FIXTURES / "advocacy_comma.csv").read_text(encoding="utf-8")
    path.write_text("Advocacy referrals 2023-24\r\n\r\n" + original, encoding="utf-8")
    source = open_sources(path)[0]
    found, _ = find_header(source.preview(), None, {})
    assert found is not None
    index, match = found
    assert (index, match.dataset.name) == (2, "advocacy_referrals")
    table = source.load(index)
    assert table.header_row == 3
    assert table.row_numbers.to_pylist() == [4, 5, 6]


def test_ragged_rows_are_reported_by_row(tmp_path: Path) -> None:
    path = tmp_path / "ragged.csv"
    path.write_text("Action ID,Date raised,Ask\nA1,01/05/2023,Bus passes\nA2,01/05/2023,a,b\n")
    table = open_sources(path)[0].load(0)
    assert table.extra_values == {1: 1}  # second data row has one cell too many


# --------------------------------------------------------------------------- workbooks


def test_xlsx_every_sheet_is_offered_in_order() -> None:
    sources = open_sources(FIXTURES / "advocacy_title_row.xlsx")
    assert [s.sheet for s in sources] == ["Referrals", "Lookups", "Notes"]


def test_xlsx_header_found_below_title_rows() -> None:
    source = only_source("advocacy_title_row.xlsx", sheet="Referrals")
    found, _ = find_header(source.preview(), None, {})
    assert found is not None
    index, match = found
    assert index == 3 and match.dataset is REGISTRY["advocacy_referrals"]
    table = source.load(index)
    assert table.header_row == 4
    assert table.row_numbers.to_pylist() == [5, 6, 7, 8, 9]
    assert column(table, "Date of Referral")[:3] == ["2023-04-03", "2023-05-15", "2023-11-20"]
    assert column(table, "Child ID")[:3] == ["000123", "000456", "007890"]
    assert column(table, "Referral ID")[3:] == [None, "Total"]  # blank row 8, totals row 9


def test_xlsx_sheet_option_picks_one_sheet_and_names_the_others() -> None:
    assert only_source("advocacy_title_row.xlsx", sheet="Lookups").sheet == "Lookups"
    with pytest.raises(InputError) as caught:
        open_sources(FIXTURES / "advocacy_title_row.xlsx", "Q3")
    assert "sheet 'Q3' not found in advocacy_title_row.xlsx" in str(caught.value)
    assert "Referrals, Lookups, Notes" in str(caught.value)


def test_sheet_option_on_a_csv_is_an_error() -> None:
    with pytest.raises(InputError, match="CSV file"):
        open_sources(FIXTURES / "advocacy_comma.csv", "Sheet1")


def test_excel_serial_numbers_and_numeric_ids_read_as_text() -> None:
    table = only_source("advocacy_serial_dates.xlsx").load(0)
    assert column(table, "Referral date") == ["45019", "45061.5"]
    assert column(table, "Child ID") == ["123", "456"]  # whole numbers without ".0"


@pytest.mark.parametrize("name", ["advocacy.xls", "advocacy.ods", "advocacy_title_row.xlsx"])
def test_xls_ods_and_xlsx_give_the_same_cells(name: str) -> None:
    source = open_sources(FIXTURES / name)[0]
    found, _ = find_header(source.preview(), None, {})
    assert found is not None
    table = source.load(found[0])
    assert column(table, "Referral ID")[:3] == ["R0001", "R0002", "R0003"]
    assert column(table, "Child ID")[:3] == ["000123", "000456", "007890"]
    assert column(table, "Date of Referral")[:3] == ["2023-04-03", "2023-05-15", "2023-11-20"]
    assert column(table, "DOB")[:3] == ["2010-02-14", "2012-09-01", "2012-02-29"]
    assert column(table, "Closed date")[:3] == ["2023-06-30", None, None]


# --------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("empty.csv", "is empty (0 bytes)"),
        ("pdf_renamed.xlsx", "is a PDF, not a spreadsheet"),
        ("random_bytes.xlsx", "is not a .xlsx workbook"),
        ("password.xlsx", "password-protected"),
        ("corrupt.xlsx", "is damaged"),
        ("no_such_file.csv", "does not exist"),
    ],
)
def test_unreadable_files_raise_one_clear_input_error(name: str, words: str) -> None:
    with pytest.raises(InputError) as caught:
        open_sources(FIXTURES / name)
    text = caught.value.one_line()
    assert words in text
    assert "\n" not in text
    assert caught.value.exit_code == 2


def test_workbook_renamed_csv_says_rename_it(tmp_path: Path) -> None:
    path = tmp_path / "referrals.csv"
    shutil.copyfile(FIXTURES / "advocacy_title_row.xlsx", path)
    with pytest.raises(InputError, match=r"referrals\.csv is a spreadsheet workbook, not CSV text"):
        open_sources(path)


def test_xlsx_renamed_xls_says_rename_it(tmp_path: Path) -> None:
    path = tmp_path / "referrals.xls"
    shutil.copyfile(FIXTURES / "advocacy_title_row.xlsx", path)
    with pytest.raises(InputError, match=r"Rename it to \.xlsx"):
        open_sources(path)


def test_unknown_suffix_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "referrals.docx"
    path.write_bytes(b"anything")
    with pytest.raises(InputError, match="not a file cpkit can read"):
        open_sources(path)


def test_folders_give_their_spreadsheets_sorted_without_hidden_or_lock_files(
    tmp_path: Path,
) -> None:
    for name in ("b.csv", "a.xlsx", "~$a.xlsx", ".hidden.csv", "notes.md"):
        (tmp_path / name).write_bytes(b"x")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "c.ods").write_bytes(b"x")
    found = [p.relative_to(tmp_path).as_posix() for p in iter_input_files([tmp_path])]
    assert found == ["a.xlsx", "b.csv", "sub/c.ods"]


def test_folder_without_spreadsheets_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "notes.md").write_text("no data here")
    with pytest.raises(InputError, match="has no CSV or spreadsheet files"):
        list(iter_input_files([tmp_path]))
