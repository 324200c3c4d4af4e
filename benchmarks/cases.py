"""The measured steps. Each runs in a fresh Python process of its own (see ``run.py``), so
its peak memory (ru_maxrss) is its own: generating inputs happens in other processes.

A step takes the scratch folder and returns a dict of plain numbers; ``run.py`` adds the
process's peak memory. Heavy imports stay inside the steps, so a step's time includes
only the work it names (imports are done before the clock starts unless stated).
"""

from __future__ import annotations

import datetime as dt
import shutil
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import synth

CSV_ROWS = 1_000_000
XLSX_ROWS = 100_000
SSDA903_LAS = 150
SSDA903_YEARS = tuple(range(2015, 2025))  # collection years 2014-15 to 2023-24
REPORT_YEAR = "2023-24"
INPUT_SIZES = (CSV_ROWS, XLSX_ROWS, SSDA903_LAS, SSDA903_YEARS)  # part of the inputs' stamp

Step = Callable[[Path], dict[str, Any]]


def csv_path(work: Path) -> Path:
    return work / "inputs" / f"advocacy_referrals_{CSV_ROWS}.csv"


def xlsx_path(work: Path) -> Path:
    return work / "inputs" / f"advocacy_referrals_{XLSX_ROWS}.xlsx"


def demo_root(work: Path) -> Path:
    return work / "demo"


def national_warehouse(work: Path) -> Path:
    return work / "ssda903_national" / "warehouse"


# --------------------------------------------------------------------------- setup steps


def make_csv(work: Path) -> dict[str, Any]:
    return {"rows": CSV_ROWS, "bytes": synth.write_advocacy_csv(csv_path(work), CSV_ROWS)}


def make_xlsx(work: Path) -> dict[str, Any]:
    return {"rows": XLSX_ROWS, "bytes": synth.write_advocacy_xlsx(xlsx_path(work), XLSX_ROWS)}


def make_demo(work: Path) -> dict[str, Any]:
    from cpkit.demo import build_demo_workspace

    shutil.rmtree(demo_root(work), ignore_errors=True)
    result = build_demo_workspace(demo_root(work))
    return {"files": len(result.ingest.files)}


def make_ssda903(work: Path) -> dict[str, Any]:
    warehouse = national_warehouse(work)
    shutil.rmtree(warehouse, ignore_errors=True)
    return synth.write_ssda903_warehouse(warehouse, SSDA903_LAS, SSDA903_YEARS)


# --------------------------------------------------------------------------- ingest


def _ingest(work: Path, path: Path, name: str) -> dict[str, Any]:
    """``ingest_paths`` of one file into a brand-new workspace (creating it is not timed)."""
    import pyarrow as pa
    import pyarrow.csv
    import pyarrow.parquet  # (cpkit imports these two when it needs them)

    import cpkit.ingest.pipeline  # noqa: F401  (imports pyarrow and the datasets)
    from cpkit.ingest import ingest_paths
    from cpkit.workspace import init_workspace

    # Imports are done before the clock starts, as in the baseline. pyarrow imports pandas,
    # when it is installed (the bench extra installs it), on its first conversion of a
    # Python list: that is done here too.
    pa.array([0])
    root = work / name
    shutil.rmtree(root, ignore_errors=True)
    workspace = init_workspace(root)
    start = time.perf_counter()
    report = ingest_paths(workspace, [path], today=dt.date(2024, 4, 30))
    seconds = time.perf_counter() - start
    rows_read = sum(s.rows_read or 0 for s in report.files)
    accepted = sum(s.accepted or 0 for s in report.files)
    shutil.rmtree(root, ignore_errors=True)
    return {
        "seconds": seconds,
        "rows": rows_read,
        "accepted": accepted,
        "quarantined": rows_read - accepted,
    }


def cpkit_ingest_csv(work: Path) -> dict[str, Any]:
    return _ingest(work, csv_path(work), "ingest-csv")


def pyarrow_csv_baseline(work: Path) -> dict[str, Any]:
    """The floor: pyarrow reads the same CSV (type inference on) and writes it as Parquet."""
    import pyarrow.csv as pacsv
    import pyarrow.parquet as pq

    target = work / "baseline.parquet"
    start = time.perf_counter()
    table = pacsv.read_csv(csv_path(work))
    pq.write_table(table, target)
    seconds = time.perf_counter() - start
    target.unlink()
    return {"seconds": seconds, "rows": table.num_rows}


def cpkit_ingest_xlsx(work: Path) -> dict[str, Any]:
    return _ingest(work, xlsx_path(work), "ingest-xlsx")


def pandas_read_excel(work: Path) -> dict[str, Any]:
    import pandas as pd

    start = time.perf_counter()
    frame = pd.read_excel(xlsx_path(work), engine="openpyxl")
    return {"seconds": time.perf_counter() - start, "rows": len(frame)}


# --------------------------------------------------------------------------- metrics, report


