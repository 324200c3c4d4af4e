"""The report as a Word document (python-docx), from the same sections as the HTML.

Nothing is recomputed or reworded here: every heading, sentence, table cell, chart and note
comes from the report's sections (render/model.py). What Word needs on top:

- headings in Word's own heading styles (the navigation pane and the contents field work),
  sections as Heading 1, sub-headings as Heading 2, narrative headings below them;
- real tables with a header row that repeats on every page, text left and figures right;
- charts as PNG at print resolution (render/charts.py), each with its alt text (Word's
  "Alt Text" description), a numbered caption, its data table and its source;
- a contents field (Word fills in page numbers when the document is opened: it asks to
  update fields) and page numbers in the footer;
- ``reference``: the council's own .docx template; its styles, page set-up, header and
  footer are kept, its body text is dropped. Styles it lacks are added.

Text from data, config and narrative goes in as text runs, never as markup: a ``<w:`` or a
field code typed into an extract stays visible text.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cpkit.errors import InputError
from cpkit.formatting import MISSING, SUPPRESSED
from cpkit.render.office import DocumentInfo, chart_numbers, heading_text

if TYPE_CHECKING:
    from cpkit.render.model import Block, Section

PICTURE_WIDTH_CM = 12.0  # afcharts' 14 pt chart text prints at about 12 pt
TEXT_WIDTH_CM = 17.0  # A4 with 2 cm margins
NOTE_STYLE = "Report Note"
CODE_STYLE = "Report Code"
# elements that come after the one inserted, in the schema's order (Word is strict about it)
_AFTER_OUTLINE = ("w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")
_AFTER_TBL_HEADER = ("w:tblCellSpacing", "w:jc", "w:hidden", "w:ins", "w:del", "w:trPrChange")
_SETTINGS_AFTER_UPDATE_FIELDS = (
    "hdrShapeDefaults footnotePr endnotePr compat docVars rsids attachedSchema themeFontLang "
    "clrSchemeMapping doNotIncludeSubdocsInStats doNotAutoCompressPictures forceUpgrade "
    "captions readModeInkLockDown smartTagType shapeDefaults doNotEmbedSmartTags "
    "decimalSymbol listSeparator"
)
_AFTER_UPDATE_FIELDS = (*(f"w:{n}" for n in _SETTINGS_AFTER_UPDATE_FIELDS.split()), "m:mathPr")


def write_docx(
    info: DocumentInfo, sections: list[Section], path: Path, reference: Path | None = None
) -> Path:
    """Write the document to ``path`` (atomically) and return it."""
    document = _new_document(reference)
    writer = _Writer(document, chart_numbers(sections))
    writer.front_matter(info, sections)
    for section in sections:
        writer.section(section)
    _footer_page_numbers(document)
    _properties(document, info)
    _update_fields_on_open(document)
    buffer = io.BytesIO()
    document.save(buffer)
    return _write_bytes(path, buffer.getvalue())


# ---------------------------------------------------------------- the document and styles


def _new_document(reference: Path | None) -> Any:
    """A blank A4 document, or the council's template with its body emptied."""
    from docx import Document
    from docx.shared import Cm

    if reference is None:
        document = Document()
        for part in document.sections:
            part.page_width, part.page_height = Cm(21.0), Cm(29.7)
            part.left_margin = part.right_margin = Cm(2.0)
            part.top_margin = part.bottom_margin = Cm(2.0)
        _house_fonts(document)
    else:
        document = open_reference(reference)
        body = document.element.body
        for child in list(body):
            if not child.tag.endswith("}sectPr"):  # keep the page set-up, header and footer
                body.remove(child)
    _ensure_styles(document)
    return document


def open_reference(reference: Path) -> Any:
    """The council's template, opened; one clear error when it is missing or not .docx."""
    from docx import Document

    if not reference.is_file():
        raise InputError(
            f"--reference-docx {reference} does not exist",
            hint="give the path of a Word document (.docx) whose styles the report should use",
        )
    try:
        return Document(str(reference))
    except Exception as exc:  # python-docx raises several kinds for a file that is not .docx
        raise InputError(
            f"--reference-docx {reference} is not a Word document ({type(exc).__name__})",
            hint="save the template from Word as a .docx (not .doc or .dotx) and try again",
        ) from None


