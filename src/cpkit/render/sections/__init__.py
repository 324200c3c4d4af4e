"""Build the report's sections from its declared definition (render/definition.py).

Each block of the definition becomes zero or more model blocks: a narrative slot, sentences
from a template, a chart, a table, key facts, the balanced summary or an appendix. A section
left without any figures says why (which dataset to ingest). Area-specific tables live
beside their area (corporate_parenting.py, participation.py); the sentences of every section
live in its template file (reports/templates/sentences/<section>.j2).
"""

from __future__ import annotations

from collections.abc import Callable

from cpkit.areas import AREAS
from cpkit.render import words
from cpkit.render.definition import BlockDef, ReportDefinition, SectionDef
from cpkit.render.model import Block, Section
from cpkit.render.sections import appendices, summary
from cpkit.render.sections.charts import build_chart
from cpkit.render.sections.corporate_parenting import asks_table, meetings_table
from cpkit.render.sections.inputs import Appendix, ReportInputs
from cpkit.render.sections.participation import events_table
from cpkit.render.sections.tables import breakdown_table, figures_table

__all__ = ["Appendix", "ReportInputs", "build_sections"]

TableBuilder = Callable[[ReportInputs, BlockDef], Block | None]
TABLES: dict[str, TableBuilder] = {
    "breakdown": breakdown_table,
    "figures": figures_table,
    "meetings": meetings_table,
    "asks": asks_table,
    "events": events_table,
}
_FIGURE_KINDS = ("text", "chart", "table", "summary", "key_facts")


def build_sections(definition: ReportDefinition, inputs: ReportInputs) -> list[Section]:
    """Every section in the definition's order: numbered, appendices lettered last."""
    built: dict[str, Section | None] = {}
    # appendices last, so the definitions appendix knows every metric the report shows (and
    # the data quality notes say which optional sections were left out)
    for spec in sorted(definition.sections, key=lambda s: s.appendix):
        built[spec.id] = _section(spec, inputs)
    sections, number, letter = [], 0, 0
    for spec in definition.sections:
        section = built[spec.id]
        if section is None:
            continue
        if spec.appendix:
            section.label = f"Appendix {chr(ord('A') + letter)}"
            section.title = f"{section.label}: {spec.title}"
            letter += 1
        else:
            number += 1
            section.number = number
        sections.append(section)
    return sections


def _section(spec: SectionDef, inputs: ReportInputs) -> Section | None:
    """The section's blocks; None for an optional section with nothing to show (the data
    quality appendix says why it is left out)."""
    section = Section(spec.id, None, spec.title)
    figures_expected = False
    shown = 0
    for block in spec.blocks:
        made = _blocks(spec, block, inputs)
        if block.kind in _FIGURE_KINDS:
            figures_expected = True
            shown += sum(1 for b in made if b.kind != "heading")
        for item in made:
            item.id = item.id or block.id
        section.blocks += made
    if figures_expected and not shown and not spec.appendix:
        if spec.optional and not any(b.kind == "narrative" for b in section.blocks):
            _leave_out(spec, inputs)
            return None
        section.blocks.insert(
            _after_narrative(section), Block("note", text=_why_empty(spec, inputs))
        )
    return section


def _leave_out(spec: SectionDef, inputs: ReportInputs) -> None:
    """Say in the data quality notes that an optional section is left out, and why."""
    reason = _why_empty(spec, inputs).removeprefix(f"No figures for {inputs.year} in this section")
    note = f"The {words.lower_first(spec.title)} section is left out: no figures for {inputs.year}"
    note += reason or "."
    if inputs.appendix is not None and note not in inputs.appendix.notes:
        inputs.appendix.notes.append(note)


def _after_narrative(section: Section) -> int:
    first = section.blocks[:1]
    return 1 if first and first[0].kind == "narrative" else 0


def _blocks(spec: SectionDef, block: BlockDef, inputs: ReportInputs) -> list[Block]:
    kind = block.kind
    if kind == "narrative":
        return _narrative(spec, block, inputs)
    if kind == "heading":
        return [Block("heading", text=block.options["heading"])]
    if kind in ("text", "note"):
        blocks = inputs.sentences.blocks(block.options[kind], inputs.figures, inputs.style)
        if kind == "note":
            blocks = [Block("note", text=b.text or " ".join(b.items)) for b in blocks]
        return blocks
    if kind == "chart":
        chart = build_chart(inputs, block, spec.id)
        return [Block("chart", chart=chart)] if chart is not None else []
    if kind == "table":
        table = TABLES[block.options["table"]](inputs, block)
        return [table] if table is not None else []
    if kind == "summary":
        return summary.changes(inputs, block)
    if kind == "key_facts":
        from cpkit.render.sections.facts import key_facts_table

        table = key_facts_table(inputs, block)
        return [table] if table is not None else []
    if kind == "appendix":
        return appendices.APPENDICES[block.options["appendix"]](inputs)
    raise AssertionError(f"block kind {kind} is validated when the definition loads")


def _narrative(spec: SectionDef, block: BlockDef, inputs: ReportInputs) -> list[Block]:
    story = inputs.narrative.get(spec.id)
    part = block.options["narrative"]
    text = ""
    if story is not None:
        text = {
            "before": story.before,
            "after": story.after,
            "all": "\n\n".join(p for p in (story.before, story.after) if p),
        }[part]
    if text:
        return [Block("narrative", text=text)]
    otherwise = block.get("otherwise")
    if otherwise:
        return inputs.sentences.blocks(otherwise, inputs.figures, inputs.style)
    return []


def _why_empty(spec: SectionDef, inputs: ReportInputs) -> str:
    """A section without figures says why: which data to ingest, or that the year has none."""
    areas = spec.areas or tuple(a.cli for a in AREAS if a.section == spec.id)
    reasons = []
    for area in areas:
        result = inputs.figures.results.get(area)
        for metric in result.results if result else []:
            if metric.status != "ok" and metric.message and metric.message not in reasons:
                reasons.append(metric.message)
    detail = f": {reasons[0]}" if reasons else ""
    return f"No figures for {inputs.year} in this section{detail}."
