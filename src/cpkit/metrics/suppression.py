"""Small-number suppression for public outputs (``--public``).

Primary: a count of 1 to ``threshold - 1`` is hidden, and so is any percentage made from one
(as numerator or denominator). Secondary: where a breakdown would show a total and only one
hidden cell, the next smallest cell is hidden too, so the hidden one cannot be worked out by
subtraction (cells with ``extra["outside_total"]`` are not parts of the total and are left
out). Comparisons built from hidden figures (prior year, change) are hidden with them.
Zero is shown: it identifies nobody.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping

from cpkit.metrics.engine import AreaResult, Figure, MetricResult
from cpkit.metrics.registry import PEOPLE as COUNTS_PEOPLE

COUNT_UNITS = ("count",)


def is_small(n: float | int | None, threshold: int) -> bool:
    return n is not None and 0 < n < threshold


def suppress_area(result: AreaResult, threshold: int) -> AreaResult:
    """Apply primary and secondary suppression to every metric of an area, in place."""
    for metric in result.results:
        suppress_metric(metric, threshold)
    result.public = True
    result.suppress_below = threshold
    return result


def suppress_metric(metric: MetricResult, threshold: int) -> None:
    spec = metric.spec
    if not spec.about_people:
        return  # meetings, events, groups, themes, asks identify nobody: always shown
    unit = spec.unit
    for figure in metric.figures:
        if _primary(figure, unit, threshold):
            _hide(figure, "small")
            if is_small(figure.denominator, threshold):
                figure.denominator = None  # a small total is itself a small count
        _hide_small_comparisons(figure, unit, threshold)
        _hide_small_extras(figure, spec.extra_counts, threshold)
    _secondary(metric.figures, unit)


def _hide_small_extras(figure: Figure, declared: Mapping[str, str], threshold: int) -> None:
    """Counts of people carried as details (declared ``extra_counts``) follow the same rule."""
    for key in declared:
        value = figure.extra.get(key)
        if (
            COUNTS_PEOPLE.get(declared[key])
            and isinstance(value, int)
            and is_small(value, threshold)
        ):
            figure.extra[key] = None


def _primary(figure: Figure, unit: str, threshold: int) -> bool:
    if unit in COUNT_UNITS:
        return is_small(figure.value, threshold)
    if unit == "proportion":
        complement = (
            figure.denominator - figure.numerator
            if figure.denominator is not None and figure.numerator is not None
            else None
        )
        # the complement too: 18 of 20 would reveal the 2 who are not
        return any(
            is_small(n, threshold) for n in (figure.numerator, figure.denominator, complement)
        )
    # days, gbp, ratio: hide when they rest on fewer than `threshold` people (declared base)
    return is_small(figure.base, threshold)


def _hide(figure: Figure, reason: str) -> None:
    """Hide a figure; ``reason`` is "small" (it counts fewer than the threshold) or
    "complementary" (hidden so that another hidden cell cannot be worked out), so that a
    sentence says "fewer than 5" only where that is true."""
    figure.suppressed = True
    figure.value = None
    figure.numerator = None
    figure.base = None
    figure.extra = {k: v for k, v in figure.extra.items() if k in ("rank", "outside_total")}
    figure.extra["hidden"] = reason
    figure.comparisons.clear_changes()  # meaningless once hidden


def _hide_small_comparisons(figure: Figure, unit: str, threshold: int) -> None:
    """An earlier year's small count is hidden too, with the changes computed from it."""
    for earlier in figure.comparisons.earlier():
        if earlier.value is None:
            continue
        if unit in COUNT_UNITS:
            small = is_small(earlier.value, threshold)
        elif unit == "proportion":
            small = any(is_small(n, threshold) for n in (earlier.numerator, earlier.denominator))
        else:
            small = False
        if small or figure.suppressed:
            earlier.hide()


def _secondary(figures: list[Figure], unit: str) -> None:
    """Within each breakdown, never leave a single hidden cell beside a visible total."""
    groups: dict[tuple[str, ...], list[Figure]] = defaultdict(list)
    for figure in figures:
        if figure.group:
            groups[tuple(sorted(figure.group))].append(figure)
    for siblings in groups.values():
        # a cell marked outside_total (a note beside the breakdown, not a part of its total)
        # cannot be worked out by subtraction, nor protect a hidden part
        parts = [f for f in siblings if not f.extra.get("outside_total")]
        hidden = [f for f in parts if f.suppressed]
        if len(hidden) != 1:
            continue
        candidates = [f for f in parts if not f.suppressed and _size(f, unit)]
        if candidates:
            _hide(min(candidates, key=lambda f: _size(f, unit)), "complementary")


def _size(figure: Figure, unit: str) -> float:
    if unit == "proportion":
        return figure.numerator or 0
    return figure.value or 0
