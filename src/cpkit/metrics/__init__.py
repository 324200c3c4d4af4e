"""The metric layer: a registry of metrics (pure functions over DuckDB views), an engine that
runs them for a financial year with comparisons, benchmarks and suppression.

Library entry points: ``open_engine`` and ``compute_area``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cpkit.metrics.engine import AreaResult, Engine
    from cpkit.periods import FinancialYear, Period
    from cpkit.workspace import Workspace


def open_engine(workspace: Workspace, la_code: str | None = None) -> Engine:
    """An engine over the workspace's warehouse for one LA (default: the configured LA)."""
    from cpkit.metrics.benchmarks import BenchmarkStore
    from cpkit.metrics.engine import Engine
    from cpkit.warehouse import connect

    settings = workspace.settings
    la = la_code or settings.la.code
    connection = connect(workspace.warehouse_dir, la_code=la)
    return Engine(
        connection, settings, la_code=la, benchmarks=BenchmarkStore.load(workspace.benchmarks_dir)
    )


def compute_area(
    workspace: Workspace,
    area: str,
    year: Period | FinancialYear,
    *,
    public: bool = False,
    la_code: str | None = None,
    engine: Engine | None = None,
) -> AreaResult:
    """Every metric of one area for one period (a financial year, quarter, year to date or
    range), with comparisons, quality notes and input sources. With ``public``, the
    disclosure pass has run over it and its audit passed (or ``DisclosureError``). The
    report passes one ``engine`` for every area, so figures computed once serve every
    section."""
    from cpkit.metrics.suppression import suppress_area

    result = area_figures(workspace, area, year, la_code=la_code, engine=engine)
    if public:
        suppress_area(result, workspace.settings.privacy.suppress_below)
    return describe_area(workspace, result, public)


def area_figures(
    workspace: Workspace,
    area: str,
    year: Period | FinancialYear,
    *,
    la_code: str | None = None,
    engine: Engine | None = None,
) -> AreaResult:
    """An area's figures as computed, before disclosure control (see ``compute_area``)."""
    engine = engine or open_engine(workspace, la_code)
    _check_la_has_rows(workspace, area, engine.la_code)
    return engine.area(area, year)


def describe_area(workspace: Workspace, result: AreaResult, public: bool) -> AreaResult:
    """Add the quality notes and input sources (after disclosure control, which decides the
    excluded records the notes quote; public: no rule codes, file names or hashes)."""
    from cpkit.metrics.quality import input_notes, input_sources, public_sources, target_notes

    result.notes.extend(input_notes(workspace, result, public))
    result.notes.extend(target_notes(workspace.settings, result.area))
    sources = input_sources(workspace, result)
    result.sources = public_sources(sources) if public else sources
    return result


def _check_la_has_rows(workspace: Workspace, area: str, la_code: str | None) -> None:
    """An LA with no rows in an area whose data is there for another LA is a wrong --la
    (or a changed [la] code), not a list of missing columns."""
    from cpkit.areas import BY_CLI
    from cpkit.errors import DataError
    from cpkit.warehouse.inventory import rows_by_la

    if area not in BY_CLI or la_code is None:
        return  # the engine names an unknown area
    rows = rows_by_la(workspace.warehouse_dir, BY_CLI[area].datasets)
    if rows and la_code not in rows:
        held = ("LA " if len(rows) == 1 else "LAs ") + ", ".join(rows)
        raise DataError(
            f"no rows for LA {la_code} in the {area} data of this workspace (it holds {held})",
            hint=f"use --la {next(iter(rows))}, or ingest LA {la_code}'s extracts",
        )
