"""Commands that look after data: init, ingest, datasets, validate."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from cpkit.cli.common import (
    FORMAT_OPTION,
    WORKSPACE_OPTION,
    OutputFormat,
    command,
    progress,
    quantity,
    say,
    warn,
    workspace,
)


def register(app: typer.Typer) -> None:
    command(app, "init", init, INIT_HELP)
    command(app, "ingest", ingest, INGEST_HELP)
    command(app, "datasets", datasets, DATASETS_HELP)
    command(app, "validate", validate, VALIDATE_HELP)
    command(app, "forget", forget, FORGET_HELP)


def _complete_datasets(incomplete: str) -> list[str]:
    from cpkit.datasets import REGISTRY

    return [name for name in REGISTRY if name.startswith(incomplete)]


def _dataset_argument(metavar: str, help_text: str) -> Any:
    """An optional dataset name, completed from the registry."""
    return typer.Argument(
        None,
        metavar=metavar,
        autocompletion=_complete_datasets,
        help=help_text,
        show_default=False,
    )


INIT_HELP = """Create a workspace.

Writes a commented cpkit.toml with your LA's DfE code and name, the pseudonymisation key (.cpkit-secret, keep it safe and out of version control) and a .gitignore. Without --la-code, cpkit.toml gets the placeholder code 000 and every other command refuses to run until you set [la] code in it.

Examples:

  cpkit init --la-code 330 --la-name Birmingham        # here
  cpkit init ../rap-2024 --la-code 330 --la-name Birmingham
"""


def init(
    directory: Path | None = typer.Argument(
        None, metavar="DIR", help="Folder to create (default: here).", show_default=False
    ),
    la_code: str | None = typer.Option(
        None, "--la-code", metavar="CODE", help="DfE 3-digit LA code, e.g. 330."
    ),
    la_name: str | None = typer.Option(
        None,
        "--la-name",
        metavar="NAME",
        help="LA name (default: from the code, e.g. Birmingham for 330).",
    ),
    new_secret: bool = typer.Option(
        False,
        "--new-secret",
        help="Replace the pseudonymisation key (breaks linkage with data already ingested).",
    ),
) -> None:
    from cpkit.datasets.local_authorities import find
    from cpkit.workspace import PLACEHOLDER_LA, init_workspace, resolve_root

    config = resolve_root(directory) / "cpkit.toml"
    existed = config.is_file()
    created = init_workspace(directory, la_code=la_code, la_name=la_name, new_secret=new_secret)
    la = created.settings.la
    say(f"Workspace ready at {created.root}")
    if existed:
        say(f"{config.name} was already there and is left as it was (LA {la.code}).")
        if la_code is not None and la_code != la.code:
            warn(f"--la-code {la_code} not applied: edit [la] code in {config} to change it")
    elif la_code is None:
        warn(
            f"no --la-code given: {config} has the placeholder LA code {PLACEHOLDER_LA}, and "
            "cpkit will not ingest, compute or report until you set [la] code to your "
            "DfE 3-digit LA code (or run 'cpkit init --la-code CODE' in a new folder)"
        )
    elif find(la_code) is None:
        warn(
            f"LA code {la_code} is not in cpkit's table of English LAs: check it in "
            f"{config.name} (a new LA's code is fine) and set [la] name"
        )
    else:
        say(f"LA {la.code}: {la.name}")
    there = "" if created.root == Path.cwd().resolve() else f"cd {created.root}, then "
    say(f"Next: {there}cpkit ingest FILES")
    say(
        "Keep .cpkit-secret safe and out of version control: without it new extracts "
        "will not link to children already ingested."
    )


INGEST_HELP = """Validate, pseudonymise and store extracts in the warehouse.

Reads CSV, XLSX, XLS and ODS files (or folders of them) and recognises each dataset from its headers (and says which columns decided it). A row is quarantined (to quarantine/, with file, sheet, row, column and reason) only when a column it is counted by is unusable; an unknown value elsewhere is stored as not recorded, the row kept, and the wordings are listed with the [codes.*] lines that would map them. Rows read = accepted + quarantined. Re-ingesting the same content with the same settings changes nothing; a newer extract replaces rows by key (SSDA903: the whole collection year); with --replace the file is the complete current list.

