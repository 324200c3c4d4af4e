"""What a metric's figure covers in a given period, and how to say it.

Every metric is declared for a financial year (``timing`` in the registry). For a quarter, a
year to date or any range the engine reads each timing so:

- ``in_year``: counted within the period;
- ``year_end``: a snapshot at the end of the period's last day;
- ``programme``: from the programme's start to the period's last day (programme to date);
- ``cohort``, and every metric of an area declared ``annual_only`` (SSDA903 returns): the
  whole financial year that had ended by the period's last day, labelled with that year,
  because the return and DfE's comparators exist for whole years only.

These helpers keep that rule in one place for the engine, the outputs and the scorecard.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cpkit.areas import BY_KEY
from cpkit.periods import Period, day_text

if TYPE_CHECKING:
    from cpkit.metrics.registry import MetricSpec


def is_annual(spec: MetricSpec) -> bool:
    """Whether the metric exists for whole financial years only."""
    return spec.timing == "cohort" or BY_KEY[spec.area_prefix].annual_only


def period_for(spec: MetricSpec, period: Period) -> Period:
    """The period the metric is computed for when ``period`` is asked for."""
    if period.is_year or not is_annual(spec):
        return period
    return Period.of_year(period.annual_year)


def when_label(spec: MetricSpec, period: Period) -> str:
    """A few words for a table's 'when' column: 'in year', '31 March', 'in period', '31
    December 2023', 'to date', '2022-23 (annual)'."""
    used = period_for(spec, period)
    if used != period:
        return f"{used.label} (annual)"
    if spec.timing == "year_end":
        return "31 March" if period.is_year else day_text(period.end)
    if spec.timing == "programme":
        return "to date"
    if spec.timing == "cohort":
        return "DfE cohort"
    return "in year" if period.is_year else "in period"


def period_note(spec: MetricSpec, period: Period) -> str | None:
    """What the figure covers when ``period`` is not a financial year (None for a year,
    where the definition says it all)."""
    if period.is_year:
        return None
    used = period_for(spec, period)
    if used != period:
        return (
            f"Annual figure for {used.label}: the SSDA903 return and DfE's figures cover whole "
            f"financial years, so this is the latest year ended by {day_text(period.end)}, "
            f"not {period.label}."
        )
    text = {
        "in_year": f"Counted within {period.description}.",
        "year_end": f"Taken at the end of {day_text(period.end)}.",
        "programme": f"Programme to date: from the programme's start to {day_text(period.end)}, "
        f"not only {period.label}.",
    }[spec.timing]  # "cohort" metrics are annual: answered above
    return f"{text} {spec.part_year}" if spec.part_year else text
