"""Cell-level validation: each column coerced, each unusable cell quarantined or kept.

The rule (docs/datasets.md, "What quarantines and what warns"): a row is quarantined only
when a column it is *counted by* is unusable (``Column.counts_rows``: its key, the dates and
codes that place it in a count). An unusable cell anywhere else (an unknown ethnicity, a
bad date of birth, an OC3 ACCOM that is not a code) is stored as not recorded (null) and
the row is kept, with a warning naming the column and, for code lists, the wordings.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import pyarrow as pa
import pyarrow.compute as pc

from cpkit.datasets import Column
from cpkit.ingest.coerce import Vocabulary, coerce_column, split_themes
from cpkit.ingest.parallel import map_columns
from cpkit.ingest.validate import Finding, future_dates
from cpkit.ingest.wordings import shown

KEPT = "stored as not recorded, row kept"
_SHOWN_TYPES = ("code", "bool")  # their wordings are labels, safe to show (dates are not)


@dataclass
class CheckedCells:
    values: dict[str, pa.Array]  # typed columns; unusable descriptive cells are null
    findings: list[Finding]
    notes: list[str] = field(default_factory=list)


def check_cells(
    present: Sequence[Column],
    raw: Mapping[str, pa.Array],
    vocabulary: Vocabulary,
    today: dt.date,
    rows: int,
) -> CheckedCells:
    """Coerce every present column and sort its failures into quarantine or warnings."""
    checked = map_columns(lambda c: _check_column(c, raw[c.name], vocabulary, today), present, rows)
    values = {column.name: found[0] for column, found in zip(present, checked, strict=True)}
    findings = [finding for _, column_findings in checked for finding in column_findings]
    cells = CheckedCells(values, findings)
    for column in present:
        if column.type == "themes" and vocabulary.themes:
            cells.findings += _unmatched_themes(column, raw[column.name], vocabulary.themes)
        if column.type == "programme":
            cells.notes += programme_notes(values[column.name], vocabulary)
    return cells


def _check_column(
    column: Column, raw: pa.Array, vocabulary: Vocabulary, today: dt.date
) -> tuple[pa.Array, list[Finding]]:
    coerced = coerce_column(raw, column, vocabulary=vocabulary)
    values = coerced.values
    findings = []
    for (severity, rule, message), mask in coerced.failures.items():
        wording = _wordings(raw, mask) if column.type in _SHOWN_TYPES else None
        findings.append(_finding(column, mask, rule, message, severity, wording))
    if column.type == "date" and not column.future_ok:
        future = future_dates(values, column.name, today)
        if pc.any(future.mask).as_py():
            findings.append(_finding(column, future.mask, future.rule, future.message))
            if not column.counts_rows:
                values = pc.if_else(future.mask, pa.scalar(None, values.type), values)
    return values, findings


def _finding(
    column: Column,
    mask: pa.Array,
    rule: str,
    message: str,
    severity: str = "error",
    wording: pa.Array | None = None,
) -> Finding:
    """A quarantine finding for a counting column; a warning (cell kept as null) else."""
    text = message if message.startswith(column.name) else f"{column.name}: {message}"
    if severity == "error" and not column.counts_rows:
        severity, text = "warning", f"{text}; {KEPT}"
    return Finding(mask, column.name, rule, text, severity, wording=wording)


def _wordings(raw: pa.Array, mask: pa.Array) -> pa.Array:
    """The raw cell where ``mask`` holds (shown only if it looks like a label), else null."""
    failing = pc.if_else(mask, raw, pa.scalar(None, pa.string()))
    encoded = pc.dictionary_encode(failing)
    safe = pa.array([shown(w) for w in encoded.dictionary.to_pylist()], pa.string())
    return pc.take(safe, encoded.indices)


def _unmatched_themes(column: Column, raw: pa.Array, themes: Sequence[str]) -> list[Finding]:
    """A warning per theme written that is none of ``[corporate_parenting] themes``: the
    row is kept and the theme stays as written (it covers no pledge theme)."""
    encoded = pc.dictionary_encode(raw)
    distinct = encoded.dictionary.to_pylist()
    found: dict[str, list[int]] = {}
    for index, value in enumerate(distinct):
        for theme in split_themes(value, themes)[1]:
            found.setdefault(theme, []).append(index)
    findings = []
    for theme, indices in sorted(found.items()):
        mask = pc.fill_null(
            pc.is_in(encoded.indices, pa.array(indices, encoded.indices.type)), False
        )
        message = (
            f"{column.name}: a theme that is none of the [corporate_parenting] themes in "
            "cpkit.toml; it covers no pledge theme (correct it, or add it to the themes)"
        )
        wording = pc.if_else(mask, pa.scalar(shown(theme)), pa.scalar(None, pa.string()))
        findings.append(
            Finding(mask, column.name, "theme_not_configured", message, "warning", wording=wording)
        )
    return findings


def programme_notes(values: pa.Array, vocabulary: Vocabulary) -> list[str]:
    """Where the programmes in the data and ``[programmes.*]`` in cpkit.toml do not meet
    (a programme's target and grant are shown only when they do)."""
    configured = set(vocabulary.programmes.values())
    in_data = sorted(set(pc.drop_null(pc.unique(values)).to_pylist()))
    missing = [shown(name) for name in in_data if name not in configured]
    unused = sorted(configured - set(in_data))
    notes = []
    if missing:
        blocks = ", ".join(f"[programmes.{name}]" for name in missing)
        notes.append(
            f"no {blocks} in cpkit.toml (programme names match ignoring case, spaces and "
            "punctuation): no target or grant is shown for "
            + ("it" if len(missing) == 1 else "them")
        )
    if unused:
        blocks = ", ".join(f"[programmes.{key}]" for key in unused)
        notes.append(f"{blocks} in cpkit.toml: no participants in this extract")
    return notes
