"""Templates and output files: a jinja2 environment whose templates a user's folder can
override one by one, and atomic writing of the Markdown (with chart files) and HTML."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from cpkit.errors import WorkspaceError
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
    env.globals["md_rule"] = md_rule
    env.filters["shift_headings"] = shift_headings
    env.filters["narrative_html"] = narrative_html
    return env


_NUMERIC = re.compile(r"^[-+–]?[£]?[\d,.]*\d[\d,.]*%?( \(\d+%\))?$|^\[c\]$|^–$")


def md_rule(headers: list[str], rows: list[list[str]]) -> str:
    """The |---|---:| line: numeric columns right-aligned, text left."""
    cells = []
    for index, _ in enumerate(headers):
        column = [str(row[index]) for row in rows if index < len(row)]
        numeric = index > 0 and column and all(_NUMERIC.match(c) for c in column)
        cells.append("---:" if numeric else "---")
    return "|" + "|".join(cells) + "|"


def md_cell(value: object) -> str:
    return str(value).replace("|", "\\|").replace("\n", " ")


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
    """Narrative Markdown as HTML (raw HTML in narrative is not passed through)."""
    from markdown_it import MarkdownIt
    from markupsafe import Markup

    renderer = MarkdownIt("commonmark", {"html": False}).enable("table")
    return Markup(renderer.render(shift_headings(text)))


def _chart_numbers(context: dict[str, Any]) -> dict[str, int]:
    charts = [b.chart for s in context["sections"] for b in s.blocks if b.chart is not None]
    return {chart.id: number for number, chart in enumerate(charts, start=1)}


def render_document(
    kind: str, context: dict[str, Any], out_dir: Path, stem: str, user_templates: Path | None
) -> list[Path]:
    """Render one format; returns the files written (the document first)."""
    env = environment(user_templates)
    numbers = _chart_numbers(context)
    out_dir.mkdir(parents=True, exist_ok=True)
    values = dict(context, chart_number=lambda chart: numbers[chart.id])
    if kind == "md":
        chart_dir = out_dir / f"{stem}-charts"
        charts = [b.chart for s in context["sections"] for b in s.blocks if b.chart is not None]
        written = [_write(chart_dir / c.file_name, _standalone_svg(c)) for c in charts]
        values["chart_path"] = lambda chart: f"{chart_dir.name}/{chart.file_name}"
        text = env.get_template("report.md.j2").render(**values)
        return [_write(out_dir / f"{stem}.md", _tidy_markdown(text)), *written]
    values["css"] = env.get_template("style.css").render()
    text = env.get_template("report.html.j2").render(**values)
    return [_write(out_dir / f"{stem}.html", text)]


def _standalone_svg(chart: Chart) -> str:
    return '<?xml version="1.0" encoding="utf-8" standalone="no"?>\n' + chart.svg


def _tidy_markdown(text: str) -> str:
    """At most one blank line in a row, and a single newline at the end."""
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


def _write(path: Path, text: str) -> Path:
    """Write atomically, so a reader never sees half a report."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)
    return path
