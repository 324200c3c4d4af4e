"""How figures are written for people (cpkit.formatting): one configurable rounding rule,
suppressed figures as [c], counts beside percentages, and change strings."""

from __future__ import annotations

from decimal import Decimal
from types import SimpleNamespace

import pytest

from cpkit.config import settings_from_dict
from cpkit.formatting import MISSING, SUPPRESSED, NumberFormat, category_label, fraction

HALF_UP = NumberFormat()
HALF_EVEN = NumberFormat("half-even")
ONE_PLACE = NumberFormat(decimals=1)


# ----------------------------------------------------------------------------- rounding


@pytest.mark.parametrize(
    ("proportion", "half_up", "half_even"),
    [
        (0.285, "29%", "28%"),  # 0.285 * 100 is 28.499999999999996 in binary: still a half
        (0.125, "13%", "12%"),
        (0.135, "14%", "14%"),  # half-even rounds to the even neighbour, 14
        (0.145, "15%", "14%"),
        (0.005, "1%", "0%"),
        (0.4398, "44%", "44%"),
        (0.4451, "45%", "45%"),  # not a half: both round up
        (0.0, "0%", "0%"),
        (1.0, "100%", "100%"),
        (2 / 3, "67%", "67%"),
    ],
)
def test_percentages_half_up_and_half_even(proportion: float, half_up: str, half_even: str) -> None:
    assert HALF_UP.percent(proportion) == half_up
    assert HALF_EVEN.percent(proportion) == half_even


@pytest.mark.parametrize(
    ("proportion", "half_up", "half_even"),
    [
        (0.125, "12.5%", "12.5%"),  # exact at one place: nothing to round
        (0.1225, "12.3%", "12.2%"),
        (0.00125, "0.1%", "0.1%"),  # 0.125%: 0.1 either way (the next digit is 2)
        (0.00135, "0.1%", "0.1%"),
        (0.00150, "0.2%", "0.2%"),  # 0.15%: half-up 0.2, half-even to the even 0.2
        (0.00250, "0.3%", "0.2%"),  # 0.25%: half-up 0.3, half-even 0.2
        (0.285, "28.5%", "28.5%"),
    ],
)
def test_percentages_at_one_decimal_place(proportion: float, half_up: str, half_even: str) -> None:
    assert NumberFormat("half-up", 1).percent(proportion) == half_up
    assert NumberFormat("half-even", 1).percent(proportion) == half_even
    assert HALF_UP.percent(proportion, decimals=1) == half_up


def test_round_returns_a_decimal_to_the_places_asked() -> None:
    assert HALF_UP.round(0.125, 2) == Decimal("0.13")
    assert HALF_EVEN.round(0.125, 2) == Decimal("0.12")
    assert HALF_UP.round(0.125, 1) == Decimal("0.1")
    assert HALF_UP.round(2.5) == Decimal("3") and HALF_EVEN.round(2.5) == Decimal("2")
    assert HALF_UP.round(-2.5) == Decimal("-3")  # half-up rounds halves away from zero
    assert str(ONE_PLACE.round(12)) == "12.0"
    assert HALF_UP.percent_number(0.285) == 29.0


def test_the_rule_comes_from_settings() -> None:
    settings = settings_from_dict(
        {"la": {"code": "330"}, "privacy": {"rounding": "half-even", "decimals": 1}}
    )
    fmt = NumberFormat.from_settings(settings)
    assert fmt == NumberFormat("half-even", 1)
    assert fmt.percent(0.0025) == "0.2%"
    assert NumberFormat.from_settings(None) == HALF_UP


# ----------------------------------------------------------------------------- values


def test_suppressed_figures_are_shown_as_c_whatever_the_unit() -> None:
    for unit in ("count", "proportion", "days", "gbp", "ratio"):
        assert HALF_UP.value(3, unit, suppressed=True) == SUPPRESSED == "[c]"
        assert HALF_UP.value(None, unit, suppressed=True) == "[c]"


def test_missing_values_are_a_dash_not_zero() -> None:
    for unit in ("count", "proportion", "days", "gbp", "ratio"):
        assert HALF_UP.value(None, unit) == MISSING
    assert HALF_UP.percent(None) == MISSING
    assert HALF_UP.count(None) == MISSING


@pytest.mark.parametrize(
    ("value", "unit", "shown"),
    [
        (689, "count", "689"),
        (12345, "count", "12,345"),
        (0, "count", "0"),
        (2.5, "count", "2.5"),
        (0.4398, "proportion", "44%"),
        (608533, "gbp", "£608,533"),
        (10141.5, "gbp", "£10,142"),
        (42.5, "days", "43 days"),
        (2.25, "ratio", "2.3"),
        (3.0, "ratio", "3.0"),
    ],
)
def test_values_in_their_units(value: float, unit: str, shown: str) -> None:
    assert HALF_UP.value(value, unit) == shown


def test_days_and_ratios_follow_the_rule_too() -> None:
    assert HALF_EVEN.value(42.5, "days") == "42 days"
    assert HALF_EVEN.value(2.25, "ratio") == "2.2"


