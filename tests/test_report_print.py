"""The report printed to A4 by headless Chromium: how many pages, how full, nothing in the
margins, page numbers in the footer, and a contents list whose page numbers are right.

benchmarks/print_report.py prints the same figures for any report. Skips when Chromium or
poppler-utils (pdftoppm, pdftotext) are not installed.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from conftest import report_file
from cpkit.render.browser import chromium, find_chromium, page_fill, print_pdf, too_wide
from cpkit.render.report import ReportResult

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        find_chromium() is None, reason="Chromium is not installed (apt install chromium)"
    ),
    pytest.mark.skipif(
        shutil.which("pdftoppm") is None or shutil.which("pdftotext") is None,
        reason="poppler-utils is not installed (apt install poppler-utils)",
    ),
]
MOST_PAGES = 28  # the sample prints to 26 A4 pages, 21 before its children in care section
# (before this layout: 33, 18 under 60% full)
HALF_FULL = 0.5


def page_texts(pdf: Path) -> list[str]:
    text = subprocess.run(
        ["pdftotext", "-q", str(pdf), "-"], capture_output=True, check=True, text=True
    ).stdout
    return [" ".join(page.split()) for page in text.split("\f")]


@pytest.fixture(scope="module")
def browser() -> Any:
    """One headless Chromium for the module's prints and checks."""
    with chromium() as launched:
        yield launched


@pytest.fixture(scope="module")
def printed(
    sample_reports: dict[str, ReportResult], browser: Any, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, list[str], list[str]]:
    """The public sample report printed to PDF; its section titles; blocks too wide."""
    report = sample_reports["public"]
    html = report_file(report, ".html")
    pdf = print_pdf(browser, html, tmp_path_factory.mktemp("print") / "report.pdf")
    wide = too_wide(browser, html)
    titles = [f"{s.number}. {s.title}" if s.number else s.title for s in report.sections]
    return pdf, titles, wide


def test_the_sample_prints_on_few_well_filled_pages(
    printed: tuple[Path, list[str], list[str]],
) -> None:
    pdf, _, wide = printed
    fills = [round(fill, 2) for fill in page_fill(pdf)]
    assert 8 <= len(fills) <= MOST_PAGES, fills
    assert all(fill >= HALF_FULL for fill in fills[:-1]), fills  # the last page may end early
    assert wide == [], f"wider than the page: {wide}"


def test_every_page_but_the_cover_is_numbered(printed: tuple[Path, list[str], list[str]]) -> None:
    texts = page_texts(printed[0])[: len(page_fill(printed[0]))]
    total = len(texts)
    assert "Page 1 of" not in texts[0]
    for number, text in enumerate(texts[1:], start=2):
        assert f"Page {number} of {total}" in text


def test_the_contents_list_gives_the_page_of_every_section(
    printed: tuple[Path, list[str], list[str]],
) -> None:
    pdf, titles, _ = printed
    texts = page_texts(pdf)
    contents = texts[0]
    for title in titles:
        start = contents.index(title) + len(title)
        page = int(contents[start:].split()[0])
        assert title in texts[page - 1], f"{title!r} is not on page {page}"
    assert "cpkitpagemark" not in " ".join(texts)  # the markers are gone from the final print


def test_the_check_sees_a_table_too_wide_for_the_page(tmp_path: Path, browser: Any) -> None:
    html = tmp_path / "wide.html"
    html.write_text(
        "<!DOCTYPE html><html lang='en'><title>t</title><main><div class='table-wrap' "
        "aria-label='Input files' style='overflow-x:auto'><table><tr><td "
        "style='white-space:nowrap'>" + "a-long-unbreakable-value " * 12 + "</td></tr></table>"
        "</div></main></html>",
        encoding="utf-8",
    )
    assert too_wide(browser, html) == ["div: Input files"]
