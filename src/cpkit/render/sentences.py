"""Sentence templates: the report's generated words, in jinja2, overridable per workspace.

Each file ``reports/templates/sentences/<name>.j2`` holds macros; the report definition
names one as ``"<name>.<macro>"`` (``"advocacy.referrals"``). A workspace overrides a file by
putting its own copy in ``reports/templates/sentences/`` (the same folder as the page
templates). Every template, shipped or the user's, renders in jinja2's SandboxedEnvironment
with undefined names as errors, and can only reach the figures through ``fig()`` and the
house-style helpers registered here (render/words.py).

A macro's output is plain text: paragraphs separated by a blank line, and a paragraph whose
lines all start with "- " is a bulleted list. Whitespace inside a paragraph is collapsed and
no sentence opens with a numeral.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cpkit.errors import ReportDefinitionError
from cpkit.render import words
from cpkit.render.model import date_text

if TYPE_CHECKING:
    from cpkit.render.model import Block, Figures
    from cpkit.render.prose import Style

SENTENCES = "sentences"
_FIG_CALL = re.compile(r"""\bfig\(\s*(['"])(?P<id>[^'"]+)\1\s*[,)]""")


class Sentences:
    """The sandboxed environment over the workspace's sentence files and cpkit's."""

    def __init__(self, user_templates: Path | None, default_templates: Path) -> None:
        import jinja2
        from jinja2.sandbox import SandboxedEnvironment

        folders = [
            str(p / SENTENCES)
            for p in (user_templates, default_templates)
            if p is not None and (p / SENTENCES).is_dir()
        ]
        self.env = SandboxedEnvironment(
            loader=jinja2.FileSystemLoader(folders),
            autoescape=False,  # plain text: each output format escapes it
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            extensions=["jinja2.ext.do"],
        )
        self.env.filters.update(
            words=words.count_text,
            plural=words.plural,
            join=words.join,
            place=words.place,
            lower_first=words.lower_first,
        )
        self.env.globals.update(
            plural=words.plural,
            join=words.join,
            all_of=words.all_of,
            place=words.place,
            number_words=words.number_words,
        )
        self.context: dict[str, Any] = {}  # more names for every template (programmes...)
        self._macros: dict[str, tuple[str | None, set[str] | str]] = {}

    # ------------------------------------------------------------------ checking

    def problem(self, name: str) -> str | None:
        """What is wrong with a template name ('advocacy.referrals'), or None."""
        file, _, macro = name.rpartition(".")
        if not file or not macro:
            return f"template '{name}' must be written file.macro, e.g. advocacy.referrals"
        if file not in self._macros:  # parsed once per file: a definition names many macros
            self._macros[file] = self._macros_of(file)
        path, macros = self._macros[file]
        if path is None:
            return f"no sentence template file '{file}.j2' for '{name}'"
        if isinstance(macros, str):
            return macros  # the file's syntax error
        if macro not in macros:
            return f"{path} has no macro '{macro}' (it has: {', '.join(sorted(macros))})"
        return None

    def _macros_of(self, file: str) -> tuple[str | None, set[str] | str]:
        """One sentence file's path and macro names; its syntax error instead of the names
        when it has one; no path when there is no such file."""
        import jinja2

        try:
            source, path, _ = self.env.loader.get_source(self.env, f"{file}.j2")  # type: ignore[union-attr]
        except jinja2.TemplateNotFound:
            return None, set()
        try:
            parsed = self.env.parse(source)
        except jinja2.TemplateSyntaxError as error:
            return path, f"{path}, line {error.lineno}: {error.message}"
        return path, {node.name for node in parsed.find_all(jinja2.nodes.Macro)}

    def metric_ids(self) -> list[tuple[str, int, str]]:
        """Every fig('...') literal in every sentence file: (file, line, metric id)."""
        found = []
        for name in sorted(self.env.list_templates(extensions=["j2"])):
            source, path, _ = self.env.loader.get_source(self.env, name)  # type: ignore[union-attr]
            for number, line in enumerate(source.splitlines(), start=1):
                found += [(str(path), number, m["id"]) for m in _FIG_CALL.finditer(line)]
        return found

    # ------------------------------------------------------------------ rendering

    def render(self, name: str, figures: Figures, style: Style, **context: Any) -> str:
        """Render one macro with the figures; the text it gives (maybe empty)."""
        import jinja2

        file, _, macro = name.rpartition(".")
        try:
            template = self.env.get_template(f"{file}.j2")
            module = template.make_module(self._globals(figures, style, context))
            return str(getattr(module, macro)())
        except jinja2.TemplateError as error:
            where = getattr(error, "filename", None) or f"{file}.j2"
            line = getattr(error, "lineno", None)
            raise ReportDefinitionError(
                f"sentence template {where}{f', line {line}' if line else ''}: {error}",
                hint="templates can use fig(...), year and the helpers in docs/guide.md",
            ) from None

    def blocks(self, name: str, figures: Figures, style: Style, **context: Any) -> list[Block]:
        """A macro's text as paragraphs and bulleted lists."""
        return text_blocks(self.render(name, figures, style, **context))

    def _globals(self, figures: Figures, style: Style, context: dict[str, Any]) -> dict:
        year = figures.year

        def fig(metric_id: str, **group: str) -> Any:
            return figures.fig(metric_id, style, **group)

        def relation(value: float | None, other: float | None) -> str:
            """'above', 'below' or 'the same as', as the rounded percentages read."""
            if value is None or other is None:
                return "compared with"
            ours, theirs = figures.fmt.percent_number(value), figures.fmt.percent_number(other)
            return "the same as" if ours == theirs else ("above" if ours > theirs else "below")

        def count(value: float | int | None) -> str:
            return "–" if value is None else words.count_text(value, style.numbers_in_words)

        return {
            "fig": fig,
            "year": year.label,
            "prior_year": year.prior.label,
            "year_start": date_text(year.start),
            "year_end": date_text(year.end),
            "prior_year_end": date_text(year.prior.end),
            "n": count,
            "date": lambda iso: date_text(dt.date.fromisoformat(str(iso))),
            "relation": relation,
            **self.context,
            **context,
        }


def text_blocks(text: str) -> list[Block]:
    """Plain text -> paragraph and bullets blocks; no sentence opens with a numeral."""
    from cpkit.render.model import Block

    blocks = []
    for chunk in re.split(r"\n\s*\n", text.strip()):
        lines = [line.strip() for line in chunk.strip().splitlines() if line.strip()]
        if not lines:
            continue
        if all(line.startswith("- ") for line in lines):
            items = [words.sentence_start(_tidy(line[2:])) for line in lines]
            blocks.append(Block("bullets", items=items))
        else:
            blocks.append(Block("paragraph", text=words.sentence_start(_tidy(" ".join(lines)))))
    return blocks


def _tidy(text: str) -> str:
    """One space between words, none before punctuation, a capital at the start."""
    text = re.sub(r"\s+", " ", text).strip()
    text = re.sub(r"\s+([,.;:)])", r"\1", text)
    text = re.sub(r"\(\s+", "(", text)
    text = re.sub(r"([.!?] )([a-z])", lambda m: m[1] + m[2].upper(), text)
    return text[:1].upper() + text[1:]
