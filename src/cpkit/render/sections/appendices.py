"""The appendices: data quality, the definitions of the metrics the report shows (one line
each; the full catalogue is docs/metrics.md), and provenance (inputs with their hashes)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cpkit.metrics.registry import TIMING_LABELS
from cpkit.render.model import Block

if TYPE_CHECKING:
    from cpkit.render.sections.inputs import ReportInputs


def data_quality(inputs: ReportInputs) -> list[Block]:
    notes = inputs.appendix.notes if inputs.appendix else []
    if not notes:
        text = (
            "No rows were quarantined and no quality warnings were raised for the data "
            "behind this report."
        )
        return [Block("paragraph", text=text)]
    text = (
        "Rows that failed validation at ingest were quarantined and are not counted; quality "
        "warnings flag rows that were kept. Counts only: no personal values."
    )
    return [Block("paragraph", text=text), Block("bullets", items=notes)]


def definitions(inputs: ReportInputs) -> list[Block]:
    """One line per metric the report shows, in the order of the catalogue."""
    used = inputs.figures.used
    rows = []
    for area in inputs.figures.results.values():
        for result in area.results:
            spec = result.spec
            if result.status != "ok" or spec.id not in used:
                continue
            title = spec.title + (
                f" ({spec.label})" if spec.label and spec.label not in spec.title else ""
            )
            rows.append([title, spec.definition])
    text = (
        "The metrics behind the figures in this report. Figures 'in year' count activity "
        f"{TIMING_LABELS['in_year']}; figures 'at 31 March' are snapshots on the last day of "
        f"the year; care-leaver figures use the {TIMING_LABELS['cohort']}. The full catalogue, "
        "with metric ids, is in cpkit's docs/metrics.md ('cpkit metrics list')."
    )
    return [
        Block("paragraph", text=text),
        Block("table", caption="Definitions", headers=["Measure", "Definition"], rows=rows),
    ]


def provenance(inputs: ReportInputs) -> list[Block]:
    appendix = inputs.appendix
    if appendix is None:
        return []
    if appendix.public:  # the analyst keeps file names, hashes and the configuration
        text = (
            "The data behind every figure, by dataset. File names, hashes and the "
            "configuration are kept with the analyst's version of this report."
        )
        return [
            Block("paragraph", text=text),
            Block(
                "table",
                caption="Inputs",
                headers=["Dataset", "Rows accepted", "Rows quarantined"],
                rows=appendix.provenance_rows,
            ),
            Block(
                "table",
                caption="Run",
                headers=["Item", "Value"],
                rows=[list(fact) for fact in appendix.provenance_facts],
            ),
            *about(inputs),
        ]
    text = (
        "The input files behind every figure, with their SHA-256 hashes, so the report can be "
        "reproduced and checked."
    )
    return [
        Block("paragraph", text=text),
        Block(
            "table",
            caption="Input files",
            headers=["File", "Dataset", "SHA-256", "Rows accepted", "Rows quarantined"],
            rows=appendix.provenance_rows,
        ),
        *(
            [
                Block(
                    "table",
                    caption="Official comparators imported (cpkit benchmarks import)",
                    headers=["Table", "File, hash and import date"],
                    rows=appendix.comparator_rows,
                )
            ]
            if appendix.comparator_rows
            else []
        ),
        Block(
            "table",
            caption="Run",
            headers=["Item", "Value"],
            rows=[list(fact) for fact in appendix.provenance_facts],
        ),
        Block("heading", text="Configuration used (cpkit.toml)"),
        Block("code", text=appendix.config_text),
        *about(inputs),
    ]


def about(inputs: ReportInputs) -> list[Block]:
    """'About these statistics': sources, definitions, what [c] means and revisions
    (render/about.py); it closes the provenance appendix."""
    paragraphs = inputs.appendix.about if inputs.appendix else []
    if not paragraphs:
        return []
    return [
        Block("heading", text="About these statistics"),
        *(Block("paragraph", text=text) for text in paragraphs),
    ]


APPENDICES = {"data_quality": data_quality, "definitions": definitions, "provenance": provenance}
