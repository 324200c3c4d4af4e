"""The scorecard in headless Chromium: one A4 landscape page when printed, no network
requests or console errors, and axe-core's WCAG 2.2 A and AA checks pass (public and not).
Screenshots go to $CPKIT_SCREENSHOT_DIR when set. Skips only without Chromium."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from cpkit.periods import Period
from cpkit.render.browser import chromium, find_chromium
from cpkit.render.scorecard import render_scorecard
from cpkit.workspace import Workspace
from test_report_browser import WCAG_TAGS, _watch

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        find_chromium() is None, reason="Chromium is not installed (apt install chromium)"
    ),
]
A4_LANDSCAPE_PT = (842, 595)


@pytest.fixture(scope="module")
def browser() -> Any:
    with chromium() as launched:
        yield launched


def _pages(pdf: Path) -> list[tuple[int, int]]:
    """Each page's size in points, from the PDF's MediaBox entries."""
    import re

    boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf.read_bytes())
    return [(round(float(w)), round(float(h))) for w, h in boxes]


@pytest.mark.parametrize(
    ("period", "public"),
    [("2023-24-Q4", False), ("2023-24", True), ("2023-24-Q3", False), ("2023-24", False)],
    ids=["Q4", "year-public", "Q3", "year"],
)
def test_scorecard_prints_on_one_landscape_page(
    sample_workspace: Workspace, tmp_path: Path, browser: Any, period: str, public: bool
) -> None:
    from axe_playwright_python.sync_playwright import Axe

    from cpkit.render.browser import print_pdf

    result = render_scorecard(sample_workspace, Period.parse(period), out=tmp_path, public=public)
    html = result.paths[0]
    pdf = print_pdf(browser, html, tmp_path / "scorecard.pdf")
    assert _pages(pdf) == [A4_LANDSCAPE_PT]
    shots = Path(os.environ.get("CPKIT_SCREENSHOT_DIR", tmp_path))
    shots.mkdir(parents=True, exist_ok=True)
    console: list[str] = []
    requests: list[str] = []
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    try:
        _watch(page, console, requests)
        page.goto(html.as_uri())
        page.wait_for_load_state("networkidle")
        page.screenshot(path=str(shots / f"scorecard-{html.stem}.png"), full_page=True)
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
    assert [r for r in requests if r != html.as_uri()] == [], "the scorecard made network requests"
    assert axe.violations_count == 0, axe.generate_report()
