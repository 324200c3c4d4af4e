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
        page.goto(html.as_uri())
        page.wait_for_load_state("load")
        page.emulate_media(media="print")
        pdf.parent.mkdir(parents=True, exist_ok=True)
        page.pdf(path=str(pdf), **PDF_OPTIONS)
    finally:
        page.close()
    return pdf
