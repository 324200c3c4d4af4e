"""The shapes in which datasets, columns, code lists and row rules are declared."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Literal

ColumnType = Literal[
    "id",  # a string key: spaces stripped, leading zeros kept
    "person_id",  # an id replaced at ingest by a keyed hash
    "text",  # free text, stripped
    "upper",  # a short code kept as upper-case text without a code list (SSDA903 LS, PLACE...)
    "date",
    "bool",
    "int",
    "code",  # one value from a code list
    "themes",  # pledge themes, one cell holding several (separated by ; , or new lines)
    "programme",  # a programme name, matched to [programmes.<name>] ignoring case and spaces
    "postcode_district",  # a postcode reduced to its outward code (never the full postcode)
    "drop",  # recognised so the header matches, never stored (UPN)
]

_NON_ALNUM = re.compile(r"[^0-9a-z]+")


def normalise(text: object) -> str:
    """Case-, space- and punctuation-insensitive form used to match headers and wordings."""
    return _NON_ALNUM.sub("", str(text).lower())


@dataclass(frozen=True)
class CodeList:
    """Canonical codes, each with the wordings an extract may use for it."""

    name: str
    codes: Mapping[str, tuple[str, ...]]
    groups: Mapping[str, str] = field(default_factory=dict)  # code -> reporting group
    blank: str | None = None  # the code a blank means (gender: UNKNOWN), else blank = missing
    description: str = ""

    def lookup(self, extra: Mapping[str, Iterable[str]] | None = None) -> dict[str, str]:
        """Normalised wording -> canonical code.

        Wordings from ``extra`` (the workspace's ``[codes.<list>]``) win over the built-in
        ones: the analyst knows what their system means. Each built-in wording is also
        accepted with its code before or after it ("AIND - Indian", "Indian (AIND)"), as
        several case-management systems export them.
        """
        table: dict[str, str] = {}
        for code, wordings in (extra or {}).items():
            for wording in wordings:
                table.setdefault(normalise(wording), code)
        for code, wordings in self.codes.items():
            table.setdefault(normalise(code), code)
            for wording in wordings:
                for form in (wording, f"{code} {wording}", f"{wording} {code}"):
                    table.setdefault(normalise(form), code)
        return table

    def group_of(self, code: str | None) -> str | None:
        if code is None:
            return None
        return self.groups.get(code, code)


@dataclass(frozen=True)
class Column:
    name: str
    type: ColumnType
    required: bool = False
    aliases: tuple[str, ...] = ()
    codelist: str | None = None
    description: str = ""
    future_ok: bool = False  # dates that may lie in the future (planned end dates)
    precedence: bool = False  # several codes in one cell: keep the first in code-list order
    minimum: int | None = None
    maximum: int | None = None
    # Is a row counted by this column? Then an unusable value (unknown code, bad or future
    # date, blank when required) quarantines the row. Otherwise the cell is stored as not
    # recorded (null) and the row is kept with a warning. None: counting when required.
    counting: bool | None = None

    @property
    def counts_rows(self) -> bool:
        """Whether an unusable value here quarantines the row (see ``counting``)."""
        return self.required if self.counting is None else self.counting

    @property
    def stored(self) -> bool:
        return self.type != "drop"

    @property
    def is_person_id(self) -> bool:
        return self.type == "person_id"


@dataclass(frozen=True)
class DateOrder:
    """A row rule: ``earlier`` must not be after ``later`` when both are given.

    An ``error`` quarantines the row; a ``warning`` keeps it and flags it (for orders that
    real records break for a reason, such as a referral reopened without clearing its
    closure date).
    """

    earlier: str
    later: str
    severity: str = "error"
    why: str = "check both dates in the source system"

    @property
    def rule(self) -> str:
        return f"{self.later}_before_{self.earlier}"

    def message(self) -> str:
        return f"{self.later} is before {self.earlier}; {self.why}"


@dataclass(frozen=True)
class CodeRequirement:
    """A quality warning: when ``when`` holds one of ``when_values``, ``column`` must (or,
    with ``must=False``, must not) hold one of ``values``. The row is kept and flagged."""

    rule: str
    when: str
    when_values: tuple[str, ...]
    column: str
    values: tuple[str, ...]
    must: bool
    message: str


@dataclass(frozen=True)
class InCollectionYear:
    """A quality warning for SSDA903: a date after the collection year ends (or, with
    ``from_start``, before it starts) suggests the wrong collection year was given."""

    column: str
    from_start: bool = False

    @property
    def rule(self) -> str:
        return f"{self.column}_outside_collection_year"


@dataclass(frozen=True)
class ReturnCheck:
    """A quality warning for an SSDA903 table that needs the return's collection year, from
    the age on 31 March (of ``dob``): rows aged outside ``outside_ages``; or rows holding one
    of ``values`` in ``column`` at an age within ``at_ages`` or in a return of ``from_year``
    or later. Every condition given must hold. The row is kept and flagged."""

    rule: str
    message: str
    dob: str = "dob"
    outside_ages: tuple[int, int] | None = None
    column: str | None = None
    values: tuple[str, ...] = ()
    at_ages: tuple[int, int] | None = None
    from_year: int | None = None


Check = CodeRequirement | InCollectionYear | ReturnCheck


@dataclass(frozen=True)
class Dataset:
    name: str
    title: str
    unit: str  # what one row is
    key: tuple[str, ...]
    columns: tuple[Column, ...]
    family: Literal["service", "ssda903"] = "service"
    rules: tuple[DateOrder, ...] = ()
    checks: tuple[Check, ...] = ()
    date_column: str | None = None  # for listings: date range and financial years covered
    # words in a file or sheet name that suggest this dataset ("iv", "advocacy"): a hint
    # for detection, never a substitute for the headers
    name_hints: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        names = [c.name for c in self.columns]
        if len(set(names)) != len(names):
            raise ValueError(f"dataset {self.name}: duplicate column names")
        mentioned = [*self.key, *(r.earlier for r in self.rules), *(r.later for r in self.rules)]
        for check in self.checks:
            if isinstance(check, CodeRequirement):
                mentioned += [check.when, check.column]
            elif isinstance(check, ReturnCheck):
                mentioned += [check.dob, *([check.column] if check.column else [])]
            else:
                mentioned.append(check.column)
        for part in mentioned:
            if part not in names:
                raise ValueError(f"dataset {self.name}: '{part}' is not one of its columns")
        for part in self.key:
            if not self.column(part).counts_rows:
                raise ValueError(f"dataset {self.name}: key column '{part}' must be counting")

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    @property
    def stored_columns(self) -> list[Column]:
        return [c for c in self.columns if c.stored]

    @property
    def required(self) -> list[Column]:
        return [c for c in self.columns if c.required]

    def column(self, name: str) -> Column:
        for column in self.columns:
            if column.name == name:
                return column
        raise KeyError(name)

    @property
    def replaces_by(self) -> str:
        """How a newer extract replaces older rows: by key, or a whole collection year."""
        return "collection_year" if self.family == "ssda903" else "key"
