"""Checks on narrative text: Markdown that would make the report unsafe, and suggestions
for a misspelt metric id.

The report is self-contained and published: narrative may not pull in images (a remote one
is a network request from every reader's browser), run script through raw HTML, or link
anywhere but the web and e-mail.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from cpkit.render.model import Figures

_LINK_SCHEMES = ("https://", "http://", "mailto:")


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a narrative file, where it is, and how to fix it."""

    path: Path
    line: int | None
    message: str
    hint: str = ""

    @property
    def text(self) -> str:
        """'a.md, line 3: unknown metric ...', or 'a.md is not UTF-8 text ...' for the file."""
        if self.line:
            return f"{self.path}, line {self.line}: {self.message}"
        return f"{self.path} {self.message}"


def markdown_problems(path: Path, text: str) -> list[Problem]:
    """Images, raw HTML and links other than http(s)/mailto, each with its line."""
    from markdown_it import MarkdownIt

    parser = MarkdownIt("commonmark", {"html": True}).enable("table")
    setattr(parser, "validateLink", lambda url: True)  # noqa: B010 (see every link, to name the bad ones)
    problems = []
    for block in parser.parse(text):
        line = block.map[0] + 1 if block.map else None
        if block.type == "html_block":
            problems.append(_raw_html(path, line, block.content))
        for token in block.children or ():
            if token.type in ("softbreak", "hardbreak") and line is not None:
                line += 1  # inline tokens carry no line: count the breaks before them
            problem = _inline_problem(path, line, token)
            if problem is not None:
                problems.append(problem)
    return problems


def _inline_problem(path: Path, line: int | None, token: Any) -> Problem | None:
    if token.type == "image":
        return Problem(
            path,
            line,
            f"image '{_short(str(token.attrs.get('src', '')))}': narrative cannot include images",
            hint="the report is self-contained and makes no network requests; describe it "
            "in words, or add it through a trusted --templates folder",
        )
    if token.type == "html_inline":
        return _raw_html(path, line, token.content)
    if token.type == "link_open":
        href = str(token.attrs.get("href", ""))
        if not href.lower().startswith(_LINK_SCHEMES) and not href.startswith("#"):
            return Problem(
                path,
                line,
                f"link to '{_short(href)}' is not allowed",
                hint="links must start with https://, http:// or mailto:",
            )
    return None


def _raw_html(path: Path, line: int | None, content: str) -> Problem:
    return Problem(
        path,
        line,
        f"raw HTML '{_short(content)}' is not allowed in narrative",
        hint="write Markdown: **bold**, *italic*, [text](https://...), lists and tables",
    )


def _short(text: str) -> str:
    text = " ".join("".join(c for c in text if c.isprintable() or c.isspace()).split())
    return text if len(text) <= 50 else text[:49] + "…"


# ---------------------------------------------------------------------------- suggestions


def suggest_metric(metric_id: str, figures: Figures) -> str | None:
    """The metric a misspelt id most likely meant.

    Words count before spelling: ``iv.matched`` means ``iv.children_matched`` (the word
    "matched" is in its id and title), not ``iv.match_rate``, which is spelt closer.
    """
    specs = [r.spec for area in figures.results.values() for r in area.results]
    area, _, name = metric_id.lower().partition(".")
    words = [w for w in re.split(r"[_\W]+", name or area) if w]

    def score(spec: Any) -> tuple[bool, int, int, float]:
        id_words = set(re.split(r"[_.\W]+", spec.id.lower()))
        title_words = set(re.split(r"\W+", spec.title.lower()))
        return (
            spec.area_prefix == area,
            sum(w in id_words for w in words),
            sum(w in title_words for w in words),
            difflib.SequenceMatcher(None, name or area, spec.name).ratio(),
        )

    if not specs:
        return None
    best = max(specs, key=score)
    _, in_id, in_title, ratio = score(best)
    if in_id or in_title or ratio >= 0.6:
        return str(best.id)
    return None
