"""The warehouse: atomic commits, the manifest, DuckDB views, replacement by year."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from conftest import FIXTURES, Cli, Ingest, read_table, warehouse_snapshot
from cpkit import __version__
from cpkit.errors import Interrupted, WorkspaceError
from cpkit.warehouse import MANIFEST_NAME, Manifest, connect, warehouse_lock
from cpkit.warehouse.inventory import inventory
from cpkit.warehouse.lock import writer_active
from cpkit.warehouse.quality import quality_report
from cpkit.workspace import Workspace

QUERY = "SELECT referral_id, cohort, source_file FROM advocacy_referrals ORDER BY 1"
Snapshot = tuple[dict[str, bytes], list[tuple]]  # every warehouse file, and QUERY's rows


def test_manifest_logs_each_file(ingest: Ingest, workspace: Workspace) -> None:
    ingest("advocacy_rules.csv")
    manifest = Manifest.load(workspace.warehouse_dir)
    [record] = manifest.ingests
    digest = hashlib.sha256((FIXTURES / "advocacy_rules.csv").read_bytes()).hexdigest()
    assert (record.file, record.sha256, record.dataset) == (
        "advocacy_rules.csv",
        digest,
        "advocacy_referrals",
    )
    assert (record.rows_read, record.accepted, record.quarantined) == (12, 2, 10)
    assert record.rules["duplicate_key"] == 2
    assert record.warning_rules == {"bool_invalid": 1}
    assert record.cpkit_version == __version__
    assert record.time.endswith("+00:00")
    assert record.la_code == "330"
    state = manifest.datasets["advocacy_referrals"]
    assert state.rows == 2
    assert (workspace.warehouse_dir / state.files[0]).is_file()


def test_connect_gives_one_view_per_dataset(ingest: Ingest, workspace: Workspace) -> None:
    ingest("advocacy_comma.csv", "board_actions_utf8.csv", "ssda903")
    connection = connect(workspace.warehouse_dir)
    views = {v for (v,) in connection.execute("SELECT view_name FROM duckdb_views()").fetchall()}
    assert {
        "advocacy_referrals",
        "board_actions",
        "ssda903_header",
        "ssda903_episodes",
        "ssda903_oc3",
        "ssda903_reviews",
    } <= views
    assert connection.execute("SELECT count(*) FROM advocacy_referrals").fetchone() == (3,)
    assert connection.execute("SELECT count(*) FROM ssda903_oc3").fetchone() == (5,)
    filtered = connect(workspace.warehouse_dir, la_code="999")
    assert filtered.execute("SELECT count(*) FROM advocacy_referrals").fetchone() == (0,)


def test_stored_schema_has_types_and_provenance(ingest: Ingest, workspace: Workspace) -> None:
    ingest("advocacy_comma.csv")
    state = Manifest.load(workspace.warehouse_dir).datasets["advocacy_referrals"]
    schema = pq.read_schema(workspace.warehouse_dir / state.files[0])
    types = {field.name: str(field.type) for field in schema}
    assert types["referral_date"] == "date32[day]"
    assert types["disability"] == "bool"
    assert types["referral_id"] == "string"
    for name in ("la_code", "source_file", "source_sheet", "source_row", "ingest_id"):
        assert name in types


@pytest.fixture
def committed(ingest: Ingest, workspace: Workspace) -> Snapshot:
    """A warehouse holding one ingest, and what it looked like."""
    ingest("advocacy_comma.csv", "advocacy_rules.csv")
    return warehouse_snapshot(workspace), read_table(workspace, QUERY)


def _newer_extract(tmp_path: Path) -> Path:
    path = tmp_path / "advocacy_newer.csv"
    text = (FIXTURES / "advocacy_comma.csv").read_text()
    path.write_text(text.replace(",CP,", ",CIN,") + "R0004,000999,01/02/2024,CIC,,,,,,,\r\n")
    return path


def _assert_unchanged(workspace: Workspace, committed: Snapshot) -> None:
    snapshot, rows = committed
    assert warehouse_snapshot(workspace) == snapshot  # manifest, Parquet and issue files
    assert read_table(workspace, QUERY) == rows
    assert not writer_active(workspace.warehouse_dir)


def test_interrupted_manifest_swap_leaves_the_warehouse_as_it_was(
    ingest: Ingest,
    workspace: Workspace,
    committed: Snapshot,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def interrupted(self: Manifest, warehouse: Path) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(Manifest, "save", interrupted)
    with pytest.raises(Interrupted, match="before the commit point; nothing was written"):
        ingest(_newer_extract(tmp_path), "board_actions_utf8.csv")
    monkeypatch.undo()
    _assert_unchanged(workspace, committed)
    assert list(workspace.quarantine_dir.glob("advocacy_newer*")) == []
    later = ingest(_newer_extract(tmp_path), "board_actions_utf8.csv")
    assert later.committed
    assert read_table(workspace, "SELECT count(*) FROM advocacy_referrals") == [(6,)]


def test_interrupted_parquet_write_leaves_the_warehouse_as_it_was(
    ingest: Ingest,
    workspace: Workspace,
    committed: Snapshot,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Ctrl-C while the second of two datasets is being written."""
    real_write = pq.write_table
    calls: list[str] = []

    def write_then_interrupt(table: object, where: object, *args: object, **kwargs: object) -> None:
        calls.append(str(where))
        if sum(".parquet.tmp" in c for c in calls) == 2:
            raise KeyboardInterrupt
        real_write(table, where, *args, **kwargs)

    monkeypatch.setattr(pq, "write_table", write_then_interrupt)
    with pytest.raises(Interrupted, match="before the commit point; nothing was written"):
        ingest(_newer_extract(tmp_path), "board_actions_utf8.csv")
    monkeypatch.undo()
    assert sum(".parquet.tmp" in c for c in calls) == 2  # it really stopped partway
    _assert_unchanged(workspace, committed)
    assert ingest(_newer_extract(tmp_path), "board_actions_utf8.csv").committed


