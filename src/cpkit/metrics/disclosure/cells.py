"""Every number a publication shows, as cells: the common ground of the disclosure pass and
the audit.

A *cell* is one count (children matched at 31 March 2024; the numerator of a share; the
denominator a breakdown shares; last year's value) or one derived figure (a change, a rate, a
median). The same quantity shown in several places (this year's value in a table, in a trend
chart, as next year's "prior year") is one cell, so hiding it hides it everywhere. Cells are
found by walking the computed results, yielding a ``Slot`` per place a number appears; a slot
can hide its number in place, so every output that reads the results afterwards (JSON, CSV,
tables, charts, sentences, narrative) shows the same decision.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from cpkit.metrics.registry import PEOPLE, MetricSpec

if TYPE_CHECKING:
    from cpkit.metrics.comparisons import Change
    from cpkit.metrics.engine import AreaResult, Figure

Group = tuple[tuple[str, str], ...]
# the earlier periods a figure is compared with (Comparisons): the same period a year
# earlier, a named base year, and for a quarter the quarter before
EARLIER = ("prior", "base", "previous")


@dataclass(frozen=True, order=True)
class CellKey:
    """Which number: metric, group (a breakdown's category), year and role.

    Roles: ``value`` (a count), ``numerator``, ``denominator`` (of a headline share),
    ``total:<key>`` (the denominator every part of a breakdown by ``key`` shares),
    ``complement`` (denominator minus numerator: never shown, but a count of people all the
    same), ``base`` (the people a median or money figure rests on), ``extra:<name>`` (a count
    carried as a detail), and the derived ``rate``, ``summary`` and ``change:<kind>``.
    """

    metric: str
    group: Group
    year: str
    role: str

    def __str__(self) -> str:
        group = ", ".join(f"{k}={v}" for k, v in self.group)
        return f"{self.metric}{f'[{group}]' if group else ''} {self.role} {self.year}"


LINEAR = "linear"  # a count that relations add up
DERIVED = "derived"  # a rate, median or change: shown only when what it is made from is


@dataclass
class Slot:
    """One place a number is shown, with a way to hide it there."""

    key: CellKey
    value: float | None  # as it stands (None: hidden or not available)
    hidden: bool  # already hidden (published as [c] / null with suppressed)
    people: bool  # a count of people: subject to the threshold
    kind: str  # LINEAR or DERIVED
    hide: Callable[[], None] = field(repr=False)
    # DERIVED: the cells it is made from (hidden with any of them)
    made_of: tuple[CellKey, ...] = ()
    # LINEAR parts of a breakdown: (metric, outer group, year, breakdown key)
    family: tuple[str, Group, str, str] | None = None
    outside_total: bool = False
    # whose own count this is (a Figure, or the Change of an earlier year), for the reason
    # it is hidden; None for denominators, rates and changes
    owner: Any = field(default=None, repr=False, compare=False)

    @property
    def small(self) -> bool:
        """Hidden as a count of 1 to threshold - 1 (a reader may take that as known)."""
        return self.owner is not None and getattr(self.owner, "suppression", None) == "small"


@dataclass
class Publication:
    """Everything one output shows: area results (with their comparisons) and trend series."""

    areas: dict[str, AreaResult]
    trends: dict[str, list[tuple[str, Figure | None]]] = field(default_factory=dict)


def slots(publication: Publication) -> Iterator[Slot]:
    """Every number of the publication, in a stable order."""
    from cpkit.metrics.registry import REGISTRY

    for area in publication.areas.values():
        for result in area.results:
            if result.status != "ok":
                continue
            for figure in result.figures:
                # the figure's own period: an annual-only metric in a quarter is a year's
                yield from figure_slots(result.spec, figure, (result.period or area.period).label)
    for metric_id, points in publication.trends.items():
        for label, point in points:
            if point is not None:
                yield from figure_slots(REGISTRY[metric_id], point, label)


def family_of(spec: MetricSpec, group: dict[str, str]) -> tuple[Group, str] | None:
    """(outer group, breakdown key) of a breakdown cell; None for a headline."""
    from cpkit.metrics.disclosure.relations import SEPARATE_POPULATIONS

    inner = [k for k in group if k not in SEPARATE_POPULATIONS]
    if not inner:
        return None  # the headline of a population of its own (one programme)
    key = spec.breakdown if spec.breakdown in inner else inner[-1]
    outer = tuple(sorted((k, v) for k, v in group.items() if k != key))
    return outer, key


def figure_slots(spec: MetricSpec, figure: Figure, year: str) -> Iterator[Slot]:
    """The slots of one figure: its own numbers, then those of each earlier year it shows."""
    group = figure.group_key()
    family = family_of(spec, figure.group)
    people = spec.about_people
    outside = bool(figure.extra.get("outside_total"))

    def key(role: str, at: str = year) -> CellKey:
        return CellKey(spec.id, group, at, role)

    def total_key(at: str) -> CellKey:
        if family is None:
            return key("denominator", at)
        outer, by = family
        return CellKey(spec.id, outer, at, f"total:{by}")

    fam = (spec.id, family[0], year, family[1]) if family else None
    hide = _hider(figure)
    if spec.unit == "count":
        yield Slot(
            key("value"),
            figure.value,
            figure.suppressed,
            people,
            LINEAR,
            hide,
            (),
            fam,
            outside,
            figure,
        )
    elif spec.unit == "proportion":
        den_people = people and not spec.denominator_is_target
        yield Slot(
            key("numerator"),
            figure.numerator,
            figure.suppressed,
            people,
            LINEAR,
            hide,
            (),
            fam,
            owner=figure,
        )
        hidden_den = figure.denominator is None and figure.suppressed
        yield Slot(
            total_key(year), figure.denominator, hidden_den, den_people, LINEAR, _hide_den(figure)
        )
        made = (key("numerator"), total_key(year))
        yield Slot(key("rate"), figure.value, figure.suppressed, False, DERIVED, hide, made)
    else:
        yield from _summary_slots(spec, figure, key, hide)
    for name, what in spec.extra_counts.items():
        value = figure.extra.get(name)
        if name in figure.extra:
            yield Slot(
                key(f"extra:{name}"),
                value,
                figure.suppressed or value is None,
                what in PEOPLE and people,
                LINEAR,
                _hide_extra(figure, name),
            )
    for kind in EARLIER:
        yield from _comparison_slots(spec, figure, year, kind, key, total_key, fam)


def _summary_slots(spec: MetricSpec, figure: Figure, key: Any, hide: Any) -> Iterator[Slot]:
    base_people = spec.about_people and spec.base in PEOPLE
    yield Slot(key("base"), figure.base, figure.suppressed, base_people, LINEAR, hide, owner=figure)
    made: tuple[CellKey, ...] = (key("base"),)
    # a ratio may carry its numerator (referrals per advocate); one that has none (a rate per
    # 10,000 children, a mean score) rests on its base alone, not on a cell never filled in
    if spec.unit == "ratio" and (figure.numerator is not None or figure.suppressed):
        yield Slot(
            key("numerator"), figure.numerator, figure.suppressed, spec.about_people, LINEAR, hide
        )
        made += (key("numerator"),)
    yield Slot(key("summary"), figure.value, figure.suppressed, False, DERIVED, hide, made)


def _comparison_slots(
    spec: MetricSpec,
    figure: Figure,
    year: str,
    kind: str,
    key: Any,
    total_key: Any,
    fam: tuple[str, Group, str, str] | None,
) -> Iterator[Slot]:
    earlier: Change | None = getattr(figure.comparisons, kind)
    if earlier is None or (earlier.value is None and not earlier.suppressed):
        return  # not compared, or no data for that year
    label, hidden, people = earlier.label, earlier.suppressed, spec.about_people
    hide = earlier.hide
    family = (fam[0], fam[1], label, fam[3]) if fam else None
    outside = bool(figure.extra.get("outside_total"))
    hide_change = earlier.clear_changes
    change_hidden = earlier.change is None
    if spec.unit == "count":
        then = key("value", label)
        yield Slot(then, earlier.value, hidden, people, LINEAR, hide, (), family, outside, earlier)
        yield Slot(
            key(f"change:{kind}"),
            earlier.change,
            change_hidden,
            False,
            LINEAR,
            hide_change,
            (key("value"), then),
        )
        return
    if spec.unit == "proportion":
        den_people = people and not spec.denominator_is_target
        num, den = earlier.numerator, earlier.denominator
        yield Slot(
            key("numerator", label), num, hidden, people, LINEAR, hide, (), family, owner=earlier
        )
        yield Slot(total_key(label), den, hidden and den is None, den_people, LINEAR, hide)
        made: tuple[CellKey, ...] = (key("numerator", label), total_key(label))
        yield Slot(key("rate", label), earlier.value, hidden, False, DERIVED, hide, made)
        now: tuple[CellKey, ...] = (key("numerator"), total_key(year))
    else:
        base_people = people and spec.base in PEOPLE
        yield Slot(
            key("base", label), earlier.base, hidden, base_people, LINEAR, hide, owner=earlier
        )
        made = (key("base", label),)
        yield Slot(key("summary", label), earlier.value, hidden, False, DERIVED, hide, made)
        now = (key("base"),)
    yield Slot(
        key(f"change:{kind}"),
        earlier.change,
        change_hidden,
        False,
        DERIVED,
        hide_change,
        (*now, *made),
    )


# --------------------------------------------------------------------------- hiding in place


def _hider(figure: Figure) -> Callable[[], None]:
    def hide() -> None:
        hide_figure(figure)

    return hide


def hide_figure(figure: Figure) -> None:
    """Hide a figure's own value everywhere it is shown, with the changes made from it.

    Numeric details go with it (a 90th percentile or a target read beside a hidden count
    could narrow it down); words, dates and the rank stay.
    """
    figure.suppressed = True
    figure.value = None
    figure.numerator = None
    figure.base = None
    figure.extra = {
        k: v
        for k, v in figure.extra.items()
        if k == "rank" or not isinstance(v, int | float) or isinstance(v, bool)
    }
    figure.comparisons.clear_changes()


def _hide_den(figure: Figure) -> Callable[[], None]:
    def hide() -> None:
        hide_figure(figure)
        figure.denominator = None

    return hide


def _hide_extra(figure: Figure, name: str) -> Callable[[], None]:
    def hide() -> None:
        if name in figure.extra:
            figure.extra[name] = None

    return hide
