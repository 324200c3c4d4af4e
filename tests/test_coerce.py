"""Coercion: UK dates, booleans, numbers, code lists and ids, each failure with a reason."""

from __future__ import annotations

import datetime as dt

import pyarrow as pa
import pytest
from hypothesis import given
from hypothesis import strategies as st

from cpkit.datasets import REGISTRY, Column
from cpkit.ingest.coerce import (
    Reject,
    coerce_column,
    parse_bool,
    parse_date,
    parse_int,
    postcode_district,
    split_themes,
)

ADVOCACY = REGISTRY["advocacy_referrals"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("03/04/2023", dt.date(2023, 4, 3)),  # 3 April: day first, always
        ("04/05/2023", dt.date(2023, 5, 4)),  # ambiguous to a US reader; UK reading wins
        ("3/4/2023", dt.date(2023, 4, 3)),
        ("03.04.2023", dt.date(2023, 4, 3)),
        ("03-04-2023", dt.date(2023, 4, 3)),
        ("2023-04-03", dt.date(2023, 4, 3)),
        ("2023/04/03", dt.date(2023, 4, 3)),
        ("2023-04-03 00:00:00", dt.date(2023, 4, 3)),  # how a spreadsheet date cell reads
        ("03/04/2023 10:30", dt.date(2023, 4, 3)),
        ("3 Apr 2023", dt.date(2023, 4, 3)),
        ("3rd April 2023", dt.date(2023, 4, 3)),
        ("03-Apr-2023", dt.date(2023, 4, 3)),
        ("45019", dt.date(2023, 4, 3)),  # Excel serial date
        ("45019.0", dt.date(2023, 4, 3)),
        ("45061.5", dt.date(2023, 5, 15)),  # a serial with a time of day
        ("29/02/2024", dt.date(2024, 2, 29)),
        (" 03/04/2023 ", dt.date(2023, 4, 3)),
    ],
)
def test_dates_are_read_the_uk_way(text: str, expected: dt.date) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("04/13/2023", "date_month_first"),  # month 13 only makes sense month-first
        ("31/02/2023", "date_impossible"),
        ("29/02/2023", "date_impossible"),
        ("00/01/2023", "date_impossible"),
        ("03/04/23", "date_two_digit_year"),
        ("3 Apr 23", "date_two_digit_year"),
        ("01/01/1850", "date_implausible"),
        ("3 Foo 2023", "date_invalid"),
        ("April 3, 2023", "date_invalid"),
        ("yesterday", "date_invalid"),
        ("2023", "date_invalid"),
    ],
)
def test_bad_dates_are_rejected_with_a_rule(text: str, rule: str) -> None:
    with pytest.raises(Reject) as caught:
        parse_date(text)
    assert caught.value.rule == rule
    assert text.strip() not in caught.value.message


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2099, 12, 31)))
def test_any_uk_or_iso_date_round_trips(day: dt.date) -> None:
    assert parse_date(f"{day:%d/%m/%Y}") == day
    assert parse_date(day.isoformat()) == day
    assert parse_date(f"{day.day} {day:%b %Y}") == day


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        *((t, True) for t in ("Y", "y", "Yes", "YES", "True", "true", "1", "1.0", "x")),
        *((t, False) for t in ("N", "n", "No", "no", "False", "FALSE", "0", "0.0")),
    ],
)
def test_booleans(text: str, expected: bool) -> None:
    assert parse_bool(text) is expected


@pytest.mark.parametrize("text", ["Maybe", "2", "Unknown", "-"])
def test_bad_booleans_are_rejected(text: str) -> None:
    with pytest.raises(Reject) as caught:
        parse_bool(text)
    assert caught.value.rule == "bool_invalid"
    assert "Y/N" in caught.value.message


def test_integers_and_their_bounds() -> None:
    assert parse_int("1,200", 0, None) == 1200
    assert parse_int("12.0", 0, None) == 12
    for text, rule in (("12.5", "int_invalid"), ("ten", "int_invalid"), ("-1", "int_out_of_range")):
        with pytest.raises(Reject) as caught:
            parse_int(text, 0, 40)
        assert caught.value.rule == rule


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Child in care", "CIC"),
        ("LAC", "CIC"),
        ("child-in-care", "CIC"),
        ("CHILD PROTECTION PLAN", "CP"),
        ("Child in need", "CIN"),
        ("18+", "CARE_LEAVER"),
        ("CP, CIC", "CIC"),  # several: CIC > CP > CIN
        ("CIN / CP", "CP"),
    ],
)
def test_cohort_wordings_and_precedence(text: str, code: str) -> None:
    coerced = coerce_column(pa.array([text]), ADVOCACY.column("cohort"))
    assert coerced.values.to_pylist() == [code]
    assert coerced.failures == {}