Examples:

  cpkit ingest data/sample/*
  cpkit ingest referrals.xlsx --sheet "2023-24" --dataset advocacy_referrals
  cpkit ingest ssda903/ --collection-year 2024 --strict
  cpkit ingest --replace iv_referrals_2024-06-30.xlsx
"""


def ingest(
    paths: list[Path] = typer.Argument(
        ..., metavar="PATH", help="Files or folders to ingest.", show_default=False
    ),
    dataset: str | None = typer.Option(
        None,
        "--dataset",
        "-d",
        metavar="NAME",
        autocompletion=_complete_datasets,
        help="Force the dataset instead of detecting it (see 'cpkit datasets --all').",
    ),
    sheet: str | None = typer.Option(
        None, "--sheet", metavar="NAME", help="Only this sheet of a workbook."
    ),
    collection_year: int | None = typer.Option(
        None,
        "--collection-year",
        metavar="YYYY",
        help="SSDA903 collection year (the year the return ends; "
        "2024 = 2023-24). Default: from the file name.",
    ),
    strict: bool = typer.Option(
        False,
        "--strict",
        help="Exit 1, writing nothing, if any row would be quarantined or a table's dataset "
        "is in doubt.",
    ),
    replace: bool = typer.Option(
        False,
        "--replace",
        help="Each file is the complete current list of its dataset: rows whose keys it "
        "does not hold are removed.",
    ),
    replace_year: bool = typer.Option(
        False,
        "--replace-year",
        help="Let an SSDA903 file replace its collection year even when it holds far fewer "
        "children than the warehouse has for that year.",
    ),
    workspace_dir: Path | None = WORKSPACE_OPTION,
) -> None:
    from cpkit.cli.ingest_output import print_ingest_report
    from cpkit.errors import DataError
    from cpkit.ingest import ingest_paths

    ws = workspace(workspace_dir)

    def on_file(path: Path) -> None:
        progress(f"reading {path.name}...")

    report = ingest_paths(
        ws,
        paths,
        dataset=dataset,
        sheet=sheet,
        collection_year=collection_year,
        strict=strict,
        on_file=on_file,
        replace=replace,
        replace_year=replace_year,
    )
    print_ingest_report(report)
    if report.strict_failed:
        problems = []
        if report.quarantined:
            problems.append(f"{quantity(report.quarantined, 'row')} would be quarantined")
        if report.doubtful:
            tables = quantity(len(report.doubtful), "table")
            problems.append(f"{tables} may be the wrong dataset")
        raise DataError(
            f"{' and '.join(problems)}; nothing was written (--strict)",
            hint="see the reasons above, fix the extracts (or name the dataset with "
            "--dataset) and ingest again",
        )


DATASETS_HELP = """List the datasets in the warehouse, or describe one.

Shows rows, date range, financial years covered and last ingest. With --all, lists every dataset cpkit can ingest and its columns. With a NAME, shows that dataset's columns, the header names each answers to, which columns rows are counted by, and every wording its code lists accept (with your cpkit.toml's additions).

Examples:

  cpkit datasets
  cpkit datasets --all
  cpkit datasets advocacy_referrals
  cpkit datasets advocacy_referrals --format json
  cpkit datasets --format csv > datasets.csv
"""


def datasets(
    name: str | None = _dataset_argument("NAME", "Describe this dataset."),
    all_known: bool = typer.Option(
        False, "--all", help="Every dataset cpkit can ingest, with its columns."
    ),
    output_format: OutputFormat = FORMAT_OPTION,
    workspace_dir: Path | None = WORKSPACE_OPTION,
) -> None:
    from cpkit.cli.tables import emit

    if name:
        from cpkit.cli.describe import emit_dataset

        emit_dataset(name, workspace_dir, OutputFormat(output_format))
        return
    if all_known:
        emit(_known_datasets(), output_format)
        return
    show_warehouse(workspace_dir, output_format)


def show_warehouse(workspace_dir: Path | None, output_format: OutputFormat | str) -> None:
    """What ``cpkit datasets`` lists: the datasets in the workspace's warehouse."""
    from cpkit.cli.tables import emit
    from cpkit.warehouse.inventory import inventory

    ws = workspace(workspace_dir)
    rows = inventory(ws.warehouse_dir)
    if not rows and OutputFormat(output_format) is OutputFormat.table:
        say("The warehouse is empty: run 'cpkit ingest FILES'.")
        return
    emit(_warehouse_datasets(ws.root.name, rows), output_format)


def _known_datasets() -> Any:
    from cpkit.cli.tables import Column, Listing
    from cpkit.datasets import REGISTRY

    records: list[dict[str, Any]] = [
        {
            "dataset": d.name,
            "one_row_per": d.unit.removeprefix("one row per "),
            "key": list(d.key),
            "required": [c.name for c in d.required],
            "optional": [c.name for c in d.columns if not c.required],
        }
        for d in REGISTRY.values()
    ]
    columns = [
        Column("dataset", kind="id"),
        Column("one row per", "one_row_per", kind="name"),
        Column("key", kind="text"),
        Column("required", kind="text"),
        Column("optional", kind="text"),
    ]
    rows = [
        [
            r["dataset"],
            r["one_row_per"],
            *(", ".join(r[k]) for k in ("key", "required", "optional")),
        ]
        for r in records
    ]
    return Listing("Datasets cpkit can ingest", columns, rows, records)


def _warehouse_datasets(workspace_name: str, found: list[Any]) -> Any:
    from cpkit.cli.tables import Column, Listing

    columns = [
        Column("dataset", kind="id"),
        Column("rows", kind="number"),
        Column("from", "first", kind="label"),
        Column("to", "last", kind="label"),
        Column("financial years", "years", kind="text"),
        Column("last ingest (UTC)", "last_ingest", kind="label"),
    ]
    rows = [
        [
            d.name,
            f"{d.rows:,}",
            f"{d.first:%d/%m/%Y}" if d.first else "",
            f"{d.last:%d/%m/%Y}" if d.last else "",
            ", ".join(d.years),
            (d.last_ingest or "").replace("T", " ")[:16],
        ]
        for d in found
    ]
    records = [
        {
            "dataset": d.name,
            "rows": d.rows,
            "first": d.first.isoformat() if d.first else None,
            "last": d.last.isoformat() if d.last else None,
            "years": d.years,
            "last_ingest": d.last_ingest,
            "files": d.files,
        }
        for d in found
    ]
    return Listing(f"Datasets in {workspace_name}/warehouse", columns, rows, records)


VALIDATE_HELP = """Data-quality report over the warehouse.

Reports the warehouse as it is now (not files since ingested again, replaced or forgotten). For each rule: how many rows broke it and where to look (file, sheet, row, column), never the values themselves; then, per column, the code-list wordings no code matched, with row counts and the [codes.*] lines to paste into cpkit.toml. With --format json or csv, each unrecognised wording is a record of its own (rule unrecognised_wording, with its column, code list, rows and the config line that would map it).

Examples:

  cpkit validate
  cpkit validate ssda903_oc3
  cpkit validate --format json > quality.json
  cpkit validate --format csv > quality.csv
"""


def validate(
    dataset: str | None = _dataset_argument("DATASET", "Only this dataset."),
    output_format: OutputFormat = FORMAT_OPTION,
    workspace_dir: Path | None = WORKSPACE_OPTION,
) -> None:
    from cpkit.cli.ingest_output import print_wordings
    from cpkit.cli.tables import Column, Listing, emit
    from cpkit.datasets import get_dataset
    from cpkit.warehouse.quality import quality_report, unmapped_wordings

    if dataset:
        get_dataset(dataset)
    ws = workspace(workspace_dir)
    findings = quality_report(ws.warehouse_dir, dataset)
    if not findings and OutputFormat(output_format) is OutputFormat.table:
        say("No quarantined rows and no quality warnings.")
        return
    columns = [
        Column("dataset", kind="id"),
        Column("severity", kind="label"),
        Column("rule", kind="id"),  # something to search for: never cut short
        Column("rows", kind="number"),
        Column("where (examples)", "examples", kind="text"),
        Column("message", kind="text"),
    ]
    kinds = {"error": "quarantined", "warning": "warning (kept)"}
    rows = [
        [f.dataset, kinds[f.severity], f.rule, f"{f.rows:,}", "\n".join(f.examples), f.message]
        for f in findings
    ]
    records = [
        {
            "dataset": f.dataset,
            "severity": kinds[f.severity],
            "rule": f.rule,
            "rows": f.rows,
            "examples": f.examples,
            "message": f.message,
        }
        for f in findings
    ]
    unmapped = unmapped_wordings(ws.warehouse_dir, dataset)
    if OutputFormat(output_format) is OutputFormat.table:
        emit(Listing("Data quality", columns, rows, records, show_lines=True), output_format)
        print_wordings(unmapped)
        return
    from cpkit.cli.ingest_output import WORDING_FIELDS, wording_records

    # every record has the same keys (CSV columns): a rule's wording fields are empty
    records = [{**r, **dict.fromkeys(WORDING_FIELDS)} for r in records]
    records += wording_records(unmapped)
    emit(Listing("Data quality", columns, rows, records), output_format)


FORGET_HELP = """Remove everything one ingest wrote.

Takes out the rows, quarantined rows, warnings and manifest entries of a file's ingests (name the file, or give its path) or of one ingest run (its id, from the manifest or 'cpkit validate'), in one step that an interruption cannot leave half done. Rows that an earlier ingest held and this one replaced are not brought back: ingest that earlier file again.

Examples:

  cpkit forget iv_tracker.xlsx
  cpkit forget 20240401T101500-a1b2c3
"""


def forget(
    target: str = typer.Argument(
        ...,
        metavar="FILE|INGEST_ID",
        help="A file (name or path) or an ingest id.",
        show_default=False,
    ),
    workspace_dir: Path | None = WORKSPACE_OPTION,
) -> None:
    from cpkit.ingest import forget as forget_ingest

    ws = workspace(workspace_dir)
    result = forget_ingest(ws, target)
    for record in result.records:
        where = record.file + (f" [{record.sheet}]" if record.sheet else "")
        say(f"Forgot {where}: {record.dataset}, ingest {record.ingest_id}")
    for dataset, rows in sorted(result.rows.items()):
        say(f"  {dataset}: {quantity(rows, 'row')} removed")
    if result.replaced_earlier:
        earlier = ", ".join(sorted({r.file for r in result.replaced_earlier}))
        say(
            f"Rows of earlier ingests that were replaced are not restored ({earlier}): "
            "ingest those files again if they should count."
        )
