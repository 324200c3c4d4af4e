"""The demo: a workspace built from the bundled synthetic sample, end to end."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from cpkit.errors import WorkspaceError
from cpkit.ingest import IngestReport, ingest_paths
from cpkit.workspace import Workspace, init_workspace

DEMO_YEAR = "2023-24"
_SAMPLE_SUFFIXES = {".csv", ".xlsx", ".xls", ".ods"}


def sample_dir() -> Path:
    """data/sample/ of a source checkout, or the copy shipped inside the wheel."""
    here = Path(__file__).resolve()
    for candidate in (here.parents[2] / "data" / "sample", here.parent / "_sample"):
        if (candidate / "cpkit.toml").is_file():
            return candidate
    raise WorkspaceError(
        "the bundled sample data is missing from this installation",
        hint="reinstall cpkit, or run from a source checkout",
    )


def sample_files(folder: Path | None = None) -> list[Path]:
    folder = folder or sample_dir()
    return sorted(p for p in folder.iterdir() if p.suffix.lower() in _SAMPLE_SUFFIXES)


@dataclass
class DemoResult:
    workspace: Workspace
    ingest: IngestReport


def build_demo_workspace(directory: Path | str) -> DemoResult:
    """Create (or refresh) a workspace from the sample and ingest it."""
    source = sample_dir()
    workspace = init_workspace(directory, la_code="330", la_name="Birmingham")
    shutil.copyfile(source / "cpkit.toml", workspace.config_path)
    narrative = source / "narrative"
    if narrative.is_dir():
        shutil.copytree(narrative, workspace.root / "reports" / "narrative", dirs_exist_ok=True)
    workspace = Workspace(workspace.root)  # re-read the copied settings
    report = ingest_paths(workspace, sample_files(source))
    return DemoResult(workspace, report)