def _house_fonts(document: Any) -> None:
    """Arial throughout (sans serif, as GOV.UK and the Analysis Function advise), for the
    document without a council template; a template keeps its own fonts."""
    from docx.oxml.ns import qn
    from docx.shared import Pt

    normal = document.styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(11)
    fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attribute), "Arial")
    for name in ("Title", "Subtitle", "Caption", *(f"Heading {n}" for n in range(1, 5))):
        style = document.styles[name]
        style.font.name = "Arial"
        rfonts = style.element.get_or_add_rPr().get_or_add_rFonts()
        for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme", "w:eastAsiaTheme"):
            rfonts.attrib.pop(qn(attribute), None)


def _ensure_styles(document: Any) -> None:
    """The styles the report uses, added when a template lacks them (built-in names, so
    Word treats them as its own; headings carry their outline level for navigation)."""
    from docx.enum.style import WD_STYLE_TYPE
    from docx.shared import Pt

    styles = document.styles
    names = {s.name for s in styles}
    for level in (1, 2, 3, 4):
        name = f"Heading {level}"
        if name not in names:
            style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
            style.base_style = styles["Normal"]
            style.font.bold = True
            style.font.size = Pt({1: 18, 2: 14, 3: 12, 4: 11}[level])
            style.paragraph_format.keep_with_next = True
            _outline_level(style, level - 1)
    for name in (
        "Title",
        "Subtitle",
        "Caption",
        "List Bullet",
        "List Number",
        NOTE_STYLE,
        CODE_STYLE,
    ):
        if name not in names:
            style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
            style.base_style = styles["Normal"]
            if name == "Title":
                style.font.size, style.font.bold = Pt(24), True
            if name == "Caption":
                style.font.bold = True
                style.paragraph_format.keep_with_next = True
    styles[NOTE_STYLE].font.size = Pt(9)
    styles[NOTE_STYLE].font.italic = True
    styles[CODE_STYLE].font.name = "Consolas"
    styles[CODE_STYLE].font.size = Pt(8)
    styles[CODE_STYLE].paragraph_format.space_after = Pt(0)


def _outline_level(style: Any, level: int) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    outline = OxmlElement("w:outlineLvl")
    outline.set(qn("w:val"), str(level))
    style.element.get_or_add_pPr().insert_element_before(outline, *_AFTER_OUTLINE)


# ---------------------------------------------------------------- blocks


class _Writer:
    def __init__(self, document: Any, numbers: dict[str, int]) -> None:
        self.document = document
        self.numbers = numbers
        self.tables = 0
        self.last_table: Any = None  # space goes before the paragraph after a table

    def front_matter(self, info: DocumentInfo, sections: list[Section]) -> None:
        d = self.document
        d.add_paragraph(info.organisation, style="Subtitle")
        d.add_paragraph(info.title, style="Title")
        d.add_paragraph(info.period)
        d.add_paragraph(info.banner, style=NOTE_STYLE)
        heading = d.add_paragraph("Contents", style="Heading 1")
        _outline_level_off(heading)  # the contents list does not list itself
        _contents_field(d.add_paragraph(), [heading_text(s) for s in sections])

    def section(self, section: Section) -> None:
        self.document.add_heading(heading_text(section), level=1)
        for block in section.blocks:
            self.block(block)

    def block(self, block: Block) -> None:
        before, self.last_table = self.last_table, None
        self._block(block)
        following = before.getnext() if before is not None else None
        if following is not None and following.tag.endswith("}p"):
            from docx.shared import Pt
            from docx.text.paragraph import Paragraph

            Paragraph(following, self.document._body).paragraph_format.space_before = Pt(12)

    def _block(self, block: Block) -> None:
        d = self.document
        if block.kind == "paragraph":
            d.add_paragraph(block.text)
        elif block.kind == "heading":
            d.add_heading(block.text, level=2)
        elif block.kind == "note":
            d.add_paragraph(block.text, style=NOTE_STYLE)
        elif block.kind == "bullets":
            for item in block.items:
                d.add_paragraph(item, style="List Bullet")
        elif block.kind == "narrative":
            from cpkit.render.word_markdown import add_markdown

            add_markdown(d, block.text, top_level=3)
        elif block.kind == "code":
            for line in block.text.splitlines() or [""]:
                d.add_paragraph(line, style=CODE_STYLE)
        elif block.kind == "table":
            self.table(block.caption, block.headers, block.rows)
        elif block.kind == "chart":
            self.chart(block)

    def table(self, caption: str, headers: list[str], rows: list[list[str]]) -> None:
        self.tables += 1
        if caption:
            _caption(self.document, "Table", self.tables, caption)
        self.last_table = add_table(self.document, headers, rows)._tbl

    def chart(self, block: Block) -> None:
        from docx.shared import Cm

        from cpkit.render.charts import render_png

        chart = block.chart
        assert chart is not None
        number = self.numbers[chart.id]
        _caption(self.document, "Figure", number, chart.title)
        if chart.subtitle:
            subtitle = self.document.add_paragraph(chart.subtitle, style=NOTE_STYLE)
            subtitle.paragraph_format.keep_with_next = True
        picture = self.document.add_picture(
            io.BytesIO(render_png(chart)), width=Cm(PICTURE_WIDTH_CM)
        )
        _alt_text(picture, chart.title, chart.alt)
        self.document.paragraphs[-1].paragraph_format.keep_with_next = bool(chart.source)
        if chart.source:
            self.document.add_paragraph(chart.source, style=NOTE_STYLE)
        if chart.table_headers:
            self.tables += 1
            _caption(self.document, "Table", self.tables, f"Data for figure {number}")
            self.last_table = add_table(self.document, chart.table_headers, chart.table_rows)._tbl


