"""Readers that cannot hide records or garble text: encodings, quoting, far cells."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from conftest import Ingest, issues_of, read_table
from cpkit.errors import InputError
from cpkit.ingest.coerce import Reject, parse_date, parse_int
from cpkit.ingest.readers import open_sources
from cpkit.periods import parse_collection_year
from cpkit.workspace import Workspace

HEADER = "Action ID,Date raised,Theme,Ask,Owner,Status,Date delivered"
ROWS = [
    "A1,12/09/2023,Your Home,Raise the allowance to £3000 – now,Director,Open,",
    "A2,12/09/2023,Your Voice,Café visits for Zoë,Head of service,Done,",
]
ASKS = ["Raise the allowance to £3000 – now", "Café visits for Zoë"]


def _csv(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


def _text(*rows: str) -> str:
    return "\r\n".join([HEADER, *rows]) + "\r\n"


def _load(path: Path):  # type: ignore[no-untyped-def]
    [source] = open_sources(path)
    return source, source.load(0)


@pytest.mark.parametrize(
    ("encoding", "bom"),
    [
        ("utf-16-le", b"\xff\xfe"),
        ("utf-16-be", b"\xfe\xff"),
        ("utf-16-le", b""),
        ("utf-16-be", b""),
        ("utf-8", b"\xef\xbb\xbf"),
        ("cp1252", b""),
    ],
)
def test_utf16_and_legacy_text_read_the_same(tmp_path: Path, encoding: str, bom: bytes) -> None:
    """Excel 'Unicode Text' and PowerShell exports are UTF-16, with or without a BOM."""
    path = _csv(tmp_path, "board.csv", bom + _text(*ROWS).encode(encoding))
    _, table = _load(path)
    assert table.header[0] == "Action ID"
    assert table.columns[3].to_pylist() == ASKS
    assert table.columns[2].to_pylist() == ["Your Home", "Your Voice"]


def test_one_windows_1252_line_in_a_utf8_file_garbles_nothing(tmp_path: Path) -> None:
    data = _text(*ROWS).encode("utf-8") + "A3,13/09/2023,Your Home,Fees – £5,x,Open,\r\n".encode(
        "cp1252"
    )
    source, table = _load(_csv(tmp_path, "mixed.csv", data))
    assert table.columns[3].to_pylist() == [*ASKS, "Fees – £5"]
    assert source.notes == ["1 line not in UTF-8 (line 4) read as Windows-1252; the rest as UTF-8"]


def test_a_byte_no_encoding_explains_is_refused_naming_the_line(tmp_path: Path) -> None:
    data = _text(*ROWS).encode("utf-8") + b"A3,13/09/2023,Your Home,\x81\x8d\x90,x,Open,\r\n"
    with pytest.raises(InputError, match=r"bad\.csv: line 4 holds a byte \(0x81\)"):
        open_sources(_csv(tmp_path, "bad.csv", data))


def test_unclosed_quote_is_refused_naming_the_row(tmp_path: Path) -> None:
    text = _text('A1,12/09/2023,Your Home,"Raise it,Director,Open,', *ROWS)
    with pytest.raises(InputError) as caught:
        _load(_csv(tmp_path, "open.csv", text.encode()))
    line = caught.value.one_line()
    assert "a quote that opens a cell in row 2 (line 2) is never closed (unclosed_quote)" in line
    assert "lines 2 to 4 would be read as one record" in line


def test_a_quote_closed_records_later_is_refused_too(tmp_path: Path) -> None:
    text = _text('A1,12/09/2023,Your Home,"Raise it,Director,Open,', *ROWS, 'A4,x,y,z",a,b,c')
    with pytest.raises(InputError, match=r"row 2 .* never closed"):
        _load(_csv(tmp_path, "swallow.csv", text.encode()))


def test_text_after_a_closing_quote_is_refused(tmp_path: Path) -> None:
    text = _text('A1,12/09/2023,Your Home,"Raise"it,Director,Open,', *ROWS)
    with pytest.raises(InputError, match=r"row 2 \(line 2\) has text after a closing quote"):
        _load(_csv(tmp_path, "after.csv", text.encode()))


def test_a_quoted_note_over_several_lines_is_still_one_record(tmp_path: Path) -> None:
    text = _text('A1,12/09/2023,Your Home,"Line one\nline two, with a comma",Director,Open,')
    _, table = _load(_csv(tmp_path, "note.csv", text.encode()))
    assert table.columns[3].to_pylist() == ["Line one\nline two, with a comma"]


def test_a_line_over_128_kb_is_read(tmp_path: Path) -> None:
    long_note = "x" * 300_000
    text = _text(f'A1,12/09/2023,Your Home,"{long_note}",Director,Open,', ROWS[1])
    _, table = _load(_csv(tmp_path, "long.csv", text.encode()))
    assert [len(v) for v in table.columns[3].to_pylist()] == [300_000, len(ASKS[1])]


# --------------------------------------------------------------------------- workbooks


def _workbook(path: Path, far: tuple[int, int] | None = None, top: int = 0, left: int = 0):
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Actions")
    sheet.write_row(top, left, HEADER.split(","))
    sheet.write_row(top + 1, left, ["A1", "12/09/2023", "Your Home", "Ask", "Dir", "Open", ""])
    sheet.write_formula(top + 2, left, '="A2"', None, "A2")
    sheet.write_row(top + 2, left + 1, ["x", "Your Voice", "Ask", "Dir", "Open"])
    sheet.write_formula(top + 2, left + 6, "=1/0", None, "#DIV/0!")
    if far is not None:
        sheet.write(*far, "stray")
    book.close()
    return path


@pytest.mark.parametrize(
    ("far", "cell"), [((1048575, 16383), "XFD1048576"), ((199999, 701), "ZZ200000")]
)
def test_a_stray_cell_far_away_is_refused_quickly_naming_it(
    tmp_path: Path, far: tuple[int, int], cell: str
) -> None:
    path = _workbook(tmp_path / "far.xlsx", far)
    started = time.perf_counter()
    [source] = open_sources(path)
    with pytest.raises(InputError) as caught:
        source.preview()
    assert time.perf_counter() - started < 20  # was 76 s and 5.6 GB, or a Rust abort
    line = caught.value.one_line()
    assert f"sheet 'Actions' of far.xlsx reaches as far as {cell}" in line
    assert f"Delete the stray content at {cell} in Excel" in line


def test_empty_rows_and_columns_before_the_data_keep_excel_numbers(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "offset.xlsx", top=4, left=2)
    [source] = open_sources(path)
    assert source.preview()[0][2] == "Action ID"
    table = source.load(0)
    assert table.header_row == 5
    assert table.row_numbers.to_pylist() == [6, 7]
    assert table.header[2:4] == ["Action ID", "Date raised"]


def test_excel_error_values_are_reported_not_blanked(
    tmp_path: Path, ingest: Ingest, workspace: Workspace
) -> None:
    path = _workbook(tmp_path / "errors.xlsx")
    report = ingest(path)
    assert report.rows_read == 2
    rules = {(i["row"], i["column"], i["rule"]) for i in issues_of(workspace, "errors.xlsx")}
    assert (3, "delivered_date", "excel_error") in rules


def test_a_formula_saved_without_its_value_is_named(tmp_path: Path) -> None:
    from cpkit.ingest.extent import UNCALCULATED, xlsx_extents

    path = _workbook(tmp_path / "formula.xlsx")
    import zipfile

    with zipfile.ZipFile(path) as package:
        members = {n: package.read(n) for n in package.namelist()}
    sheet = "xl/worksheets/sheet1.xml"
    members[sheet] = members[sheet].replace(b"<v>A2</v>", b"")
    with zipfile.ZipFile(path, "w") as package:
        for name, data in members.items():
            package.writestr(name, data)
    assert xlsx_extents(str(path))["Actions"].overrides[(2, 0)] == UNCALCULATED
    [source] = open_sources(path)
    assert source.load(0).columns[0].to_pylist() == ["A1", UNCALCULATED]


# --------------------------------------------------------------------------- values


@pytest.mark.parametrize("value", ["05/04/2023 25:99", "05/04/2023 23:60", "00000", "01234"])
def test_impossible_times_and_serials_are_not_dates(value: str) -> None:
    with pytest.raises(Reject):
        parse_date(value)


def test_a_real_time_and_a_real_serial_are_still_dates() -> None:
    assert str(parse_date("05/04/2023 23:59")) == "2023-04-05"
    assert str(parse_date("45000")) == "2023-03-15"


def test_an_integer_beyond_64_bits_is_out_of_range() -> None:
    with pytest.raises(Reject, match="far too large"):
        parse_int("9" * 40, None, None)


@pytest.mark.parametrize(
    ("name", "year"), [("oc3_2019_to_2024", None), ("oc3_2024", 2024), ("oc3_2023-24", 2024)]
)
def test_a_file_name_with_two_years_is_not_guessed(name: str, year: int | None) -> None:
    assert parse_collection_year(name) == year


def test_a_name_typed_beside_the_headers_is_not_stored(
    tmp_path: Path, ingest: Ingest, workspace: Workspace
) -> None:
    text = _text(*ROWS).replace(HEADER, HEADER + ",Jane Smith,Worker", 1)
    text = text.replace(",Open,\r\n", ",Open,,,team\r\n")
    report = ingest(_csv(tmp_path, "beside.csv", text.encode()))
    assert report.committed
    manifest = (workspace.warehouse_dir / "_manifest.json").read_text()
    assert "Jane Smith" not in manifest
    assert "Worker" in manifest  # a real column, with values, is still named
    assert read_table(workspace, "SELECT count(*) FROM board_actions") == [(2,)]
