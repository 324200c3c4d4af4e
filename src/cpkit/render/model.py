"""The report's content model: sections made of blocks, and easy access to figures.

Sections are built from the metric layer's results (never from raw data), then rendered by
the Markdown and HTML templates, which only lay the blocks out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from cpkit.formatting import SUPPRESSED, NumberFormat, category_label, fraction
from cpkit.metrics.comparisons import Comparisons
from cpkit.metrics.engine import AreaResult, Figure, MetricResult
from cpkit.periods import FinancialYear
from cpkit.render.charts import Chart


@dataclass
class Block:
    kind: str  # "paragraph", "bullets", "narrative", "chart", "table", "note", "heading"
    text: str = ""
    items: list[str] = field(default_factory=list)
    chart: Chart | None = None
    caption: str = ""
    headers: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    html: str = ""  # narrative rendered to HTML


@dataclass
class Section:
    id: str
    number: int | None
    title: str
    blocks: list[Block] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return self.id.replace("_", "-")

    def add(self, kind: str, **values: Any) -> Block:
        block = Block(kind, **values)
        self.blocks.append(block)
        return block


class Figures:
    """Look up figures of every area computed for the report, formatted consistently."""

    def __init__(
        self,
        results: dict[str, AreaResult],
        year: FinancialYear,
        fmt: NumberFormat,
        locations: Any = None,
    ) -> None:
        self.results = results
        self.year = year
        self.fmt = fmt
        self.locations = locations
        self._by_id: dict[str, MetricResult] = {
            r.spec.id: r for area in results.values() for r in area.results
        }

    def metric(self, metric_id: str) -> MetricResult | None:
        return self._by_id.get(metric_id)

    def known(self, metric_id: str) -> bool:
        return metric_id in self._by_id

    def get(self, metric_id: str, **group: str) -> Figure | None:
        result = self._by_id.get(metric_id)
        if result is None or result.status != "ok":
            return None
        for figure in result.figures:
            if figure.group == group:
                return figure
        return None

    def ok(self, metric_id: str) -> bool:
        result = self._by_id.get(metric_id)
        return result is not None and result.status == "ok" and bool(result.figures)

    def unit(self, metric_id: str) -> str:
        return self._by_id[metric_id].spec.unit

    # ------------------------------------------------------------------ formatting

    def value(self, metric_id: str, **group: str) -> str:
        figure = self.get(metric_id, **group)
        if figure is None:
            return "–"
        return self.fmt.value(figure.value, self.unit(metric_id), figure.suppressed)

    def n(self, metric_id: str, **group: str) -> str:
        """The count behind a figure: the value for counts, the numerator for proportions."""
        figure = self.get(metric_id, **group)
        if figure is None:
            return "–"
        if figure.suppressed:
            return SUPPRESSED
        if self.unit(metric_id) == "proportion":
            return self.fmt.count(figure.numerator)
        return self.fmt.count(figure.value)

    def n_and_pct(self, metric_id: str, **group: str) -> str:
        """'303 (44%)': a count with its percentage, or [c] when suppressed."""
        figure = self.get(metric_id, **group)
        if figure is None:
            return "–"
        if figure.suppressed:
            return SUPPRESSED
        return f"{self.fmt.count(figure.numerator)} ({self.fmt.percent(figure.value)})"

    def of(self, metric_id: str, **group: str) -> str:
        """'440 of 786'."""
        figure = self.get(metric_id, **group)
        if figure is None or figure.suppressed:
            return SUPPRESSED if figure is not None else "–"
        return fraction(figure.numerator, figure.denominator)

    def number(self, metric_id: str, **group: str) -> int | float | None:
        """The raw value (None when missing or suppressed), for logic in sentences."""
        figure = self.get(metric_id, **group)
        return None if figure is None or figure.suppressed else figure.value

    def comparisons(self, metric_id: str, **group: str) -> Comparisons:
        """What a figure is compared with (empty when the figure is missing)."""
        figure = self.get(metric_id, **group)
        return Comparisons() if figure is None else figure.comparisons

    def label(self, key: str, code: str) -> str:
        return category_label(key, code, self.locations)

    def breakdown(self, metric_id: str, key: str) -> list[Figure]:
        result = self._by_id.get(metric_id)
        if result is None or result.status != "ok":
            return []
        return [f for f in result.figures if list(f.group) == [key]]


def date_text(day: Any) -> str:
    """31 March 2024 (no leading zero), as GOV.UK style writes dates."""
    return f"{day.day} {day:%B %Y}"
