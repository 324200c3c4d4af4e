"""The scorecard as one table of text, for the formats that are not a web page: the Word
table (``office.py``) has the HTML's columns and words, and the workbook the same figures
one per cell, as numbers.

Nothing is recomputed here: every cell is a ``Row`` field the HTML template shows
(``model.py``), in the same order and with the same headings, so the three formats cannot
disagree. The direction of travel is a word with its symbol ("▲ Worse"), never a colour.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cpkit.formatting import MISSING, SUPPRESSED

if TYPE_CHECKING:
    from cpkit.render.scorecard.model import Cell, Row, Scorecard
    from cpkit.render.workbook import SheetTable


def headers(card: Scorecard) -> list[str]:
    """The HTML table's column headings, the benchmarks' and targets' shared year included."""

    def year(name: str, shared: str) -> str:
        return f"{name} {shared}" if shared else name

    bench = card.benchmark_year
    return [
        "Area",
        "Measure",
        "When",
        card.period.label,
        "n of N",
        card.comparison,
        "Change",
        *([card.previous] if card.previous else []),
        "Direction",
        year("Target", card.target_year),
        year("England", bench),
        year(card.region_name, bench),
        year("Statistical neighbours", bench),
        f"Trend, {card.trend_span}",
    ]


def _with_note(cell: Cell, shown: bool = True) -> str:
    """'56% (2022-23)': a figure with the period it is for, when that is not the column's."""
    return f"{cell.text} ({cell.note})" if cell.note and shown else cell.text


def cells(card: Scorecard, row: Row) -> list[str]:
    """One row's cells in ``headers`` order (the measure's footnote numbers are not in the
    text: each format marks them its own way)."""
    shared_bench, shared_target = bool(card.benchmark_year), bool(card.target_year)
    return [
        "",  # the area: each writer shows it once per group
        row.title + (f" ({row.problem})" if row.problem else ""),
        row.when,
        row.value.text,
        row.value.note,
        _with_note(row.prior),
        row.change,
        *([_with_note(row.previous)] if card.previous else []),
        f"{row.direction.symbol} {row.direction.word}",
        _with_note(row.target, not shared_target),
        _with_note(row.england, not shared_bench),
        _with_note(row.region, not shared_bench),
        _with_note(row.neighbours, not shared_bench),
        row.trend_text if row.trend_svg else "Too few periods to show a trend.",
    ]


def legend(card: Scorecard) -> list[str]:
    """The page's small print, in the HTML footer's words."""
    p = card.period
    lines = [
        f'▲ up, ▼ down, = no change on {card.comparison}; "Better" or "Worse" by whether '
        'higher or lower is better for the measure; "Up" or "Down" where neither is. '
        + (
            f"In-year measures count within {p.label}; snapshots are taken at the end of its "
            "last day. "
            if not p.is_year
            else ""
        )
        + 'Benchmarks are DfE\'s published annual figures for the year shown. "n of N": the '
        "count behind a percentage.",
        "Sources: " + "; ".join(card.sources) + ".",
    ]
    if card.public:
        lines.append(
            f"Small numbers suppressed: [c] is a count of fewer than {card.threshold} people, "
            "or a figure hidden so that one cannot be worked out."
        )
    else:
        lines.append("Not for publication: small numbers are not suppressed (use --public).")
    return lines


def tally(card: Scorecard) -> str:
    """'9 better, 6 worse, 5 no change, 5 not judged since Q4 2022-23'."""
    return (
        f"{card.count('better')} better, {card.count('worse')} worse, "
        f"{card.count('same')} no change, {card.not_judged} not judged since {card.comparison}"
    )


def worse_items(card: Scorecard) -> list[str]:
    """'Children awaiting an independent visitor: 44 (was 32)', for each that got worse."""
    return [f"{row.title}: {row.value.text} (was {row.prior.text})" for row in card.worse]


def sheet(card: Scorecard) -> SheetTable:
    """The scorecard as one workbook table: one figure per cell (a number where the page
    shows one), the period each comparison is for in its own column, text as on the page."""
    from cpkit.render.workbook import SheetTable

    titles = ["Area", "Measure", "When", "Higher or lower is better", card.period.label]
    titles += ["Numerator", "Denominator", card.comparison, f"Period of {card.comparison} figure"]
    titles += ["Change", "Change (%)", *([card.previous] if card.previous else [])]
    titles += ["Direction", "Target", "Target year", "England", card.region_name]
    titles += ["Statistical neighbours", "Benchmark year", "Trend", "Notes"]
    return SheetTable(
        title=f"{card.title}: {card.period.description}",
        headers=titles,
        rows=[_sheet_row(card, area.title, row) for area in card.areas for row in area.rows],
        source="; ".join(card.sources),
        description=f"One row per key measure, compared with {card.comparison}"
        + (f" and {card.previous}" if card.previous else "")
        + "; the direction of travel is judged by whether higher or lower is better.",
    )


def _sheet_row(card: Scorecard, area: str, row: Row) -> list[str]:
    """One row of ``sheet``: the page's texts, split one figure per cell ('[z]' where no
    figure applies, '[x]' where none is available, '[c]' where one is hidden)."""
    from cpkit.metrics.registry import REGISTRY
    from cpkit.render.cells import NOT_APPLICABLE, split_cell

    numerator, _, denominator = row.value.note.partition(" of ")
    if not row.value.note:  # a count has no n of N; a hidden share hides its own
        share = REGISTRY[row.measure.metric_id].unit == "proportion"
        hidden = share and row.value.text == SUPPRESSED
        numerator = denominator = SUPPRESSED if hidden else NOT_APPLICABLE
    change, pct = split_cell(row.change)
    benchmarks = (row.england, row.region, row.neighbours)
    notes = " ".join([*(card.footnotes[n - 1] for n in row.notes), row.problem]).strip()
    compared = row.prior.note or (card.comparison if row.prior.text != MISSING else MISSING)
    return [
        area,
        row.title,
        row.when,
        row.polarity,
        row.value.text,
        numerator,
        denominator,
        row.prior.text,
        compared,
        change,
        pct or (NOT_APPLICABLE if change != MISSING else MISSING),
        *([row.previous.text] if card.previous else []),
        row.direction.word,
        row.target.text,
        row.target.note or MISSING,
        *(c.text for c in benchmarks),
        next((c.note for c in benchmarks if c.note), MISSING),
        row.trend_text if row.trend else MISSING,
        notes or NOT_APPLICABLE,
    ]
