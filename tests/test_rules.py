"""Row rules: every rule quarantines the right row, with file, row, column and reason; an
unusable value in a column no count depends on keeps its row, with a warning."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pyarrow as pa
import pytest

from conftest import FIXTURES, Ingest, issues_of, read_table
from cpkit.datasets import REGISTRY
from cpkit.datasets.model import DateOrder, InCollectionYear
from cpkit.ingest.validate import (
    collection_year_hint,
    date_order,
    future_dates,
    in_collection_year,
)
from cpkit.workspace import Workspace

# advocacy_rules.csv: the rule each Excel row breaks (row 2 is the one good row)
EXPECTED = {
    3: ("referral_date", "C", "referral_date_before_dob"),
    4: ("referral_date", "C", "date_in_future"),
    5: ("referral_id", "A", "duplicate_key"),
    6: ("referral_id", "A", "duplicate_key"),
    7: ("referral_id", "A", "duplicate_row"),
    8: ("referral_date", "C", "date_month_first"),
    9: ("referral_date", "C", "date_impossible"),
    10: ("cohort", "D", "cohort_unknown"),
    12: ("child_id", "B", "missing_required"),
    13: ("closed_date", "G", "closed_date_before_referral_date"),
}


@pytest.fixture
def rules_issues(ingest: Ingest, workspace: Workspace) -> list[dict]:
    report = ingest("advocacy_rules.csv")
    assert (report.rows_read, report.accepted, report.quarantined) == (12, 2, 10)
    return issues_of(workspace, "advocacy_rules.csv")


def test_each_rule_quarantines_its_row(rules_issues: list[dict]) -> None:
    errors = [i for i in rules_issues if i["severity"] == "error"]
    found = {i["row"]: (i["column"], i["column_letter"], i["rule"]) for i in errors}
    assert found == EXPECTED


def test_an_unusable_descriptive_value_keeps_its_row(
    rules_issues: list[dict], workspace: Workspace
) -> None:
    """Row 11's disability 'Maybe' is no yes/no: the cell is not recorded, the row counted."""
    [warning] = [i for i in rules_issues if i["severity"] == "warning"]
    assert (warning["row"], warning["column"], warning["rule"]) == (
        11,
        "disability",
        "bool_invalid",
    )
    assert "stored as not recorded, row kept" in warning["message"]
    assert warning["wording"] == "Maybe"  # a yes/no wording: a label, safe to show
    kept = read_table(workspace, "SELECT disability FROM advocacy_referrals WHERE source_row = 11")
    assert kept == [(None,)]
    assert {i["file"] for i in rules_issues} == {"advocacy_rules.csv"}
    assert {i["sheet"] for i in rules_issues} == {None}


def test_the_good_row_and_the_first_of_an_exact_repeat_are_kept(
    ingest: Ingest, workspace: Workspace
) -> None:
    ingest("advocacy_rules.csv")
    rows = read_table(
        workspace, "SELECT referral_id, source_row FROM advocacy_referrals ORDER BY source_row"
    )
    assert rows == [("R0100", 2), ("R0107", 11)]


def test_messages_explain_and_point_to_the_fix(rules_issues: list[dict]) -> None:
    by_row = {i["row"]: i["message"] for i in rules_issues}
    assert "dd/mm/yyyy" in by_row[8]
    assert "rows 5, 6" in by_row[5] and "keep one row per key" in by_row[5]
    assert "exact repeat of row 2" in by_row[7]
    assert "accepted values: CIC" in by_row[10]
    assert "is in the future" in by_row[4]


def test_match_date_before_referral_date(ingest: Ingest, workspace: Workspace) -> None:
    report = ingest("iv_match_before_referral.csv")
    assert (report.accepted, report.quarantined) == (1, 1)
    [issue] = issues_of(workspace, "iv_match_before_referral.csv")
    assert (issue["row"], issue["column"], issue["column_letter"], issue["rule"]) == (
        3,
        "match_date",
        "D",
        "match_date_before_referral_date",
    )


