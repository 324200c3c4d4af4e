"""SSDA903 collection years replaced by a new return: said out loud, and confirmed when the
new return is much smaller.

An SSDA903 file replaces its table's whole collection year (a return is resubmitted whole).
A second file for the same table and year therefore replaced the first without a word, so a
partial file, or the second half of a return split in two, took 30 children down to 3. Now
every replacement says what it replaces, and one that leaves fewer than half of the
children is refused unless the user confirms with ``--replace-year``. All files of one run
for a table and year together make the new year, so a split return ingests in one run.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from cpkit.errors import DataError
from cpkit.warehouse import Manifest, read_dataset

if TYPE_CHECKING:
    import pyarrow as pa

    from cpkit.ingest.pipeline import TableOutcome
    from cpkit.ingest.report import FileSummary

SHRINK = 0.5  # the new year holds fewer than this share of the children it replaces


@dataclass
class YearChange:
    dataset: str
    year: int
    before: int  # children (or rows, for a table without a child id) in the warehouse
    after: int
    files: list[str]  # the files the warehouse's rows for that year came from


def check_year_replacements(
    warehouse: Path,
    manifest: Manifest,
    outcomes: Sequence[TableOutcome],
    summaries: Sequence[FileSummary],
    confirmed: bool,
) -> list[YearChange]:
    """Note on each file what its year replaces; refuse a big shrink unless confirmed."""
    changes = []
    groups: dict[tuple[str, int], list[int]] = {}
    for index, outcome in enumerate(outcomes):
        if outcome.dataset.replaces_by == "collection_year" and outcome.collection_year:
            groups.setdefault((outcome.dataset.name, outcome.collection_year), []).append(index)
    tables: dict[str, pa.Table | None] = {}
    for (name, year), indices in sorted(groups.items()):
        if name not in tables:
            tables[name] = read_dataset(warehouse, manifest, name)
        change = _change(tables[name], [outcomes[i] for i in indices], name, year)
        if change is None:
            continue
        changes.append(change)
        summaries[indices[0]].notes.append(
            f"replaces collection year {year} of {name}: {change.before} "
            f"{_unit(outcomes[indices[0]])} from {', '.join(change.files)} -> {change.after}"
        )
        if change.after < change.before * SHRINK and not confirmed:
            raise _shrink_error(change, _unit(outcomes[indices[0]]))
    return changes


def _unit(outcome: TableOutcome) -> str:
    return "children" if _child_column(outcome) else "rows"


def _child_column(outcome: TableOutcome) -> str | None:
    return next((c.name for c in outcome.dataset.stored_columns if c.is_person_id), None)


def _change(
    current: pa.Table | None, outcomes: list[TableOutcome], name: str, year: int
) -> YearChange | None:
    import pyarrow.compute as pc

    if current is None or not current.num_rows:
        return None
    la = (
        outcomes[0].accepted.column("la_code")[0].as_py() if outcomes[0].accepted.num_rows else None
    )
    mask = pc.equal(current.column("collection_year"), year)
    if la is not None:
        mask = pc.and_(mask, pc.equal(current.column("la_code"), la))
    old = current.filter(mask)
    if not old.num_rows:
        return None
    child = _child_column(outcomes[0])
    before = _count(old, child)
    after = (
        sum(_count(o.accepted, child) for o in outcomes)
        if child is None
        else len(
            {v for o in outcomes for v in o.accepted.column(child).to_pylist() if v is not None}
        )
    )
    files = sorted(set(old.column("source_file").to_pylist()))
    return YearChange(name, year, before, after, files)


def _count(table: pa.Table, child: str | None) -> int:
    import pyarrow.compute as pc

    if child is None:
        return table.num_rows
    return int(pc.count_distinct(table.column(child)).as_py())


def _shrink_error(change: YearChange, unit: str) -> DataError:
    return DataError(
        f"{change.dataset}, collection year {change.year}: the new file(s) hold {change.after} "
        f"{unit} where the warehouse holds {change.before} (from {', '.join(change.files)}); "
        "ingesting would replace them all, so nothing was written",
        hint="if this is the complete return, ingest it again with --replace-year; if it is "
        "one part of a return split across files, ingest all the parts in one run",
    )
