"""Metric commands: `cpkit metrics AREA|list` and `cpkit benchmarks import|list`."""

from __future__ import annotations

import enum
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from cpkit.areas import CLI_NAMES as AREA_NAMES
from cpkit.cli.common import (
    FORMAT_OPTION,
    FROM_OPTION,
    PERIOD_OPTION,
    TO_OPTION,
    WORKSPACE_OPTION,
    YEAR_OPTION,
    OutputFormat,
    choice_parser,
    choices,
    command,
    is_terminal,
    period,
    quantity,
    say,
    workspace,
)

if TYPE_CHECKING:
    from cpkit.metrics.engine import AreaResult

LIST = "list"
AreaChoice: Any = choices("AreaChoice", (*AREA_NAMES, LIST))


class MetricsFormat(enum.StrEnum):
    """The formats of an area's figures: the listing's three and an Excel workbook."""

    table = "table"
    json = "json"
    csv = "csv"
    xlsx = "xlsx"


METRICS_HELP = f"""Compute one area's metrics for a period, or list the catalogue.

AREA is one of: {", ".join(AREA_NAMES)}; or 'list' for the metric catalogue (id, title, unit, definition). The period is a financial year (--year), a quarter of one (--period 2023-24-Q3), a year to date (--year 2023-24 --to 2023-12-31) or any range of up to a year (--from DATE --to DATE): in-year figures count within it and snapshots are taken at its last day; SSDA903 figures (care leavers) are annual and give the latest whole year. Each figure comes with the same period a year earlier (same definition), the change, a named base year where defined, for a quarter the quarter before, targets from cpkit.toml and England, region and statistical-neighbour benchmarks (annual, with their year) where DfE publishes them. Exit code 1, with the reason, if any metric could not be computed (a dataset or column missing, or no data for the period): the others are still shown, and JSON lists them under not_computed.

Examples:

  cpkit metrics list
  cpkit metrics list --format csv > catalogue.csv
  cpkit metrics advocacy --year 2023-24
  cpkit metrics advocacy --period 2023-24-Q3
  cpkit metrics iv --year 2023-24 --to 2023-12-31
  cpkit metrics participation --from 2023-09-01 --to 2024-02-29 --format json
  cpkit metrics care-leavers --year 2022-23 --format json
  cpkit metrics iv --year 2023/24 --public --format csv > iv.csv
  cpkit metrics advocacy --year 2023-24 --format xlsx --out advocacy-2023-24.xlsx
  cpkit metrics advocacy --year 2023-24 --format csv --out advocacy.csv

--format xlsx writes a workbook (cover, contents, notes, one table per sheet, numbers stored as numbers) with the same figures as --format json; it needs --out FILE. --out writes json and csv to a file too (CSV in UTF-8 with a byte-order mark, so that Excel reads "…" and "é" correctly).
"""


def register(app: typer.Typer) -> None:
    command(app, "metrics", metrics, METRICS_HELP)
    benchmarks_app = typer.Typer(
        help="Import and list DfE benchmark data (England, regions, statistical neighbours).",
        no_args_is_help=True,
        rich_markup_mode=None,
    )
    command(benchmarks_app, "import", benchmarks_import, IMPORT_HELP)
    command(benchmarks_app, "list", benchmarks_list, LIST_HELP)
    app.add_typer(benchmarks_app, name="benchmarks")


def metrics(
    area: AreaChoice = typer.Argument(
        ...,
        metavar="AREA",
        parser=choice_parser(AreaChoice, "area"),
        help="The area to compute, or 'list' for the catalogue.",
        show_default=False,
    ),
    year: str | None = YEAR_OPTION,
    quarter: str | None = PERIOD_OPTION,
    start: str | None = FROM_OPTION,
    end: str | None = TO_OPTION,
    output_format: MetricsFormat = typer.Option(
        "table",
        "--format",
        "-f",
        parser=choice_parser(MetricsFormat, "format"),
        help="table for people; json or csv for scripts; xlsx for a workbook (with --out).",
    ),
    out: Path | None = typer.Option(
        None,
        "--out",
        "-o",
        metavar="FILE",
        help="Write the json, csv or xlsx output to FILE instead of the screen.",
    ),
    long: bool = typer.Option(
        False,
        "--long",
        help="With --format csv: one row per number (area, period, metric_id, group_name, group_value, field, value...), the same columns for every area, for Power BI and pivot tables.",
    ),
    append: bool = typer.Option(
        False,
        "--append",
        help="With --long and --out: add the rows to FILE (made by an earlier --long) instead of replacing it.",
    ),
    public: bool = typer.Option(
        False, "--public", help="Apply disclosure control ([privacy] suppress_below) and its audit."
    ),
    la: str | None = typer.Option(
        None, "--la", metavar="CODE", help="LA code (default: [la] code in cpkit.toml)."
    ),
    workspace_dir: Path | None = WORKSPACE_OPTION,
) -> None:
    if area.value == LIST:
        from cpkit.cli.tables import emit

        if output_format is MetricsFormat.xlsx:
            raise _usage(
                "unknown format 'xlsx'; choose one of table, json, csv",
                "xlsx is for an area's figures, e.g. cpkit metrics advocacy --year 2023-24 "
                "--format xlsx --out advocacy.xlsx",
            )
        if out is not None:
            raise _usage("metrics list writes to the screen", "leave out --out; use > FILE")
        emit(catalogue_listing(), OutputFormat(output_format.value))
        return
    from cpkit.metrics import compute_area

    _check_output(output_format, out, area.value)
    _check_long(output_format, long, append, out)
    ws = workspace(workspace_dir)
    when = period(year, quarter, start, end)
    result = compute_area(ws, area.value, when, public=public, la_code=la)
    if long:
        _write_long(result, out, append)
    elif out is not None:
        _write_area(result, output_format, out, ws.settings)
    else:
        _print_area(result, output_format, ws.settings)
    _fail_if_incomplete(result)


