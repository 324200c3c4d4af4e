"""Ingest end to end (library level): reconciliation, re-ingest, replacement, provenance."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
import xlsxwriter

from conftest import FIXTURES, TODAY, Ingest, issues_of, read_table, warehouse_snapshot
from cpkit.errors import InputError, UsageError
from cpkit.ingest import ingest_paths
from cpkit.privacy import pseudonym
from cpkit.warehouse import Manifest
from cpkit.workspace import Workspace, init_workspace

GOOD_FIXTURES = [
    "advocacy_comma.csv",
    "advocacy_semicolon.csv",
    "advocacy_tab.csv",
    "advocacy_blank_totals.csv",
    "advocacy_rules.csv",
    "advocacy_personal.csv",
    "advocacy_title_row.xlsx",
    "advocacy_serial_dates.xlsx",
    "advocacy.xls",
    "advocacy.ods",
    "board_actions_utf8.csv",
    "board_actions_bom.csv",
    "board_actions_cp1252.csv",
    "board_actions_quoted_newlines.csv",
    "iv_match_before_referral.csv",
    "ssda903",
]


@pytest.mark.parametrize("name", GOOD_FIXTURES)
def test_rows_read_equal_accepted_plus_quarantined(
    ingest: Ingest, workspace: Workspace, name: str
) -> None:
    report = ingest(name)
    assert report.committed
    assert report.rows_read == report.accepted + report.quarantined > 0
    manifest = Manifest.load(workspace.warehouse_dir)
    for record in manifest.ingests:
        assert record.rows_read == record.accepted + record.quarantined
        quarantined_rows = {
            (i["sheet"], i["row"])
            for i in issues_of(workspace, record.file)
            if i["severity"] == "error" and i["dataset"] == record.dataset
        }
        assert len(quarantined_rows) == record.quarantined
    stored = sum(state.rows for state in manifest.datasets.values())
    assert stored == report.accepted


@pytest.mark.parametrize(
    "name",
    [
        "advocacy_comma.csv",
        "advocacy_semicolon.csv",
        "advocacy_tab.csv",
        "advocacy.xls",
        "advocacy.ods",
        "advocacy_title_row.xlsx",
    ],
)
def test_every_reader_stores_the_same_rows(tmp_path: Path, name: str) -> None:
    workspace = init_workspace(tmp_path / name, la_code="330")
    ingest_paths(workspace, [FIXTURES / name], today=TODAY)
    rows = read_table(
        workspace,
        "SELECT referral_id, child_id, referral_date, cohort, dob, gender, disability, "
        "referral_source, issue, icpc, closed_date FROM advocacy_referrals ORDER BY 1",
    )
    d, key = dt.date, workspace.secret()
    columns = list(zip(*rows, strict=True))
    assert columns == [
        ("R0001", "R0002", "R0003"),
        tuple(pseudonym(child, key) for child in ("000123", "000456", "007890")),
        (d(2023, 4, 3), d(2023, 5, 15), d(2023, 11, 20)),
        ("CIC", "CP", "CIN"),
        (d(2010, 2, 14), d(2012, 9, 1), d(2012, 2, 29)),
        ("F", "M", "F"),
        (True, False, False),
        ("SOCIAL_WORK", "FGC", "SELF"),
        ("PLACEMENT", "SUPPORT_AT_MEETINGS", "COMPLAINT"),
        (False, True, False),
        (d(2023, 6, 30), None, None),
    ]


@pytest.mark.parametrize(
    "name", ["board_actions_utf8.csv", "board_actions_bom.csv", "board_actions_cp1252.csv"]
)
def test_every_encoding_stores_the_same_text(
    ingest: Ingest, workspace: Workspace, name: str
) -> None:
    ingest(name)
    rows = read_table(
        workspace, "SELECT action_id, raised_date, ask, theme, status FROM board_actions ORDER BY 1"
    )
    day = dt.date(2023, 6, 12)
    assert rows == [
        ("A01", day, "Raise the setting-up-home allowance to £3,000", "Your Home", "DELIVERED"),
        ("A02", day, "Free bus pass – all care leavers", "Young people’s forum", "OPEN"),
    ]


def test_serial_dates_are_stored_as_dates(ingest: Ingest, workspace: Workspace) -> None:
    report = ingest("advocacy_serial_dates.xlsx")
    assert report.quarantined == 0
    rows = read_table(workspace, "SELECT referral_date, dob FROM advocacy_referrals ORDER BY 1")
    assert rows == [
        (dt.date(2023, 4, 3), dt.date(2010, 2, 14)),
        (dt.date(2023, 5, 15), dt.date(2012, 2, 29)),
    ]


def test_rows_carry_their_provenance(ingest: Ingest, workspace: Workspace) -> None:
    ingest("advocacy_title_row.xlsx")
    [record] = Manifest.load(workspace.warehouse_dir).ingests
    rows = read_table(
        workspace,
        "SELECT la_code, source_file, source_sheet, source_row, ingest_id "
        "FROM advocacy_referrals ORDER BY source_row",
    )
    assert rows == [
        ("330", "advocacy_title_row.xlsx", "Referrals", row, record.ingest_id) for row in (5, 6, 7)
    ]


def test_csv_rows_have_no_sheet(ingest: Ingest, workspace: Workspace) -> None:
    ingest("advocacy_comma.csv")
    assert read_table(workspace, "SELECT DISTINCT source_sheet FROM advocacy_referrals") == [
        (None,)
    ]


def test_skipped_sheets_say_why(ingest: Ingest) -> None:
    report = ingest("advocacy_title_row.xlsx")
    status = {f.sheet: (f.status, f.notes) for f in report.files}
    assert status["Referrals"][0] == "ingested"
    assert "header found in row 4" in status["Referrals"][1]
    assert status["Lookups"] == ("skipped", ["no known column names in its first 30 rows"])
    assert status["Notes"] == ("skipped", ["the sheet is empty"])


def _workbook(path: Path, sheets: dict[str, list[list[str]]]) -> Path:
    workbook = xlsxwriter.Workbook(str(path))
    for name, rows in sheets.items():
        sheet = workbook.add_worksheet(name)
        for r, row in enumerate(rows):
            sheet.write_row(r, 0, row)
    workbook.close()
    return path


HEADER = ["Action ID", "Date raised", "Ask"]


def test_header_only_sheet_beside_a_good_one_is_skipped(ingest: Ingest, tmp_path: Path) -> None:
    path = _workbook(
        tmp_path / "board.xlsx",
        {
            "Template": [HEADER],
            "Actions": [HEADER, ["A1", "01/05/2023", "Bus passes"]],
            "Near miss": [["Action ID", "Ask"], ["A1", "x"]],
        },
    )
    report = ingest(path)
    status = {f.sheet: (f.status, f.notes) for f in report.files}
    assert status["Actions"][0] == "ingested"
    assert status["Template"] == ("skipped", ["a header row but no data rows under it"])
    assert status["Near miss"][0] == "skipped"
    assert "closest: board_actions, missing raised_date" in status["Near miss"][1][0]


def test_workbook_with_only_a_header_is_an_error(ingest: Ingest, tmp_path: Path) -> None:
    path = _workbook(tmp_path / "board.xlsx", {"Template": [HEADER], "Notes": []})
    with pytest.raises(InputError, match="has a header row but no data rows"):
        ingest(path)


def test_nothing_recognised_names_the_closest_datasets(ingest: Ingest, tmp_path: Path) -> None:
    path = tmp_path / "odd.csv"
    path.write_text("Referral ID,Referral date,Colour\nR1,01/05/2023,Blue\n")
    with pytest.raises(InputError) as caught:
        ingest(path)
    text = caught.value.one_line()
    assert "no dataset recognised" in text
    assert "advocacy_referrals (missing child_id, cohort)" in text
    assert "--dataset NAME" in text


def test_same_file_twice_changes_nothing(ingest: Ingest, workspace: Workspace) -> None:
    ingest("advocacy_title_row.xlsx", "advocacy_rules.csv")
    before = warehouse_snapshot(workspace)
    quarantine_before = sorted(p.name for p in workspace.quarantine_dir.iterdir())
    again = ingest("advocacy_rules.csv", "advocacy_title_row.xlsx")
    assert not again.committed
    assert {f.status for f in again.files if f.dataset} == {"unchanged"}
    assert warehouse_snapshot(workspace) == before
    assert sorted(p.name for p in workspace.quarantine_dir.iterdir()) == quarantine_before


def test_same_file_given_twice_in_one_run_is_read_once(
    ingest: Ingest, workspace: Workspace
) -> None:
    report = ingest("advocacy_comma.csv", "advocacy_comma.csv")
    assert [f.status for f in report.files] == ["ingested", "unchanged"]
    assert read_table(workspace, "SELECT count(*) FROM advocacy_referrals") == [(3,)]


def test_newer_extract_replaces_rows_by_key(
    ingest: Ingest, workspace: Workspace, tmp_path: Path
) -> None:
    ingest("advocacy_comma.csv")
    newer = tmp_path / "advocacy_newer.csv"
    lines = (FIXTURES / "advocacy_comma.csv").read_text().splitlines()
    lines[2] = lines[2].replace(",CP,", ",CIN,")  # R0002 changed
    lines.append("R0004,000999,01/02/2024,CIC,,,,,,,")  # a new referral
    newer.write_text("\n".join([lines[0], lines[2], lines[4]]) + "\n")
    ingest(newer)
    rows = read_table(
        workspace, "SELECT referral_id, cohort, source_file FROM advocacy_referrals ORDER BY 1"
    )
    assert rows == [
        ("R0001", "CIC", "advocacy_comma.csv"),
        ("R0002", "CIN", "advocacy_newer.csv"),
        ("R0003", "CIN", "advocacy_comma.csv"),
        ("R0004", "CIC", "advocacy_newer.csv"),
    ]
    records = Manifest.load(workspace.warehouse_dir).ingests
    assert [r.superseded for r in records] == [False, False]  # R0001 and R0003 still live


def test_an_extract_wholly_replaced_is_marked_superseded(
    ingest: Ingest, workspace: Workspace, tmp_path: Path
) -> None:
    ingest("advocacy_comma.csv")
    ingest("advocacy_semicolon.csv")  # the same three keys
    records = Manifest.load(workspace.warehouse_dir).ingests
    assert [(r.file, r.superseded) for r in records] == [
        ("advocacy_comma.csv", True),
        ("advocacy_semicolon.csv", False),
    ]
    again = ingest("advocacy_comma.csv")  # no longer live, so it is ingested again
    assert again.committed
    assert read_table(workspace, "SELECT DISTINCT source_file FROM advocacy_referrals") == [
        ("advocacy_comma.csv",)
    ]


def test_strict_writes_nothing_when_a_row_would_be_quarantined(
    ingest: Ingest, workspace: Workspace
) -> None:
    before = warehouse_snapshot(workspace)
    report = ingest("advocacy_comma.csv", "advocacy_rules.csv", strict=True)
    assert report.strict_failed and not report.committed
    assert report.quarantined == 10
    assert warehouse_snapshot(workspace) == before
    assert list(workspace.quarantine_dir.iterdir()) == []


def test_strict_commits_clean_files(ingest: Ingest, workspace: Workspace) -> None:
    report = ingest("advocacy_comma.csv", strict=True)
    assert report.committed and not report.strict_failed


def test_forced_dataset(ingest: Ingest, workspace: Workspace) -> None:
    report = ingest("advocacy_comma.csv", dataset="iv_referrals")
    assert {f.dataset for f in report.files} == {"iv_referrals"}
    assert read_table(workspace, "SELECT count(*) FROM iv_referrals") == [(3,)]


def test_forced_dataset_without_its_columns(ingest: Ingest) -> None:
    with pytest.raises(InputError) as caught:
        ingest("board_actions_utf8.csv", dataset="advocacy_referrals")
    text = caught.value.one_line()
    assert "does not have the columns advocacy_referrals needs" in text
    assert "[datasets.advocacy_referrals.columns]" in text


def test_unknown_dataset_suggests_the_closest(ingest: Ingest) -> None:
    with pytest.raises(UsageError) as caught:
        ingest("advocacy_comma.csv", dataset="advocacy")
    assert "did you mean advocacy_referrals?" in caught.value.one_line().lower()


def test_extra_header_names_from_config(workspace: Workspace, tmp_path: Path) -> None:
    config = workspace.config_path
    config.write_text(
        config.read_text()
        + '\n[datasets.board_actions.columns]\nraised_date = ["When young people asked"]\n'
    )
    path = tmp_path / "asks.csv"
    path.write_text("Action ID,When young people asked,Ask\nA9,01/05/2023,Bus passes\n")
    reopened = init_workspace(workspace.root)  # re-read the settings
    report = ingest_paths(reopened, [path], today=TODAY)
    assert report.accepted == 1


def test_quarantine_csv_has_file_sheet_row_column_rule_and_message(
    ingest: Ingest, workspace: Workspace
) -> None:
    ingest("advocacy_title_row.xlsx")
    [csv_file] = workspace.quarantine_dir.glob("advocacy_title_row-Referrals.*.csv")
    lines = csv_file.read_text().splitlines()
    assert lines[0] == (
        '"dataset","file","sheet","row","column","column_letter","severity","rule","message",'
        '"wording"'
    )
    assert lines[1].startswith(
        '"advocacy_referrals","advocacy_title_row.xlsx","Referrals",9,"referral_id","A",'
        '"error","totals_row",'
    )


def test_folder_ingest_reads_every_file(
    ingest: Ingest, workspace: Workspace, tmp_path: Path
) -> None:
    folder = tmp_path / "extracts"
    folder.mkdir()
    for name in ("advocacy_comma.csv", "board_actions_utf8.csv"):
        shutil.copyfile(FIXTURES / name, folder / name)
    report = ingest(folder)
    assert sorted(f.dataset for f in report.files) == ["advocacy_referrals", "board_actions"]