def test_counts_are_shown_beside_percentages() -> None:
    assert fraction(303, 689) == "303 of 689"
    assert fraction(1234, 5678) == "1,234 of 5,678"
    assert fraction(None, 689) == "" and fraction(3, None) == ""


# ----------------------------------------------------------------------------- changes


@pytest.mark.parametrize(
    ("args", "shown"),
    [
        ((77, "count", 12.6), "+77 (+12.6%)"),
        ((-3, "count"), "-3"),
        ((-3, "count", -20.0), "-3 (-20.0%)"),
        ((0, "count", 0.0), "+0 (+0.0%)"),
        ((1234, "count"), "+1,234"),
        ((None, "count", 5.0), MISSING),
        ((None, "proportion"), MISSING),
        ((-0.03, "proportion"), "-3.0 percentage points"),
        ((0.126, "proportion"), "+12.6 percentage points"),
        ((0.0, "proportion"), "+0.0 percentage points"),
    ],
)
def test_change_strings(args: tuple, shown: str) -> None:
    assert HALF_UP.change(*args) == shown


def test_short_change_strings_for_tables() -> None:
    assert HALF_UP.change(-0.03, "proportion", short=True) == "-3.0 pts"
    assert HALF_UP.change(0.05, "proportion", points=5.0, short=True) == "+5.0 pts"


def test_rate_changes_are_in_points_and_follow_the_rounding_rule() -> None:
    # 31.25% - 30% = 1.25 points: half-up 1.3, half-even 1.2 (the engine's pre-rounded
    # change_points, 1.2, must not decide it)
    change = 0.3125 - 0.3
    assert HALF_UP.change(change, "proportion", points=1.2) == "+1.3 percentage points"
    assert HALF_EVEN.change(change, "proportion", points=1.2) == "+1.2 percentage points"
    assert HALF_UP.change(-change, "proportion") == "-1.3 percentage points"


def test_non_integer_changes_and_percentages_follow_the_rounding_rule() -> None:
    # days are shown whole, so are their changes; ratios and counts to one decimal
    assert HALF_UP.change(2.5, "days") == "+3"
    assert HALF_EVEN.change(2.5, "days") == "+2"
    assert HALF_UP.change(0.25, "ratio") == "+0.3"
    assert HALF_EVEN.change(0.25, "ratio") == "+0.2"
    assert HALF_UP.change(2.25, "count") == "+2.3"
    assert HALF_EVEN.change(2.25, "count") == "+2.2"
    assert HALF_UP.change(1234, "count", pct=12.25) == "+1,234 (+12.3%)"
    assert HALF_EVEN.change(1234, "count", pct=12.25) == "+1,234 (+12.2%)"
    assert HALF_UP.change(-0.04, "days") == "+0"  # no "-0"
    assert HALF_UP.change(-0.04, "ratio") == "+0.0"  # no "-0.0"
    assert HALF_UP.change(-12345.25, "days") == "-12,345"


def test_a_change_is_that_of_the_values_as_shown() -> None:
    """304 days (304.0) against 119 days (118.5 unrounded): the reader sees +185, and
    185 / 119 = 155.5%, not the unrounded +185.5 (+156.5%)."""
    assert HALF_UP.value(304.0, "days") == "304 days" and HALF_UP.value(118.5, "days") == "119 days"
    assert HALF_UP.change(185.5, "days", 156.5, before=118.5) == "+185 (+155.5%)"
    assert HALF_UP.shown_change(185.5, 118.5, "days", 156.5) == (Decimal(185), 155.46218487394958)
    # money is shown whole too; an unchanged shown value is no change at all
    assert HALF_UP.change(0.3, "gbp", 0.03, before=1000.1) == "+0 (+0.0%)"
    # the earlier value hidden by disclosure control: no % change can be worked out from 0
    assert HALF_UP.shown_change(3.0, 0.2, "days", None) == (Decimal(3), None)
    # rates keep their unrounded change (shown in points by the workspace's rule)
    assert HALF_UP.shown_change(0.0125, 0.3, "proportion") == (0.0125, None)
    prior = SimpleNamespace(change=185.5, pct=156.5, points=None, value=118.5)
    assert HALF_UP.change_of(prior, "days", short=True) == "+185 (+155.5%)"


# ----------------------------------------------------------------------------- labels


def test_category_labels_for_readers() -> None:
    assert category_label("cohort", "CIC") not in ("", "CIC")
    assert category_label("source", "SOCIAL_WORK") == "Social work"
    assert category_label("grade", "DISTINCTION") == "Distinction"
    assert category_label("level", "3") == "Level 3"
    assert category_label("theme", "Your Voice and Participation") == "Your Voice and Participation"
    assert category_label("reason", "NOT_RECORDED") == "Not recorded"
    locations = SimpleNamespace(IN_AREA="Birmingham")
    assert category_label("location", "IN_AREA", locations) == "Birmingham"
