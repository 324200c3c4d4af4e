"""The demo command."""

from __future__ import annotations

from pathlib import Path

import typer

from cpkit.cli.common import OUTPUT, OutputFormat, command, say


def register(app: typer.Typer) -> None:
    command(app, "demo", demo, DEMO_HELP)


DEMO_HELP = """Run the whole pipeline on the bundled synthetic sample.

Builds a workspace from data/sample/, ingests it, shows what is there and renders the 2023-24 annual report (Markdown and HTML), printing its path. Safe to run again: unchanged files are not re-ingested.

Examples:

  cpkit demo                 # into ./cpkit-demo
  cpkit demo /tmp/try-cpkit
"""


def demo(
    directory: Path = typer.Argument(
        Path("cpkit-demo"), metavar="DIR", help="Workspace folder to create."
    ),
) -> None:
    from cpkit.cli.data import show_warehouse
    from cpkit.cli.ingest_output import print_ingest_report
    from cpkit.demo import DEMO_YEAR, build_demo_workspace
    from cpkit.periods import FinancialYear
    from cpkit.render.report import render_annual_report

    result = build_demo_workspace(directory)
    print_ingest_report(result.ingest)
    if not OUTPUT.quiet:  # a summary here, not the data asked for
        show_warehouse(result.workspace.root, OutputFormat.table)
    from cpkit.render.outputs import demo_formats

    formats, skipped = demo_formats()
    report = render_annual_report(result.workspace, FinancialYear.parse(DEMO_YEAR), formats=formats)
    say(f"Demo workspace: {result.workspace.root}")
    for path in report.paths:
        if path.suffix in (".md", ".html", ".docx", ".xlsx"):
            say(f"Report ({path.suffix[1:]}): {path}")
    for line in skipped:
        say(line)
