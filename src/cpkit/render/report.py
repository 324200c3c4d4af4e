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
from cpkit.errors import UsageError
from cpkit.formatting import NumberFormat, suppressed_note
from cpkit.metrics.engine import AreaResult, Engine, Figure
from cpkit.metrics.registry import REGISTRY
from cpkit.periods import FinancialYear
from cpkit.render.about import about_these_statistics
from cpkit.render.definition import WORKSPACE_DEFINITION, ReportDefinition, load_definition
from cpkit.render.documents import default_templates, render_document
from cpkit.render.model import Figures, Section
from cpkit.render.sections import Appendix, ReportInputs, build_sections
from cpkit.textfiles import read_text
from cpkit.versions import versions_line
from cpkit.workspace import Workspace

FORMATS = ("md", "html", "docx", "xlsx", "pdf")
TEXT_FORMATS = ("md", "html")  # written from the page templates; the others from sections
TREND_YEARS = 5


@dataclass
class ReportResult:
    paths: list[Path]
    sections: list[Section]
    charts: int
    notes: list[str] = field(default_factory=list)
    audit: str | None = None  # --public: the disclosure audit's one-line summary


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
    formats: tuple[str, ...] = TEXT_FORMATS,
    out: Path | None = None,
    public: bool = False,
    narrative_dir: Path | None = None,
    templates_dir: Path | None = None,
    reference_docx: Path | None = None,
) -> ReportResult:
    bad = [f for f in formats if f not in FORMATS]
    if bad:
        raise UsageError(
            f"unknown report format '{bad[0]}'",
            hint=f"use one or more of {', '.join(FORMATS)}, separated by commas (md,html,docx)",
        )
    if "pdf" in formats:
        from cpkit.render.outputs import check_pdf_printer

        check_pdf_printer()  # before any work: say at once how to install what is missing
    if reference_docx is not None and "docx" not in formats:
        raise UsageError(
            "--reference-docx is only used with the docx format", hint="add docx to --format"
        )
    from cpkit.render.outputs import check_office_writers

    check_office_writers(formats, reference_docx)  # before any work, as for pdf
    if narrative_dir is not None and not narrative_dir.is_dir():
        raise UsageError(f"narrative folder {narrative_dir} does not exist")
    if templates_dir is not None and not templates_dir.is_dir():
        raise UsageError(f"templates folder {templates_dir} does not exist")
    templates = templates_dir or (workspace.root / "reports" / "templates")
    folder = narrative_dir or workspace.root / "reports" / "narrative" / year.label
    sections, _, audit = build_report(workspace, year, public, folder, templates)
    target = out or workspace.reports_dir
    stem = f"annual-report-{year.label}" + ("-public" if public else "")
    context = _document_context(workspace.settings, year, public, sections)
    from cpkit.render.outputs import write_outputs

    paths = [
        render_document(kind, context, target, stem, templates)
        for kind in formats
        if kind in TEXT_FORMATS
    ]
    paths += write_outputs(
        formats,
        sections,
        document_info(workspace.settings, year, public),
        target,
        stem,
        html=lambda: render_document("html", context, target, stem, templates)[0],
        reference_docx=reference_docx,
    )
    charts = sum(1 for s in sections for b in s.blocks if b.chart is not None)
    notes = _notes(sections)
    return ReportResult([p for group in paths for p in group], sections, charts, notes, audit)