def test_ctrl_c_through_the_cli_says_nothing_was_committed(
    cli: Cli,
    workspace: Workspace,
    committed: Snapshot,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def interrupted(self: Manifest, warehouse: Path) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(Manifest, "save", interrupted)
    result = cli("ingest", _newer_extract(tmp_path), "--workspace", workspace.root)
    assert result.code == 130
    assert result.err.strip() == (
        "Error: interrupted before the commit point; nothing was written and the warehouse "
        "is as it was. Run the same command again."
    )
    monkeypatch.undo()
    _assert_unchanged(workspace, committed)


def test_stray_files_from_a_killed_run_are_removed_by_the_next(
    ingest: Ingest, workspace: Workspace, tmp_path: Path
) -> None:
    ingest("advocacy_comma.csv")
    stray = [
        workspace.warehouse_dir / "advocacy_referrals" / "part-killed.parquet",
        workspace.warehouse_dir / "advocacy_referrals" / "part-killed.parquet.tmp",
        workspace.warehouse_dir / "_issues" / "killed.parquet",
        workspace.warehouse_dir / f".{MANIFEST_NAME}.123.tmp",
    ]
    for path in stray:
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(b"partial")
    ingest(_newer_extract(tmp_path))
    assert [p for p in stray if p.exists()] == []


def test_a_second_writer_is_refused(workspace: Workspace) -> None:
    lock = workspace.warehouse_dir
    with warehouse_lock(lock), pytest.raises(WorkspaceError) as caught, warehouse_lock(lock):
        pass  # never reached: the second lock is refused
    assert "another cpkit command is writing" in caught.value.one_line()
    assert not writer_active(workspace.warehouse_dir)


def test_damaged_manifest_is_a_clear_error(workspace: Workspace) -> None:
    (workspace.warehouse_dir / MANIFEST_NAME).write_text("{not json")
    with pytest.raises(WorkspaceError, match=r"manifest .* is damaged"):
        Manifest.load(workspace.warehouse_dir)


def test_missing_parquet_is_a_clear_error(ingest: Ingest, workspace: Workspace) -> None:
    ingest("advocacy_comma.csv")
    for part in workspace.warehouse_dir.glob("advocacy_referrals/*.parquet"):
        part.unlink()
    with pytest.raises(WorkspaceError, match="missing"):
        connect(workspace.warehouse_dir)


# --------------------------------------------------------------------------- SSDA903 years


def _copy(name: str, folder: Path, as_name: str, drop_last: int = 0) -> Path:
    folder.mkdir(exist_ok=True)
    lines = (FIXTURES / "ssda903" / name).read_text().splitlines(keepends=True)
    target = folder / as_name
    target.write_text("".join(lines[: len(lines) - drop_last]))
    return target


def test_new_file_for_a_collection_year_replaces_that_year(
    ingest: Ingest, workspace: Workspace, tmp_path: Path
) -> None:
    ingest(_copy("header_2023-24.csv", tmp_path / "a", "header_2024.csv"))
    ingest(_copy("header_2023-24.csv", tmp_path / "b", "header_2023.csv"))
    assert read_table(
        workspace, "SELECT collection_year, count(*) FROM ssda903_header GROUP BY 1 ORDER BY 1"
    ) == [(2023, 3), (2024, 3)]
    ingest(_copy("header_2023-24.csv", tmp_path / "c", "header_2024_resubmitted.csv", 1))
    assert read_table(
        workspace, "SELECT collection_year, count(*) FROM ssda903_header GROUP BY 1 ORDER BY 1"
    ) == [(2023, 3), (2024, 2)]
    assert read_table(
        workspace, "SELECT DISTINCT source_file FROM ssda903_header WHERE collection_year = 2024"
    ) == [("header_2024_resubmitted.csv",)]


def test_two_files_of_one_year_in_one_run_are_both_kept(
    ingest: Ingest, workspace: Workspace, tmp_path: Path
) -> None:
    folder = tmp_path / "split"
    _copy("reviews_23-24.csv", folder, "reviews_2024_part1.csv")
    part2 = folder / "reviews_2024_part2.csv"
    part2.write_text("CHILD,DOB,REVIEW,REVIEW_CODE\n900003,01/09/2006,01/03/2024,PN1\n")
    report = ingest(folder)
    assert report.accepted == 4
    assert read_table(workspace, "SELECT count(*) FROM ssda903_reviews") == [(4,)]


# --------------------------------------------------------------------------- listings


def test_inventory_lists_rows_dates_and_years(ingest: Ingest, workspace: Workspace) -> None:
    ingest("advocacy_comma.csv", "ssda903")
    summaries = {s.name: s for s in inventory(workspace.warehouse_dir)}
    advocacy = summaries["advocacy_referrals"]
    assert (advocacy.rows, str(advocacy.first), str(advocacy.last)) == (
        3,
        "2023-04-03",
        "2023-11-20",
    )
    assert advocacy.years == ["2023-24"]
    assert summaries["ssda903_oc3"].years == ["2023-24"]


def test_datasets_command_lists_the_warehouse(
    cli: Cli, ingest: Ingest, workspace: Workspace
) -> None:
    assert "The warehouse is empty" in cli("datasets", "-w", workspace.root).out
    ingest("advocacy_comma.csv", "ssda903")
    result = cli("datasets", "--workspace", workspace.root)
    assert result.code == 0
    for text in ("advocacy_referrals", "ssda903_episodes", "03/04/2023", "2023-24"):
        assert text in result.out


def test_datasets_all_lists_what_cpkit_can_ingest(cli: Cli) -> None:
    result = cli("datasets", "--all")
    assert result.code == 0
    assert "advocacy_referrals" in result.out and "ssda903_oc3" in result.out


def test_validate_reports_rules_and_where_to_look(
    cli: Cli, ingest: Ingest, workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "300")  # one line per table row, so the text can be found
    ingest("advocacy_rules.csv")
    findings = {f.rule: f for f in quality_report(workspace.warehouse_dir)}
    assert findings["duplicate_key"].rows == 2
    assert findings["duplicate_key"].examples == [
        "advocacy_rules.csv row 5 col A (referral_id)",
        "advocacy_rules.csv row 6 col A (referral_id)",
    ]
    result = cli("validate", "--workspace", workspace.root)
    assert result.code == 0
    assert "closed_date_before_referral_date" in result.out
    assert "advocacy_rules.csv row 10 col D (cohort)" in result.out


def test_manifest_is_plain_json(ingest: Ingest, workspace: Workspace) -> None:
    ingest("advocacy_comma.csv")
    data = json.loads((workspace.warehouse_dir / MANIFEST_NAME).read_text())
    assert set(data) == {
        "format",
        "cpkit_version",
        "commit_id",
        "key_fingerprint",
        "datasets",
        "ingests",
    }


def test_benchmark_folder_is_left_alone(
    ingest: Ingest, workspace: Workspace, tmp_path: Path
) -> None:
    kept = workspace.benchmarks_dir / "imported.parquet"
    kept.parent.mkdir(parents=True)
    shutil.copyfile(FIXTURES / "advocacy_comma.csv", kept)
    ingest("advocacy_comma.csv")
    assert kept.exists()
