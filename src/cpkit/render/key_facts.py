"""Key facts: figures the warehouse cannot count (partners' jobs, donations, events' reach),
declared in ``reports/narrative/<year>/key_facts.toml`` so they are checked, dated, sourced
and suppressed like every other figure, instead of living as unchecked numbers in prose.

    [[fact]]
    group = "partners"               # the key_facts block that shows it
    title = "Donated by Lovell Homes to help young people into work"
    value = 20000
    unit = "gbp"                     # count or gbp
    counts = "things"                # for counts: what is counted (young_people, ... or things)
    as_at = 2024-03-31               # the date the figure was true (must fall in the year)
    source = "Lovell Homes, We've Got You programme"

Every problem is reported at once, with the file and line.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cpkit.errors import ReportDefinitionError

FILE_NAME = "key_facts.toml"
UNITS = ("count", "gbp")
FIELDS = {"group", "title", "value", "unit", "counts", "as_at", "source"}


@dataclass(frozen=True)
class KeyFact:
    group: str
    title: str
    value: float
    unit: str
    counts: str  # what a count counts; people are suppressed under --public
    as_at: dt.date
    source: str

    @property
    def about_people(self) -> bool:
        from cpkit.metrics.registry import PEOPLE

        return self.unit == "count" and self.counts in PEOPLE


def load_key_facts(folder: Path | None, start: dt.date, end: dt.date) -> list[KeyFact]:
    """The year's key facts, validated; [] when the narrative folder has no key_facts.toml."""
    path = folder / FILE_NAME if folder is not None else None
    if path is None or not path.is_file():
        return []
    text = path.read_text(encoding="utf-8")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ReportDefinitionError(f"{path}: not valid TOML ({error})") from None
    starts = [n for n, line in enumerate(text.splitlines(), 1) if line.strip() == "[[fact]]"]
    problems: list[str] = []
    facts = []
    for index, raw in enumerate(data.get("fact", [])):
        line = starts[index] if index < len(starts) else 1
        fact = _fact(raw, f"{path}, line {line}", start, end, problems)
        if fact is not None:
            facts.append(fact)
    for key in data:
        if key != "fact":
            problems.append(f"{path}: unknown table '{key}' (write each fact as [[fact]])")
    if problems:
        raise ReportDefinitionError(
            f"{len(problems)} problem(s) in key facts: " + "; ".join(problems),
            hint="see docs/guide.md, 'Key facts'",
        )
    return facts


def _fact(
    raw: dict[str, Any], where: str, start: dt.date, end: dt.date, problems: list[str]
) -> KeyFact | None:
    from cpkit.metrics.registry import COUNTS

    before = len(problems)
    for key in raw:
        if key not in FIELDS:
            problems.append(f"{where}: unknown field '{key}'; fields: {', '.join(sorted(FIELDS))}")
    for key in ("group", "title", "source"):
        if not isinstance(raw.get(key), str) or not raw[key].strip():
            problems.append(f"{where}: '{key}' must be given as text")
    value = raw.get("value")
    if not isinstance(value, int | float) or isinstance(value, bool) or value < 0:
        problems.append(f"{where}: 'value' must be a number of 0 or more")
    unit = raw.get("unit", "count")
    if unit not in UNITS:
        problems.append(f"{where}: 'unit' must be one of {', '.join(UNITS)}")
    counts = raw.get("counts", "things")
    if unit == "count" and counts != "things" and counts not in COUNTS:
        problems.append(
            f"{where}: 'counts' must be 'things' or one of {', '.join(COUNTS)} "
            "(people are hidden under --public when fewer than suppress_below)"
        )
    as_at = raw.get("as_at")
    if not isinstance(as_at, dt.date) or isinstance(as_at, dt.datetime):
        problems.append(f"{where}: 'as_at' must be a date such as 2024-03-31")
    elif not start <= as_at <= end:
        problems.append(
            f"{where}: 'as_at' {as_at:%d/%m/%Y} is outside the report's year "
            f"({start:%d/%m/%Y} to {end:%d/%m/%Y})"
        )
    if len(problems) > before or not isinstance(value, int | float):
        return None
    assert isinstance(as_at, dt.date)
    return KeyFact(raw["group"], raw["title"], float(value), unit, counts, as_at, raw["source"])
