"""Data-quality notes that travel with an area's figures (counts only, never values)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cpkit.warehouse.manifest import Manifest

if TYPE_CHECKING:
    from cpkit.metrics.engine import AreaResult
    from cpkit.workspace import Workspace


def input_notes(workspace: Workspace, result: AreaResult) -> list[str]:
    """Quarantined rows and warnings in the datasets an area reads, and exclusions."""
    datasets = {i.dataset for r in result.results for i in r.spec.inputs}
    manifest = Manifest.load(workspace.warehouse_dir)
    notes = []
    for name in sorted(datasets):
        records = [r for r in manifest.ingests if r.dataset == name and not r.superseded
                   and r.collection_year in (None, result.year.collection_year)]
        quarantined = sum(r.quarantined for r in records)
        warnings = sum(r.warnings for r in records)
        if quarantined:
            rules = _merge(r.rules for r in records)
            scope = "" if records[0].collection_year is None else \
                f" (collection year {records[0].collection_year})"
            notes.append(f"{name}{scope}: {quarantined} rows quarantined at ingest and not "
                         f"counted ({rules}); see 'cpkit validate {name}'")
        if warnings:
            rules = _merge(r.warning_rules for r in records)
            notes.append(f"{name}: {warnings} quality warnings on rows that were kept ({rules})")
    for metric in result.results:
        if metric.spec.id == "care_leavers.excluded_records" and metric.status == "ok":
            parts = [f"{f.value} {f.group['reason'].lower()}" for f in metric.figures
                     if f.group and f.value]
            if parts:
                notes.append(f"SSDA903 OC3 {result.year.label}: records excluded or flagged: "
                             + "; ".join(parts))
    return notes


def _merge(dicts) -> str:  # type: ignore[no-untyped-def]
    total: dict[str, int] = {}
    for item in dicts:
        for rule, n in item.items():
            total[rule] = total.get(rule, 0) + n
    return ", ".join(f"{rule} {n}" for rule, n in sorted(total.items(), key=lambda x: -x[1]))
