"""Against the official DfE open data and other projects' SSDA903 files in ../shared.

Skipped cleanly when ../shared is absent (nothing from it is committed to this repository).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import SHARED, Cli
from cpkit.workspace import Workspace

EES = SHARED / "reference-data" / "ees"
PEER_903 = SHARED / "peer-data" / "903-multi-year"
pytestmark = pytest.mark.shared


@pytest.fixture(scope="module")
def benchmarked(sample_workspace: Workspace, tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    """A copy of the sample workspace with the official files imported."""
    if not EES.is_dir():
        pytest.skip("../shared/reference-data/ees is not present")
    root = tmp_path_factory.mktemp("benchmarked") / "ws"
    shutil.copytree(sample_workspace.root, root)
    from cpkit.cli import main

    assert (
        main(
            ["benchmarks", "import", *map(str, sorted(EES.glob("*.csv"))), "--workspace", str(root)]
        )
        == 0
    )
    return Workspace(root)


def _metrics(cli: Cli, workspace: Workspace, year: str) -> dict[str, dict]:
    result = cli(
        "metrics", "care-leavers", "--year", year, "--format", "json", "--workspace", workspace.root
    )
    assert result.code == 0, result.err
    document = json.loads(result.out)
    return {m["id"]: m for m in document["metrics"] if not m["group"]}


@pytest.mark.parametrize(
    ("year", "england", "region", "neighbours"),
    [
        ("2022-23", 56, 55, 54),
        ("2023-24", 54, 52, 52),
    ],
)
def test_eet_19_21_against_england_region_and_neighbours(
    cli: Cli, benchmarked: Workspace, year: str, england: int, region: int, neighbours: int
) -> None:
    metrics = _metrics(cli, benchmarked, year)
    eet = metrics["care_leavers.eet_19_21"]
    known = metrics["care_leavers.eet_known_19_21"]
    assert round(eet["value"] * 100) == 56  # DfE method, both years
    assert round(known["value"] * 100) == 62  # the known-only rate, labelled
    assert known["label"] == "known-only"
    comparisons = eet["comparisons"]
    assert comparisons["benchmark_year"] == year
    assert round(comparisons["england"] * 100) == england
    assert comparisons["region_name"] == "West Midlands"
    assert round(comparisons["region"] * 100) == region
    assert comparisons["neighbours_used"] == 10
    from cpkit.formatting import NumberFormat

    assert NumberFormat().percent(comparisons["statistical_neighbours"]) == f"{neighbours}%"
    assert "la_care_leavers_activity.csv" in comparisons["benchmark_source"]
    assert "england" not in known.get("comparisons", {})  # never set against national rates


def test_2022_23_table_shows_the_figures(
    cli: Cli, benchmarked: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    result = cli("metrics", "care-leavers", "--year", "2022-23", "--workspace", benchmarked.root)
    assert result.code == 0, result.err
    eet_line = next(
        line
        for line in result.out.splitlines()
        if "aged 19 to 21 in education, employment or training" in line and "known-only" not in line
    )
    for expected in ("56%", "463 of 826", "56%", "55%", "54%"):
        assert expected in eet_line, (expected, eet_line)
    known_line = next(
        line for line in result.out.splitlines() if "known-only" in line and "19 to 21" in line
    )
    assert "62%" in known_line and "463 of 747" in known_line
    assert "West Midlands" in result.out and "statistical neighbours" in result.out


def test_report_with_official_comparators(benchmarked: Workspace, tmp_path: Path) -> None:
    from cpkit.periods import FinancialYear
    from cpkit.render.report import render_annual_report

    result = render_annual_report(
        benchmarked, FinancialYear.parse("2023-24"), out=tmp_path, formats=("md",)
    )
    text = result.paths[0].read_text(encoding="utf-8")
    assert (
        "440 of 786 care leavers aged 19 to 21 (56%) were in education, employment or training"
    ) in text
    assert (
        "compared with 54% in England, 52% in the West Midlands and 52% across statistical "
        "neighbours in 2023-24"
    ) in text
    # comparators are credited to the publication, never to a file hash
    assert "comparators: DfE, Children looked after in England including adoptions, 2024" in text
    body = text.split("## Appendix")[0]
    assert "sha256" not in body.lower()
    # the LA's published figures give a five-year trend beyond the warehouse's two years
    assert "as published by DfE, 2020-21 to 2023-24" in text
    assert "| 2020-21 | 56% | 52% |" in text.split("as published by DfE", 1)[1]


@pytest.mark.skipif(not PEER_903.is_dir(), reason="../shared/peer-data is not present")
def test_care_leavers_on_peer_data(
    cli: Cli, workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    assert cli("ingest", PEER_903, "--workspace", workspace.root).code == 0
    result = cli("metrics", "care-leavers", "--year", "2020-21", "--workspace", workspace.root)
    assert result.code == 0, result.err
    assert result.err == ""
    assert "Care leavers aged 17 to 18 in education, employment or training" in result.out
    notes = [" ".join(n.split()) for n in result.out.split("Note:")[1:]]  # lines may wrap
    assert any("records excluded or flagged" in n and "inconsistent codes" in n for n in notes)
    # the peer files' ACCOM "01"/"02" are no codes: those care leavers are kept (their
    # accommodation not known) and the note says so, instead of quarantining them
    assert any("kept" in n and "accommodation_unknown" in n for n in notes)
    document = json.loads(
        cli(
            "metrics",
            "care-leavers",
            "--year",
            "2020-21",
            "--format",
            "json",
            "--workspace",
            workspace.root,
        ).out
    )
    excluded = [m for m in document["metrics"] if m["id"] == "care_leavers.excluded_records"]
    reasons = {m["group"].get("reason"): m["value"] for m in excluded}
    assert reasons[None] > 0  # records left out of the cohort, reported
    assert any("Inconsistent" in (r or "") and v > 0 for r, v in reasons.items())
