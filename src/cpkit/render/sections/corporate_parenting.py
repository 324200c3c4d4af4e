"""The corporate parenting board's tables: the boards held (themes and agenda) and the
board's "you said, we did" (every ask, what was done and where it stands, open asks too)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from cpkit.formatting import category_label
from cpkit.render.model import Block, date_text

if TYPE_CHECKING:
    from cpkit.render.definition import BlockDef
    from cpkit.render.sections.inputs import ReportInputs

_STATUS_ORDER = ("DELIVERED", "IN_PROGRESS", "OPEN", "CLOSED")


def meetings_table(inputs: ReportInputs, block: BlockDef) -> Block | None:
    """Each board of the year: date, pledge themes, whether a takeover, agenda items."""
    figure = inputs.figures.get("corporate_parenting.boards_held")
    meetings = figure.extra.get("meetings", []) if figure is not None else []
    if not meetings:
        return None
    agenda = any(m.get("agenda") for m in meetings)
    headers = ["Date", "Pledge themes", "Takeover board", *(["Agenda"] if agenda else [])]
    rows = [
        [
            date_text(dt.date.fromisoformat(m["date"])),
            _clean(m["themes"]),
            "Yes" if m["takeover"] else "No",
            *([_clean(m.get("agenda") or "")] if agenda else []),
        ]
        for m in meetings
    ]
    caption = block.get("caption") or f"Corporate parenting boards held in {inputs.year}"
    return Block("table", caption=caption, headers=headers, rows=rows)


def asks_table(inputs: ReportInputs, block: BlockDef) -> Block | None:
    """You said, we did: each ask, what was done, and its status at 31 March (delivered
    first, then in progress, then open)."""
    f = inputs.figures
    asks = [a for a in f.breakdown("corporate_parenting.asks", "ask") if not a.suppressed]
    if not asks:
        return None

    def rank(ask: object) -> int:
        status = getattr(ask, "extra", {}).get("status") or "OPEN"
        return _STATUS_ORDER.index(status) if status in _STATUS_ORDER else len(_STATUS_ORDER)

    rows = []
    for ask in sorted(asks, key=rank):
        status = ask.extra.get("status") or "OPEN"
        label = category_label("status", status)
        if status == "DELIVERED" and ask.extra.get("delivered_date"):
            label += f" ({date_text(dt.date.fromisoformat(ask.extra['delivered_date']))})"
        rows.append(
            [
                _clean(ask.group["ask"]),
                _clean(ask.extra.get("response") or "Not yet recorded"),
                _clean(ask.extra.get("theme") or ""),
                label,
            ]
        )
    caption = block.get("caption") or (
        f"You said, we did: asks raised at the board, and earlier asks still open, "
        f"at {inputs.year_end}"
    )
    headers = ["You said", "We did", "Pledge theme", "Status"]
    return Block("table", caption=caption, headers=headers, rows=rows)


def _clean(text: str) -> str:
    """Free text from an extract on one line (it is escaped by each output format)."""
    return " ".join(str(text).split())