def _usage(message: str, hint: str) -> Exception:
    from cpkit.errors import UsageError

    return UsageError(message, hint=hint)


def _check_output(output_format: MetricsFormat, out: Path | None, area: str) -> None:
    """Refuse, before any work, an output that cannot be written where it is asked for."""
    if output_format is MetricsFormat.table and out is not None:
        raise _usage("--out writes json, csv or xlsx", "add --format json, csv or xlsx")
    if output_format is MetricsFormat.xlsx and (out is None or str(out) == "-"):
        where = "to a terminal" if is_terminal(_stdout()) else "to standard output"
        raise _usage(
            f"an xlsx workbook is a file and cannot be written {where}",
            f"add --out FILE, e.g. --out {area}.xlsx",
        )
    if out is not None and output_format is MetricsFormat.xlsx and out.suffix != ".xlsx":
        raise _usage(f"--out {out} is not an .xlsx file", "name the workbook with .xlsx at the end")


def _check_long(output_format: MetricsFormat, long: bool, append: bool, out: Path | None) -> None:
    if long and output_format is not MetricsFormat.csv:
        raise _usage("--long is a CSV layout", "add --format csv")
    if append and not (long and out is not None):
        raise _usage("--append adds rows to a --long CSV file", "use it with --long --out FILE")


def _write_long(result: AreaResult, out: Path | None, append: bool) -> None:
    """The long CSV on stdout, in a file, or added to a file an earlier --long wrote."""
    from cpkit.metrics.output import append_long_csv, dumps_long_csv
    from cpkit.render.word import _write_bytes

    if out is None:
        typer.echo(dumps_long_csv(result), nl=False)
        return
    if append and out.exists():
        added = append_long_csv(result, out)
        say(f"Added {quantity(added, 'row')} to {out}")
        return
    say(f"Written: {_write_bytes(out, dumps_long_csv(result).encode('utf-8-sig'))}")


def _stdout() -> Any:
    import sys

    return sys.stdout


def _write_area(result: AreaResult, output_format: MetricsFormat, out: Path, settings: Any) -> None:
    """The figures in a file: a workbook, or JSON or CSV (UTF-8 with a BOM for Excel)."""
    from cpkit.metrics.output import dumps_csv, dumps_json
    from cpkit.render.word import _write_bytes

    if output_format is MetricsFormat.xlsx:
        from cpkit.render.metrics_workbook import write_metrics_workbook
        from cpkit.render.outputs import require

        require("xlsxwriter", "Excel output needs xlsxwriter")
        written = write_metrics_workbook(result, settings, out)
    elif output_format is MetricsFormat.csv:
        written = _write_bytes(out, dumps_csv(result).encode("utf-8-sig"))
    else:
        written = _write_bytes(out, (dumps_json(result) + "\n").encode("utf-8"))
    say(f"Written: {written}")


def _print_area(result: AreaResult, output_format: MetricsFormat, settings: Any) -> None:
    from cpkit.metrics.output import dumps_csv, dumps_json

    if output_format is MetricsFormat.json:
        typer.echo(dumps_json(result))
        return
    if output_format is MetricsFormat.csv:
        typer.echo(dumps_csv(result), nl=False)
        return
    if not any(r.status == "ok" for r in result.results):
        return  # nothing to show: the error says why
    from cpkit.cli.figures import area_listing, not_computed
    from cpkit.cli.tables import print_table

    print_table(area_listing(result, settings))
    for line in not_computed(result):
        say(f"Not computed: {line}")
    for note in result.notes:
        say(f"Note: {note}")
    if result.audit:
        say(result.audit[:1].upper() + result.audit[1:])


