"""What ``cpkit ingest`` prints: the summary table, a few lines per file, what to paste.

Nothing here prints a value from the data except code-list wordings (labels, shown only
when they look like one: see ``cpkit.ingest.wordings``) and header names.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cpkit.cli.common import console

if TYPE_CHECKING:
    from cpkit.ingest import FileSummary, IngestReport
    from cpkit.ingest.wordings import UnmappedColumn
    from cpkit.warehouse.quality import Wordings


def print_ingest_report(report: IngestReport) -> None:
    from rich.table import Table

    out = console()
    table = Table(title="Ingest summary", title_justify="left", show_lines=False)
    for header, justify in (
        ("file", "left"),
        ("dataset", "left"),
        ("read", "right"),
        ("accepted", "right"),
        ("quarantined", "right"),
        ("top reasons", "left"),
    ):
        table.add_column(header, justify=justify)  # type: ignore[arg-type]
    for item in report.files:
        dataset = item.dataset or "-"
        if item.collection_year:
            dataset += f" ({item.collection_year})"
        if item.status == "unchanged":
            table.add_row(label(item), dataset, "", "", "", "unchanged: nothing to do")
            continue
        if item.status != "ingested":
            table.add_row(label(item), dataset, "", "", "", f"{item.status} (see below)")
            continue
        reasons = ", ".join(f"{rule} {count}" for rule, count in item.top_reasons)
        table.add_row(
            label(item),
            dataset,
            str(item.rows_read),
            str(item.accepted),
            str(item.quarantined),
            reasons,
        )
    out.print(table)
    for item in report.files:
        for line in note_lines(item):
            out.print(f"  {label(item)}: {line}", soft_wrap=True)
    out.print(
        f"Rows read {report.rows_read} = accepted {report.accepted} + quarantined "
        f"{report.quarantined}"
    )
    for line in paste_advice(report.unmapped):
        out.print(line, soft_wrap=True)
    if report.doubtful:
        out.print(
            f"Check the dataset of {len(report.doubtful)} table(s) marked 'check' above. If "
            "one is wrong: 'cpkit forget FILE', then ingest it again with --dataset NAME.",
            soft_wrap=True,
        )
    if report.quarantined and report.committed:
        out.print(
            "Quarantined rows are listed, with reasons, in the workspace's quarantine/ "
            "folder; 'cpkit validate' summarises them."
        )
    if report.committed:
        out.print(
            f"Saved as ingest {report.ingest_id} (to undo it: cpkit forget {report.ingest_id})."
        )
    if not report.committed and not report.strict_failed:
        out.print("Nothing new to write.")


def label(item: FileSummary) -> str:
    return item.file + (f" [{item.sheet}]" if item.sheet else "")


def note_lines(item: FileSummary) -> list[str]:
    """One line per thing worth saying about a file: why a sheet was skipped, how its
    dataset was recognised (and any doubt), notes, unmapped wordings, quality warnings."""
    if item.status == "skipped":
        return [f"skipped: {'; '.join(item.notes)}"]
    if item.status != "ingested":
        return []
    lines = []
    if item.detected_by:
        lines.append(f"recognised as {item.dataset} by {item.detected_by}")
    if item.doubts:
        lines.append(f"check: is this {item.dataset}? {'; '.join(item.doubts)}")
    if item.notes:
        lines.append("; ".join(item.notes))
    lines += [unmapped_line(column) for column in item.unmapped]
    if item.warning_reasons:
        counts = ", ".join(f"{rule} {count}" for rule, count in item.warning_reasons)
        lines.append(f"quality warnings (rows kept): {counts}")
    return lines


def unmapped_line(column: UnmappedColumn) -> str:
    """'ethnicity: 3 rows kept as not recorded; wordings not in the ethnicity list: ...'."""
    what = "quarantined" if column.quarantined else "kept, the value not recorded"
    if column.codelist:
        wordings = f"wordings not in the {column.codelist} list"
    elif column.column == "themes" or "theme" in column.column:
        wordings = "themes not in [corporate_parenting] themes"
    else:
        wordings = "values not understood"
    plural = "s" if column.rows != 1 else ""
    return f"{column.column}: {column.rows} row{plural} {what}; {wordings}: {column.listed()}"


def paste_advice(unmapped: list[UnmappedColumn]) -> list[str]:
    """The ``[codes.<list>]`` lines that would map every unknown wording of the run."""
    from cpkit.ingest.wordings import merge_unmapped, paste_lines

    blocks = [paste_lines(name, words) for name, words in sorted(merge_unmapped(unmapped).items())]
    blocks = [b for b in blocks if b]
    if not blocks:
        return []
    lines = ["To map these wordings, add to cpkit.toml (then ingest the files again):", ""]
    for block in blocks:
        lines += [f"    {line}" for line in block] + [""]
    return lines


def print_wordings(found: list[Wordings]) -> None:
    """``cpkit validate``: the wordings per column no code matched, and what to paste."""
    from cpkit.datasets import REGISTRY
    from cpkit.ingest.wordings import UnmappedColumn

    if not found:
        return
    out = console()
    out.print("")
    out.print("Wordings cpkit did not recognise (labels from code lists, with rows):")
    columns = []
    for item in found:
        codelist = REGISTRY[item.dataset].column(item.column).codelist
        column = UnmappedColumn(item.column, codelist, item.severity == "error", item.counts)
        columns.append(column)
        out.print(f"  {item.dataset}: {unmapped_line(column)}", soft_wrap=True)
    for line in paste_advice(columns):
        out.print(line, soft_wrap=True)
