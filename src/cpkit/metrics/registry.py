"""The metric registry: every metric declared once, on the pure function that computes it.

``@metric(...)`` validates the declaration when the module is imported (a bad or duplicate
id, an empty definition, an unknown unit or an input that names no dataset column all fail
at once), so ``cpkit metrics list``, docs/metrics.md and the report's definitions appendix,
which all read ``REGISTRY``, can trust it.

Every metric also says what it counts (``counts``: people such as children or referrals of a
child, or things such as meetings and events), which decides whether ``--public`` disclosure
control applies to it; what its figures rest on when they summarise people (``base``: the
number of people behind a median, mean, rate or money figure, carried on ``Value.base``); and
its ``polarity`` (higher is better, lower is better, or neither) for the scorecard and the
report's balanced summary. A declaration that leaves any of them out is refused.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from cpkit.areas import BY_KEY, KEYS
from cpkit.areas import area as find_area
from cpkit.datasets import REGISTRY as DATASETS

if TYPE_CHECKING:
    from cpkit.metrics.context import MetricContext, Tables

Unit = Literal["count", "proportion", "days", "gbp", "ratio"]
Polarity = Literal["higher", "lower", "neither"]
Counts = Literal[
    "children",
    "young_people",
    "care_leavers",
    "volunteers",
    "mentors",
    "apprentices",
    "referrals",
    "attendances",
    "reviews",
    "incidents",
    "meetings",
    "events",
    "sessions",
    "groups",
    "themes",
    "asks",
    "posts",
    "rows",
]
Timing = Literal["in_year", "year_end", "programme", "cohort"]

UNITS = ("count", "proportion", "days", "gbp", "ratio")
SUMMARY_UNITS = ("days", "gbp", "ratio")  # a median, mean, rate or money figure: needs a base
POLARITIES = {
    "higher": "higher is better",
    "lower": "lower is better",
    "neither": "neither higher nor lower is better",
}
# What a metric counts. People (and referrals or attendances of a person) are protected by
# --public disclosure control; meetings, events, groups and the like identify nobody and are
# always shown.
PEOPLE: dict[str, str] = {
    "children": "children",
    "young_people": "young people",
    "care_leavers": "care leavers",
    "volunteers": "volunteers",
    "mentors": "mentors",
    "apprentices": "apprentices",
    "referrals": "referrals of a child or young person",
    "attendances": "attendances of people at events",
    "reviews": "reviews of a child",
    "incidents": "incidents of a child going missing or away",
}
NOT_PEOPLE: dict[str, str] = {
    "meetings": "meetings",
    "events": "events",
    "sessions": "sessions",
    "groups": "groups",
    "themes": "themes",
    "asks": "asks and actions",
    "posts": "posts",
    "rows": "rows of a file",
}
COUNTS: dict[str, str] = {**PEOPLE, **NOT_PEOPLE}
TIMING_LABELS = {
    "in_year": "during the financial year",
    "year_end": "at 31 March (snapshot at the end of the year)",
    "programme": "from the programme's start to the end of the year",
    "cohort": "SSDA903 care-leaver cohort of the collection year (DfE method)",
}
_ID = re.compile(r"^([a-z][a-z0-9]*(?:_[a-z0-9]+)*)\.([a-z][a-z0-9]*(?:_[a-z0-9]+)*)$")


class MetricDefinitionError(ValueError):
    """A metric was declared wrongly (raised at import time)."""


@dataclass(frozen=True)
class Input:
    """A dataset (and optionally columns of it) a metric reads."""

    dataset: str
    columns: tuple[str, ...] = ()

    def __str__(self) -> str:
        return f"{self.dataset}({', '.join(self.columns)})" if self.columns else self.dataset


@dataclass(frozen=True)
class BenchmarkRef:
    """Where the official comparator for a metric is published (EES open data)."""

    file: str  # e.g. "la_care_leavers_activity"
    filters: Mapping[str, str]  # dimension -> value: {"care_leaver_age": "19 to 21 years"}
    measure: str  # e.g. "care_leaver_percent"
    scale: float = 0.01  # published percentages -> proportions


@dataclass(frozen=True)
class MetricSpec:
    id: str
    title: str
    definition: str
    unit: Unit
    inputs: tuple[Input, ...]
    timing: Timing
    fn: Callable[[Tables, MetricContext], Any] = field(compare=False, repr=False)
    counts: Counts
    polarity: Polarity
    # what the people behind a days, gbp or ratio figure are (each Value carries how many)
    base: Counts | None = None
    # a proportion whose denominator is not a count of ``counts`` but a configured target
    denominator_is_target: bool = False
    # extra fields that are counts, and what they count: {"mentors": "mentors"}
    extra_counts: Mapping[str, Counts] = field(default_factory=dict)
    prior_year: bool = True
    base_years: int = 0  # >0: also compare with the year this many years before, naming it
    benchmark: BenchmarkRef | None = None
    label: str | None = None  # e.g. "known-only": shown wherever the figure is shown
    breakdown: str | None = None  # the group key of a breakdown metric, e.g. "cohort"
    # what a reader must know about the figure for a quarter or year to date, beyond its
    # timing (e.g. "a quarter's one or two boards cannot cover every theme")
    part_year: str | None = None

    @property
    def area_prefix(self) -> str:
        return self.id.split(".", 1)[0]

    @property
    def area(self) -> str:
        return BY_KEY[self.area_prefix].cli

    @property
    def name(self) -> str:
        return self.id.split(".", 1)[1]

    @property
    def timing_label(self) -> str:
        return TIMING_LABELS[self.timing]

    @property
    def about_people(self) -> bool:
        """Whether the figures count people, so that --public disclosure control applies."""
        return self.counts in PEOPLE

    @property
    def polarity_label(self) -> str:
        return POLARITIES[self.polarity]

    @property
    def counts_label(self) -> str:
        return COUNTS[self.counts]


REGISTRY: dict[str, MetricSpec] = {}


def metric(
    id: str,
    *,
    title: str,
    definition: str,
    unit: Unit,
    inputs: Sequence[str],
    timing: Timing,
    counts: Counts | None = None,
    polarity: Polarity | None = None,
    base: Counts | None = None,
    denominator_is_target: bool = False,
    extra_counts: Mapping[str, Counts] | None = None,
    prior_year: bool = True,
    base_years: int = 0,
    benchmark: BenchmarkRef | None = None,
    label: str | None = None,
    breakdown: str | None = None,
    part_year: str | None = None,
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Declare a metric on the pure function that computes it.

    ``inputs`` are ``"dataset"`` or ``"dataset.column"`` strings; the engine checks they are in
    the warehouse before running the function, so a missing input is reported, not crashed on.
    ``counts`` (what the figures count), ``polarity`` and, for days, gbp and ratio figures,
    ``base`` (what the people they rest on are; each value then carries ``Value.base``) are
    required: see the module docstring.
    """

    def register(fn: Callable[..., Any]) -> Callable[..., Any]:
        spec = MetricSpec(
            id=id,
            title=title,
            definition=" ".join(definition.split()),
            unit=unit,
            inputs=_parse_inputs(id, inputs),
            timing=timing,
            fn=fn,
            counts=counts,  # type: ignore[arg-type]  # None is refused by _validate
            polarity=polarity,  # type: ignore[arg-type]
            base=base,
            denominator_is_target=denominator_is_target,
            extra_counts=dict(extra_counts or {}),
            prior_year=prior_year,
            base_years=base_years,
            benchmark=benchmark,
            label=label,
            breakdown=breakdown,
            part_year=" ".join(part_year.split()) if part_year else None,
        )
        _validate(spec)
        REGISTRY[id] = spec
        return fn

    return register


