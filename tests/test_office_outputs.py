"""Word and Excel versions of the annual report: the same sections as the HTML, as Word and
Excel users need them (headings, tables, alt text; one table per sheet, numbers as numbers)."""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from cpkit.periods import FinancialYear
from cpkit.render.cells import parse_cell, split_columns
from cpkit.render.report import ReportResult, render_annual_report
from cpkit.workspace import Workspace

docx = pytest.importorskip("docx", reason="the office extra (python-docx) is not installed")

YEAR = FinancialYear.parse("2023-24")
EPOCH = "1717200000"


def _render(workspace: Workspace, out: Path, **options: object) -> ReportResult:
    patch = pytest.MonkeyPatch()
    patch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    try:
        return render_annual_report(workspace, YEAR, out=out, **options)  # type: ignore[arg-type]
    finally:
        patch.undo()


@pytest.fixture(scope="module")
def office(sample_reports: dict[str, ReportResult]) -> dict:
    """The private and public report as md, html, docx and xlsx (rendered once per session)."""
    found: dict = {}
    for kind, result in sample_reports.items():
        for path in result.paths:
            found[(kind, path.suffix)] = path
        found[(kind, "sections")] = result.sections
    return found


def _headings(document) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    return [
        (p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")
    ]


def test_docx_has_every_section_as_a_word_heading(office: dict) -> None:
    document = docx.Document(str(office[("private", ".docx")]))
    headings = _headings(document)
    level_one = [text for style, text in headings if style == "Heading 1"]
    sections = office[("private", "sections")]
    expected = [f"{s.number}. {s.title}" if s.number else s.title for s in sections]
    assert level_one == ["Contents", *expected]
    assert any(style == "Heading 2" for style, _ in headings)  # block sub-headings
    # the heading styles carry outline levels, so the navigation pane lists them
    assert document.styles["Heading 1"].element.xpath("./w:pPr/w:outlineLvl") or (
        document.styles["Heading 1"].base_style is not None
    )


def test_docx_tables_are_real_tables_with_repeating_header_rows(office: dict) -> None:
    document = docx.Document(str(office[("private", ".docx")]))
    sections = office[("private", "sections")]
    in_model = sum(1 for s in sections for b in s.blocks if b.kind == "table")
    charts = sum(1 for s in sections for b in s.blocks if b.chart is not None)
    assert len(document.tables) >= in_model + charts  # each chart has its data table
    for table in document.tables:
        first = table.rows[0]._tr
        assert first.xpath("./w:trPr/w:tblHeader"), "header row must repeat on each page"
        assert all(run.bold for cell in table.rows[0].cells for run in cell.paragraphs[0].runs)
    you_said = [t for t in document.tables if t.rows[0].cells[0].text == "You said"]
    assert you_said and you_said[0].rows[0].cells[1].text == "We did"


def test_docx_charts_are_pngs_with_alt_text_and_captions(office: dict) -> None:
    document = docx.Document(str(office[("private", ".docx")]))
    sections = office[("private", "sections")]
    charts = [b.chart for s in sections for b in s.blocks if b.chart is not None]
    pictures = document.inline_shapes
    assert len(pictures) == len(charts)
    for shape, chart in zip(pictures, charts, strict=True):
        properties = shape._inline.docPr
        assert properties.get("descr") == chart.alt and chart.alt
        assert properties.get("title") == chart.title
    captions = [p.text for p in document.paragraphs if p.style.name == "Caption"]
    assert captions.count(f"Figure 1: {charts[0].title}") == 1
    with zipfile.ZipFile(office[("private", ".docx")]) as package:
        images = [n for n in package.namelist() if n.startswith("word/media/")]
        assert images and all(n.endswith(".png") for n in images)
        # print resolution: 300 dpi PNGs (pHYs chunk: 11811 pixels per metre)
        png = package.read(images[0])
        assert b"pHYs" in png and (11811).to_bytes(4, "big") in png


def test_docx_has_a_contents_field_page_numbers_and_the_banner(office: dict) -> None:
    with zipfile.ZipFile(office[("private", ".docx")]) as package:
        body = package.read("word/document.xml").decode()
        footer = "".join(package.read(n).decode() for n in package.namelist() if "footer" in n)
        settings = package.read("word/settings.xml").decode()
    assert 'TOC \\o "1-2"' in body
    assert " PAGE " in footer and " NUMPAGES " in footer
    assert "<w:updateFields" in settings
    private = docx.Document(str(office[("private", ".docx")]))
    public = docx.Document(str(office[("public", ".docx")]))
    assert any("Not for publication" in p.text for p in private.paragraphs[:6])
    assert any("are shown as [c]" in p.text for p in public.paragraphs[:6])


def test_public_docx_carries_only_what_the_public_html_carries(office: dict) -> None:
    """Every table cell of the public Word document is a cell of the public model, and no
    cell of the private model that the public one hides appears in it."""
    document = docx.Document(str(office[("public", ".docx")]))
    sections = office[("public", "sections")]
    model_cells = {
        cell
        for s in sections
        for b in s.blocks
        for row in (b.rows if b.kind == "table" else b.chart.table_rows if b.chart else [])
        for cell in row
    }
    word_cells = {c.text for t in document.tables for row in t.rows[1:] for c in row.cells}
    narrative_tables = {c for c in word_cells if c not in model_cells}
    assert not narrative_tables - _narrative_cells(sections)
    assert "[c]" in word_cells


def _narrative_cells(sections: list) -> set[str]:
    """Cells of Markdown tables inside narrative text (not in the model's table blocks)."""
    cells: set[str] = set()
    for section in sections:
        for block in section.blocks:
            if block.kind == "narrative":
                for line in block.text.splitlines():
                    if line.startswith("|"):
                        cells |= {c.strip() for c in line.strip("|").split("|")}
    return cells


def test_text_from_data_is_text_in_word(sample_workspace: Workspace, tmp_path: Path) -> None:
    from cpkit.render.model import Section
    from cpkit.render.office import DocumentInfo
    from cpkit.render.word import write_docx

    hostile = '<w:p><w:r><w:t>injected</w:t></w:r></w:p> {{ 7*7 }} =HYPERLINK("x") ]]>'
    section = Section("s", 1, hostile)
    section.add("paragraph", text=hostile)
    section.add("narrative", text="**bold** [link](javascript:alert(1)) <script>x</script>")
    section.add("table", caption=hostile, headers=["A", "B"], rows=[[hostile, "1"]])
    info = DocumentInfo("T", "O", "P", False, 5, "0", _epoch())
    path = write_docx(info, [section], tmp_path / "x.docx")
    document = docx.Document(str(path))
    texts = [p.text for p in document.paragraphs]
    assert hostile in texts and "1. " + hostile in texts
    assert document.tables[0].rows[1].cells[0].text == hostile
    assert any("<script>x</script>" in t for t in texts)
    assert any("(javascript:alert(1))" in t for t in texts)  # shown, never a live link
    with zipfile.ZipFile(path) as package:
        assert "injected</w:t></w:r></w:p>" not in package.read("word/document.xml").decode()
        assert "hyperlink" not in package.read("word/document.xml").decode()


def _epoch():  # type: ignore[no-untyped-def]
    import datetime as dt

    return dt.datetime.fromtimestamp(int(EPOCH), dt.UTC)


def test_reference_docx_styles_header_and_footer_are_kept(
    sample_workspace: Workspace, tmp_path: Path
) -> None:
    template = docx.Document()
    template.styles["Normal"].font.name = "Verdana"
    template.sections[0].header.paragraphs[0].text = "Birmingham City Council: OFFICIAL"
    template.sections[0].footer.paragraphs[0].text = "Council footer"
    template.add_paragraph("Template body text that must not appear")
    reference = tmp_path / "council.docx"
    template.save(str(reference))
    result = _render(
        sample_workspace, tmp_path / "out", formats=("docx",), reference_docx=reference
    )
    document = docx.Document(str(result.paths[0]))
    assert document.styles["Normal"].font.name == "Verdana"
    assert document.sections[0].header.paragraphs[0].text == "Birmingham City Council: OFFICIAL"
    assert document.sections[0].footer.paragraphs[0].text == "Council footer"
    assert all("Template body text" not in p.text for p in document.paragraphs)
    assert _headings(document)


def test_a_reference_that_is_not_a_word_document_is_one_error(
    sample_workspace: Workspace, tmp_path: Path, cli
) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "template.docx"
    bad.write_text("not a zip", encoding="utf-8")
    result = cli(
        "report", "annual", "--year", "2023-24", "--format", "docx",
        "--reference-docx", bad, "--out", tmp_path / "o", "--workspace", sample_workspace.root,
    )  # fmt: skip
    assert result.code == 2
    assert result.err.startswith("Error: --reference-docx")
    assert "is not a Word document" in result.err and len(result.err.splitlines()) == 1
    assert not (tmp_path / "o").exists()  # refused before any work


# ---------------------------------------------------------------------------- Excel


def test_every_format_names_the_software_that_drew_it(office: dict) -> None:
    """The provenance's Software row: cpkit and the libraries' installed versions."""
    from cpkit.versions import versions_line

    line = versions_line()
    assert "duckdb " in line and "matplotlib " in line and "python-docx " in line
    for version in ("private", "public"):
        assert line in office[(version, ".md")].read_text(encoding="utf-8")
        assert line in office[(version, ".html")].read_text(encoding="utf-8")
        document = docx.Document(str(office[(version, ".docx")]))
        cells = {c.text for t in document.tables for r in t.rows for c in r.cells}
        assert line in cells


def test_xlsx_follows_the_spreadsheet_guidance(office: dict) -> None:
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_path(str(office[("private", ".xlsx")]))
    names = book.sheet_names
    assert names[:3] == ["Cover", "Contents", "Notes"]
    tables = names[3:]
    sections = office[("private", "sections")]
    blocks = sum(1 for s in sections for b in s.blocks if b.kind == "table" and b.headers)
    charts = sum(1 for s in sections for b in s.blocks if b.chart is not None)
    assert len(tables) == blocks + charts
    contents = book.get_sheet_by_name("Contents").to_python()
    assert [row[0] for row in contents[3:]] == tables  # every table sheet listed
    for name in tables:
        rows = book.get_sheet_by_name(name).to_python()
        assert rows[0][0] and rows[1][0].startswith("This worksheet contains one table.")
    with zipfile.ZipFile(office[("private", ".xlsx")]) as package:
        xml = "".join(package.read(n).decode() for n in package.namelist() if "sheet" in n)
        assert "<mergeCell" not in xml
        assert sum(1 for n in package.namelist() if n.startswith("xl/tables/")) == len(names) - 1


def test_xlsx_numbers_are_numbers_and_hidden_cells_are_c(office: dict) -> None:
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_path(str(office[("public", ".xlsx")]))
    found_c = False
    numbers = 0
    for name in book.sheet_names[3:]:
        rows = book.get_sheet_by_name(name).to_python()
        for row in rows:
            found_c |= "[c]" in row
            numbers += sum(isinstance(v, float | int) and not isinstance(v, bool) for v in row)
            # no figure left as text: '12', '44%', '304 days' are numbers in the workbook
            for value in row[1:]:
                if isinstance(value, str) and value:
                    assert not parse_cell(value).is_number, (name, value)
    assert found_c and numbers > 100
    notes = book.get_sheet_by_name("Notes").to_python()
    assert any("[c] marks a confidential figure" in str(r[1]) for r in notes)


def test_xlsx_figure_matches_the_report(office: dict) -> None:
    """Figure 1's data in the workbook is the report's, count and share in their own cells."""
    from python_calamine import CalamineWorkbook

    sections = office[("private", "sections")]
    chart = next(b.chart for s in sections for b in s.blocks if b.chart is not None)
    book = CalamineWorkbook.from_path(str(office[("private", ".xlsx")]))
    sheet = next(
        n
        for n in book.sheet_names[3:]
        if book.get_sheet_by_name(n).to_python()[0][0].startswith("Data for figure 1:")
    )
    rows = book.get_sheet_by_name(sheet).to_python()
    header_at = next(i for i, r in enumerate(rows) if r[0] == chart.table_headers[0])
    first = chart.table_rows[0]
    headers, expected = split_columns(chart.table_headers, [first])
    assert rows[header_at] == headers
    assert rows[header_at + 1] == [parse_cell(c).value for c in expected[0]]


def test_cells_read_back_exactly_what_the_report_shows() -> None:
    assert parse_cell("1,234") == parse_cell("1234")
    assert parse_cell("1,234").value == 1234
    assert parse_cell("44%").value == 0.44 and parse_cell("44%").number_format == "0%"
    assert parse_cell("44.5%").value == 0.445
    assert parse_cell("£20,000").value == 20000
    assert parse_cell("304 days").number_format == '#,##0" days"'
    assert parse_cell("+11 pts").value == 11 and parse_cell("+11 pts").number_format.startswith("+")
    assert parse_cell("-1").value == -1
    assert parse_cell("[c]").value == "[c]" and parse_cell("–").value == "[x]"
    for text in ("30 by 2024-25", "6 of 6", "=1+1", "Birmingham", "2023-24", "12-14"):
        assert parse_cell(text).value == text
    headers, rows = split_columns(
        ["Group", "Matched", "Note"], [["A", "21 (58%)", "x (y)"], ["B", "[c]", "z"]]
    )
    assert headers == ["Group", "Matched", "Matched (%)", "Note"]
    assert rows == [["A", "21", "58%", "x (y)"], ["B", "[c]", "[c]", "z"]]


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_prints_the_docx(office: dict, tmp_path: Path) -> None:
    """LibreOffice opens the Word document and prints it: every section heading is in the
    PDF's text, and the pages are A4."""
    source = office[("private", ".docx")]
    subprocess.run(
        ["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
        check=True,
        capture_output=True,
        timeout=240,
        env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"},
    )
    pdf = tmp_path / (source.stem + ".pdf")
    assert pdf.is_file()
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    for section in office[("private", "sections")]:
        assert section.title.split(":")[0] in text
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    assert "(A4)" in info
    pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages")))
    assert 10 < pages < 40


def test_pdf_without_chromium_is_one_error_saying_how_to_install(
    sample_workspace: Workspace, tmp_path: Path, cli, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    import cpkit.render.browser as browser

    monkeypatch.setattr(browser, "find_chromium", lambda: None)
    result = cli(
        "report", "annual", "--year", "2023-24", "--format", "pdf",
        "--out", tmp_path / "o", "--workspace", sample_workspace.root,
    )  # fmt: skip
    assert result.code == 2
    assert result.err.startswith("Error: PDF output needs Chromium, which is not installed.")
    assert "apt install chromium" in result.err and len(result.err.splitlines()) == 1
    assert not (tmp_path / "o").exists()  # refused before any work


@pytest.mark.browser
@pytest.mark.skipif(shutil.which("chromium") is None, reason="Chromium is not installed")
def test_pdf_is_the_html_printed_by_chromium(sample_workspace: Workspace, tmp_path: Path) -> None:
    pytest.importorskip("playwright")
    result = _render(sample_workspace, tmp_path, formats=("pdf",))
    assert [p.suffix for p in result.paths] == [".pdf"]
    assert result.paths[0].read_bytes().startswith(b"%PDF")
    assert not list(tmp_path.glob("*.html"))  # the HTML printed was not asked for
