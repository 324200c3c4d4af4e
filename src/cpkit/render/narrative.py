"""Narrative: the analysts' own words, one Markdown file per section, citing live figures.

Narrative files come from shared drives and e-mail, so they are data, never code: no
template engine runs them. A small strict parser finds two kinds of reference and
substitutes them:

- ``{{ year }}``: the report's year label (``2023-24``);
- ``{{ figure("metric.id", group="CODE", show="...") }}``: a figure, formatted as everywhere
  in the report. The arguments are quoted text only: the metric id, then ``name="value"``
  pairs naming the group (``cohort="CIC"``) and what to show (``show=``, see ``SHOW``).

Anything else between ``{{ }}``, any ``{% %}``, raw HTML, images and links that are not
http(s) or mailto are errors. Every problem in every file is reported in one run, each with
its file and line. ``{# ... #}`` and ``<!-- ... -->`` are comments and are left out. A line
``<!-- figures -->`` splits a file: text before it comes before the section's generated
figures, text after it follows them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from cpkit.areas import AREAS
from cpkit.errors import InputError
from cpkit.render.model import Figures
from cpkit.render.narrative_checks import Problem, markdown_problems, suggest_metric

if TYPE_CHECKING:
    from cpkit.metrics.comparisons import Comparisons

FRONT_FILES = ("introduction", "service_overview", "executive_summary")
# the service sections' files: one per report section the area registry names, in area order
SECTION_FILES = FRONT_FILES + tuple(dict.fromkeys(a.section for a in AREAS))
MARKER = "<!-- figures -->"
# what figure(..., show=X) writes; the comparators come from the metric's comparisons
SHOW = (
    "value",
    "n",
    "n_and_pct",
    "of",
    "prior",
    "change",
    "prior_year_label",
    "england",
    "region",
    "neighbours",
    "benchmark_year",
    "target",
)
_BENCHMARKS = {"england": "england", "region": "region", "neighbours": "statistical_neighbours"}
_CLOSERS = {"{{": "}}", "{%": "%}", "{#": "#}"}
_OPENER = re.compile(r"\{\{|\{%|\{#")
_COMMENT = re.compile(r"<!--(?!\s*figures\s*-->).*?-->", re.DOTALL)
_TOKEN = re.compile(
    r"\s*(?:(?P<name>[A-Za-z_]\w*)|(?P<string>\"[^\"\n]*\"|'[^'\n]*')|(?P<punct>[(),=])|(?P<other>\S))"
)
_USE = 'narrative can use {{ year }} and {{ figure("metric.id", show="...") }}'


class NarrativeError(InputError):
    """A narrative file that cannot be used as it is: every problem, with file and line."""


@dataclass
class Narrative:
    before: str = ""
    after: str = ""


@dataclass
class Reference:
    """One parsed ``{{ figure(...) }}`` (or ``{{ year }}``, with an empty metric id)."""

    line: int
    metric_id: str = ""
    group: dict[str, str] = field(default_factory=dict)
    show: str = "value"


def load_narrative(
    folder: Path | None, figures: Figures, sections: Sequence[str] = SECTION_FILES
) -> dict[str, Narrative]:
    """Render every narrative file in ``folder`` with live figures; {} when there is none.
    ``sections`` are the report's section ids (from its definition).

    Raises one NarrativeError naming every problem in every file.
    """
    if folder is None or not folder.is_dir():
        return {}
    problems = [
        Problem(
            path,
            None,
            "is not a report section",
            hint="name files after sections: " + ", ".join(sections),
        )
        for path in sorted(folder.glob("*.md"))
        if path.stem not in sections
    ]
    found = {}
    for name in sections:
        path = folder / f"{name}.md"
        if path.is_file():
            text = _render_file(path, figures, problems)
            before, _, after = text.partition(MARKER)
            found[name] = Narrative(before.strip(), after.strip())
    raise_problems(problems)
    return found


def render_text(path: Path, text: str, figures: Figures) -> str:
    """``text`` (the contents of ``path``) with its references replaced by figures."""
    problems: list[Problem] = []
    rendered = _substitute(path, text, figures, problems)
    raise_problems(problems)
    return rendered


def raise_problems(problems: list[Problem]) -> None:
    """One error for all the problems: what is wrong where, and how to fix each."""
    if not problems:
        return
    if len(problems) == 1:
        only = problems[0]
        raise NarrativeError(only.text, hint=only.hint or None)
    listed = "; ".join(p.text + (f" ({p.hint})" if p.hint else "") for p in problems)
    raise NarrativeError(
        f"{len(problems)} problems in the narrative: {listed}", hint="fix them and render again"
    )


def _render_file(path: Path, figures: Figures, problems: list[Problem]) -> str:
    text = _read(path, problems)
    if text is None:
        return ""
    rendered = _substitute(path, text, figures, problems)
    problems.extend(markdown_problems(path, rendered.replace(MARKER, "")))
    return rendered


def _read(path: Path, problems: list[Problem]) -> str | None:
    """The file as text: UTF-8 (a BOM is allowed) or UTF-16/32 with a BOM, as Notepad saves
    "Unicode"; anything else (Windows-1252, stray bytes) is a problem naming the line."""
    from cpkit.textfiles import bom_encoding, read_text

    try:
        encoding = bom_encoding(path.read_bytes()[:4])
        if encoding is not None and encoding != "utf-8-sig":
            return path.read_bytes().decode(encoding)
        return read_text(path, "narrative file")
    except InputError as error:
        message = error.message.removeprefix(f"narrative file {path.name} ")
        problems.append(Problem(path, None, message, error.hint or ""))
    except (OSError, UnicodeDecodeError) as error:
        problems.append(Problem(path, None, f"cannot be read ({type(error).__name__})"))
    return None


def _substitute(path: Path, text: str, figures: Figures, problems: list[Problem]) -> str:
    """Replace every ``{{ }}`` with its value; record a problem for anything not allowed."""
    text = _COMMENT.sub(lambda m: "\n" * m.group().count("\n"), text)
    pieces: list[str] = []
    position = 0
    while (found := _OPENER.search(text, position)) is not None:
        opener = found.group()
        closer = _CLOSERS[opener]
        line = text.count("\n", 0, found.start()) + 1
        end = text.find(closer, found.end())
        if end < 0:
            problems.append(Problem(path, line, f"'{opener}' is never closed with '{closer}'"))
            break
        inner = text[found.end() : end]
        pieces.append(text[position : found.start()])
        pieces.append(_replacement(path, line, opener, inner, figures, problems))
        pieces.append("\n" * inner.count("\n"))  # keep later line numbers right
        position = end + len(closer)
    pieces.append(text[position:] if position <= len(text) else "")
    return "".join(pieces)


def _replacement(
    path: Path, line: int, opener: str, inner: str, figures: Figures, problems: list[Problem]
) -> str:
    if opener == "{#":
        return ""
    if opener == "{%":
        problems.append(
            Problem(
                path,
                line,
                f"'{{% {_snippet(inner)} %}}': template statements are not allowed in narrative",
                hint=_USE + "; put logic in a trusted --templates folder",
            )
        )
        return ""
    reference = _parse(path, line, inner, problems)
    if reference is None:
        return "–"
    if not reference.metric_id:
        return figures.year.label
    return _figure_text(path, reference, figures, problems)


def _snippet(inner: str) -> str:
    """The expression as it can appear in a message: one line, printable, at most 60."""
    text = " ".join("".join(c for c in inner if c.isprintable() or c.isspace()).split())
    return text if len(text) <= 60 else text[:59] + "…"


# ---------------------------------------------------------------------------- parsing


def _parse(path: Path, line: int, inner: str, problems: list[Problem]) -> Reference | None:
    """``year`` or ``figure("id", name="value", ...)``, quoted text only; else a problem."""
    tokens = _tokens(inner)
    shown = f"{{{{ {_snippet(inner)} }}}}"
    if [kind for kind, _ in tokens] == ["name"] and tokens[0][1] == "year":
        return Reference(line)
    if not tokens or tokens[0] != ("name", "figure"):
        what = f"'{tokens[0][1]}' is" if tokens and tokens[0][0] == "name" else "it is"
        problems.append(Problem(path, line, f"{shown}: {what} not available", hint=_USE))
        return None
    arguments = _arguments(tokens)
    if arguments is None:
        problems.append(
            Problem(
                path,
                line,
                f'{shown}: figure() takes a metric id in quotes, then name="value" pairs',
                hint='e.g. figure("advocacy.referrals_by_cohort", cohort="CIC", show="n")',
            )
        )
        return None
    metric_id, named = arguments
    show = named.pop("show", "value")
    return Reference(line, metric_id, named, show)


def _tokens(inner: str) -> list[tuple[str, str]]:
    found = []
    for match in _TOKEN.finditer(inner):
        kind = match.lastgroup
        if kind is None:
            break
        found.append((kind, match.group(kind)))
    return found


def _arguments(tokens: list[tuple[str, str]]) -> tuple[str, dict[str, str]] | None:
    """figure's arguments, or None when they are not: "id" then name="value" pairs."""
    if len(tokens) < 4 or tokens[1] != ("punct", "(") or tokens[-1] != ("punct", ")"):
        return None
    inside = tokens[2:-1]
    if inside and inside[-1] == ("punct", ","):
        inside = inside[:-1]
    if not inside or inside[0][0] != "string":
        return None
    named: dict[str, str] = {}
    rest = inside[1:]
    while rest:
        if len(rest) < 4 or rest[0] != ("punct", ",") or rest[1][0] != "name":
            return None
        if rest[2] != ("punct", "=") or rest[3][0] != "string" or rest[1][1] in named:
            return None
        named[rest[1][1]] = rest[3][1][1:-1]
        rest = rest[4:]
    return inside[0][1][1:-1], named


