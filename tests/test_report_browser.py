"""The HTML report in a real browser: headless Chromium (Debian's `chromium` package).

Opens the report, saves a full-page screenshot (to $CPKIT_SCREENSHOT_DIR when set, else the
test's temporary folder), fails on any console error or network request, and runs axe-core
(axe-playwright-python, in the ``browser`` extra) for WCAG 2.2 A and AA. At a phone's width
(390 px) the charts' text must stay legible. Skips only when Chromium is not installed:
``make test`` installs the browser extras, so a missing playwright or axe is a failure, not
a skip.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from conftest import report_file
from cpkit.render.browser import chromium, find_chromium
from cpkit.render.report import ReportResult

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        find_chromium() is None, reason="Chromium is not installed (apt install chromium)"
    ),
]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]  # WCAG 2.2 A and AA
PHONE = {"width": 390, "height": 844}
SMALLEST_CHART_TEXT_PX = 12.0  # rendered size of the smallest chart label at 390 px wide


@pytest.fixture(scope="module")
def browser() -> Any:
    with chromium() as launched:
        yield launched


def _html(reports: dict[str, ReportResult], public: bool) -> Path:
    """The session's rendered report (read-only: the browser only opens it)."""
    return report_file(reports["public" if public else "private"], ".html")


def _watch(page: Any, console: list[str], requests: list[str]) -> None:
    page.on(
        "console",
        lambda m: console.append(f"{m.type}: {m.text}") if m.type in ("error", "warning") else None,
    )
    page.on("pageerror", lambda e: console.append(f"pageerror: {e}"))
    page.on("request", lambda r: requests.append(r.url))


@pytest.mark.parametrize("public", [False, True], ids=["private", "public"])
def test_report_in_headless_chromium(
    sample_reports: dict[str, ReportResult], tmp_path: Path, browser: Any, public: bool
) -> None:
    from axe_playwright_python.sync_playwright import Axe

    html = _html(sample_reports, public)
    shots = Path(os.environ.get("CPKIT_SCREENSHOT_DIR", tmp_path))
    shots.mkdir(parents=True, exist_ok=True)
    screenshot = shots / f"report-{'public' if public else 'private'}.png"
    console: list[str] = []
    requests: list[str] = []
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    try:
        _watch(page, console, requests)
        page.goto(html.as_uri())
        page.wait_for_load_state("networkidle")
        page.screenshot(path=str(screenshot), full_page=True)
        height = page.evaluate("document.documentElement.scrollHeight")
        svgs = page.evaluate("document.querySelectorAll('svg[role=img]').length")
        axe = Axe().run(
            page,
            options={
                "runOnly": {"type": "tag", "values": WCAG_TAGS},
                "resultTypes": ["violations"],
            },
        )
    finally:
        page.close()
    assert console == [], console
    assert [r for r in requests if r != html.as_uri()] == [], "the report made network requests"
    assert axe.violations_count == 0, axe.generate_report()
    assert svgs >= 8 and height > 5000
    assert screenshot.stat().st_size > 50_000


SMALLEST_TEXT_JS = """() => {
  const sizes = [];
  for (const svg of document.querySelectorAll('svg.chart')) {
    for (const text of svg.querySelectorAll('text')) {
      const box = text.getBoundingClientRect();
      if (box.height > 0) sizes.push([parseFloat(getComputedStyle(text).fontSize)
        * svg.getBoundingClientRect().width / svg.viewBox.baseVal.width, text.textContent]);
    }
  }
  sizes.sort((a, b) => a[0] - b[0]);
  return sizes.slice(0, 3);
}"""


def test_chart_text_is_legible_on_a_phone(
    sample_reports: dict[str, ReportResult], tmp_path: Path, browser: Any
) -> None:
    """At 390 px wide (a phone), no chart label renders smaller than about 10 px."""
    html = _html(sample_reports, public=True)
    page = browser.new_page(viewport=PHONE, device_scale_factor=2)
    try:
        page.goto(html.as_uri())
        page.screenshot(path=str(tmp_path / "phone.png"), full_page=False)
        smallest = page.evaluate(SMALLEST_TEXT_JS)
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
    finally:
        page.close()
    assert smallest, "no chart text found"
    assert smallest[0][0] >= SMALLEST_CHART_TEXT_PX, smallest
    assert overflow <= 0, f"the page scrolls sideways by {overflow} px at 390 px wide"
