"""Data-quality notes that travel with an area's figures (counts only, never values)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from cpkit.warehouse.manifest import Manifest

if TYPE_CHECKING:
    from cpkit.metrics.engine import AreaResult
    from cpkit.workspace import Workspace


def input_notes(
    workspace: Workspace, result: AreaResult, suppress_below: int | None = None
) -> list[str]:
    """Quarantined rows and warnings in the datasets an area reads, and exclusions.

    With ``suppress_below`` (public outputs) counts from 1 to ``suppress_below - 1`` are
    written as [c], like every other count.
    """

    def shown(n: float) -> str:
        return "[c]" if suppress_below and 0 < n < suppress_below else f"{n:,}"

    def counted(n: int, noun: str) -> str:  # "1 row", "12 rows", "[c] rows" (never "[c] row")
        return f"{shown(n)} {noun if shown(n) == '1' else noun + 's'}"

    def merge(dicts: Iterable[dict[str, int]]) -> str:
        total: dict[str, int] = {}
        for item in dicts:
            for rule, n in item.items():
                total[rule] = total.get(rule, 0) + n
        ordered = sorted(total.items(), key=lambda x: (-x[1], x[0]))
        return ", ".join(f"{rule} {shown(n)}" for rule, n in ordered)

    datasets = {i.dataset for r in result.results for i in r.spec.inputs}
    manifest = Manifest.load(workspace.warehouse_dir)
    notes = []
    for name in sorted(datasets):
        records = [
            r
            for r in manifest.ingests
            if r.dataset == name
            and not r.superseded
            and r.collection_year in (None, result.year.collection_year)
        ]
        quarantined = sum(r.quarantined for r in records)
        warnings = sum(r.warnings for r in records)
        if quarantined:
            rules = merge(r.rules for r in records)
            scope = (
                ""
                if records[0].collection_year is None
                else f" (collection year {records[0].collection_year})"
            )
            notes.append(
                f"{name}{scope}: {counted(quarantined, 'row')} quarantined at ingest and "
                f"not counted ({rules}); see 'cpkit validate {name}'"
            )
        if warnings:
            rules = merge(r.warning_rules for r in records)
            notes.append(
                f"{name}: {counted(warnings, 'quality warning')} on rows that were kept ({rules})"
            )
    for metric in result.results:
        if metric.spec.id == "care_leavers.excluded_records" and metric.status == "ok":
            parts = [
                f"{shown(f.value)} {f.group['reason'][0].lower()}{f.group['reason'][1:]}"
                for f in metric.figures
                if f.group and f.value
            ]
            if parts:
                notes.append(
                    f"SSDA903 OC3 {result.year.label}: records excluded or flagged: "
                    + "; ".join(parts)
                )
    return notes


def target_notes(settings: object, area: str) -> list[str]:
    """[targets] keys of this area that name no metric: said, not silently ignored."""
    import difflib

    from cpkit.areas import area as find_area
    from cpkit.metrics.registry import REGISTRY

    prefix = find_area(area).key
    notes = []
    for key in getattr(settings, "targets", {}):
        if key in REGISTRY or key.split(".")[0] != prefix:
            continue
        close = difflib.get_close_matches(key, [k for k in REGISTRY if k.startswith(prefix)], 1)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        notes.append(f"cpkit.toml [targets] '{key}' matches no metric{hint}; it is not used")
    return notes


def input_sources(
    workspace: Workspace, result: AreaResult, suppress_below: int | None = None
) -> list[dict[str, object]]:
    """The live ingests of every dataset the area's computed metrics read, with hashes
    (row counts from 1 to ``suppress_below - 1`` hidden in public outputs)."""

    def shown(n: int) -> int | None:
        return None if suppress_below and 0 < n < suppress_below else n

    used = {i.dataset for r in result.results if r.status == "ok" for i in r.spec.inputs}
    manifest = Manifest.load(workspace.warehouse_dir)
    sources: list[dict[str, object]] = [
        {
            "file": r.file,
            "sheet": r.sheet,
            "dataset": r.dataset,
            "sha256": r.sha256,
            "collection_year": r.collection_year,
            "rows_accepted": shown(r.accepted),
            "rows_quarantined": shown(r.quarantined),
            "ingested": r.time,
        }
        for r in manifest.ingests
        if not r.superseded
        and r.dataset in used
        and (r.collection_year in (None, result.year.collection_year))
    ]
    return sorted(sources, key=lambda s: (str(s["dataset"]), str(s["file"]), str(s["sheet"])))
