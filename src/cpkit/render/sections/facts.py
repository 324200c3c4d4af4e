"""The key facts block: partner figures from key_facts.toml, dated, sourced and suppressed."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cpkit.formatting import SUPPRESSED
from cpkit.render.model import Block, date_text

if TYPE_CHECKING:
    from cpkit.render.definition import BlockDef
    from cpkit.render.sections.inputs import ReportInputs


def key_facts_table(inputs: ReportInputs, block: BlockDef) -> Block | None:
    group = block.options["key_facts"]
    facts = [fact for fact in inputs.key_facts if fact.group == group]
    if not facts:
        return None
    fmt, threshold = inputs.figures.fmt, inputs.style.threshold
    rows = []
    for fact in facts:
        hidden = inputs.public and fact.about_people and 0 < fact.value < threshold
        value = SUPPRESSED if hidden else fmt.value(fact.value, fact.unit)
        rows.append([fact.title, value, date_text(fact.as_at), fact.source])
    caption = block.get("caption") or f"Key facts, {inputs.year}"
    return Block("table", caption=caption, headers=["Fact", "Figure", "As at", "Source"], rows=rows)
