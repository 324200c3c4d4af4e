"""Fault injection: ingests killed at random points, and ingests racing each other and a
metrics run. Each time the warehouse must be exactly as before or exactly as after, the
lock free, the message true, and the next ingest must work.

``CPKIT_FAULT_RUNS=200 pytest tests/test_faults.py`` runs more kills (default: 6).
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from conftest import FIXTURES, read_table
from cpkit.ingest import ingest_paths
from cpkit.periods import FinancialYear
from cpkit.warehouse import Manifest
from cpkit.warehouse.lock import writer_active
from cpkit.workspace import Workspace, init_workspace

QUERY = "SELECT referral_id, cohort FROM advocacy_referrals ORDER BY 1"
RUNS = int(os.environ.get("CPKIT_FAULT_RUNS", "6"))

# the cpkit console script with the commit's file operations slowed a little, so that a kill
# lands inside the commit as often as before it (only os is touched before cpkit.__main__
# installs its signal handlers: nothing heavy runs unprotected)
SLOW_INGEST = """
import os, sys, time
pause = float(os.environ.get("CPKIT_TEST_PAUSE", "0.05"))
real_replace, real_fsync = os.replace, os.fsync
def replace(*a, **k):
    time.sleep(pause)
    return real_replace(*a, **k)
def fsync(*a, **k):
    time.sleep(pause)
    return real_fsync(*a, **k)
os.replace, os.fsync = replace, fsync
sys.argv = ["cpkit", *sys.argv[1:]]
import cpkit.__main__
cpkit.__main__.run()
"""


def _newer(folder: Path) -> Path:
    path = folder / "advocacy_newer.csv"
    text = (FIXTURES / "advocacy_comma.csv").read_text()
    path.write_text(text.replace(",CP,", ",CIN,") + "R0004,000999,01/02/2024,CIC,,,,,,,\r\n")
    return path


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, list, list]:
    """A workspace with one ingest committed, the newer extract, and the rows before/after."""
    folder = tmp_path_factory.mktemp("faults")
    workspace = init_workspace(folder / "base", la_code="330", la_name="Testshire")
    ingest_paths(workspace, [FIXTURES / "advocacy_comma.csv"])
    newer = _newer(folder)
    before = read_table(workspace, QUERY)
    trial = Workspace(shutil.copytree(workspace.root, folder / "trial"))
    ingest_paths(trial, [newer])
    after = read_table(trial, QUERY)
    assert before != after
    return workspace.root, newer, before, after


def _start(workspace: Path, *paths: Path, pause: float = 0.05) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", SLOW_INGEST, "ingest", *map(str, paths), "-w", str(workspace)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "CPKIT_TEST_PAUSE": str(pause)},
    )


def _state(workspace: Path, before: list, after: list) -> str:
    Manifest.load(workspace / "warehouse")  # loads: never half-written
    rows = read_table(Workspace(workspace), QUERY)
    assert rows in (before, after), rows
    return "before" if rows == before else "after"


def test_ingests_killed_at_random_points(
    base: tuple[Path, Path, list, list], tmp_path: Path
) -> None:
    root, newer, before, after = base
    started = time.perf_counter()
    whole = _start(shutil.copytree(root, tmp_path / "timing"), newer)
    assert whole.wait(120) == 0, whole.stderr.read() if whole.stderr else ""
    duration = time.perf_counter() - started
    chooser = random.Random(int(os.environ.get("CPKIT_FAULT_SEED", "9")))
    signals = [signal.SIGKILL, signal.SIGTERM, signal.SIGINT]
    outcomes: dict[str, int] = {}
    for run in range(RUNS):
        workspace = shutil.copytree(root, tmp_path / f"run{run}")
        how = signals[run % len(signals)]
        process = _start(workspace, newer)
        time.sleep(chooser.uniform(0.3, 1.0) * duration)
        process.send_signal(how)
        _, err = process.communicate(timeout=120)
        state = _state(workspace, before, after)
        outcomes[state] = outcomes.get(state, 0) + 1
        assert not writer_active(workspace / "warehouse"), "a dead ingest left the lock held"
        assert "Traceback" not in err
        if how != signal.SIGKILL and process.returncode != 0:
            _check_message(err, process.returncode, how, state)
        ingest_paths(Workspace(workspace), [newer])  # the next ingest is never blocked
        assert read_table(Workspace(workspace), QUERY) == after
        assert not list((workspace / "warehouse").rglob("*.tmp"))
    assert sum(outcomes.values()) == RUNS
    print(f"{RUNS} kills: warehouse left {outcomes}")


def _check_message(err: str, code: int, how: signal.Signals, state: str) -> None:
    lines = err.splitlines()
    assert len(lines) == 1, err
    line = lines[0]
    assert code == (143 if how == signal.SIGTERM else 130), (code, line)
    how_word = "terminated" if how == signal.SIGTERM else "interrupted"
    assert line.startswith(f"Error: {how_word}"), line
    if "just after the commit point" in line:
        assert state == "after", line
    else:  # before the commit point, while reading, or while starting
        assert "nothing was" in line, line
        assert state == "before", line


def test_two_ingests_and_metrics_at_once(
    base: tuple[Path, Path, list, list], tmp_path: Path
) -> None:
    """One writer at a time (the other is refused, clearly); the reader never fails and sees
    the state before or after each commit, never a mixture."""
    from cpkit.metrics import compute_area

    root, newer, before, after = base
    workspace = Workspace(shutil.copytree(root, tmp_path / "race"))
    seen: list[str] = []
    failures: list[BaseException] = []
    stop = threading.Event()

    def reader() -> None:
        while not stop.is_set():
            try:
                rows = read_table(workspace, QUERY)
                seen.append("before" if rows == before else "after" if rows == after else "mixed")
                result = compute_area(workspace, "advocacy", FinancialYear.parse("2023-24"))
                assert result.results
            except BaseException as error:  # any failure is the finding
                failures.append(error)
                return

    thread = threading.Thread(target=reader)
    thread.start()
    first = _start(workspace.root, newer, pause=0.3)
    time.sleep(1.0)
    second = _start(workspace.root, FIXTURES / "board_actions_utf8.csv", pause=0.3)
    results = [(p.wait(180), p.stderr.read() if p.stderr else "") for p in (first, second)]
    time.sleep(0.5)
    stop.set()
    thread.join(60)
    assert not failures, failures
    assert seen and set(seen) <= {"before", "after"}, set(seen)
    refused = [err for code, err in results if code != 0]
    for code, err in results:
        if code:
            assert code == 2 and err.count("\n") == 1, err
            assert "another cpkit command is writing" in err
    assert len(refused) < 2
    if refused:  # run the refused one again: it works now
        target = FIXTURES / "board_actions_utf8.csv" if results[1][0] else newer
        ingest_paths(workspace, [target])
    assert read_table(workspace, QUERY) == after
    assert read_table(workspace, "SELECT count(*) FROM board_actions") == [(2,)]
    assert not writer_active(workspace.warehouse_dir)
