"""One table (a CSV file or a sheet) from raw text to accepted rows and quarantined rows.

Order of work: drop blank rows -> flag totals and ragged rows -> coerce every column ->
required values -> row rules -> quality warnings -> duplicates -> pseudonymise -> assemble.
Every non-blank row ends either accepted or quarantined; ``rows_read == accepted +
quarantined`` is checked before anything is returned.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from concurrent.futures import Future
from dataclasses import dataclass, field
from functools import partial
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from cpkit.datasets import Column, Dataset, HeaderMatch
from cpkit.datasets.model import CodeRequirement, InCollectionYear, ReturnCheck
from cpkit.ingest.cells import check_cells
from cpkit.ingest.coerce import Vocabulary, arrow_type
from cpkit.ingest.parallel import PARALLEL_ROWS, in_background, map_columns
from cpkit.ingest.readers import RawTable
from cpkit.ingest.validate import (
    Finding,
    YearHint,
    code_requirement,
    collection_year_hint,
    date_order,
    duplicates,
    in_collection_year,
    return_check,
)
from cpkit.ingest.wordings import UnmappedColumn
from cpkit.privacy import normalise_ids, pseudonymise

ISSUE_SCHEMA = pa.schema(
    [
        ("dataset", pa.string()),
        ("file", pa.string()),
        ("sheet", pa.string()),
        ("row", pa.int32()),
        ("column", pa.string()),
        ("column_letter", pa.string()),
        ("severity", pa.string()),
        ("rule", pa.string()),
        ("message", pa.string()),
        ("wording", pa.string()),  # an unrecognised code-list wording (never a personal value)
    ]
)


@dataclass
class IngestContext:
    la_code: str
    key: bytes
    ingest_id: str
    today: dt.date
    collection_year: int | None = None
    vocabulary: Vocabulary = field(default_factory=Vocabulary)
    strip_leading_zeros: bool = False  # [privacy] leading_zeros = "strip"


@dataclass
class TableOutcome:
    dataset: Dataset
    file_name: str
    sheet: str | None
    header_row: int
    rows_read: int
    blank_rows: int
    accepted: pa.Table
    issues: pa.Table  # ISSUE_SCHEMA
    columns_present: list[str]
    ignored_columns: list[str]
    identifier_columns: list[str]
    collection_year: int | None
    year_hint: YearHint | None = None
    unmapped: list[UnmappedColumn] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def quarantined(self) -> int:
        return self.rows_read - self.accepted.num_rows

    def rule_counts(self, severity: str) -> Counter[str]:
        """Rows per rule (a row that broke two rules counts under both), most rows first and
        ties by name, so summaries and the manifest come out the same on every run."""
        rows = self.issues.filter(pc.equal(self.issues.column("severity"), severity))
        pairs = set(
            zip(rows.column("rule").to_pylist(), rows.column("row").to_pylist(), strict=True)
        )
        counts = Counter(rule for rule, _ in pairs)
        return Counter(dict(sorted(counts.items(), key=lambda item: (-item[1], item[0]))))

    @property
    def warnings(self) -> int:
        return int(pc.sum(pc.equal(self.issues.column("severity"), "warning")).as_py() or 0)


def column_letter(position: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA: the column letters Excel shows."""
    letters = ""
    position += 1
    while position:
        position, remainder = divmod(position - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def process_table(raw: RawTable, match: HeaderMatch, ctx: IngestContext) -> TableOutcome:
    dataset = match.dataset
    non_blank = _non_blank(raw)
    blank_rows = raw.num_rows - int(pc.sum(non_blank).as_py() or 0)
    raw_columns, row_numbers = raw.columns, raw.row_numbers
    if blank_rows:
        raw_columns = [pc.filter(c, non_blank) for c in raw_columns]
        row_numbers = pc.filter(row_numbers, non_blank)
    n = len(row_numbers)

    letters = {name: column_letter(pos) for pos, name in match.columns.items()}
    by_name = {name: raw_columns[pos] for pos, name in match.columns.items()}
    findings: list[Finding] = _structural(raw, raw_columns, by_name, dataset, non_blank)

    present = [column for column in dataset.stored_columns if column.name in by_name]
    # Hashing ids is Python work: it runs while pyarrow checks the rows (every row's id is
    # hashed; _assemble keeps the accepted rows' pseudonyms).
    pseudonyms = {
        c.name: in_background(partial(_pseudonyms, by_name[c.name], ctx), n >= PARALLEL_ROWS)
        for c in present
        if c.is_person_id
    }
    cells = check_cells(present, by_name, ctx.vocabulary, ctx.today, n)
    values = cells.values
    findings += cells.findings
    findings += _row_rules(dataset, by_name, values, ctx)

    errors = _any([f.mask for f in findings if f.severity == "error"], n)
    findings += (
        duplicates(
            pa.table(values) if values else pa.table({}), dataset, row_numbers, pc.invert(errors)
        )
        if values
        else []
    )
    errors = _any([f.mask for f in findings if f.severity == "error"], n)
    accepted_mask = pc.invert(errors)

    findings = _totals_rows_only(findings)
    issues = _issue_table(findings, accepted_mask, dataset, raw, row_numbers, letters)
    accepted = _assemble(dataset, values, pseudonyms, accepted_mask, row_numbers, raw, ctx)
    outcome = TableOutcome(
        dataset=dataset,
        file_name=raw.file.name,
        sheet=raw.sheet,
        header_row=raw.header_row,
        rows_read=n,
        blank_rows=blank_rows,
        accepted=accepted,
        issues=issues,
        columns_present=sorted(values),
        ignored_columns=_headers_over_values(raw, match.unknown),
        identifier_columns=match.identifiers,
        collection_year=ctx.collection_year,
        year_hint=(
            collection_year_hint(values, dataset.checks, ctx.collection_year)
            if ctx.collection_year is not None
            else None
        ),
        unmapped=unmapped_columns(issues, dataset),
        notes=cells.notes,
    )
    quarantined_rows = len(
        set(
            outcome.issues.filter(pc.equal(outcome.issues.column("severity"), "error"))
            .column("row")
            .to_pylist()
        )
    )
    if outcome.accepted.num_rows + quarantined_rows != n:
        raise AssertionError("ingest lost rows: accepted + quarantined != rows read")
    return outcome


def unmapped_columns(issues: pa.Table, dataset: Dataset) -> list[UnmappedColumn]:
    """Per column, the wordings no code matched and their rows, from the issue table (so
    the summary counts exactly what quarantine/ and 'cpkit validate' show)."""
    with_wording = issues.filter(pc.is_valid(issues.column("wording")))
    if not with_wording.num_rows:
        return []
    grouped = with_wording.group_by(["column", "severity", "wording"]).aggregate(
        [("row", "count_distinct")]
    )
    found: dict[tuple[str, str], UnmappedColumn] = {}
    for entry in grouped.to_pylist():
        column = dataset.column(entry["column"])
        key = (entry["column"], entry["severity"])
        target = found.setdefault(
            key,
            UnmappedColumn(
                column.name,
                column.codelist,
                entry["severity"] == "error",
            ),
        )
        target.wordings[entry["wording"]] = entry["row_count_distinct"]
    return sorted(found.values(), key=lambda u: (u.column, not u.quarantined))


def _pseudonyms(ids: pa.Array, ctx: IngestContext) -> pa.Array:
    return pseudonymise(normalise_ids(ids, ctx.strip_leading_zeros), ctx.key)


def _headers_over_values(raw: RawTable, names: list[str]) -> list[str]:
    """The unused headers worth naming in the summary and the manifest: a header cell over
    an empty column is more likely a name or note typed beside the headers than a column,
    and could be personal data."""
    positions: dict[str, list[int]] = {}
    for position, text in enumerate(raw.header):
        positions.setdefault(text, []).append(position)
    return [
        name
        for name in names
        if any(
            raw.columns[p].null_count < len(raw.columns[p])
            for p in positions.get(name, [])
            if p < len(raw.columns)
        )
    ]


def _non_blank(raw: RawTable) -> pa.Array:
    if not raw.columns:
        return pa.array([False] * raw.num_rows)
    present = [pc.is_valid(c) for c in raw.columns]
    mask = present[0]
    for other in present[1:]:
        mask = pc.or_(mask, other)
    return mask


def _any(masks: list[pa.Array], n: int) -> pa.Array:
    result = pa.repeat(pa.scalar(False), n)
    for mask in masks:
        result = pc.or_(result, mask)
    return result


def _structural(
    raw: RawTable,
    raw_columns: list[pa.Array],
    by_name: dict[str, pa.Array],
    dataset: Dataset,
    non_blank: pa.Array,
) -> list[Finding]:
    """Totals rows under the data, and rows with more values than the header has columns."""
    findings: list[Finding] = []
    n = len(raw_columns[0]) if raw_columns else 0
    if raw_columns:
        required = [by_name[c.name] for c in dataset.required if c.name in by_name]
        lacks_required = _any([pc.is_null(c) for c in required], n)
        totals = _says_total(raw_columns, lacks_required)
        if pc.any(totals).as_py():
            findings.append(
                Finding(
                    totals,
                    dataset.key[0],
                    "totals_row",
                    "a totals or summary row, not a record; not stored",
                )
            )
    if raw.extra_values:
        kept_positions = pc.indices_nonzero(non_blank).to_pylist()
        surplus = {
            i: raw.extra_values[p] for i, p in enumerate(kept_positions) if p in raw.extra_values
        }
        mask = pa.array([i in surplus for i in range(n)])
        findings.append(
            Finding(
                mask,
                dataset.key[0],
                "ragged_row",
                f"row has more values than the header has columns "
                f"({len(raw.header)}); a value probably contains an unquoted "
                "delimiter",
            )
        )
    return findings


def _says_total(raw_columns: list[pa.Array], lacks_required: pa.Array) -> pa.Array:
    """Rows that lack a required value and have a cell starting 'Total' (or 'Grand total',
    'Subtotal'). The text is searched in the rows lacking a value only: few, usually none."""
    n = len(lacks_required)
    candidates = pc.indices_nonzero(lacks_required)
    if not len(candidates):
        return _any([], n)
    says = _any(
        [
            pc.fill_null(
                pc.match_substring_regex(
                    pc.take(c, candidates), r"^(grand\s+)?(sub)?totals?\b", ignore_case=True
                ),
                False,
            )
            for c in raw_columns
        ],
        len(candidates),
    )
    return pc.replace_with_mask(_any([], n), lacks_required, says)


def _totals_rows_only(findings: list[Finding]) -> list[Finding]:
    """A totals row is reported as that alone, not also as a row with missing values."""
    totals = [f.mask for f in findings if f.rule == "totals_row"]
    if not totals:
        return findings
    keep = pc.invert(totals[0])
    return [
        f
        if f.rule == "totals_row"
        else Finding(pc.and_(f.mask, keep), f.column, f.rule, f.message, f.severity, f.wording)
        for f in findings
    ]


def _row_rules(
    dataset: Dataset, raw: dict[str, pa.Array], values: dict[str, pa.Array], ctx: IngestContext
) -> list[Finding]:
    findings: list[Finding] = []
    for column in dataset.required:
        if column.name in raw:
            counted = column.counts_rows
            findings.append(
                Finding(
                    pc.is_null(raw[column.name]),
                    column.name,
                    "missing_required",
                    f"{column.name} is empty but required"
                    + ("" if counted else "; stored as not recorded, row kept"),
                    "error" if counted else "warning",
                )
            )
    for rule in dataset.rules:
        if (finding := date_order(values, rule)) is not None:
            findings.append(finding)
    for check in dataset.checks:
        if isinstance(check, CodeRequirement):
            finding = code_requirement(values, check)
        elif isinstance(check, InCollectionYear) and ctx.collection_year is not None:
            finding = in_collection_year(values, check, ctx.collection_year)
        elif isinstance(check, ReturnCheck) and ctx.collection_year is not None:
            finding = return_check(values, check, ctx.collection_year)
        else:
            finding = None
        if finding is not None:
            findings.append(finding)
    return findings


def _issue_table(
    findings: list[Finding],
    accepted: pa.Array,
    dataset: Dataset,
    raw: RawTable,
    row_numbers: pa.Array,
    letters: dict[str, str],
) -> pa.Table:
    parts = []
    for finding in findings:
        mask = finding.mask
        if finding.severity == "warning":
            mask = pc.and_(mask, accepted)  # a warning on a quarantined row adds nothing
        indices = pc.indices_nonzero(mask)
        count = len(indices)
        if not count:
            continue
        if isinstance(finding.message, str):
            messages = pa.array([finding.message] * count, pa.string())
        else:
            messages = pc.take(finding.message, indices)
        wordings = (
            pa.nulls(count, pa.string())
            if finding.wording is None
            else pc.take(finding.wording, indices)
        )
        parts.append(
            pa.table(
                {
                    "dataset": pa.array([dataset.name] * count, pa.string()),
                    "file": pa.array([raw.file.name] * count, pa.string()),
                    "sheet": pa.array([raw.sheet] * count, pa.string()),
                    "row": pc.take(row_numbers, indices).cast(pa.int32()),
                    "column": pa.array([finding.column] * count, pa.string()),
                    "column_letter": pa.array([letters.get(finding.column)] * count, pa.string()),
                    "severity": pa.array([finding.severity] * count, pa.string()),
                    "rule": pa.array([finding.rule] * count, pa.string()),
                    "message": messages,
                    "wording": wordings,
                },
                schema=ISSUE_SCHEMA,
            )
        )
    if not parts:
        return ISSUE_SCHEMA.empty_table()
    table = pa.concat_tables(parts)
    return table.sort_by([("row", "ascending"), ("severity", "ascending"), ("rule", "ascending")])


def _assemble(
    dataset: Dataset,
    values: dict[str, pa.Array],
    pseudonyms: dict[str, Future[pa.Array]],
    accepted: pa.Array,
    row_numbers: pa.Array,
    raw: RawTable,
    ctx: IngestContext,
) -> pa.Table:
    count = int(pc.sum(accepted).as_py() or 0)

    def stored(column: Column) -> pa.Array:
        if column.name not in values:
            return pa.nulls(count, type=arrow_type(column))
        source = pseudonyms[column.name].result() if column.is_person_id else values[column.name]
        return pc.filter(source, accepted).cast(arrow_type(column))

    columns = dataset.stored_columns
    arrays = dict(zip((c.name for c in columns), map_columns(stored, columns, count), strict=True))
    if dataset.family == "ssda903":
        arrays["collection_year"] = _same(ctx.collection_year, count, pa.int16())
    arrays["la_code"] = _same(ctx.la_code, count, pa.string())
    arrays["source_file"] = _same(raw.file.name, count, pa.string())
    arrays["source_sheet"] = _same(raw.sheet, count, pa.string())
    arrays["source_row"] = pc.filter(row_numbers, accepted).cast(pa.int32())
    arrays["ingest_id"] = _same(ctx.ingest_id, count, pa.string())
    return pa.table(arrays)


def _same(value: Any, count: int, type_: pa.DataType) -> pa.Array:
    """One value (or null) repeated for every row."""
    return pa.repeat(pa.scalar(value, type_), count)


def warehouse_schema(dataset: Dataset) -> pa.Schema:
    fields = [pa.field(c.name, arrow_type(c)) for c in dataset.stored_columns]
    if dataset.family == "ssda903":
        fields.append(pa.field("collection_year", pa.int16()))
    fields += [
        pa.field("la_code", pa.string()),
        pa.field("source_file", pa.string()),
        pa.field("source_sheet", pa.string()),
        pa.field("source_row", pa.int32()),
        pa.field("ingest_id", pa.string()),
    ]
    return pa.schema(fields)
