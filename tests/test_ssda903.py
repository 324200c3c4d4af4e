"""SSDA903: tables recognised by their headers, collection years, OC3 consistency warnings,
and the multi-year peer data (skipped when ../shared is absent)."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from conftest import FIXTURES, SHARED, Cli, Ingest, issues_of, read_table
from cpkit.errors import InputError
from cpkit.warehouse import Manifest
from cpkit.workspace import Workspace

SSDA903 = FIXTURES / "ssda903"
PEER_903 = SHARED / "peer-data" / "903-multi-year"


def test_tables_recognised_by_headers_with_the_year_from_each_name(ingest: Ingest) -> None:
    report = ingest(SSDA903)
    found = {f.file: (f.dataset, f.collection_year) for f in report.files}
    assert found == {
        "episodes_2024.csv": ("ssda903_episodes", 2024),
        "header_2023-24.csv": ("ssda903_header", 2024),
        "oc3_202324.csv": ("ssda903_oc3", 2024),
        "reviews_23-24.csv": ("ssda903_reviews", 2024),
    }
    assert report.quarantined == 0


def test_rows_are_stamped_with_their_collection_year(ingest: Ingest, workspace: Workspace) -> None:
    ingest(SSDA903)
    for table in ("ssda903_header", "ssda903_episodes", "ssda903_oc3", "ssda903_reviews"):
        assert read_table(workspace, f"SELECT DISTINCT collection_year FROM {table}") == [(2024,)]


def test_types_of_903_columns(ingest: Ingest, workspace: Workspace) -> None:
    ingest(SSDA903)
    header = read_table(
        workspace, "SELECT sex, dob, ethnic, mother FROM ssda903_header ORDER BY dob"
    )
    assert header[0] == ("F", dt.date(2006, 9, 1), "NOBT", False)
    assert ("F", dt.date(2008, 2, 29), "BCRB", True) in header
    episodes = read_table(
        workspace, "SELECT decom, ls, place, dec, pl_post, urn FROM ssda903_episodes ORDER BY decom"
    )
    assert episodes[1] == (dt.date(2023, 5, 1), "C2", "U1", dt.date(2023, 8, 15), "B13", "SC123456")


def test_oc3_consistency_is_warned_about_and_rows_are_kept(
    ingest: Ingest, workspace: Workspace
) -> None:
    report = ingest(SSDA903 / "oc3_202324.csv")
    [summary] = report.files
    assert (summary.rows_read, summary.accepted, summary.quarantined) == (5, 5, 0)
    assert dict(summary.warning_reasons) == {
        "in_touch_died_or_home_with_activ": 1,
        "in_touch_yes_without_activ": 1,
        "accom_s1_x1_invalid": 1,
    }
    rows = {(i["row"], i["rule"], i["severity"]) for i in issues_of(workspace, "oc3_202324.csv")}
    assert rows == {
        (3, "in_touch_died_or_home_with_activ", "warning"),
        (4, "in_touch_yes_without_activ", "warning"),
        (6, "accom_s1_x1_invalid", "warning"),
    }


OC3_MIXED = """CHILD,DOB,IN_TOUCH,ACTIV,ACCOM
1,01/04/2007,YES,F2,D1
2,31/03/2002,YES,F5,U1
3,01/09/2006,YES,F3,D1
4,01/09/2006,YES,F2,Z1
5,01/09/2005,YES,F2,Z1
6,31/03/2007,YES,P3,D1
"""


def test_oc3_checks_that_need_the_collection_year(
    ingest: Ingest, workspace: Workspace, tmp_path: Path
) -> None:
    """Issue 7 item 7: aged outside 17-21 on 31 March (DfE validator rule 391), legacy
    ACTIV F3/P3 after 2021, Z1 (with former foster carers) at 17; rows kept and flagged."""
    path = tmp_path / "oc3_2024.csv"
    path.write_text(OC3_MIXED, encoding="utf-8")
    [summary] = ingest(path).files
    assert (summary.accepted, summary.quarantined) == (6, 0)
    found = {(i["row"], i["rule"]) for i in issues_of(workspace, "oc3_2024.csv")}
    assert found == {
        (2, "oc3_age_outside_17_to_21"),  # 16 on 31/03/2024 (17 on 1 April)
        (3, "oc3_age_outside_17_to_21"),  # 22
        (4, "activ_legacy_f3_p3"),
        (7, "activ_legacy_f3_p3"),  # P3, and 17 on 31 March itself: in range
        (5, "accom_z1_at_17"),  # row 6 is 18 with Z1: staying put, fine
    }
    [message] = {i["message"] for i in issues_of(workspace, "oc3_2024.csv") if i["row"] == 2}
    assert message.startswith("the young person is not aged 17 to 21 on 31 March 2024")
    assert "--collection-year" in message


def test_legacy_activity_codes_are_fine_in_returns_up_to_2021(
    ingest: Ingest, workspace: Workspace, tmp_path: Path
) -> None:
    path = tmp_path / "oc3_2021.csv"
    path.write_text(OC3_MIXED, encoding="utf-8")
    ingest(path)
    rules = {i["rule"] for i in issues_of(workspace, "oc3_2021.csv")}
    assert "activ_legacy_f3_p3" not in rules


def test_oc3_ages_suggest_the_likely_collection_year(ingest: Ingest, tmp_path: Path) -> None:
    """17- and 18-year-olds of the 2024 return, in a file named for 2023: half of them are
    16 on 31 March 2023, the hint names 2024 (as the episodes' dates do)."""
    path = tmp_path / "oc3_2023.csv"
    rows = ["CHILD,DOB,IN_TOUCH,ACTIV,ACCOM"]
    for n, dob in enumerate(("01/05/2006", "01/06/2006", "01/05/2005", "01/06/2005")):
        rows.append(f"{n + 1},{dob},YES,F2,D1")
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    [summary] = ingest(path).files
    assert summary.collection_year == 2023
    [note] = [n for n in summary.notes if "--collection-year" in n]
    assert note == (
        "2 of 4 DOBs give an age on 31 March outside 17 to 21 for collection year 2023 "
        "(2022-23); they fit 2023-24: if this is the 2024 return, ingest it with "
        "--collection-year 2024"
    )


def test_summary_lists_warnings_by_rule(
    cli: Cli, workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "250")
    result = cli("ingest", SSDA903, "-w", workspace.root)
    assert result.code == 0
    assert (
        "oc3_202324.csv: quality warnings (rows kept): accom_s1_x1_invalid 1, "
        "in_touch_died_or_home_with_activ 1, in_touch_yes_without_activ 1" in result.out
    )


def test_a_file_without_a_year_needs_one(ingest: Ingest, tmp_path: Path) -> None:
    path = tmp_path / "oc3.csv"
    shutil.copyfile(SSDA903 / "oc3_202324.csv", path)
    with pytest.raises(InputError) as caught:
        ingest(path)
    text = caught.value.one_line()
    assert "cannot tell which SSDA903 collection year oc3.csv belongs to" in text
    assert "--collection-year YYYY" in text
    report = ingest(path, collection_year=2024)
    assert report.files[0].collection_year == 2024


def test_collection_year_option_wins_over_the_name(ingest: Ingest) -> None:
    report = ingest(SSDA903 / "header_2023-24.csv", collection_year=2023)
    assert report.files[0].collection_year == 2023


def test_a_name_one_year_off_gets_a_note_suggesting_the_likely_year(
    ingest: Ingest, tmp_path: Path
) -> None:
    """Files are often named by the year the return starts: 2023 for the 2023-24 return."""
    path = tmp_path / "episodes_2023.csv"
    shutil.copyfile(SSDA903 / "episodes_2024.csv", path)
    [summary] = ingest(path).files
    assert summary.collection_year == 2023
    [note] = [n for n in summary.notes if "collection year" in n]
    assert note == (
        "2 of 2 DEC dates are outside collection year 2023 (2022-23), most in 2023-24: "
        "if this is the 2024 return, ingest it with --collection-year 2024"
    )


def test_a_right_year_gets_no_note(ingest: Ingest) -> None:
    report = ingest(SSDA903)
    assert not [n for f in report.files for n in f.notes if "--collection-year" in n]


def test_upn_is_recognised_but_never_stored(ingest: Ingest, workspace: Workspace) -> None:
    ingest(SSDA903 / "header_2023-24.csv")
    columns = {
        c for (c,) in read_table(workspace, "SELECT column_name FROM (DESCRIBE ssda903_header)")
    }
    assert "upn" not in columns
    state = Manifest.load(workspace.warehouse_dir).datasets["ssda903_header"]
    assert "upn" not in state.columns_present


# --------------------------------------------------------------------------- peer data


@pytest.mark.shared
@pytest.mark.skipif(not PEER_903.is_dir(), reason="../shared/peer-data is not present")
def test_peer_data_all_five_years_ingest_reporting_bad_rows(
    cli: Cli, workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "250")
    result = cli("ingest", PEER_903, "--workspace", workspace.root)
    assert result.code == 0, result.err
    assert result.err == ""
    manifest = Manifest.load(workspace.warehouse_dir)
    years = {(r.dataset, r.collection_year) for r in manifest.ingests}
    for table in ("ssda903_header", "ssda903_episodes", "ssda903_oc3", "ssda903_reviews"):
        assert {y for d, y in years if d == table} == {2017, 2018, 2019, 2020, 2021}
        stored = read_table(workspace, f"SELECT DISTINCT collection_year FROM {table} ORDER BY 1")
        assert stored == [(y,) for y in range(2017, 2022)]
    assert all(r.rows_read == r.accepted + r.quarantined for r in manifest.ingests)
    assert sum(r.quarantined for r in manifest.ingests) > 0  # the deliberate bad rows ...
    assert list(workspace.quarantine_dir.glob("2017-oc3.*.csv"))  # ... are reported
    assert "accommodation_unknown" in result.out
    warned = next(line for line in result.out.splitlines() if "2017-oc3.csv: quality" in line)
    assert "in_touch_died_or_home_with_accom" in warned
    # read as 2017, half the 17- and 18-year-olds of the 2018 return are 16 (rule 391)
    assert "oc3_age_outside_17_to_21" in warned
    # the files named 2017..2021 hold 2017-18..2021-22 dates: each gets a note saying so
    for named in range(2017, 2022):
        assert (
            f"{named}-episodes.csv: " in result.out
            and f"ingest it with --collection-year {named + 1}" in result.out
        )
