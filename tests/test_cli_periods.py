"""`cpkit metrics` for periods other than a financial year: --period, --year with --to, and
--from with --to; --year output unchanged."""

from __future__ import annotations

import csv
import io
import json

from conftest import Cli
from cpkit.workspace import Workspace

YEAR_KEYS = {
    "area",
    "year",
    "la_code",
    "period_start",
    "period_end",
    "cpkit_version",
    "software",
    "metrics",
    "not_computed",
    "notes",
    "definitions",
    "sources",
}


def _json(cli: Cli, ws: Workspace, *args: str) -> dict:  # type: ignore[type-arg]
    result = cli("metrics", *args, "-f", "json", "-w", ws.root)
    assert result.code == 0, result.err
    return json.loads(result.out)


def _headline(document: dict, metric_id: str) -> dict:  # type: ignore[type-arg]
    return next(m for m in document["metrics"] if m["id"] == metric_id and not m["group"])


def test_a_quarter_in_json(cli: Cli, sample_workspace: Workspace) -> None:
    document = _json(cli, sample_workspace, "advocacy", "--period", "2023-24-Q3")
    assert (document["year"], document["period"]) == ("2023-24", "2023-24-Q3")
    assert document["period_label"] == "Q3 2023-24 (October to December 2023)"
    assert (document["period_start"], document["period_end"]) == ("2023-10-01", "2023-12-31")
    referrals = _headline(document, "advocacy.referrals")
    assert (referrals["value"], referrals["period"]) == (177, "Q3 2023-24")
    c = referrals["comparisons"]
    assert (c["prior_year"], c["prior_year_label"]) == (174, "Q3 2022-23")
    assert (c["previous_period"], c["previous_period_label"]) == (162, "Q2 2023-24")
    assert c["change_since_previous"] == 15
    note = document["definitions"]["advocacy.referrals"]["in_this_period"]
    assert note == "Counted within Q3 2023-24 (October to December 2023)."


def test_year_output_is_unchanged(cli: Cli, sample_workspace: Workspace) -> None:
    document = _json(cli, sample_workspace, "advocacy", "--year", "2023-24")
    assert set(document) <= YEAR_KEYS and document["year"] == "2023-24"
    assert all("period" not in m for m in document["metrics"])
    assert all("in_this_period" not in d for d in document["definitions"].values())
    referrals = _headline(document, "advocacy.referrals")["comparisons"]
    assert not any(key.startswith(("previous", "change_since_previous")) for key in referrals)
    assert referrals["prior_year_label"] == "2022-23"


def test_year_to_date_and_a_range(cli: Cli, sample_workspace: Workspace) -> None:
    ytd = _json(cli, sample_workspace, "iv", "--year", "2023-24", "--to", "2023-12-31")
    assert ytd["period_label"] == "2023-24 to 31 December (1 April to 31 December 2023)"
    matched = _headline(ytd, "iv.children_matched")
    assert (matched["value"], matched["comparisons"]["prior_year"]) == (35, 25)
    assert ytd["definitions"]["iv.children_matched"]["in_this_period"] == (
        "Taken at the end of 31 December 2023."
    )
    same = _json(cli, sample_workspace, "iv", "--from", "2023-04-01", "--to", "31/12/2023")
    assert same["period"] == ytd["period"] == "2023-24-to-2023-12-31"


def test_care_leavers_in_a_quarter_are_the_latest_whole_year(
    cli: Cli, sample_workspace: Workspace
) -> None:
    document = _json(cli, sample_workspace, "care-leavers", "--period", "2023-24-Q3")
    eet = _headline(document, "care_leavers.eet_19_21")
    assert eet["period"] == "2022-23"
    assert eet["comparisons"]["prior_year_label"] == "2021-22"
    assert document["definitions"]["care_leavers.eet_19_21"]["in_this_period"].startswith(
        "Annual figure for 2022-23: the SSDA903 return"
    )
    table = cli("metrics", "care-leavers", "--period", "2023-24-Q4", "-w", sample_workspace.root)
    assert "2023-24 (annual)" in table.out


def test_the_table_names_the_period_and_its_comparisons(
    cli: Cli, sample_workspace: Workspace
) -> None:
    result = cli("metrics", "advocacy", "-p", "2023-24-Q3", "-w", sample_workspace.root)
    assert "Advocacy: Q3 2023-24 (October to December 2023), LA 330" in result.out
    assert "Q3 2022-23" in result.out and "Q2 2023-24" in result.out
    assert "in period" in result.out


def test_csv_has_a_period_column(cli: Cli, sample_workspace: Workspace) -> None:
    result = cli(
        "metrics", "advocacy", "-p", "2023-24-Q3", "-f", "csv", "-w", sample_workspace.root
    )
    rows = list(csv.DictReader(io.StringIO(result.out)))
    assert {(r["year"], r["period"]) for r in rows} == {("2023-24", "Q3 2023-24")}
    year = cli("metrics", "advocacy", "-y", "2023-24", "-f", "csv", "-w", sample_workspace.root)
    assert "period" not in year.out.splitlines()[0].split(",")


def test_a_bad_period_is_one_error_line(cli: Cli, sample_workspace: Workspace) -> None:
    for args, says in (
        (["--period", "2023-Q3"], "'2023-Q3' is not a period"),
        (["--period", "2023-24-Q3", "--year", "2023-24"], "without --year"),
        (["--from", "2023-10-01"], "--from needs --to"),
        ([], "a period is required"),
    ):
        result = cli("metrics", "advocacy", *args, "-w", sample_workspace.root)
        assert result.code == 2, args
        assert result.err.startswith("Error: ") and result.err.count("\n") == 1, result.err
        assert says in result.err


def test_public_quarter_hides_small_counts_of_the_quarter_before(
    cli: Cli, sample_workspace: Workspace
) -> None:
    """The disclosure pass covers the quarter before as it covers the year before."""
    document = _json(cli, sample_workspace, "mentoring", "--period", "2023-24-Q3", "--public")
    awaiting = _headline(document, "mentoring.mentees_awaiting")
    c = awaiting["comparisons"]
    assert awaiting["suppressed"] is True
    assert (c["previous_period"], c["previous_period_suppressed"]) == (None, True)  # 3 in Q2
    matches = _headline(document, "mentoring.active_matches")["comparisons"]
    assert (matches["previous_period"], matches["prior_year"]) == (10, 15)
