"""Locks the kernel releases: a killed writer leaves no lock; readers keep their files."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from conftest import FIXTURES, Ingest, read_table
from cpkit.errors import WorkspaceError
from cpkit.warehouse import Manifest, connect, warehouse_lock
from cpkit.warehouse.lock import writer_active
from cpkit.workspace import Workspace


def _holder(code: str, *args: object) -> subprocess.Popen[str]:
    """A Python process that runs ``code``, prints 'ready' and then sleeps."""
    script = textwrap.dedent(code) + "\nprint('ready', flush=True)\nimport time\ntime.sleep(60)\n"
    process = subprocess.Popen(
        [sys.executable, "-c", script, *map(str, args)], stdout=subprocess.PIPE, text=True
    )
    assert process.stdout is not None
    assert process.stdout.readline().strip() == "ready"
    return process


HOLD_WRITER = """
import sys
from pathlib import Path
from cpkit.warehouse import warehouse_lock
lock = warehouse_lock(Path(sys.argv[1]))
lock.__enter__()
"""


@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGTERM])
def test_a_killed_writer_leaves_no_lock(workspace: Workspace, how: signal.Signals) -> None:
    warehouse = workspace.warehouse_dir
    holder = _holder(HOLD_WRITER, warehouse)
    try:
        assert writer_active(warehouse)
        with (
            pytest.raises(WorkspaceError, match="another cpkit command is writing"),
            warehouse_lock(warehouse),
        ):
            pass
    finally:
        os.kill(holder.pid, how)
        holder.wait(10)
    assert not writer_active(warehouse)
    with warehouse_lock(warehouse):
        assert writer_active(warehouse)


def test_an_old_style_lock_file_does_not_block(workspace: Workspace) -> None:
    """A .lock left by an older cpkit (O_EXCL) is only a file: nobody holds it."""
    (workspace.warehouse_dir / ".lock").write_text("12345")
    with warehouse_lock(workspace.warehouse_dir):
        pass


HOLD_READER = """
import sys
from pathlib import Path
from cpkit.warehouse import Manifest, connect
held = connect(Path(sys.argv[1])) if sys.argv[2] == "connect" else Manifest.load(Path(sys.argv[1]))
"""


@pytest.mark.parametrize("holds", ["connect", "manifest"])
def test_a_reader_in_another_process_keeps_the_files_it_reads(
    ingest: Ingest, workspace: Workspace, tmp_path: Path, holds: str
) -> None:
    """A DuckDB connection, or just a loaded manifest (cpkit datasets, validate), keeps the
    files it names until it is gone."""
    warehouse = workspace.warehouse_dir
    ingest("advocacy_comma.csv")
    [(before,)] = read_table(workspace, "SELECT count(*) FROM advocacy_referrals")
    old_parts = {p.name for p in warehouse.glob("advocacy_referrals/*.parquet")}
    reader = _holder(HOLD_READER, warehouse, holds)
    try:
        ingest(_newer(tmp_path))
        kept = {p.name for p in warehouse.glob("advocacy_referrals/*.parquet")}
        assert old_parts < kept  # the reader's files survive the commit
    finally:
        reader.kill()
        reader.wait(10)
    time.sleep(0.05)
    ingest("board_actions_utf8.csv")  # a later commit with no reader tidies up
    live = set(Manifest.load(warehouse).referenced_files())
    on_disk = {p.relative_to(warehouse).as_posix() for p in warehouse.glob("*/*.parquet")}
    assert on_disk == live
    assert read_table(workspace, "SELECT count(*) FROM advocacy_referrals") == [(before + 1,)]


def test_a_reader_in_this_process_does_not_stop_the_tidy_up(
    ingest: Ingest, workspace: Workspace, tmp_path: Path
) -> None:
    warehouse = workspace.warehouse_dir
    ingest("advocacy_comma.csv")
    connection = connect(warehouse)
    ingest(_newer(tmp_path))
    on_disk = {p.relative_to(warehouse).as_posix() for p in warehouse.glob("*/*.parquet")}
    assert on_disk == set(Manifest.load(warehouse).referenced_files())
    connection.close()


def _newer(folder: Path) -> Path:
    lines = (FIXTURES / "advocacy_comma.csv").read_text(encoding="utf-8").splitlines()
    target = folder / "advocacy_newer.csv"
    extra = lines[1].split(",")
    extra[0] = "ADV-9999"
    target.write_text("\n".join([*lines, ",".join(extra)]) + "\n", encoding="utf-8")
    return target
