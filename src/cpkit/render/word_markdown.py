"""The analysts' narrative Markdown as Word paragraphs, with nothing in it made live.

markdown-it parses the narrative (CommonMark, raw HTML off, tables on), and its tokens
become Word paragraphs: headings (shifted below the section's heading, in Word heading
styles), paragraphs with bold and italic runs, bulleted and numbered lists, tables and
quotes. Every piece of text goes in as a text run: HTML shows as typed, a link keeps its
text and shows its address in brackets (it is not made clickable), an image becomes its
description ("(image not included)", as in the HTML), so a narrative file can neither load
nor run anything in Word.
"""

from __future__ import annotations

from typing import Any


def add_markdown(document: Any, text: str, top_level: int = 3) -> None:
    """Append narrative Markdown to a python-docx document."""
    from markdown_it import MarkdownIt

    tokens = MarkdownIt("commonmark", {"html": False}).enable("table").parse(text)
    _Builder(document, top_level, _heading_shift(tokens, top_level)).run(tokens)


def _heading_shift(tokens: list[Any], top_level: int) -> int:
    levels = [int(t.tag[1]) for t in tokens if t.type == "heading_open"]
    return top_level - min(levels) if levels else 0


class _Builder:
    def __init__(self, document: Any, top_level: int, shift: int) -> None:
        self.document = document
        self.top_level = top_level
        self.shift = shift
        self.lists: list[str] = []  # "bullet" / "ordered", innermost last
        self.quote = 0
        self.style: str | None = None  # the style of the next inline run
        self.table: list[list[str]] | None = None
        self.row: list[str] | None = None

    def run(self, tokens: list[Any]) -> None:
        for token in tokens:
            kind = token.type
            if kind == "heading_open":
                level = max(1, min(9, int(token.tag[1]) + self.shift))
                self.style = f"Heading {min(level, 4)}"
            elif kind in ("bullet_list_open", "ordered_list_open"):
                self.lists.append("ordered" if kind.startswith("ordered") else "bullet")
            elif kind in ("bullet_list_close", "ordered_list_close"):
                self.lists.pop()
            elif kind == "blockquote_open":
                self.quote += 1
            elif kind == "blockquote_close":
                self.quote -= 1
            elif kind == "table_open":
                self.table = []
            elif kind == "tr_open":
                self.row = []
            elif kind == "tr_close" and self.table is not None and self.row is not None:
                self.table.append(self.row)
            elif kind == "table_close":
                self._table()
            elif kind in ("fence", "code_block"):
                from cpkit.render.word import CODE_STYLE

                for line in token.content.rstrip("\n").splitlines():
                    self.document.add_paragraph(line, style=CODE_STYLE)
            elif kind == "hr":
                self.document.add_paragraph("")
            elif kind == "inline":
                self._inline(token)

    def _paragraph_style(self) -> str | None:
        if self.style:
            return self.style
        if self.lists:
            return "List Number" if self.lists[-1] == "ordered" else "List Bullet"
        if self.quote:
            return "Quote" if "Quote" in {s.name for s in self.document.styles} else None
        return None

    def _inline(self, token: Any) -> None:
        if self.row is not None:
            self.row.append(_plain(token.children or []))
            return
        paragraph = self.document.add_paragraph(style=self._paragraph_style())
        self.style = None
        _runs(paragraph, token.children or [])

    def _table(self) -> None:
        from cpkit.render.word import add_table

        rows = self.table or []
        self.table, self.row = None, None
        if rows:
            width = max(len(r) for r in rows)
            padded = [r + [""] * (width - len(r)) for r in rows]
            add_table(self.document, padded[0], padded[1:])


def _runs(paragraph: Any, children: list[Any]) -> None:
    """Inline tokens as text runs: bold and italic kept, everything else plain text."""
    bold = italic = 0
    link: list[str] = []
    for child in children:
        kind = child.type
        if kind == "strong_open":
            bold += 1
        elif kind == "strong_close":
            bold -= 1
        elif kind == "em_open":
            italic += 1
        elif kind == "em_close":
            italic -= 1
        elif kind == "link_open":
            link.append(str(child.attrs.get("href", "")))
        elif kind == "link_close":
            href = link.pop() if link else ""
            if href and not href.startswith("#"):
                paragraph.add_run(f" ({href})")
        elif kind in ("softbreak", "hardbreak"):
            paragraph.add_run().add_break() if kind == "hardbreak" else paragraph.add_run(" ")
        elif kind == "image":
            paragraph.add_run(f"{child.content.strip()} (image not included)".strip())
        elif kind in ("text", "code_inline", "html_inline"):
            run = paragraph.add_run(child.content)
            run.bold = bool(bold) or None
            run.italic = bool(italic) or None


def _plain(children: list[Any]) -> str:
    """A table cell's inline tokens as plain text."""
    parts = []
    for child in children:
        if child.type in ("text", "code_inline", "html_inline"):
            parts.append(child.content)
        elif child.type == "image":
            parts.append(f"{child.content} (image not included)")
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    return "".join(parts)
