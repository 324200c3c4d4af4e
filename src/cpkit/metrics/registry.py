"""The metric registry: every metric declared once, on the pure function that computes it.

``@metric(...)`` validates the declaration when the module is imported (a bad or duplicate
id, an empty definition, an unknown unit or an input that names no dataset column all fail
at once), so ``cpkit metrics list``, docs/metrics.md and the report's definitions appendix,
which all read ``REGISTRY``, can trust it.
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
Polarity = Literal["higher", "lower"]
Timing = Literal["in_year", "year_end", "programme", "cohort"]

UNITS = ("count", "proportion", "days", "gbp", "ratio")
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
    polarity: Polarity | None = None
    prior_year: bool = True
    base_years: int = 0  # >0: also compare with the year this many years before, naming it
    benchmark: BenchmarkRef | None = None
    label: str | None = None  # e.g. "known-only": shown wherever the figure is shown
    breakdown: str | None = None  # the group key of a breakdown metric, e.g. "cohort"

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


REGISTRY: dict[str, MetricSpec] = {}


def metric(
    id: str,
    *,
    title: str,
    definition: str,
    unit: Unit,
    inputs: Sequence[str],
    timing: Timing,
    polarity: Polarity | None = None,
    prior_year: bool = True,
    base_years: int = 0,
    benchmark: BenchmarkRef | None = None,
    label: str | None = None,
    breakdown: str | None = None,
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Declare a metric on the pure function that computes it.

    ``inputs`` are ``"dataset"`` or ``"dataset.column"`` strings; the engine checks they are in
    the warehouse before running the function, so a missing input is reported, not crashed on.
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
            polarity=polarity,
            prior_year=prior_year,
            base_years=base_years,
            benchmark=benchmark,
            label=label,
            breakdown=breakdown,
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
