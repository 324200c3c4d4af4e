"""Financial years, SSDA903 collection years, ages and 29 February birthdays."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cpkit.errors import UsageError
from cpkit.periods import (
    FinancialYear,
    Period,
    age_at,
    as_period,
    birthday_in,
    parse_collection_year,
    period_from_options,
)


@pytest.mark.parametrize(
    "text",
    [
        "2023-24",
        "2023/24",
        "2023-2024",
        "2023/2024",
        "FY2023-24",
        "fy 2023/24",
        " 2023-24",
        "2023–24",
    ],
)
def test_year_spellings(text: str) -> None:
    year = FinancialYear.parse(text)
    assert year == FinancialYear(2023)
    assert year.label == "2023-24"
    assert (year.start, year.end) == (dt.date(2023, 4, 1), dt.date(2024, 3, 31))


@pytest.mark.parametrize("text", ["2023", "2023-25", "2023/2025", "23-24", "FY23", "", "next"])
def test_bad_years_say_how_to_write_one(text: str) -> None:
    with pytest.raises(UsageError) as caught:
        FinancialYear.parse(text)
    assert "write it like 2023-24" in caught.value.one_line().lower()


def test_century_boundary() -> None:
    assert FinancialYear.parse("1999-00") == FinancialYear(1999)
    assert FinancialYear(1999).label == "1999-00"


@given(st.integers(min_value=1990, max_value=2098))
def test_labels_round_trip(start: int) -> None:
    year = FinancialYear(start)
    assert FinancialYear.parse(year.label) == year
    if start >= 2000:  # SSDA903 file names only carry 21st-century years
        assert parse_collection_year(year.label) == year.collection_year


def test_which_year_a_day_is_in() -> None:
    assert FinancialYear.containing(dt.date(2024, 3, 31)) == FinancialYear(2023)
    assert FinancialYear.containing(dt.date(2024, 4, 1)) == FinancialYear(2024)
    assert dt.date(2024, 3, 31) in FinancialYear(2023)
    assert dt.date(2024, 4, 1) not in FinancialYear(2023)


def test_collection_year_is_the_year_the_return_ends() -> None:
    assert FinancialYear.from_collection_year(2024) == FinancialYear(2023)
    assert FinancialYear(2023).collection_year == 2024
    assert FinancialYear(2023).prior == FinancialYear(2022)


@pytest.mark.parametrize(
    ("name", "year"),
    [
        ("2024", 2024),
        ("header_2024", 2024),
        ("2023-24", 2024),
        ("ssda903_2023_24_episodes", 2024),
        ("202324", 2024),
        ("23-24", 2024),
        ("episodes 23_24", 2024),
        ("2023-2024", 2024),
        ("2023_2024 header", 2024),
        ("FY2023-24 oc3", 2024),
        ("2017-episodes", 2017),
        ("2019-20", 2020),
        ("1999-00", None),  # the 903 has no 20th-century years
        ("header", None),
        ("episodes_v2", None),
    ],
)
def test_collection_year_from_file_names(name: str, year: int | None) -> None:
    assert parse_collection_year(name) == year


@pytest.mark.parametrize(
    ("dob", "day", "age"),
    [
        (dt.date(2008, 6, 15), dt.date(2024, 6, 14), 15),
        (dt.date(2008, 6, 15), dt.date(2024, 6, 15), 16),  # the birthday counts
        (dt.date(2008, 2, 29), dt.date(2025, 2, 28), 16),  # common year: not yet
        (dt.date(2008, 2, 29), dt.date(2025, 3, 1), 17),  # ... attained on 1 March
        (dt.date(2008, 2, 29), dt.date(2024, 2, 29), 16),  # leap year: on the day
        (dt.date(2008, 2, 29), dt.date(2024, 2, 28), 15),
        (dt.date(2008, 3, 31), dt.date(2024, 3, 31), 16),
    ],
)
def test_ages(dob: dt.date, day: dt.date, age: int) -> None:
    assert age_at(dob, day) == age


def test_leap_day_birthday_moves_to_1_march_in_common_years() -> None:
    assert birthday_in(dt.date(2008, 2, 29), 2025) == dt.date(2025, 3, 1)
    assert birthday_in(dt.date(2008, 2, 29), 2028) == dt.date(2028, 2, 29)


# ---------------------------------------------------------------------------- periods


@pytest.mark.parametrize(
    "text", ["2023-24-Q3", "2023-24 Q3", "2023/24-q3", "Q3 2023-24", "FY2023-24 Q3", "2023-2024-Q3"]
)
def test_quarter_spellings(text: str) -> None:
    quarter = Period.parse(text)
    assert (quarter.start, quarter.end, quarter.kind) == (
        dt.date(2023, 10, 1),
        dt.date(2023, 12, 31),
        "quarter",
    )
    assert quarter.label == "Q3 2023-24"
    assert quarter.description == "Q3 2023-24 (October to December 2023)"
    assert quarter.slug == "2023-24-Q3"


@pytest.mark.parametrize(
    ("number", "start", "end", "description"),
    [
        (1, dt.date(2023, 4, 1), dt.date(2023, 6, 30), "Q1 2023-24 (April to June 2023)"),
        (2, dt.date(2023, 7, 1), dt.date(2023, 9, 30), "Q2 2023-24 (July to September 2023)"),
        (3, dt.date(2023, 10, 1), dt.date(2023, 12, 31), "Q3 2023-24 (October to December 2023)"),
        (4, dt.date(2024, 1, 1), dt.date(2024, 3, 31), "Q4 2023-24 (January to March 2024)"),
    ],
)
def test_quarters_of_a_financial_year(
    number: int, start: dt.date, end: dt.date, description: str
) -> None:
    quarter = Period.of_quarter(FinancialYear(2023), number)
    assert (quarter.start, quarter.end, quarter.quarter) == (start, end, number)
    assert quarter.description == description


def test_a_year_is_the_financial_year() -> None:
    year = Period.parse("2023/24")
    assert year == Period.of_year(FinancialYear(2023)) == as_period(FinancialYear(2023))
    assert (year.label, year.slug, year.is_year) == ("2023-24", "2023-24", True)
    assert year.description == "2023-24 (1 April 2023 to 31 March 2024)"
    assert year.prior.label == "2022-23" and year.previous_quarter is None
    assert year.annual_year == FinancialYear(2023)


def test_year_to_date() -> None:
    ytd = period_from_options(year="2023-24", end="2023-12-31")
    assert (ytd.start, ytd.end, ytd.kind) == (dt.date(2023, 4, 1), dt.date(2023, 12, 31), "to_date")
    assert ytd.label == "2023-24 to 31 December"
    assert ytd.description == "2023-24 to 31 December (1 April to 31 December 2023)"
    assert ytd.prior.label == "2022-23 to 31 December"
    assert ytd.prior.end == dt.date(2022, 12, 31)
    assert Period.parse(ytd.slug) == ytd
    # to 31 March is the whole year; --to alone is the year to date of the year it falls in
    assert period_from_options(year="2023-24", end="31/03/2024").is_year
    assert period_from_options(end="2024-01-31") == Period.year_to_date(
        FinancialYear(2023), dt.date(2024, 1, 31)
    )


def test_ranges_are_named_as_what_they_are() -> None:
    assert Period.between(dt.date(2023, 10, 1), dt.date(2023, 12, 31)).label == "Q3 2023-24"
    assert Period.between(dt.date(2023, 4, 1), dt.date(2024, 3, 31)).is_year
    assert Period.between(dt.date(2023, 4, 1), dt.date(2023, 5, 31)).kind == "to_date"
    winter = period_from_options(start="2023-10-15", end="2024-01-14")
    assert (winter.kind, winter.financial_year) == ("range", FinancialYear(2023))
    assert winter.label == "15 October 2023 to 14 January 2024"
    assert winter.prior.label == "15 October 2022 to 14 January 2023"
    across = period_from_options(start="2024-02-15", end="2024-05-14")  # across 31 March
    assert (across.kind, across.financial_year) == ("range", None)
    assert across.label == "15 February to 14 May 2024"
    assert Period.between(dt.date(2023, 5, 1), dt.date(2023, 9, 30)).label == (
        "1 May to 30 September 2023"
    )
    assert Period.parse(across.slug) == across


def test_leap_days_move_to_28_february_a_year_earlier() -> None:
    ytd = Period.year_to_date(FinancialYear(2023), dt.date(2024, 2, 29))
    assert ytd.prior.end == dt.date(2023, 2, 28)
    assert ytd.prior.label == "2022-23 to 28 February"


def test_comparisons_and_trends_of_a_quarter() -> None:
    q1 = Period.parse("2023-24-Q1")
    assert q1.prior.label == "Q1 2022-23"
    assert q1.previous_quarter is not None and q1.previous_quarter.label == "Q4 2022-23"
    assert [p.label for p in Period.parse("2023-24-Q4").series(8)] == [
        "Q1 2022-23", "Q2 2022-23", "Q3 2022-23", "Q4 2022-23",
        "Q1 2023-24", "Q2 2023-24", "Q3 2023-24", "Q4 2023-24",
    ]  # fmt: skip
    assert [p.label for p in Period.parse("2023-24").series(3)] == [
        "2021-22",
        "2022-23",
        "2023-24",
    ]


@pytest.mark.parametrize(
    ("text", "year"),
    [("2023-24-Q3", 2022), ("2023-24-Q4", 2023), ("2023-24", 2023), ("2023-24-Q1", 2022)],
)
def test_annual_figures_come_from_the_latest_whole_year(text: str, year: int) -> None:
    """SSDA903 figures exist for whole years: a part year takes the last one ended by then."""
    assert Period.parse(text).annual_year == FinancialYear(year)


@pytest.mark.parametrize(
    ("options", "says"),
    [
        ({}, "a period is required"),
        ({"period": "2023-24-Q5"}, "q5 is not a quarter"),
        ({"period": "2023-Q3"}, "is not a period"),
        ({"period": "2023-24-Q3", "year": "2023-24"}, "without --year"),
        ({"start": "2023-10-01"}, "--from needs --to"),
        ({"start": "2023-10-01", "year": "2023-24", "end": "2023-12-31"}, "cannot be combined"),
        ({"start": "2023-12-31", "end": "2023-10-01"}, "before it starts"),
        ({"start": "2022-04-01", "end": "2024-03-31"}, "at most a year"),
        ({"year": "2023-24", "end": "2024-04-01"}, "is not in 2023-24"),
        ({"year": "2023-24", "end": "31-12-2023"}, "is not a date"),
    ],
)
def test_period_options_that_do_not_name_a_period(options: dict[str, str], says: str) -> None:
    with pytest.raises(UsageError) as caught:
        period_from_options(**options)
    assert says in caught.value.one_line().lower()
