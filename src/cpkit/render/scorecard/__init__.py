"""The board scorecard: one A4 landscape page of key measures for a period.

For each key measure (``measures.py``): the value, the same period a year earlier and the
change, the quarter before (for a quarter), the target with its year, England, region and
statistical-neighbour figures with their year, the direction of travel judged by the
metric's polarity, and a sparkline of the last few periods. The measures that got worse are
listed at the top. ``--public`` applies the same disclosure control as every public output.

The content is a format-neutral model (``model.py``); ``render_scorecard`` writes it as one
self-contained HTML page (template ``scorecard.html.j2`` and ``scorecard.css``, overridable
like the report's), prints it to PDF with Chromium, and writes the same table as a landscape
Word document and a workbook (``office.py``, with the annual report's writers).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from cpkit.errors import UsageError
from cpkit.metrics.engine import AreaResult
from cpkit.periods import Period, as_period
from cpkit.render.scorecard.model import Scorecard
from cpkit.workspace import Workspace

FORMATS = ("html", "pdf", "docx", "xlsx")
TREND_POINTS = 8


@dataclass
class ScorecardResult:
    paths: list[Path]
    scorecard: Scorecard
    audit: str | None = None  # --public: the disclosure audit's one-line summary


def build_scorecard(workspace: Workspace, period: Period, *, public: bool = False) -> Scorecard:
    """The scorecard's content for ``period`` (figures computed, disclosure applied)."""
    from cpkit.formatting import NumberFormat
    from cpkit.render.model import Figures
    from cpkit.render.report import run_time
    from cpkit.render.scorecard.compute import compute
    from cpkit.render.scorecard.measures import choose_measures
    from cpkit.render.scorecard.model import Notes, build_rows, sources

    settings = workspace.settings
    measures = choose_measures(settings.scorecard.measures, workspace.config_path)
    areas, trends = compute(workspace, measures, period, public, TREND_POINTS)
    _refuse_an_empty_period(areas, period)
    fmt = NumberFormat.from_settings(settings)
    figures = Figures(areas, period.annual_year, fmt, settings.locations)
    notes = Notes()
    rows = build_rows(figures, measures, trends, period, notes)
    la_name = settings.la.name or f"LA {settings.la.code}"
    region = next(
        (
            f.comparisons.benchmark.region_name
            for a in areas.values()
            for r in a.results
            for f in r.figures
            if f.comparisons.benchmark is not None and f.comparisons.benchmark.region_name
        ),
        "Region",
    )
    return Scorecard(
        audit=next((a.audit for a in areas.values() if a.audit), None),
        title=settings.scorecard.title,
        organisation=settings.report.organisation or la_name,
        period=period,
        areas=rows,
        footnotes=notes.texts,
        sources=sources(figures, measures, la_name),
        public=public,
        threshold=settings.privacy.suppress_below,
        generated=run_time().strftime("%d %B %Y").lstrip("0"),
        trend_points=TREND_POINTS,
        region_name=region,
    )


def render_scorecard(
    workspace: Workspace,
    period: Period,
    *,
    formats: tuple[str, ...] = ("html",),
    out: Path | None = None,
    public: bool = False,
    templates_dir: Path | None = None,
) -> ScorecardResult:
    """Write the scorecard in ``formats`` (html, pdf through Chromium, docx, xlsx) and say
    where, in the order asked."""
    bad = [f for f in formats if f not in FORMATS]
    if bad:
        raise UsageError(
            f"unknown scorecard format '{bad[0]}'",
            hint=f"use one or more of {', '.join(FORMATS)}, separated by commas (html,pdf)",
        )
    _check_extras(formats)
    if templates_dir is not None and not templates_dir.is_dir():
        raise UsageError(f"templates folder {templates_dir} does not exist")
    from cpkit import __version__
    from cpkit.render.outputs import print_report_pdf
    from cpkit.render.report import run_time
    from cpkit.render.scorecard.office import document_info, write_docx, write_xlsx
    from cpkit.render.scorecard.page import write_html

    scorecard = build_scorecard(workspace, as_period(period), public=public)
    target = out or workspace.reports_dir
    stem = f"scorecard-{scorecard.period.slug}" + ("-public" if public else "")
    templates = templates_dir or (workspace.root / "reports" / "templates")
    info = document_info(scorecard, __version__, run_time())

    written: dict[str, Path] = {}

    def html() -> Path:  # written once, whether for itself or to print
        if "html" not in written or not written["html"].exists():
            written["html"] = write_html(scorecard, target / f"{stem}.html", templates)
        return written["html"]

    paths: list[Path] = []
    for kind in dict.fromkeys(formats):
        if kind == "html":
            paths.append(html())
        elif kind == "pdf":  # printed from the HTML (kept only when html is asked for too)
            paths.append(print_report_pdf(formats, html, target / f"{stem}.pdf"))
        elif kind == "docx":
            paths.append(write_docx(scorecard, info, target / f"{stem}.docx"))
        elif kind == "xlsx":
            paths.append(write_xlsx(scorecard, info, target / f"{stem}.xlsx"))
    return ScorecardResult(paths, scorecard, scorecard.audit)


def _check_extras(formats: tuple[str, ...]) -> None:
    """Refuse at once, before any figure is computed, a format whose library is missing."""
    from cpkit.render.outputs import check_office_writers, check_pdf_printer

    if "pdf" in formats:
        check_pdf_printer()
    check_office_writers(formats, None)


def _refuse_an_empty_period(areas: dict[str, AreaResult], period: Period) -> None:
    """A period the warehouse holds nothing for would be a page of dashes: say so."""
    from cpkit.errors import MissingInputError

    outcomes = [r for area in areas.values() for r in area.results]
    if any(r.status == "ok" for r in outcomes):
        return
    raise MissingInputError(
        f"no figures for {period.label} in this workspace",
        hint="choose a period the data covers ('cpkit datasets' lists the years), or ingest "
        "its extracts",
    )
