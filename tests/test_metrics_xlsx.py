"""``cpkit metrics AREA --format xlsx``: a workbook with the same figures as --format json,
read back with python-calamine (as Excel-compatible readers see it)."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Any

import pytest
from python_calamine import CalamineWorkbook

from conftest import Cli, Ingest
from cpkit.render.metrics_workbook import COMPARISONS, FIELDS, category_heading
from cpkit.workspace import Workspace

FRONT = ["Cover", "Contents", "Notes"]


def _tables(path: Path) -> dict[str, tuple[str, list[dict[str, Any]]]]:
    """Each table sheet: its title (cell A1) and its rows as dicts by header."""
    book = CalamineWorkbook.from_path(str(path))
    found = {}
    for name in book.sheet_names[len(FRONT) :]:
        rows = book.get_sheet_by_name(name).to_python()
        top = next(i for i, row in enumerate(rows) if sum(1 for c in row if c != "") > 1)
        headers = rows[top]
        found[name] = (
            rows[0][0],
            [dict(zip(headers, row, strict=True)) for row in rows[top + 1 :]],
        )
    return found


def _figures(path: Path) -> dict[tuple[str, tuple[tuple[str, str], ...]], dict[str, Any]]:
    """Every figure row of the workbook, keyed as the JSON keys a record: id and group."""
    figures = {}
    for _, rows in _tables(path).values():
        for row in rows:
            if "Value" not in row:
                continue
            group = []
            for header in row:
                key = header.lower().replace(" ", "_")
                if header in ("Metric id", "Metric", "Unit") or key.endswith("_code"):
                    continue
                if header in FIELDS.values() or header in COMPARISONS.values():
                    continue
                group.append((key, str(row.get(f"{header} code", row[header]))))
            figures[(row["Metric id"], tuple(sorted(group)))] = row
    return figures


def _as_json(cell: Any) -> Any:
    """A workbook cell as the JSON has it: shorthand as null, numbers to the 15 significant
    digits a spreadsheet keeps (xlsxwriter writes 16: Excel's own precision)."""
    if cell in ("[c]", "[x]", "[z]"):
        return None
    return pytest.approx(cell, rel=1e-14, abs=1e-15) if isinstance(cell, float) else cell


def test_metrics_xlsx_has_the_figures_of_metrics_json(
    sample_workspace: Workspace, cli: Cli, tmp_path: Path
) -> None:
    root = sample_workspace.root
    args = ("metrics", "advocacy", "--year", "2023-24", "-w", root)
    document = json.loads(cli(*args, "--format", "json").out)
    out = tmp_path / "advocacy.xlsx"
    written = cli(*args, "--format", "xlsx", "--out", out)
    assert written.code == 0, written.err
    assert f"Written: {out}" in written.out

    book = CalamineWorkbook.from_path(str(out))
    assert book.sheet_names[:4] == [*FRONT, "Table_1"]
    tables = _tables(out)
    assert tables["Table_1"][0].startswith("Headline figures")
    figures = _figures(out)
    assert len(figures) == len(document["metrics"])  # every record, once
    checked = 0
    for record in document["metrics"]:
        group = tuple(sorted(record["group"].items()))
        row = figures[(record["id"], group)]
        assert row["Unit"] == record["unit"]
        for key, header in FIELDS.items():
            if key in record:
                assert record[key] == _as_json(row[header]), (record["id"], key)
        for key, value in record["comparisons"].items():
            if key in COMPARISONS:
                assert value == _as_json(row[COMPARISONS[key]]), (record["id"], key)
                checked += 1
        assert isinstance(row["Value"], float)  # a number, not text
    assert checked > 100
    definitions = next(rows for title, rows in tables.values() if title.startswith("Definitions"))
    assert {r["Metric id"] for r in definitions} == set(document["definitions"])


def test_the_workbook_follows_the_spreadsheet_guidance(
    sample_workspace: Workspace, cli: Cli, tmp_path: Path
) -> None:
    out = tmp_path / "iv.xlsx"
    result = cli(
        "metrics", "iv", "-y", "2023-24", "-f", "xlsx", "-o", out, "-w", sample_workspace.root
    )
    assert result.code == 0, result.err
    with zipfile.ZipFile(out) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/sheet")]
        assert all(b"<mergeCell" not in archive.read(n) for n in sheets)  # no merged cells
        assert len([n for n in archive.namelist() if n.startswith("xl/tables/")]) == len(sheets) - 1
    book = CalamineWorkbook.from_path(str(out))
    contents = book.get_sheet_by_name("Contents").to_python()
    listed = [row[0] for row in contents[3:]]
    assert listed == book.sheet_names[len(FRONT) :]  # the contents lists every table
    notes = [row[1] for row in book.get_sheet_by_name("Notes").to_python()[3:]]
    assert any(n.startswith("Not for publication") for n in notes)  # the private version


def test_public_xlsx_shows_hidden_figures_as_c_with_its_note(
    workspace: Workspace, ingest: Ingest, cli: Cli, tmp_path: Path
) -> None:
    """Three referrals: every count about them is small, so [c] where JSON has null."""
    ingest("advocacy_comma.csv")
    args = ("metrics", "advocacy", "-y", "2023-24", "--public", "-w", workspace.root)
    document = json.loads(cli(*args, "-f", "json").out)
    hidden = [r for r in document["metrics"] if r.get("suppressed")]
    assert hidden
    out = tmp_path / "public.xlsx"
    cli(*args, "-f", "xlsx", "-o", out)
    figures = _figures(out)
    for record in hidden:
        row = figures[(record["id"], tuple(sorted(record["group"].items())))]
        assert row["Value"] == "[c]"
    book = CalamineWorkbook.from_path(str(out))
    notes = [row[1] for row in book.get_sheet_by_name("Notes").to_python()[3:]]
    assert notes[0].startswith("[c] marks a confidential figure: a count from 1 to 4")
    figure_cells = [c for row in figures.values() for c in row.values()]
    assert 3 not in figure_cells  # the small count itself appears in no figure table


@pytest.mark.parametrize(
    ("extra", "says"),
    [
        ((), "an xlsx workbook is a file and cannot be written to standard output"),
        (("--out", "-"), "an xlsx workbook is a file"),
        (("--out", "figures.csv"), "is not an .xlsx file"),
    ],
)
def test_xlsx_needs_a_file(
    workspace: Workspace, cli: Cli, extra: tuple[str, ...], says: str
) -> None:
    result = cli("metrics", "advocacy", "-y", "2023-24", "-f", "xlsx", *extra, "-w", workspace.root)
    assert result.code == 2
    lines = [line for line in result.err.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("Error: ") and says in lines[0], result.err


def test_out_writes_csv_with_a_byte_order_mark_for_excel(
    sample_workspace: Workspace, cli: Cli, tmp_path: Path
) -> None:
    out = tmp_path / "iv.csv"
    cli("metrics", "iv", "-y", "2023-24", "-f", "csv", "-o", out, "-w", sample_workspace.root)
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    shown = cli("metrics", "iv", "-y", "2023-24", "-f", "csv", "-w", sample_workspace.root).out
    assert data.decode("utf-8-sig") == shown


def test_category_heading() -> None:
    assert category_heading("source_group") == "Source group"
