"""The metric registry: ``@metric`` refuses a wrong declaration at import time, and every
registered metric carries what the catalogue, the report and the JSON need."""

from __future__ import annotations

from typing import Any

import pytest

from cpkit.areas import KEYS
from cpkit.metrics import registry
from cpkit.metrics.registry import (
    TIMING_LABELS,
    UNITS,
    MetricDefinitionError,
    all_metrics,
    load_all,
    metric,
)

load_all()

GOOD: dict[str, Any] = {
    "title": "Test referrals received",
    "definition": "Referrals received in the financial year, for a registry test.",
    "unit": "count",
    "inputs": ["advocacy_referrals.referral_date"],
    "timing": "in_year",
    "counts": "referrals",
    "polarity": "neither",
}


@pytest.fixture
def fresh_registry(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """A copy of the registry, so a test can register metrics without touching the real one."""
    copy = dict(registry.REGISTRY)
    monkeypatch.setattr(registry, "REGISTRY", copy)
    return copy


def declare(metric_id: str, **changes: Any) -> None:
    metric(metric_id, **{**GOOD, **changes})(lambda t, c: None)


def test_a_good_declaration_is_registered(fresh_registry: dict[str, Any]) -> None:
    declare("advocacy.test_registry_ok")
    spec = fresh_registry["advocacy.test_registry_ok"]
    assert spec.area == "advocacy" and spec.name == "test_registry_ok"
    assert spec.inputs[0].dataset == "advocacy_referrals"
    assert spec.inputs[0].columns == ("referral_date",)


def test_the_real_registry_is_restored_after_a_test() -> None:
    assert "advocacy.test_registry_ok" not in registry.REGISTRY


@pytest.mark.parametrize(
    "bad_id",
    [
        "referrals",  # no area
        "Advocacy.referrals_x",  # upper case
        "advocacy.Referrals",
        "advocacy.referrals.extra",  # three parts
        "advocacy-referrals",
        "advocacy.referrals-x",
        "advocacy.",
        ".referrals",
        "advocacy.2referrals",  # a name must start with a letter
        "advocacy.referrals__x",  # no empty word
        "advocacy. referrals",
    ],
)
def test_a_bad_id_is_refused(fresh_registry: dict[str, Any], bad_id: str) -> None:
    with pytest.raises(MetricDefinitionError, match="bad metric id"):
        declare(bad_id)
    assert bad_id not in fresh_registry


def test_an_unknown_area_is_refused(fresh_registry: dict[str, Any]) -> None:
    with pytest.raises(MetricDefinitionError, match="unknown area 'fostering'"):
        declare("fostering.households")
    with pytest.raises(MetricDefinitionError, match="unknown area 'corporateparenting'"):
        declare("corporateparenting.boards")
    # the CLI name of an area is not its id prefix (a hyphen is not allowed in an id at all)
    with pytest.raises(MetricDefinitionError, match="bad metric id"):
        declare("corporate-parenting.boards")


def test_a_duplicate_id_is_refused(fresh_registry: dict[str, Any]) -> None:
    declare("advocacy.test_registry_twice")
    with pytest.raises(MetricDefinitionError, match="declared twice"):
        declare("advocacy.test_registry_twice")
    with pytest.raises(MetricDefinitionError, match="declared twice"):
        declare("advocacy.referrals")  # a real metric's id
    assert fresh_registry["advocacy.referrals"].title == "Advocacy referrals received"


@pytest.mark.parametrize(
    "definition", ["", "   ", "Referrals.", "Referrals", "Referrals in the financial year"]
)  # no full stop
def test_an_empty_short_or_unfinished_definition_is_refused(
    fresh_registry: dict[str, Any], definition: str
) -> None:
    with pytest.raises(MetricDefinitionError, match="definition"):
        declare("advocacy.test_registry_definition", definition=definition)


def test_a_one_word_definition_is_refused(fresh_registry: dict[str, Any]) -> None:
    with pytest.raises(MetricDefinitionError, match="definition"):
        declare("advocacy.test_registry_one_word", definition="Referralsreceivedinyear.")


def test_an_empty_title_is_refused(fresh_registry: dict[str, Any]) -> None:
    with pytest.raises(MetricDefinitionError, match="empty title"):
        declare("advocacy.test_registry_title", title="  ")


@pytest.mark.parametrize("unit", ["percent", "children", "", "Count"])
def test_an_unknown_unit_is_refused(fresh_registry: dict[str, Any], unit: str) -> None:
    with pytest.raises(MetricDefinitionError, match="unknown unit"):
        declare("advocacy.test_registry_unit", unit=unit)


def test_an_unknown_timing_is_refused(fresh_registry: dict[str, Any]) -> None:
    with pytest.raises(MetricDefinitionError, match="unknown timing"):
        declare("advocacy.test_registry_timing", timing="monthly")


def test_an_input_naming_a_missing_dataset_is_refused(fresh_registry: dict[str, Any]) -> None:
    with pytest.raises(MetricDefinitionError, match="'advocacy_referral' is not a dataset"):
        declare("advocacy.test_registry_dataset", inputs=["advocacy_referral.referral_date"])
    with pytest.raises(MetricDefinitionError, match="is not a dataset"):
        declare("advocacy.test_registry_dataset", inputs=["fostering"])


def test_an_input_naming_a_missing_column_is_refused(fresh_registry: dict[str, Any]) -> None:
    with pytest.raises(
        MetricDefinitionError, match="'referal_date' is not a column of advocacy_referrals"
    ):
        declare("advocacy.test_registry_column", inputs=["advocacy_referrals.referal_date"])
    # a column of another dataset is not good enough
    with pytest.raises(MetricDefinitionError, match="not a column of advocacy_referrals"):
        declare("advocacy.test_registry_column", inputs=["advocacy_referrals.match_date"])


def test_a_metric_needs_an_input(fresh_registry: dict[str, Any]) -> None:
    with pytest.raises(MetricDefinitionError, match="at least one input"):
        declare("advocacy.test_registry_no_input", inputs=[])


@pytest.mark.parametrize(
    "title", ["Children referred for advocacy", "Number of children", "Children and young people"]
)
def test_a_referral_metric_titled_as_children_is_refused(
    fresh_registry: dict[str, Any], title: str
) -> None:
    with pytest.raises(MetricDefinitionError, match="referral count titled as children"):
        declare("advocacy.test_registry_referrals", title=title)
    assert "advocacy.test_registry_referrals" not in fresh_registry


def test_a_referral_metric_titled_as_young_people_is_refused(
    fresh_registry: dict[str, Any],
) -> None:
    with pytest.raises(MetricDefinitionError, match="titled as children"):
        declare("advocacy.test_registry_referrals_yp", title="Young people referred")


def test_a_referral_title_naming_both_is_allowed(fresh_registry: dict[str, Any]) -> None:
    declare("advocacy.test_registry_referrals_children", title="Referrals for children in care")
    declare("advocacy.test_children_count", title="Children referred")  # a children metric
    assert "advocacy.test_registry_referrals_children" in fresh_registry


def test_a_refused_declaration_leaves_no_trace(fresh_registry: dict[str, Any]) -> None:
    before = dict(fresh_registry)
    with pytest.raises(MetricDefinitionError):
        declare("advocacy.test_registry_trace", unit="percent")
    assert fresh_registry == before


def test_a_metric_that_does_not_say_what_it_counts_is_refused(
    fresh_registry: dict[str, Any],
) -> None:
    without = {k: v for k, v in GOOD.items() if k != "counts"}
    with pytest.raises(MetricDefinitionError, match="does not say what it counts"):
        metric("advocacy.test_registry_counts", **without)(lambda t, c: None)
    with pytest.raises(MetricDefinitionError, match="counts='people' is not known"):
        declare("advocacy.test_registry_counts", counts="people")
    assert "advocacy.test_registry_counts" not in fresh_registry


def test_a_metric_without_polarity_is_refused(fresh_registry: dict[str, Any]) -> None:
    without = {k: v for k, v in GOOD.items() if k != "polarity"}
    with pytest.raises(MetricDefinitionError, match="does not declare its polarity"):
        metric("advocacy.test_registry_polarity", **without)(lambda t, c: None)
    with pytest.raises(MetricDefinitionError, match="polarity='up' is not known"):
        declare("advocacy.test_registry_polarity", polarity="up")


@pytest.mark.parametrize("unit", ["days", "gbp", "ratio"])
def test_a_summary_figure_must_declare_what_it_rests_on(
    fresh_registry: dict[str, Any], unit: str
) -> None:
    with pytest.raises(MetricDefinitionError, match="must declare base="):
        declare("advocacy.test_registry_base", unit=unit)
    declare("advocacy.test_registry_base", unit=unit, base="children")
    assert fresh_registry["advocacy.test_registry_base"].base == "children"


def test_a_count_or_proportion_rests_on_itself(fresh_registry: dict[str, Any]) -> None:
    with pytest.raises(MetricDefinitionError, match="base= is for days, gbp and ratio"):
        declare("advocacy.test_registry_base_count", base="children")


def test_people_and_things_are_told_apart() -> None:
    assert registry.REGISTRY["iv.children_matched"].about_people
    assert registry.REGISTRY["advocacy.referrals"].about_people  # referrals of a child
    for thing in ("corporate_parenting.boards_held", "participation.events"):
        assert not registry.REGISTRY[thing].about_people
    assert set(registry.PEOPLE).isdisjoint(registry.NOT_PEOPLE)


# ----------------------------------------------------------------------------- the real registry

SPECS = all_metrics()


def test_every_area_has_metrics() -> None:
    prefixes = {s.area_prefix for s in SPECS}
    assert prefixes == set(KEYS)


@pytest.mark.parametrize("spec", SPECS, ids=[s.id for s in SPECS])
def test_every_registered_metric_is_fully_declared(spec: registry.MetricSpec) -> None:
    assert spec.id.startswith(spec.area_prefix + ".")
    assert spec.title.strip() and spec.title == spec.title.strip()
    assert spec.definition.endswith("."), spec.definition
    assert len(spec.definition.split()) >= 5, spec.definition
    assert spec.unit in UNITS
    assert spec.timing in TIMING_LABELS and spec.timing_label
    assert spec.polarity in ("higher", "lower", "neither") and spec.polarity_label
    assert spec.counts in registry.COUNTS and spec.counts_label
    assert (spec.base is not None) == (spec.unit in registry.SUMMARY_UNITS)
    assert spec.inputs and all(i.dataset for i in spec.inputs)
    assert callable(spec.fn)
    if "referral" in spec.name:
        title = spec.title.lower()
        assert "child" not in title or "referral" in title


def test_titles_are_unique_so_readers_can_tell_metrics_apart() -> None:
    titles = [s.title for s in SPECS]
    duplicates = sorted({t for t in titles if titles.count(t) > 1})
    assert not duplicates


def test_known_only_rates_are_labelled() -> None:
    known = [s for s in SPECS if "known" in s.name and s.name.startswith("eet_known")]
    assert known and all(s.label == "known-only" for s in known)
