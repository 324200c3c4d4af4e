"""The repair command: a damaged warehouse made consistent, intact datasets kept."""

from __future__ import annotations

from pathlib import Path

import typer

from cpkit.cli.common import WORKSPACE_OPTION, console, workspace


def register(app: typer.Typer) -> None:
    app.command("repair", help=REPAIR_HELP)(repair)


REPAIR_HELP = """Check every warehouse file and mend a damaged warehouse.

Rebuilds a damaged or hand-edited manifest from the Parquet files, sets aside a dataset whose Parquet file is missing or damaged (the others are kept exactly as they were) and lists the extracts to ingest again, and restores quarantine tables from the quarantine/ CSV files (or the CSV files from the tables). Safe to run at any time: an intact warehouse is left as it is.

Examples:

  cpkit repair
  cpkit repair --workspace ../rap-2024
"""


def repair(workspace_dir: Path | None = WORKSPACE_OPTION) -> None:
    from cpkit.ingest import new_ingest_id
    from cpkit.warehouse.repair import repair as run_repair

    ws = workspace(workspace_dir)
    result = run_repair(ws.warehouse_dir, ws.quarantine_dir, new_ingest_id())
    out = console()
    if not result.changed:
        out.print("Nothing to repair: every warehouse file is intact.")
        return
    if result.manifest_rebuilt:
        out.print(
            f"The manifest was damaged: rebuilt from the Parquet files ({len(result.kept)} "
            "datasets). File hashes could not be recovered: an extract ingested again is "
            "read again."
        )
    if result.kept:
        out.print("Intact, kept: " + ", ".join(result.kept))
    for name in result.set_aside:
        out.print(f"Set aside (its Parquet file is missing or damaged): {name}")
    if result.to_ingest_again:
        out.print("Ingest these extracts again to restore what was set aside:")
        for record in result.to_ingest_again:
            options = f" --sheet '{record.sheet}'" if record.sheet else ""
            if record.collection_year:
                options += f" --collection-year {record.collection_year}"
            out.print(f"  cpkit ingest '{record.path or record.file}'{options}", soft_wrap=True)
    for name in result.issues_restored:
        out.print(f"Quarantine table of {name} restored from its quarantine CSV.")
    for name in result.issues_lost:
        out.print(
            f"Quarantine table of {name} was damaged and had no CSV copy: its counts are "
            "kept, its row list is lost (ingest the file again to list the rows)."
        )
    for name in result.quarantine_rewritten:
        out.print(f"quarantine/{name} written again from the warehouse.")
