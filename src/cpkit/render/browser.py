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
    ``@media print`` and ``@page`` rules: margins, page numbers, breaks), with the page
    number of every section filled into the contents list.

    Chromium cannot compute a page reference itself (no ``target-counter()``), so the report
    is printed twice: the first time with an invisible marker in each section's heading, to
    read from the PDF's text (poppler's ``pdftotext``) which page each one landed on; the
    second time with those numbers in the contents and the markers gone. The numbers take
    the place of same-width placeholders, so the second print breaks where the first did.
    """
    page = browser.new_page()
    try:
        page.goto(html.resolve().as_uri())
        page.wait_for_load_state("load")
        page.emulate_media(media="print")
        anchors = page.evaluate(_MARK_SECTIONS_JS)
        if anchors and shutil.which("pdftotext"):
            first = page.pdf(**PDF_OPTIONS)
            page.evaluate(_NUMBER_CONTENTS_JS, _marker_pages(first, anchors))
        pdf.parent.mkdir(parents=True, exist_ok=True)
        page.pdf(path=str(pdf), **PDF_OPTIONS)
    finally:
        page.close()
    return pdf


MARKER = "cpkitpagemark"
# For every link in the contents: a placeholder page number beside it, and a marker (white,
# tiny, out of the flow) in the heading of the section it points to. Returns the anchors.
_MARK_SECTIONS_JS = """() => {
  const anchors = [];
  for (const link of document.querySelectorAll('nav.contents a[href^="#"]')) {
    const anchor = decodeURIComponent(link.getAttribute('href').slice(1));
    const target = document.getElementById(anchor);
    if (!target) continue;
    const heading = target.matches('h1,h2,h3') ? target : target.querySelector('h1,h2,h3');
    const holder = heading || target;
    holder.style.position = 'relative';
    const mark = document.createElement('span');
    mark.className = 'cpkit-page-marker';
    mark.textContent = ' __MARKER__' + anchors.length + 'x ';
    mark.style.cssText = 'position:absolute;left:0;top:0;font-size:4px;color:#fff;';
    holder.prepend(mark);
    const leader = document.createElement('span');
    leader.className = 'leader';
    leader.setAttribute('aria-hidden', 'true');
    const number = document.createElement('span');
    number.className = 'page-ref';
    number.textContent = '00';
    link.after(leader, number);
    anchors.push(anchor);
  }
  return anchors;
}""".replace("__MARKER__", MARKER)
_NUMBER_CONTENTS_JS = """(pages) => {
  document.querySelectorAll('.cpkit-page-marker').forEach((mark) => mark.remove());
  const numbers = document.querySelectorAll('nav.contents .page-ref');
  numbers.forEach((number, index) => {
    const found = pages[index];
    if (found) {
      number.textContent = String(found);
      number.setAttribute('aria-label', 'page ' + found);
    } else {
      number.previousElementSibling.remove();
      number.remove();
    }
  });
}"""


def _marker_pages(pdf: bytes, anchors: list[str]) -> list[int | None]:
    """The page (from 1) on which each section's marker was printed, None if not found."""
    import re
    import subprocess

    text = subprocess.run(
        ["pdftotext", "-q", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode("utf-8", "replace")
    found: dict[int, int] = {}
    for number, page_text in enumerate(text.split("\f"), start=1):
        for match in re.finditer(MARKER + r"(\d+)x", page_text):
            found.setdefault(int(match.group(1)), number)
    return [found.get(index) for index in range(len(anchors))]


A4_WIDTH_MM, A4_HEIGHT_MM = 210.0, 297.0
INK = 200  # a grey level darker than this is printed matter
# The text area of the report's @page rule (style.css): the footer's page number lives in
# the bottom margin and does not count as content.
PAGE_MARGIN_TOP_MM = 16.0
PAGE_MARGIN_BOTTOM_MM = 16.0
PAGE_MARGIN_SIDE_MM = 15.0


def page_fill(
    pdf: Path, top_mm: float = PAGE_MARGIN_TOP_MM, bottom_mm: float = PAGE_MARGIN_BOTTOM_MM
) -> list[float]:
    """How full each page of an A4 PDF is: the share of the text area's height from its top
    to the last printed row (1.0 = down to the bottom margin; the footer's page number does
    not count). Pages are rasterised in grey at 30 dpi with poppler's ``pdftoppm`` (a PGM
    per page, read here without an imaging library)."""
    import subprocess
    import tempfile

    if shutil.which("pdftoppm") is None:
        raise UsageError(
            "pdftoppm is not installed", hint="install poppler-utils (apt install poppler-utils)"
        )
    with tempfile.TemporaryDirectory() as folder:
        stem = Path(folder) / "page"
        subprocess.run(["pdftoppm", "-gray", "-r", "30", str(pdf), str(stem)], check=True)
        pages = sorted(Path(folder).glob("page*.pgm"))
        return [_fill(*_read_pgm(p), top_mm, bottom_mm) for p in pages]


def _fill(width: int, height: int, pixels: bytes, top_mm: float, bottom_mm: float) -> float:
    top = round(height * top_mm / A4_HEIGHT_MM)
    bottom = height - round(height * bottom_mm / A4_HEIGHT_MM)
    inked = [r for r in range(top, bottom) if min(pixels[r * width : (r + 1) * width]) < INK]
    return 0.0 if not inked else (inked[-1] + 1 - top) / (bottom - top)


# Blocks wider than the printed text area. Chromium would not print them past the margin:
# it clips a scrolling block and shrinks every page of a document that is too wide, so the
# check is made on the layout, at the A4 text width, not on the printed pages.
_TOO_WIDE_JS = """() => {
  const found = [];
  const root = document.documentElement;
  if (root.scrollWidth > root.clientWidth + 1) found.push('the page');
  for (const block of document.querySelectorAll('main *, header *, nav *')) {
    const style = getComputedStyle(block);
    if (style.display === 'inline' || block.closest('svg')) continue;
    if (block.scrollWidth > block.clientWidth + 1 && style.overflowX !== 'visible') {
      const label = block.getAttribute('aria-label') || block.textContent.trim().slice(0, 40);
      found.push(block.tagName.toLowerCase() + ': ' + label);
    }
  }
  return found;
}"""


def too_wide(browser: Any, html: Path) -> list[str]:
    """The blocks of a report that do not fit the width of an A4 page's text area in its
    print layout (named by their label or first words); [] when everything fits."""
    text_width_px = round((A4_WIDTH_MM - 2 * PAGE_MARGIN_SIDE_MM) / 25.4 * 96)
    page = browser.new_page(viewport={"width": text_width_px, "height": 1000})
    try:
        page.emulate_media(media="print")
        page.goto(html.resolve().as_uri())
        return list(page.evaluate(_TOO_WIDE_JS))
    finally:
        page.close()


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