def test_unknown_code_lists_the_accepted_values_but_not_the_value() -> None:
    coerced = coerce_column(pa.array(["CIC", "Martian", None]), ADVOCACY.column("cohort"))
    assert coerced.values.to_pylist() == ["CIC", None, None]
    [(severity, rule, message)] = coerced.failures
    assert (severity, rule) == ("error", "cohort_unknown")
    assert "CIC, CP, CIN, CARE_LEAVER, OTHER" in message
    assert "Martian" not in message
    assert coerced.failures[(severity, rule, message)].to_pylist() == [False, True, False]


def test_blank_gender_means_unknown() -> None:
    coerced = coerce_column(pa.array(["Girl", None, "M"]), ADVOCACY.column("gender"))
    assert coerced.values.to_pylist() == ["F", "UNKNOWN", "M"]


def test_extra_code_wordings_from_config() -> None:
    location = REGISTRY["iv_referrals"].column("location")
    extras = {"location": {"IN_AREA": ["Birmingham"]}}
    coerced = coerce_column(pa.array(["Birmingham", "Region"]), location, code_extras=extras)
    assert coerced.values.to_pylist() == ["IN_AREA", "REGION"]


def test_ids_stay_strings_with_leading_zeros() -> None:
    for name in ("referral_id", "child_id"):
        coerced = coerce_column(pa.array(["000123", "007890"]), ADVOCACY.column(name))
        assert coerced.values.type == pa.string()
        assert coerced.values.to_pylist() == ["000123", "007890"]


def test_date_column_failures_are_masks_over_rows() -> None:
    coerced = coerce_column(
        pa.array(["03/04/2023", "31/02/2023", None, "03/04/2023"]),
        ADVOCACY.column("referral_date"),
    )
    assert coerced.values.type == pa.date32()
    assert coerced.values.to_pylist() == [dt.date(2023, 4, 3), None, None, dt.date(2023, 4, 3)]
    [(key, mask)] = coerced.failures.items()
    assert key[1] == "date_impossible"
    assert mask.to_pylist() == [False, True, False, False]


def test_postcodes_keep_the_district_only() -> None:
    assert postcode_district("B12 9QN") == "B12"
    assert postcode_district("b129qn") == "B12"
    assert postcode_district("SW1A 1AA") == "SW1A"
    assert postcode_district("B12") == "B12"
    with pytest.raises(Reject) as caught:
        postcode_district("not a postcode")
    assert caught.value.severity == "warning"  # the row is kept, the cell is not stored


def test_themes_are_normalised_to_semicolons() -> None:
    assert split_themes("Your Home;Your Voice\nYour Future") == (
        ["Your Home", "Your Voice", "Your Future"],
        [],
    )


PLEDGES = (
    "Your Voice and Participation",
    "Your Relationships and You",
    "Your Care",
    "Your Health and Wellbeing",
    "Health, Wellbeing and Happiness",
)


@pytest.mark.parametrize(
    ("text", "themes", "unmatched"),
    [
        # a comma separates; "and" inside a configured theme does not
        ("Your Care, Your Relationships and You", ["Your Care", "Your Relationships and You"], []),
        # "and" separates only where that gives configured themes
        ("Your Care and Your Health and Wellbeing", ["Your Care", "Your Health and Wellbeing"], []),
        ("your care,YOUR VOICE & PARTICIPATION", ["Your Care", "Your Voice and Participation"], []),
        # a configured theme with a comma in its name stays whole
        (
            "Health, Wellbeing and Happiness; Your Care",
            ["Health, Wellbeing and Happiness", "Your Care"],
            [],
        ),
        # what matches nothing is split on commas only and reported
        (
            "Your Care, Money and Benefits",
            ["Your Care", "Money and Benefits"],
            ["Money and Benefits"],
        ),
    ],
)
def test_themes_split_on_commas_and_match_the_configured_ones(
    text: str, themes: list[str], unmatched: list[str]
) -> None:
    assert split_themes(text, PLEDGES) == (themes, unmatched)


def test_themes_without_configured_ones_split_on_commas_not_and() -> None:
    assert split_themes("Your Care, Your Relationships and You") == (
        ["Your Care", "Your Relationships and You"],
        [],
    )


def test_upper_codes() -> None:
    column = Column("ls", "upper")
    assert coerce_column(pa.array(["c2", None]), column).values.to_pylist() == ["C2", None]
