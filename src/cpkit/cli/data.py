"""Commands that look after data: init, ingest, datasets, validate."""

from __future__ import annotations

from pathlib import Path

import typer

from cpkit.cli.common import WORKSPACE_OPTION, console, progress_enabled, workspace


def register(app: typer.Typer) -> None:
    app.command("init", help=INIT_HELP)(init)
    app.command("ingest", help=INGEST_HELP)(ingest)
    app.command("datasets", help=DATASETS_HELP)(datasets)
    app.command("validate", help=VALIDATE_HELP)(validate)
    app.command("forget", help=FORGET_HELP)(forget)


INIT_HELP = """Create a workspace.

Writes a commented cpkit.toml, the pseudonymisation key (.cpkit-secret, keep it safe and out of version control) and a .gitignore.

Examples:

  cpkit init                       # here
  cpkit init ../rap-2024 --la-code 330 --la-name Birmingham
"""


def init(
    directory: Path | None = typer.Argument(None, help="Folder to create (default: here)."),
    la_code: str = typer.Option("000", help="DfE 3-digit LA code, written to cpkit.toml."),
    la_name: str | None = typer.Option(
        None, help="LA name, written to cpkit.toml (default: the name of --la-code's LA)."
    ),
    new_secret: bool = typer.Option(
        False, help="Replace the pseudonymisation key (breaks linkage with data already ingested)."
    ),
) -> None:
    from cpkit.workspace import init_workspace

    created = init_workspace(directory, la_code=la_code, la_name=la_name, new_secret=new_secret)
    out = console()
    out.print(f"Workspace ready at {created.root}")
    if la_code == "000":
        out.print("Next: set [la] code in cpkit.toml, then: cpkit ingest FILES")
    else:
        out.print("Next: cpkit ingest FILES (cpkit.toml holds the settings, commented)")
    out.print(
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
    paths: list[Path] = typer.Argument(..., help="Files or folders to ingest."),
    dataset: str | None = typer.Option(
        None, "--dataset", "-d", help="Force the dataset instead of detecting it."
    ),
    sheet: str | None = typer.Option(None, "--sheet", help="Only this sheet of a workbook."),
    collection_year: int | None = typer.Option(
        None,
        "--collection-year",
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
    err = console(stderr=True)
    show = progress_enabled()

    def on_file(path: Path) -> None:
        if show:
            err.print(f"reading {path.name}...", style="dim")

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
            problems.append(f"{report.quarantined} rows would be quarantined")
        if report.doubtful:
            problems.append(f"{len(report.doubtful)} table(s) may be the wrong dataset")
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
"""


def datasets(
    name: str | None = typer.Argument(None, help="Describe this dataset."),
    all_known: bool = typer.Option(
        False, "--all", help="Every dataset cpkit can ingest, with its columns."
    ),
    workspace_dir: Path | None = WORKSPACE_OPTION,
) -> None:
    from rich.table import Table

    if name:
        from cpkit.cli.describe import print_dataset

        print_dataset(name, workspace_dir)
        return
    out = console()
    if all_known:
        from cpkit.datasets import REGISTRY

        table = Table(title="Datasets cpkit can ingest", title_justify="left")
        for header in ("dataset", "one row per", "key", "required", "optional"):
            table.add_column(header)
        for d in REGISTRY.values():
            optional = [c.name for c in d.columns if not c.required]
            table.add_row(
                d.name,
                d.unit.removeprefix("one row per "),
                ", ".join(d.key),
                ", ".join(c.name for c in d.required),
                ", ".join(optional),
            )
        out.print(table)
        return
    from cpkit.warehouse.inventory import inventory

    ws = workspace(workspace_dir)
    rows = inventory(ws.warehouse_dir)
    if not rows:
        out.print("The warehouse is empty: run 'cpkit ingest FILES'.")
        return
    table = Table(title=f"Datasets in {ws.root.name}/warehouse", title_justify="left")
    for header, justify in (
        ("dataset", "left"),
        ("rows", "right"),
        ("from", "left"),
        ("to", "left"),
        ("financial years", "left"),
        ("last ingest (UTC)", "left"),
    ):
        table.add_column(header, justify=justify)  # type: ignore[arg-type]
    for row in rows:
        table.add_row(
            row.name,
            f"{row.rows:,}",
            f"{row.first:%d/%m/%Y}" if row.first else "",
            f"{row.last:%d/%m/%Y}" if row.last else "",
            ", ".join(row.years),
            (row.last_ingest or "").replace("T", " ")[:16],
        )
    out.print(table)


VALIDATE_HELP = """Data-quality report over the warehouse.

Reports the warehouse as it is now (not files since ingested again, replaced or forgotten). For each rule: how many rows broke it and where to look (file, sheet, row, column), never the values themselves; then, per column, the code-list wordings no code matched, with row counts and the [codes.*] lines to paste into cpkit.toml.

Examples:

  cpkit validate
  cpkit validate ssda903_oc3
"""


def validate(
    dataset: str | None = typer.Argument(None, help="Only this dataset."),
    workspace_dir: Path | None = WORKSPACE_OPTION,
) -> None:
    from rich.table import Table

    from cpkit.cli.ingest_output import print_wordings
    from cpkit.datasets import get_dataset
    from cpkit.warehouse.quality import quality_report, unmapped_wordings

    if dataset:
        get_dataset(dataset)
    ws = workspace(workspace_dir)
    findings = quality_report(ws.warehouse_dir, dataset)
    out = console()
    if not findings:
        out.print("No quarantined rows and no quality warnings.")
        return
    table = Table(title="Data quality", title_justify="left", show_lines=True)
    for header in ("dataset", "severity", "rule", "rows", "where (examples)", "message"):
        # a rule name is something to search for: fold it, never cut it short
        table.add_column(header, justify="right" if header == "rows" else "left", overflow="fold")
    for f in findings:
        kind = "quarantined" if f.severity == "error" else "warning (kept)"
        table.add_row(f.dataset, kind, f.rule, str(f.rows), "\n".join(f.examples), f.message)
    out.print(table)
    print_wordings(unmapped_wordings(ws.warehouse_dir, dataset))


FORGET_HELP = """Remove everything one ingest wrote.

Takes out the rows, quarantined rows, warnings and manifest entries of a file's ingests (name the file, or give its path) or of one ingest run (its id, from the manifest or 'cpkit validate'), in one step that an interruption cannot leave half done. Rows that an earlier ingest held and this one replaced are not brought back: ingest that earlier file again.

Examples:

  cpkit forget iv_tracker.xlsx
  cpkit forget 20240401T101500-a1b2c3
"""


def forget(
    target: str = typer.Argument(..., help="A file (name or path) or an ingest id."),
    workspace_dir: Path | None = WORKSPACE_OPTION,
) -> None:
    from cpkit.ingest import forget as forget_ingest

    ws = workspace(workspace_dir)
    result = forget_ingest(ws, target)
    out = console()
    for record in result.records:
        where = record.file + (f" [{record.sheet}]" if record.sheet else "")
        out.print(f"Forgot {where}: {record.dataset}, ingest {record.ingest_id}", soft_wrap=True)
    for dataset, rows in sorted(result.rows.items()):
        out.print(f"  {dataset}: {rows} row{'s' if rows != 1 else ''} removed")
    if result.replaced_earlier:
        earlier = ", ".join(sorted({r.file for r in result.replaced_earlier}))
        out.print(
            f"Rows of earlier ingests that were replaced are not restored ({earlier}): "
            "ingest those files again if they should count.",
            soft_wrap=True,
        )
