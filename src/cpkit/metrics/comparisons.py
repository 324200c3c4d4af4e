"""What a figure is compared with, typed: an earlier year, a target, official benchmarks.

The engine fills a ``Comparisons`` for every figure; disclosure control hides parts of it;
the report, the terminal tables and the narrative read its fields. ``as_dict`` writes the
flat ``comparisons`` object of the JSON contract (interfaces.md), whose keys do not change:
``prior_year``, ``prior_year_label``, ``change``, ``change_pct``, ``change_points``,
``base_year``, ``base_year_label``, ``change_since_base`` (``_pct``, ``_points``),
``target``, ``england``, ``region``, ``statistical_neighbours``, ``benchmark_year`` and the
details beside them; for a quarter also ``previous_period`` (the quarter before), its label
and ``change_since_previous`` (``_pct``, ``_points``). For a period other than a year,
``prior_year`` is the same period a year earlier, and its label says which.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

Number = float | int


@dataclass
class Change:
    """The same metric in an earlier year, and the change since then.

    For a rate (``rate``: a proportion) the change is in percentage points (``points``) and
    there is no percentage change; for counts, days and money ``pct`` is the % change.
    """

    label: str  # the earlier year, "2022-23"
    value: Number | None  # its value: None when not available or hidden
    numerator: int | None = None
    denominator: int | None = None
    change: Number | None = None  # now minus then
    pct: float | None = None  # % change, one decimal (not for rates)
    points: float | None = None  # change in percentage points, one decimal (rates only)
    rate: bool = False
    suppressed: bool = False  # hidden by disclosure control (``value`` is then None)
    base: int | None = None  # the people an earlier median or money figure rests on
    suppression: str | None = None  # why hidden: "small" or "protects" (as Figure.suppression)

    def clear_changes(self) -> None:
        """Forget the changes (the figure they were made from is hidden)."""
        self.change = self.pct = self.points = None

    def hide(self) -> None:
        """Disclosure control: the earlier figure and everything made from it."""
        self.value = self.numerator = self.denominator = self.base = None
        self.clear_changes()
        self.suppressed = True

    def _items(self, stem: str, change_stem: str, counts: bool) -> dict[str, Any]:
        items: dict[str, Any] = {stem: self.value, f"{stem}_label": self.label}
        if counts and self.numerator is not None:
            items[f"{stem}_numerator"] = self.numerator
            items[f"{stem}_denominator"] = self.denominator
        if self.base is not None:
            items[f"{stem}_base"] = self.base
        if self.suppressed:
            items[f"{stem}_suppressed"] = True
        items[change_stem] = self.change
        items[f"{change_stem}_pct"] = self.pct
        if self.rate:
            items[f"{change_stem}_points"] = self.points
        return items


@dataclass
class Benchmark:
    """Official comparators for the same measure and year (DfE open data)."""

    year: str  # the year compared, "2023-24"
    england: float | None = None
    region: float | None = None
    statistical_neighbours: float | None = None  # simple mean of the neighbours' figures
    region_name: str | None = None
    neighbours_used: int | None = None
    neighbours_source: str | None = None
    la_published: float | None = None  # the LA's own published figure, for checking
    source: str | None = None  # where the comparator was read from (file or shipped table)
    publication: str | None = None  # as a reader cites it: "DfE, Children looked after..., 2024"
    note: str | None = None  # why there is no comparator

    @property
    def any(self) -> bool:
        return any(v is not None for v in (self.england, self.region, self.statistical_neighbours))

    def _items(self) -> dict[str, Any]:
        items: dict[str, Any] = {
            "england": self.england,
            "region": self.region,
            "statistical_neighbours": self.statistical_neighbours,
            "benchmark_year": self.year,
        }
        optional = {
            "benchmark_source": self.source,
            "benchmark_publication": self.publication,
            "region_name": self.region_name,
            "neighbours_used": self.neighbours_used,
            "neighbours_source": self.neighbours_source,
            "la_published": self.la_published,
            "benchmark_note": self.note,
        }
        items.update({k: v for k, v in optional.items() if v is not None})
        return items


@dataclass
class Comparisons:
    """Everything one figure is compared with; each part is None when it does not apply."""

    prior: Change | None = None  # the same period a year earlier (same definition)
    base: Change | None = None  # a named base year further back (multi-year change)
    previous: Change | None = None  # for a quarter: the quarter before it
    target: Number | None = None  # from cpkit.toml [targets]
    target_year: str | None = None  # the year the target is for, "2025-26"
    benchmark: Benchmark | None = None

    def earlier(self) -> list[Change]:
        return [c for c in (self.prior, self.base, self.previous) if c is not None]

    def clear_changes(self) -> None:
        for earlier in self.earlier():
            earlier.clear_changes()

    def as_dict(self) -> dict[str, Any]:
        """The flat ``comparisons`` object of the JSON contract."""
        items: dict[str, Any] = {}
        if self.prior is not None:
            items.update(self.prior._items("prior_year", "change", counts=True))
        if self.base is not None:
            items.update(self.base._items("base_year", "change_since_base", counts=False))
        if self.previous is not None:
            items.update(self.previous._items("previous_period", "change_since_previous", True))
        if self.target is not None:
            items["target"] = self.target
            if self.target_year is not None:
                items["target_year"] = self.target_year
        if self.benchmark is not None:
            items.update(self.benchmark._items())
        return items
