"""Financial years, SSDA903 collection years, ages and 29 February birthdays."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cpkit.errors import UsageError
from cpkit.periods import FinancialYear, age_at, birthday_in, parse_collection_year


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
