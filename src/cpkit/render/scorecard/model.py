"""The scorecard's content, format-neutral: rows of text a template lays out (HTML today;
Word and a workbook can read the same model).

Every figure comes from the metric layer after the one disclosure pass (``compute.py``), and
is written with the workspace's number format. The direction of travel compares each figure
with the same period a year earlier and judges it by the metric's declared polarity
(better / worse / no change, in words and a symbol, never by colour alone); a metric with no
better direction is only said to have gone up or down.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from cpkit.areas import BY_KEY
from cpkit.formatting import MISSING, SUPPRESSED, NumberFormat, category_label, fraction
from cpkit.metrics.timing import period_for
from cpkit.periods import MONTHS, Period, day_text
from cpkit.render.scorecard.measures import Measure, MeasureSet
from cpkit.render.scorecard.sparkline import Point, description, sparkline_svg

if TYPE_CHECKING:
    from cpkit.metrics.comparisons import Change
    from cpkit.metrics.engine import Figure, MetricResult
    from cpkit.metrics.registry import MetricSpec
    from cpkit.render.model import Figures


@dataclass(frozen=True)
class Direction:
    """How a figure moved since the same period a year earlier, and whether that is good."""

    key: str  # better, worse, same, up, down, none (the CSS class too)
    word: str  # Better, Worse, No change, Up, Down, Not compared
    symbol: str  # ▲ ▼ = –

    @property
    def judged(self) -> bool:
        return self.key in ("better", "worse", "same")


BETTER_UP = Direction("better", "Better", "▲")
BETTER_DOWN = Direction("better", "Better", "▼")
WORSE_UP = Direction("worse", "Worse", "▲")
WORSE_DOWN = Direction("worse", "Worse", "▼")
SAME = Direction("same", "No change", "=")
UP = Direction("up", "Up", "▲")
DOWN = Direction("down", "Down", "▼")
NOT_COMPARED = Direction("none", "Not compared", "–")


@dataclass
class Cell:
    text: str = MISSING
    note: str = ""  # small print under it: "84 of 177", "2022-23"


@dataclass
class Row:
    measure: Measure
    title: str
    when: str  # "in quarter", "at 31 Dec 2023", "2022-23 (annual)"
    polarity: str  # "lower is better"
    value: Cell
    prior: Cell
    change: str
    previous: Cell
    direction: Direction
    target: Cell
    england: Cell
    region: Cell
    neighbours: Cell
    trend: list[Point]
    trend_svg: str
    trend_text: str
    notes: list[int] = field(default_factory=list)  # footnote numbers
    problem: str = ""  # why there is no figure (no data, a dataset to ingest)


@dataclass
class AreaRows:
    key: str
    title: str
    rows: list[Row]


@dataclass
class Scorecard:
    title: str
    organisation: str
    period: Period
    areas: list[AreaRows]
    footnotes: list[str]
    sources: list[str]
    public: bool
    threshold: int
    generated: str
    trend_points: int
    region_name: str = "Region"
    audit: str | None = None  # --public: the disclosure audit's summary

    @property
    def rows(self) -> list[Row]:
        return [row for area in self.areas for row in area.rows]

    @property
    def worse(self) -> list[Row]:
        return [row for row in self.rows if row.direction.key == "worse"]

    def count(self, key: str) -> int:
        return sum(1 for row in self.rows if row.direction.key == key)

    @property
    def not_judged(self) -> int:
        return sum(1 for row in self.rows if not row.direction.judged)

    @property
    def benchmark_year(self) -> str:
        """The benchmarks' year when they all share one (then said once, in the headings)."""
        years = {c.note for r in self.rows for c in (r.england, r.region, r.neighbours) if c.note}
        return years.pop() if len(years) == 1 else ""

    @property
    def target_year(self) -> str:
        """The targets' year when they all share one (then said once, in the heading)."""
        years = {r.target.note for r in self.rows if r.target.note}
        return years.pop() if len(years) == 1 else ""

    @property
    def trend_span(self) -> str:
        """What the trend column covers: 'up to 8 quarters', 'same period, up to 8 years'."""
        n = self.trend_points
        if self.period.kind == "quarter":
            return f"up to {n} quarters"
        return f"up to {n} years" if self.period.is_year else f"same period, up to {n} years"

    @property
    def comparison(self) -> str:
        return self.period.prior.label

    @property
    def previous(self) -> str:
        before = self.period.previous_quarter
        return before.label if before else ""


# ---------------------------------------------------------------------------- building


