"""The engine: runs metric functions over the warehouse (DuckDB over Parquet) for a period (a
financial year, a quarter, a year to date or a range) and adds comparisons: the same period a
year earlier, a named base year, the previous quarter, targets from config and benchmarks.
Annual-only metrics (SSDA903) are computed for a whole year whatever the period (see
``cpkit.metrics.timing``).

It is the only part of the metric layer that knows where data lives; the metric functions
themselves are pure.
"""

from __future__ import annotations

import copy
import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from cpkit.areas import BY_CLI, CLI_NAMES, suggest
from cpkit.datasets import REGISTRY as DATASETS
from cpkit.errors import UsageError
from cpkit.metrics.comparisons import Change, Comparisons
from cpkit.metrics.context import MetricContext, NotComputable, Population, Tables, Value
from cpkit.metrics.registry import MetricSpec, metrics_for_area
from cpkit.metrics.timing import period_for
from cpkit.periods import FinancialYear, Period, as_period

if TYPE_CHECKING:
    import duckdb

    from cpkit.config import Settings
    from cpkit.metrics.benchmarks import BenchmarkStore


@dataclass
class Figure:
    """One computed value with its comparisons (what JSON, CSV, tables and the report show)."""

    value: float | int | None
    group: dict[str, str]
    numerator: int | None = None
    denominator: int | None = None
    comparisons: Comparisons = field(default_factory=Comparisons)
    extra: dict[str, Any] = field(default_factory=dict)
    suppressed: bool = False
    base: int | None = None  # the people a days, gbp or ratio figure rests on (Value.base)
    # why a --public figure is hidden: "small" (its own count is 1 to suppress_below - 1) or
    # "protects" (hidden so that such a count cannot be worked out from the others)
    suppression: str | None = None

    def group_key(self) -> tuple[tuple[str, str], ...]:
        return tuple(sorted(self.group.items()))


@dataclass
class MetricResult:
    spec: MetricSpec
    figures: list[Figure]
    status: str = "ok"  # "ok", "missing_input" or "no_data"
    message: str | None = None
    # the period the figures are for: the one asked for, or for an annual-only metric in a
    # part of a year, the latest whole financial year (cpkit.metrics.timing)
    period: Period | None = None

    @property
    def headline(self) -> Figure | None:
        return next((f for f in self.figures if not f.group), None)


@dataclass
class AreaResult:
    area: str
    period: Period  # a FinancialYear given here is read as that year's period
    la_code: str | None
    results: list[MetricResult]
    notes: list[str] = field(default_factory=list)
    public: bool = False
    suppress_below: int = 5
    # the input files behind the figures: file, sheet, dataset, sha256, rows (traceability)
    sources: list[dict[str, Any]] = field(default_factory=list)
    # --public: one line saying the disclosure audit passed, and over how many figures
    audit: str | None = None

    @property
    def missing(self) -> list[MetricResult]:
        return [r for r in self.results if r.status == "missing_input"]

    def __post_init__(self) -> None:
        self.period = as_period(self.period)

    @property
    def year(self) -> Period:
        """The period (the name from when every period was a financial year)."""
        return self.period

    def result(self, metric_id: str) -> MetricResult:
        for item in self.results:
            if item.spec.id == metric_id:
                return item
        raise KeyError(metric_id)


