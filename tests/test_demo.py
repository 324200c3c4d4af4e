"""`cpkit demo` (what `make demo` runs): builds the sample workspace and renders its report."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from conftest import Cli


def test_demo_builds_the_workspace_and_renders_the_report(cli: Cli, tmp_path: Path) -> None:
    result = cli("demo", tmp_path / "cpkit-demo")
    assert result.code == 0, result.err
    reports = tmp_path / "cpkit-demo" / "reports"
    assert (reports / "annual-report-2023-24.html").is_file()
    assert (reports / "annual-report-2023-24.md").is_file()
    assert f"Report (html): {tmp_path / 'cpkit-demo'}" in result.out
    assert "advocacy_referrals" in result.out and "1,851" in result.out
    # make demo also writes the Word document (with the office extra) and the workbook
    assert (reports / "annual-report-2023-24-tables.xlsx").is_file()
    docx_written = (reports / "annual-report-2023-24.docx").is_file()
    assert docx_written == (importlib.util.find_spec("docx") is not None)
