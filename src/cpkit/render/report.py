"""The annual report: figures from the metric layer, words from the analysts' narrative,
rendered as Markdown (charts as SVG files beside it) and as one self-contained HTML file.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cpkit import __version__
from cpkit.areas import AREAS
from cpkit.errors import UsageError
from cpkit.formatting import NumberFormat
from cpkit.metrics.engine import AreaResult, Engine, Figure
from cpkit.metrics.registry import REGISTRY
from cpkit.periods import FinancialYear
from cpkit.render.documents import render_document
from cpkit.render.model import Figures, Section
from cpkit.render.narrative import load_narrative
from cpkit.render.sections import Appendix, build_sections
from cpkit.render.sections.common import ReportInputs
from cpkit.textfiles import read_text
from cpkit.warehouse.manifest import Manifest
from cpkit.workspace import Workspace

FORMATS = ("md", "html")
TREND_METRICS = tuple(metric_id for area in AREAS for metric_id in area.trends)
TREND_YEARS = 5


@dataclass
class ReportResult:
    paths: list[Path]
    sections: list[Section]
    charts: int
    notes: list[str] = field(default_factory=list)


def run_time() -> dt.datetime:
    """Now, or SOURCE_DATE_EPOCH when set (reproducible builds, golden files)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC)
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def render_annual_report(
    workspace: Workspace,
    year: FinancialYear,
    *,
    formats: tuple[str, ...] = FORMATS,
    out: Path | None = None,
    public: bool = False,
    narrative_dir: Path | None = None,
    templates_dir: Path | None = None,
) -> ReportResult:
    bad = [f for f in formats if f not in FORMATS]
    if bad:
        raise UsageError(f"unknown report format '{bad[0]}'", hint="use md, html or md,html")
    if narrative_dir is not None and not narrative_dir.is_dir():
        raise UsageError(f"narrative folder {narrative_dir} does not exist")
    if templates_dir is not None and not templates_dir.is_dir():
        raise UsageError(f"templates folder {templates_dir} does not exist")
    from cpkit.metrics import open_engine

    settings = workspace.settings
    engine = open_engine(workspace)
    results = compute_all(workspace, engine, year, public)
    _refuse_an_empty_year(results, year)
    fmt = NumberFormat.from_settings(settings)
    figures = Figures(results, year, fmt, settings.locations)
    inputs = ReportInputs(
        figures=figures,
        trends=_trends(engine, year, public, settings.privacy.suppress_below),
        la_name=settings.la.name or f"LA {settings.la.code}",
        source=f"Source: {settings.la.name or 'the local authority'}'s service records, "
        f"processed with cpkit {__version__}",
        programmes={name: p.title or name for name, p in settings.programmes.items()},
    )
    narrative = load_narrative(
        narrative_dir or workspace.root / "reports" / "narrative" / year.label, figures
    )
    appendix = _appendix(workspace, results, year, public)
    sections = build_sections(inputs, narrative, appendix)
    target = out or workspace.reports_dir
    stem = f"annual-report-{year.label}" + ("-public" if public else "")
    context = _document_context(settings, year, public, sections)
    templates = templates_dir or (workspace.root / "reports" / "templates")
    paths = [render_document(kind, context, target, stem, templates) for kind in formats]
    charts = sum(1 for s in sections for b in s.blocks if b.chart is not None)
    return ReportResult([p for group in paths for p in group], sections, charts, appendix.notes)


def _refuse_an_empty_year(results: dict[str, AreaResult], year: FinancialYear) -> None:
    """A year the warehouse holds nothing for would be a report of dashes: say so instead."""
    from cpkit.errors import MissingInputError

    outcomes = [r for area in results.values() for r in area.results]
    if any(r.status == "ok" for r in outcomes):
        return
    reasons = list(dict.fromkeys(r.message or r.status for r in outcomes if r.status == "no_data"))
    raise MissingInputError(
        f"no figures for {year.label} in this workspace"
        + (f": {'; '.join(reasons[:3])}" if reasons else ""),
        hint="choose a year the data covers ('cpkit datasets' lists them), or ingest its extracts",
    )


