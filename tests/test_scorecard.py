"""The board scorecard (issue 12 item 2): key measures chosen in config, each beside the same
period a year earlier, its target and benchmarks, judged by its polarity, with a trend; the
same disclosure control as every public output; one self-contained page."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from markupsafe import escape

from conftest import SHARED, Cli
from cpkit.errors import ConfigError
from cpkit.formatting import NumberFormat
from cpkit.metrics.comparisons import Change
from cpkit.metrics.registry import REGISTRY
from cpkit.periods import Period
from cpkit.render.scorecard import build_scorecard, render_scorecard
from cpkit.render.scorecard.measures import choose_measures, default_measures
from cpkit.render.scorecard.model import Row, Scorecard, change_text
from cpkit.render.scorecard.sparkline import Point, description, sparkline_svg
from cpkit.workspace import Workspace

Q3, Q4, YEAR = (Period.parse(p) for p in ("2023-24-Q3", "2023-24-Q4", "2023-24"))


@pytest.fixture(scope="module")
def cards(sample_workspace: Workspace) -> dict[str, Scorecard]:
    return {
        "Q3": build_scorecard(sample_workspace, Q3),
        "Q4": build_scorecard(sample_workspace, Q4),
        "year": build_scorecard(sample_workspace, YEAR),
        "public": build_scorecard(sample_workspace, YEAR, public=True),
    }


def _row(card: Scorecard, measure: str) -> Row:
    return next(r for r in card.rows if str(r.measure) == measure)


def _copy(sample_workspace: Workspace, tmp_path: Path, config: str) -> Workspace:
    root = tmp_path / "ws"
    shutil.copytree(sample_workspace.root, root)
    (root / "cpkit.toml").write_text(
        (root / "cpkit.toml").read_text(encoding="utf-8") + config, encoding="utf-8"
    )
    return Workspace(root)


# ---------------------------------------------------------------------------- measures


def test_the_default_set_is_every_areas_declared_measures() -> None:
    chosen = choose_measures(())
    assert [str(m) for m in chosen.measures] == default_measures()
    assert chosen.by_area["iv"][0].metric_id == "iv.referrals"
    assert "care_leavers.eet_19_21" in default_measures()


def test_measures_chosen_in_config_with_a_breakdown_category(
    sample_workspace: Workspace, tmp_path: Path
) -> None:
    ws = _copy(
        sample_workspace,
        tmp_path,
        '\n[scorecard]\ntitle = "Board pack"\nmeasures = ["care_leavers.eet_19_21", '
        '"advocacy.referrals_by_cohort[cohort=CIC]", "iv.children_awaiting"]\n',
    )
    card = build_scorecard(ws, YEAR)
    assert card.title == "Board pack"
    assert [a.key for a in card.areas] == ["care_leavers", "advocacy", "iv"]
    cic = _row(card, "advocacy.referrals_by_cohort[cohort=CIC]")
    assert cic.title == "Advocacy referrals by cohort: Children in care"
    assert (cic.value.text, cic.value.note) == ("44%", "303 of 689")


@pytest.mark.parametrize(
    ("entry", "says"),
    [
        (
            "iv.childen_matched",
            "'iv.childen_matched' is not a metric (did you mean 'iv.children_matched'?)",
        ),
        ("advocacy.referrals[cohort=CIC]", "is not broken down by cohort (it has none)"),
        ("advocacy.referrals_by_cohort[cohort]", "write the category as [key=CODE]"),
    ],
)
def test_an_unknown_measure_is_one_error_naming_the_line(
    cli: Cli, sample_workspace: Workspace, tmp_path: Path, entry: str, says: str
) -> None:
    ws = _copy(
        sample_workspace,
        tmp_path,
        f'\n[scorecard]\nmeasures = [\n  "iv.referrals",\n  "{entry}",\n]\n',
    )
    line = (ws.root / "cpkit.toml").read_text(encoding="utf-8").splitlines().index(
        f'  "{entry}",'
    ) + 1
    result = cli("report", "scorecard", "--year", "2023-24", "-w", ws.root)
    assert result.code == 2 and result.err.count("\n") == 1, result.err
    assert result.err.startswith(f"Error: cpkit.toml, line {line}: [scorecard] measures: ")
    assert says in result.err


def test_a_misspelt_scorecard_setting_is_refused(
    sample_workspace: Workspace, tmp_path: Path
) -> None:
    ws = _copy(sample_workspace, tmp_path, '\n[scorecard]\nmeasure = ["iv.referrals"]\n')
    with pytest.raises(ConfigError, match="measures"):
        _ = ws.settings


# ---------------------------------------------------------------------------- figures


def test_q4_against_q4_a_year_earlier_and_q3(cards: dict[str, Scorecard]) -> None:
    card = cards["Q4"]
    assert (card.comparison, card.previous) == ("Q4 2022-23", "Q3 2023-24")
    referrals = _row(card, "advocacy.referrals")
    assert (referrals.value.text, referrals.prior.text, referrals.change) == (
        "170",
        "145",
        "+25 (+17%)",
    )
    assert referrals.previous.text == "177"
    assert (referrals.direction.word, referrals.direction.symbol) == ("Up", "▲")  # no better way
    awaiting = _row(card, "iv.children_awaiting")
    assert (awaiting.value.text, awaiting.prior.text) == ("44", "32")
    assert (awaiting.direction.word, awaiting.direction.symbol) == ("Worse", "▲")  # lower is better
    assert awaiting.when == "at 31 Mar 2024"
    matched = _row(card, "iv.children_matched")
    assert (matched.value.text, matched.direction.word) == ("36", "Better")
    assert {r.title for r in card.worse} >= {awaiting.title}
    eet = _row(card, "care_leavers.eet_19_21")
    assert (eet.value.text, eet.value.note, eet.england.text) == ("56%", "440 of 786", "54%")
    assert eet.england.note == "2023-24" and eet.when == "2023-24 (annual)"
    assert eet.direction.word == "No change" and eet.change == "0 pts"  # 56% and 56%


def test_q3_takes_annual_figures_from_the_latest_whole_year(cards: dict[str, Scorecard]) -> None:
    card = cards["Q3"]
    eet = _row(card, "care_leavers.eet_19_21")
    assert (eet.when, eet.value.note) == ("2022-23 (annual)", "463 of 826")
    assert eet.prior.note == "2021-22"  # not the column's Q3 2022-23
    assert eet.england.note == "2022-23"
    note = card.footnotes[eet.notes[0] - 1]
    assert note.startswith("Annual figure for 2022-23") and "31 December 2023" in note
    matched = _row(card, "iv.children_matched")
    assert (matched.value.text, matched.prior.text, matched.previous.text) == ("35", "25", "28")
    assert matched.when == "at 31 Dec 2023"
    assert [p.label for p in matched.trend][-2:] == ["Q2 2023-24", "Q3 2023-24"]
    assert len(matched.trend) == 8 and matched.trend[-1].text == "35"
    delivered = _row(card, "corporate_parenting.actions_delivered")
    assert "little time to be delivered" in card.footnotes[delivered.notes[0] - 1]


def test_a_year_keeps_the_annual_comparisons(cards: dict[str, Scorecard]) -> None:
    card = cards["year"]
    assert (card.comparison, card.previous) == ("2022-23", "")
    referrals = _row(card, "advocacy.referrals")
    assert (referrals.value.text, referrals.prior.text) == ("689", "612")
    assert [p.label for p in referrals.trend] == ["2021-22", "2022-23", "2023-24"]
    assert referrals.trend_text == "2021-22 to 2023-24: 550, 612, 689"
    in_post = _row(card, "apprenticeships.in_post")
    assert (in_post.target.text, in_post.target.note) == ("30", "2023-24")
    assert card.target_year == "2023-24"  # said once, in the heading, when every target shares it
    assert card.footnotes == []  # nothing in a year needs saying beyond the definitions


def test_public_scorecard_hides_what_the_public_metrics_hide(
    cards: dict[str, Scorecard], cli: Cli, sample_workspace: Workspace
) -> None:
    card = cards["public"]
    out = cli(
        "metrics",
        "mentoring",
        "-y",
        "2023-24",
        "--public",
        "-f",
        "json",
        "-w",
        sample_workspace.root,
    )
    awaiting = next(
        m for m in json.loads(out.out)["metrics"] if m["id"] == "mentoring.mentees_awaiting"
    )
    assert awaiting["suppressed"] is True
    row = _row(card, "mentoring.mentees_awaiting")
    assert (row.value.text, row.prior.text, row.change) == ("[c]", "[c]", "–")
    assert row.direction.word == "Not compared"
    assert all(p.value is None for p in row.trend if p.text == "[c]")
    people = [r for r in card.rows if REGISTRY[r.measure.metric_id].about_people]
    for row in people:  # no count of 1 to 4 people anywhere on the page (asks are not people)
        for cell in (row.value, row.prior, row.previous):
            assert not re.fullmatch(r"[1-4]", cell.text), (row.title, cell.text)
            assert not re.match(r"[1-4] of ", cell.note), (row.title, cell.note)


# ---------------------------------------------------------------------------- the page


def test_the_page_is_self_contained_and_escaped(
    sample_workspace: Workspace, tmp_path: Path
) -> None:
    ws = _copy(
        sample_workspace, tmp_path, '\n[scorecard]\ntitle = "Board <script>alert(1)</script>"\n'
    )
    result = render_scorecard(ws, Q3, out=tmp_path / "out", public=True)
    html = result.paths[0].read_text(encoding="utf-8")
    assert result.paths[0].name == "scorecard-2023-24-Q3-public.html"
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert not re.search(r"(src|href)=\"(https?:)?//", html)  # nothing loaded from anywhere
    assert "default-src 'none'" in html and '<html lang="en-GB">' in html
    assert html.count('role="img"') >= 10 and 'class="visually-hidden">Trend, ' in html
    assert "Got worse since Q3 2022-23" in html
    # what got worse is said in words, not only shaded: listed at the top, "Worse" in its row
    listed = html.split('<section class="got-worse"')[1].split("</section>")[0]
    worse = result.scorecard.worse
    assert worse and all(f"<strong>{escape(r.title)}</strong>" in listed for r in worse)
    assert html.count("</span> Worse</td>") == len(worse)
    assert '<th scope="rowgroup"' in html and '<th scope="row" class="measure">' in html
    assert "&#34;" not in html.split("</style>")[0]  # the style sheet is not HTML-escaped


def test_cli_writes_the_scorecard_and_sums_it_up(
    cli: Cli, sample_workspace: Workspace, tmp_path: Path
) -> None:
    result = cli(
        "report",
        "scorecard",
        "--period",
        "2023-24-Q4",
        "--out",
        tmp_path,
        "-w",
        sample_workspace.root,
    )
    assert result.code == 0, result.err
    assert (tmp_path / "scorecard-2023-24-Q4.html").is_file()
    assert re.search(
        r"25 measures for Q4 2023-24: \d+ better, \d+ worse, \d+ no change", result.out
    )
    ytd = cli(
        "report",
        "scorecard",
        "--year",
        "2023-24",
        "--to",
        "2023-12-31",
        "--out",
        tmp_path,
        "-w",
        sample_workspace.root,
    )
    assert ytd.code == 0 and (tmp_path / "scorecard-2023-24-to-2023-12-31.html").is_file()


def test_a_period_with_no_data_is_exit_1(cli: Cli, sample_workspace: Workspace) -> None:
    result = cli("report", "scorecard", "--period", "2019-20-Q1", "-w", sample_workspace.root)
    assert result.code == 1 and "no figures for Q1 2019-20" in result.err


# ---------------------------------------------------------------------------- pieces


@pytest.mark.parametrize(
    ("change", "unit", "text"),
    [
        (Change("x", 612, change=77, pct=12.58), "count", "+77 (+13%)"),
        (Change("x", 199.5, change=212.5, pct=106.5), "days", "+212 days (+106%)"),  # 412 vs 200
        (Change("x", 0.5603, change=-0.0007, rate=True), "proportion", "0 pts"),
        (Change("x", 0.41, change=0.0912, rate=True), "proportion", "+9 pts"),
        (Change("x", 0, change=4), "count", "+4"),
        (Change("x", 1200, change=-150.0, pct=-12.5), "gbp", "-£150 (-13%)"),
    ],
)
def test_changes_are_rounded_like_the_figures_beside_them(
    change: Change, unit: str, text: str
) -> None:
    assert change_text(change, unit, NumberFormat()) == text


def test_sparklines_break_at_hidden_points_and_say_every_point() -> None:
    points = [
        Point("2021-22", 5, "5"),
        Point("2022-23", None, "[c]"),
        Point("2023-24", 9, "9"),
        Point("2024-25", 7, "7"),
    ]
    svg = sparkline_svg(points)
    assert svg.count("<polyline") == 1  # 2021-22 stands alone; 2023-24 to 2024-25 is a line
    assert 'aria-label="Trend, 2021-22 to 2024-25: 5, [c], 9, 7"' in svg
    assert "http" not in svg.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert sparkline_svg(points[:2]) == ""  # one value: nothing to draw
    assert description([]) == "No earlier periods to show."


@pytest.mark.shared
def test_with_dfe_files_imported_region_and_neighbours_carry_their_year(
    sample_workspace: Workspace, tmp_path: Path
) -> None:
    ees = SHARED / "reference-data" / "ees"
    if not ees.is_dir():
        pytest.skip("../shared/reference-data/ees is not present")
    from cpkit.cli import main

    ws = _copy(sample_workspace, tmp_path, "")
    assert (
        main(["benchmarks", "import", *map(str, sorted(ees.glob("*.csv"))), "-w", str(ws.root)])
        == 0
    )
    card = build_scorecard(ws, Q3)
    eet = _row(card, "care_leavers.eet_19_21")
    assert (eet.england.text, eet.region.text, eet.neighbours.text) == ("56%", "55%", "54%")
    assert card.region_name == "West Midlands" and card.benchmark_year == "2022-23"
