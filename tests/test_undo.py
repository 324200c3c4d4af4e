"""Undo and snapshots: ``cpkit forget``, ``cpkit ingest --replace``, and ``cpkit validate``
reporting the warehouse as it is now. Every change leaves warehouse and manifest consistent,
and an interrupted one leaves them exactly as they were."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import FIXTURES, Cli, Ingest, read_table, warehouse_snapshot
from cpkit.errors import Interrupted, UsageError
from cpkit.ingest import forget
from cpkit.warehouse import Manifest
from cpkit.warehouse.quality import quality_report, unmapped_wordings
from cpkit.workspace import Workspace

HEADER = "Action ID,Date raised,Ask,Status\n"


def _actions(folder: Path, name: str, *rows: str) -> Path:
    path = folder / name
    path.write_text(HEADER + "".join(f"{row}\n" for row in rows), encoding="utf-8")
    return path


def _ids(workspace: Workspace) -> list[str]:
    if "board_actions" not in Manifest.load(workspace.warehouse_dir).datasets:
        return []  # forgetting its last rows removes the dataset
    return [i for (i,) in read_table(workspace, "SELECT action_id FROM board_actions ORDER BY 1")]


def _consistent(workspace: Workspace) -> None:
    """The manifest's row counts are the stored rows, every live record has rows in the
    table, and every file it names exists (nothing dangling, nothing half written)."""
    manifest = Manifest.load(workspace.warehouse_dir)
    for name, state in manifest.datasets.items():
        assert read_table(workspace, f"SELECT count(*) FROM {name}") == [(state.rows,)]
        stored = {i for (i,) in read_table(workspace, f"SELECT DISTINCT ingest_id FROM {name}")}
        live = {r.ingest_id for r in manifest.ingests if r.dataset == name and not r.superseded}
        assert stored == {
            i
            for i in live
            if any(r.accepted for r in manifest.ingests if r.ingest_id == i and r.dataset == name)
        }
    for relative in manifest.referenced_files():
        assert (workspace.warehouse_dir / relative).is_file()


# --------------------------------------------------------------------------- forget


def test_forget_a_file_removes_its_rows_issues_and_manifest_entries(
    ingest: Ingest, workspace: Workspace, tmp_path: Path
) -> None:
    kept = _actions(tmp_path, "kept.csv", "K1,01/05/2023,Bus passes,Open")
    wrong = _actions(tmp_path, "wrong.csv", "W1,01/05/2023,Wi-Fi,Open", "W2,31/02/2023,Laptops,")
    ingest(kept)
    ingest(wrong)
    assert _ids(workspace) == ["K1", "W1"]
    assert list(workspace.quarantine_dir.glob("wrong.*.csv"))

    result = forget(workspace, "wrong.csv")

    assert [r.file for r in result.records] == ["wrong.csv"]
    assert result.rows == {"board_actions": 1}
    assert _ids(workspace) == ["K1"]
    manifest = Manifest.load(workspace.warehouse_dir)
    assert [r.file for r in manifest.ingests] == ["kept.csv"]
    assert not list(workspace.quarantine_dir.glob("wrong.*.csv"))
    assert [f.rule for f in quality_report(workspace.warehouse_dir)] == []
    _consistent(workspace)
    assert ingest(wrong).committed  # no longer "unchanged": it can come back


def test_forget_by_ingest_id_takes_out_the_whole_run(ingest: Ingest, workspace: Workspace) -> None:
    report = ingest("advocacy_comma.csv", "board_actions_utf8.csv")
    assert report.ingest_id
    forget(workspace, report.ingest_id)
    manifest = Manifest.load(workspace.warehouse_dir)
    assert manifest.ingests == [] and manifest.datasets == {}
    _consistent(workspace)


def test_forget_an_unknown_target_is_a_clear_error(ingest: Ingest, workspace: Workspace) -> None:
    ingest("board_actions_utf8.csv")
    with pytest.raises(UsageError, match=r"Did you mean 'board_actions_utf8\.csv'"):
        forget(workspace, "board_actions_utf9.csv")


def test_forget_says_replaced_rows_of_an_earlier_ingest_are_not_restored(
    ingest: Ingest, workspace: Workspace, tmp_path: Path
) -> None:
    first = _actions(tmp_path, "actions_may.csv", "A1,01/05/2023,Bus passes,Open")
    second = _actions(tmp_path, "actions_june.csv", "A1,01/05/2023,Bus passes,Done")
    ingest(first)
    ingest(second)  # replaces A1: the May ingest is superseded
    result = forget(workspace, "actions_june.csv")
    assert [r.file for r in result.replaced_earlier] == ["actions_may.csv"]
    assert _ids(workspace) == []


def test_interrupted_forget_leaves_the_warehouse_as_it_was(
    ingest: Ingest, workspace: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ingest(_actions(tmp_path, "a.csv", "A1,01/05/2023,Bus passes,Open"))
    ingest(_actions(tmp_path, "b.csv", "B1,01/05/2023,Wi-Fi,Open"))
    before = warehouse_snapshot(workspace)

    def interrupted(self: Manifest, warehouse: Path) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(Manifest, "save", interrupted)
    with pytest.raises(Interrupted):
        forget(workspace, "b.csv")
    monkeypatch.undo()
    assert warehouse_snapshot(workspace) == before
    assert _ids(workspace) == ["A1", "B1"]
    forget(workspace, "b.csv")
    assert _ids(workspace) == ["A1"]
    _consistent(workspace)


def test_forget_command(cli: Cli, workspace: Workspace) -> None:
    cli("ingest", FIXTURES / "board_actions_utf8.csv", "-w", workspace.root)
    result = cli("forget", FIXTURES / "board_actions_utf8.csv", "-w", workspace.root)
    assert result.code == 0, result.err
    assert "Forgot board_actions_utf8.csv: board_actions" in result.out
    assert "board_actions: 2 rows removed" in result.out
    missing = cli("forget", "nothing.csv", "-w", workspace.root)
    assert missing.code == 2 and missing.err.startswith("Error: nothing in the warehouse")


# --------------------------------------------------------------------------- --replace


def test_replace_removes_rows_the_new_list_lacks(
    ingest: Ingest, workspace: Workspace, tmp_path: Path
) -> None:
    ingest(_actions(tmp_path, "actions.csv", "A1,01/05/2023,Bus,Open", "A2,01/05/2023,Wi-Fi,Open"))
    newer = _actions(tmp_path, "actions_v2.csv", "A2,01/05/2023,Wi-Fi,Done", "A3,02/06/2023,Gym,")
    plain = ingest(newer)  # by key: A1 stays
    assert _ids(workspace) == ["A1", "A2", "A3"]
    forget(workspace, plain.ingest_id or "")
    report = ingest(newer, replace=True)
    assert _ids(workspace) == ["A2", "A3"]
    [summary] = report.files
    assert "--replace: 1 row of board_actions not in this extract removed" in summary.notes
    manifest = Manifest.load(workspace.warehouse_dir)
    assert [r.superseded for r in manifest.ingests] == [True, False]
    _consistent(workspace)


def test_replace_of_an_unchanged_file_still_makes_it_the_complete_list(
    ingest: Ingest, workspace: Workspace, tmp_path: Path
) -> None:
    current = _actions(tmp_path, "current.csv", "A1,01/05/2023,Bus,Open")
    ingest(current)
    ingest(_actions(tmp_path, "old.csv", "Z9,01/05/2022,Old ask,Closed"))
    report = ingest(current, replace=True)
    assert report.committed
    assert _ids(workspace) == ["A1"]
    _consistent(workspace)


def test_interrupted_replace_leaves_the_warehouse_as_it_was(
    ingest: Ingest, workspace: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ingest(_actions(tmp_path, "actions.csv", "A1,01/05/2023,Bus,Open", "A2,01/05/2023,Wi-Fi,"))
    before = warehouse_snapshot(workspace)

    def interrupted(self: Manifest, warehouse: Path) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(Manifest, "save", interrupted)
    with pytest.raises(Interrupted):
        ingest(_actions(tmp_path, "v2.csv", "A2,01/05/2023,Wi-Fi,Done"), replace=True)
    monkeypatch.undo()
    assert warehouse_snapshot(workspace) == before
    assert _ids(workspace) == ["A1", "A2"]


# --------------------------------------------------------------------------- validate


def test_validate_reports_the_warehouse_as_it_is_now(
    ingest: Ingest, workspace: Workspace, tmp_path: Path
) -> None:
    """A file fixed and ingested again: its old quarantined rows and the warnings on rows
    it replaced are gone from the report; what is still there is still reported."""
    first = _actions(
        tmp_path, "actions.csv", "A1,01/05/2023,Bus,Sorted", "A2,31/02/2023,Gym,", "A3,,Wi-Fi,"
    )
    ingest(first)
    rules = {f.rule: f.rows for f in quality_report(workspace.warehouse_dir)}
    assert rules == {"action_status_unknown": 1, "date_impossible": 1, "missing_required": 1}
    [wordings] = unmapped_wordings(workspace.warehouse_dir)
    assert (wordings.column, wordings.severity, wordings.counts) == (
        "status",
        "warning",
        {"Sorted": 1},
    )
    fixed = _actions(
        tmp_path, "actions.csv", "A1,01/05/2023,Bus,Done", "A2,28/02/2023,Gym,", "A3,,Wi-Fi,"
    )
    ingest(fixed)
    rules = {f.rule: f.rows for f in quality_report(workspace.warehouse_dir)}
    assert rules == {"missing_required": 1}  # A3 still has no date; the rest is fixed
    assert unmapped_wordings(workspace.warehouse_dir) == []
