"""``cpkit datasets NAME`` (one dataset's columns, header names and accepted wordings) and
``cpkit codes`` (the label of every code, a lookup table for Power BI and Excel)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from cpkit.cli.common import FORMAT_OPTION, WORKSPACE_OPTION, OutputFormat, command, console

CODES_HELP = """List every code cpkit stores, with its label: a lookup table for Power BI and Excel.

The warehouse (Parquet) and the metrics output hold codes (CIC, WBRI, SOCIAL_WORK); this table gives each code's label as the report shows it, the group it is reported in, and the dataset columns that hold it. Derived from the declared code lists, so it always matches what ingest accepts. See docs/powerbi.md.

Examples:

  cpkit codes
  cpkit codes ethnicity
  cpkit codes --format csv --out codes.csv
"""


def register(app: typer.Typer) -> None:
    command(app, "codes", codes, CODES_HELP)


def codes(
    code_list: str | None = typer.Argument(
        None,
        metavar="LIST",
        help="Only this code list (e.g. cohort, ethnicity).",
        show_default=False,
    ),
    output_format: OutputFormat = FORMAT_OPTION,
    out: Path | None = typer.Option(
        None,
        "--out",
        "-o",
        metavar="FILE",
        help="Write the csv or json to FILE (CSV in UTF-8 with a byte-order mark, for Excel).",
    ),
    workspace_dir: Path | None = WORKSPACE_OPTION,
) -> None:
    from cpkit.cli.tables import emit

    listing = codes_listing(code_list, _locations(workspace_dir))
    if out is None:
        emit(listing, output_format)
        return
    _write_listing(listing, output_format, out)


def _write_listing(listing: Any, output_format: OutputFormat, out: Path) -> None:
    import json

    from cpkit.cli.common import say
    from cpkit.cli.tables import records_csv
    from cpkit.errors import UsageError
    from cpkit.render.word import _write_bytes

    records = listing.machine_records()
    if output_format is OutputFormat.csv:
        data = records_csv(records, [c.field for c in listing.columns]).encode("utf-8-sig")
    elif output_format is OutputFormat.json:
        data = (json.dumps(records, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
    else:
        raise UsageError("--out writes csv or json", hint="add --format csv or --format json")
    say(f"Written: {_write_bytes(out, data)}")


def codes_listing(code_list: str | None, locations: Any = None) -> Any:
    """The lookup table of ``cpkit codes``, one row per code."""
    from cpkit.cli.tables import Column, Listing
    from cpkit.datasets import CODELISTS
    from cpkit.datasets.describe import code_lookup
    from cpkit.errors import UsageError

    if code_list is not None and code_list not in CODELISTS:
        import difflib

        close = difflib.get_close_matches(code_list, list(CODELISTS), n=1)
        hint = f"did you mean '{close[0]}'?" if close else "choose one of " + ", ".join(CODELISTS)
        raise UsageError(f"unknown code list '{code_list}'", hint=hint)
    records = code_lookup(code_list, locations)
    columns = [
        Column("code list", "code_list", kind="id"),
        Column("code", kind="id"),
        Column("label", kind="name"),
        Column("reported as", "reported_as", kind="name"),
        Column("columns", kind="text"),
    ]
    rows = [
        [r["code_list"], r["code"], r["label"], r["reported_as"], ", ".join(r["columns"])]
        for r in records
    ]
    return Listing("Codes and their labels", columns, rows, records)


def _locations(workspace_dir: Path | None) -> Any:
    """The workspace's own names for locations, when run in one."""
    from cpkit.errors import WorkspaceError
    from cpkit.workspace import open_workspace

    try:
        return open_workspace(workspace_dir).settings.locations
    except WorkspaceError:
        return None


def dataset_record(name: str, workspace_dir: Path | None) -> dict[str, Any]:
    """``cpkit datasets NAME --format json``: the dataset, its columns and its code lists
    (with the workspace's header aliases and wordings first)."""
    from cpkit.datasets import get_dataset
    from cpkit.datasets.describe import codelists_of, column_rows, wordings

    dataset = get_dataset(name)
    aliases, codes = _workspace_additions(name, workspace_dir)
    return {
        "dataset": dataset.name,
        "title": dataset.title,
        "one_row_per": dataset.unit.removeprefix("one row per "),
        "key": list(dataset.key),
        "columns": [
            {
                "column": row.name,
                "type": row.type,
                "required": row.required,
                "counted_by": row.counted_by,
                "code_list": row.codelist,
                "header_names": list(row.headers),
            }
            for row in column_rows(dataset, aliases)
        ],
        "code_lists": {
            codelist: [
                {"code": code, "reported_as": group, "wordings": found}
                for code, group, found in wordings(codelist, codes.get(codelist))
            ]
            for codelist in codelists_of(dataset)
        },
    }


def emit_dataset(name: str, workspace_dir: Path | None, output_format: OutputFormat) -> None:
    """``cpkit datasets NAME`` in any format: JSON is the whole description; CSV one row
    per column (the code lists' wordings are in the JSON, their labels in cpkit codes)."""
    import json
    import sys

    from cpkit.cli.tables import records_csv

    if output_format is OutputFormat.table:
        print_dataset(name, workspace_dir)
        return
    record = dataset_record(name, workspace_dir)
    if output_format is OutputFormat.json:
        sys.stdout.write(json.dumps(record, indent=2, ensure_ascii=False) + "\n")
        return
    rows = [{"dataset": record["dataset"], **column} for column in record["columns"]]
    sys.stdout.write(records_csv(rows, list(rows[0])))


def print_dataset(name: str, workspace_dir: Path | None) -> None:
    """Columns (with the workspace's own header aliases first) and every code list the
    dataset uses (with the workspace's ``[codes]`` wordings first)."""
    from rich.table import Table

    from cpkit.datasets import get_dataset
    from cpkit.datasets.describe import codelists_of, column_rows, wordings

    dataset = get_dataset(name)
    aliases, codes = _workspace_additions(name, workspace_dir)
    out = console()
    out.print(f"{dataset.name}: {dataset.title} ({dataset.unit}; key {', '.join(dataset.key)})")
    table = Table(title="Columns", title_justify="left", show_lines=True)
    for header in ("column", "type", "required", "counted by", "header names"):
        table.add_column(header, overflow="fold")
    for row in column_rows(dataset, aliases):
        table.add_row(
            row.name,
            row.type,
            "yes" if row.required else "",
            "yes" if row.counted_by else "",
            ", ".join(row.headers),
        )
    out.print(table)
    out.print(
        "counted by: an unusable value there quarantines the row; anywhere else it is stored "
        "as not recorded and the row kept, with a warning.",
        soft_wrap=True,
    )
    for codelist in codelists_of(dataset):
        listing = Table(title=f"Code list {codelist}", title_justify="left", show_lines=True)
        for header in ("code", "reported as", "wordings accepted"):
            listing.add_column(header, overflow="fold")
        for code, group, found in wordings(codelist, codes.get(codelist)):
            listing.add_row(code, group, ", ".join(found))
        out.print(listing)


def _workspace_additions(
    name: str, workspace_dir: Path | None
) -> tuple[dict[str, list[str]], dict[str, dict[str, list[str]]]]:
    """The workspace's header aliases for the dataset and its code wordings, when run in a
    workspace (built-ins only otherwise)."""
    from cpkit.errors import WorkspaceError
    from cpkit.workspace import open_workspace

    try:
        ws = open_workspace(workspace_dir)
    except WorkspaceError:
        return {}, {}
    from cpkit.ingest.wordings import workspace_wordings

    return ws.settings.column_aliases(name), workspace_wordings(ws.settings)
