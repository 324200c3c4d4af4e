"""Participation's table: events by type with their reach (a table says more here than a
chart: the counts are small and the reach matters as much as the number of events)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cpkit.formatting import MISSING, SUPPRESSED
from cpkit.render.model import Block

if TYPE_CHECKING:
    from cpkit.metrics.engine import Figure
    from cpkit.render.definition import BlockDef
    from cpkit.render.sections.inputs import ReportInputs


def events_table(inputs: ReportInputs, block: BlockDef) -> Block | None:
    """Events by type: events, attendances, young people among them, last year's events."""
    f = inputs.figures
    events = [e for e in f.breakdown("participation.events", "event_type") if e.value]
    if not events:
        return None

    def cell(figure: Figure | None) -> str:
        if figure is None or figure.value is None:
            return SUPPRESSED if figure is not None and figure.suppressed else MISSING
        return f.fmt.count(figure.value)

    rows = []
    for event in events:
        code = event.group["event_type"]
        prior = event.comparisons.prior
        rows.append(
            [
                f.label("event_type", code),
                cell(event),
                cell(f.get("participation.attendance", event_type=code)),
                cell(f.get("participation.young_people_attending", event_type=code)),
                f.fmt.count(prior.value) if prior and prior.value is not None else MISSING,
            ]
        )
    total = f.get("participation.events")
    if total is not None:
        prior = total.comparisons.prior
        rows.append(
            [
                "All events",
                cell(total),
                cell(f.get("participation.attendance")),
                cell(f.get("participation.young_people_attending")),
                f.fmt.count(prior.value) if prior and prior.value is not None else MISSING,
            ]
        )
    headers = [
        "Event type",
        "Events",
        "Attendances",
        "Of which children and young people",
        f"Events in {f.year.prior.label}",
    ]
    caption = block.get("caption") or f"Participation events and attendances, {inputs.year}"
    return Block("table", caption=caption, headers=headers, rows=rows)
