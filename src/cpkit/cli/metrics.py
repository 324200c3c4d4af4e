"""Metric commands: `cpkit metrics AREA|list` and `cpkit benchmarks import|list`."""

from __future__ import annotations

from pathlib import Path

import typer

from cpkit.areas import CLI_NAMES as AREA_NAMES
from cpkit.cli.common import WORKSPACE_OPTION, console, workspace

METRICS_HELP = f"""Compute one area's metrics for a financial year, or list the catalogue.

AREA is one of: {", ".join(AREA_NAMES)}; or 'list' for the metric catalogue (id, title, unit, definition). Each figure comes with the prior year (same definition), the change, a named base year where defined, targets from cpkit.toml and England, region and statistical-neighbour benchmarks where DfE publishes them. Exit code 1 if a metric's inputs are missing (the others are still computed).

Examples:

  cpkit metrics list
  cpkit metrics advocacy --year 2023-24
  cpkit metrics care-leavers --year 2022-23 --format json
  cpkit metrics iv --year 2023/24 --public --format csv > iv.csv
"""


def register(app: typer.Typer) -> None:
    app.command("metrics", help=METRICS_HELP)(metrics)
    benchmarks_app = typer.Typer(
        help="Import and list DfE benchmark data (England, regions, statistical neighbours).",
        no_args_is_help=True,
    )
    benchmarks_app.command("import", help=IMPORT_HELP)(benchmarks_import)
    benchmarks_app.command("list", help=LIST_HELP)(benchmarks_list)
    app.add_typer(benchmarks_app, name="benchmarks")


def metrics(
    area: str = typer.Argument(..., help="Area to compute, or 'list'."),
    year: str | None = typer.Option(
        None, "--year", "-y", help="Financial year, e.g. 2023-24 (also 2023/24, FY2023-24)."
    ),
    output_format: str = typer.Option("table", "--format", "-f", help="table, json or csv."),
    public: bool = typer.Option(False, "--public", help="Apply small-number suppression."),
    la: str | None = typer.Option(None, "--la", help="LA code (default: [la] code of cpkit.toml)."),
    workspace_dir: Path | None = WORKSPACE_OPTION,
) -> None:
    from cpkit.errors import MissingInputError, UsageError

    if area == "list":
        _print_catalogue(output_format)
        return
    if area not in AREA_NAMES:
        raise UsageError(
            f"unknown area '{area}'", hint="choose one of " + ", ".join(AREA_NAMES) + ", or 'list'"
        )
    if output_format not in ("table", "json", "csv"):
        raise UsageError(f"unknown format '{output_format}'", hint="use table, json or csv")
    if year is None:
        raise UsageError("--year is required", hint="e.g. --year 2023-24")
    from cpkit.metrics import compute_area
    from cpkit.metrics.output import dumps_csv, dumps_json
    from cpkit.periods import FinancialYear

    ws = workspace(workspace_dir)
    result = compute_area(ws, area, FinancialYear.parse(year), public=public, la_code=la)
    if output_format == "json":
        typer.echo(dumps_json(result))
    elif output_format == "csv":
        typer.echo(dumps_csv(result), nl=False)
    else:
        from cpkit.cli.tables import area_table, not_computed

        out = console()
        out.print(area_table(result, ws.settings))
        for line in not_computed(result):
            out.print(f"Not computed: {line}")
        for note in result.notes:
            out.print(f"Note: {note}")
    if result.missing:
        first = result.missing[0]
        raise MissingInputError(
            f"{len(result.missing)} metric(s) could not be computed: "
            f"{first.spec.id} {first.message}"
        )


def _print_catalogue(output_format: str) -> None:
    from cpkit.metrics.registry import all_metrics

    specs = all_metrics()
    if output_format == "json":
        import json

        typer.echo(
            json.dumps(
                [
                    {
                        "id": s.id,
                        "title": s.title,
                        "unit": s.unit,
                        "counts": s.counts,
                        "about_people": s.about_people,
                        "base": s.base,
                        "polarity": s.polarity,
                        "timing": s.timing,
                        "definition": s.definition,
                        "inputs": [str(i) for i in s.inputs],
                        "label": s.label,
                    }
                    for s in specs
                ],
                indent=2,
            )
        )
        return
    from rich.table import Table

    table = Table(
        title=f"Metric catalogue ({len(specs)} metrics)", title_justify="left", show_lines=True
    )
    for header in ("id", "title", "unit", "when", "definition"):
        table.add_column(header)
    for s in specs:
        table.add_row(
            s.id,
            s.title + (f" ({s.label})" if s.label else ""),
            s.unit,
            s.timing.replace("_", " "),
            s.definition,
        )
    console().print(table)


IMPORT_HELP = """Import DfE open-data CSVs for benchmarking.

Reads explore-education-statistics files (time_period, geographic_level, ..., la_name, new_la_code, then indicators such as care_leaver_percent) and the statistical-neighbour groupings file. Suppressed cells (c, z, k, x, low) are kept as missing. A later import of the same kind of file replaces the earlier one.

Examples:

  cpkit benchmarks import la_care_leavers_activity.csv la_care_leavers_accommodation_suitability.csv
  cpkit benchmarks import New_Statistical_Neighbour_Groupings_April_2021.csv
"""


def benchmarks_import(
    files: list[Path] = typer.Argument(..., help="DfE CSV files."),
    workspace_dir: Path | None = WORKSPACE_OPTION,
) -> None:
    from rich.table import Table

    from cpkit.metrics.benchmarks import import_benchmarks

    ws = workspace(workspace_dir)
    summaries = import_benchmarks(ws.benchmarks_dir, files)
    table = Table(title="Benchmarks imported", title_justify="left")
    for header in ("file", "kind", "rows", "years (DfE time_period)", "levels"):
        table.add_column(header)
    for s in summaries:
        table.add_row(
            s.file, s.kind, f"{s.rows:,}", ", ".join(map(str, s.years)), ", ".join(s.levels)
        )
    console().print(table)


LIST_HELP = """List the benchmark data available to comparisons.

Shows what was imported into this workspace and the national figures shipped with cpkit.
"""


def benchmarks_list(workspace_dir: Path | None = WORKSPACE_OPTION) -> None:
    from cpkit.metrics.benchmarks import BenchmarkStore

    ws = workspace(workspace_dir)
    store = BenchmarkStore.load(ws.benchmarks_dir)
    out = console()
    if store.sources:
        out.print("Imported:")
        for kind, source in sorted(store.sources.items()):
            out.print(f"  {kind}: {source}")
    if store.neighbours:
        own = store.neighbours.get(ws.settings.la.code)
        detail = f"; {ws.settings.la.code} has {len(own['neighbours'])} neighbours" if own else ""
        out.print(f"  statistical neighbours for {len(store.neighbours)} LAs{detail}")
    if not store.sources and not store.neighbours:
        out.print("Nothing imported yet: cpkit benchmarks import FILE...")
    years = sorted({year for (_, year) in store.national})
    out.print(
        f"Shipped national figures: {len(store.national)} values for DfE years "
        f"{years[0]} to {years[-1]} (England only)"
    )