def test_future_means_after_today(ingest: Ingest, workspace: Workspace) -> None:
    """The 2091 referral is in the future; with a later 'today' it would not be."""
    ingest("advocacy_rules.csv", today=dt.date(2092, 1, 1))
    rules = {i["row"]: i["rule"] for i in issues_of(workspace, "advocacy_rules.csv")}
    assert 4 not in rules


def test_totals_row_is_quarantined_as_such(ingest: Ingest, workspace: Workspace) -> None:
    report = ingest("advocacy_blank_totals.csv")
    [summary] = report.files
    assert (summary.rows_read, summary.accepted, summary.quarantined) == (5, 4, 1)
    assert summary.blank_rows == 3
    [issue] = issues_of(workspace, "advocacy_blank_totals.csv")
    assert (issue["row"], issue["rule"]) == (9, "totals_row")  # and not also missing_required


def test_ragged_row_is_quarantined(ingest: Ingest, workspace: Workspace, tmp_path: Path) -> None:
    path = tmp_path / "ragged.csv"
    path.write_text(
        "Action ID,Date raised,Ask\nA1,01/05/2023,Bus passes\nA2,01/05/2023,Wi-Fi, laptops\n"
    )
    report = ingest(path)
    assert (report.accepted, report.quarantined) == (1, 1)
    [issue] = issues_of(workspace, "ragged.csv")
    assert (issue["row"], issue["rule"]) == (3, "ragged_row")


def test_optional_postcode_that_is_not_one_is_a_warning_not_a_rejection(
    ingest: Ingest, workspace: Workspace, tmp_path: Path
) -> None:
    path = tmp_path / "episodes_2024.csv"
    path.write_text(
        (FIXTURES / "ssda903" / "episodes_2024.csv").read_text().replace("B5 6XX", "UNKNOWN")
    )
    report = ingest(path)
    assert report.quarantined == 0
    warnings = [
        i for i in issues_of(workspace, "episodes_2024.csv") if i["rule"] == "postcode_invalid"
    ]
    assert [(w["row"], w["severity"]) for w in warnings] == [(4, "warning")]


# --------------------------------------------------------------------------- rule functions


def test_date_order_ignores_missing_dates() -> None:
    earlier = pa.array([dt.date(2023, 5, 1), None, dt.date(2023, 5, 1)], pa.date32())
    later = pa.array([dt.date(2023, 4, 1), dt.date(2023, 4, 1), None], pa.date32())
    finding = date_order({"a": earlier, "b": later}, DateOrder("a", "b"))
    assert finding is not None
    assert finding.mask.to_pylist() == [True, False, False]
    assert finding.rule == "b_before_a"


def test_future_dates_mask() -> None:
    values = pa.array([dt.date(2024, 6, 1), dt.date(2024, 6, 2), None], pa.date32())
    finding = future_dates(values, "dob", dt.date(2024, 6, 1))
    assert finding.mask.to_pylist() == [False, True, False]


def test_in_collection_year_bounds() -> None:
    days = [dt.date(2023, 3, 31), dt.date(2023, 4, 1), dt.date(2024, 3, 31), dt.date(2024, 4, 1)]
    values = {"review": pa.array(days, pa.date32())}
    both = in_collection_year(values, InCollectionYear("review", from_start=True), 2024)
    after = in_collection_year(values, InCollectionYear("review"), 2024)
    assert both is not None and after is not None
    assert both.mask.to_pylist() == [True, False, False, True]
    assert after.mask.to_pylist() == [False, False, False, True]
    assert both.severity == "warning"


def test_collection_year_hint_suggests_the_year_most_dates_are_in() -> None:
    checks = REGISTRY["ssda903_episodes"].checks
    dec = pa.array([dt.date(2023, 6, 1), dt.date(2023, 12, 1), dt.date(2024, 5, 1), None])
    hint = collection_year_hint({"dec": dec}, checks, 2023)
    assert hint is not None
    assert (hint.column, hint.outside, hint.dated, hint.likely) == ("dec", 3, 3, 2024)
    assert collection_year_hint({"dec": dec}, checks, 2024) is None  # 2 of 3 inside
