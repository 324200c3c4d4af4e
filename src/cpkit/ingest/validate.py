"""Row rules: each returns boolean masks over the rows, never a value from the data."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pyarrow as pa
import pyarrow.compute as pc

from cpkit.datasets import Dataset
from cpkit.datasets.model import CodeRequirement, DateOrder, InCollectionYear, ReturnCheck


@dataclass
class Finding:
    """Rows that broke one rule. ``message`` is one text for all, or one per row.

    ``wording`` is the code-list wording that was not recognised, per row (a label, never
    a date, id or free text: see ``ingest.wordings``), so that messages can say which
    wordings to map.
    """

    mask: pa.Array  # boolean, one entry per row of the table being checked
    column: str
    rule: str
    message: str | pa.Array
    severity: str = "error"
    wording: pa.Array | None = None


def _flag(mask: pa.Array) -> pa.Array:
    return pc.fill_null(mask, False)


def date_order(values: Mapping[str, pa.Array], rule: DateOrder) -> Finding | None:
    earlier, later = values.get(rule.earlier), values.get(rule.later)
    if earlier is None or later is None:
        return None
    return Finding(
        _flag(pc.less(later, earlier)), rule.later, rule.rule, rule.message(), rule.severity
    )


def future_dates(values: pa.Array, column: str, today: dt.date) -> Finding:
    return Finding(
        _flag(pc.greater(values, pa.scalar(today, pa.date32()))),
        column,
        "date_in_future",
        f"{column} is in the future (after {today:%d/%m/%Y}); check the year",
    )


def code_requirement(values: Mapping[str, pa.Array], check: CodeRequirement) -> Finding | None:
    when, target = values.get(check.when), values.get(check.column)
    if when is None or target is None:
        return None
    applies = pc.is_in(when, value_set=pa.array(check.when_values))
    inside = pc.is_in(target, value_set=pa.array(check.values))
    broken = pc.and_(applies, pc.invert(inside) if check.must else inside)
    return Finding(_flag(broken), check.column, check.rule, check.message, "warning")


def in_collection_year(
    values: Mapping[str, pa.Array], check: InCollectionYear, collection_year: int
) -> Finding | None:
    column = values.get(check.column)
    if column is None:
        return None
    start, end = dt.date(collection_year - 1, 4, 1), dt.date(collection_year, 3, 31)
    outside = pc.greater(column, pa.scalar(end, pa.date32()))
    if check.from_start:
        outside = pc.or_(outside, pc.less(column, pa.scalar(start, pa.date32())))
    span = f"{start:%d/%m/%Y} to {end:%d/%m/%Y}" if check.from_start else f"after {end:%d/%m/%Y}"
    where = "outside" if check.from_start else "falls"
    message = (
        f"{check.column.upper()} {where} collection year {collection_year} ({span}); "
        "is the collection year right? (--collection-year)"
    )
    return Finding(_flag(outside), check.column, check.rule, message, "warning")


def ages_on_31_march(dob: pa.Array, collection_year: int) -> pa.Array:
    """Age in whole years on 31 March of the collection year (null where DOB is)."""
    born_after_march = pc.cast(pc.greater_equal(pc.month(dob), 4), pa.int64())
    return pc.subtract(
        pc.subtract(pa.scalar(collection_year, pa.int64()), pc.year(dob)), born_after_march
    )


def return_check(
    values: Mapping[str, pa.Array], check: ReturnCheck, collection_year: int
) -> Finding | None:
    """Rows breaking an SSDA903 check that needs the collection year (see ReturnCheck)."""
    dob = values.get(check.dob)
    if dob is None or (check.from_year is not None and collection_year < check.from_year):
        return None
    ages = ages_on_31_march(dob, collection_year)
    broken = pa.array([True] * len(dob))
    if check.outside_ages is not None:
        low, high = check.outside_ages
        broken = pc.or_(pc.less(ages, low), pc.greater(ages, high))
    if check.column is not None:
        target = values.get(check.column)
        if target is None:
            return None
        broken = pc.and_(broken, pc.is_in(target, value_set=pa.array(check.values)))
    if check.at_ages is not None:
        low, high = check.at_ages
        broken = pc.and_(broken, pc.and_(pc.greater_equal(ages, low), pc.less_equal(ages, high)))
    column = check.column or check.dob
    message = check.message.format(year=collection_year)
    return Finding(_flag(broken), column, check.rule, message, "warning")


@dataclass(frozen=True)
class YearHint:
    """Most dates of ``column`` fall outside the collection year given, and in ``likely``."""

    column: str
    outside: int
    dated: int
    likely: int  # the collection year (year ending 31 March) most of the dates fall in
    what: str = ""  # what is outside, when not dates ("ages on 31 March outside 17 to 21")


def collection_year_hint(
    values: Mapping[str, pa.Array], checks: Sequence[object], collection_year: int
) -> YearHint | None:
    """A likelier collection year when most dates of a year-bound column lie outside it.

    A file named ``2017-episodes.csv`` that holds 2017-18 episodes was probably the 2018
    return: the name gives 2017, the dates say 2018. Columns bound on both sides (DEC,
    REVIEW, MIS_START) say it best, so they are looked at first.
    """
    bounded = [c for c in checks if isinstance(c, InCollectionYear)]
    for check in sorted(bounded, key=lambda c: not c.from_start):
        column = values.get(check.column)
        if column is None:
            continue
        dates = pc.drop_null(column)
        if not len(dates):
            continue
        years = pc.add(pc.year(dates), pc.cast(pc.greater_equal(pc.month(dates), 4), pa.int64()))
        inside = pc.equal(years, collection_year)
        if not check.from_start:
            inside = pc.less_equal(years, collection_year)
        outside = len(dates) - int(pc.sum(inside).as_py() or 0)
        likely = int(pc.mode(years)[0]["mode"].as_py())
        if outside * 2 > len(dates) and likely != collection_year:
            return YearHint(check.column, outside, len(dates), likely)
    return _age_hint(values, checks, collection_year)


def _age_hint(
    values: Mapping[str, pa.Array], checks: Sequence[object], collection_year: int
) -> YearHint | None:
    """A likelier collection year from ages: a quarter or more of the rows aged outside the
    range a table holds (OC3: 17 to 21 on 31 March) for the year given, and a year within two
    of it where at most half as many are."""
    for check in checks:
        if not isinstance(check, ReturnCheck) or check.outside_ages is None:
            continue
        dob = values.get(check.dob)
        if dob is None or not len(dates := pc.drop_null(dob)):
            continue
        ages = check.outside_ages
        given = _aged_outside(dates, collection_year, ages)
        years = range(collection_year - 2, collection_year + 3)
        best = min(years, key=lambda y: _aged_outside(dates, y, ages))
        fewer = _aged_outside(dates, best, ages) * 2 <= given
        if given * 4 >= len(dates) and best != collection_year and fewer:
            low, high = ages
            what = f"{check.dob.upper()}s give an age on 31 March outside {low} to {high}"
            return YearHint(check.dob, given, len(dates), best, what)
    return None


def _aged_outside(dob: pa.Array, collection_year: int, ages: tuple[int, int]) -> int:
    found = ages_on_31_march(dob, collection_year)
    outside = pc.or_(pc.less(found, ages[0]), pc.greater(found, ages[1]))
    return int(pc.sum(outside).as_py() or 0)


def duplicates(
    table: pa.Table, dataset: Dataset, row_numbers: pa.Array, candidates: pa.Array
) -> list[Finding]:
    """Exact repeats (all but the first quarantined) and one key with different contents
    (every row of that key quarantined: cpkit cannot tell which is right)."""
    key = list(dataset.key)
    groups = _repeated_keys(table.select(key), candidates)
    if not groups:
        return []
    involved = sorted({p for group in groups for p in group})
    taken = pa.array(involved, pa.int64())
    content = dict(zip(involved, _row_fingerprints(table.take(taken)), strict=True))
    numbers = dict(zip(involved, pc.take(row_numbers, taken).to_pylist(), strict=True))
    exact_messages: dict[int, str] = {}
    conflict_messages: dict[int, str] = {}
    for group in groups:
        fingerprints = {content[p] for p in group}
        rows = sorted(group)
        if len(fingerprints) == 1:
            for position in rows[1:]:
                exact_messages[position] = f"exact repeat of row {numbers[rows[0]]}; kept once"
        else:
            others = ", ".join(str(numbers[p]) for p in rows)
            for position in rows:
                conflict_messages[position] = (
                    f"{'/'.join(key)} repeats on rows {others} with different values; "
                    "keep one row per key in the extract"
                )
    findings = []
    for rule, messages in (("duplicate_row", exact_messages), ("duplicate_key", conflict_messages)):
        if messages:
            mask, per_row = _spread(messages, table.num_rows)
            findings.append(Finding(mask, key[0], rule, per_row))
    return findings


def _spread(messages: dict[int, str], n: int) -> tuple[pa.Array, pa.Array]:
    """A mask of the rows with a message, and the messages as a column (null elsewhere)."""
    rows = sorted(messages)
    flags = bytearray(n)  # one byte per row, 1 where there is a message
    for row in rows:
        flags[row] = 1
    mask = pc.not_equal(pa.Array.from_buffers(pa.uint8(), n, [None, pa.py_buffer(flags)]), 0)
    texts = pa.array([messages[row] for row in rows], pa.string())
    return mask, pc.replace_with_mask(pa.nulls(n, pa.string()), mask, texts)


def _positions(n: int) -> pa.Array:
    """0, 1, ... n - 1 (int64), without a Python int for each."""
    return pc.cumulative_sum(pa.repeat(pa.scalar(1, pa.int64()), n), start=pa.scalar(-1))


def _repeated_keys(keys: pa.Table, candidates: pa.Array) -> list[list[int]]:
    """Row positions of each key held by more than one candidate row.

    Row lists are built for repeated keys only: a list for every key of a million-row
    table is slow to build, and most keys occur once.
    """
    key = keys.column_names
    keyed = keys.append_column("__pos", _positions(keys.num_rows)).filter(candidates)
    if len(key) == 1:
        keyed = keyed.filter(_occurs_more_than_once(keyed.column(0)))
    elif keyed.group_by(key).aggregate([]).num_rows == keyed.num_rows:
        return []  # every key once
    groups = keyed.group_by(key).aggregate([("__pos", "list"), ([], "count_all")])
    repeated = groups.filter(pc.greater(groups.column("count_all"), 1))
    return repeated.column("__pos_list").to_pylist()


def _occurs_more_than_once(column: pa.ChunkedArray) -> pa.ChunkedArray:
    """Which values occur more than once in the column (a null counts as one value, as in a
    group-by)."""
    counts = pc.value_counts(column)
    repeated = counts.filter(pc.greater(counts.field("counts"), 1)).field("values")
    return pc.is_in(column, value_set=repeated)


def _row_fingerprints(table: pa.Table) -> list[str]:
    as_text = [pc.fill_null(pc.cast(column, pa.string()), "\x00") for column in table.columns]
    return pc.binary_join_element_wise(*as_text, "\x1f").to_pylist()
