"""The typed comparisons write the JSON contract's flat keys (interfaces.md), unchanged."""

from __future__ import annotations

from cpkit.metrics.comparisons import Benchmark, Change, Comparisons


def test_prior_and_base_year_of_a_count() -> None:
    c = Comparisons(
        prior=Change("2022-23", 612, change=77, pct=12.6),
        base=Change("2021-22", 550, change=139, pct=25.3),
        target=700,
    )
    assert c.as_dict() == {
        "prior_year": 612,
        "prior_year_label": "2022-23",
        "change": 77,
        "change_pct": 12.6,
        "base_year": 550,
        "base_year_label": "2021-22",
        "change_since_base": 139,
        "change_since_base_pct": 25.3,
        "target": 700,
    }


def test_a_rate_changes_in_points_and_carries_its_counts() -> None:
    c = Comparisons(prior=Change("2022-23", 0.62, 463, 747, change=-0.06, points=-6.0, rate=True))
    assert c.as_dict() == {
        "prior_year": 0.62,
        "prior_year_label": "2022-23",
        "prior_year_numerator": 463,
        "prior_year_denominator": 747,
        "change": -0.06,
        "change_pct": None,
        "change_points": -6.0,
    }


def test_a_hidden_earlier_year_says_so_and_keeps_its_label() -> None:
    prior = Change("2022-23", 0.5, 2, 4, change=0.1, points=10.0, rate=True)
    prior.hide()
    assert Comparisons(prior=prior).as_dict() == {
        "prior_year": None,
        "prior_year_label": "2022-23",
        "prior_year_suppressed": True,
        "change": None,
        "change_pct": None,
        "change_points": None,
    }


def test_benchmarks_and_a_target_year() -> None:
    c = Comparisons(
        target=30,
        target_year="2025-26",
        benchmark=Benchmark("2023-24", england=0.54, region=0.52, region_name="West Midlands"),
    )
    assert c.as_dict() == {
        "target": 30,
        "target_year": "2025-26",
        "england": 0.54,
        "region": 0.52,
        "statistical_neighbours": None,
        "benchmark_year": "2023-24",
        "region_name": "West Midlands",
    }
    assert Comparisons().as_dict() == {}
