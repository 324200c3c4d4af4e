"""Figures as sentence templates use them: ``fig("iv.days_waiting").value`` -> '412 days'.

A ``Fig`` wraps one computed figure with the house style (one to nine in words when the
report's style asks, percentages by the workspace's rounding rule, hidden figures worded
"fewer than 5" rather than shown), its prior year and the change since, and its breakdown
parts, always ending with "Other" when a top-N list leaves categories out. Templates never
see raw dictionaries: an unknown metric id or attribute is an error, not an empty string.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from cpkit.formatting import MISSING
from cpkit.render import words

if TYPE_CHECKING:
    from cpkit.metrics.comparisons import Change
    from cpkit.metrics.engine import Figure
    from cpkit.render.model import Figures


@dataclass(frozen=True)
class Style:
    """The report definition's [style]: how numbers are written in sentences."""

    numbers_in_words: bool = True  # one to nine in words in sentences (never in tables)
    threshold: int = 5  # for "fewer than 5" (the workspace's suppress_below)


class Fig:
    """One figure (a headline, or one category of a breakdown) for a sentence."""

    def __init__(
        self, figures: Figures, metric_id: str, figure: Figure | None, style: Style
    ) -> None:
        self._figures = figures
        self._figure = figure
        self._style = style
        self.id = metric_id
        self.unit = figures.unit(metric_id)
        self.title = figures.spec(metric_id).title

    # ------------------------------------------------------------------ state

    @property
    def ok(self) -> bool:
        """There is a figure to show (computed and not hidden)."""
        f = self._figure
        return f is not None and not f.suppressed and f.value is not None

    @property
    def snapshot(self) -> bool:
        """A figure at 31 March (not a count of the year's activity)."""
        return self._figures.spec(self.id).timing == "year_end"

    @property
    def hidden(self) -> bool:
        return self._figure is not None and self._figure.suppressed

    @property
    def missing(self) -> bool:
        return self._figure is None

    @property
    def raw(self) -> float | int | None:
        """The unrounded value for comparisons in templates (None when missing or hidden)."""
        return self._figure.value if self.ok and self._figure else None

    @property
    def code(self) -> str:
        """The category code of a breakdown part ('CIC'), '' for a headline."""
        group = self._figure.group if self._figure else {}
        return next(iter(group.values()), "") if group else ""

    @property
    def label(self) -> str:
        """The reader's label of a breakdown category ('Children in care')."""
        group = self._figure.group if self._figure else {}
        if not group:
            return self.title
        key, code = next(iter(group.items()))
        return self._figures.label(key, code)

    @property
    def words_label(self) -> str:
        """The label inside a sentence: 'support at meetings'."""
        return words.lower_first(self.label)

    # ------------------------------------------------------------------ text

    @property
    def value(self) -> str:
        """The value in its unit, for a sentence: 'five', '689', '44%', '304 days'."""
        f = self._figure
        if f is None or (f.value is None and not f.suppressed):
            return MISSING
        if f.suppressed or f.value is None:
            return self._hidden_text()
        if self.unit == "count":
            return words.count_text(f.value, self._style.numbers_in_words)
        return self._figures.fmt.value(f.value, self.unit)

    @property
    def n(self) -> str:
        """The count behind the figure: the value of a count, the numerator of a share."""
        f = self._figure
        if f is None:
            return MISSING
        if f.suppressed:
            return self._hidden_text()
        number = f.numerator if self.unit == "proportion" else f.value
        return MISSING if number is None else words.count_text(number, self._style.numbers_in_words)

    @property
    def n_raw(self) -> int | float | None:
        f = self._figure
        if f is None or f.suppressed:
            return None
        return f.numerator if self.unit == "proportion" else f.value

    @property
    def total(self) -> str:
        """The denominator of a share, in words for one to nine."""
        f = self._figure
        if f is None or f.denominator is None:
            return MISSING
        return words.count_text(f.denominator, self._style.numbers_in_words)

    @property
    def total_raw(self) -> int | None:
        return self._figure.denominator if self._figure else None

    @property
    def pct(self) -> str:
        """'44%' (whole numbers by default), or the hidden wording."""
        f = self._figure
        if f is None or f.value is None:
            return self._hidden_text() if f is not None and f.suppressed else MISSING
        return self._figures.fmt.percent(f.value)

    @property
    def n_pct(self) -> str:
        """'303 (44%)': a count with its share."""
        if not self.ok:
            return self.n if self.missing else self._hidden_text()
        return f"{self.n} ({self.pct})"

    @property
    def of(self) -> str:
        """'303 of 689'."""
        if not self.ok:
            return self._hidden_text() if self.hidden else MISSING
        return f"{self.n} of {self.total}"

    def extra(self, name: str) -> Any:
        """A detail the metric carries (p90, mentors, title...); None when absent or hidden."""
        if self._figure is None or self._figure.suppressed:
            return None
        return self._figure.extra.get(name)

    def days(self, name: str) -> str:
        """A days detail such as the 90th percentile: '562 days'."""
        value = self.extra(name)
        return MISSING if value is None else self._figures.fmt.value(value, "days")

    def _hidden_text(self) -> str:
        return self._figures.hidden_phrase(self._style.threshold, self._figure)

    # ------------------------------------------------------------------ comparisons

    @property
    def prior(self) -> Earlier:
        return Earlier(self, self._comparisons().prior if self._figure else None)

    @property
    def base(self) -> Earlier:
        return Earlier(self, self._comparisons().base if self._figure else None)

    @property
    def target(self) -> str:
        target = self._comparisons().target
        if target is None:
            return ""
        return self._figures.fmt.value(target, self.unit)

    @property
    def target_year(self) -> str:
        return self._comparisons().target_year or self._figures.year.label

    @property
    def benchmark(self) -> Any:
        return self._comparisons().benchmark

    def pct_of(self, proportion: float | None) -> str:
        """A comparator's percentage in the workspace's rounding: '54%'."""
        return MISSING if proportion is None else self._figures.fmt.percent(proportion)

    def value_of(self, other: float | None) -> str:
        """A comparator in this figure's unit and rounding: '54%', '69.0' (a rate)."""
        return MISSING if other is None else self._figures.fmt.value(other, self.unit)

    def against(self, other: float | None) -> str:
        """'above', 'below' or 'the same as' a comparator, as the two figures read when
        rounded for the report (so a sentence never says 'above' beside equal numbers)."""
        if not self.ok or other is None or self._figure is None:
            return "compared with"
        ours, theirs = self.value_of(self._figure.value), self.value_of(other)
        if ours == theirs:
            return "the same as"
        return "above" if (self._figure.value or 0) > other else "below"

    def _comparisons(self) -> Any:
        from cpkit.metrics.comparisons import Comparisons

        return self._figure.comparisons if self._figure is not None else Comparisons()

    # ------------------------------------------------------------------ breakdowns

    def parts(self, key: str | None = None, *, nonzero: bool = True) -> list[Fig]:
        """The categories of this metric's breakdown, in the metric's order. For a sentence
        (``nonzero``), zeros are left out, and so is a part hidden to protect another (its
        value may be anything: the clause is left out); a small hidden part reads 'fewer
        than 5'."""
        return [
            Fig(self._figures, self.id, figure, self._style)
            for figure in self._figures.breakdown(self.id, key or self._key())
            if not nonzero
            or (
                figure.suppression == "small"
                if figure.suppressed
                else bool(figure.numerator or figure.value)
            )
        ]

    def part(self, code: str, key: str | None = None) -> Fig:
        """One category by its code: ``fig('advocacy.referrals_by_cohort').part('CIC')``."""
        return self._figures.fig(self.id, self._style, **{key or self._key(): code})

    def top(self, n: int, key: str | None = None) -> list[Fig]:
        """The ``n`` largest categories, by count (``rest`` gives the others)."""
        parts = self.parts(key)
        ranked = sorted(parts, key=lambda p: -(p.n_raw or 0))
        return ranked[:n]

    def rest(self, n: int, key: str | None = None) -> list[Fig]:
        """The categories ``top(n)`` leaves out (so a sentence can say what 'Other' holds)."""
        parts = self.parts(key)
        ranked = sorted(parts, key=lambda p: -(p.n_raw or 0))
        return ranked[n:]

    def _key(self) -> str:
        key = self._figures.breakdown_key(self.id)
        if key is None:
            raise AttributeError(f"{self.id} has no breakdown")
        return key

    def __iter__(self) -> Iterator[Fig]:
        return iter(self.parts())

    def __str__(self) -> str:
        return self.value


