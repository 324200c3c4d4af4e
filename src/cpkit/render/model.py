"""The report's content model: sections made of blocks, and easy access to figures.

Sections are built from the metric layer's results (never from raw data), then rendered by
the Markdown and HTML templates, which only lay the blocks out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from cpkit.errors import ReportDefinitionError
from cpkit.formatting import (
    SUPPRESSED,
    NumberFormat,
    category_label,
    fraction,
    hidden_text,
    suppressed_note,
)
from cpkit.metrics.comparisons import Change, Comparisons
from cpkit.metrics.engine import AreaResult, Figure, MetricResult
from cpkit.periods import FinancialYear
from cpkit.render.charts import Chart

if TYPE_CHECKING:
    from cpkit.metrics.registry import MetricSpec
    from cpkit.render.prose import Fig, Style


@dataclass
class Block:
    """One piece of a section, format-neutral (plain text and data, never HTML).

    kinds: "paragraph", "bullets", "narrative" (the analysts' Markdown), "chart", "table",
    "note", "heading", "code".
    """

    kind: str
    text: str = ""
    items: list[str] = field(default_factory=list)
    chart: Chart | None = None
    caption: str = ""
    headers: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    id: str = ""  # the block's id in the report definition


@dataclass
class Section:
    id: str
    number: int | None
    title: str
    blocks: list[Block] = field(default_factory=list)
    label: str = ""  # "Appendix A" for appendices

    @property
    def anchor(self) -> str:
        return self.id.replace("_", "-")

    def add(self, kind: str, **values: Any) -> Block:
        block = Block(kind, **values)
        self.blocks.append(block)
        return block


# group keys whose values are free text from an extract, not codes
FREE_TEXT_KEYS = frozenset({"group", "ask", "programme", "theme"})


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
        self.labels: dict[str, dict[str, str]] = {}  # the definition's [labels]
        self.used: set[str] = set()  # metric ids the report looked up (its definitions)
        self._by_id: dict[str, MetricResult] = {
            r.spec.id: r for area in results.values() for r in area.results
        }
        # the --public threshold when the figures have been through disclosure control
        self.threshold: int | None = next(
            (a.suppress_below for a in results.values() if a.public), None
        )

    @property
    def suppressed_note(self) -> str:
        """'[c]: confidential, a count of fewer than 5 people, or ...' ('' when not public)."""
        return suppressed_note(self.threshold) if self.threshold else ""

    def metric(self, metric_id: str) -> MetricResult:
        """The metric's result; an unregistered id is an error, never a missing paragraph."""
        result = self._by_id.get(metric_id)
        if result is None:
            raise unknown_metric(metric_id, list(self._by_id))
        self.used.add(metric_id)
        return result

    def known(self, metric_id: str) -> bool:
        return metric_id in self._by_id

    def spec(self, metric_id: str) -> MetricSpec:
        return self.metric(metric_id).spec

    def get(self, metric_id: str, **group: str) -> Figure | None:
        """The figure of one group (the headline when no group), or None when the metric
        could not be computed or has no such group."""
        result = self.metric(metric_id)
        if result.status != "ok":
            return None
        for figure in result.figures:
            if figure.group == group:
                return figure
        return None

    def ok(self, metric_id: str) -> bool:
        result = self.metric(metric_id)
        return result.status == "ok" and bool(result.figures)

    def unit(self, metric_id: str) -> str:
        return self.spec(metric_id).unit

    def fig(self, metric_id: str, style: Style | None = None, **group: str) -> Fig:
        """A figure as sentence templates use it (see render/prose.py)."""
        from cpkit.render.prose import Fig, Style

        return Fig(self, metric_id, self.get(metric_id, **group), style or Style())

    def hidden_phrase(self, threshold: int, figure: Figure | Change | None = None) -> str:
        """How a figure (or an earlier year's figure) hidden by disclosure control reads in a
        sentence: "fewer than 5" only when it was hidden for being small; a cell hidden to
        protect another may be large."""
        said = hidden_text(getattr(figure, "suppression", None), threshold, count=True)
        return said or "a number not published"

    # ------------------------------------------------------------------ formatting

    # Sentence wording: a count hidden because it is small reads "fewer than 5"; any other
    # hidden figure reads [c] here, and ``say`` returns None for it so that a template can
    # leave the clause out.

    def value(self, metric_id: str, **group: str) -> str:
        figure = self.get(metric_id, **group)
        if figure is None:
            return "–"
        if figure.suppressed:
            return self.hidden_words(figure, count=self.unit(metric_id) == "count")
        return self.fmt.value(figure.value, self.unit(metric_id), figure.suppressed)

    def n(self, metric_id: str, **group: str) -> str:
        """The count behind a figure: the value for counts, the numerator for proportions."""
        figure = self.get(metric_id, **group)
        if figure is None:
            return "–"
        return self.count_text(figure, self.unit(metric_id), "n") or SUPPRESSED

    def n_and_pct(self, metric_id: str, **group: str) -> str:
        """'303 (44%)': a count with its percentage; 'fewer than 5' or [c] when hidden."""
        figure = self.get(metric_id, **group)
        if figure is None:
            return "–"
        return self.count_text(figure, self.unit(metric_id), "n_and_pct") or SUPPRESSED

    def hidden(self, metric_id: str, **group: str) -> bool:
        """Whether a figure is hidden by disclosure control."""
        figure = self.get(metric_id, **group)
        return figure is not None and figure.suppressed

    def say(self, metric_id: str, show: str = "value", **group: str) -> str | None:
        """A figure for a sentence, or None when it is hidden to protect another figure (leave
        the clause out); a small hidden count reads 'fewer than 5'. ``show``: value, n,
        n_and_pct or of."""
        figure = self.get(metric_id, **group)
        if figure is None:
            return None
        unit = self.unit(metric_id)
        if figure.suppressed:
            counted = show in ("n", "n_and_pct") or (show == "value" and unit == "count")
            return hidden_text(figure.suppression, self.threshold, count=counted)
        if show == "value":
            return self.fmt.value(figure.value, unit)
        if show == "of":
            return fraction(figure.numerator, figure.denominator)
        return self.count_text(figure, unit, show)

    def count_text(self, figure: Figure, unit: str, show: str = "n_and_pct") -> str | None:
        """'303 (44%)' (show n_and_pct) or '303' (n) for a figure of a breakdown; 'fewer than
        5' when it is a hidden small count; None when it is hidden to protect another."""
        if figure.suppressed:
            return hidden_text(figure.suppression, self.threshold, count=True)
        if unit != "proportion":
            return self.fmt.count(figure.value)
        n = self.fmt.count(figure.numerator)
        return f"{n} ({self.fmt.percent(figure.value)})" if show == "n_and_pct" else n

    def hidden_words(self, figure: Figure, *, count: bool) -> str:
        """A hidden figure inside a sentence that cannot leave it out."""
        return hidden_text(figure.suppression, self.threshold, count=count) or SUPPRESSED

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
        """A category's label: the report definition's [labels] first, then the code list;
        free text from an extract (group names, asks) keeps its own spelling."""
        own = self.labels.get(key, {}).get(code)
        if own:
            return own
        if key in FREE_TEXT_KEYS:
            return code
        return category_label(key, code, self.locations)

    def breakdown_key(self, metric_id: str) -> str | None:
        """The group key of a metric's breakdown: the declared one, else the one its
        figures carry (``ethnic_group`` for a breakdown declared as ``ethnicity``)."""
        result = self.metric(metric_id)
        keys = [k for f in result.figures for k in f.group]
        declared = result.spec.breakdown
        if declared in keys or not keys:
            return declared
        return max(dict.fromkeys(keys), key=keys.count)

    def breakdown(self, metric_id: str, key: str) -> list[Figure]:
        result = self.metric(metric_id)
        if result.status != "ok":
            return []
        return [f for f in result.figures if list(f.group) == [key]]


def unknown_metric(metric_id: str, known: list[str]) -> ReportDefinitionError:
    """The error for a metric id that is not registered, with the closest registered one."""
    import difflib

    close = difflib.get_close_matches(metric_id, known, n=1)
    hint = f"did you mean '{close[0]}'?" if close else "see 'cpkit metrics list'"
    return ReportDefinitionError(f"unknown metric '{metric_id}'", hint=hint)


def date_text(day: Any) -> str:
    """31 March 2024 (no leading zero), as GOV.UK style writes dates."""
    return f"{day.day} {day:%B %Y}"
