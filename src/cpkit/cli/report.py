"""The report command: `cpkit report annual`."""

from __future__ import annotations

from pathlib import Path

import typer

from cpkit.cli.common import (
    FROM_OPTION,
    PERIOD_OPTION,
    TO_OPTION,
    WORKSPACE_OPTION,
    YEAR_OPTION,
    command,
    financial_year,
    period,
    quantity,
    say,
    workspace,
)

ANNUAL_HELP = """Render the annual report for a financial year as Markdown and HTML.

With --format also as Word, as an Excel workbook of its tables, and as PDF.

Every number, table and chart comes from the metric layer; the words come from Markdown files per section in the narrative folder (default reports/narrative/YEAR/ in the workspace), which can cite live figures such as {{ figure("advocacy.referrals") }} or {{ figure("care_leavers.eet_19_21", show="england") }}. Narrative files are data: nothing in them is run, and every mistake in them is reported at once, by file and line. The HTML file is self-contained (CSS and charts inline, no network requests) and prints to A4. --public applies disclosure control to every figure about people (charts, tables, sentences and narrative included) and writes nothing unless its audit proves that no hidden count can be worked out from the published figures.

docx is a Word document from the same sections (Word heading styles, tables with repeating header rows, charts with alt text, a contents field and page numbers); --reference-docx takes your council's own Word template for its styles, header and footer. xlsx is a workbook of every table and chart's data, one per sheet, with cover, contents and notes sheets (Analysis Function spreadsheet guidance). pdf prints the HTML with Chromium when it is installed. docx needs the office extra: pip install 'cpkit[office]'.

A --templates folder is code, not data: its templates run with cpkit's rights, so use only templates you trust (your own, or your team's under version control), never ones received by e-mail.

Examples:

  cpkit report annual --year 2023-24
  cpkit report annual --year 2023-24 --public --format html --out published/
  cpkit report annual --year 2023-24 --narrative words/2023-24 --templates my-templates/
  cpkit report annual --year 2023-24 --public --format docx,xlsx,pdf
  cpkit report annual --year 2023-24 --format docx --reference-docx council-template.docx
"""

SCORECARD_HELP = """Render the board scorecard: one A4 landscape page of key measures for a period.

For each key measure: its value, the same period a year earlier and the change, the quarter before (for a quarter), the target with its year, England, region and statistical-neighbour figures with their year, the direction of travel (better, worse or no change, judged by whether higher or lower is better for the measure) and a sparkline of the last 8 periods; the measures that got worse are listed at the top. The measures are chosen in cpkit.toml ([scorecard] measures; each area has a default set). The period is a year (--year), a quarter (--period 2023-24-Q3), a year to date (--year 2023-24 --to 2023-12-31) or any range (--from DATE --to DATE). The HTML file is self-contained and prints to one A4 landscape page; --format html,pdf also prints it to PDF with Chromium, and docx and xlsx write the same table as a landscape Word document and an Excel workbook. --public applies the same small-number suppression as every public output.

Examples:

  cpkit report scorecard --period 2023-24-Q3
  cpkit report scorecard --year 2023-24 --public
  cpkit report scorecard --year 2023-24 --to 2023-12-31 --format html,pdf,docx,xlsx --out board/
"""

_FORMATS = ("md", "html", "docx", "xlsx", "pdf")


# shared by both reports: one wording of each option
OUT_DIR_OPTION = typer.Option(
    None, "--out", "-o", metavar="DIR", help="Output folder (default: the workspace's reports/)."
)
PUBLIC_OPTION = typer.Option(False, "--public", help="Apply small-number suppression.")


def _complete_formats(incomplete: str) -> list[str]:
    """Complete the last of a comma-separated list: 'md,h' -> 'md,html'."""
    done, _, last = incomplete.rpartition(",")
    prefix = done + "," if done else ""
    return [prefix + f for f in _FORMATS if f.startswith(last) and f not in done.split(",")]


def register(app: typer.Typer) -> None:
    report_app = typer.Typer(
        help="Render reports: the annual report and the board scorecard.",
        no_args_is_help=True,
        rich_markup_mode=None,
    )
    command(report_app, "annual", annual, ANNUAL_HELP)
    command(report_app, "scorecard", scorecard, SCORECARD_HELP)
    app.add_typer(report_app, name="report")


def annual(
    year: str | None = YEAR_OPTION,
    formats: str = typer.Option(
        "md,html",
        "--format",
        "-f",
        metavar="FORMATS",
        autocompletion=_complete_formats,
        help="Comma-separated: md, html, docx, xlsx, pdf.",
    ),
    out: Path | None = OUT_DIR_OPTION,
    public: bool = PUBLIC_OPTION,
    narrative: Path | None = typer.Option(
        None,
        "--narrative",
        metavar="DIR",
        help="Folder of narrative Markdown files, one per section (data: never run).",
    ),
    templates: Path | None = typer.Option(
        None,
        "--templates",
        metavar="DIR",
        help="Folder of templates overriding cpkit's (report.md.j2, report.html.j2, "
        "style.css). Trusted code: use only templates you trust.",
    ),
    reference_docx: Path | None = typer.Option(
        None,
        "--reference-docx",
        metavar="FILE",
        help="A Word document whose styles, page set-up, header and footer the docx uses.",
    ),
    workspace_dir: Path | None = WORKSPACE_OPTION,
) -> None:
    from cpkit.render.report import render_annual_report

    ws = workspace(workspace_dir)
    result = render_annual_report(
        ws,
        financial_year(year),
        formats=tuple(f.strip() for f in formats.split(",")),
        out=out,
        public=public,
        narrative_dir=narrative,
        templates_dir=templates,
        reference_docx=reference_docx,
    )
    for path in result.paths:
        if path.suffix in (".md", ".html", ".docx", ".xlsx", ".pdf"):
            say(f"Report written: {path}")
    say(
        f"{quantity(len(result.sections), 'section')}, {quantity(result.charts, 'chart')}"
        + (", small numbers suppressed" if public else "")
    )
    if result.audit:
        say(result.audit[:1].upper() + result.audit[1:])


def scorecard(
    year: str | None = YEAR_OPTION,
    quarter: str | None = PERIOD_OPTION,
    start: str | None = FROM_OPTION,
    end: str | None = TO_OPTION,
    formats: str = typer.Option(
        "html",
        "--format",
        "-f",
        metavar="FORMATS",
        help="html, pdf (needs Chromium), docx, xlsx, separated by commas.",
    ),
    out: Path | None = OUT_DIR_OPTION,
    public: bool = PUBLIC_OPTION,
    templates: Path | None = typer.Option(
        None,
        "--templates",
        metavar="DIR",
        help="Folder of templates overriding cpkit's (scorecard.html.j2, scorecard.css). "
        "Trusted code: use only templates you trust.",
    ),
    workspace_dir: Path | None = WORKSPACE_OPTION,
) -> None:
    from cpkit.render.scorecard import render_scorecard

    ws = workspace(workspace_dir)
    result = render_scorecard(
        ws,
        period(year, quarter, start, end),
        formats=tuple(f.strip() for f in formats.split(",")),
        out=out,
        public=public,
        templates_dir=templates,
    )
    for path in result.paths:
        say(f"Scorecard written: {path}")
    card = result.scorecard
    say(
        f"{quantity(len(card.rows), 'measure')} for {card.period.label}: "
        f"{card.count('better')} better, {card.count('worse')} worse, "
        f"{card.count('same')} no change, {card.not_judged} not judged"
        + (", small numbers suppressed" if public else "")
    )
    if result.audit:
        say(result.audit[:1].upper() + result.audit[1:])
