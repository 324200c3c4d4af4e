"""The demo command."""

from __future__ import annotations

from pathlib import Path

import typer

from cpkit.cli.common import console


def register(app: typer.Typer) -> None:
    app.command("demo", help=DEMO_HELP)(demo)


DEMO_HELP = """Run the whole pipeline on the bundled synthetic sample.

Builds a workspace from data/sample/, ingests it and shows what is there. Safe to run again: unchanged files are not re-ingested.

Examples:

  cpkit demo                 # into ./cpkit-demo
  cpkit demo /tmp/try-cpkit
"""


def demo(
    directory: Path = typer.Argument(Path("cpkit-demo"), help="Workspace folder to create."),
) -> None:
    from cpkit.cli.data import datasets, print_ingest_report
    from cpkit.demo import build_demo_workspace

    result = build_demo_workspace(directory)
    print_ingest_report(result.ingest)
    datasets(all_known=False, workspace_dir=result.workspace.root)
    console().print(f"Demo workspace: {result.workspace.root}")
