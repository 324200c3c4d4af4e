"""The annual report's sections, in the order of the published report, plus appendices."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from cpkit.areas import AREAS
from cpkit.metrics.registry import TIMING_LABELS
from cpkit.render.model import Section
from cpkit.render.narrative import Narrative
from cpkit.render.sections.common import ReportInputs
from cpkit.render.sections.corporate import (
    apprenticeships,
    care_leavers,
    corporate_parenting,
    participation,
)
from cpkit.render.sections.services import advocacy, independent_visitors, mentoring

Builder = Callable[[Section, ReportInputs], list[str]]

# (narrative file / section id, title, builder of generated content)
_SECTIONS: tuple[tuple[str, str, Builder], ...] = (
    ("corporate_parenting", "Corporate parenting", corporate_parenting),
    ("independent_visitors", "Independent visitors", independent_visitors),
    ("mentoring", "Develop Me mentoring", mentoring),
    ("advocacy", "Advocacy", advocacy),
    ("participation", "Participation", participation),
    ("apprenticeships", "Apprenticeship programme", apprenticeships),
    (
        "care_leavers",
        "Care leavers: education, employment, training and accommodation",
        care_leavers,
    ),
)
# ... and the metric areas each shows, from the area registry
SERVICE_SECTIONS: tuple[tuple[str, str, Builder, tuple[str, ...]], ...] = tuple(
    (key, title, build, tuple(a.cli for a in AREAS if a.section == key))
    for key, title, build in _SECTIONS
)
SECTION_IDS: tuple[str, ...] = tuple(key for key, _, _ in _SECTIONS)


@dataclass
class Appendix:
    notes: list[str]
    provenance_rows: list[list[str]]
    provenance_facts: list[tuple[str, str]]
    config_text: str


def build_sections(
    inputs: ReportInputs, narrative: dict[str, Narrative], appendix: Appendix
) -> list[Section]:
    services = []
    highlights: list[str] = []
    for number, (key, title, build, areas) in enumerate(SERVICE_SECTIONS, start=4):
        section = Section(key, number, title)
        story = narrative.get(key, Narrative())
        if story.before:
            section.add("narrative", text=story.before)
        before = len(section.blocks)
        highlights += build(section, inputs)
        if len(section.blocks) == before:
            section.add("note", text=_why_empty(inputs, areas))
        if story.after:
            section.add("narrative", text=story.after)
        services.append(section)
    front = _front_matter(inputs, narrative, highlights)
    return [*front, *services, *_appendices(inputs, appendix)]


def _why_empty(inputs: ReportInputs, areas: tuple[str, ...]) -> str:
    """A section without figures says why: which data to ingest, or that the year has none."""
    reasons = []
    for area in areas:
        result = inputs.figures.results.get(area)
        for metric in result.results if result else []:
            if metric.status != "ok" and metric.message and metric.message not in reasons:
                reasons.append(metric.message)
    detail = f": {reasons[0]}" if reasons else ""
    return f"No figures for {inputs.year} in this section{detail}."


def _front_matter(
    inputs: ReportInputs, narrative: dict[str, Narrative], highlights: list[str]
) -> list[Section]:
    introduction = Section("introduction", 1, "Introduction")
    story = narrative.get("introduction")
    if story and (story.before or story.after):
        introduction.add("narrative", text="\n\n".join(p for p in (story.before, story.after) if p))
    else:
        start = inputs.figures.year.start_year
        introduction.add(
            "paragraph",
            text=(
                f"This report sets out the activity and outcomes of the rights, participation and "
                f"corporate parenting service in {inputs.year} (1 April {start} to 31 March "
                f"{start + 1})."
            ),
        )
    overview = Section("service_overview", 2, "Service overview")
    story = narrative.get("service_overview")
    if story and (story.before or story.after):
        overview.add("narrative", text="\n\n".join(p for p in (story.before, story.after) if p))
    else:
        overview.add(
            "paragraph",
            text="The service covers corporate parenting, independent "
            "visitors, mentoring, advocacy, participation and apprenticeships.",
        )
    summary = Section("executive_summary", 3, "Executive summary")
    story = narrative.get("executive_summary", Narrative())
    if story.before:
        summary.add("narrative", text=story.before)
    summary.add("heading", text="Highlights in figures")
    summary.add("bullets", items=highlights)
    summary.add(
        "note",
        text="Figures at 31 March are snapshots on the last day of the year; "
        "other figures count activity during the year. Changes are always against a "
        "named year.",
    )
    if story.after:
        summary.add("narrative", text=story.after)
    return [introduction, overview, summary]


def _appendices(inputs: ReportInputs, appendix: Appendix) -> list[Section]:
    quality = Section("data_quality", None, "Appendix A: Data quality")
    if appendix.notes:
        quality.add(
            "paragraph",
            text="Rows that failed validation at ingest were quarantined "
            "and are not counted; quality warnings flag rows that were kept. Counts "
            "only: no personal values.",
        )
        quality.add("bullets", items=appendix.notes)
    else:
        quality.add(
            "paragraph",
            text="No rows were quarantined and no quality warnings were "
            "raised for the data behind this report.",
        )
    definitions = Section("definitions", None, "Appendix B: Definitions")
    definitions.add(
        "paragraph",
        text=(
            "Every figure in this report comes from one of these metrics. Figures 'in year' count "
            f"activity {TIMING_LABELS['in_year']}; figures 'at 31 March' are "
            "snapshots on the last day of the year; care-leaver figures use the "
            f"{TIMING_LABELS['cohort']}."
        ),
    )
    rows = []
    for area in inputs.figures.results.values():
        for result in area.results:
            if result.status != "ok":
                continue
            spec = result.spec
            title = spec.title + (
                f" ({spec.label})" if spec.label and spec.label not in spec.title else ""
            )
            rows.append([spec.id, title, spec.definition])
    definitions.add(
        "table", caption="Metric definitions", headers=["Metric", "Title", "Definition"], rows=rows
    )
    provenance = Section("provenance", None, "Appendix C: Provenance")
    provenance.add(
        "paragraph",
        text="The input files behind every figure, with their SHA-256 "
        "hashes, so the report can be reproduced and checked.",
    )
    provenance.add(
        "table",
        caption="Input files",
        headers=["File", "Dataset", "SHA-256", "Rows read", "Accepted", "Quarantined"],
        rows=appendix.provenance_rows,
    )
    provenance.add(
        "table",
        caption="Run",
        headers=["Item", "Value"],
        rows=[list(fact) for fact in appendix.provenance_facts],
    )
    provenance.add("heading", text="Configuration used (cpkit.toml)")
    provenance.add("code", text=appendix.config_text)
    return [quality, definitions, provenance]
