"""The scorecard as a Word document and a workbook, with the annual report's writers.

Word (``cpkit.render.word``): A4 landscape, the heading and what got worse in words, then one
table with the HTML's columns and words (the direction of travel as "▲ Worse", the rows that
got worse also in bold), its header row repeated on each page, the footnotes and sources
below. Excel (``cpkit.render.workbook``): the Analysis Function layout (cover, contents,
notes) with the scorecard as one table, one figure per cell.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from cpkit.render.scorecard import table

if TYPE_CHECKING:
    from cpkit.render.office import DocumentInfo
    from cpkit.render.scorecard.model import Scorecard

PAGE_CM = (29.7, 21.0)  # A4 landscape
MARGIN_CM = 1.27
TABLE_PT = 8  # the table's text: 14 columns across a landscape page
HEADER_PT = 7  # its headings ('Statistical neighbours 2023-24' in a narrow column)
_CHAR_CM = 0.17  # a character of 8 pt Arial, for the column widths
# each column's share of the width, as the HTML's <col>s (scorecard.css), with more room for
# the trend, which Word shows as its figures in words
_WIDTHS = {
    "area": 8.5, "measure": 15, "when": 7, "value": 5, "n": 5, "prior": 6.5, "change": 7,
    "previous": 5, "direction": 7, "target": 5, "england": 6.5, "region": 6.5,
    "neighbours": 6.5, "trend": 11,
}  # fmt: skip


def document_info(card: Scorecard, version: str, created: Any) -> DocumentInfo:
    from cpkit.render.office import DocumentInfo

    return DocumentInfo(
        title=f"{card.title}: {card.period.label}",
        organisation=card.organisation,
        period=card.period.description,
        public=card.public,
        threshold=card.threshold,
        version=version,
        created=created,
        source="; ".join(card.sources),
        command="cpkit report scorecard",
    )


def write_docx(card: Scorecard, info: DocumentInfo, path: Path) -> Path:
    """The scorecard as a landscape Word document (atomically written)."""
    import io

    from docx.enum.section import WD_ORIENT
    from docx.shared import Cm

    from cpkit.render.word import NOTE_STYLE, _new_document, _properties, _write_bytes

    document = _new_document(None)
    for part in document.sections:
        part.orientation = WD_ORIENT.LANDSCAPE
        part.page_width, part.page_height = Cm(PAGE_CM[0]), Cm(PAGE_CM[1])
        for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
            setattr(part, side, Cm(MARGIN_CM))
    document.add_paragraph(card.organisation, style="Subtitle")
    document.add_heading(f"{card.title}: {card.period.description}", level=1)
    document.add_paragraph(
        f"Each measure is compared with {card.comparison}"
        + (f" and with the quarter before, {card.previous}" if card.previous else "")
        + f". Direction of travel: {table.tally(card)}."
    )
    worse = table.worse_items(card)
    heading = document.add_paragraph()
    heading.add_run(
        f"Got worse since {card.comparison}: "
        if worse
        else f"No measure got worse since {card.comparison}."
    ).bold = True
    heading.add_run("; ".join(worse) + ("." if worse else ""))
    _card_table(document, card)
    for number, note in enumerate(card.footnotes, start=1):
        document.add_paragraph(f"{number}. {note}", style=NOTE_STYLE)
    for line in table.legend(card):
        document.add_paragraph(line, style=NOTE_STYLE)
    _properties(document, info)
    buffer = io.BytesIO()
    document.save(buffer)
    return _write_bytes(path, buffer.getvalue())


def _card_table(document: Any, card: Scorecard) -> None:
    """One table: the HTML's columns; the area named once per group (cells merged down);
    a footnote's number in superscript after the measure; a row that got worse in bold."""
    from docx.shared import Pt

    from cpkit.render.word import add_table

    headers = table.headers(card)
    rows: list[list[str]] = []
    for area in card.areas:
        for index, row in enumerate(area.rows):
            cells = table.cells(card, row)
            cells[0] = area.title if index == 0 else ""
            rows.append(cells)
    width = PAGE_CM[0] - 2 * MARGIN_CM
    word_table = add_table(document, headers, rows, width_cm=width, char_cm=_CHAR_CM)
    _widths(word_table, card, width)
    flat = [row for area in card.areas for row in area.rows]
    for r, row in enumerate(flat, start=1):
        cells = word_table.rows[r].cells
        measure = cells[1].paragraphs[0]
        for n in row.notes:
            measure.add_run(str(n)).font.superscript = True
        if row.direction.key == "worse":
            for cell in cells[1:]:
                for run in cell.paragraphs[0].runs:
                    run.bold = True
    for at, word_row in enumerate(word_table.rows):
        for cell in word_row.cells:
            for paragraph in cell.paragraphs:
                paragraph.paragraph_format.space_after = Pt(0)
                for run in paragraph.runs:
                    run.font.size = Pt(HEADER_PT if at == 0 else TABLE_PT)
    start = 1
    for area in card.areas:  # the area once, beside its rows (as the HTML's rowgroup)
        if len(area.rows) > 1:
            merged = word_table.cell(start, 0).merge(word_table.cell(start + len(area.rows) - 1, 0))
            for paragraph in merged.paragraphs[1:]:  # the other cells' empty paragraphs
                if not paragraph.text:
                    paragraph._p.getparent().remove(paragraph._p)
        start += len(area.rows)


def _widths(word_table: Any, card: Scorecard, width: float) -> None:
    from docx.shared import Cm

    keys = [k for k in _WIDTHS if k != "previous" or card.previous]
    total = sum(_WIDTHS[k] for k in keys)
    for key, column in zip(keys, word_table.columns, strict=True):
        column.width = Cm(width * _WIDTHS[key] / total)
        for cell in column.cells:
            cell.width = column.width


def write_xlsx(card: Scorecard, info: DocumentInfo, path: Path) -> Path:
    """The scorecard as an Analysis Function style workbook with one table."""
    from cpkit.render.workbook import write_workbook

    about = [
        f"The {card.title.lower()} for {card.period.description}, {card.organisation}: one "
        "row per key measure with its value, the same period a year earlier, the change, "
        "the target and benchmarks with their years and the direction of travel, as the "
        "page shows them (percentages rounded as on the page).",
        "Direction of travel: " + table.tally(card) + ".",
    ]
    return write_workbook(info, [table.sheet(card)], path, about)
