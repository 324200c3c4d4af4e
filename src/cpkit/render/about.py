"""The "About these statistics" note of a public report: sources, definitions, what [c]
means and how figures are revised, in the words official statistics use.

The public report carries this note instead of the analyst's technical details (row-level
data-quality findings, file hashes, the raw configuration, rule codes), which stay in the
version that is not for publication.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cpkit.formatting import suppressed_note

if TYPE_CHECKING:
    from cpkit.metrics.engine import AreaResult


def about_these_statistics(
    results: dict[str, AreaResult], la_name: str, year_label: str, threshold: int, public: bool
) -> list[str]:
    """Paragraphs of the note, built from what the figures actually used."""
    from cpkit.datasets import REGISTRY as DATASETS

    used = sorted(
        {
            DATASETS[i.dataset].title
            for area in results.values()
            for metric in area.results
            if metric.status == "ok"
            for i in metric.spec.inputs
        }
    )
    publications = sorted(
        {
            figure.comparisons.benchmark.source.split(", table ")[0]
            for area in results.values()
            for metric in area.results
            for figure in metric.figures
            if figure.comparisons.benchmark is not None and figure.comparisons.benchmark.source
        }
    )
    sources = f"Sources: {la_name}'s own records for {year_label} ({_listed(used)})" + (
        f"; comparisons with England, the region and statistical neighbours come from the "
        f"Department for Education's published statistics ({_listed(publications)}), "
        "shown as published."
        if publications
        else "."
    )
    return [
        sources,
        "Definitions: every figure is defined in Appendix B. Figures at 31 March are "
        "snapshots on the last day of the year; other figures count activity during the "
        "year. Referrals and children are counted separately: a child referred twice is one "
        "child and two referrals. Care-leaver figures follow the Department for Education's "
        "method.",
        (
            f"Confidentiality: {suppressed_note(threshold)}. Counts of people from 1 to "
            f"{threshold - 1} are not published, nor any percentage, median or change from "
            "which one could be worked out; other figures are hidden where needed so that no "
            "hidden count can be worked out from the published ones. Zero is shown. Counts "
            "that are not about people, such as meetings, events and groups, are shown in full."
            if public
            else "Confidentiality: this version is not for publication and shows small "
            "numbers. The published version ('cpkit report annual --public') hides counts of "
            f"people from 1 to {threshold - 1}, and every figure from which one could be "
            "worked out."
        ),
        "Revisions: figures are produced from the records as they stood when this report "
        "was produced. Records added or corrected later can change figures for earlier "
        "years; the previous year's figures shown here are recalculated from current "
        "records with the same definitions, so they may differ from last year's report.",
    ]


def _listed(items: list[str]) -> str:
    lowered = [i[:1].lower() + i[1:] if i[1:2].islower() else i for i in items]
    if len(lowered) <= 1:
        return "".join(lowered)
    return ", ".join(lowered[:-1]) + " and " + lowered[-1]
