"""Data-quality notes that travel with an area's figures (counts only, never values)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from cpkit.formatting import SUPPRESSED, hidden_text
from cpkit.warehouse.manifest import Manifest

if TYPE_CHECKING:
    from cpkit.metrics.engine import AreaResult, Figure
    from cpkit.workspace import Workspace


def input_notes(workspace: Workspace, result: AreaResult, public: bool = False) -> list[str]:
    """Quarantined rows and warnings in the datasets an area reads, and exclusions.

    Rows of a file are not people: their counts are always shown. The public version leaves
    out the rule codes and the pointer to row-level details (they belong to the analyst);
    excluded care-leaver records are people, and follow the disclosure pass (call this after
    it, on the published figures).
    """
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
            scope = (
                ""
                if records[0].collection_year is None
                else f" (collection year {records[0].collection_year})"
            )
            detail = (
                ""
                if public
                else f" ({_by_rule(r.rules for r in records)}); see 'cpkit validate {name}'"
            )
            notes.append(
                f"{name}{scope}: {_rows(quarantined)} quarantined at ingest and not counted"
                + detail
            )
        if warnings:
            detail = "" if public else f" ({_by_rule(r.warning_rules for r in records)})"
            plural = "s" if warnings != 1 else ""
            notes.append(
                f"{name}: {warnings:,} quality warning{plural} on rows that were kept{detail}"
            )
    notes += _excluded_records(result)
    return notes


def _rows(n: int) -> str:
    return f"{n:,} row" + ("s" if n != 1 else "")


def _by_rule(dicts: Iterable[dict[str, int]]) -> str:
    total: dict[str, int] = {}
    for item in dicts:
        for rule, n in item.items():
            total[rule] = total.get(rule, 0) + n
    ordered = sorted(total.items(), key=lambda x: (-x[1], x[0]))
    return ", ".join(f"{rule} {n:,}" for rule, n in ordered)


def _excluded_records(result: AreaResult) -> list[str]:
    """SSDA903 records left out of the care-leaver cohort, as published (hidden: [c]), and
    whether the episodes could be used to leave out those who are not care leavers."""
    notes: list[str] = []
    for metric in result.results:
        if metric.spec.id == "care_leavers.excluded_records" and metric.status == "ok":
            parts = [
                f"{_published(f, result.suppress_below)} "
                f"{f.group['reason'][0].lower()}{f.group['reason'][1:]}"
                for f in metric.figures
                if f.group and (f.value or f.suppressed)
            ]
            if parts:
                notes.append(
                    f"SSDA903 OC3 {(metric.period or result.period).label}: records excluded "
                    "or flagged: " + "; ".join(parts)
                )
            headline = metric.headline
            if headline is not None and headline.extra.get("episodes_ingested") is False:
                year = (metric.period or result.period).collection_year
                notes.append(
                    f"SSDA903 episodes of collection year {year} are "
                    "not ingested, so young people still looked after on their 17th or 18th "
                    "birthday, who died in care, whose care passed to another local authority "
                    "or who had only short breaks could not be left out of the OC3 cohort: "
                    "ingest the return's episodes file"
                )
    return notes


def _published(figure: Figure, threshold: int) -> str:
    """A count as published: 'fewer than 5' when hidden as small, [c] when hidden to protect
    another."""
    if not figure.suppressed:
        return f"{figure.value:,}"
    return hidden_text(figure.suppression, threshold, count=True) or SUPPRESSED


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


def input_sources(workspace: Workspace, result: AreaResult) -> list[dict[str, object]]:
    """The live ingests of every dataset the area's computed metrics read, with hashes and
    row counts (rows are not people: always shown). For the analyst and the technical
    appendix; the public version leaves the hashes out (``public_sources``)."""
    used = {i.dataset for r in result.results if r.status == "ok" for i in r.spec.inputs}
    manifest = Manifest.load(workspace.warehouse_dir)
    sources: list[dict[str, object]] = [
        {
            "file": r.file,
            "sheet": r.sheet,
            "dataset": r.dataset,
            "sha256": r.sha256,
            "collection_year": r.collection_year,
            "rows_accepted": r.accepted,
            "rows_quarantined": r.quarantined,
            "ingested": r.time,
        }
        for r in manifest.ingests
        if not r.superseded
        and r.dataset in used
        and (r.collection_year in (None, result.year.collection_year))
    ]
    return sorted(sources, key=lambda s: (str(s["dataset"]), str(s["file"]), str(s["sheet"])))


def public_sources(sources: list[dict[str, object]]) -> list[dict[str, object]]:
    """What a published output says about its inputs: datasets and row counts, no file
    names or hashes."""
    return [
        {
            k: v
            for k, v in s.items()
            if k in ("dataset", "collection_year", "rows_accepted", "rows_quarantined")
        }
        for s in sources
    ]
