"""Failures a user can cause or meet outside the input files: each is one ``Error:`` line,
exit 2, naming the file, folder or setting and the fix (these were "internal error", exit 3)."""

from __future__ import annotations

import errno
import os
import resource
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from conftest import FIXTURES, Cli, Ingest
from cpkit.warehouse import MANIFEST_NAME, Manifest
from cpkit.workspace import Workspace


def _one_line(err: str) -> str:
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("Error: "), err
    assert "internal error" not in lines[0] and "Traceback" not in err
    return lines[0]


def test_settings_saved_as_windows_1252(cli: Cli, workspace: Workspace) -> None:
    config = workspace.config_path
    config.write_bytes(
        config.read_bytes() + '\n[report]\norganisation = "Café – £"\n'.encode("cp1252")
    )
    result = cli("datasets", "-w", workspace.root)
    assert result.code == 2
    line = _one_line(result.err)
    assert "the settings file cpkit.toml is not UTF-8 text (line" in line
    assert "Save it again as UTF-8" in line


def test_settings_that_are_not_toml(cli: Cli, workspace: Workspace) -> None:
    workspace.config_path.write_text("[la\ncode = 330\n")
    result = cli("datasets", "-w", workspace.root)
    assert result.code == 2
    assert "cpkit.toml is not valid TOML" in _one_line(result.err)


def test_a_workspace_path_that_is_a_file(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("x")
    result = cli("datasets", "-w", path)
    assert result.code == 2
    assert "no cpkit workspace" in _one_line(result.err)


def test_a_full_disk_during_the_commit(
    cli: Cli, ingest: Ingest, workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    ingest("advocacy_comma.csv")
    before = (workspace.warehouse_dir / MANIFEST_NAME).read_bytes()

    def full(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(pq, "write_table", full)
    result = cli("ingest", FIXTURES / "board_actions_utf8.csv", "-w", workspace.root)
    monkeypatch.undo()
    assert result.code == 2
    line = _one_line(result.err)
    assert "the disk is full; nothing was committed. Free some space" in line
    assert (workspace.warehouse_dir / MANIFEST_NAME).read_bytes() == before
    assert not list(workspace.warehouse_dir.rglob("*.tmp"))


def test_a_file_size_limit_during_the_commit(workspace: Workspace) -> None:
    """``ulimit -f``: the write fails with EFBIG (Python ignores SIGXFSZ)."""

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (2048, 2048))

    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "cpkit",
            "ingest",
            str(FIXTURES / "advocacy_rules.csv"),
            "-w",
            str(workspace.root),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=limit,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
    )
    assert result.returncode == 2, result.stderr
    line = _one_line(result.stderr)
    assert "file-size limit (ulimit -f) was reached; nothing was committed" in line
    assert Manifest.load(workspace.warehouse_dir).is_empty


def test_a_read_only_warehouse(
    cli: Cli, workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    import cpkit.warehouse.lock as lock

    real_open = os.open

    def refused(path: object, flags: int, *args: object) -> int:
        if str(path).endswith(".lock"):
            raise PermissionError(errno.EROFS, "Read-only file system", str(path))
        return real_open(path, flags, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(lock.os, "open", refused)
    result = cli("ingest", FIXTURES / "advocacy_comma.csv", "-w", workspace.root)
    monkeypatch.undo()
    assert result.code == 2
    line = _one_line(result.err)
    assert f"cannot write to the warehouse folder {workspace.warehouse_dir}" in line
    assert "not read-only" in line


def test_a_damaged_manifest_blocks_nothing_but_says_repair(
    cli: Cli, ingest: Ingest, workspace: Workspace
) -> None:
    ingest("advocacy_comma.csv")
    (workspace.warehouse_dir / MANIFEST_NAME).write_text("[1, 2")
    for command in (
        ["datasets"],
        ["validate"],
        ["ingest", str(FIXTURES / "advocacy_rules.csv")],
        ["metrics", "advocacy", "--year", "2023-24"],
    ):
        result = cli(*command, "-w", workspace.root)
        assert result.code == 2, command
        assert "Run 'cpkit repair'" in _one_line(result.err)
    assert cli("repair", "-w", workspace.root).code == 0
    assert cli("datasets", "-w", workspace.root).code == 0


def test_a_damaged_parquet_file_is_named(cli: Cli, ingest: Ingest, workspace: Workspace) -> None:
    ingest("advocacy_comma.csv")
    [part] = workspace.warehouse_dir.glob("advocacy_referrals/*.parquet")
    part.write_bytes(b"PAR1 not really")
    for command in (
        ["datasets"],
        ["metrics", "advocacy", "--year", "2023-24"],
        ["ingest", str(FIXTURES / "advocacy_rules.csv")],
    ):
        result = cli(*command, "-w", workspace.root)
        assert result.code == 2, command
        assert f"the warehouse file {part} of dataset advocacy_referrals is damaged" in _one_line(
            result.err
        )


@pytest.fixture
def reportable(ingest: Ingest, workspace: Workspace) -> Workspace:
    ingest("advocacy_comma.csv")
    return workspace


def _report_error(cli: Cli, workspace: Workspace, *options: str | Path) -> str:
    """The one error line of ``cpkit report annual --year 2023-24 --format md OPTIONS``."""
    command = ["report", "annual", "--year", "2023-24", "--format", "md", *options]
    result = cli(*command, "-w", workspace.root)
    assert result.code == 2, result.err
    return _one_line(result.err)


def test_out_naming_a_file(cli: Cli, reportable: Workspace, tmp_path: Path) -> None:
    target = tmp_path / "report.html"
    target.write_text("an old report")
    line = _report_error(cli, reportable, "--out", target)
    assert f"--out {target} is a file, not a folder" in line


def test_a_template_with_a_syntax_error(cli: Cli, reportable: Workspace, tmp_path: Path) -> None:
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "report.md.j2").write_text("# {{ title }\n\n{% for x in %}\n")
    line = _report_error(cli, reportable, "--templates", folder, "--out", tmp_path / "out")
    assert "the template" in line and "report.md.j2, line 1 has a syntax error" in line


def test_a_narrative_saved_as_windows_1252(cli: Cli, reportable: Workspace, tmp_path: Path) -> None:
    folder = tmp_path / "narrative"
    folder.mkdir()
    (folder / "advocacy.md").write_bytes("Our advocates – a £5 café voucher.\n".encode("cp1252"))
    line = _report_error(cli, reportable, "--narrative", folder, "--out", tmp_path / "out")
    assert "advocacy.md" in line and "is not UTF-8 text (line 1" in line


def test_an_interrupt_after_the_commit_point_says_the_ingest_was_saved(
    ingest: Ingest, workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl-C while the summary prints, after the warehouse write finished, must not claim
    that nothing was committed (seen once in test_faults under load)."""
    import cpkit.warehouse as warehouse
    from cpkit.cli import failures

    monkeypatch.setattr(warehouse, "_SAVED", [])
    assert "nothing was committed" in failures.interrupt_line()[0]
    ingest("advocacy_semicolon.csv")
    line, code = failures.interrupt_line()
    assert line.startswith("interrupted just after the commit point: the ingest was saved"), line
    assert code == 130
