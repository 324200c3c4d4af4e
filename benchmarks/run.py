"""`make bench`: cpkit's speed and memory against the targets set in the project's issues.

    python benchmarks/run.py                      # every benchmark
    python benchmarks/run.py --only csv,cli       # some of them
    python benchmarks/run.py --repeat 1           # one run per step (quicker, noisier)
    python benchmarks/run.py --regenerate         # rebuild the generated inputs first
    python benchmarks/run.py --check              # exit 1 when a target is not met

Inputs are generated into benchmarks/.work/ (git-ignored) and reused while their generator
is unchanged. Every measured step runs in a fresh Python process, so the peak memory
reported for it (ru_maxrss) is that step's alone. Results: a table here, and
benchmarks/results/latest.json and latest.md with the machine they were measured on.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import cases
from summary import Result, machine_info, table, write_outputs

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
WORK = HERE / ".work"
RESULTS = HERE / "results"
HEAVY_MODULES = ("pyarrow", "duckdb", "pandas", "matplotlib", "numpy", "polars")
# Files whose change makes a generated input stale (cpkit's own code is measured, not cached
# against, except for the dataset declarations the SSDA903 warehouse is shaped by).
INPUT_SOURCES = (
    HERE / "synth.py",
    ROOT / "data" / "sample" / "generate.py",
    ROOT / "src" / "cpkit" / "ingest" / "pipeline.py",
    ROOT / "src" / "cpkit" / "datasets",
)


class StepFailed(RuntimeError):
    pass


class Runner:
    """Runs steps in child processes and generates inputs (once, while unchanged)."""

    def __init__(self, work: Path, repeat: int, regenerate: bool) -> None:
        self.work = work
        self.repeat = repeat
        self.regenerate = regenerate
        self._prepared: set[str] = set()

    def step(self, name: str) -> dict[str, Any]:
        command = [sys.executable, str(HERE / "run.py"), "--step", name, "--work", str(self.work)]
        started = time.perf_counter()
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            raise StepFailed(f"step {name} failed:\n{done.stderr.strip()}")
        result = json.loads(done.stdout.strip().splitlines()[-1])
        note(
            f"  {name}: {time.perf_counter() - started:.1f} s wall, "
            f"{result['peak_rss_mb']:,.0f} MB peak"
        )
        return result

    def repeated(self, name: str, times: int | None = None) -> list[dict[str, Any]]:
        return [self.step(name) for _ in range(times or self.repeat)]

    def alternating(self, *names: str) -> list[list[dict[str, Any]]]:
        """Runs of steps to be compared, taken in turns, so that a slow spell of a shared
        machine falls on both sides of the comparison."""
        runs: list[list[dict[str, Any]]] = [[] for _ in names]
        for _ in range(self.repeat):
            for name, found in zip(names, runs, strict=True):
                found.append(self.step(name))
        return runs

    def prepare(self, name: str, cached: bool = True) -> None:
        """Run a generating step unless its output is current (same generator sources)."""
        if name in self._prepared:
            return
        stamp = self.work / "stamps" / f"{name}.txt"
        fingerprint = _fingerprint(INPUT_SOURCES)
        current = stamp.is_file() and stamp.read_text() == fingerprint
        if cached and current and not self.regenerate:
            note(f"  {name}: inputs current, reused")
        else:
            stamp.unlink(missing_ok=True)
            self.step(name)
            stamp.parent.mkdir(parents=True, exist_ok=True)
            stamp.write_text(fingerprint)
        self._prepared.add(name)


def _fingerprint(paths: Sequence[Path]) -> str:
    digest = hashlib.sha256(repr(cases.INPUT_SIZES).encode())
    for path in paths:
        for file in sorted(path.rglob("*.py")) if path.is_dir() else [path]:
            digest.update(file.read_bytes())
    return digest.hexdigest()


def note(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _median(runs: list[dict[str, Any]], key: str = "seconds") -> float:
    return statistics.median(run[key] for run in runs)


def _peak(runs: list[dict[str, Any]]) -> float:
    return max(run["peak_rss_mb"] for run in runs)


# --------------------------------------------------------------------------- benchmarks


def bench_csv(runner: Runner) -> Result:
    result = Result("csv", "Ingest 1,000,000-row CSV")
    runner.prepare("make_csv")
    cpkit, baseline = runner.alternating("cpkit_ingest_csv", "pyarrow_csv_baseline")
    seconds, floor = _median(cpkit), _median(baseline)
    rows = cpkit[0]["rows"]
    result.add("cpkit ingest_paths", seconds, "s")
    result.add("cpkit throughput", rows / seconds, "rows/s")
    result.add("cpkit peak memory", _peak(cpkit), "MB")
    result.add("pyarrow read_csv + write_table", floor, "s")
    result.add("pyarrow peak memory", _peak(baseline), "MB")
    result.add("cpkit time / pyarrow time", seconds / floor, "x", "<= 3x", seconds / floor <= 3)
    result.details = {
        "rows read": rows,
        "accepted": cpkit[0]["accepted"],
        "quarantined (faulty rows by design)": cpkit[0]["quarantined"],
        "file MB": round(cases.csv_path(runner.work).stat().st_size / 1e6, 1),
        "cpkit runs (s)": [round(r["seconds"], 3) for r in cpkit],
        "pyarrow runs (s)": [round(r["seconds"], 3) for r in baseline],
    }
    return result


def bench_xlsx(runner: Runner) -> Result:
    result = Result("xlsx", "Ingest 100,000-row XLSX")
    runner.prepare("make_xlsx")
    cpkit = runner.repeated("cpkit_ingest_xlsx")
    pandas = runner.repeated("pandas_read_excel", times=1)  # slow, and only the comparator
    seconds, other = _median(cpkit), _median(pandas)
    result.add("cpkit ingest_paths", seconds, "s")
    result.add("cpkit throughput", cpkit[0]["rows"] / seconds, "rows/s")
    result.add("cpkit peak memory", _peak(cpkit), "MB")
    result.add("pandas read_excel (openpyxl)", other, "s")
    result.add("pandas throughput", pandas[0]["rows"] / other, "rows/s")
    result.add("cpkit speed-up over pandas", other / seconds, "x", ">= 5x", other / seconds >= 5)
    result.details = {
        "rows read": cpkit[0]["rows"],
        "accepted": cpkit[0]["accepted"],
        "cpkit runs (s)": [round(r["seconds"], 3) for r in cpkit],
    }
    return result


def bench_cli(runner: Runner) -> Result:
    result = Result("cli", "cpkit --help")
    script = Path(sys.executable).with_name("cpkit")
    if not script.exists():
        script = Path(shutil.which("cpkit") or "cpkit")
    runs = max(11, 4 * runner.repeat)
    median = _wall([str(script), "--help"], runs)
    result.add("wall time (median)", median, "s", "< 0.3 s", median < 0.3)
    python = _wall([sys.executable, "-c", "pass"], runs)
    typer = _wall([sys.executable, "-c", "import typer"], runs)
    rich_help = _wall([sys.executable, "-c", "import typer, typer.rich_utils"], runs)
    cli = _wall([sys.executable, "-c", "import cpkit.cli"], runs)
    result.add("floor: python startup", python, "s")
    result.add("floor: python + import typer", typer, "s")
    result.add("floor: + typer's rich help renderer", rich_help, "s")
    result.add("python + import cpkit.cli", cli, "s")
    heavy = _heavy_imports()
    result.add("heavy modules imported", len(heavy), "", "0", not heavy)
    result.details = {
        "runs": runs,
        "script": str(script),
        "heavy modules imported by --help": heavy or "none",
        "import times (-X importtime, cumulative ms)": _import_times(),
    }
    return result


def _wall(command: list[str], runs: int) -> float:
    subprocess.run(command, capture_output=True, check=True)  # warm the file cache
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, capture_output=True, check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _heavy_imports() -> list[str]:
    code = (
        "import contextlib, io, json, sys\n"
        "from cpkit.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()): main(['--help'])\n"
        f"print(json.dumps(sorted(m for m in {HEAVY_MODULES!r} if m in sys.modules)))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def _import_times() -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", "import cpkit.cli, typer.rich_utils"],
        capture_output=True,
        text=True,
        check=True,
    )
    wanted = {"typer", "typer.rich_utils", "rich.markdown", "cpkit.cli", "cpkit.cli.data"}
    found: dict[str, float] = {}
    for line in done.stderr.splitlines():
        parts = [p.strip() for p in line.removeprefix("import time:").split("|")]
        if len(parts) == 3 and parts[2] in wanted and parts[1].isdigit():
            found[parts[2]] = int(parts[1]) / 1000
    return found


def bench_metrics(runner: Runner) -> Result:
    result = Result("metrics", "All metric areas, 2023-24, sample")
    runner.prepare("make_demo", cached=False)  # cheap, and built by the cpkit under test
    runs = runner.repeated("all_areas")
    result.add("every area, warm (median pass)", _median(runs), "s")
    result.add("first pass in the process", _median(runs, "first_pass_seconds"), "s")
    result.add("peak memory", _peak(runs), "MB")
    per_area = {
        a: round(statistics.median(r["per_area_seconds"][a] for r in runs), 4)
        for a in runs[0]["per_area_seconds"]
    }
    result.details = {"areas": runs[0]["areas"], "per area, warm (s)": per_area}
    return result


def bench_care_leavers(runner: Runner) -> Result:
    result = Result("care_leavers", "Care leavers, 150 LAs x 10 years")
    runner.prepare("make_ssda903")
    runs = runner.repeated("national_care_leavers")
    seconds, peak = _median(runs), _peak(runs)
    result.add("cohort_counts + per-LA EET rates", seconds, "s", "< 5 s", seconds < 5)
    result.add("same, warm (second in process)", _median(runs, "warm_seconds"), "s")
    result.add("peak memory", peak, "MB", "< 2,048 MB", peak < 2048)
    stamp = json.loads((runner.work / "ssda903_rows.json").read_text())
    result.details = {
        **stamp,
        "LAs": runs[0]["las"],
        "years": runs[0]["years"],
        "EET rates (LA x year x band)": runs[0]["rates"],
        "median LA EET rate 19-21, latest year": round(runs[0]["median_eet_19_21_latest"], 3),
    }
    return result


def bench_report(runner: Runner) -> Result:
    result = Result("report", "Annual report 2023-24 (md + html)")
    runner.prepare("make_demo", cached=False)
    runs = runner.repeated("render_report")
    seconds = _median(runs)
    result.add("render, first in the process", seconds, "s", "< 5 s", seconds < 5)
    result.add("render, warm", _median(runs, "warm_seconds"), "s")
    result.add("peak memory", _peak(runs), "MB")
    result.details = {"files written": runs[0]["files"], "charts": runs[0]["charts"]}
    return result


def bench_scorecard(runner: Runner) -> Result:
    result = Result(
        "scorecard", "Board scorecard Q4 2023-24 (html; docx, xlsx; pdf via Chromium), sample"
    )
    runner.prepare("make_demo", cached=False)
    runs = runner.repeated("render_scorecard")
    seconds = _median(runs)
    result.add("render Q4, first in the process", seconds, "s", "< 5 s", seconds < 5)
    result.add("render Q4, warm", _median(runs, "warm_seconds"), "s")
    result.add("render the year 2023-24, warm", _median(runs, "year_warm_seconds"), "s")
    result.add("render Q4 as docx and xlsx, warm", _median(runs, "office_seconds"), "s")
    if runs[0]["pdf_seconds"] is not None:
        result.add("render and print to PDF (Chromium)", _median(runs, "pdf_seconds"), "s")
    result.add("peak memory", _peak(runs), "MB")
    result.details = {"measures": runs[0]["measures"], "trend points": 8}
    return result


BENCHMARKS: dict[str, Callable[[Runner], Result]] = {
    "csv": bench_csv,
    "xlsx": bench_xlsx,
    "cli": bench_cli,
    "metrics": bench_metrics,
    "care_leavers": bench_care_leavers,
    "report": bench_report,
    "scorecard": bench_scorecard,
}


# --------------------------------------------------------------------------- entry points


def run_step(name: str, work: Path) -> int:
    """Child mode: run one step, print its result (with this process's peak memory) as JSON."""
    work.mkdir(parents=True, exist_ok=True)
    outcome = cases.STEPS[name](work)
    if name == "make_ssda903":  # row counts, for the report of the benchmark using them
        (work / "ssda903_rows.json").write_text(
            json.dumps({f"{table} rows": rows for table, rows in outcome.items()})
        )
    outcome["peak_rss_mb"] = peak_rss_mb()
    print(json.dumps(outcome, default=str))
    return 0


def peak_rss_mb() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1024 / 1024 if sys.platform == "darwin" else peak / 1024  # bytes on macOS


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", help="comma-separated: " + ", ".join(BENCHMARKS))
    parser.add_argument("--repeat", type=int, default=5, help="runs per timed step (median)")
    parser.add_argument("--regenerate", action="store_true", help="rebuild generated inputs")
    parser.add_argument("--check", action="store_true", help="exit 1 if a target is not met")
    parser.add_argument("--step", help=argparse.SUPPRESS)
    parser.add_argument("--work", type=Path, default=WORK, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.step:
        return run_step(args.step, args.work)

    chosen = [n.strip() for n in args.only.split(",")] if args.only else list(BENCHMARKS)
    unknown = [n for n in chosen if n not in BENCHMARKS]
    if unknown:
        parser.error(f"unknown benchmark {unknown[0]}; choose from {', '.join(BENCHMARKS)}")
    runner = Runner(args.work, max(1, args.repeat), args.regenerate)
    results = []
    for name in chosen:
        note(f"{name}:")
        try:
            results.append(BENCHMARKS[name](runner))
        except (StepFailed, OSError, subprocess.CalledProcessError, KeyError) as error:
            results.append(Result(name, name, error=str(error)))
            note(f"  failed: {error}")
    print(table(results))
    machine = machine_info(ROOT)
    settings = {"repeat": runner.repeat, "benchmarks": ",".join(chosen)}
    json_path, md_path = write_outputs(RESULTS, machine, settings, results)
    print(f"\nWritten {json_path.relative_to(ROOT)} and {md_path.relative_to(ROOT)}")
    failed = any(r.error for r in results)
    unmet = any(f.met is False for r in results for f in r.figures)
    return 1 if failed or (args.check and unmet) else 0


if __name__ == "__main__":
    os.chdir(ROOT)
    sys.exit(main())
