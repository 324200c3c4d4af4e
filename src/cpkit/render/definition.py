"""The report as a declared definition: sections in order, and the blocks in each.

cpkit ships a default (``annual_report.toml`` beside this module); a workspace may override
it with ``reports/report.toml``: reorder, drop or rename sections and blocks, add a chart or
a table of any metric, change titles, all without Python (docs/guide.md, "Shaping the
report"). Both files are validated when the report is loaded: every metric id, template,
kind and option is checked, and every problem is reported at once with its file and line.
Nothing is dropped silently: an unknown key is an error, and a section leaves the report
only when the override says so.

The definition is format-neutral: it names what to show, never how to lay it out.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cpkit.errors import ReportDefinitionError

DEFAULT_DEFINITION = Path(__file__).with_name("annual_report.toml")
WORKSPACE_DEFINITION = Path("reports") / "report.toml"

NARRATIVE_PARTS = ("before", "after", "all")
CHART_KINDS = ("bar", "compare", "trend", "benchmark", "published")
TABLE_KINDS = ("breakdown", "figures", "meetings", "asks", "events")
APPENDICES = ("data_quality", "definitions", "provenance")
SUMMARIES = ("changes",)
_ID = re.compile(r"^[a-z][a-z0-9_-]*$")


@dataclass
class BlockDef:
    id: str
    kind: str  # narrative, text, heading, note, chart, table, key_facts, summary, appendix
    options: dict[str, Any]
    where: str  # "reports/report.toml, line 12"
    section: str = ""
    source: Any = field(default=None, repr=False, compare=False)  # the file that set it

    def get(self, name: str, default: Any = None) -> Any:
        return self.options.get(name, default)


@dataclass
class SectionDef:
    id: str
    title: str
    blocks: list[BlockDef]
    where: str
    areas: tuple[str, ...] = ()  # metric areas shown (for "no figures" notes)
    appendix: bool = False
    # left out (with a note in the data quality appendix) when it has no figures to show,
    # e.g. children in care in a workspace without SSDA903 episodes
    optional: bool = False


@dataclass
class ReportDefinition:
    sections: list[SectionDef]
    numbers_in_words: bool = True
    files: list[Path] = field(default_factory=list)
    # display labels by breakdown key: {"group": {"CIC council": "Children in Care Council"}}
    labels: dict[str, dict[str, str]] = field(default_factory=dict)
    dropped: list[str] = field(default_factory=list)  # sections the workspace left out

    @property
    def known_sections(self) -> list[str]:
        """Every section id a narrative file may be named after (dropped ones too)."""
        return [s.id for s in self.sections] + self.dropped

    def section(self, section_id: str) -> SectionDef:
        return next(s for s in self.sections if s.id == section_id)


# --------------------------------------------------------------------------- option schema

Check = Callable[[Any], str | None]  # a problem with the value, or None


def _text(value: Any) -> str | None:
    return None if isinstance(value, str) and value.strip() else "must be text"


def _integer(value: Any) -> str | None:
    ok = isinstance(value, int) and not isinstance(value, bool) and value > 0
    return None if ok else "must be a whole number above 0"


def _texts(value: Any) -> str | None:
    ok = isinstance(value, list) and value and all(isinstance(v, str) for v in value)
    return None if ok else "must be a list of text"


def _one_of(choices: tuple[str, ...]) -> Check:
    def check(value: Any) -> str | None:
        return None if value in choices else "must be one of " + ", ".join(choices)

    return check


def _flag(value: Any) -> str | None:
    return None if isinstance(value, bool) else "must be true or false"


# the key that names a block's kind, and every option each kind takes ("metric", "metrics"
# and "*template" options are checked against the registry and the sentence templates)
KIND_OPTIONS: dict[str, dict[str, Check]] = {
    "narrative": {"narrative": _one_of(NARRATIVE_PARTS), "otherwise": _text},
    "text": {"text": _text},
    "heading": {"heading": _text},
    "note": {"note": _text},
    "chart": {
        "chart": _one_of(CHART_KINDS),
        "metric": _text,
        "metrics": _texts,
        "labels": _texts,
        "title": _text,
        "title_template": _text,
        "subtitle": _text,
        "top": _integer,
        "key": _text,
    },
    "table": {
        "table": _one_of(TABLE_KINDS),
        "metric": _text,
        "metrics": _texts,
        "caption": _text,
        "top": _integer,
        "key": _text,
    },
    "key_facts": {"key_facts": _text, "caption": _text},
    "summary": {"summary": _one_of(SUMMARIES), "metrics": _texts},
    "appendix": {"appendix": _one_of(APPENDICES)},
}
PLACEMENT = {"after": _text, "before": _text}
TEMPLATE_OPTIONS = {("narrative", "otherwise"), ("text", "text"), ("note", "note")}
TEMPLATE_OPTIONS |= {("chart", "title_template")}
# what each chart and table kind needs
NEEDS: dict[tuple[str, str], str] = {
    ("chart", "bar"): "metric",
    ("chart", "compare"): "metrics",
    ("chart", "trend"): "metrics",
    ("chart", "benchmark"): "metrics",
    ("chart", "published"): "metric",
    ("table", "breakdown"): "metric",
    ("table", "figures"): "metrics",
    ("summary", "changes"): "metrics",
}
SECTION_KEYS = {"title", "blocks", "areas", "appendix", "optional", "drop", "order"}
TOP_KEYS = {"report", "style", "sections", "labels"}


# --------------------------------------------------------------------------- loading


def load_definition(
    workspace_file: Path | None = None,
    *,
    template_problem: Callable[[str], str | None] | None = None,
    default_file: Path = DEFAULT_DEFINITION,
) -> ReportDefinition:
    """The packaged definition with the workspace's overrides applied, fully validated.

    ``template_problem(name)`` says what is wrong with a sentence template name (None if it
    exists); it is given by the caller so that this module needs no jinja2.
    """
    problems: list[str] = []
    base = _Source.read(default_file)
    sections, order, words = _sections_of(base, problems)
    files = [default_file]
    labels = _labels(base, problems)
    if workspace_file is not None and workspace_file.is_file():
        files.append(workspace_file)
        user = _Source.read(workspace_file)
        order, words = _apply_override(user, sections, order, words, problems)
        for key, mapping in _labels(user, problems).items():
            labels.setdefault(key, {}).update(mapping)
    ordered = [sections[s] for s in order if s in sections]
    dropped = [s for s in sections if s not in order]
    for section in ordered:
        for block in section.blocks:
            problems += _check_block(block, template_problem)
    if problems:
        count = f"{len(problems)} problems" if len(problems) > 1 else "a problem"
        raise ReportDefinitionError(
            f"the report definition has {count}: " + "; ".join(problems),
            hint="see docs/guide.md, 'Shaping the report'",
        )
    return ReportDefinition(ordered, words, files, labels, dropped)


def _labels(source: _Source, problems: list[str]) -> dict[str, dict[str, str]]:
    """[labels.<breakdown key>] "code or wording" = "label shown in the report"."""
    found: dict[str, dict[str, str]] = {}
    for key, mapping in source.data.get("labels", {}).items():
        if not isinstance(mapping, dict) or not all(
            isinstance(v, str) and v.strip() for v in mapping.values()
        ):
            problems.append(f"{source.where('labels', key)}: [labels.{key}] maps codes to text")
            continue
        found[key] = dict(mapping)
    return found


@dataclass
class _Source:
    """One TOML file: its data, and where each table and key is (tomllib keeps no lines)."""

    path: Path
    data: dict[str, Any]
    lines: dict[tuple[str, ...], int]

    @classmethod
    def read(cls, path: Path) -> _Source:
        text = path.read_text(encoding="utf-8")
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as error:
            raise ReportDefinitionError(
                f"{path}: not valid TOML ({error})", hint="check quotes and brackets"
            ) from None
        return cls(path, data, _locate(text))

    def where(self, *path: str) -> str:
        """'file, line N' of the deepest part of ``path`` that the file spells out."""
        for end in range(len(path), 0, -1):
            line = self.lines.get(tuple(path[:end]))
            if line is not None:
                return f"{self.path}, line {line}"
        return str(self.path)


_HEADER = re.compile(r"^\s*\[\[?\s*(?P<name>[^\]]+?)\s*\]\]?\s*(#.*)?$")
_KEY = re.compile(r"^\s*(?P<key>\"[^\"]+\"|'[^']+'|[A-Za-z0-9_.-]+)\s*=")


def _parts(name: str) -> tuple[str, ...]:
    return tuple(p.strip().strip("\"'") for p in re.findall(r"\"[^\"]*\"|'[^']*'|[^.]+", name))


def _locate(text: str) -> dict[tuple[str, ...], int]:
    """The line of every table header and every key in the file (first occurrence)."""
    found: dict[tuple[str, ...], int] = {}
    table: tuple[str, ...] = ()
    for number, line in enumerate(text.splitlines(), start=1):
        header = _HEADER.match(line)
        if header:
            table = _parts(header["name"])
            found.setdefault(table, number)
            continue
        key = _KEY.match(line)
        if key:
            found.setdefault(table + _parts(key["key"]), number)
    return found


# --------------------------------------------------------------------------- the default


def _sections_of(
    source: _Source, problems: list[str]
) -> tuple[dict[str, SectionDef], list[str], bool]:
    data = source.data
    _unknown_keys(source, (), data, TOP_KEYS, problems)
    report = data.get("report", {})
    _unknown_keys(source, ("report",), report, {"order", "drop"}, problems)
    sections: dict[str, SectionDef] = {}
    for section_id, raw in data.get("sections", {}).items():
        section = _new_section(source, section_id, raw, problems)
        if section is not None:
            sections[section_id] = section
    order = list(report.get("order", sections))
    for section_id in order:
        if section_id not in sections:
            where = source.where("report", "order")
            problems.append(f"{where}: [report] order names section '{section_id}', not defined")
    missing = [s for s in sections if s not in order]
    if missing:
        problems.append(
            f"{source.where('report', 'order')}: sections not in [report] order: "
            + ", ".join(missing)
        )
    return sections, order, _words(source, problems, True)


def _words(source: _Source, problems: list[str], default: bool) -> bool:
    style = source.data.get("style", {})
    _unknown_keys(source, ("style",), style, {"numbers_in_words"}, problems)
    value = style.get("numbers_in_words", default)
    if not isinstance(value, bool):
        problems.append(f"{source.where('style', 'numbers_in_words')}: must be true or false")
        return default
    return value


def _new_section(
    source: _Source, section_id: str, raw: Any, problems: list[str]
) -> SectionDef | None:
    where = source.where("sections", section_id)
    if not isinstance(raw, dict):
        problems.append(f"{where}: [sections.{section_id}] must be a table")
        return None
    if not _ID.match(section_id):
        problems.append(f"{where}: section id '{section_id}' must be lower case")
    _unknown_keys(source, ("sections", section_id), raw, SECTION_KEYS - {"drop", "order"}, problems)
    title = raw.get("title")
    if not isinstance(title, str) or not title.strip():
        problems.append(f"{where}: section '{section_id}' needs a title")
        title = section_id
    blocks = [
        _new_block(source, section_id, block_id, options, problems)
        for block_id, options in raw.get("blocks", {}).items()
    ]
    areas = raw.get("areas", [])
    if not isinstance(areas, list):
        problems.append(f"{source.where('sections', section_id, 'areas')}: must be a list")
        areas = []
    return SectionDef(
        section_id,
        title,
        [b for b in blocks if b is not None],
        where,
        tuple(areas),
        bool(raw.get("appendix", False)),
        _section_flag(source, section_id, raw, "optional", problems),
    )


def _section_flag(
    source: _Source, section_id: str, raw: dict, name: str, problems: list[str]
) -> bool:
    value = raw.get(name, False)
    if not isinstance(value, bool):
        problems.append(f"{source.where('sections', section_id, name)}: must be true or false")
        return False
    return value


def _new_block(
    source: _Source, section_id: str, block_id: str, options: Any, problems: list[str]
) -> BlockDef | None:
    where = source.where("sections", section_id, "blocks", block_id)
    if not isinstance(options, dict):
        problems.append(f"{where}: block '{block_id}' must be a table of options")
        return None
    kinds = [k for k in KIND_OPTIONS if k in options]
    if len(kinds) != 1:
        said = "names no kind" if not kinds else "names several kinds (" + ", ".join(kinds) + ")"
        problems.append(
            f"{where}: block '{section_id}.{block_id}' {said}; give one of: "
            + ", ".join(KIND_OPTIONS)
        )
        return None
    return BlockDef(block_id, kinds[0], dict(options), where, section_id, source)


def _unknown_keys(
    source: _Source, path: tuple[str, ...], table: Any, allowed: set[str], problems: list[str]
) -> None:
    if not isinstance(table, dict):
        return
    for key in table:
        if key not in allowed:
            problems.append(
                f"{source.where(*path, key)}: unknown key '{key}'"
                + (f" in [{'.'.join(path)}]" if path else "")
                + "; allowed: "
                + ", ".join(sorted(allowed))
            )


# --------------------------------------------------------------------------- the override


def _apply_override(
    user: _Source,
    sections: dict[str, SectionDef],
    order: list[str],
    words: bool,
    problems: list[str],
) -> tuple[list[str], bool]:
    data = user.data
    _unknown_keys(user, (), data, TOP_KEYS, problems)
    report = data.get("report", {})
    _unknown_keys(user, ("report",), report, {"order", "drop"}, problems)
    words = _words(user, problems, words)
    for section_id, raw in data.get("sections", {}).items():
        if section_id in sections:
            _patch_section(user, sections[section_id], raw, problems)
        else:
            added = _new_section(user, section_id, raw, problems)
            if added is not None:
                sections[section_id] = added
    dropped = report.get("drop", [])
    for section_id in dropped:
        if section_id not in sections:
            problems.append(
                f"{user.where('report', 'drop')}: cannot drop section '{section_id}': "
                f"no such section ({_close(section_id, sections)})"
            )
    new_order = list(report.get("order", [s for s in order if s not in dropped]))
    for section_id in new_order:
        if section_id not in sections:
            problems.append(
                f"{user.where('report', 'order')}: [report] order names section "
                f"'{section_id}', which is not defined ({_close(section_id, sections)})"
            )
        elif section_id in dropped:
            problems.append(
                f"{user.where('report', 'order')}: section '{section_id}' is both in order "
                "and dropped"
            )
    if len(set(new_order)) != len(new_order):
        problems.append(f"{user.where('report', 'order')}: a section is listed twice")
    placed = set(new_order) | set(dropped)
    unplaced = [s for s in sections if s not in placed]
    if unplaced:
        problems.append(
            f"{user.where('report', 'order')}: sections neither in [report] order nor "
            f"dropped: {', '.join(unplaced)} (list each in order = [...] or drop = [...])"
        )
    return new_order, words


def _patch_section(user: _Source, section: SectionDef, raw: Any, problems: list[str]) -> None:
    path = ("sections", section.id)
    if not isinstance(raw, dict):
        problems.append(f"{user.where(*path)}: [sections.{section.id}] must be a table")
        return
    _unknown_keys(user, path, raw, SECTION_KEYS, problems)
    if "title" in raw:
        if isinstance(raw["title"], str) and raw["title"].strip():
            section.title = raw["title"]
        else:
            problems.append(f"{user.where(*path, 'title')}: a title must be text")
    if "areas" in raw:
        section.areas = tuple(raw["areas"])
    if "optional" in raw:
        section.optional = _section_flag(user, section.id, raw, "optional", problems)
    by_id = {b.id: b for b in section.blocks}
    for block_id, options in raw.get("blocks", {}).items():
        if block_id in by_id and isinstance(options, dict):
            _patch_block(user, section, by_id[block_id], options, problems)
            continue
        block = _new_block(user, section.id, block_id, options, problems)
        if block is not None:
            _place(user, section, block, problems)
            by_id[block_id] = block
    for block_id in raw.get("drop", []):
        if block_id not in by_id:
            problems.append(
                f"{user.where(*path, 'drop')}: section '{section.id}' has no block "
                f"'{block_id}' to drop ({_close(block_id, by_id)})"
            )
    section.blocks = [b for b in section.blocks if b.id not in raw.get("drop", [])]
    if "order" in raw:
        _reorder_blocks(user, section, raw["order"], problems)


def _patch_block(
    user: _Source, section: SectionDef, block: BlockDef, options: dict, problems: list[str]
) -> None:
    """Change some options of a shipped block (naming a kind replaces the block)."""
    where = user.where("sections", section.id, "blocks", block.id)
    kinds = [k for k in KIND_OPTIONS if k in options]
    if kinds:
        replacement = _new_block(user, section.id, block.id, options, problems)
        if replacement is not None:
            block.kind, block.options = replacement.kind, replacement.options
            block.where, block.source = replacement.where, user
        return
    block.options.update(options)
    block.source, block.where = user, where


def _place(user: _Source, section: SectionDef, block: BlockDef, problems: list[str]) -> None:
    """A new block goes after (or before) the block it names, else at the end."""
    anchor = block.options.get("after") or block.options.get("before")
    ids = [b.id for b in section.blocks]
    if anchor is None:
        section.blocks.append(block)
        return
    if anchor not in ids:
        problems.append(
            f"{block.where}: block '{block.id}' is placed by '{anchor}', which section "
            f"'{section.id}' does not have ({_close(anchor, ids)})"
        )
        section.blocks.append(block)
        return
    index = ids.index(anchor) + (1 if "after" in block.options else 0)
    section.blocks.insert(index, block)


def _reorder_blocks(user: _Source, section: SectionDef, order: Any, problems: list[str]) -> None:
    where = user.where("sections", section.id, "order")
    by_id = {b.id: b for b in section.blocks}
    if not isinstance(order, list) or sorted(order) != sorted(by_id):
        problems.append(
            f"{where}: order must list every block of '{section.id}' once: "
            + ", ".join(by_id)
            + " (drop = [...] removes one)"
        )
        return
    section.blocks = [by_id[b] for b in order]


def _close(name: str, known: Any) -> str:
    import difflib

    close = difflib.get_close_matches(name, list(known), n=1)
    return f"did you mean '{close[0]}'?" if close else "known: " + ", ".join(list(known)[:12])


# --------------------------------------------------------------------------- block checks


def _check_block(
    block: BlockDef, template_problem: Callable[[str], str | None] | None
) -> list[str]:
    from cpkit.metrics.registry import REGISTRY, load_all

    load_all()
    allowed = {**KIND_OPTIONS[block.kind], **PLACEMENT}
    problems = []

    def at(option: str) -> str:
        return _line_in_block(block, option) or block.where

    for option, value in block.options.items():
        check = allowed.get(option)
        if check is None:
            problems.append(
                f"{at(option)}: block '{block.id}' ({block.kind}) has no option '{option}'; "
                "options: " + ", ".join(a for a in allowed if a != block.kind)
            )
            continue
        problem = check(value)
        if problem:
            problems.append(f"{at(option)}: '{option}' {problem}")
            continue
        if option in ("metric", "metrics"):
            for metric_id in [value] if isinstance(value, str) else value:
                if metric_id not in REGISTRY:
                    problems.append(
                        f"{at(option)}: unknown metric '{metric_id}' "
                        f"({_close(metric_id, REGISTRY)})"
                    )
        if (block.kind, option) in TEMPLATE_OPTIONS and template_problem is not None:
            problem = template_problem(value)
            if problem:
                problems.append(f"{at(option)}: {problem}")
    needed = NEEDS.get((block.kind, str(block.options.get(block.kind))))
    if needed and needed not in block.options:
        problems.append(
            f"{block.where}: a {block.options[block.kind]} {block.kind} needs '{needed}'"
        )
    if not problems:
        problems += _check_metrics_fit(block, at)
    return problems


def _line_in_block(block: BlockDef, option: str) -> str | None:
    source = block.source
    if source is None:
        return None
    line = source.lines.get(("sections", block.section, "blocks", block.id, option))
    return None if line is None else f"{source.path}, line {line}"


def _check_metrics_fit(block: BlockDef, at: Callable[[str], str]) -> list[str]:
    """A chart or table kind fits the metrics it is given (a bar needs a breakdown...)."""
    from cpkit.metrics.registry import REGISTRY

    kind = block.options.get(block.kind)
    ids = block.get("metrics") or ([block.get("metric")] if block.get("metric") else [])
    specs = [REGISTRY[i] for i in ids]
    problems = []
    if (block.kind, kind) in (("chart", "bar"), ("table", "breakdown"), ("chart", "compare")):
        for spec in specs:
            if spec.breakdown is None and not block.get("key"):
                problems.append(
                    f"{at('metric' if block.get('metric') else 'metrics')}: '{spec.id}' has "
                    f"no breakdown to draw as a {kind}; use a trend chart or a figures table"
                )
    if kind == "compare" and len({s.breakdown for s in specs}) > 1:
        problems.append(f"{at('metrics')}: compared metrics must share one breakdown")
    if kind == "benchmark" and len({s.unit for s in specs}) > 1:
        problems.append(f"{at('metrics')}: a benchmark chart's metrics must share one unit")
    if kind in ("benchmark", "published"):
        problems += [
            f"{at('metrics')}: '{s.id}' has no official comparator"
            for s in specs
            if not s.benchmark
        ]
    labels = block.get("labels")
    if labels is not None and len(labels) != len(ids):
        problems.append(f"{at('labels')}: give one label per metric ({len(ids)})")
    return problems
