"""What a metric function receives (tables and a period) and what it returns (values).

A metric function is pure: given the same tables and context it returns the same values, and
it never reads files, writes anything or draws. ``Tables`` is a DuckDB connection whose views
are the datasets (the warehouse's Parquet in production, small in-memory tables in tests).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from cpkit.periods import FinancialYear, Period, as_period

if TYPE_CHECKING:
    import duckdb

    from cpkit.config import Settings


class NotComputable(Exception):
    """Raised by a metric function when something it needs besides the datasets is missing
    (a population figure, say); the engine reports the message as a missing input."""


@dataclass(frozen=True)
class Population:
    """The LA's population aged 0 to 17, with where the figure comes from."""

    value: int
    source: str
    year: int | None  # the year of the estimate (or the DfE reporting year it was used for)
    # the publication as a reader cites it (no file names or hashes): for report sentences
    publication: str = ""


@dataclass(frozen=True)
class MetricContext:
    """The period asked for and the settings metrics may use (targets, programmes, themes),
    and reference figures the engine looked up: the population aged 0 to 17 for a collection
    year (from imported DfE data or cpkit.toml).

    In-year metrics count from ``start`` to ``end``; snapshot metrics are taken at the end of
    ``end``. A financial year given as ``period`` is read as that year's period.
    """

    period: Period
    settings: Settings | None = None
    population_0_17: Callable[[int], Population | None] | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "period", as_period(self.period))

    @property
    def start(self) -> dt.date:
        return self.period.start

    @property
    def end(self) -> dt.date:
        return self.period.end

    @property
    def year(self) -> FinancialYear:
        """The financial year of annual-only (SSDA903) metrics, which the engine always runs
        for a whole year: the period itself then (see ``Period.annual_year``)."""
        return self.period.annual_year

    def shifted(self, years: int) -> MetricContext:
        return MetricContext(self.period.shifted(years), self.settings, self.population_0_17)

    def population(self) -> Population:
        """The population aged 0 to 17 for this year's collection, or NotComputable saying
        how to provide it."""
        found = self.population_0_17(self.year.collection_year) if self.population_0_17 else None
        if found is None:
            raise NotComputable(
                "needs the population aged 0 to 17: import DfE's "
                "cla_number_and_rate_per_10k_children.csv (cpkit benchmarks import) or set "
                "[la] population_0_17 with its source and year in cpkit.toml"
            )
        return found


class Tables:
    """Read-only access to the datasets, by SQL over DuckDB views."""

    def __init__(self, connection: duckdb.DuckDBPyConnection) -> None:
        self.connection = connection
        self._memo: dict[Any, Any] = {}

    def memo(self, key: Any, compute: Any) -> Any:
        """``compute()`` once per key for these tables: for intermediate results several
        metrics share (the views never change under one ``Tables``)."""
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]

    def rows(self, sql: str, *params: Any) -> list[tuple[Any, ...]]:
        return self.connection.execute(sql, list(params)).fetchall()

    def scalar(self, sql: str, *params: Any) -> Any:
        row = self.connection.execute(sql, list(params)).fetchone()
        return row[0] if row else None

    def has(self, dataset: str) -> bool:
        found = self.connection.execute(
            "SELECT count(*) FROM duckdb_views() WHERE view_name = ? AND NOT internal", [dataset]
        ).fetchone()
        return bool(found and found[0])

    def has_column(self, dataset: str, column: str) -> bool:
        """Whether a dataset's view has a column (a warehouse written before the column was
        declared, or a test table, may lack an optional one)."""
        found = self.connection.execute(
            "SELECT count(*) FROM duckdb_columns() WHERE table_name = ? AND column_name = ?",
            [dataset, column],
        ).fetchone()
        return bool(found and found[0])


@dataclass
class Value:
    """One figure: a headline (group {}) or one cell of a breakdown."""

    value: float | int | None
    group: dict[str, str] = field(default_factory=dict)
    numerator: int | None = None
    denominator: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    # how many people (or things) a days, gbp or ratio figure rests on: the metric's declared
    # ``base``; --public hides the figure when it rests on fewer than suppress_below people
    base: int | None = None

    def group_key(self) -> tuple[tuple[str, str], ...]:
        return tuple(sorted(self.group.items()))


def count(n: int | None, **group: str) -> Value:
    return Value(int(n or 0), dict(group))


def share(numerator: int | None, denominator: int | None, **group: str) -> Value:
    """A proportion 0..1 with its numerator and denominator (None when the denominator is 0)."""
    num, den = int(numerator or 0), int(denominator or 0)
    return Value(num / den if den else None, dict(group), num, den)


def breakdown(
    key: str,
    counts: Mapping[str, int] | Iterable[tuple[str, int]],
    denominator: int,
    categories: Sequence[str] = (),
    *,
    rank: bool = False,
) -> list[Value]:
    """Shares of a total by category; every listed category appears, zeros included, so a
    breakdown always adds up (other and unknown are categories, never dropped)."""
    found = dict(counts)
    order = list(categories) + sorted(c for c in found if c not in categories)
    values = [share(found.get(c, 0), denominator, **{key: c}) for c in order]
    if rank:
        values.sort(key=lambda v: (-(v.numerator or 0), order.index(v.group[key])))
        for position, value in enumerate(values, start=1):
            value.extra["rank"] = position
    return values


def days_to_match(t: Tables, c: MetricContext, table: str) -> Value:
    """Median (and 90th percentile) days from referral to match, for matches starting in the
    year; shared by independent visitors and mentoring."""
    days = [
        d
        for (d,) in t.rows(
            f"SELECT date_diff('day', referral_date, match_date) FROM {table} "
            "WHERE match_date BETWEEN ? AND ?",
            c.start,
            c.end,
        )
    ]
    median, p90 = median_and_p90(days)
    return Value(median, {}, base=len(days), extra={"p90": p90})


def median_and_p90(days: Sequence[float]) -> tuple[float | None, float | None]:
    """Median and 90th percentile (linear interpolation, as Excel's PERCENTILE.INC)."""
    ordered = sorted(days)
    if not ordered:
        return None, None
    return _percentile(ordered, 0.5), _percentile(ordered, 0.9)


def _percentile(ordered: Sequence[float], q: float) -> float:
    position = (len(ordered) - 1) * q
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


AGE_SQL = (
    "(year({at}) - year({dob}) - CASE WHEN strftime({dob}, '%m%d') > strftime({at}, '%m%d') "
    "THEN 1 ELSE 0 END)"
)


def age_sql(dob: str, at: str) -> str:
    """SQL for age in whole years of ``dob`` on ``at`` (a birthday counts as attained; born
    29 February: attained on 1 March in a common year)."""
    return AGE_SQL.format(dob=dob, at=at)