def build_report(
    workspace: Workspace,
    year: FinancialYear,
    public: bool,
    narrative_dir: Path | None,
    templates_dir: Path | None,
) -> tuple[list[Section], ReportDefinition, str | None]:
    """The report's sections (format-neutral), from its definition and the figures, and (when
    public) the disclosure audit's summary."""
    from cpkit.metrics import open_engine
    from cpkit.render.key_facts import load_key_facts
    from cpkit.render.narrative import load_narrative
    from cpkit.render.prose import Style
    from cpkit.render.sentences import Sentences

    sentences = Sentences(templates_dir, default_templates())
    sentences.context["programme_titles"] = {
        name: p.title or name for name, p in workspace.settings.programmes.items()
    }
    definition = load_definition(
        workspace.root / WORKSPACE_DEFINITION, template_problem=sentences.problem
    )
    check_template_metrics(sentences)
    settings = workspace.settings
    engine = open_engine(workspace)
    # every trend the definition draws goes through the one disclosure pass with the rest
    trends = {m: _trend(engine, m, year) for m in _trend_metrics(definition)}
    results = compute_all(workspace, engine, year, public, trends)
    _refuse_an_empty_year(results, year)
    figures = report_figures(workspace, results, year, definition)
    threshold = settings.privacy.suppress_below
    inputs = ReportInputs(
        figures=figures,
        sentences=sentences,
        style=Style(definition.numbers_in_words, threshold),
        la_name=settings.la.name or f"LA {settings.la.code}",
        trend_of=lambda metric_id: trends.get(metric_id, []),
        published_of=lambda metric_id: _published(engine, metric_id, year),
        narrative=load_narrative(narrative_dir, figures, definition.known_sections),
        appendix=_appendix(workspace, results, year, public, engine),
        programmes={name: p.title or name for name, p in settings.programmes.items()},
        key_facts=load_key_facts(narrative_dir, year.start, year.end),
        public=public,
    )
    audit = next((r.audit for r in results.values() if r.audit), None)
    return build_sections(definition, inputs), definition, audit


def report_figures(
    workspace: Workspace,
    results: dict[str, AreaResult],
    year: FinancialYear,
    definition: ReportDefinition,
) -> Figures:
    """The figures the sections, sentences and narrative read, formatted as the workspace's
    settings say and labelled as the report's definition says."""
    settings = workspace.settings
    figures = Figures(results, year, NumberFormat.from_settings(settings), settings.locations)
    figures.labels = definition.labels
    return figures


def _trend_metrics(definition: ReportDefinition) -> list[str]:
    """The metrics the definition's trend charts draw."""
    return list(
        dict.fromkeys(
            metric_id
            for section in definition.sections
            for block in section.blocks
            if block.kind == "chart" and block.get("chart") == "trend"
            for metric_id in block.get("metrics", [])
        )
    )


def check_template_metrics(sentences: Any) -> None:
    """Every fig('...') in every sentence template names a registered metric."""
    from cpkit.errors import ReportDefinitionError
    from cpkit.metrics.registry import load_all
    from cpkit.render.model import unknown_metric

    load_all()
    problems = [
        f"{path}, line {line}: {unknown_metric(metric_id, list(REGISTRY)).one_line()}"
        for path, line, metric_id in sentences.metric_ids()
        if metric_id not in REGISTRY
    ]
    if problems:
        raise ReportDefinitionError(
            "sentence templates name unknown metrics: " + " ".join(problems)
        )


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
    workspace: Workspace,
    engine: Engine,
    year: FinancialYear,
    public: bool,
    trends: dict[str, list[tuple[str, Figure | None]]] | None = None,
) -> dict[str, AreaResult]:
    """Every area's figures through the one results pipeline (metrics.compute_area's
    steps); with ``public``, one disclosure pass over all of them and the trend series
    together, whose audit must pass (``DisclosureError`` otherwise)."""
    from cpkit.areas import AREAS
    from cpkit.metrics import area_figures, describe_area
    from cpkit.metrics.disclosure import Publication, publish

    results = {area.cli: area_figures(workspace, area.cli, year, engine=engine) for area in AREAS}
    if public:
        publish(Publication(results, trends or {}), workspace.settings.privacy.suppress_below)
    return {area: describe_area(workspace, result, public) for area, result in results.items()}


def _trend(engine: Engine, metric_id: str, year: FinancialYear) -> list[tuple[str, Figure | None]]:
    """A metric's headline in the years the data covers, oldest first (for trend charts),
    before disclosure control (``compute_all`` runs it over them)."""
    from cpkit.metrics.registry import load_all

    load_all()
    spec = REGISTRY[metric_id]
    points: list[tuple[str, Figure | None]] = []
    for back in range(TREND_YEARS - 1, -1, -1):
        when = year.shifted(-back)
        if engine.missing_inputs(spec) or not engine.covers(spec, when):
            continue
        result = engine.compute(spec, when)
        points.append((when.label, result.headline))
    return points