def _outline_level_off(paragraph: Any) -> None:
    """Body-text outline level for one paragraph (kept out of the contents field)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    outline = OxmlElement("w:outlineLvl")
    outline.set(qn("w:val"), "9")
    paragraph._p.get_or_add_pPr().insert_element_before(outline, *_AFTER_OUTLINE)


def _caption(document: Any, label: str, number: int, text: str) -> None:
    """'Figure 3: ...' in Word's Caption style, numbered by a SEQ field (Word's own
    cross-referencing and list of figures work); the number shown is the HTML's."""
    paragraph = document.add_paragraph(style="Caption")
    paragraph.add_run(f"{label} ")
    _field(paragraph, f"SEQ {label} \\* ARABIC", str(number))
    paragraph.add_run(f": {text}")
    paragraph.paragraph_format.keep_with_next = True


def add_table(
    document: Any,
    headers: list[str],
    rows: list[list[str]],
    width_cm: float = TEXT_WIDTH_CM,
    char_cm: float = 0.23,
) -> Any:
    """A Word table: a bold header row repeated on each page; the first column (row
    labels) left-aligned, figure columns right-aligned when every cell is a figure.
    ``width_cm`` and ``char_cm`` (a character's width) fit it to another page or font."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    table = document.add_table(rows=1 + len(rows), cols=len(headers))
    if "Table Grid" in {s.name for s in document.styles}:
        table.style = document.styles["Table Grid"]
    _column_widths(table, headers, rows, width_cm, char_cm)
    numeric = [index > 0 and _figures_column(rows, index) for index in range(len(headers))]
    _header_row(table.rows[0], headers)
    for r, row in enumerate(rows, start=1):
        cells = table.rows[r].cells
        for c, text in enumerate(row[: len(headers)]):
            cells[c].text = str(text)
            if numeric[c]:
                cells[c].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
        _cant_split(table.rows[r])
    for c, is_number in enumerate(numeric):
        if is_number:
            table.rows[0].cells[c].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    return table


def _column_widths(
    table: Any, headers: list[str], rows: list[list[str]], width_cm: float, char_cm: float
) -> None:
    """Widths in proportion to each column's text (a long word never broken), within the
    page: Word and LibreOffice otherwise give every column the same width."""
    from docx.shared import Cm

    padding_cm = 0.4  # the cell's own margins

    def column(index: int) -> list[str]:
        return [headers[index], *(str(r[index]) for r in rows if index < len(r))]

    def unbroken(index: int) -> int:  # a figure never breaks, text only between words
        if index and _figures_column(rows, index):
            return max(len(t) for t in column(index)[1:]) if rows else 3
        return max((len(w) for t in column(index) for w in t.split()), default=3)

    least = [
        padding_cm + char_cm * max(unbroken(i), *(len(w) for w in headers[i].split()))
        for i in range(len(headers))
    ]
    wanted = [  # room for a typical cell on one or two lines
        max(0.0, char_cm * min(40.0, sum(map(len, column(i))) / len(column(i))) - least[i])
        for i in range(len(headers))
    ]
    spare = width_cm - sum(least)
    if spare < 0:  # too many columns for the page: shrink all alike
        widths = [w * width_cm / sum(least) for w in least]
    else:
        share = sum(wanted) or 1.0
        widths = [w + spare * x / share for w, x in zip(least, wanted, strict=True)]
    table.autofit = False
    for index, col in enumerate(table.columns):
        width = Cm(widths[index])
        col.width = width
        for cell in col.cells:
            cell.width = width


def _figures_column(rows: list[list[str]], index: int) -> bool:
    from cpkit.render.cells import parse_cell, split_cell

    cells = [row[index] for row in rows if index < len(row)]
    return bool(cells) and all(
        parse_cell(split_cell(c)[0]).is_number or c in (SUPPRESSED, MISSING) for c in cells
    )


def _header_row(row: Any, headers: list[str]) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    for cell, text in zip(row.cells, headers, strict=True):
        cell.paragraphs[0].add_run(str(text)).bold = True
    _cant_split(row)
    header = OxmlElement("w:tblHeader")  # repeat as header row at the top of each page
    header.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().insert_element_before(header, *_AFTER_TBL_HEADER)


def _cant_split(row: Any) -> None:
    from docx.oxml import OxmlElement

    row._tr.get_or_add_trPr().insert_element_before(
        OxmlElement("w:cantSplit"), "w:trHeight", "w:tblHeader", *_AFTER_TBL_HEADER
    )


def _alt_text(picture: Any, title: str, description: str) -> None:
    """Word's alt text: the picture's description (what a screen reader reads) and title."""
    properties = picture._inline.docPr
    properties.set("descr", description)
    properties.set("title", title)


# ---------------------------------------------------------------- fields, footer, properties


def _field(paragraph: Any, instruction: str, shown: str) -> None:
    """A Word field (PAGE, NUMPAGES, SEQ, TOC) with the text shown until Word updates it."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    def char(kind: str) -> Any:
        run = OxmlElement("w:r")
        mark = OxmlElement("w:fldChar")
        mark.set(qn("w:fldCharType"), kind)
        if kind == "begin":
            mark.set(qn("w:dirty"), "true")  # Word recalculates it when the file opens
        run.append(mark)
        return run

    code = OxmlElement("w:r")
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = f" {instruction} "
    code.append(text)
    p = paragraph._p
    p.append(char("begin"))
    p.append(code)
    p.append(char("separate"))
    paragraph.add_run(shown)
    p.append(char("end"))