class Earlier:
    """The same figure in an earlier year, and the change since, for a sentence."""

    def __init__(self, now: Fig, change: Change | None) -> None:
        self._now = now
        self._change = change

    @property
    def ok(self) -> bool:
        c = self._change
        return c is not None and c.value is not None and self._now.ok

    @property
    def label(self) -> str:
        return self._change.label if self._change else ""

    @property
    def raw(self) -> float | int | None:
        return self._change.value if self._change else None

    @property
    def value(self) -> str:
        c = self._change
        figures = self._now._figures
        if c is None or (c.value is None and not c.suppressed):
            return MISSING
        if c.suppressed:  # "fewer than 5" only if that earlier count was hidden as small
            return figures.hidden_phrase(self._now._style.threshold, c)
        if self._now.unit == "count" and c.value is not None:
            return words.count_text(c.value, self._now._style.numbers_in_words)
        return figures.fmt.value(c.value, self._now.unit)

    @property
    def n(self) -> str:
        c = self._change
        if c is None or c.numerator is None:
            return self.value
        return words.count_text(c.numerator, self._now._style.numbers_in_words)

    @property
    def direction(self) -> str:
        """'up', 'down' or 'same' (or '' when there is nothing to compare)."""
        c = self._change
        if not self.ok or c is None or c.change is None:
            return ""
        if self._now.unit == "proportion":
            shown = self._now._figures.fmt.percent_number(abs(c.change))
            if shown == 0:
                return "same"
        change = self._shown()[0]
        return "same" if change == 0 else ("up" if change > 0 else "down")

    def _shown(self) -> tuple[Any, float | None]:
        """The change and % change as the two values read when shown (whole days...)."""
        c = self._change
        assert c is not None and c.change is not None
        fmt = self._now._figures.fmt
        return fmt.shown_change(c.change, c.value, self._now.unit, c.pct)

    def verb(self, up: str = "rose", down: str = "fell", same: str = "was unchanged") -> str:
        return {"up": up, "down": down, "same": same}.get(self.direction, "")

    @property
    def by(self) -> str:
        """How much it changed, in the unit: '77', '12 days', '7 percentage points'."""
        c = self._change
        if not self.ok or c is None or c.change is None:
            return ""
        figures = self._now._figures
        if self._now.unit == "proportion":
            points = figures.fmt.round(abs(c.change) * 100)
            return f"{points} percentage {words.plural('point', float(points))}"
        change = abs(self._shown()[0])
        if self._now.unit == "count":
            return words.count_text(change, self._now._style.numbers_in_words)
        return figures.fmt.value(change, self._now.unit)

    @property
    def pct(self) -> str:
        """The % change in whole numbers (the workspace's rule), '' for a rate or from zero."""
        c = self._change
        if not self.ok or c is None or c.pct is None or c.change is None:
            return ""
        pct = self._shown()[1]
        return f"{self._now._figures.fmt.round(abs(pct))}%" if pct is not None else ""

    @property
    def better(self) -> bool | None:
        """Whether the change is an improvement by the metric's declared polarity."""
        polarity = self._now._figures.spec(self._now.id).polarity
        if self.direction in ("", "same") or polarity not in ("higher", "lower"):
            return None
        return (self.direction == "up") == (polarity == "higher")
