"""The area registry: one list of areas that every other listing reads."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from cpkit import areas
from cpkit.metrics.registry import all_metrics

SRC = Path(__file__).resolve().parents[1] / "src" / "cpkit"


def test_lookup_by_cli_name_or_key() -> None:
    assert areas.area("corporate-parenting") is areas.area("corporate_parenting")
    assert areas.area("iv").title == "Independent visitors"
    with pytest.raises(KeyError):
        areas.area("independent_visitors")


@pytest.mark.parametrize(
    ("typed", "meant"), [("advcoacy", "advocacy"), ("care_leavers", "care-leavers")]
)
def test_suggest_a_misspelt_area(typed: str, meant: str) -> None:
    assert areas.suggest(typed) == meant
    assert areas.suggest("zzz") is None


def test_every_metric_belongs_to_a_declared_area_and_every_area_has_metrics() -> None:
    prefixes = {spec.area_prefix for spec in all_metrics()}
    assert prefixes == set(areas.KEYS)


def test_trend_metrics_are_registered() -> None:
    ids = {spec.id for spec in all_metrics()}
    for area in areas.AREAS:
        assert set(area.trends) <= ids, area.key


def test_the_area_registry_imports_nothing_from_cpkit() -> None:
    text = (SRC / "areas.py").read_text(encoding="utf-8")
    assert not re.search(r"^\s*(from|import) cpkit", text, re.M)


def test_no_other_module_lists_the_areas() -> None:
    """A literal list of CLI area names anywhere else would drift from the registry."""
    pattern = re.compile(r"""["']corporate-parenting["']\s*[:,]\s*\(?["']""")
    offenders = [
        str(path.relative_to(SRC))
        for path in SRC.rglob("*.py")
        if path.name != "areas.py" and pattern.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
