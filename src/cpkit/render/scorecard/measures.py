"""Which key measures the board scorecard shows: declared, then checked before anything runs.

The default set is declared per area in the area registry (``Area.scorecard`` in
``cpkit/areas.py``); a workspace chooses its own in cpkit.toml::

    [scorecard]
    measures = ["iv.children_awaiting", "care_leavers.eet_19_21",
                "advocacy.referrals_by_cohort[cohort=CIC]"]

A measure is a metric id, or a metric id and one category of its breakdown in brackets (as
``cpkit metrics`` lists them). Every entry is checked against the metric registry: a
misspelt id is one error naming the file, line and the closest id, never a missing row.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from cpkit.areas import AREAS, BY_KEY
from cpkit.errors import ConfigError

if TYPE_CHECKING:
    from cpkit.metrics.registry import MetricSpec

_MEASURE = re.compile(r"^\s*(?P<id>[^\[\]\s]+)\s*(?:\[(?P<group>[^\]]*)\])?\s*$")


@dataclass(frozen=True)
class Measure:
    """One row of the scorecard: a metric's headline, or one category of its breakdown."""

    metric_id: str
    group: tuple[tuple[str, str], ...] = ()

    @property
    def area(self) -> str:
        return self.metric_id.split(".", 1)[0]

    @property
    def group_dict(self) -> dict[str, str]:
        return dict(self.group)

    def __str__(self) -> str:
        if not self.group:
            return self.metric_id
        return f"{self.metric_id}[{','.join(f'{k}={v}' for k, v in self.group)}]"


@dataclass
class MeasureSet:
    """The measures in the order shown, grouped by area (in the order areas first appear)."""

    measures: list[Measure]
    source: str  # where they were chosen: "cpkit.toml [scorecard] measures" or the default
    by_area: dict[str, list[Measure]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for measure in self.measures:
            self.by_area.setdefault(measure.area, []).append(measure)


def default_measures() -> list[str]:
    """The default set: each area's ``scorecard`` measures, in the registry's order."""
    return [measure for area in AREAS for measure in area.scorecard]


def choose_measures(chosen: tuple[str, ...], config_path: Path | None = None) -> MeasureSet:
    """The workspace's measures (``[scorecard] measures``), or the default set; every entry
    checked (``ConfigError`` naming the first problem's file and line, the others counted)."""
    if chosen:
        name = config_path.name if config_path else "cpkit.toml"
        return MeasureSet(_parse_all(list(chosen), name, config_path), f"{name} [scorecard]")
    return MeasureSet(_parse_all(default_measures(), "cpkit/areas.py", None), "default")


def _parse_all(entries: list[str], file: str, config_path: Path | None) -> list[Measure]:
    from cpkit.metrics.registry import REGISTRY, load_all

    load_all()
    problems: list[str] = []
    measures: list[Measure] = []
    for entry in entries:
        problem = _problem(entry, REGISTRY)
        if problem is None and parse_measure(entry) in measures:
            problem = f"'{entry}' is listed twice"
        if problem is not None:
            problems.append(
                f"{file}{_line_of(entry, config_path)}: [scorecard] measures: {problem}"
            )
            continue
        measures.append(parse_measure(entry))
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise ConfigError(
            problems[0] + more,
            hint="'cpkit metrics list' shows every metric id; write a breakdown's category as "
            'in "advocacy.referrals_by_cohort[cohort=CIC]"',
        )
    if not measures:
        raise ConfigError(f"{file}: [scorecard] measures is empty", hint="list metric ids")
    return measures


def parse_measure(entry: str) -> Measure:
    """``"iv.children_matched"`` or ``"advocacy.referrals_by_cohort[cohort=CIC]"``."""
    match = _MEASURE.match(entry)
    if match is None:
        raise ValueError(entry)
    pairs = [p.split("=", 1) for p in (match["group"] or "").split(",") if p.strip()]
    return Measure(match["id"], tuple((k.strip(), v.strip()) for k, v in pairs))


def _problem(entry: object, registry: dict[str, MetricSpec]) -> str | None:
    """What is wrong with one entry, or None."""
    import difflib

    if not isinstance(entry, str) or _MEASURE.match(entry) is None:
        return f"'{entry}' is not a metric id (write it like \"iv.children_matched\")"
    match = _MEASURE.match(entry)
    assert match is not None
    metric_id = match["id"]
    spec = registry.get(metric_id)
    if spec is None:
        close = difflib.get_close_matches(metric_id, list(registry), n=1, cutoff=0.6)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        return f"'{metric_id}' is not a metric{hint}"
    if spec.area_prefix not in BY_KEY:
        return f"'{metric_id}' belongs to no area"
    if match["group"] is not None:
        pairs = [p.split("=", 1) for p in match["group"].split(",")]
        if any(len(p) != 2 or not p[0].strip() or not p[1].strip() for p in pairs):
            return f"'{entry}': write the category as [key=CODE], e.g. [cohort=CIC]"
        keys = {p[0].strip() for p in pairs}
        if spec.breakdown is None or spec.breakdown not in keys:
            by = f"its breakdown is by '{spec.breakdown}'" if spec.breakdown else "it has none"
            return f"'{entry}': {metric_id} is not broken down by {', '.join(sorted(keys))} ({by})"
    return None


def _line_of(entry: object, config_path: Path | None) -> str:
    """', line 42' where the entry is written in the file, or '' when it cannot be found."""
    if config_path is None or not isinstance(entry, str):
        return ""
    try:
        lines = config_path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return ""
    quoted = (f'"{entry}"', f"'{entry}'")
    for number, line in enumerate(lines, start=1):
        if any(q in line for q in quoted):
            return f", line {number}"
    return ""