def _contents_field(paragraph: Any, titles: list[str]) -> None:
    """A table of contents of headings 1-2 with page numbers, filled in by Word (and by
    LibreOffice when it updates indexes); until then it lists the section titles."""
    _field(paragraph, 'TOC \\o "1-2" \\h \\z \\u', titles[0] if titles else "")
    runs = paragraph.runs
    shown = runs[-1] if runs else None
    if shown is not None and len(titles) > 1:
        for title in titles[1:]:
            shown.add_break()
            shown.add_text(title)


def _footer_page_numbers(document: Any) -> None:
    """'Page 3 of 20' in the footer, unless the template's footer already has text."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    for part in document.sections:
        footer = part.footer
        if footer.is_linked_to_previous is False or any(p.text.strip() for p in footer.paragraphs):
            continue
        paragraph = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.add_run("Page ")
        _field(paragraph, "PAGE", "1")
        paragraph.add_run(" of ")
        _field(paragraph, "NUMPAGES", "1")


def _properties(document: Any, info: DocumentInfo) -> None:
    """Title, author and dates (SOURCE_DATE_EPOCH when set: the same input, the same file)."""
    props = document.core_properties
    props.title = info.title
    props.author = info.organisation
    props.last_modified_by = f"cpkit {info.version}"
    props.comments = info.banner
    props.created = props.modified = info.created.replace(tzinfo=None)
    props.revision = 1


def _update_fields_on_open(document: Any) -> None:
    """Ask Word to update fields (contents page numbers, page count) when it opens."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    document.settings.element.insert_element_before(update, *_AFTER_UPDATE_FIELDS)


def _write_bytes(path: Path, data: bytes) -> Path:
    import os

    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.tmp")
    try:
        temporary.write_bytes(data)
        os.replace(temporary, path)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        exc.filename = str(path)
        raise
    return path
