"""Shared fixtures: a fresh workspace, the fixture files, and a CLI runner."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import settings

from cpkit.ingest import IngestReport, ingest_paths
from cpkit.render.report import ReportResult
from cpkit.warehouse import Manifest
from cpkit.workspace import Workspace, init_workspace

# No timing in tests (benchmarks/ measures time): hypothesis's per-example deadline fails
# property tests on a loaded CI machine, so it is off for every test.
settings.register_profile("cpkit", deadline=None)
settings.load_profile("cpkit")

FIXTURES = Path(__file__).resolve().parent / "fixtures"
SHARED = Path(__file__).resolve().parents[1].parent / "shared"  # ../shared beside the repo
TODAY = dt.date(2024, 6, 1)  # library ingests use a fixed "today" for the future-date rule


@dataclass
class CliResult:
    code: int
    out: str
    err: str


Ingest = Callable[..., IngestReport]  # the ``ingest`` fixture
Cli = Callable[..., CliResult]  # the ``cli`` fixture


@pytest.fixture
def workspace(tmp_path: Path) -> Workspace:
    """A brand-new workspace (LA 330) with its own key."""
    return init_workspace(tmp_path / "ws", la_code="330", la_name="Testshire")


@pytest.fixture
def ingest(workspace: Workspace) -> Ingest:
    """Ingest fixture files (names relative to tests/fixtures, or paths) into ``workspace``."""

    def run(*names: str | Path, **options: object) -> IngestReport:
        paths = [name if isinstance(name, Path) else FIXTURES / name for name in names]
        options.setdefault("today", TODAY)
        return ingest_paths(workspace, paths, **options)  # type: ignore[arg-type]

    return run


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Cli:
    """Run ``cpkit.cli.main`` with arguments; return the exit code and what it printed."""
    from cpkit.cli import main

    def run(*args: str | Path) -> CliResult:
        capsys.readouterr()  # forget anything printed before
        code = main([str(a) for a in args])
        captured = capsys.readouterr()
        return CliResult(code, captured.out, captured.err)

    return run


def read_table(workspace: Workspace, sql: str) -> list[tuple]:
    """Rows of a DuckDB query over the workspace's warehouse views."""
    from cpkit.warehouse import connect

    connection = connect(workspace.warehouse_dir)
    try:
        return connection.execute(sql).fetchall()
    finally:
        connection.close()


def issues_of(workspace: Workspace, file: str) -> list[dict]:
    """The issue rows (quarantined and warnings) recorded for one ingested file."""
    import pyarrow.parquet as pq

    manifest = Manifest.load(workspace.warehouse_dir)
    records = [r for r in manifest.ingests if r.file == file and r.issues_file]
    rows: list[dict] = []
    for record in records:
        rows += pq.read_table(workspace.warehouse_dir / record.issues_file).to_pylist()
    return rows


def warehouse_snapshot(workspace: Workspace) -> dict[str, bytes]:
    """Every file under warehouse/ with its bytes (to prove nothing changed)."""
    root = workspace.warehouse_dir
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="session")
def sample_workspace(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    """The bundled sample, ingested once per test session exactly as ``cpkit demo`` does."""
    from cpkit.demo import build_demo_workspace

    result = build_demo_workspace(tmp_path_factory.mktemp("sample") / "demo")
    assert result.ingest.committed
    return result.workspace


@pytest.fixture(scope="session")
def sample_results(sample_workspace: Workspace) -> dict:
    """Every area's 2023-24 figures for the sample (private: no disclosure control), computed
    once per session through the report's pipeline (``compute_all``); read-only."""
    from cpkit.metrics import open_engine
    from cpkit.periods import FinancialYear
    from cpkit.render.report import compute_all

    year = FinancialYear.parse("2023-24")
    return compute_all(sample_workspace, open_engine(sample_workspace), year, public=False)


REPORT_EPOCH = "1717200000"  # 2024-06-01 00:00 UTC: the run time the golden reports print


@pytest.fixture(scope="session")
def sample_reports(
    sample_workspace: Workspace, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, ReportResult]:
    """The sample's 2023-24 annual report, private and public, rendered once per test session
    in md, html, xlsx (and docx with the office extra), at a fixed run time.

    Shared by every test that only reads the report (golden files, accessibility, the browser,
    print and Office checks): treat the files as read-only, and copy one before changing it.
    """
    import importlib.util

    from cpkit.periods import FinancialYear
    from cpkit.render.report import render_annual_report

    formats = ("md", "html", "xlsx") + (
        ("docx",) if importlib.util.find_spec("docx") is not None else ()
    )
    patch = pytest.MonkeyPatch()
    patch.setenv("SOURCE_DATE_EPOCH", REPORT_EPOCH)
    try:
        return {
            kind: render_annual_report(
                sample_workspace,
                FinancialYear.parse("2023-24"),
                out=tmp_path_factory.mktemp(f"report-{kind}"),
                formats=formats,
                public=kind == "public",
            )
            for kind in ("private", "public")
        }
    finally:
        patch.undo()


def report_file(report: ReportResult, suffix: str) -> Path:
    """The one file of a rendered report with this suffix ('.md', '.html', '.docx')."""
    (path,) = [p for p in report.paths if p.suffix == suffix]
    return path


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="rewrite the golden report files in tests/golden/ instead of "
        "comparing with them (review the diff before committing)",
    )


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))
