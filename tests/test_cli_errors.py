"""Bad input gets one clear line on stderr and exit code 2, never a traceback."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import FIXTURES, Cli
from cpkit.errors import CpkitError, InputError, UsageError
from cpkit.workspace import Workspace

# (arguments after 'ingest', words the message must contain)
BAD_INPUT = {
    "empty file": (["empty.csv"], "empty.csv is empty (0 bytes)"),
    "header only": (["header_only.csv"], "header_only.csv has a header row but no data rows"),
    "pdf renamed": (["pdf_renamed.xlsx"], "pdf_renamed.xlsx is a PDF, not a spreadsheet"),
    "random bytes": (["random_bytes.xlsx"], "random_bytes.xlsx is not a .xlsx workbook"),
    "password": (["password.xlsx"], "password.xlsx is password-protected"),
    "corrupt": (["corrupt.xlsx"], "corrupt.xlsx is damaged"),
    "missing file": (["no_such_file.xlsx"], "no_such_file.xlsx does not exist"),
    "unknown dataset": (
        ["advocacy_comma.csv", "--dataset", "advocacy"],
        "unknown dataset 'advocacy'. Did you mean advocacy_referrals?",
    ),
    "missing sheet": (
        ["advocacy_title_row.xlsx", "--sheet", "Q3"],
        "sheet 'Q3' not found in advocacy_title_row.xlsx; sheets are: Referrals, Lookups, Notes",
    ),
    "bad collection year": (
        ["ssda903", "--collection-year", "24"],
        "--collection-year 24 is not a plausible year",
    ),
}


def _one_clear_line(err: str) -> str:
    lines = err.splitlines()
    assert len(lines) == 1, err
    line = lines[0]
    assert line.startswith("Error: ")
    assert "Traceback" not in err
    assert not re.search(r"\.\.|\?\.|\s\.(\s|$)", line), line  # tidy punctuation
    return line


@pytest.mark.parametrize("case", list(BAD_INPUT), ids=list(BAD_INPUT))
def test_bad_input_exits_2_with_one_line(cli: Cli, workspace: Workspace, case: str) -> None:
    arguments, words = BAD_INPUT[case]
    paths = [str(FIXTURES / a) if i == 0 else a for i, a in enumerate(arguments)]
    before = sorted(p.name for p in workspace.warehouse_dir.iterdir())
    result = cli("ingest", *paths, "--workspace", workspace.root)
    assert result.code == 2
    line = _one_clear_line(result.err)
    assert words in line
    assert re.search(r"\. [A-Z'\"]", line), "says how to fix it in a second sentence"
    assert result.out == ""
    assert sorted(p.name for p in workspace.warehouse_dir.iterdir()) == before


def test_folder_with_no_spreadsheets(cli: Cli, workspace: Workspace, tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "readme.md").write_text("nothing to ingest")
    result = cli("ingest", folder, "-w", workspace.root)
    assert result.code == 2
    line = _one_clear_line(result.err)
    assert "has no CSV or spreadsheet files. Give CSV, XLSX, XLS or ODS files." in line


def test_one_bad_file_among_good_ones_writes_nothing(cli: Cli, workspace: Workspace) -> None:
    result = cli(
        "ingest", FIXTURES / "advocacy_comma.csv", FIXTURES / "corrupt.xlsx", "-w", workspace.root
    )
    assert result.code == 2
    assert not (workspace.warehouse_dir / "_manifest.json").exists()


def test_bad_option_is_a_usage_error(cli: Cli, workspace: Workspace) -> None:
    result = cli("ingest", FIXTURES / "advocacy_comma.csv", "--nonsense", "-w", workspace.root)
    assert result.code == 2
    line = _one_clear_line(result.err)
    assert "--nonsense" in line and "--help" in line


def test_strict_exits_1_and_writes_nothing(cli: Cli, workspace: Workspace) -> None:
    result = cli("ingest", FIXTURES / "advocacy_rules.csv", "--strict", "-w", workspace.root)
    assert result.code == 1
    line = _one_clear_line(result.err)
    assert "10 rows would be quarantined; nothing was written (--strict)" in line
    assert "duplicate_key 2" in result.out  # the top reasons are shown
    assert not (workspace.warehouse_dir / "_manifest.json").exists()
    assert list(workspace.quarantine_dir.iterdir()) == []


def test_successful_ingest_prints_the_reconciliation(
    cli: Cli, workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    result = cli("ingest", FIXTURES / "advocacy_rules.csv", "-w", workspace.root)
    assert result.code == 0
    assert "Rows read 12 = accepted 2 + quarantined 10" in result.out
    assert "duplicate_key 2" in result.out
    again = cli("ingest", FIXTURES / "advocacy_rules.csv", "-w", workspace.root)
    assert "unchanged" in again.out and "Nothing new to write." in again.out


def test_help_for_every_data_command(cli: Cli) -> None:
    for command in ("init", "ingest", "datasets", "validate"):
        result = cli(command, "--help")
        assert result.code == 0
        assert "Examples:" in result.out
    assert cli().code == 0  # no arguments: the help, not an error


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (
            InputError("x.csv is empty (0 bytes)", hint="export it again"),
            "x.csv is empty (0 bytes). Export it again.",
        ),
        (
            UsageError("unknown dataset 'a'", hint="did you mean b?"),
            "unknown dataset 'a'. Did you mean b?",
        ),
        (CpkitError("no hint here."), "no hint here."),
        (
            CpkitError("spaced\n  out", hint=" 'cpkit init' first. "),
            "spaced out. 'cpkit init' first.",
        ),
    ],
)
def test_messages_are_tidy_sentences(error: CpkitError, expected: str) -> None:
    assert error.one_line() == expected


def _console_script() -> Path:
    script = Path(sys.executable).with_name("cpkit")
    return script if script.exists() else Path(shutil.which("cpkit") or "cpkit")


def test_installed_command_prints_no_traceback(workspace: Workspace) -> None:
    """The real console script, in its own process: one line, exit 2, no traceback."""
    env = {k: v for k, v in os.environ.items() if k not in ("CPKIT_WORKSPACE", "CPKIT_DEBUG")}
    done = subprocess.run(
        [
            str(_console_script()),
            "ingest",
            str(FIXTURES / "corrupt.xlsx"),
            "-w",
            str(workspace.root),
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert done.returncode == 2
    assert done.stdout == ""
    assert "corrupt.xlsx is damaged" in _one_clear_line(done.stderr)
