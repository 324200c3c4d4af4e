"""Small-number suppression for public outputs (cpkit.metrics.suppression).

Counts 1..threshold-1 are hidden (zero is shown), proportions are hidden when their numerator or
denominator is small, a breakdown never shows exactly one hidden cell beside its total, and
comparisons with a small earlier figure are hidden with the changes made from it.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest

from cpkit.metrics.comparisons import Change, Comparisons
from cpkit.metrics.engine import AreaResult, Engine, Figure, MetricResult
from cpkit.metrics.output import area_json, dumps_json
from cpkit.metrics.registry import REGISTRY, load_all
from cpkit.metrics.suppression import is_small, suppress_area, suppress_metric
from cpkit.metrics.testing import tables_from_rows
from cpkit.periods import FinancialYear

load_all()
COUNT = REGISTRY["advocacy.referrals"]  # unit count
SHARE = REGISTRY["advocacy.referrals_by_cohort"]  # unit proportion
YEAR = FinancialYear(2023)


def count_result(*values: int | None, groups: list[dict[str, str]] | None = None) -> MetricResult:
    groups = groups or [{} for _ in values]
    return MetricResult(COUNT, [Figure(v, dict(g)) for v, g in zip(values, groups, strict=True)])


def share_figure(numerator: int, denominator: int, **group: str) -> Figure:
    value = numerator / denominator if denominator else None
    return Figure(value, dict(group), numerator, denominator)


# ----------------------------------------------------------------------------- primary


@pytest.mark.parametrize(
    ("n", "hidden"),
    [(0, False), (1, True), (2, True), (3, True), (4, True), (5, False), (6, False), (120, False)],
)
def test_counts_one_to_four_are_hidden_at_threshold_five(n: int, hidden: bool) -> None:
    result = count_result(n)
    suppress_metric(result, 5)
    figure = result.figures[0]
    assert figure.suppressed is hidden
    assert figure.value == (None if hidden else n)


def test_the_threshold_is_configurable() -> None:
    assert [is_small(n, 3) for n in (0, 1, 2, 3)] == [False, True, True, False]
    assert [is_small(n, 10) for n in (4, 9, 10)] == [True, True, False]
    assert not is_small(None, 5)


@pytest.mark.parametrize(
    ("numerator", "denominator", "hidden"),
    [
        (3, 40, True),  # small numerator
        (0, 3, True),  # small denominator, even with a zero numerator
        (4, 4, True),  # both small
        (0, 40, False),  # zero of a large total identifies nobody
        (5, 40, False),
        (38, 40, True),  # the complement: 2 of 40 are not, which is a small count
        (35, 40, False),
        (0, 0, False),  # nothing to divide by: value is None already, nobody to hide
    ],
)
def test_proportions_hidden_when_numerator_or_denominator_is_small(
    numerator: int, denominator: int, hidden: bool
) -> None:
    result = MetricResult(SHARE, [share_figure(numerator, denominator, cohort="CIC")])
    suppress_metric(result, 5)
    figure = result.figures[0]
    assert figure.suppressed is hidden
    if hidden:
        assert figure.value is None
        assert figure.numerator is None
    else:
        assert figure.numerator == numerator


def test_a_small_denominator_is_not_left_visible_beside_a_hidden_proportion() -> None:
    small = MetricResult(SHARE, [share_figure(1, 3)])
    suppress_metric(small, 5)
    assert small.figures[0].suppressed and small.figures[0].denominator is None
    parts = [share_figure(2, 40, cohort="CIC"), share_figure(38, 40, cohort="CP")]
    result = MetricResult(SHARE, [share_figure(40, 40), *parts])
    suppress_metric(result, 5)
    # a large denominator may stay: it is the published total and identifies nobody
    assert all(f.suppressed and f.denominator == 40 for f in parts)


# ----------------------------------------------------------------------------- secondary


def test_one_hidden_cell_forces_the_next_smallest_to_be_hidden() -> None:
    groups = [
        {},
        {"cohort": "CIC"},
        {"cohort": "CP"},
        {"cohort": "CIN"},
        {"cohort": "OTHER"},
        {"cohort": "CARE_LEAVER"},
    ]
    result = count_result(40, 3, 7, 20, 0, 10, groups=groups)
    suppress_metric(result, 5)
    hidden = {f.group.get("cohort", "total") for f in result.figures if f.suppressed}
    # 3 by the primary rule; 7 is the next smallest non-zero cell, so 3 = 40 - 7 - 20 - 10 cannot
    # be worked out; zero and the total stay
    assert hidden == {"CIC", "CP"}
    assert [f.value for f in result.figures if not f.suppressed] == [40, 20, 0, 10]


def test_secondary_suppression_in_a_proportion_breakdown_uses_numerators() -> None:
    figures = [
        share_figure(2, 60, cohort="CIC"),
        share_figure(30, 60, cohort="CP"),
        share_figure(12, 60, cohort="CIN"),
        share_figure(16, 60, cohort="OTHER"),
    ]
    result = MetricResult(SHARE, figures)
    suppress_metric(result, 5)
    assert [f.suppressed for f in result.figures] == [True, False, True, False]
    assert result.figures[2].value is None and result.figures[2].numerator is None


def test_two_hidden_cells_need_no_secondary_suppression() -> None:
    groups = [{}, {"cohort": "CIC"}, {"cohort": "CP"}, {"cohort": "CIN"}]
    result = count_result(30, 2, 3, 25, groups=groups)
    suppress_metric(result, 5)
    assert [f.suppressed for f in result.figures] == [False, True, True, False]


def test_each_breakdown_of_a_metric_is_protected_on_its_own() -> None:
    groups = [
        {},
        {"source_group": "FGC"},
        {"source_group": "Other"},
        {"source": "IRO"},
        {"source": "SELF"},
        {"source": "CARER"},
    ]
    result = count_result(33, 3, 30, 9, 8, 16, groups=groups)
    suppress_metric(result, 5)
    by_group = {next(iter(f.group.values())): f.suppressed for f in result.figures if f.group}
    # FGC hidden, so Other (its only sibling) too; the detailed sources are untouched
    assert by_group == {"FGC": True, "Other": True, "IRO": False, "SELF": False, "CARER": False}


def test_a_hidden_died_count_cannot_be_recovered_from_the_excluded_records_total() -> None:
    """The quality-warning cell is not part of the excluded total, so hiding it does not
    protect a hidden reason: the died count must not be total minus the other reasons."""
    rows: list[dict[str, Any]] = []
    for n in range(2):
        rows.append(_oc3(f"D{n}", dt.date(2005, 8, 8), "DIED"))
    for n in range(10):
        rows.append(_oc3(f"H{n}", dt.date(2006, 7, 7), "RHOM"))
    for n in range(8):
        rows.append(_oc3(f"O{n}", dt.date(2001, 1, 1), "YES", "F1", "B1"))  # aged 23
    for n in range(6):
        rows.append(_oc3(f"I{n}", dt.date(2006, 1, 1), "YES", "0", "B1"))  # inconsistent
    engine = Engine(tables_from_rows({"ssda903_oc3": rows}), None, la_code="999")
    result = engine.compute(REGISTRY["care_leavers.excluded_records"], YEAR)
    suppress_metric(result, 5)
    total = result.headline
    assert total is not None and total.value == 20 and not total.suppressed
    parts = [
        f
        for f in result.figures
        if f.group.get("reason")
        in (
            "Died",
            "Returned home for 6 months or more (RHOM)",
            "Aged outside 17 to 21 on 31 March",
        )
    ]
    assert len(parts) == 3 and sum(f.value or 0 for f in parts if not f.suppressed) < 20
    assert [f.suppressed for f in parts] == [True, False, True]  # died 2, and outside 8 with it


def test_a_cell_outside_the_total_neither_needs_nor_gives_protection() -> None:
    groups = [
        {},
        {"reason": "Died"},
        {"reason": "Home"},
        {"reason": "Outside"},
        {"reason": "Inconsistent"},
    ]
    result = count_result(30, 12, 10, 8, 2, groups=groups)
    result.figures[-1].extra["outside_total"] = True
    suppress_metric(result, 5)
    # the hidden warning (2) is not a part of 30, so no reason is hidden to protect it
    assert [f.suppressed for f in result.figures] == [False, False, False, False, True]
    assert result.figures[-1].extra == {"outside_total": True}
    assert result.figures[-1].suppression == "small"


def test_a_hidden_fail_count_cannot_be_recovered_from_the_pass_rate() -> None:
    rows = [
        {
            "apprentice_id": f"A{n}",
            "start_date": dt.date(2022, 5, 1),
            "funding": "PROGRAMME",
            "end_date": dt.date(2023, 9, 1),
            "epa_grade": grade,
        }
        for n, grade in enumerate(["FAIL"] * 2 + ["PASS"] * 10 + ["MERIT"] * 8)
    ]
    engine = Engine(tables_from_rows({"apprentices": rows}), None, la_code="999")
    result = engine.compute(REGISTRY["apprenticeships.epa_pass_rate"], YEAR)
    suppress_metric(result, 5)
    headline = result.headline
    assert headline is not None
    fail = next(f for f in result.figures if f.group == {"grade": "FAIL"})
    assert fail.suppressed
    recoverable = headline.numerator is not None and headline.denominator is not None
    assert not recoverable, f"FAIL = {headline.denominator} - {headline.numerator}"


# ----------------------------------------------------------------------------- comparisons


def test_a_small_prior_year_count_is_hidden_with_its_changes() -> None:
    figure = Figure(
        20, {}, comparisons=Comparisons(prior=Change("2022-23", 3, change=17, pct=566.7))
    )
    suppress_metric(MetricResult(COUNT, [figure]), 5)
    assert not figure.suppressed and figure.value == 20
    c = figure.comparisons.as_dict()
    assert c["prior_year"] is None and c["prior_year_suppressed"] is True
    assert c["change"] is None and c["change_pct"] is None
    assert c["prior_year_label"] == "2022-23"


def test_a_zero_or_large_prior_year_is_shown() -> None:
    zero = Figure(20, {}, comparisons=Comparisons(prior=Change("2022-23", 0, change=20)))
    large = Figure(20, {}, comparisons=Comparisons(prior=Change("2022-23", 16, change=4, pct=25.0)))
    suppress_metric(MetricResult(COUNT, [zero]), 5)
    suppress_metric(MetricResult(COUNT, [large]), 5)
    assert zero.comparisons.prior == Change("2022-23", 0, change=20)
    assert large.comparisons.as_dict() == {
        "prior_year": 16,
        "prior_year_label": "2022-23",
        "change": 4,
        "change_pct": 25.0,
    }


def test_a_small_base_year_count_is_hidden_with_the_change_since_it() -> None:
    figure = Figure(
        40, {}, comparisons=Comparisons(base=Change("2021-22", 4, change=36, pct=900.0))
    )
    suppress_metric(MetricResult(COUNT, [figure]), 5)
    c = figure.comparisons.as_dict()
    assert c["base_year"] is None and c["base_year_suppressed"] is True
    assert c["change_since_base"] is None and c["change_since_base_pct"] is None
    assert c["base_year_label"] == "2021-22"


def test_a_prior_year_proportion_from_small_numbers_is_hidden_entirely() -> None:
    figure = share_figure(30, 60)
    figure.comparisons = Comparisons(
        prior=Change("2022-23", 0.0, 0, 3, change=0.5, points=50.0, rate=True)
    )
    suppress_metric(MetricResult(SHARE, [figure]), 5)
    c = figure.comparisons.as_dict()
    assert not figure.suppressed
    assert c["prior_year"] is None and c["prior_year_suppressed"] is True
    assert c["change"] is None and c["change_points"] is None
    # neither part of the hidden prior-year rate may stay visible (3 is itself a small count)
    assert "prior_year_numerator" not in c and "prior_year_denominator" not in c


def test_a_base_year_proportion_from_small_numbers_is_hidden_too() -> None:
    figure = share_figure(30, 60)
    figure.comparisons = Comparisons(
        base=Change("2021-22", 0.5, 2, 4, change=0.0, points=0.0, rate=True)
    )
    suppress_metric(MetricResult(SHARE, [figure]), 5)
    base = figure.comparisons.base
    assert base is not None and base.suppressed and base.value is None
    assert base.numerator is None and base.points is None


def test_the_changes_of_a_hidden_figure_are_hidden_too() -> None:
    figure = Figure(
        3, {}, comparisons=Comparisons(prior=Change("2022-23", 12, change=-9, pct=-75.0))
    )
    suppress_metric(MetricResult(COUNT, [figure]), 5)
    assert figure.suppressed
    prior = figure.comparisons.prior
    # last year's 12 identifies nobody and stays; the change would give this year's 3 away
    assert prior is not None and prior.value == 12
    assert prior.change is None and prior.pct is None


# ----------------------------------------------------------------------------- JSON and engine


def _advocacy_rows(cohorts: dict[str, int]) -> list[dict[str, Any]]:
    rows = []
    for cohort, n in cohorts.items():
        for i in range(n):
            rows.append(
                {
                    "referral_id": f"{cohort}{i}",
                    "child_id": f"{cohort}{i}",
                    "referral_date": dt.date(2023, 6, 1),
                    "cohort": cohort,
                }
            )
    rows.append(
        {
            "referral_id": "P1",
            "child_id": "P1",
            "referral_date": dt.date(2023, 1, 5),
            "cohort": "CIC",
        }
    )  # one referral in 2022-23: a small prior year
    return rows


def _public_area(cohorts: dict[str, int], threshold: int = 5) -> AreaResult:
    engine = Engine(
        tables_from_rows({"advocacy_referrals": _advocacy_rows(cohorts)}), None, la_code="999"
    )
    return suppress_area(engine.area("advocacy", YEAR), threshold)


def test_json_of_a_suppressed_figure_is_null_with_suppressed_true() -> None:
    area = _public_area({"CIC": 12, "CP": 2, "CIN": 9, "OTHER": 6})
    document = json.loads(dumps_json(area))
    assert document["suppression"]["applied"] is True
    assert document["suppression"]["threshold"] == 5
    records = {(r["id"], json.dumps(r["group"], sort_keys=True)): r for r in document["metrics"]}
    cp = records[("advocacy.referrals_by_cohort", '{"cohort": "CP"}')]
    assert cp["value"] is None and cp["numerator"] is None and cp["suppressed"] is True
    # secondary: the next smallest cohort (OTHER, 6) goes too; CIC stays
    other = records[("advocacy.referrals_by_cohort", '{"cohort": "OTHER"}')]
    assert other["value"] is None and other["suppressed"] is True
    cic = records[("advocacy.referrals_by_cohort", '{"cohort": "CIC"}')]
    assert cic["numerator"] == 12 and cic["denominator"] == 29 and "suppressed" not in cic
    # the headline: 29 referrals shown, its prior year (1) hidden with the change
    referrals = records[("advocacy.referrals", "{}")]
    assert referrals["value"] == 29 and "suppressed" not in referrals
    assert referrals["comparisons"]["prior_year"] is None
    assert referrals["comparisons"]["prior_year_suppressed"] is True
    assert referrals["comparisons"]["change"] is None


def test_suppress_area_marks_the_result_public() -> None:
    area = _public_area({"CIC": 12}, threshold=10)
    assert area.public and area.suppress_below == 10
    assert area_json(area)["suppression"]["threshold"] == 10
    plain = Engine(
        tables_from_rows({"advocacy_referrals": _advocacy_rows({"CIC": 3})}), None, la_code="999"
    ).area("advocacy", YEAR)
    assert "suppression" not in area_json(plain)
    assert plain.result("advocacy.referrals").headline.value == 3  # type: ignore[union-attr]


def _oc3(
    child: str, dob: dt.date, in_touch: str, activ: str = "0", accom: str = "0"
) -> dict[str, Any]:
    return {
        "child": child,
        "dob": dob,
        "in_touch": in_touch,
        "activ": activ,
        "accom": accom,
        "collection_year": 2024,
    }