def _parse_inputs(metric_id: str, inputs: Sequence[str]) -> tuple[Input, ...]:
    grouped: dict[str, list[str]] = {}
    for item in inputs:
        dataset, _, column = item.partition(".")
        grouped.setdefault(dataset, [])
        if column:
            grouped[dataset].append(column)
    parsed = tuple(Input(d, tuple(c)) for d, c in grouped.items())
    if not parsed:
        raise MetricDefinitionError(f"{metric_id}: a metric needs at least one input")
    return parsed


def _validate(spec: MetricSpec) -> None:
    match = _ID.match(spec.id)
    if not match:
        raise MetricDefinitionError(
            f"bad metric id '{spec.id}': use area.name in lower case, e.g. advocacy.referrals"
        )
    if match.group(1) not in BY_KEY:
        raise MetricDefinitionError(f"metric id '{spec.id}': unknown area '{match.group(1)}'")
    if spec.id in REGISTRY:
        raise MetricDefinitionError(f"metric id '{spec.id}' is declared twice")
    if len(spec.title.strip()) < 3:
        raise MetricDefinitionError(f"{spec.id}: empty title")
    if len(spec.definition.split()) < 6 or not spec.definition.endswith("."):
        raise MetricDefinitionError(
            f"{spec.id}: the definition must be a sentence a report reader understands"
        )
    if spec.unit not in UNITS:
        raise MetricDefinitionError(f"{spec.id}: unknown unit '{spec.unit}'")
    if spec.timing not in TIMING_LABELS:
        raise MetricDefinitionError(f"{spec.id}: unknown timing '{spec.timing}'")
    _check_disclosure_fields(spec)
    _check_referral_wording(spec)
    for item in spec.inputs:
        dataset = DATASETS.get(item.dataset)
        if dataset is None:
            raise MetricDefinitionError(f"{spec.id}: input '{item.dataset}' is not a dataset")
        for column in item.columns:
            if column not in dataset.column_names:
                raise MetricDefinitionError(
                    f"{spec.id}: '{column}' is not a column of {item.dataset}"
                )


