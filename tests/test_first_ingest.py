"""A newcomer's first run, end to end: ``cpkit init --la-code 330 --la-name Birmingham`` in a
fresh folder, then ``cpkit ingest data/sample/*`` with the cpkit.toml init wrote (not the
sample's own), gives the sample-targets figures that come from the data.

Only the figures that need settings the default config leaves commented out (a programme's
target and grant, the apprenticeship target, the pledge themes) are left to
test_sample_targets.py, which uses the demo's config.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import read_table
from cpkit.areas import CLI_NAMES
from cpkit.metrics import compute_area
from cpkit.metrics.engine import AreaResult
from cpkit.periods import FinancialYear
from cpkit.workspace import Workspace

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample"
YEAR = FinancialYear.parse("2023-24")
# data/sample/README.md's faulty rows: exactly these are quarantined, nothing else
FAULTS = {
    ("advocacy_referrals_2021-22_to_2023-24.csv", None, 1194, "referral_date_before_dob"),
    ("advocacy_referrals_2021-22_to_2023-24.csv", None, 1424, "cohort_unknown"),
    ("advocacy_referrals_2021-22_to_2023-24.csv", None, 1607, "date_impossible"),
    ("advocacy_referrals_2021-22_to_2023-24.csv", None, 1700, "duplicate_key"),
    ("advocacy_referrals_2021-22_to_2023-24.csv", None, 1701, "duplicate_key"),
    ("advocacy_referrals_2021-22_to_2023-24.csv", None, 1787, "duplicate_row"),
    ("advocacy_referrals_2021-22_to_2023-24.csv", None, 1863, "totals_row"),
    (
        "independent_visitors_extract_2024-03-31.xlsx",
        "Referrals",
        80,
        "match_date_before_referral_date",
    ),
    ("independent_visitors_extract_2024-03-31.xlsx", "Volunteers", 56, "date_in_future"),
    ("ssda903_2024_oc3.csv", None, 980, "activity_unknown"),
    ("next_steps_participants.csv", None, 23, "missing_required"),
}


@pytest.fixture(scope="module")
def first_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Workspace, str]:
    from cpkit.cli import main

    folder = tmp_path_factory.mktemp("newcomer") / "rap-2024"
    assert main(["init", str(folder), "--la-code", "330", "--la-name", "Birmingham"]) == 0
    import contextlib
    import io

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(["ingest", *(str(p) for p in sorted(SAMPLE.iterdir())), "-w", str(folder)])
    assert code == 0
    return Workspace(folder), out.getvalue()


@pytest.fixture(scope="module")
def areas(first_run: tuple[Workspace, str]) -> dict[str, AreaResult]:
    workspace, _ = first_run
    return {name: compute_area(workspace, name, YEAR) for name in CLI_NAMES}


def _figure(areas: dict[str, AreaResult], area: str, metric: str, **group: str):  # type: ignore[no-untyped-def]
    result = areas[area].result(metric)
    assert result.status == "ok", result.message
    [found] = [f for f in result.figures if f.group == group]
    return found


def _counts(areas, area, metric, **group):  # type: ignore[no-untyped-def]
    found = _figure(areas, area, metric, **group)
    return found.numerator, found.denominator


def test_the_default_config_is_the_one_init_wrote(first_run: tuple[Workspace, str]) -> None:
    workspace, _ = first_run
    text = workspace.config_path.read_text()
    assert "West Midlands" in text  # filled in from the LA code
    assert "\n[codes." not in text and "\n[programmes." not in text  # only commented examples


def test_only_the_deliberately_faulty_rows_are_quarantined(
    first_run: tuple[Workspace, str],
) -> None:
    workspace, out = first_run
    import pyarrow.parquet as pq

    from cpkit.warehouse import Manifest

    manifest = Manifest.load(workspace.warehouse_dir)
    quarantined = {
        (issue["file"], issue["sheet"], issue["row"], issue["rule"])
        for record in manifest.ingests
        if record.issues_file
        for issue in pq.read_table(workspace.warehouse_dir / record.issues_file).to_pylist()
        if issue["severity"] == "error"
    }
    assert quarantined == FAULTS
    assert "Rows read 38,118 = accepted 38,107 + quarantined 11" in out
    assert "location" not in {r.split("_")[0] for r in (f[3] for f in quarantined)}


def test_advocacy(areas: dict[str, AreaResult]) -> None:
    referrals = _figure(areas, "advocacy", "advocacy.referrals")
    assert referrals.value == 689
    assert referrals.comparisons.as_dict()["prior_year"] == 612
    for cohort, n in (("CIC", 303), ("CP", 207), ("CIN", 110), ("CARE_LEAVER", 69)):
        assert _counts(areas, "advocacy", "advocacy.referrals_by_cohort", cohort=cohort) == (n, 689)
    assert _counts(areas, "advocacy", "advocacy.referrals_with_disability") == (276, 689)
    for group, n in (("FGC", 345), ("Social work", 172), ("Other", 172)):
        assert _counts(areas, "advocacy", "advocacy.referrals_by_source", source_group=group) == (
            n,
            689,
        )
    assert _counts(areas, "advocacy", "advocacy.icpc_uptake_15_17") == (20, 40)


def test_independent_visitors(areas: dict[str, AreaResult]) -> None:
    assert _figure(areas, "iv", "iv.referrals").value == 25
    matched = _figure(areas, "iv", "iv.children_matched")
    assert (matched.value, matched.comparisons.as_dict()["prior_year"]) == (36, 20)
    awaiting = _figure(areas, "iv", "iv.children_awaiting")
    assert (awaiting.value, awaiting.comparisons.as_dict()["prior_year"]) == (44, 32)
    assert _figure(areas, "iv", "iv.children_involved").value == 80
    for location, n in (("IN_AREA", 21), ("REGION", 10), ("ELSEWHERE_UK", 5)):
        assert _counts(areas, "iv", "iv.matched_by_location", location=location) == (n, 36)
    for location, n in (("IN_AREA", 4), ("REGION", 15), ("ELSEWHERE_UK", 25)):
        assert _counts(areas, "iv", "iv.awaiting_by_location", location=location) == (n, 44)
    assert _figure(areas, "iv", "iv.volunteers").value == 46
    assert _counts(areas, "iv", "iv.volunteers_male") == (5, 46)


def test_mentoring_programmes_apprenticeships_participation_and_board(
    areas: dict[str, AreaResult], first_run: tuple[Workspace, str]
) -> None:
    matches = _figure(areas, "mentoring", "mentoring.active_matches")
    assert (matches.value, matches.extra["mentors"]) == (24, 24)
    assert _figure(areas, "mentoring", "mentoring.mentees_awaiting").value == 2
    assert _figure(areas, "mentoring", "mentoring.outcomes", outcome="EMPLOYMENT").value == 5
    assert _figure(areas, "programmes", "programmes.enrolled", programme="next_steps").value == 35
    assert _counts(areas, "programmes", "programmes.neet_at_enrolment", programme="next_steps") == (
        24,
        35,
    )
    assert _figure(areas, "apprenticeships", "apprenticeships.in_post").value == 15
    assert _figure(areas, "apprenticeships", "apprenticeships.completions").value == 3
    assert _figure(areas, "apprenticeships", "apprenticeships.starts").value == 6
    assert (
        _figure(areas, "participation", "participation.events", event_type="ALL_TOGETHER_DAY").value
        == 6
    )
    assert _figure(areas, "corporate-parenting", "corporate_parenting.boards_held").value == 5
    assert _figure(areas, "corporate-parenting", "corporate_parenting.takeover_boards").value == 1
    workspace, _ = first_run
    themes = read_table(
        workspace,
        "SELECT themes FROM board_meetings WHERE meeting_date = DATE '2023-05-22'",
    )
    assert themes == [("Your Care; Your Relationships and You",)]


def test_care_leavers(areas: dict[str, AreaResult]) -> None:
    for band, (cohort, eet, neet) in {"17_18": (357, 230, 107), "19_21": (786, 440, 271)}.items():
        assert _figure(areas, "care-leavers", f"care_leavers.cohort_{band}").value == cohort
        assert _counts(areas, "care-leavers", f"care_leavers.eet_{band}") == (eet, cohort)
        assert _counts(areas, "care-leavers", f"care_leavers.neet_{band}") == (neet, cohort)
