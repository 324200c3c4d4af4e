"""The scorecard as Word and Excel (issue 12: "HTML, and docx/xlsx once those formats
exist"), read back: one landscape Word table with the HTML's columns and words, and an
Analysis Function workbook with the same figures as numbers."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import pytest

from conftest import Cli
from cpkit.periods import Period
from cpkit.render.scorecard import ScorecardResult, render_scorecard
from cpkit.render.scorecard.model import Row, Scorecard
from cpkit.workspace import Workspace

docx = pytest.importorskip("docx", reason="the office extra (python-docx) is not installed")


@pytest.fixture(scope="module")
def written(
    sample_workspace: Workspace, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, ScorecardResult]:
    """Q4 2023-24 (html, docx, xlsx) and the public year (docx, xlsx), rendered once."""
    return {
        "Q4": render_scorecard(
            sample_workspace,
            Period.parse("2023-24-Q4"),
            formats=("html", "docx", "xlsx"),
            out=tmp_path_factory.mktemp("q4"),
        ),
        "public": render_scorecard(
            sample_workspace,
            Period.parse("2023-24"),
            formats=("docx", "xlsx"),
            out=tmp_path_factory.mktemp("public"),
            public=True,
        ),
    }


def _path(result: ScorecardResult, suffix: str) -> Path:
    return next(p for p in result.paths if p.suffix == suffix)


def _html_headings(html: Path) -> list[str]:
    text = html.read_text(encoding="utf-8").split("<thead>")[1].split("</thead>")[0]
    cells = re.findall(r"<th scope=\"col\"[^>]*>(.*?)</th>", text, re.S)
    return [" ".join(unescape(re.sub(r"<[^>]+>", " ", c)).split()) for c in cells]


def _row(card: Scorecard, measure: str) -> Row:
    return next(r for r in card.rows if str(r.measure) == measure)


def test_docx_is_one_landscape_table_with_the_pages_columns_and_words(
    written: dict[str, ScorecardResult],
) -> None:
    result = written["Q4"]
    card = result.scorecard
    document = docx.Document(str(_path(result, ".docx")))
    part = document.sections[0]
    assert part.page_width > part.page_height  # landscape
    assert round(part.page_width.cm, 1) == 29.7 and round(part.page_height.cm, 1) == 21.0
    assert len(document.tables) == 1
    table = document.tables[0]
    headings = [cell.text for cell in table.rows[0].cells]
    assert [h.replace("Trend,", "Trend") for h in headings] == _html_headings(
        _path(result, ".html")
    )
    assert len(table.rows) == 1 + len(card.rows) == 26
    by_measure = {row.cells[1].text: row for row in table.rows[1:]}
    awaiting = by_measure["Children awaiting an independent visitor"]
    texts = [c.text for c in awaiting.cells]
    direction = headings.index("Direction")
    assert texts[2:8] == ["at 31 Mar 2024", "44", "", "32", "+12 (+38%)", "40"]
    assert texts[direction] == "▲ Worse"  # in words, with the symbol: never colour alone
    assert all(run.bold for run in awaiting.cells[direction].paragraphs[0].runs)
    eet = [
        c.text
        for c in by_measure[
            "Care leavers aged 19 to 21 in education, employment or training2"
        ].cells
    ]
    assert eet[3:6] == ["56%", "440 of 786", "56% (2022-23)"]  # the footnote mark follows the title
    for row in card.rows:  # every direction as on the page
        cells = next(r.cells for r in table.rows[1:] if r.cells[1].text.startswith(row.title))
        assert cells[direction].text == f"{row.direction.symbol} {row.direction.word}"
    listed = next(p.text for p in document.paragraphs if p.text.startswith("Got worse since"))
    assert all(row.title in listed for row in card.worse) and len(card.worse) == 6
    notes = [p.text for p in document.paragraphs]
    assert any(n.startswith("2. Annual figure for 2023-24") for n in notes)
    assert any(n.startswith("Not for publication") for n in notes)


def test_docx_merges_each_area_once_beside_its_rows(written: dict[str, ScorecardResult]) -> None:
    document = docx.Document(str(_path(written["Q4"], ".docx")))
    column = [row.cells[0].text for row in document.tables[0].rows[1:]]
    assert column[:3] == ["Advocacy"] * 3  # one merged cell, read from each row it spans
    assert [a for i, a in enumerate(column) if i == 0 or a != column[i - 1]] == [
        a.title for a in written["Q4"].scorecard.areas
    ]


def test_public_docx_and_xlsx_hide_what_the_page_hides(
    written: dict[str, ScorecardResult],
) -> None:
    from python_calamine import CalamineWorkbook

    result = written["public"]
    awaiting = _row(result.scorecard, "mentoring.mentees_awaiting")
    assert awaiting.value.text == "[c]"
    document = docx.Document(str(_path(result, ".docx")))
    row = next(
        r for r in document.tables[0].rows if r.cells[1].text == "Young people awaiting a mentor"
    )
    assert [c.text for c in row.cells[3:7]] == ["[c]", "", "[c]", "–"]
    assert any("[c] is a count of fewer than 5" in p.text for p in document.paragraphs)
    book = CalamineWorkbook.from_path(str(_path(result, ".xlsx")))
    rows = book.get_sheet_by_name("Table_1").to_python()
    header = next(i for i, r in enumerate(rows) if r[0] == "Area")
    found = next(r for r in rows[header:] if r[1] == "Young people awaiting a mentor")
    values = dict(zip(rows[header], found, strict=True))
    assert (values["2023-24"], values["2022-23"], values["Numerator"]) == ("[c]", "[c]", "[z]")
    cells = [c for r in rows[header + 1 :] for c in r[4:8]]
    assert all(not (isinstance(c, float) and c in (1, 2, 3, 4)) for c in cells[::4])


def test_xlsx_has_the_figures_as_numbers_and_the_direction_in_words(
    written: dict[str, ScorecardResult],
) -> None:
    from python_calamine import CalamineWorkbook

    result = written["Q4"]
    book = CalamineWorkbook.from_path(str(_path(result, ".xlsx")))
    assert book.sheet_names == ["Cover", "Contents", "Notes", "Table_1"]
    rows = book.get_sheet_by_name("Table_1").to_python()
    assert rows[0][0] == "Corporate parenting board scorecard: Q4 2023-24 (January to March 2024)"
    header = next(i for i, r in enumerate(rows) if r[0] == "Area")
    titles = rows[header]
    table = {r[1]: dict(zip(titles, r, strict=True)) for r in rows[header + 1 :]}
    assert len(table) == 25
    referrals = table["Advocacy referrals received"]
    assert (referrals["Q4 2023-24"], referrals["Q4 2022-23"], referrals["Q3 2023-24"]) == (
        170.0,
        145.0,
        177.0,
    )
    assert (referrals["Change"], referrals["Change (%)"], referrals["Direction"]) == (
        25.0,
        0.17,
        "Up",
    )
    assert referrals["Higher or lower is better"] == "no better direction"
    icpc = table["Young people aged 15-17 referred at an ICPC who accessed advocacy"]
    assert (icpc["Q4 2023-24"], icpc["Numerator"], icpc["Denominator"]) == (0.14, 1.0, 7.0)
    assert icpc["Direction"] == "Worse" and icpc["Change (%)"] == "[z]"  # points, not %
    eet = table["Care leavers aged 19 to 21 in education, employment or training"]
    assert (eet["Q4 2023-24"], eet["Period of Q4 2022-23 figure"], eet["England"]) == (
        0.56,
        "2022-23",
        0.54,
    )
    assert eet["Benchmark year"] == "2023-24" and eet["Notes"].startswith("Annual figure")
    assert table["Apprentices in post"]["Target year"] == "2023-24"
    worse = sorted(t for t, r in table.items() if r["Direction"] == "Worse")
    assert worse == sorted(r.title for r in result.scorecard.worse)


def test_cli_writes_every_format_asked_for(
    cli: Cli, sample_workspace: Workspace, tmp_path: Path
) -> None:
    result = cli(
        "report",
        "scorecard",
        "--period",
        "2023-24-Q3",
        "--format",
        "docx,xlsx",
        "--out",
        tmp_path,
        "-w",
        sample_workspace.root,
    )
    assert result.code == 0, result.err
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "scorecard-2023-24-Q3.docx",
        "scorecard-2023-24-Q3.xlsx",
    ]  # no HTML unless asked for
    bad = cli(
        "report", "scorecard", "--period", "2023-24-Q3", "-f", "odt", "-w", sample_workspace.root
    )
    assert bad.code == 2 and "unknown scorecard format 'odt'" in bad.err
    assert "html, pdf, docx, xlsx" in bad.err
