"""UK financial years, SSDA903 collection years and ages.

A financial year (FY) runs 1 April to 31 March and is labelled ``2023-24``. SSDA903 collection
years and DfE "reporting years" are named by the calendar year they end in (2024 = 2023-24).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

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