def _check_choice(
    spec: MetricSpec, name: str, value: str | None, choices: Mapping[str, str], missing: str
) -> None:
    """A declared field must be one of ``choices``; leaving it out is refused too."""
    if value in choices:
        return
    said = missing if value is None else f"{name}='{value}' is not known"
    hint = f" (people: {', '.join(PEOPLE)})" if name == "counts" else ""
    raise MetricDefinitionError(
        f"{spec.id}: {said}; declare {name}= one of: {', '.join(choices)}{hint}"
    )


def _check_disclosure_fields(spec: MetricSpec) -> None:
    """What a metric counts, what a summary rests on and its polarity are all declared."""
    _check_choice(spec, "counts", spec.counts, COUNTS, "does not say what it counts")
    _check_choice(spec, "polarity", spec.polarity, POLARITIES, "does not declare its polarity")
    if spec.unit in SUMMARY_UNITS and spec.base not in COUNTS:
        raise MetricDefinitionError(
            f"{spec.id}: a {spec.unit} figure must declare base= (what the people or things "
            "it rests on are, one of: " + ", ".join(COUNTS) + ") and carry Value.base"
        )
    if spec.unit not in SUMMARY_UNITS and spec.base is not None:
        raise MetricDefinitionError(
            f"{spec.id}: base= is for days, gbp and ratio figures; a {spec.unit} rests on "
            "its own count"
        )
    if spec.denominator_is_target and spec.unit != "proportion":
        raise MetricDefinitionError(f"{spec.id}: denominator_is_target is for proportions")
    for key, what in spec.extra_counts.items():
        if what not in COUNTS:
            raise MetricDefinitionError(f"{spec.id}: extra_counts['{key}']='{what}' is not known")


def _check_referral_wording(spec: MetricSpec) -> None:
    """Referrals and children are different units and must never share a label."""
    text = spec.title.lower()
    about_people = any(
        word in text for word in ("child", "young people", "young person", "people", "person")
    )
    if "referral" in spec.name and about_people and "referral" not in text:
        raise MetricDefinitionError(f"{spec.id}: a referral count titled as children")


def metrics_for_area(area: str) -> list[MetricSpec]:
    """The metrics of one area (by CLI name or key), in declaration order."""
    load_all()
    prefix = find_area(area).key
    return [spec for spec in REGISTRY.values() if spec.area_prefix == prefix]


def all_metrics() -> list[MetricSpec]:
    load_all()
    return sorted(REGISTRY.values(), key=lambda s: KEYS.index(s.area_prefix))


def load_all() -> None:
    """Import every area module (each registers its metrics on import)."""
    from cpkit.metrics import areas  # noqa: F401
