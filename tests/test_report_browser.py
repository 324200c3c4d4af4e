"""The HTML report in a real browser: headless Chromium (Debian's `chromium` package).

Opens the report, saves a full-page screenshot (to $CPKIT_SCREENSHOT_DIR when set, else the
test's temporary folder), fails on any console error or network request, and runs axe-core
for WCAG 2.2 AA. Skips when Chromium or the browser extras are not installed.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from cpkit.periods import FinancialYear
from cpkit.render.report import render_annual_report
from cpkit.workspace import Workspace

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (apt install chromium)"),
]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.mark.parametrize("public", [False, True], ids=["private", "public"])
def test_report_in_headless_chromium(
    sample_workspace: Workspace, tmp_path: Path, public: bool
) -> None:
    sync_api = pytest.importorskip(
        "playwright.sync_api", reason="browser extras not installed: pip install -e .[browser]"
    )
    axe_module = pytest.importorskip("axe_playwright_python.sync_playwright")
    result = render_annual_report(
        sample_workspace,
        FinancialYear.parse("2023-24"),
        out=tmp_path,
        formats=("html",),
        public=public,
    )
    html = result.paths[0]
    shots = Path(os.environ.get("CPKIT_SCREENSHOT_DIR", tmp_path))
    shots.mkdir(parents=True, exist_ok=True)
    screenshot = shots / f"report-{'public' if public else 'private'}.png"
    console: list[str] = []
    requests: list[str] = []
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1200, "height": 900})
            page.on(
                "console",
                lambda m: (
                    console.append(f"{m.type}: {m.text}")
                    if m.type in ("error", "warning")
                    else None
                ),
            )
            page.on("pageerror", lambda e: console.append(f"pageerror: {e}"))
            page.on("request", lambda r: requests.append(r.url))
            page.goto(html.as_uri())
            page.wait_for_load_state("networkidle")
            page.screenshot(path=str(screenshot), full_page=True)
            height = page.evaluate("document.documentElement.scrollHeight")
            svgs = page.evaluate("document.querySelectorAll('svg[role=img]').length")
            axe = axe_module.Axe().run(
                page,
                options={
                    "runOnly": {"type": "tag", "values": WCAG_TAGS},
                    "resultTypes": ["violations"],
                },
            )
            page.emulate_media(media="print")
            pdf = page.pdf(format="A4")
        finally:
            browser.close()
    assert console == [], console
    assert [r for r in requests if r != html.as_uri()] == [], "the report made network requests"
    assert axe.violations_count == 0, axe.generate_snapshot()
    assert svgs >= 8 and height > 5000
    assert screenshot.stat().st_size > 50_000
    assert pdf[:4] == b"%PDF" and pdf.count(b"/Type /Page") > 10  # prints to A4 pages
