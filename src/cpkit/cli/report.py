"""The report command: `cpkit report annual`."""

from __future__ import annotations

from pathlib import Path

import typer

from cpkit.cli.common import WORKSPACE_OPTION, console, workspace

ANNUAL_HELP = """Render the annual report for a financial year as Markdown and HTML.

Every number, table and chart comes from the metric layer; the words come from Markdown files per section in the narrative folder (default reports/narrative/YEAR/ in the workspace), which can cite live figures such as {{ figure("advocacy.referrals") }}. The HTML file is self-contained (CSS and charts inline, no network requests) and prints to A4. --public applies small-number suppression everywhere, charts and narrative included.

Examples:

  cpkit report annual --year 2023-24
  cpkit report annual --year 2023-24 --public --format html --out published/
  cpkit report annual --year 2023-24 --narrative words/2023-24 --templates my-templates/
"""


def register(app: typer.Typer) -> None:
    report_app = typer.Typer(help="Render reports.", no_args_is_help=True)
    report_app.command("annual", help=ANNUAL_HELP)(annual)
    app.add_typer(report_app, name="report")


def annual(
    year: str = typer.Option(..., "--year", "-y", help="Financial year, e.g. 2023-24."),
    formats: str = typer.Option("md,html", "--format", "-f", help="md, html or md,html."),
    out: Path | None = typer.Option(
        None, "--out", "-o", help="Output folder (default: the workspace's reports/)."
    ),
    public: bool = typer.Option(False, "--public", help="Apply small-number suppression."),
    narrative: Path | None = typer.Option(
        None, "--narrative", help="Folder of narrative Markdown files, one per section."
    ),
    templates: Path | None = typer.Option(
        None,
        "--templates",
        help="Folder of templates overriding cpkit's (report.md.j2, report.html.j2, style.css).",
    ),
    workspace_dir: Path | None = WORKSPACE_OPTION,
) -> None:
    from cpkit.periods import FinancialYear
    from cpkit.render.report import render_annual_report

    ws = workspace(workspace_dir)
    result = render_annual_report(
        ws,
        FinancialYear.parse(year),
        formats=tuple(f.strip() for f in formats.split(",")),
        out=out,
        public=public,
        narrative_dir=narrative,
        templates_dir=templates,
    )
    out_console = console()
    for path in result.paths:
        if path.suffix in (".md", ".html"):
            out_console.print(f"Report written: {path}")
    out_console.print(
        f"{len(result.sections)} sections, {result.charts} charts"
        + (", small numbers suppressed" if public else "")
    )
