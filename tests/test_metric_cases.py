"""Metric case tables: small hand-made datasets with hand-computed answers.

Each file in tests/metric_cases/ holds ``[[case]]`` entries:

    [[case]]
    name = "a child referred twice"
    year = "2023-24"
    [case.tables]
    advocacy_referrals = [ {referral_id = "R1", child_id = "C1", ...}, ... ]
    [case.expect]
    "advocacy.referrals" = 3                        # headline value
    "advocacy.referrals_by_cohort[cohort=CIC]" = [2, 3]   # numerator and denominator
    "advocacy.icpc_uptake_15_17" = "none"           # value is None (nothing to divide by)
    "advocacy.referrals:prior_year" = 2             # a comparison
    "advocacy.referrals:status" = "no_data"         # engine status
    "iv.days_to_match:extra.p90" = 40.0             # an extra detail
    "iv.days_to_match:base" = 3                     # the people a summary rests on
    "care_leavers.eet_17_18:period" = "2022-23"      # the period the figure is for

Instead of ``year`` a case may name any period as the CLI does: ``period = "2023-24-Q3"``,
``year = "2023-24"`` with ``to = 2023-12-31`` (year to date), or ``from`` and ``to``.

Optional ``[case.settings]`` is a cpkit.toml fragment (``la.code`` defaults to "999").
Values are compared exactly, except floats, which are compared to 1e-9.
"""

from __future__ import annotations

import math
import re
import tomllib
from pathlib import Path
from typing import Any

import pytest

from cpkit.config import settings_from_dict
from cpkit.metrics.engine import Engine, MetricResult
from cpkit.metrics.registry import REGISTRY, all_metrics, load_all
from cpkit.metrics.testing import tables_from_rows
from cpkit.periods import Period, period_from_options

CASES_DIR = Path(__file__).parent / "metric_cases"
_KEY = re.compile(r"^(?P<id>[a-z_0-9]+\.[a-z_0-9]+)(?:\[(?P<group>[^\]]*)\])?(?::(?P<field>.+))?$")


def _load_cases() -> list[tuple[str, dict[str, Any]]]:
    cases = []
    for path in sorted(CASES_DIR.glob("*.toml")):
        for case in tomllib.loads(path.read_text(encoding="utf-8"))["case"]:
            cases.append((f"{path.stem}: {case['name']}", case))
    return cases


CASES = _load_cases()
load_all()


def _engine(case: dict[str, Any]) -> Engine:
    raw = {"la": {"code": "999"}, **case.get("settings", {})}
    settings = settings_from_dict(raw)
    return Engine(tables_from_rows(case.get("tables", {})), settings, la_code="999")


def _period(case: dict[str, Any]) -> Period:
    def text(key: str) -> str | None:
        return None if case.get(key) is None else str(case[key])

    return period_from_options(text("year"), text("period"), text("from"), text("to"))


def _group(text: str | None) -> dict[str, str]:
    if not text:
        return {}
    return dict(part.split("=", 1) for part in text.split(","))


def _actual(result: MetricResult, group: dict[str, str], field: str | None) -> Any:
    if field == "status":
        return result.status
    if field == "period":
        return result.period.label if result.period else None
    matches = [f for f in result.figures if f.group == group]
    assert matches, f"no figure with group {group}; groups are {[f.group for f in result.figures]}"
    figure = matches[0]
    if field is None:
        return figure
    if field == "base":
        return figure.base
    if field.startswith("extra."):
        return figure.extra.get(field.removeprefix("extra."))
    return figure.comparisons.as_dict().get(field)


def _check(actual: Any, expected: Any, label: str) -> None:
    if hasattr(actual, "value"):  # a Figure: value, or [numerator, denominator]
        if isinstance(expected, list):
            assert [actual.numerator, actual.denominator] == expected, label
            return
        actual = actual.value
    if expected == "none":
        assert actual is None, f"{label}: expected None, got {actual!r}"
    elif isinstance(expected, float) or isinstance(actual, float):
        assert actual is not None and math.isclose(actual, expected, abs_tol=1e-9), (
            f"{label}: expected {expected!r}, got {actual!r}"
        )
    else:
        assert actual == expected, f"{label}: expected {expected!r}, got {actual!r}"


@pytest.mark.parametrize(("name", "case"), CASES, ids=[name for name, _ in CASES])
def test_metric_case(name: str, case: dict[str, Any]) -> None:
    engine = _engine(case)
    year = _period(case)
    computed: dict[str, MetricResult] = {}
    for key, expected in case["expect"].items():
        match = _KEY.match(key)
        assert match, f"bad expectation key {key!r}"
        metric_id = match["id"]
        assert metric_id in REGISTRY, f"unknown metric {metric_id}"
        if metric_id not in computed:
            computed[metric_id] = engine.compute(REGISTRY[metric_id], year)
        result = computed[metric_id]
        if match["field"] != "status":
            assert result.status == "ok", f"{metric_id}: {result.status} {result.message}"
        _check(_actual(result, _group(match["group"]), match["field"]), expected, f"{name} / {key}")


def test_every_metric_has_a_case() -> None:
    """Each metric in the registry is checked against a hand-computed answer somewhere."""
    covered = {_KEY.match(key)["id"] for _, case in CASES for key in case["expect"]}  # type: ignore[index]
    missing = sorted(s.id for s in all_metrics() if s.id not in covered)
    assert not missing, f"metrics without a case table: {missing}"
