"""UK financial years, the periods within them, SSDA903 collection years and ages.

A financial year (FY) runs 1 April to 31 March and is labelled ``2023-24``. SSDA903 collection
years and DfE "reporting years" are named by the calendar year they end in (2024 = 2023-24).

A ``Period`` is what figures are computed for: a financial year, one of its quarters (Q1 is
April to June), a year to date (1 April to a day in the year) or any range of up to a year.
In-year metrics count within it, snapshot metrics are taken at the end of its last day, and
it is compared with the same period a year earlier (and a quarter with the one before).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Literal

from cpkit.errors import UsageError

_YEAR_PATTERNS = (
    # 2023-24, 2023/24, FY2023-24, FY 2023/24 (and the en dash a word processor puts in)
    re.compile(r"^(?:fy\s*)?(\d{4})\s*[-/–]\s*(\d{2})$"),
    # 2023-2024, 2023/2024
    re.compile(r"^(?:fy\s*)?(\d{4})\s*[-/–]\s*(\d{4})$"),
)


@dataclass(frozen=True, order=True)
class FinancialYear:
    """The UK financial year starting 1 April of ``start_year``."""

    start_year: int

    @classmethod
    def parse(cls, text: str) -> FinancialYear:
        """Read ``2023-24``, ``2023/24``, ``2023-2024``, ``2023/2024`` or ``FY2023-24``."""
        cleaned = text.strip().lower()
        for pattern in _YEAR_PATTERNS:
            match = pattern.match(cleaned)
            if not match:
                continue
            start, end = int(match.group(1)), match.group(2)
            end_full = int(end) if len(end) == 4 else (start + 1) // 100 * 100 + int(end)
            if end_full == start + 1:
                return cls(start)
        raise UsageError(
            f"'{text}' is not a financial year",
            hint="write it like 2023-24 (also accepted: 2023/24, 2023-2024, FY2023-24)",
        )

    @classmethod
    def containing(cls, day: dt.date) -> FinancialYear:
        """The financial year a date falls in."""
        return cls(day.year if day.month >= 4 else day.year - 1)

    @classmethod
    def from_collection_year(cls, collection_year: int) -> FinancialYear:
        """SSDA903 collection year 2024 (and DfE time_period 2024) is FY 2023-24."""
        return cls(collection_year - 1)

    @property
    def label(self) -> str:
        return f"{self.start_year}-{(self.start_year + 1) % 100:02d}"

    @property
    def prose(self) -> str:
        return f"{self.start_year} to {self.start_year + 1}"

    @property
    def start(self) -> dt.date:
        return dt.date(self.start_year, 4, 1)

    @property
    def end(self) -> dt.date:
        """The last day of the year; snapshot metrics are taken at the end of this day."""
        return dt.date(self.start_year + 1, 3, 31)

    @property
    def collection_year(self) -> int:
        return self.start_year + 1

    def shifted(self, years: int) -> FinancialYear:
        return FinancialYear(self.start_year + years)

    @property
    def prior(self) -> FinancialYear:
        return self.shifted(-1)

    def __contains__(self, day: object) -> bool:
        return isinstance(day, dt.date) and self.start <= day <= self.end

    def __str__(self) -> str:
        return self.label


PeriodKind = Literal["year", "quarter", "to_date", "range"]
MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
MAX_DAYS = 366  # a range of more than a year would overlap "the same period a year earlier"
_QUARTER = re.compile(r"^(?:(?P<y1>.+?)[\s_-]*q(?P<n1>\d)|q(?P<n2>\d)[\s_-]*(?P<y2>.+))$")
_SPAN = re.compile(r"^(?P<first>.+?)-to-(?P<last>.+)$")


def day_text(day: dt.date) -> str:
    """31 December 2023 (no leading zero, month in English whatever the machine's locale)."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def day_month(day: dt.date) -> str:
    """31 December."""
    return f"{day.day} {MONTHS[day.month - 1]}"


@dataclass(frozen=True, order=True)
class Period:
    """The days figures are computed for, from ``start`` to ``end`` inclusive.

    ``kind`` says how it was named, which decides its label and what it is compared with:
    ``year`` (a financial year), ``quarter`` (Q1 April to June ... Q4 January to March),
    ``to_date`` (1 April to a day in the same year) or ``range`` (anything else).
    """

    start: dt.date
    end: dt.date
    kind: PeriodKind = "range"

    # ------------------------------------------------------------------ naming a period

    @classmethod
    def of_year(cls, year: FinancialYear) -> Period:
        return cls(year.start, year.end, "year")

    @classmethod
    def of_quarter(cls, year: FinancialYear, number: int) -> Period:
        """Quarter 1 to 4 of a financial year (Q3 2023-24 is October to December 2023)."""
        if number not in (1, 2, 3, 4):
            raise UsageError(
                f"Q{number} is not a quarter", hint="financial-year quarters are Q1 to Q4"
            )
        first = _month_start(year.start_year, 4 + 3 * (number - 1))
        after = _month_start(year.start_year, 7 + 3 * (number - 1))
        return cls(first, after - dt.timedelta(days=1), "quarter")

    @classmethod
    def year_to_date(cls, year: FinancialYear, end: dt.date) -> Period:
        """1 April of ``year`` to ``end`` (the whole year when ``end`` is 31 March)."""
        if end not in year:
            raise UsageError(
                f"--to {end.isoformat()} is not in {year.label}",
                hint=f"give a day from {day_text(year.start)} to {day_text(year.end)}",
            )
        return cls.between(year.start, end)

    @classmethod
    def between(cls, start: dt.date, end: dt.date) -> Period:
        """Any range of up to a year, named as a year, quarter or year to date when it is one
        (so ``--from 2023-10-01 --to 2023-12-31`` is labelled Q3 2023-24)."""
        if end < start:
            raise UsageError(
                f"the period ends ({end.isoformat()}) before it starts ({start.isoformat()})",
                hint="--from is the first day of the period and --to the last",
            )
        if (end - start).days >= MAX_DAYS:
            raise UsageError(
                "a period can be at most a year long, so that it can be compared with the "
                "same period a year earlier",
                hint="use --year for each financial year",
            )
        year = FinancialYear.containing(start)
        if end in year:
            if (start, end) == (year.start, year.end):
                return cls.of_year(year)
            for number in (1, 2, 3, 4):
                quarter = cls.of_quarter(year, number)
                if (quarter.start, quarter.end) == (start, end):
                    return quarter
            if start == year.start:
                return cls(start, end, "to_date")
        return cls(start, end, "range")

    @classmethod
    def parse(cls, text: str) -> Period:
        """``2023-24`` (a year), ``2023-24-Q3`` (also ``2023/24 Q3``, ``Q3 2023-24``) or the
        ``slug`` forms ``2023-24-to-2023-12-31`` and ``2023-10-15-to-2024-01-14``."""
        cleaned = text.strip()
        quarter = _QUARTER.match(cleaned.lower())
        if quarter:
            year_text = quarter["y1"] or quarter["y2"]
            return cls.of_quarter(
                _year_or_hint(year_text, text), int(quarter["n1"] or quarter["n2"])
            )
        span = _SPAN.match(cleaned)
        if span:
            last = parse_day(span["last"], "--period")
            try:
                return cls.year_to_date(FinancialYear.parse(span["first"]), last)
            except UsageError:
                return cls.between(parse_day(span["first"], "--period"), last)
        return cls.of_year(_year_or_hint(cleaned, text))

    # ------------------------------------------------------------------ what it is

    @property
    def financial_year(self) -> FinancialYear | None:
        """The financial year the whole period lies in (None for a range across 31 March)."""
        year = FinancialYear.containing(self.start)
        return year if self.end in year else None

    @property
    def is_year(self) -> bool:
        return self.kind == "year"

    @property
    def quarter(self) -> int | None:
        """1 to 4 for a quarter, else None."""
        return (self.start.month - 4) % 12 // 3 + 1 if self.kind == "quarter" else None

    @property
    def annual_year(self) -> FinancialYear:
        """The financial year that annual-only figures (SSDA903 returns, DfE benchmarks) are
        taken from: the period itself when it is a year, otherwise the latest year that had
        ended by its last day (the return for a year in progress does not exist yet)."""
        year = FinancialYear.containing(self.end)
        return year if self.end == year.end else year.prior

    @property
    def collection_year(self) -> int:
        """The SSDA903 collection year of ``annual_year``."""
        return self.annual_year.collection_year

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def __contains__(self, day: object) -> bool:
        return isinstance(day, dt.date) and self.start <= day <= self.end

    # ------------------------------------------------------------------ labels

    @property
    def label(self) -> str:
        """Short, for table headings: ``2023-24``, ``Q3 2023-24``, ``2023-24 to 31 December``,
        ``15 October 2023 to 14 January 2024``."""
        year = self.financial_year
        if year is not None and self.kind == "year":
            return year.label
        if year is not None and self.kind == "quarter":
            return f"Q{self.quarter} {year.label}"
        if year is not None and self.kind == "to_date":
            return f"{year.label} to {day_month(self.end)}"
        return _range_text(self.start, self.end)

    @property
    def description(self) -> str:
        """Long, for titles: ``Q3 2023-24 (October to December 2023)``, ``2023-24 to 31
        December (1 April to 31 December 2023)``, ``2023-24 (1 April 2023 to 31 March 2024)``."""
        if self.kind == "quarter":
            first, last = MONTHS[self.start.month - 1], MONTHS[self.end.month - 1]
            return f"{self.label} ({first} to {last} {self.end.year})"
        if self.kind in ("year", "to_date"):
            return f"{self.label} ({_range_text(self.start, self.end)})"
        return self.label

    @property
    def slug(self) -> str:
        """For file names, and read back by ``parse``: ``2023-24``, ``2023-24-Q3``,
        ``2023-24-to-2023-12-31``, ``2023-10-15-to-2024-01-14``."""
        year = self.financial_year
        if year is not None and self.kind == "year":
            return year.label
        if year is not None and self.kind == "quarter":
            return f"{year.label}-Q{self.quarter}"
        if year is not None and self.kind == "to_date":
            return f"{year.label}-to-{self.end.isoformat()}"
        return f"{self.start.isoformat()}-to-{self.end.isoformat()}"

    def __str__(self) -> str:
        return self.label

    # ------------------------------------------------------------------ other periods

    def shifted(self, years: int) -> Period:
        """The same period ``years`` later (earlier when negative); 29 February becomes 28."""
        year = self.financial_year
        if year is not None and self.kind == "year":
            return Period.of_year(year.shifted(years))
        if year is not None and self.quarter is not None:
            return Period.of_quarter(year.shifted(years), self.quarter)
        return Period(_shift_day(self.start, years), _shift_day(self.end, years), self.kind)

    @property
    def prior(self) -> Period:
        """The same period a year earlier: what every figure is compared with."""
        return self.shifted(-1)

    @property
    def previous_quarter(self) -> Period | None:
        """For a quarter, the quarter before it (Q4 of the year before for Q1); else None."""
        year, number = self.financial_year, self.quarter
        if year is None or number is None:
            return None
        return (
            Period.of_quarter(year, number - 1) if number > 1 else Period.of_quarter(year.prior, 4)
        )

    def series(self, count: int) -> list[Period]:
        """This period and the ``count - 1`` before it, oldest first: consecutive quarters for
        a quarter, otherwise the same period in each earlier year (a trend's points)."""
        found = [self]
        while len(found) < count:
            earlier = found[-1].previous_quarter or found[-1].prior
            found.append(earlier)
        return found[::-1]


def as_period(when: Period | FinancialYear) -> Period:
    """A financial year as a period; a period as it is."""
    return when if isinstance(when, Period) else Period.of_year(when)


def parse_day(text: str, option: str) -> dt.date:
    """A day written ``2023-12-31`` or ``31/12/2023``, for ``option`` (named in the error)."""
    cleaned = text.strip()
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(cleaned, pattern).date()
        except ValueError:
            continue
    raise UsageError(
        f"{option} '{text}' is not a date", hint="write it like 2023-12-31 (or 31/12/2023)"
    )


def period_from_options(
    year: str | None = None,
    period: str | None = None,
    start: str | None = None,
    end: str | None = None,
) -> Period:
    """The period the CLI options name: ``--year``, ``--period``, ``--year Y --to D`` (year
    to date), ``--from D --to D`` (any range), or ``--to D`` alone (the year to date of the
    financial year that day is in)."""
    if period is not None:
        if year is not None or start is not None or end is not None:
            raise UsageError(
                "--period names the whole period: give it without --year, --from or --to",
                hint="e.g. --period 2023-24-Q3, or --year 2023-24 --to 2023-12-31",
            )
        return Period.parse(period)
    if start is not None:
        if year is not None:
            raise UsageError(
                "--from and --year cannot be combined",
                hint="--from DATE --to DATE names a range; --year 2023-24 --to DATE a year to date",
            )
        if end is None:
            raise UsageError("--from needs --to", hint="e.g. --from 2023-10-01 --to 2023-12-31")
        return Period.between(parse_day(start, "--from"), parse_day(end, "--to"))
    if year is not None:
        financial_year = FinancialYear.parse(year)
        if end is None:
            return Period.of_year(financial_year)
        return Period.year_to_date(financial_year, parse_day(end, "--to"))
    if end is not None:
        last = parse_day(end, "--to")
        return Period.year_to_date(FinancialYear.containing(last), last)
    raise UsageError(
        "a period is required",
        hint="e.g. --year 2023-24, --period 2023-24-Q3, --year 2023-24 --to 2023-12-31 or "
        "--from 2023-10-01 --to 2023-12-31",
    )


def _year_or_hint(year_text: str, text: str) -> FinancialYear:
    try:
        return FinancialYear.parse(year_text)
    except UsageError:
        raise UsageError(
            f"'{text}' is not a period",
            hint="write a financial year like 2023-24 or a quarter like 2023-24-Q3 (Q1 is "
            "April to June)",
        ) from None


def _month_start(start_year: int, month: int) -> dt.date:
    """The first day of ``month`` counted from January of ``start_year`` (13 = next January)."""
    return dt.date(start_year + (month - 1) // 12, (month - 1) % 12 + 1, 1)


def _shift_day(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a common year
        return dt.date(day.year + years, 2, 28)


def _range_text(start: dt.date, end: dt.date) -> str:
    """``1 April to 31 December 2023``; ``15 October 2023 to 14 January 2024``."""
    if start.year == end.year:
        return f"{day_month(start)} to {day_text(end)}"
    return f"{day_text(start)} to {day_text(end)}"


def birthday_in(dob: dt.date, year: int) -> dt.date:
    """The date a person born on ``dob`` has their birthday in calendar ``year``.

    Someone born on 29 February has their birthday on 1 March in a common year (the usual
    reading in England and Wales of when they attain an age).
    """
    try:
        return dob.replace(year=year)
    except ValueError:
        return dt.date(year, 3, 1)


def age_at(dob: dt.date, day: dt.date) -> int:
    """Age in whole years on ``day`` (the birthday itself counts as attained)."""
    years = day.year - dob.year
    return years if birthday_in(dob, day.year) <= day else years - 1


def parse_collection_year(text: str) -> int | None:
    """Find an SSDA903 collection year in a file name or argument.

    Accepts ``2024`` (the year the collection ends), ``2023-24``, ``2023_24``, ``202324``,
    ``23-24`` and ``2023-2024``. Returns None when nothing year-like is found, or when the
    text names several years that are not one collection year (``oc3_2019_to_2024``: which
    return is that? cpkit asks rather than guessing).
    """
    patterns = (
        (r"(?<!\d)(20\d{2})[-_ /–]?(20\d{2})(?!\d)", "full"),
        (r"(?<!\d)(20\d{2})[-_ /–]?(\d{2})(?!\d)", "pair"),
        (r"(?<!\d)(\d{2})[-_–](\d{2})(?!\d)", "short"),
        (r"(?<!\d)(20\d{2})(?!\d)", "single"),
    )
    for pattern, kind in patterns:
        for match in re.finditer(pattern, text):
            if kind == "single":
                singles = set(re.findall(pattern, text))
                return int(match.group(1)) if len(singles) == 1 else None
            first, second = int(match.group(1)), int(match.group(2))
            first_full = 2000 + first if kind == "short" else first
            if (first_full + 1) % (10_000 if kind == "full" else 100) == second:
                return first_full + 1
    return None