def all_areas(work: Path, repeats: int = 5) -> dict[str, Any]:
    """Every area for 2023-24 on the sample: one pass to warm up, then the median pass."""
    from cpkit.metrics import compute_area
    from cpkit.metrics.registry import AREAS
    from cpkit.periods import FinancialYear
    from cpkit.workspace import open_workspace

    workspace = open_workspace(demo_root(work))
    year = FinancialYear.parse(REPORT_YEAR)

    def one_pass() -> dict[str, float]:
        times = {}
        for area in AREAS:
            start = time.perf_counter()
            compute_area(workspace, area, year)
            times[area] = time.perf_counter() - start
        return times

    first = one_pass()
    passes = [one_pass() for _ in range(repeats)]
    totals = [sum(p.values()) for p in passes]
    per_area = {a: statistics.median(p[a] for p in passes) for a in AREAS}
    return {
        "seconds": statistics.median(totals),
        "first_pass_seconds": sum(first.values()),
        "areas": len(AREAS),
        "per_area_seconds": per_area,
    }


def render_report(work: Path) -> dict[str, Any]:
    """The 2023-24 report (Markdown and HTML): first render in the process, then warm."""
    from cpkit.periods import FinancialYear
    from cpkit.render.report import render_annual_report
    from cpkit.workspace import open_workspace

    workspace = open_workspace(demo_root(work))
    year = FinancialYear.parse(REPORT_YEAR)
    out = work / "report-out"
    times = []
    for _ in range(3):
        shutil.rmtree(out, ignore_errors=True)
        start = time.perf_counter()
        result = render_annual_report(workspace, year, formats=("md", "html"), out=out)
        times.append(time.perf_counter() - start)
    return {
        "seconds": times[0],
        "warm_seconds": statistics.median(times[1:]),
        "files": len(result.paths),
        "charts": result.charts,
    }


def render_scorecard(work: Path) -> dict[str, Any]:
    """The board scorecard for Q4 2023-24 and for the year (HTML): first render in the
    process, then warm; the quarter as Word and Excel too; and one print of the quarter's
    page to PDF when Chromium is there."""
    from cpkit.periods import Period
    from cpkit.render.browser import find_chromium
    from cpkit.render.scorecard import render_scorecard as render
    from cpkit.workspace import open_workspace

    workspace = open_workspace(demo_root(work))
    out = work / "scorecard-out"
    shutil.rmtree(out, ignore_errors=True)
    times: dict[str, list[float]] = {"2023-24-Q4": [], "2023-24": []}
    for _ in range(3):
        for period, found in times.items():
            start = time.perf_counter()
            result = render(workspace, Period.parse(period), out=out)
            found.append(time.perf_counter() - start)
    outcome: dict[str, Any] = {
        "seconds": times["2023-24-Q4"][0],
        "warm_seconds": statistics.median(times["2023-24-Q4"][1:]),
        "year_warm_seconds": statistics.median(times["2023-24"][1:]),
        "measures": len(result.scorecard.rows),
        "pdf_seconds": None,
    }
    start = time.perf_counter()
    render(workspace, Period.parse("2023-24-Q4"), out=out, formats=("docx", "xlsx"))
    outcome["office_seconds"] = time.perf_counter() - start
    if find_chromium() is not None:
        start = time.perf_counter()
        render(workspace, Period.parse("2023-24-Q4"), out=out, formats=("html", "pdf"))
        outcome["pdf_seconds"] = time.perf_counter() - start
    return outcome


# --------------------------------------------------------------------------- care leavers


def national_care_leavers(work: Path) -> dict[str, Any]:
    """cohort_counts over every LA and year of the national warehouse, then each LA's EET
    rate per year and age band. Timed from opening the warehouse; then once more, warm."""
    import cpkit.metrics.areas.care_leavers as care_leavers
    from cpkit.metrics.context import Tables
    from cpkit.warehouse import connect

    def once() -> tuple[float, dict[tuple[str, int, str], float | None]]:
        start = time.perf_counter()
        counts = care_leavers.cohort_counts(Tables(connect(national_warehouse(work))))
        rates = {
            key: (
                band.activity(care_leavers.EET_CODES) / total if (total := band.total()) else None
            )
            for key, band in counts.items()
            if key[2] in care_leavers.BANDS
        }
        return time.perf_counter() - start, rates

    seconds, rates = once()
    warm, _ = once()
    las = {la for la, _, _ in rates}
    years = {year for _, year, _ in rates}
    latest = max(years)
    national = [r for (_, y, b), r in rates.items() if y == latest and b == "19_21" and r]
    return {
        "seconds": seconds,
        "warm_seconds": warm,
        "las": len(las),
        "years": len(years),
        "rates": len(rates),
        "median_eet_19_21_latest": statistics.median(national),
    }


STEPS: dict[str, Step] = {
    step.__name__: step
    for step in (
        make_csv,
        make_xlsx,
        make_demo,
        make_ssda903,
        cpkit_ingest_csv,
        pyarrow_csv_baseline,
        cpkit_ingest_xlsx,
        pandas_read_excel,
        all_areas,
        render_report,
        render_scorecard,
        national_care_leavers,
    )
}
