"""Headless Chromium for the report: print to A4 PDF, and the settings tests and checks share.

cpkit drives the system's Chromium (Debian's ``chromium`` package) through playwright, never
a browser build of its own: councils' machines and CI install Chromium from their package
manager, and many have no network. The flags keep Chromium from calling home (updates,
sync, QUIC) so that opening a self-contained report makes no network request at all.

playwright is an optional extra (``pip install cpkit[browser]``); it is imported only by the
functions that need it.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from cpkit.errors import UsageError

LAUNCH_ARGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
# The report's own @page rules set size and margins; these apply only when a template drops them.
PDF_OPTIONS: dict[str, Any] = {"format": "A4", "prefer_css_page_size": True}


def find_chromium() -> str | None:
    """The system Chromium's path, or None when it is not installed."""
    return shutil.which("chromium") or shutil.which("chromium-browser")


@contextmanager
def chromium() -> Iterator[Any]:
    """A headless Chromium browser (playwright ``Browser``), closed on exit."""
    executable = find_chromium()
    if executable is None:
        raise UsageError(
            "Chromium is not installed", hint="install it (Debian: apt install chromium)"
        )
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as error:
        raise UsageError(
            "printing needs the browser extras", hint="pip install 'cpkit[browser]'"
        ) from error
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=list(LAUNCH_ARGS))
        try:
            yield browser
        finally:
            browser.close()


def print_pdf(browser: Any, html: Path, pdf: Path) -> Path:
    """Print a report's HTML file to an A4 PDF with Chromium's print layout (the report's
    ``@media print`` and ``@page`` rules: margins, page numbers, breaks)."""
    page = browser.new_page()
    try:
        page.goto(html.resolve().as_uri())
        page.wait_for_load_state("load")
        page.emulate_media(media="print")
        pdf.parent.mkdir(parents=True, exist_ok=True)
        page.pdf(path=str(pdf), **PDF_OPTIONS)
    finally:
        page.close()
    return pdf


A4_HEIGHT_MM = 297.0
# The text area of the report's @page rule (style.css): the footer's page number lives in
# the bottom margin and does not count as content.
PAGE_MARGIN_TOP_MM = 16.0
PAGE_MARGIN_BOTTOM_MM = 16.0


def page_fill(
    pdf: Path, top_mm: float = PAGE_MARGIN_TOP_MM, bottom_mm: float = PAGE_MARGIN_BOTTOM_MM
) -> list[float]:
    """How full each page of an A4 PDF is: the share of the text area's height from its top
    to the last printed row of pixels (1.0 = printed to the bottom margin).

    Pages are rasterised in grey at 30 dpi with poppler's ``pdftoppm`` (a PGM per page, read
    here without an imaging library).
    """
    import subprocess
    import tempfile

    if shutil.which("pdftoppm") is None:
        raise UsageError(
            "pdftoppm is not installed", hint="install poppler-utils (apt install poppler-utils)"
        )
    with tempfile.TemporaryDirectory() as folder:
        stem = Path(folder) / "page"
        subprocess.run(["pdftoppm", "-gray", "-r", "30", str(pdf), str(stem)], check=True)
        return [_fill(p, top_mm, bottom_mm) for p in sorted(Path(folder).glob("page*.pgm"))]


def _fill(pgm: Path, top_mm: float, bottom_mm: float) -> float:
    width, height, pixels = _read_pgm(pgm)
    top = round(height * top_mm / A4_HEIGHT_MM)
    bottom = height - round(height * bottom_mm / A4_HEIGHT_MM)
    inked = [
        row
        for row in range(top, bottom)
        if min(pixels[row * width : (row + 1) * width], default=255) < 200
    ]
    return 0.0 if not inked else (inked[-1] + 1 - top) / (bottom - top)


def _read_pgm(path: Path) -> tuple[int, int, bytes]:
    """A binary (P5) PGM: header 'P5 width height maxval', then one byte per pixel."""
    data = path.read_bytes()
    fields: list[bytes] = []
    position = 0
    while len(fields) < 4:
        while data[position : position + 1].isspace():
            position += 1
        end = position
        while not data[end : end + 1].isspace():
            end += 1
        fields.append(data[position:end])
        position = end
    width, height = int(fields[1]), int(fields[2])
    pixels = data[position + 1 : position + 1 + width * height]
    return width, height, pixels
