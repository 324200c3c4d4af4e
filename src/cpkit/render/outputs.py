"""The report's Word, Excel and PDF files, written from the sections the HTML is made of.

Word (render/word.py) and Excel (render/workbook.py) take the sections themselves; PDF is
the HTML printed by the system's Chromium (render/browser.py), so it looks exactly like the
HTML's print layout. Each of them needs something optional: python-docx for Word (the
``office`` extra), xlsxwriter for Excel, playwright and Chromium for PDF; a missing one is
one clear ``Error:`` saying how to install it.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from cpkit.errors import UsageError

if TYPE_CHECKING:
    from cpkit.render.model import Section
    from cpkit.render.office import DocumentInfo

EXTRA_HINT = "pip install 'cpkit[office]' (in the folder of a checkout: pip install -e '.[office]')"


def write_outputs(
    formats: Sequence[str],
    sections: list[Section],
    info: DocumentInfo,
    out_dir: Path,
    stem: str,
    html: Callable[[], Path],
    reference_docx: Path | None = None,
) -> list[list[Path]]:
    """The docx, xlsx and pdf files asked for (in ``formats`` order)."""
    written: list[list[Path]] = []
    for kind in formats:
        if kind == "docx":
            docx = out_dir / f"{stem}.docx"
            written.append([write_report_docx(info, sections, docx, reference_docx)])
        elif kind == "xlsx":
            written.append([write_report_xlsx(info, sections, out_dir / f"{stem}-tables.xlsx")])
        elif kind == "pdf":
            written.append([print_report_pdf(formats, html, out_dir / f"{stem}.pdf")])
    return written


def write_report_docx(
    info: DocumentInfo, sections: list[Section], path: Path, reference: Path | None
) -> Path:
    require("docx", "Word output needs python-docx")
    from cpkit.render.word import write_docx

    return write_docx(info, sections, path, reference)


def write_report_xlsx(info: DocumentInfo, sections: list[Section], path: Path) -> Path:
    require("xlsxwriter", "Excel output needs xlsxwriter")
    from cpkit.render.workbook import section_tables, write_workbook

    about = [
        f"The tables and chart data of the {info.title}, {info.organisation}, one per "
        "worksheet, with the figures as the report shows them (percentages rounded as in "
        "the report). The report defines every measure in its definitions appendix.",
    ]
    return write_workbook(info, section_tables(sections), path, about)


def print_report_pdf(formats: Sequence[str], html: Callable[[], Path], pdf: Path) -> Path:
    """The HTML printed to A4 by Chromium; when the HTML was not asked for, it is written to
    a temporary folder for printing and removed."""
    from cpkit.render.browser import chromium, print_pdf

    if "html" in formats:
        with chromium() as browser:
            return print_pdf(browser, html(), pdf)
    with tempfile.TemporaryDirectory() as folder:
        page = html()
        staged = Path(folder) / page.name
        page.replace(staged)
        with chromium() as browser:
            return print_pdf(browser, staged, pdf)


def check_pdf_printer() -> None:
    """Refuse --format pdf at once, with how to install what is missing."""
    from cpkit.render.browser import find_chromium

    if find_chromium() is None:
        raise UsageError(
            "PDF output needs Chromium, which is not installed",
            hint="install it (Debian/Ubuntu: sudo apt install chromium; Windows: use "
            "--format html and print to PDF from Edge or Chrome)",
        )
    require("playwright", "PDF output needs playwright", "pip install 'cpkit[browser]'")


def check_office_writers(formats: Sequence[str], reference_docx: Path | None) -> None:
    """Refuse docx or xlsx at once when its library is missing, and a --reference-docx that
    is not a Word document, before any figure is computed."""
    if "docx" in formats:
        require("docx", "Word output needs python-docx")
        if reference_docx is not None:
            from cpkit.render.word import open_reference

            open_reference(reference_docx)
    if "xlsx" in formats:
        require("xlsxwriter", "Excel output needs xlsxwriter")


def demo_formats() -> tuple[tuple[str, ...], list[str]]:
    """What ``cpkit demo`` writes: Markdown, HTML, the Excel tables, and Word when
    python-docx is installed (else a line saying how to get it)."""
    import importlib.util

    if importlib.util.find_spec("docx") is None:
        return ("md", "html", "xlsx"), [f"Word version not written: {EXTRA_HINT}"]
    return ("md", "html", "docx", "xlsx"), []


def require(module: str, what: str, hint: str = EXTRA_HINT) -> None:
    import importlib.util

    if importlib.util.find_spec(module) is None:
        raise UsageError(f"{what}, which is not installed", hint=hint)