# ---------------------------------------------------------------------------- figures


def _figure_text(path: Path, ref: Reference, figures: Figures, problems: list[Problem]) -> str:
    """The formatted figure, or '–' (and a problem) when the reference is wrong."""
    call = f"figure('{ref.metric_id}'" + "".join(f", {k}='{v}'" for k, v in ref.group.items())
    problem = _check(ref, figures)
    if problem is not None:
        message, hint = problem
        if figures.known(ref.metric_id):
            shown = "" if ref.show == "value" else f", show='{ref.show}'"
            message = f"{call}{shown}): {message}"
        problems.append(Problem(path, ref.line, message, hint))
        return "–"
    result = figures.metric(ref.metric_id)
    if result is None or result.status != "ok":
        return "–"
    figure = figures.get(ref.metric_id, **ref.group)
    if figure is None:
        groups = ", ".join(_group_text(f.group) for f in result.figures if f.group)
        problems.append(
            Problem(
                path,
                ref.line,
                f"{call}): no figure for group {_group_text(ref.group) or '(headline)'}",
                hint=f"its figures are for {groups or 'the headline only'}",
            )
        )
        return "–"
    return _show(ref, figures, figure.comparisons)


def _check(ref: Reference, figures: Figures) -> tuple[str, str] | None:
    """What is wrong with a reference before looking at the data, as (message, hint)."""
    if not figures.known(ref.metric_id):
        close = suggest_metric(ref.metric_id, figures)
        hint = f"did you mean '{close}'?" if close else "see 'cpkit metrics list'"
        return f"unknown metric '{ref.metric_id}'", hint
    if ref.show not in SHOW:
        return f"unknown show '{ref.show}'", "use one of " + ", ".join(SHOW)
    result = figures.metric(ref.metric_id)
    assert result is not None
    if ref.show in (*_BENCHMARKS, "benchmark_year") and result.spec.benchmark is None:
        return "this metric has no DfE benchmark", "England, region and neighbours are for " + (
            "metrics with a published comparator, e.g. care_leavers.eet_19_21"
        )
    if ref.show in (*_BENCHMARKS, "benchmark_year", "target") and ref.group:
        return "comparators are for the headline figure", "leave out the group"
    headline = result.headline if result.status == "ok" else None
    if ref.show == "target" and headline and headline.comparisons.target is None:
        return "no target is set for this metric", (
            f'add "{ref.metric_id}" = VALUE under [targets] in cpkit.toml'
        )
    return None


def _show(ref: Reference, figures: Figures, c: Comparisons) -> str:
    group, unit, fmt = ref.group, figures.unit(ref.metric_id), figures.fmt
    simple = {"value": figures.value, "n": figures.n, "n_and_pct": figures.n_and_pct}
    if ref.show in simple:
        return simple[ref.show](ref.metric_id, **group)
    if ref.show == "of":
        return figures.of(ref.metric_id, **group)
    if ref.show == "target":
        return fmt.value(c.target, unit)
    if ref.show in _BENCHMARKS or ref.show == "benchmark_year":
        benchmark = c.benchmark
        if benchmark is None:
            return "–"
        if ref.show == "benchmark_year":
            return benchmark.year
        return fmt.value(getattr(benchmark, _BENCHMARKS[ref.show]), unit)
    prior = c.prior
    if prior is None:
        return "–"
    if ref.show == "prior_year_label":
        return prior.label
    if ref.show == "prior":
        return fmt.value(prior.value, unit, prior.suppressed)
    return fmt.change_of(prior, unit)


def _group_text(group: dict[str, str]) -> str:
    return ", ".join(f'{k}="{v}"' for k, v in group.items())