def _published(engine: Engine, metric_id: str, year: FinancialYear) -> list[tuple[str, Any]]:
    """The official figures for the LA and England over the last years (DfE's own tables,
    so a trend reaches back further than the SSDA903 files in the warehouse)."""
    spec = REGISTRY[metric_id]
    if engine.benchmarks is None:
        return []
    return [
        (when.label, engine.benchmarks.comparators(spec, when, engine.la_code))
        for when in (year.shifted(-back) for back in range(TREND_YEARS - 1, -1, -1))
    ]


def _notes(sections: list[Section]) -> list[str]:
    return [
        item
        for s in sections
        if s.id == "data_quality"
        for b in s.blocks
        if b.kind == "bullets"
        for item in b.items
    ]


def _appendix(
    workspace: Workspace,
    results: dict[str, AreaResult],
    year: FinancialYear,
    public: bool,
    engine: Engine | None = None,
) -> Appendix:
    """Quality notes and provenance, from the same sources the metrics JSON lists."""
    notes: list[str] = []
    for result in results.values():
        notes += [n for n in result.notes if n not in notes]

    seen: dict[tuple[object, ...], list[str]] = {}
    for result in results.values():
        for source in result.sources:  # metrics.quality.input_sources, one builder
            counts = [f"{source['rows_accepted']:,}", f"{source['rows_quarantined']:,}"]
            if public:  # rows of files are not people: shown; file names and hashes are not
                key: tuple[object, ...] = (source["dataset"], source["collection_year"])
                seen[key] = [str(source["dataset"]), *counts]
                continue
            key = (source["file"], source["sheet"], source["dataset"], source["sha256"])
            seen[key] = [
                str(source["file"]) + (f" ({source['sheet']})" if source["sheet"] else ""),
                str(source["dataset"]),
                str(source["sha256"]),
                *counts,
            ]
    rows = sorted(seen.values(), key=lambda row: (row[1], row[0]) if not public else tuple(row))
    config = read_text(workspace.config_path, "the settings file")
    settings = workspace.settings
    facts = [
        ("Local authority", f"{settings.la.name} ({settings.la.code})".strip()),
        (
            "Financial year",
            f"{year.label} (1 April {year.start_year} to 31 March {year.start_year + 1})",
        ),
        ("cpkit version", __version__),
        ("Software", versions_line()),
        ("Generated (UTC)", run_time().strftime("%Y-%m-%d %H:%M")),
        *(
            []
            if public
            else [
                (
                    "Configuration",
                    f"cpkit.toml, SHA-256 {hashlib.sha256(config.encode()).hexdigest()}",
                )
            ]
        ),
        (
            "Rounding",
            f"percentages rounded {settings.privacy.rounding}, "
            f"{settings.privacy.decimals} decimal places",
        ),
        (
            "Disclosure control",
            "applied to figures about people "
            f"({suppressed_note(settings.privacy.suppress_below)}); audited"
            if public
            else "not applied (not for publication)",
        ),
    ]
    store = engine.benchmarks if engine is not None else None
    comparators = [[kind, text] for kind, text in sorted(store.sources.items())] if store else []
    name = settings.la.name or f"LA {settings.la.code}"
    about = about_these_statistics(
        results, name, year.label, settings.privacy.suppress_below, public
    )
    if not public:
        return Appendix(notes, rows, facts, config.strip(), comparators, about=about)
    return Appendix(notes, rows, facts, "", comparators, public=True, about=about)


def document_info(settings: Any, year: FinancialYear, public: bool) -> Any:
    """The front matter the Word, Excel and PDF writers need (render/office.py)."""
    from cpkit.render.office import DocumentInfo

    return DocumentInfo(
        title=f"{settings.report.title} {year.label}",
        organisation=settings.report.organisation or settings.la.name,
        period=f"1 April {year.start_year} to 31 March {year.start_year + 1}",
        public=public,
        threshold=settings.privacy.suppress_below,
        version=__version__,
        created=run_time(),
        source=f"{settings.la.name or 'LA ' + settings.la.code} children's services records, "
        "and the DfE publications named with each table",
    )


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
        "suppressed_note": suppressed_note(settings.privacy.suppress_below),
        "sections": sections,
        "version": __version__,
    }
