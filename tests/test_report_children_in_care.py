"""The children in care section and the review-participation figure on a small return.

A small council's return (the sample's SSDA903 tables cut down to a few dozen children) has
small counts in almost every breakdown: the public report must hide them in the section's
sentences, tables and charts, through the one disclosure pass, and its audit must pass.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from cpkit.periods import FinancialYear
from cpkit.render.report import render_annual_report
from cpkit.workspace import Workspace

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample"
YEAR = FinancialYear.parse("2023-24")
TABLES = ("header", "episodes", "reviews", "missing", "uasc", "oc2", "ad1")
CHILDREN = 60  # the first children of the 2024 episodes file
_CELL_COUNT = re.compile(r"^(\d[\d,]*)(?: \(\d+%\))?$")


def _small_return(folder: Path) -> list[Path]:
    """The sample's 2023 and 2024 SSDA903 tables, keeping only ``CHILDREN`` children."""
    with (SAMPLE / "ssda903_2024_episodes.csv").open(encoding="utf-8", newline="") as f:
        keep: list[str] = []
        for row in csv.DictReader(f):
            if row["CHILD"] not in keep:
                keep.append(row["CHILD"])
            if len(keep) == CHILDREN:
                break
    written = []
    for year in (2023, 2024):
        for table in TABLES:
            source = SAMPLE / f"ssda903_{year}_{table}.csv"
            with source.open(encoding="utf-8", newline="") as f:
                reader = csv.DictReader(f)
                rows = [r for r in reader if r["CHILD"] in keep]
                fields = reader.fieldnames or []
            if not rows:
                continue  # no adoptions among them, say: the table is simply not ingested
            target = folder / source.name
            with target.open("w", encoding="utf-8", newline="") as f:
                writer = csv.DictWriter(f, fields)
                writer.writeheader()
                writer.writerows(rows)
            written.append(target)
    return written


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    from cpkit.ingest import ingest_paths
    from cpkit.workspace import init_workspace

    root = tmp_path_factory.mktemp("small")
    workspace = init_workspace(root / "ws", la_code="330", la_name="Smallshire")
    files = root / "files"
    files.mkdir()
    ingest_paths(workspace, _small_return(files))
    return workspace


def _section(text: str, title: str) -> str:
    start = text.index(f". {title}\n")
    return text[start : text.index("\n## ", start)]


@pytest.fixture(scope="module")
def reports(small: Workspace, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    patch = pytest.MonkeyPatch()
    patch.setenv("SOURCE_DATE_EPOCH", "1717200000")
    found = {}
    try:
        for name, public in (("private", False), ("public", True)):
            out = tmp_path_factory.mktemp(name)
            result = render_annual_report(small, YEAR, out=out, formats=("md",), public=public)
            found[name] = result.paths[0].read_text(encoding="utf-8")
            if public:
                assert result.audit and result.audit.startswith("disclosure audit passed")
    finally:
        patch.undo()
    return found


def test_the_section_follows_corporate_parenting_with_the_boards_figures(
    reports: dict[str, str],
) -> None:
    text = reports["private"]
    headings = re.findall(r"(?m)^## (.+)$", text)
    assert "5. Children in care" in headings  # after corporate parenting, as the board reads it
    section = _section(text, "Children in care")
    for words in (
        "children were looked after",
        "started to be looked after",
        "three or more placements during the year",
        "went missing at least once",
        "annual health assessment up to date",
        "Source: Smallshire's SSDA903 return to the DfE (children looked after)",
        "| Measure | 2023-24 | 2022-23 | Change |",
    ):
        assert words in section, words
    assert "service records" not in section


def test_review_participation_is_in_the_participation_section(reports: dict[str, str]) -> None:
    section = _section(reports["private"], "Participation")
    assert re.search(r"took part in \S+ of the \S+ reviews held in 2023-24", section)
    assert "Did not attend and their views were not conveyed" in section  # PN7 in the chart


def test_the_public_section_hides_small_counts(reports: dict[str, str]) -> None:
    private = _section(reports["private"], "Children in care")
    public = _section(reports["public"], "Children in care")
    assert "fewer than 5" in public or "[c]" in public
    checked = 0
    for line in public.splitlines():
        if not line.startswith("| ") or line.startswith("| Measure |"):
            continue
        for cell in line.strip("|").split("|")[1:]:
            match = _CELL_COUNT.match(cell.strip())
            if match:
                checked += 1
                n = int(match.group(1).replace(",", ""))
                assert n == 0 or n >= 5, f"count {n} shown in the public report: {line}"
    assert checked > 5
    # the private report shows what the public one hides
    assert re.search(r"\| [1-4] \|", private)
    for phrase in ("adopted", "special guardianship"):
        assert phrase in public


def test_without_episodes_the_section_is_left_out_with_a_note(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Care leavers' OC3 without episodes: care leavers shown, children in care left out."""
    from cpkit.ingest import ingest_paths
    from cpkit.workspace import init_workspace

    workspace = init_workspace(tmp_path / "ws", la_code="330", la_name="Testshire")
    ingest_paths(workspace, [SAMPLE / "ssda903_2024_header.csv", SAMPLE / "ssda903_2024_oc3.csv"])
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1717200000")
    result = render_annual_report(workspace, YEAR, out=tmp_path / "out", formats=("md",))
    text = result.paths[0].read_text(encoding="utf-8")
    headings = re.findall(r"(?m)^## (.+)$", text)
    assert not any("Children in care" in h for h in headings)
    assert any("Care leavers" in h for h in headings)
    note = next(n for n in result.notes if n.startswith("The children in care section"))
    assert "left out: no figures for 2023-24: needs the ssda903_episodes dataset" in note
    assert note in text
