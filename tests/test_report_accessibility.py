"""WCAG 2.2 AA basics of the HTML report, checked without a browser (always runs).

The full axe-core check runs in headless Chromium (test_report_browser.py) when Chromium is
installed; this one makes sure CI checks the essentials either way: language, headings in
order, a text alternative for every chart, header cells for every table, contrast.
"""

from __future__ import annotations

import itertools
import re
from html.parser import HTMLParser

import pytest

from conftest import report_file
from cpkit.render.charts import MUTED_EDGE, focus_colours, palette
from cpkit.render.report import ReportResult


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.ids: set[str] = set()
        self.text_of: dict[str, str] = {}
        self._open_id: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        self.tags.append((tag, found))
        if found.get("id"):
            self.ids.add(str(found["id"]))
            self._open_id = str(found["id"])

    def handle_data(self, data: str) -> None:
        if self._open_id:
            self.text_of[self._open_id] = self.text_of.get(self._open_id, "") + data

    def handle_endtag(self, tag: str) -> None:
        self._open_id = None


@pytest.fixture(scope="module")
def html(sample_reports: dict[str, ReportResult]) -> str:
    return report_file(sample_reports["private"], ".html").read_text(encoding="utf-8")


def _parse(html: str) -> _Collector:
    collector = _Collector()
    collector.feed(html)
    return collector


def test_language_title_and_skip_link(html: str) -> None:
    assert '<html lang="en-GB">' in html
    assert re.search(r"<title>[^<]{10,}</title>", html)
    assert 'href="#main"' in html and 'id="main"' in html


def test_headings_start_at_h1_and_never_skip_a_level(html: str) -> None:
    levels = [int(tag[1]) for tag, _ in _parse(html).tags if re.fullmatch(r"h[1-6]", tag)]
    assert levels[0] == 1 and levels.count(1) == 1
    for before, after in itertools.pairwise(levels):
        assert after <= before + 1, f"heading jumps from h{before} to h{after}"


def test_every_chart_has_a_text_alternative_and_its_data(html: str) -> None:
    page = _parse(html)
    charts = [attrs for tag, attrs in page.tags if tag == "svg"]
    assert len(charts) >= 8
    for attrs in charts:
        assert attrs.get("role") == "img"
        for ref in str(attrs.get("aria-labelledby", "")).split():
            assert ref in page.ids and len(page.text_of.get(ref, "").strip()) > 10
    assert html.count('class="chart-figure"') == len(charts)
    assert html.count("<caption>Data for figure") == len(charts)
    assert "<img" not in html  # charts are inline SVG, not images without alt text


def test_every_table_has_header_cells(html: str) -> None:
    tables = re.findall(r"<table>.*?</table>", html, flags=re.S)
    assert len(tables) > 10
    for table in tables:
        assert "<caption>" in table
        assert '<th scope="col"' in table
        body = table.split("<tbody>", 1)[1]
        for row in re.findall(r"<tr>(.*?)</tr>", body, flags=re.S):
            assert row.startswith('<th scope="row">'), row[:80]


def _luminance(colour: str) -> float:
    value = colour.lstrip("#")
    if len(value) == 3:
        value = "".join(c * 2 for c in value)
    channels = [int(value[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(one: str, two: str) -> float:
    light, dark = sorted((_luminance(one), _luminance(two)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_text_colours_have_aa_contrast(html: str) -> None:
    css = re.search(r"<style>(.*?)</style>", html, flags=re.S).group(1)  # type: ignore[union-attr]
    variables = dict(re.findall(r"--([\w-]+):\s*(#[0-9a-fA-F]{3,6})", css))
    backgrounds = ["#ffffff", variables["banner"], variables["warning"]]
    for name in ("text", "muted", "link"):
        for background in backgrounds:
            assert contrast(variables[name], background) >= 4.5, (name, background)


def test_chart_colours_stand_out_from_the_background() -> None:
    """WCAG 1.4.11 non-text contrast (3:1): every series colour, the highlight, and the
    outline of muted comparator bars (afcharts' focus grey is too pale on its own)."""
    strong, muted = focus_colours()
    for colour in (*palette(), strong, MUTED_EDGE):
        assert contrast(colour, "#ffffff") >= 3.0, colour
    assert contrast(muted, "#ffffff") < 3.0  # which is why muted bars carry MUTED_EDGE


def test_the_style_sheet_cannot_close_its_element() -> None:
    from cpkit.render.documents import inline_css

    css = str(inline_css('a::after { content: "</style><script>x()</script>"; }'))
    assert "</style>" not in css and "<script" not in css
    assert 'content: "' in css  # quotes stay quotes (not &#34;), so content: strings work


def test_long_names_in_tables_wrap_at_their_separators_and_stay_escaped() -> None:
    from cpkit.render.documents import breakable

    assert str(breakable("advocacy_referrals_2021-22.csv")) == (
        "advocacy_<wbr>referrals_<wbr>2021-<wbr>22.<wbr>csv"
    )
    assert str(breakable("Care leavers")) == "Care leavers"  # short words untouched
    assert str(breakable("<b>x_y_z_long_name</b>")).startswith("&lt;b&gt;x_<wbr>y_")


def test_numbers_are_right_aligned_and_text_left_per_column() -> None:
    from cpkit.render.documents import numeric_columns

    headers = ["Measure", "2023-24", "2022-23", "Change", "England", "Source"]
    rows = [
        ["Share matched", "45% (36 of 80)", "38%", "+7 pts", "", "IV records"],
        ["Days to match", "304 days", "119 days", "+185.5 (+157%)", "[c]", "IV records"],
    ]
    assert numeric_columns(headers, rows) == [False, True, True, True, True, False]