@dataclass
class Notes:
    """Footnotes, numbered in order of first use; the same text is one note."""

    texts: list[str] = field(default_factory=list)

    def number(self, text: str) -> int:
        if text not in self.texts:
            self.texts.append(text)
        return self.texts.index(text) + 1


def build_rows(
    figures: Figures,
    measures: MeasureSet,
    trends: dict[Measure, list[tuple[Period, Figure | None]]],
    period: Period,
    notes: Notes,
) -> list[AreaRows]:
    """One ``AreaRows`` per area with measures, in the order chosen."""
    return [
        AreaRows(
            key, BY_KEY[key].title, [_row(figures, m, trends[m], period, notes) for m in chosen]
        )
        for key, chosen in measures.by_area.items()
    ]


def _row(
    figures: Figures,
    measure: Measure,
    trend: list[tuple[Period, Figure | None]],
    period: Period,
    notes: Notes,
) -> Row:
    result = figures.metric(measure.metric_id)
    spec, fmt = result.spec, figures.fmt
    figure = _figure(result, measure)
    points = [_point(p, f, spec, fmt) for p, f in trend]
    row = Row(
        measure=measure,
        title=_title(spec, measure, figures),
        when=_when(spec, period),
        polarity=spec.polarity_label if spec.polarity != "neither" else "no better direction",
        value=_value(figure, spec, fmt),
        prior=Cell(),
        change=MISSING,
        previous=Cell(),
        direction=NOT_COMPARED,
        target=Cell(),
        england=Cell(),
        region=Cell(),
        neighbours=Cell(),
        trend=points,
        trend_svg=sparkline_svg(points),
        trend_text=description(points),
    )
    if result.status != "ok" or figure is None:
        row.problem = result.message or "no figure for this period"
        return row
    _compare(row, figure, figures, measure, period)
    row.notes = _row_notes(spec, period, notes)
    return row


def _figure(result: MetricResult, measure: Measure) -> Figure | None:
    group = measure.group_dict
    return next((f for f in result.figures if f.group == group), None)


def _title(spec: MetricSpec, measure: Measure, figures: Figures) -> str:
    title = spec.title + (f" ({spec.label})" if spec.label else "")
    if not measure.group:
        return title
    parts = [category_label(k, v, figures.locations) for k, v in measure.group]
    return f"{title}: {', '.join(parts)}"


def _when(spec: MetricSpec, period: Period) -> str:
    """A few words for the 'when' column: 'in year', 'in quarter', 'at 31 Dec 2023',
    'to 31 Dec 2023' (a programme to date), '2022-23 (annual)', '2023-24 cohort'."""
    used = period_for(spec, period)
    day = f"{period.end.day} {MONTHS[period.end.month - 1][:3]} {period.end.year}"
    if used != period:
        return f"{used.label} (annual)"
    if spec.timing == "year_end":
        return f"at {day}"
    if spec.timing == "programme":
        return f"to {day}"
    if spec.timing == "cohort":
        return f"{period.label} cohort"
    return {"year": "in year", "quarter": "in quarter"}.get(period.kind, "in period")


def _value(figure: Figure | None, spec: MetricSpec, fmt: NumberFormat) -> Cell:
    if figure is None:
        return Cell()
    text = fmt.value(figure.value, spec.unit, figure.suppressed)
    note = ""
    if spec.unit == "proportion" and not figure.suppressed:
        note = fraction(figure.numerator, figure.denominator)
    return Cell(text, note)


def _earlier(change: Change | None, unit: str, fmt: NumberFormat, expected: str) -> Cell:
    """An earlier period's figure; its label as a note when it is not the column's."""
    if change is None:
        return Cell()
    text = SUPPRESSED if change.suppressed else fmt.value(change.value, unit)
    return Cell(text, change.label if change.label != expected else "")


def _compare(row: Row, figure: Figure, figures: Figures, measure: Measure, period: Period) -> None:
    spec, fmt, c = figures.spec(measure.metric_id), figures.fmt, figure.comparisons
    row.prior = _earlier(c.prior, spec.unit, fmt, period.prior.label)
    if c.prior is not None and c.prior.change is not None and not figure.suppressed:
        row.change = change_text(c.prior, spec.unit, fmt)
    before = period.previous_quarter
    row.previous = _earlier(c.previous, spec.unit, fmt, before.label if before else "")
    row.direction = direction(figures, measure)
    if c.target is not None:
        row.target = Cell(fmt.value(c.target, spec.unit), c.target_year or "no year set")
    b = c.benchmark
    if b is not None and b.any:
        for name in ("england", "region", "neighbours"):
            value = getattr(b, "statistical_neighbours" if name == "neighbours" else name)
            if value is not None:
                setattr(row, name, Cell(fmt.value(value, spec.unit), b.year))


