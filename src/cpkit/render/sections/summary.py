"""The balanced executive summary: what improved and what got worse since last year, by each
metric's declared polarity, and the changes that are neither better nor worse."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cpkit.render.model import Block

if TYPE_CHECKING:
    from cpkit.render.definition import BlockDef
    from cpkit.render.prose import Fig
    from cpkit.render.sections.inputs import ReportInputs

GROUPS = (
    ("improved", "What improved"),
    ("worse", "What got worse"),
    ("other", "Other changes"),
    ("same", "No change"),
)


def classify(item: Fig) -> str | None:
    """improved, worse, other (no better direction), same, or None (nothing to compare)."""
    prior = item.prior
    if not prior.ok:
        return None
    if prior.direction == "same":
        return "same"
    better = prior.better
    if better is None:
        return "other"
    return "improved" if better else "worse"


def changes(inputs: ReportInputs, block: BlockDef) -> list[Block]:
    """Headings and bullets for each group with something in it, one sentence per metric."""
    figures = inputs.figures
    grouped: dict[str, list[str]] = {key: [] for key, _ in GROUPS}
    for metric_id in block.options["metrics"]:
        if not figures.ok(metric_id) or figures.get(metric_id) is None:
            continue
        item = figures.fig(metric_id, inputs.style)
        group = classify(item)
        if group is None:
            continue
        text = inputs.sentences.render("summary.change", figures, inputs.style, item=item)
        grouped[group].append(" ".join(text.split()))
    blocks: list[Block] = []
    for key, title in GROUPS:
        if grouped[key]:
            blocks.append(Block("heading", text=title))
            blocks.append(Block("bullets", items=grouped[key]))
    return blocks
