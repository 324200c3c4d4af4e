"""Figures against targets, the machine they were measured on, and the three outputs:
a table on the terminal, ``results/latest.json`` and ``results/latest.md``."""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import subprocess
from dataclasses import asdict, dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

LIBRARIES = (
    "cpkit",
    "pyarrow",
    "duckdb",
    "python-calamine",
    "typer",
    "click",
    "rich",
    "jinja2",
    "matplotlib",
    "pandas",
    "openpyxl",
    "xlsxwriter",
    "numpy",
)


@dataclass
class Figure:
    name: str
    value: float | None
    unit: str  # "s", "rows/s", "MB", "x" or "" (a plain number)
    target: str | None = None  # e.g. "< 5 s", "<= 3x"
    met: bool | None = None  # None when the figure has no target

    @property
    def status(self) -> str:
        return "-" if self.met is None else ("met" if self.met else "NOT MET")

    def shown(self) -> str:
        return format_value(self.value, self.unit)


@dataclass
class Result:
    id: str
    title: str
    figures: list[Figure] = field(default_factory=list)
    details: dict[str, Any] = field(default_factory=dict)
    error: str | None = None

    def add(
        self,
        name: str,
        value: float | None,
        unit: str,
        target: str | None = None,
        met: bool | None = None,
    ) -> None:
        self.figures.append(Figure(name, value, unit, target, met))


def format_value(value: float | None, unit: str) -> str:
    if value is None:
        return "n/a"
    if unit == "s":
        return f"{value:.3f} s" if value < 1 else f"{value:.2f} s"
    if unit == "rows/s":
        return f"{value:,.0f} rows/s"
    if unit == "MB":
        return f"{value:,.0f} MB"
    if unit == "x":
        return f"{value:.2f}x"
    return f"{value:,}" if isinstance(value, int) else f"{value:,.3g}"


# --------------------------------------------------------------------------- machine


def machine_info(root: Path) -> dict[str, Any]:
    versions = {}
    for name in LIBRARIES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    return {
        "cpu_count": os.cpu_count(),
        "cpus_usable": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
        "cpu_model": _cpu_model(),
        "memory_gb": _memory_gb(),
        "platform": platform.platform(),
        "python": f"{platform.python_implementation()} {platform.python_version()}",
        "libraries": versions,
        "git_commit": _git_commit(root),
    }


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _memory_gb() -> float | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    return None


def _git_commit(root: Path) -> str | None:
    """The commit measured, marked when src/ differs from it (read-only git commands)."""
    try:
        head = _git(root, "rev-parse", "--short", "HEAD")
        changed = _git(root, "diff", "--quiet", "HEAD", "--", "src").returncode == 1
    except (OSError, subprocess.SubprocessError):
        return None
    commit = head.stdout.strip()
    return f"{commit} with uncommitted changes in src/" if commit and changed else commit or None


def _git(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["git", *args], cwd=root, text=True, capture_output=True, timeout=10, check=False
    )


# --------------------------------------------------------------------------- outputs


def table(results: list[Result]) -> str:
    rows = [("Benchmark", "Figure", "Value", "Target", "Result")]
    for result in results:
        if result.error:
            rows.append((result.title, "failed", result.error.splitlines()[-1][:60], "", "ERROR"))
        for figure in result.figures:
            rows.append(
                (result.title, figure.name, figure.shown(), figure.target or "-", figure.status)
            )
    widths = [max(len(row[i]) for row in rows) for i in range(5)]
    lines = []
    for number, row in enumerate(rows):
        lines.append("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)))
        if number == 0:
            lines.append("  ".join("-" * width for width in widths))
    return "\n".join(line.rstrip() for line in lines)


def write_outputs(
    folder: Path, machine: dict[str, Any], settings: dict[str, Any], results: list[Result]
) -> tuple[Path, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    when = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
    payload = {
        "generated_utc": when,
        "machine": machine,
        "settings": settings,
        "benchmarks": [
            {**asdict(r), "figures": [{**asdict(f), "status": f.status} for f in r.figures]}
            for r in results
        ],
    }
    json_path = _write(folder / "latest.json", json.dumps(payload, indent=2) + "\n")
    md_path = _write(folder / "latest.md", markdown(when, machine, settings, results))
    return json_path, md_path


def _write(path: Path, text: str) -> Path:
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)
    return path


def markdown(
    when: str, machine: dict[str, Any], settings: dict[str, Any], results: list[Result]
) -> str:
    libraries = ", ".join(f"{k} {v}" for k, v in machine["libraries"].items() if v)
    lines = [
        "# cpkit benchmarks",
        "",
        f"Run {when} with `make bench` (`python benchmarks/run.py`), "
        f"commit {machine.get('git_commit') or 'unknown'}.",
        "",
        f"- CPU: {machine['cpu_model']}, {machine['cpu_count']} logical CPUs "
        f"({machine['cpus_usable']} usable); memory {machine['memory_gb']} GB",
        f"- {machine['python']} on {machine['platform']}",
        f"- Libraries: {libraries}",
        f"- Settings: {', '.join(f'{k} {v}' for k, v in settings.items())}",
        "",
        "| Benchmark | Figure | Value | Target | Result |",
        "|---|---|---:|---|---|",
    ]
    for result in results:
        if result.error:
            lines.append(f"| {result.title} | failed | | | ERROR |")
        for f in result.figures:
            lines.append(
                f"| {result.title} | {f.name} | {f.shown()} | {f.target or ''} | "
                f"{f.status if f.met is not None else ''} |"
            )
    lines += [
        "",
        "Peak memory is the maximum resident set size (ru_maxrss) of the process that "
        "ran the step: interpreter and libraries included, inputs generated elsewhere.",
        "",
    ]
    for result in results:
        if result.details:
            lines += [f"## {result.title}", ""]
            lines += [f"- {key}: {_detail(value)}" for key, value in result.details.items()]
            lines.append("")
    return "\n".join(lines)


def _detail(value: Any) -> str:
    if isinstance(value, dict):
        return ", ".join(f"{k} {_detail(v)}" for k, v in value.items())
    if isinstance(value, float):
        return f"{value:.4g}"
    return str(value)
