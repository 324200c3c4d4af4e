"""What ``cpkit ingest`` prints: the summary table, a few lines per file, what to paste.

Nothing here prints a value from the data except code-list wordings (labels, shown only
when they look like one: see ``cpkit.ingest.wordings``) and header names.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cpkit.cli.common import OUTPUT, quantity, say, warn

if TYPE_CHECKING:
    from cpkit.ingest import FileSummary, IngestReport
    from cpkit.ingest.wordings import UnmappedColumn
    from cpkit.warehouse.quality import Wordings


def print_ingest_report(report: IngestReport) -> None:
    """The per-file table (file names and counts in full), notes, the accounting line.

    With --quiet only what needs acting on is printed, on stderr: one warning per file with
    quarantined rows or quality warnings.
    """
    if OUTPUT.quiet:
        for item in report.files:
            if item.quarantined or item.warnings:
                warn(f"{label(item)}: {'; '.join(_problems(item))}")
        return
    from cpkit.cli.tables import Column, Listing, print_table

    columns = [
        Column("file", kind="id"),
        Column("dataset", kind="id"),
        Column("read", kind="number"),
        Column("accepted", kind="number"),
        Column("quarantined", kind="number"),
        Column("top reasons", kind="text"),
    ]
    print_table(Listing("Ingest summary", columns, [_summary_row(i) for i in report.files]))
    for item in report.files:
        for line in note_lines(item):
            say(f"  {label(item)}: {line}")
    say(
        f"Rows read {report.rows_read:,} = accepted {report.accepted:,} + quarantined "
        f"{report.quarantined:,}"
    )
    for line in paste_advice(report.unmapped):
        say(line)
    if report.doubtful:
        say(
            f"Check the dataset of {quantity(len(report.doubtful), 'table')} marked 'check' "
            "above. If one is wrong: 'cpkit forget FILE', then ingest it again with "
            "--dataset NAME."
        )
    if report.quarantined and report.committed:
        say(
            "Quarantined rows are listed, with reasons, in the workspace's quarantine/ "
            "folder; 'cpkit validate' summarises them."
        )
    if report.committed:
        say(f"Saved as ingest {report.ingest_id} (to undo it: cpkit forget {report.ingest_id}).")
    if not report.committed and not report.strict_failed:
        say("Nothing new to write.")


def _summary_row(item: FileSummary) -> list[str]:
    dataset = item.dataset or "-"
    if item.collection_year:
        dataset += f" ({item.collection_year})"
    if item.status == "unchanged":
        return [label(item), dataset, "", "", "", "unchanged: nothing to do"]
    if item.status != "ingested":
        return [label(item), dataset, "", "", "", f"{item.status} (see below)"]
    counts = (f"{item.rows_read:,}", f"{item.accepted:,}", f"{item.quarantined:,}")
    return [label(item), dataset, *counts, _rules(item.top_reasons)]


def _rules(counts: list[tuple[str, int]]) -> str:
    return ", ".join(f"{rule} {count:,}" for rule, count in counts)


def _problems(item: FileSummary) -> list[str]:
    found = []
    if item.quarantined:
        found.append(
            f"{quantity(item.quarantined, 'row')} quarantined ({_rules(item.top_reasons)})"
        )
    if item.warnings:
        found.append(f"{quantity(item.warnings, 'quality warning')} on rows kept")
    return found


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
        lines.append(f"quality warnings (rows kept): {_rules(item.warning_reasons)}")
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
    return f"{column.column}: {quantity(column.rows, 'row')} {what}; {wordings}: {column.listed()}"


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


WORDING_FIELDS = ("column", "code_list", "wording", "config_table", "config_line")


def wording_records(found: list[Wordings]) -> list[dict[str, Any]]:
    """``cpkit validate --format json|csv``: one record per unrecognised wording, beside the
    rules' records (same keys, and the column, code list, wording and config line)."""
    from cpkit.datasets import REGISTRY
    from cpkit.ingest.wordings import paste_lines

    kinds = {"error": "quarantined", "warning": "warning (kept)"}
    records = []
    for item in found:
        codelist = REGISTRY[item.dataset].column(item.column).codelist
        for wording, rows in sorted(item.counts.items(), key=lambda pair: (-pair[1], pair[0])):
            lines = paste_lines(codelist, [wording]) if codelist else []
            what = "quarantined" if item.severity == "error" else "kept, the value not recorded"
            records.append(
                {
                    "dataset": item.dataset,
                    "severity": kinds.get(item.severity, item.severity),
                    "rule": "unrecognised_wording",
                    "rows": rows,
                    "examples": [],
                    "message": f"{item.column}: a wording no code matched ({quantity(rows, 'row')}"
                    f" {what})",
                    "column": item.column,
                    "code_list": codelist,
                    "wording": wording,
                    # the cpkit.toml table and the line under it that would map the wording
                    "config_table": lines[0] if lines else None,
                    "config_line": lines[1] if lines else None,
                }
            )
    return records


def print_wordings(found: list[Wordings]) -> None:
    """``cpkit validate``: the wordings per column no code matched, and what to paste."""
    from cpkit.datasets import REGISTRY
    from cpkit.ingest.wordings import UnmappedColumn

    if not found:
        return
    say("")
    say("Wordings cpkit did not recognise (labels from code lists, with rows):")
    columns = []
    for item in found:
        codelist = REGISTRY[item.dataset].column(item.column).codelist
        column = UnmappedColumn(item.column, codelist, item.severity == "error", item.counts)
        columns.append(column)
        say(f"  {item.dataset}: {unmapped_line(column)}")
    for line in paste_advice(columns):
        say(line)
