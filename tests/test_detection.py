"""Detection you can see and trust: the columns that decided, doubts, name hints, every
unrecognised file of a run reported at once, and ``cpkit datasets NAME``."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import FIXTURES, Cli, Ingest
from cpkit.datasets import REGISTRY, find_header, rank_datasets
from cpkit.datasets.detection import doubts, hinted
from cpkit.errors import InputError


def test_names_hint_at_datasets_as_whole_words() -> None:
    assert hinted(["IV_tracker_2023-24", "Referrals"]) == {"iv_referrals", "iv_volunteers"}
    assert hinted(["independent_visitors_extract", "Volunteers"]) == {
        "iv_referrals",
        "iv_volunteers",
    }
    assert hinted(["Develop Me mentoring", "Mentors"]) == {"mentees", "mentors"}
    assert hinted(["advocacy_referrals_2021-22_to_2023-24", None]) == {"advocacy_referrals"}
    assert hinted(["ssda903_2024_oc3", None]) == set()
    assert hinted(["Ivory", "Archive"]) == set()  # "iv" inside a word is no hint


def test_a_tie_is_settled_by_the_name_and_refused_without_one() -> None:
    # both iv_volunteers and mentors find their id, approval date, end date and gender
    header = ["Mentor Ref", "Volunteer Ref", "Date Approved", "Date Left", "Gender"]
    ranked = rank_datasets(header)
    assert {m.dataset.name for m in ranked[:2]} == {"iv_volunteers", "mentors"}
    with pytest.raises(InputError, match="fits both"):
        find_header([header], None, {})
    found, _ = find_header([header], None, {}, hinted(["Develop Me", "Mentors"]))
    assert found is not None and found[1].dataset.name == "mentors"


def test_mostly_unused_columns_are_a_doubt() -> None:
    header = ["Action ID", "Date raised", "Ask", "Colour", "Size", "Shape", "Weight"]
    found, _ = find_header([header], None, {})
    assert found is not None
    _, match = found
    assert doubts(match, header, {}, set()) == [
        "4 of its 7 columns are not columns of board_actions and are not stored"
    ]
    assert doubts(match, header, {}, hinted(["board log"])) == doubts(match, header, {}, set())


def test_the_columns_that_decided_are_named() -> None:
    found, _ = find_header(
        [["Referral No", "Eclipse ID", "Date of Referral", "Legal Status"]], None, {}
    )
    assert found is not None
    assert found[1].decided_by() == (
        "Referral No (referral_id), Eclipse ID (child_id), Date of Referral (referral_date), "
        "Legal Status (cohort)"
    )


def test_every_unrecognised_file_of_a_run_is_reported_and_nothing_written(
    cli: Cli, tmp_path: Path
) -> None:
    from cpkit.workspace import init_workspace

    workspace = init_workspace(tmp_path / "ws", la_code="330")
    folder = tmp_path / "extracts"
    folder.mkdir()
    (folder / "colours.csv").write_text("Colour,Size\nBlue,3\n")
    (folder / "near_miss.csv").write_text("Referral ID,Referral date\nR1,01/05/2023\n")
    (folder / "good.csv").write_bytes((FIXTURES / "board_actions_utf8.csv").read_bytes())
    result = cli("ingest", folder, "-w", workspace.root)
    assert result.code == 2
    [line] = result.err.splitlines()
    assert line.startswith("Error: 2 files could not be ingested, so nothing was written:")
    assert "(1) colours.csv: no dataset recognised" in line
    assert "(2) near_miss.csv: no dataset recognised from its headers; closest:" in line
    assert not (workspace.warehouse_dir / "_manifest.json").exists()


def test_datasets_name_lists_headers_counting_columns_and_wordings(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cpkit.workspace import init_workspace

    monkeypatch.setenv("COLUMNS", "250")
    workspace = init_workspace(tmp_path / "ws", la_code="330")
    workspace.config_path.write_text(
        workspace.config_path.read_text()
        + '\n[codes.cohort]\nCIC = ["Looked after (s20)"]\n'
        + '[datasets.advocacy_referrals.columns]\nreferral_date = ["Date of Request"]\n'
    )
    result = cli("datasets", "advocacy_referrals", "-w", workspace.root)
    assert result.code == 0, result.err
    out = result.out
    assert "Date of Request, date of referral" in out  # the workspace's alias first
    assert "Looked after (s20), child in care" in out  # and its wording first
    assert "Section 31 full care order" in out or "section 31 full care order" in out
    assert "counted by" in out and "Code list ethnicity" in out
    unknown = cli("datasets", "advocacy_referal", "-w", workspace.root)
    assert unknown.code == 2 and "Did you mean advocacy_referrals" in unknown.err


def test_every_dataset_declares_its_counting_columns_sensibly() -> None:
    """A key is always counting; a status date whose blank means "not yet" is counting
    where a count depends on it; descriptive columns never are."""
    iv = REGISTRY["iv_referrals"]
    assert [c.name for c in iv.columns if c.counts_rows] == [
        "referral_id",
        "child_id",
        "referral_date",
        "match_date",
        "match_end_date",
        "closed_date",
    ]
    assert not REGISTRY["ssda903_oc3"].column("accom").counts_rows
    assert REGISTRY["ssda903_oc3"].column("activ").counts_rows
    descriptive = ("gender", "ethnicity", "location", "issue", "referral_source", "dob")
    for dataset in REGISTRY.values():
        if dataset.family == "service":
            for column in dataset.columns:
                if column.name in descriptive:
                    assert not column.counts_rows, (dataset.name, column.name)


def test_ingest_summary_names_the_deciding_columns(ingest: Ingest) -> None:
    [summary] = ingest("advocacy_comma.csv").files
    assert summary.detected_by and summary.detected_by.startswith("Referral ID (referral_id)")
    assert summary.doubts == []
