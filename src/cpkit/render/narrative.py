"""Narrative: the analysts' own words, one Markdown file per section, citing live figures.

A narrative file may contain ``{{ figure("advocacy.referrals") }}`` (the formatted value),
``{{ figure("advocacy.referrals_by_cohort", cohort="CIC", show="n_and_pct") }}`` and so on,
so a sentence updates when the data changes. An unknown metric id, group or ``show`` is an
error naming the file and line. A line ``<!-- figures -->`` splits the file: text before it
comes before the section's generated figures, text after it follows them.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cpkit.areas import AREAS
from cpkit.errors import InputError
from cpkit.render.model import Figures
from cpkit.textfiles import read_text

FRONT_FILES = ("introduction", "service_overview", "executive_summary")
# the service sections' files: one per report section the area registry names, in area order
SECTION_FILES = FRONT_FILES + tuple(dict.fromkeys(a.section for a in AREAS))
MARKER = "<!-- figures -->"
SHOW = ("value", "n", "n_and_pct", "of", "prior", "change", "prior_year_label")
_CALL = re.compile(r"figure\(\s*(['\"])(?P<id>[^'\"]+)\1(?P<args>[^)]*)\)")


class NarrativeError(InputError):
    """A narrative file cites something that does not exist."""


@dataclass
class Narrative:
    before: str = ""
    after: str = ""


def load_narrative(folder: Path | None, figures: Figures) -> dict[str, Narrative]:
    """Render every narrative file in ``folder`` with live figures; {} when there is none."""
    if folder is None or not folder.is_dir():
        return {}
    unknown = sorted(p.name for p in folder.glob("*.md") if p.stem not in SECTION_FILES)
    if unknown:
        raise NarrativeError(
            f"narrative file {folder / unknown[0]} is not a report section",
            hint="name files after sections: " + ", ".join(SECTION_FILES),
        )
    found = {}
    for name in SECTION_FILES:
        path = folder / f"{name}.md"
        if path.is_file():
            text = render_text(path, read_text(path, "the narrative file"), figures)
            before, _, after = text.partition(MARKER)
            found[name] = Narrative(before.strip(), after.strip())
    return found


def render_text(path: Path, text: str, figures: Figures) -> str:
    """Check every figure() call, then render the file as a jinja2 template."""
    _check_calls(path, text, figures)
    import jinja2

    environment = jinja2.Environment(
        undefined=jinja2.StrictUndefined, autoescape=False, keep_trailing_newline=True
    )
    try:
        template = environment.from_string(text)
        return template.render(figure=_figure_function(path, figures), year=figures.year.label)
    except jinja2.TemplateSyntaxError as error:
        raise NarrativeError(
            f"{path}, line {error.lineno}: {error.message}", hint="check the {{ }} brackets"
        ) from None
    except jinja2.UndefinedError as error:
        raise NarrativeError(
            f"{path}: {error.message}", hint="narrative files can use figure(...) and year"
        ) from None


def _check_calls(path: Path, text: str, figures: Figures) -> None:
    for number, line in enumerate(text.splitlines(), start=1):
        for match in _CALL.finditer(line):
            metric_id = match["id"]
            if not figures.known(metric_id):
                close = difflib.get_close_matches(metric_id, list(figures._by_id), n=1)
                hint = f"did you mean '{close[0]}'?" if close else "see 'cpkit metrics list'"
                raise NarrativeError(
                    f"{path}, line {number}: unknown metric '{metric_id}'", hint=hint
                )


def _figure_function(path: Path, figures: Figures) -> Any:
    def figure(metric_id: str, show: str = "value", **group: str) -> str:
        where = f"{path}: figure('{metric_id}'"
        if not figures.known(metric_id):
            raise NarrativeError(f"{where}): unknown metric", hint="see 'cpkit metrics list'")
        if show not in SHOW:
            raise NarrativeError(
                f"{where}, show='{show}'): unknown show", hint="use one of " + ", ".join(SHOW)
            )
        result = figures.metric(metric_id)
        if result is not None and result.status != "ok":
            return "–"
        if figures.get(metric_id, **group) is None:
            groups = [f.group for f in result.figures] if result else []
            raise NarrativeError(
                f"{where}): no figure for group {group}", hint=f"groups are {groups[:6]}"
            )
        if show == "value":
            return figures.value(metric_id, **group)
        if show == "n":
            return figures.n(metric_id, **group)
        if show == "n_and_pct":
            return figures.n_and_pct(metric_id, **group)
        if show == "of":
            return figures.of(metric_id, **group)
        figure_ = figures.get(metric_id, **group)
        assert figure_ is not None
        prior = figure_.comparisons.prior
        if show == "prior_year_label":
            return prior.label if prior else ""
        if prior is None:
            return "–"
        if show == "prior":
            return figures.fmt.value(prior.value, figures.unit(metric_id), prior.suppressed)
        return figures.fmt.change(prior.change, figures.unit(metric_id), prior.pct, prior.points)

    return figure
