"""Extracts shaped as real systems export them (tests/fixtures/exports, written by
make_exports.py): Eclipse, Mosaic, LiquidLogic and hand-kept trackers give the right figures.

Mapped wordings count as their code; an unknown value in a column no count depends on keeps
its row in every count (and is reported with its wording and row count); board themes split
on commas; programme names meet their [programmes.*] block; a bad OC3 ACCOM keeps the care
leaver in the EET, NEET and in-touch counts; a sheet detected as the wrong dataset is flagged.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import FIXTURES, Cli, Ingest, issues_of, read_table
from cpkit.metrics import compute_area
from cpkit.periods import FinancialYear
from cpkit.workspace import Workspace

EXPORTS = FIXTURES / "exports"
YEAR = FinancialYear.parse("2023-24")
PLEDGES = """
[corporate_parenting]
themes = ["Your Voice and Participation", "Your Learning and Your Future",
  "Your Relationships and You", "Your Care", "Your Housing and Independence",
  "Your Health and Wellbeing"]

[programmes.next_steps]
title = "DfE Next Steps"
target_participants = 60
"""


def _configure(workspace: Workspace, extra: str) -> Workspace:
    workspace.config_path.write_text(workspace.config_path.read_text() + extra)
    return Workspace(workspace.root)  # settings are read afresh


def _figures(workspace: Workspace, area: str, metric: str) -> dict[tuple, tuple]:
    result = compute_area(workspace, area, YEAR).result(metric)
    assert result.status == "ok", result.message
    return {
        tuple(sorted(f.group.items())): (f.value, f.numerator, f.denominator)
        for f in result.figures
    }


# --------------------------------------------------------------------------- Eclipse


def test_eclipse_legal_statuses_and_census_wordings_count_as_their_codes(
    ingest: Ingest, workspace: Workspace
) -> None:
    report = ingest(EXPORTS / "eclipse_advocacy_referrals.csv")
    assert (report.rows_read, report.accepted, report.quarantined) == (10, 9, 1)
    stored = dict(
        read_table(workspace, "SELECT referral_id, cohort FROM advocacy_referrals ORDER BY 1")
    )
    assert stored == {
        "AR1": "CIC",  # S20
        "AR2": "CIC",  # ICO
        "AR3": "CIC",  # Section 31 - Full Care Order
        "AR4": "CARE_LEAVER",  # Relevant
        "AR5": "CARE_LEAVER",  # Former Relevant
        "AR6": "CP",
        "AR7": "CIN",
        "AR8": "CIN",
        "AR10": "CIC",  # V2
    }
    ethnicity = dict(
        read_table(workspace, "SELECT referral_id, ethnicity FROM advocacy_referrals ORDER BY 1")
    )
    assert (ethnicity["AR1"], ethnicity["AR2"], ethnicity["AR3"]) == ("AIND", "BCRB", "WBRI")
    assert (ethnicity["AR4"], ethnicity["AR5"], ethnicity["AR7"]) == ("MWAS", "APKN", "BAFR")
    assert (ethnicity["AR8"], ethnicity["AR10"]) == ("OOTH", "WROM")


def test_an_unknown_optional_value_keeps_the_row_in_every_count(
    ingest: Ingest, workspace: Workspace
) -> None:
    ingest(EXPORTS / "eclipse_advocacy_referrals.csv")
    referrals = _figures(workspace, "advocacy", "advocacy.referrals")
    assert referrals[()][0] == 9  # AR6 (ethnicity misspelt) and AR7, AR8 (issue unknown) count
    cohorts = _figures(workspace, "advocacy", "advocacy.referrals_by_cohort")
    assert cohorts[(("cohort", "CIC"),)][1:] == (4, 9)
    assert cohorts[(("cohort", "CIN"),)][1:] == (2, 9)
    issues = _figures(workspace, "advocacy", "advocacy.referrals_by_issue")
    assert issues[(("issue", "NOT_RECORDED"),)][1:] == (2, 9)
    groups = _figures(workspace, "advocacy", "advocacy.referrals_by_ethnicity")
    assert groups[(("ethnic_group", "Not known"),)][1:] == (1, 9)


def test_unknown_wordings_are_reported_with_counts_and_lines_to_paste(
    cli: Cli, workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    result = cli("ingest", EXPORTS / "eclipse_advocacy_referrals.csv", "-w", workspace.root)
    assert result.code == 0, result.err
    out = result.out
    assert (
        "issue: 2 rows kept, the value not recorded; wordings not in the issue list: "
        '"Money worries" 2'
    ) in out
    assert (
        'cohort: 1 row quarantined; wordings not in the cohort list: "Private fostering" 1' in out
    )
    assert "[codes.issue]" in out and 'CODE = ["Money worries"]' in out
    assert 'AIND = ["Asian - Indin"]  # a guess from a similar wording: check it' in out
    validated = cli("validate", "-w", workspace.root)
    assert '"Money worries" 2' in validated.out and "[codes.issue]" in validated.out
    [warning] = [
        i
        for i in issues_of(workspace, "eclipse_advocacy_referrals.csv")
        if i["column"] == "ethnicity"
    ]
    assert (warning["row"], warning["severity"], warning["wording"]) == (
        7,
        "warning",
        "Asian - Indin",
    )


def test_mapped_wordings_count_as_their_code_after_reingest(
    ingest: Ingest, workspace: Workspace
) -> None:
    ingest(EXPORTS / "eclipse_advocacy_referrals.csv")
    workspace = _configure(
        workspace,
        '\n[codes.issue]\nOTHER = ["Money worries"]\n'
        '[codes.ethnicity]\nAIND = "Asian - Indin"\n'
        '[codes.cohort]\nOTHER = ["Private fostering"]\n',
    )
    from cpkit.ingest import ingest_paths

    again = ingest_paths(workspace, [EXPORTS / "eclipse_advocacy_referrals.csv"])
    assert again.committed and again.quarantined == 0  # the settings changed: read again
    assert again.unmapped == []
    issues = _figures(workspace, "advocacy", "advocacy.referrals_by_issue")
    assert issues[(("issue", "OTHER"),)][1:] == (2, 10)
    assert read_table(
        workspace, "SELECT ethnicity FROM advocacy_referrals WHERE referral_id = 'AR6'"
    ) == [("AIND",)]


# --------------------------------------------------------------------------- LiquidLogic


def test_liquidlogic_codes_with_descriptions(ingest: Ingest, workspace: Workspace) -> None:
    report = ingest(EXPORTS / "liquidlogic_advocacy_referrals.csv")
    assert report.quarantined == 0 and report.unmapped == []
    rows = read_table(
        workspace,
        "SELECT referral_id, cohort, ethnicity, gender FROM advocacy_referrals ORDER BY 1",
    )
    assert rows == [
        ("LL-1", "CIC", "AIND", "F"),
        ("LL-2", "CIC", "WBRI", "M"),
        ("LL-3", "CIC", "MWBC", "F"),
        ("LL-4", "CP", "BAFR", "M"),
    ]


# --------------------------------------------------------------------------- Mosaic


def test_mosaic_locations_as_the_la_and_region_names_need_no_config(
    ingest: Ingest, workspace: Workspace
) -> None:
    """LA 330 is Birmingham in the West Midlands: cpkit knows from the LA code alone."""
    report = ingest(EXPORTS / "mosaic_iv_referrals_2024-03-31.xlsx")
    assert report.quarantined == 0
    locations = dict(
        read_table(workspace, "SELECT referral_id, location FROM iv_referrals ORDER BY 1")
    )
    assert locations == {
        "IV1": "IN_AREA",  # Birmingham
        "IV2": "REGION",  # West Midlands
        "IV3": "ELSEWHERE_UK",
        "IV4": "IN_AREA",  # Birmingham City Council
        "IV5": None,  # "Other - see notes": not recorded, the child still counted
        "IV6": "REGION",  # In West Midlands
    }
    matched = _figures(workspace, "iv", "iv.children_matched")
    assert matched[()][0] == 3
    by_location = _figures(workspace, "iv", "iv.matched_by_location")
    assert by_location[(("location", "Not recorded"),)][1:] == (1, 3)
    assert by_location[(("location", "IN_AREA"),)][1:] == (1, 3)
    assert _figures(workspace, "iv", "iv.children_awaiting")[()][0] == 2


# --------------------------------------------------------------------------- trackers


def test_a_tracker_sheet_detected_as_another_dataset_is_flagged(
    ingest: Ingest, workspace: Workspace
) -> None:
    report = ingest(EXPORTS / "iv_tracker_2023-24.xlsx")
    [summary] = report.files
    assert summary.dataset == "mentees"
    assert "Young Person ID (mentee_id), Date of Referral (referral_date)" in (
        summary.detected_by or ""
    )
    assert summary.doubts == [
        "iv_referrals matches more of its columns (7 against 5) but lacks referral_id",
        "the file or sheet name suggests iv_referrals or iv_volunteers",
    ]
    assert report.doubtful == [summary]


def test_strict_refuses_a_doubtful_dataset(cli: Cli, workspace: Workspace) -> None:
    result = cli("ingest", EXPORTS / "iv_tracker_2023-24.xlsx", "--strict", "-w", workspace.root)
    assert result.code == 1
    assert "1 table may be the wrong dataset; nothing was written (--strict)" in result.err
    assert "check: is this mentees?" in result.out
    assert not (workspace.warehouse_dir / "_manifest.json").exists()


def test_a_misdetected_sheet_can_be_forgotten_and_ingested_as_what_it_is(
    ingest: Ingest, workspace: Workspace, tmp_path: Path
) -> None:
    import xlsxwriter

    from cpkit.ingest import forget
    from cpkit.warehouse import Manifest

    ingest(EXPORTS / "iv_tracker_2023-24.xlsx")
    assert set(Manifest.load(workspace.warehouse_dir).datasets) == {"mentees"}
    forget(workspace, "iv_tracker_2023-24.xlsx")
    fixed = tmp_path / "iv_tracker_2023-24.xlsx"  # the tracker with a referral id added
    workbook = xlsxwriter.Workbook(str(fixed))
    sheet = workbook.add_worksheet("IV tracker")
    sheet.write_row(0, 0, ["Referral ID", "Young Person ID", "Date of Referral", "Date Matched"])
    sheet.write_row(1, 0, ["T1", "4001", "02/05/2023", "01/06/2023"])
    workbook.close()
    again = ingest(fixed)
    assert [(f.dataset, f.doubts) for f in again.files] == [("iv_referrals", [])]
    assert set(Manifest.load(workspace.warehouse_dir).datasets) == {"iv_referrals"}


def test_board_themes_split_on_commas_and_unmatched_themes_warned(
    ingest: Ingest, workspace: Workspace
) -> None:
    workspace = _configure(workspace, PLEDGES)
    from cpkit.ingest import ingest_paths

    report = ingest_paths(workspace, [EXPORTS / "board_meetings_log.csv"])
    themes = read_table(workspace, "SELECT themes FROM board_meetings ORDER BY meeting_date")
    assert themes == [
        ("Your Care; Your Relationships and You",),
        ("Your Voice and Participation",),
        ("Your Housing and Independence; Money matters",),
    ]
    coverage = _figures(workspace, "corporate-parenting", "corporate_parenting.theme_coverage")
    assert coverage[()][1:] == (4, 6)
    [column] = report.unmapped
    assert (column.column, column.quarantined, column.wordings) == (
        "themes",
        False,
        {"Money matters": 1},
    )


def test_programme_names_typed_out_meet_their_config_block(
    ingest: Ingest, workspace: Workspace
) -> None:
    workspace = _configure(workspace, PLEDGES)
    from cpkit.ingest import ingest_paths

    report = ingest_paths(workspace, [EXPORTS / "programme_participants_list.csv"])
    stored = read_table(
        workspace, "SELECT programme, count(*) FROM programme_participants GROUP BY 1 ORDER BY 1"
    )
    assert stored == [("moving_on_mentors", 1), ("next_steps", 3)]
    [summary] = report.files
    assert any("no [programmes.moving_on_mentors] in cpkit.toml" in note for note in summary.notes)
    progress = _figures(workspace, "programmes", "programmes.target_progress")
    assert progress[(("programme", "next_steps"),)][1:] == (3, 60)


# --------------------------------------------------------------------------- SSDA903


def test_a_bad_accom_keeps_the_care_leaver_in_eet_neet_and_in_touch(
    ingest: Ingest, workspace: Workspace
) -> None:
    report = ingest(EXPORTS / "ssda903_2024_oc3.csv")
    assert (report.accepted, report.quarantined) == (5, 0)
    [summary] = report.files
    assert dict(summary.warning_reasons) == {"accommodation_unknown": 1, "missing_required": 1}
    assert read_table(workspace, "SELECT child, accom FROM ssda903_oc3 WHERE accom IS NULL")
    area = compute_area(workspace, "care-leavers", YEAR)

    def counts(metric: str, **group: str) -> tuple:
        [figure] = [f for f in area.result(metric).figures if f.group == group]
        return figure.numerator, figure.denominator

    assert area.result("care_leavers.cohort_19_21").figures[0].value == 5
    assert counts("care_leavers.eet_19_21") == (3, 5)
    assert counts("care_leavers.neet_19_21") == (2, 5)
    # suitable D1 and Z1; unsuitable U2; the bad and the blank ACCOM: not known
    assert counts("care_leavers.suitable_accommodation_19_21") == (2, 5)
    assert counts("care_leavers.suitable_accommodation_19_21", suitability="Unsuitable") == (1, 5)


def test_fixture_generator_is_in_step_with_the_files(tmp_path: Path) -> None:
    """make_exports.py writes exactly the committed files (byte for byte)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_exports", FIXTURES / "make_exports.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.OUT = tmp_path
    module.main()
    for path in sorted(EXPORTS.iterdir()):
        assert (tmp_path / path.name).read_bytes() == path.read_bytes(), path.name