class Engine:
    """Computes metrics for one LA from a DuckDB connection with one view per dataset."""

    def __init__(
        self,
        connection: duckdb.DuckDBPyConnection,
        settings: Settings | None = None,
        *,
        la_code: str | None = None,
        benchmarks: BenchmarkStore | None = None,
    ) -> None:
        self.tables = Tables(connection)
        self.settings = settings
        self.la_code = la_code or (settings.la.code if settings else None)
        self.benchmarks = benchmarks
        self._coverage: dict[str, tuple[Any, Any] | set[int] | None] = {}
        # The views do not change under an engine: what they hold is looked up once each
        self._has: dict[str, bool] = {}
        self._has_values: dict[tuple[str, str], bool] = {}
        self._runs: dict[tuple[str, Period], list[Value]] = {}

    # ------------------------------------------------------------------ inputs and coverage

    def missing_inputs(self, spec: MetricSpec) -> str | None:
        """Why a metric cannot run (which dataset or column to ingest), or None."""
        for item in spec.inputs:
            if not self._dataset_present(item.dataset):
                title = DATASETS[item.dataset].title.lower()
                return f"needs the {item.dataset} dataset ({title}): ingest an extract of it"
            for column in item.columns:
                if not self._column_has_values(item.dataset, column):
                    return (
                        f"needs column '{column}' of {item.dataset}, which has no values: "
                        "ingest an extract that includes it"
                    )
        return None

    def _dataset_present(self, name: str) -> bool:
        if name not in self._has:
            self._has[name] = self.tables.has(name)
        return self._has[name]

    def _column_has_values(self, dataset: str, column: str) -> bool:
        key = (dataset, column)
        if key not in self._has_values:
            self._has_values[key] = bool(
                self.tables.scalar(f'SELECT count("{column}") > 0 FROM {dataset}')
            )
        return self._has_values[key]

    def covers(self, spec: MetricSpec, when: Period | FinancialYear) -> bool:
        """Whether the warehouse holds data for every input of ``spec`` in the period.

        A period outside the data gives 'no data', not a misleading zero.
        """
        period = period_for(spec, as_period(when))
        return all(self._dataset_covers(item.dataset, period) for item in spec.inputs)

    def _dataset_covers(self, name: str, year: Period) -> bool:
        if name not in self._coverage:
            self._coverage[name] = self._measure_coverage(name)
        found = self._coverage[name]
        if found is None:
            return False
        if isinstance(found, set):
            return year.collection_year in found
        first, last = found
        return first <= year.end and last >= year.start

    def _measure_coverage(self, name: str) -> tuple[Any, Any] | set[int] | None:
        if not self.tables.has(name):
            return None
        dataset = DATASETS[name]
        if dataset.family == "ssda903":
            return {y for (y,) in self.tables.rows(f"SELECT DISTINCT collection_year FROM {name}")}
        column = dataset.date_column
        if column is None:
            return (dt.date.min, dt.date.max)
        # The data starts with its first event date and runs at least to the latest date of
        # any event recorded in it (a match or closure can be later than every referral).
        # Planned dates (future_ok) count only up to today: they are not yet events.
        events = [
            f"max({c.name})" if not c.future_ok else f"least(max({c.name}), current_date)"
            for c in dataset.columns
            if c.type == "date" and c.name != "dob"
        ]
        latest = f"greatest({', '.join(events)})"
        first, last = self.tables.rows(f"SELECT min({column}), {latest} FROM {name}")[0]
        return None if first is None else (first, last)

    def coverage_label(self, spec: MetricSpec) -> str:
        spans = []
        for item in spec.inputs:
            found = self._coverage.get(item.dataset)
            if isinstance(found, set) and found:
                years = sorted(FinancialYear.from_collection_year(y).label for y in found)
                spans.append(f"{item.dataset} covers {years[0]} to {years[-1]}")
            elif isinstance(found, tuple):
                first, last = (FinancialYear.containing(d).label for d in found)
                spans.append(f"{item.dataset} covers {first} to {last}")
        return "; ".join(spans)

    # ------------------------------------------------------------------ computing

    def run(self, spec: MetricSpec, when: Period | FinancialYear) -> list[Value]:
        """The metric function's values for one period (no comparisons).

        Metric functions are pure, so each (metric, period) runs once per engine: a report
        asks for most of them again, as prior years and for trend charts. Callers get copies.
        """
        key = (spec.id, period_for(spec, as_period(when)))
        if key not in self._runs:
            context = MetricContext(key[1], self.settings, self.population_0_17)
            values = spec.fn(self.tables, context)
            self._runs[key] = list(values) if isinstance(values, list | tuple) else [values]
        return copy.deepcopy(self._runs[key])

    def compute(self, spec: MetricSpec, when: Period | FinancialYear) -> MetricResult:
        """One metric for a period (an annual-only one for its latest whole year), with
        its comparisons."""
        year = period_for(spec, as_period(when))
        missing = self.missing_inputs(spec)
        if missing:
            return MetricResult(spec, [], "missing_input", missing, year)
        if not self.covers(spec, year):
            return MetricResult(
                spec,
                [],
                "no_data",
                f"no data for {year.label} ({self.coverage_label(spec)})",
                year,
            )
        try:
            values = self.run(spec, year)
        except NotComputable as exc:
            return MetricResult(spec, [], "missing_input", str(exc))
        _check_base(spec, values)
        figures = [
            Figure(
                v.value,
                v.group,
                v.numerator,
                v.denominator,
                Comparisons(),
                dict(v.extra),
                base=v.base,
            )
            for v in values
        ]
        self._compare(spec, year, figures)
        return MetricResult(spec, figures, period=year)

    def _compare(self, spec: MetricSpec, year: Period, figures: list[Figure]) -> None:
        if spec.prior_year:
            prior = self._values_in(spec, year.prior)
            for figure in figures:
                figure.comparisons.prior = _change(figure, prior, spec, year.prior)
        previous = year.previous_quarter
        if spec.prior_year and previous is not None:
            before = self._values_in(spec, previous)
            for figure in figures:
                figure.comparisons.previous = _change(figure, before, spec, previous)
        if spec.base_years:
            base_year = year.shifted(-spec.base_years)
            base = self._values_in(spec, base_year)
            for figure in figures:
                figure.comparisons.base = _change(figure, base, spec, base_year)
        target = self.settings.targets.get(spec.id) if self.settings else None
        headline = next((f for f in figures if not f.group), None)
        if target is not None and headline is not None:
            value = target if isinstance(target, int | float) else target.value
            if spec.unit == "proportion" and value > 1:
                value = value / 100  # targets for rates may be written as percentages
            headline.comparisons.target = value
            # a plain number is a target for every year: for this one (the financial year
            # a quarter or year to date is part of)
            this_year = year.financial_year or FinancialYear.containing(year.end)
            headline.comparisons.target_year = getattr(target, "year", this_year.label)
        if spec.benchmark and headline is not None and self.benchmarks is not None:
            # DfE's figures are annual: those of the year the figure is for, or the latest
            # whole year before a part-year period, labelled with their year
            headline.comparisons.benchmark = self.benchmarks.comparators(
                spec, year.annual_year, self.la_code
            )

    def _values_in(self, spec: MetricSpec, year: Period) -> dict | None:
        if not self.covers(spec, year):
            return None
        try:
            return {v.group_key(): v for v in self.run(spec, year)}
        except NotComputable:
            return None

    def population_0_17(self, collection_year: int) -> Population | None:
        """The LA's population aged 0 to 17 for a collection year: DfE's figure from the
        imported children-looked-after file for that year, else ``[la] population_0_17``."""
        if self.benchmarks is not None and self.la_code:
            found = self.benchmarks.population_0_17(self.la_code, collection_year)
            if found is not None:
                return found
        la = self.settings.la if self.settings else None
        if la is not None and la.population_0_17:
            return Population(
                la.population_0_17, la.population_0_17_source, la.population_0_17_year
            )
        return None

    def area(self, area: str, when: Period | FinancialYear) -> AreaResult:
        if area not in BY_CLI:
            close = suggest(area)
            raise UsageError(
                f"unknown area '{area}'",
                hint=f"did you mean '{close}'?"
                if close
                else "choose one of " + ", ".join(CLI_NAMES),
            )
        period = as_period(when)
        results = [self.compute(spec, period) for spec in metrics_for_area(area)]
        return AreaResult(area, period, self.la_code, results)


