"""Templates and output files: a jinja2 environment whose templates a user's folder can
override one by one, and atomic writing of the Markdown (with chart files) and HTML."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from cpkit.errors import InputError, WorkspaceError
from cpkit.render.charts import Chart


def default_templates() -> Path:
    """The shipped templates: inside the wheel, or reports/templates/ of a checkout."""
    here = Path(__file__).resolve()
    for candidate in (here.parent / "default_templates", here.parents[3] / "reports" / "templates"):
        if (candidate / "report.html.j2").is_file():
            return candidate
    raise WorkspaceError(
        "cpkit's report templates are missing from this installation", hint="reinstall cpkit"
    )


def environment(user_templates: Path | None) -> Any:
    """Templates from the user's folder first, then cpkit's defaults."""
    import jinja2

    folders = [str(p) for p in (user_templates,) if p is not None and p.is_dir()]
    loader = jinja2.FileSystemLoader([*folders, str(default_templates())])
    env = jinja2.Environment(
        loader=loader,
        autoescape=jinja2.select_autoescape(["html.j2"]),
        trim_blocks=False,
        lstrip_blocks=False,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["md_cell"] = md_cell
    env.filters["md_text"] = md_text
    env.filters["md_alt"] = md_alt
    env.filters["narrative_md"] = narrative_md
    env.globals["md_rule"] = md_rule
    env.globals["numeric_columns"] = numeric_columns
    env.filters["breakable"] = breakable
    env.filters["shift_headings"] = shift_headings
    env.filters["narrative_html"] = narrative_html
    return env


# a number as the report prints it: 303, 1,858, 44%, £17,387, 304 days, +4 pts, 303 (44%),
# +16 (+80%), 64% (230 of 357), [c] or – (not available)
_NUMERIC = re.compile(
    r"^[-+–]?[£]?[\d,.]*\d[\d,.]*%?( pts?| days?)?"
    r"( \([-+–]?[\d,.]+%\)| \([\d,]+ of [\d,]+\))?$|^\[c\]$|^–$"
)


def numeric_columns(headers: list[str], rows: list[list[str]]) -> list[bool]:
    """Which columns hold numbers (counts, percentages, '303 (44%)', [c]), to be right-aligned;
    text columns, and the first column (the row's name), stay left-aligned. Blank cells do
    not decide either way."""
    found = []
    for index, _ in enumerate(headers):
        column = [str(row[index]) for row in rows if index < len(row) and str(row[index]).strip()]
        found.append(index > 0 and bool(column) and all(_NUMERIC.match(c) for c in column))
    return found


def md_rule(headers: list[str], rows: list[list[str]]) -> str:
    """The |---|---:| line: numeric columns right-aligned, text left."""
    cells = ["---:" if numeric else "---" for numeric in numeric_columns(headers, rows)]
    return "|" + "|".join(cells) + "|"


# Markdown that text from extracts, config or narrative must never become: raw HTML (<script>,
# <img onerror>), links and images ([x](javascript:...), ![](https://remote)), autolinks,
# and at the start of a line a heading, quote, list item, rule, fence or underline (CommonMark: a
# heading's #s and a list marker need a space or the end after them, so '#5' and '-1 (-17%)'
# are text and stay as typed)
_MD_INLINE = re.compile(r"(<|\]\(|\]\[|\]:|!\[|`)")
_MD_BLOCK_START = re.compile(
    r"^(?:#{1,6}(?=\s|$)|>|[-+*](?=\s|$)|~~~|([-*_])(?:\s*\1){2,}\s*$|(?:=+|-+)\s*$)"
)  # heading, quote, list item, fence, rule, setext underline
_MD_ORDERED = re.compile(r"^(\d{1,9})([.)])(?=\s|$)")  # '1. ' escaped as '1\. '
# a table cell is never a list item, rule or fence (GFM reads no blocks in a cell); a heading
# or quote is still escaped so that a cell's text stays inert wherever it is used on its own
_MD_CELL_START = re.compile(r"^(?:#{1,6}(?=\s|$)|>)")


def md_text(value: object, *, cell: bool = False) -> str:
    """Data text as inert Markdown: shown as typed, never markup, links or images. Its start
    is escaped only where Markdown would read a block there (and never a number)."""
    text = " ".join(str(value).split())
    text = text.replace("\\", "\\\\")
    text = _MD_INLINE.sub(lambda m: "\\" + m.group(1), text)
    if _NUMERIC.match(text):
        return text
    if (_MD_CELL_START if cell else _MD_BLOCK_START).match(text):
        return "\\" + text
    return text if cell else _MD_ORDERED.sub(r"\1\\\2", text)


def md_alt(value: object) -> str:
    """The description inside ![...](): its brackets escaped, so none can end it early."""
    text = " ".join(str(value).split()).replace("\\", "\\\\")
    return re.sub(r"([\[\]<`!])", r"\\\1", text)


def md_cell(value: object) -> str:
    """A table cell: inert Markdown (``md_text``) with its pipes escaped."""
    return md_text(value, cell=True).replace("|", "\\|")


_TARGET = r"\((?:[^()]|\([^()]*\))*\)"  # (url), allowing one level of (brackets) inside
_IMAGE = re.compile(r"!\[([^\]]*)\]" + _TARGET)
_LINK = re.compile(r"\[([^\]]*)\](?=\(\s*(?!https?:|mailto:|#)[^)]*:)" + _TARGET, re.IGNORECASE)
_TAG = re.compile(r"<(?=[A-Za-z/!?])")


def narrative_md(text: str) -> str:
    """Narrative Markdown for the Markdown report: headings shifted, and nothing in it can
    load or run anything: raw HTML is shown as text, images become their description (the
    picture is not part of the report; a remote one would be a network request), and links
    other than web, e-mail and page links become their text."""
    text = _IMAGE.sub(lambda m: f"{m.group(1)} (image not included)".strip(), text)
    text = text.replace("![", "!\\[")  # reference-style images
    text = _LINK.sub(lambda m: m.group(1), text)
    return shift_headings(_TAG.sub("&lt;", text))


def shift_headings(text: str, top: int = 3) -> str:
    """Narrative headings start at level ``top`` (h3 under a section's h2), keeping their
    order: '# Impact' and '### Impact' both become '### Impact'."""
    levels = [len(m) for m in re.findall(r"(?m)^(#{1,6})(?=\s)", text)]
    if not levels:
        return text
    by = top - min(levels)
    return re.sub(
        r"(?m)^(#{1,6})(?=\s)", lambda m: "#" * max(1, min(6, len(m.group(1)) + by)), text
    )


def narrative_html(text: str) -> Any:
    """Narrative Markdown as HTML: raw HTML is not passed through, links are checked by
    markdown-it (no javascript:), and images become their description, so nothing in a
    narrative file makes the report load anything."""
    from markdown_it import MarkdownIt
    from markupsafe import Markup, escape

    renderer = MarkdownIt("commonmark", {"html": False}).enable("table")

    def image(self: Any, tokens: Any, index: int, options: Any, env: Any) -> str:
        described = tokens[index].content.strip()
        return str(escape(f"{described} (image not included)".strip()))

    renderer.add_render_rule("image", image)
    return Markup(renderer.render(shift_headings(text)))


def _chart_numbers(context: dict[str, Any]) -> dict[str, int]:
    charts = [b.chart for s in context["sections"] for b in s.blocks if b.chart is not None]
    return {chart.id: number for number, chart in enumerate(charts, start=1)}


def render_document(
    kind: str, context: dict[str, Any], out_dir: Path, stem: str, user_templates: Path | None
) -> list[Path]:
    """Render one format; returns the files written (the document first).

    Charts are drawn here, not when the report is built: the model holds their data only,
    so each output format draws them as it needs (SVG here, PNG for documents)."""
    from cpkit.render.charts import render_svg

    for section in context["sections"]:
        for block in section.blocks:
            if block.chart is not None and not block.chart.svg:
                render_svg(block.chart)
    env = environment(user_templates)
    numbers = _chart_numbers(context)
    prepare_out_dir(out_dir)
    values = dict(context, chart_number=lambda chart: numbers[chart.id])
    if kind == "md":
        chart_dir = out_dir / f"{stem}-charts"
        charts = [b.chart for s in context["sections"] for b in s.blocks if b.chart is not None]
        values["chart_path"] = lambda chart: f"{chart_dir.name}/{chart.file_name}"
        text = _render(env, "report.md.j2", values)
        written = [_write(chart_dir / c.file_name, _standalone_svg(c)) for c in charts]
        return [_write(out_dir / f"{stem}.md", _tidy_markdown(text)), *written]
    values["css"] = inline_css(_render(env, "style.css", {}))
    text = _render(env, "report.html.j2", values)
    return [_write(out_dir / f"{stem}.html", text)]


def prepare_out_dir(out_dir: Path) -> None:
    """The report folder, created if need be; a clear error when it cannot be."""
    if out_dir.exists() and not out_dir.is_dir():
        raise WorkspaceError(
            f"--out {out_dir} is a file, not a folder",
            hint="give a folder for the report files (it is created if missing)",
        )
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise WorkspaceError(
            f"cannot create the report folder {out_dir} ({exc.strerror or type(exc).__name__})",
            hint="choose a folder you may write to with --out",
        ) from None


def _render(env: Any, name: str, values: dict[str, Any]) -> str:
    """One template rendered; a mistake in a user's template is a clear error naming the
    file and line (``--templates`` folders are code: they are trusted, not sandboxed)."""
    import jinja2

    try:
        return str(env.get_template(name).render(**values))
    except jinja2.TemplateSyntaxError as exc:
        where = f"{exc.filename or name}, line {exc.lineno}"
        raise InputError(
            f"the template {where} has a syntax error ({exc.message})",
            hint="correct it, or remove it from your templates folder to use cpkit's own",
        ) from None
    except jinja2.TemplateError as exc:
        raise InputError(
            f"the template {name} cannot be rendered ({type(exc).__name__}: {exc.message})",
            hint="correct it, or remove it from your templates folder to use cpkit's own",
        ) from None


_LONG_TOKEN = re.compile(r"\S{16,}")


def breakable(value: object) -> Any:
    """A table cell as HTML in which a long file or dataset name may wrap after '_', '.',
    '-' or '/' (an invisible <wbr>) rather than at any letter; the text stays escaped."""
    from markupsafe import Markup, escape

    def soften(match: re.Match[str]) -> str:
        return re.sub(r"([_./-])(?=\w)", r"\1<wbr>", match.group(0))

    return Markup(_LONG_TOKEN.sub(soften, str(escape(value))))


def inline_css(css: str) -> Any:
    """The style sheet for a <style> element: not HTML-escaped (quotes in ``content: "Page "``
    must stay quotes), but with every '<' written as the CSS escape ``\\3C `` so that no
    sheet, however written, can close the element and start markup of its own."""
    from markupsafe import Markup

    return Markup(css.replace("<", "\\3C "))


def _standalone_svg(chart: Chart) -> str:
    return '<?xml version="1.0" encoding="utf-8" standalone="no"?>\n' + chart.svg


def _tidy_markdown(text: str) -> str:
    """At most one blank line in a row, and a single newline at the end."""
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


def _write(path: Path, text: str) -> Path:
    """Write atomically, so a reader never sees half a report."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.tmp")
    try:
        temporary.write_text(text, encoding="utf-8")
        os.replace(temporary, path)
    except OSError as exc:  # a full disk: no half-written file left, the error names the file
        temporary.unlink(missing_ok=True)
        exc.filename = str(path)
        raise
    return path