def compute_all(
    workspace: Workspace, engine: Engine, year: FinancialYear, public: bool
) -> dict[str, AreaResult]:
    from cpkit.metrics.quality import input_notes, target_notes
    from cpkit.metrics.suppression import suppress_area

    threshold = workspace.settings.privacy.suppress_below
    results = {}
    for area in (a.cli for a in AREAS):
        result = engine.area(area, year)
        result.notes.extend(input_notes(workspace, result, threshold if public else None))
        result.notes.extend(target_notes(workspace.settings, area))
        if public:
            suppress_area(result, threshold)
        results[area] = result
    return results


def _trends(
    engine: Engine, year: FinancialYear, public: bool, threshold: int
) -> dict[str, list[tuple[str, Figure | None]]]:
    """Headline values for the years the data covers, oldest first (for trend charts)."""
    from cpkit.metrics.suppression import suppress_metric

    trends: dict[str, list[tuple[str, Figure | None]]] = {}
    for metric_id in TREND_METRICS:
        spec = REGISTRY[metric_id]
        points: list[tuple[str, Figure | None]] = []
        for back in range(TREND_YEARS - 1, -1, -1):
            when = year.shifted(-back)
            if engine.missing_inputs(spec) or not engine.covers(spec, when):
                continue
            result = engine.compute(spec, when)
            if public:
                suppress_metric(result, threshold)
            points.append((when.label, result.headline))
        trends[metric_id] = points
    return trends


def _appendix(
    workspace: Workspace, results: dict[str, AreaResult], year: FinancialYear, public: bool
) -> Appendix:
    notes: list[str] = []
    for result in results.values():
        notes += [n for n in result.notes if n not in notes]
    used = {
        i.dataset
        for r in results.values()
        for m in r.results
        if m.status == "ok"
        for i in m.spec.inputs
    }
    manifest = Manifest.load(workspace.warehouse_dir)
    threshold = workspace.settings.privacy.suppress_below if public else 0

    def shown(n: int) -> str:
        return "[c]" if 0 < n < threshold else f"{n:,}"

    rows = [
        [
            r.file + (f" ({r.sheet})" if r.sheet else ""),
            r.dataset,
            r.sha256,
            shown(r.rows_read),
            shown(r.accepted),
            shown(r.quarantined),
        ]
        for r in manifest.ingests
        if not r.superseded and r.dataset in used
    ]
    rows.sort(key=lambda row: (row[1], row[0]))
    config = read_text(workspace.config_path, "the settings file")
    settings = workspace.settings
    facts = [
        ("Local authority", f"{settings.la.name} ({settings.la.code})".strip()),
        (
            "Financial year",
            f"{year.label} (1 April {year.start_year} to 31 March {year.start_year + 1})",
        ),
        ("cpkit version", __version__),
        ("Generated (UTC)", run_time().strftime("%Y-%m-%d %H:%M")),
        ("Configuration", f"cpkit.toml, SHA-256 {hashlib.sha256(config.encode()).hexdigest()}"),
        (
            "Rounding",
            f"percentages rounded {settings.privacy.rounding}, "
            f"{settings.privacy.decimals} decimal places",
        ),
        (
            "Suppression",
            f"applied: counts 1 to {settings.privacy.suppress_below - 1} shown as "
            "[c], with secondary suppression"
            if public
            else "not applied (not for publication)",
        ),
    ]
    return Appendix(notes, rows, facts, config.strip())


def _document_context(
    settings: Any, year: FinancialYear, public: bool, sections: list[Section]
) -> dict[str, Any]:
    organisation = settings.report.organisation or settings.la.name
    return {
        "title": settings.report.title,
        "organisation": organisation,
        "year": year,
        "public": public,
        "threshold": settings.privacy.suppress_below,
        "sections": sections,
        "version": __version__,
    }