def _check_base(spec: MetricSpec, values: list[Value]) -> None:
    """A days, gbp or ratio figure must say how many it rests on (its declared ``base``), or
    --public could not tell a median of two children from a median of two hundred."""
    from cpkit.metrics.registry import SUMMARY_UNITS, MetricDefinitionError

    if spec.unit not in SUMMARY_UNITS:
        return
    for value in values:
        if value.value is not None and not isinstance(value.base, int):
            raise MetricDefinitionError(
                f"{spec.id}: a {spec.unit} value must carry Value.base, the number of "
                f"{spec.base} it rests on"
            )


def _change(figure: Figure, others: dict | None, spec: MetricSpec, year: Period) -> Change:
    """The comparison with an earlier period: its value, the change, and the change in % (or
    in percentage points for a rate)."""
    earlier = others.get(figure.group_key()) if others is not None else None
    rate = spec.unit == "proportion"
    change = Change(year.label, earlier.value if earlier is not None else None, rate=rate)
    if earlier is not None and earlier.numerator is not None:
        change.numerator, change.denominator = earlier.numerator, earlier.denominator
    if earlier is not None and spec.base is not None:
        change.base = earlier.base  # what an earlier median or money figure rests on
    if figure.value is None or change.value is None:
        return change
    change.change = figure.value - change.value
    if rate:
        change.points = round_half_up(change.change * 100)
    elif change.value:
        change.pct = round_half_up(change.change / change.value * 100)
    return change


def round_half_up(value: float, places: int = 1) -> float:
    """Percent changes to one decimal place, halves rounded up as people do by hand."""
    from decimal import ROUND_HALF_UP, Decimal

    clean = Decimal(repr(round(value, 9)))
    return float(clean.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))