def _fail_if_incomplete(result: AreaResult) -> None:
    """Exit 1 with the reason when any metric could not be computed (interfaces.md)."""
    from cpkit.errors import MissingInputError

    missing = [r for r in result.results if r.status != "ok"]
    if not missing:
        return
    if len(missing) == len(result.results):
        reasons = list(dict.fromkeys(r.message or r.status for r in missing))
        raise MissingInputError(
            f"no figures for {result.area} in {result.year.label}: " + "; ".join(reasons),
            hint="ingest the extracts named, or choose a year the data covers",
        )
    first = missing[0]
    more = f" (and {len(missing) - 1} more, listed above)" if len(missing) > 1 else ""
    raise MissingInputError(
        f"{len(missing)} of {quantity(len(result.results), 'metric')} could not be computed: "
        f"{first.spec.id} {first.message}{more}"
    )


def catalogue_listing() -> Any:
    """The metric catalogue, from the registry."""
    from cpkit.cli.tables import Column, Listing
    from cpkit.metrics.registry import all_metrics

    specs = all_metrics()
    rows = [
        [
            s.id,
            s.title + (f" ({s.label})" if s.label else ""),
            s.unit,
            s.timing.replace("_", " "),
            s.definition,
        ]
        for s in specs
    ]
    records = [
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
    ]
    return Listing(
        f"Metric catalogue ({quantity(len(specs), 'metric')})",
        [
            Column("id", kind="id"),
            Column("title", kind="name"),
            Column("unit", kind="label"),
            Column("when", "timing", kind="label"),
            Column("definition", kind="text"),
        ],
        rows,
        records,
        show_lines=True,
    )


IMPORT_HELP = """Import DfE open-data CSVs for benchmarking.

Reads explore-education-statistics files (time_period, geographic_level, ..., la_name, new_la_code, then indicators such as care_leaver_percent) and the statistical-neighbour groupings file. Suppressed cells (c, z, k, x, low) are kept as missing. A later import of the same kind of file replaces the earlier one.

Examples:

  cpkit benchmarks import la_care_leavers_activity.csv la_care_leavers_accommodation_suitability.csv
  cpkit benchmarks import New_Statistical_Neighbour_Groupings_April_2021.csv
"""


def benchmarks_import(
    files: list[Path] = typer.Argument(..., metavar="FILE", help="DfE CSV files."),
    output_format: OutputFormat = FORMAT_OPTION,
    workspace_dir: Path | None = WORKSPACE_OPTION,
) -> None:
    from cpkit.cli.tables import Column, Listing, emit
    from cpkit.metrics.benchmarks import import_benchmarks

    ws = workspace(workspace_dir)
    summaries = import_benchmarks(ws.benchmarks_dir, files)
    rows = [
        [s.file, s.kind, f"{s.rows:,}", ", ".join(map(str, s.years)), ", ".join(s.levels)]
        for s in summaries
    ]
    records = [
        {"file": s.file, "kind": s.kind, "rows": s.rows, "years": s.years, "levels": s.levels}
        for s in summaries
    ]
    columns = [
        Column("file", kind="id"),
        Column("kind", kind="id"),
        Column("rows", kind="number"),
        Column("years (DfE time_period)", "years", kind="text"),
        Column("levels", kind="text"),
    ]
    emit(Listing("Benchmarks imported", columns, rows, records), output_format)


LIST_HELP = """List the benchmark data available to comparisons.

Shows what was imported into this workspace and the national figures shipped with cpkit.

Examples:

  cpkit benchmarks list
  cpkit benchmarks list --format json
"""


def benchmarks_list(
    output_format: OutputFormat = FORMAT_OPTION,
    workspace_dir: Path | None = WORKSPACE_OPTION,
) -> None:
    from cpkit.cli.tables import Column, Listing, emit
    from cpkit.metrics.benchmarks import BenchmarkStore

    ws = workspace(workspace_dir)
    store = BenchmarkStore.load(ws.benchmarks_dir)
    records: list[dict[str, Any]] = [
        {"kind": kind, "source": source, "scope": "imported"}
        for kind, source in sorted(store.sources.items())
    ]
    if store.neighbours:
        own = store.neighbours.get(ws.settings.la.code)
        detail = (
            f"; {ws.settings.la.code} has {quantity(len(own['neighbours']), 'neighbour')}"
            if own
            else f"; none for {ws.settings.la.code}"
        )
        records.append(
            {
                "kind": "statistical_neighbours",
                "source": f"groupings for {quantity(len(store.neighbours), 'LA')}{detail}",
                "scope": "imported",
            }
        )
    years = sorted({year for (_, year) in store.national})
    records.append(
        {
            "kind": "national",
            "source": f"{quantity(len(store.national), 'value')} for DfE years {years[0]} to "
            f"{years[-1]} (England only)",
            "scope": "shipped with cpkit",
        }
    )
    columns = [
        Column("kind", kind="id"),
        Column("source", kind="text"),
        Column("scope", kind="label"),
    ]
    rows = [[r["kind"], r["source"], r["scope"]] for r in records]
    notes = [] if store.sources else ["Nothing imported yet: cpkit benchmarks import FILE..."]
    emit(Listing("Benchmark data", columns, rows, records, notes=notes), output_format)