def change_text(change: Change, unit: str, fmt: NumberFormat) -> str:
    """The change in the same rounding as the figures beside it: '+25 (+17%)', '+212 days
    (+106%)', '+4 pts' (a rate: percentage points, as the percentages are rounded), '0 pts'."""
    if change.change is None:
        return MISSING
    if unit == "proportion":
        return f"{_signed(fmt.round(change.change * 100))} pts"
    decimals = 1 if unit == "ratio" else 0
    # the difference of the two values as shown (412 against 200 days: +212), as the
    # annual report writes it
    before = change.value if isinstance(change.value, (int, float)) else None
    difference, pct = fmt.shown_change(change.change, before, unit, change.pct)
    text = _signed(fmt.round(difference, decimals))
    if unit == "days":
        text += " days"
    elif unit == "gbp":
        text = text[0] + "£" + text[1:] if text[0] in "+-" else "£" + text
    if pct is not None:
        text += f" ({_signed(fmt.round(pct))}%)"
    return text


def _signed(number: Decimal) -> str:
    """'+25', '-3', '0' (no sign on zero), with thousands separators."""
    if number.is_zero():
        return "0"
    return f"{number:+,}"


def direction(figures: Figures, measure: Measure) -> Direction:
    """Better / worse / no change by the declared polarity, or up / down for a metric with
    no better direction (the report's balanced summary judges the same way)."""
    earlier = figures.fig(measure.metric_id, None, **measure.group_dict).prior
    moved = earlier.direction  # up, down, same, or "" when there is nothing to compare
    if moved == "":
        return NOT_COMPARED
    if moved == "same":
        return SAME
    better = earlier.better
    if better is None:
        return UP if moved == "up" else DOWN
    if better:
        return BETTER_UP if moved == "up" else BETTER_DOWN
    return WORSE_UP if moved == "up" else WORSE_DOWN


def _point(when: Period, figure: Figure | None, spec: MetricSpec, fmt: NumberFormat) -> Point:
    if figure is None:
        return Point(when.label, None, "no data")
    value = None if figure.suppressed else figure.value
    return Point(when.label, value, fmt.value(figure.value, spec.unit, figure.suppressed))


def _row_notes(spec: MetricSpec, period: Period, notes: Notes) -> list[int]:
    """Footnotes a row needs: an annual figure in a part year, programme to date, and what
    the metric declares about part years."""
    found = []
    used = period_for(spec, period)
    if used != period:
        found.append(
            f"Annual figure for {used.label}: the SSDA903 return and DfE's figures cover whole "
            f"financial years, and {used.label} is the latest ended by {day_text(period.end)}."
        )
    elif not period.is_year and spec.timing == "programme":
        found.append(
            "Programme to date: from the programme's start, not only this period "
            "(the comparison is the programme a year earlier)."
        )
    if not period.is_year and spec.part_year and used == period:
        found.append(spec.part_year)
    return [notes.number(text) for text in found]


def sources(figures: Figures, measures: MeasureSet, la_name: str) -> list[str]:
    """The records and publications behind the figures, named as a reader cites them (the
    extracts' hashes are in the metrics JSON and the annual report's provenance)."""
    from cpkit.datasets import REGISTRY as DATASETS
    from cpkit.render.words import join, lower_first

    service: list[str] = []
    returns: list[int] = []
    publications: list[str] = []
    for measure in measures.measures:
        result = figures.metric(measure.metric_id)
        for item in result.spec.inputs:
            dataset = DATASETS[item.dataset]
            if dataset.family == "ssda903" and result.period is not None:
                returns.append(result.period.collection_year)
            elif dataset.family != "ssda903":
                service.append(lower_first(dataset.title))
        figure = _figure(result, measure)
        bench = figure.comparisons.benchmark if figure is not None else None
        if bench is not None and bench.any:
            publications.append(bench.publication or bench.source or "DfE open data")
    found = []
    if service:
        found.append(f"{la_name} service records ({join(dict.fromkeys(service))})")
    if returns:
        years = join([str(y) for y in sorted(set(returns))])
        found.append(f"{la_name}'s SSDA903 return to the DfE, collection year {years}")
    found += list(dict.fromkeys(publications))
    return found
