"""Everything a block builder may use: figures, trends, sentence templates, sources."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from cpkit.render.model import Figures, date_text

if TYPE_CHECKING:
    from cpkit.metrics.comparisons import Benchmark
    from cpkit.metrics.engine import Figure
    from cpkit.render.key_facts import KeyFact
    from cpkit.render.narrative import Narrative
    from cpkit.render.prose import Style
    from cpkit.render.sentences import Sentences

Trend = list[tuple[str, "Figure | None"]]


@dataclass
class Appendix:
    """What the appendices show: quality notes and the provenance of every input."""

    notes: list[str]
    provenance_rows: list[list[str]]
    provenance_facts: list[tuple[str, str]]
    config_text: str
    comparator_rows: list[list[str]] = field(default_factory=list)  # imported DfE files
    # the published version: datasets without file names or hashes, and no configuration
    public: bool = False
    about: list[str] = field(default_factory=list)  # "About these statistics" (about.py)


@dataclass
class ReportInputs:
    figures: Figures
    sentences: Sentences
    style: Style
    la_name: str
    trend_of: Callable[[str], Trend]  # metric id -> [(year, headline)], oldest first
    # metric id -> [(year, official comparators)], oldest first: the LA's published figures
    published_of: Callable[[str], list[tuple[str, Benchmark | None]]] = lambda _: []
    narrative: dict[str, Narrative] = field(default_factory=dict)
    appendix: Appendix | None = None
    programmes: dict[str, str] = field(default_factory=dict)  # programme id -> title
    key_facts: list[KeyFact] = field(default_factory=list)
    public: bool = False
    _trends: dict[str, Trend] = field(default_factory=dict)

    @property
    def year(self) -> str:
        return self.figures.year.label

    @property
    def year_end(self) -> str:
        return date_text(self.figures.year.end)

    def trend(self, metric_id: str) -> Trend:
        if metric_id not in self._trends:
            self._trends[metric_id] = self.trend_of(metric_id)
        return self._trends[metric_id]

    def literal(self, text: str) -> str:
        """A title, subtitle or caption from the definition: {year}, {prior_year} and
        {year_end} are filled in (and nothing else is interpreted)."""
        year = self.figures.year
        return (
            text.replace("{year}", year.label)
            .replace("{prior_year}", year.prior.label)
            .replace("{year_end}", self.year_end)
        )

    def source_for(self, metric_id: str) -> str:
        """'Source: ...' naming the publication or records a metric is counted from."""
        from cpkit.datasets import REGISTRY as DATASETS

        spec = self.figures.spec(metric_id)
        families = {DATASETS[i.dataset].family for i in spec.inputs}
        if "ssda903" in families:
            year = self.figures.year
            return (
                f"Source: {self.la_name}'s SSDA903 return to the DfE (children looked after), "
                f"collection year {year.collection_year}"
            )
        titles = [DATASETS[i.dataset].title for i in spec.inputs]
        from cpkit.render.words import join, lower_first

        named = join(dict.fromkeys(lower_first(t) for t in titles))
        return f"Source: {self.la_name} service records ({named})"

    def benchmark_publication(self, metric_id: str) -> str:
        """The publication official comparators come from, as a reader cites it."""
        figure = self.figures.get(metric_id)
        bench = figure.comparisons.benchmark if figure is not None else None
        if bench is None or not bench.any:
            return ""
        return bench.publication or bench.source or ""
