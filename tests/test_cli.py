"""The command line as analysts and their scripts use it: tables that keep every column and
name, --format on every listing, help, completion, choices, workspace discovery, init, honest
exit codes and numbers written the same way everywhere."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import FIXTURES, Cli
from cpkit.cli import common
from cpkit.cli.tables import Column, Listing, fit, print_table
from cpkit.metrics.registry import all_metrics
from cpkit.workspace import Workspace, init_workspace

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "sample"
HEADERS = ("metric", "when", "value", "n / N", "2022-23", "change", "England", "region")


def _run(*args: str | Path, env: dict[str, str] | None = None, cwd: Path | None = None):
    """cpkit in a subprocess, its stdout a pipe (as in `cpkit ... | cat`)."""
    return subprocess.run(
        [sys.executable, "-m", "cpkit", *map(str, args)],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        cwd=cwd,
        timeout=300,
    )


# ---------------------------------------------------------------------------- benchmarks

_EES_HEADER = (
    "time_period,time_identifier,geographic_level,country_code,country_name,region_code,"
    "region_name,old_la_code,la_name,new_la_code,care_leaver_age,breakdown,care_leaver_count,"
    "care_leaver_percent"
)
_PLACES = [  # level, region, old code, name, new code, percent (made up for the test)
    ("National", "", "", "", "", 54),
    ("Regional", "West Midlands", "", "", "", 52),
    ("Local authority", "West Midlands", "330", "Birmingham", "E08000025", 56),
    ("Local authority", "West Midlands", "331", "Coventry", "E08000026", 50),
    ("Local authority", "West Midlands", "332", "Dudley", "E08000027", 47),
]


def _benchmark_files(folder: Path) -> list[Path]:
    """A small EES activity file and a neighbour groupings file of our own."""
    folder.mkdir(parents=True, exist_ok=True)
    rows = [_EES_HEADER]
    for level, region, code, name, new_code, percent in _PLACES:
        for age in ("17 to 18 years", "19 to 21 years"):
            for breakdown, share in (
                ('"Total in education, employment or training"', percent),
                ('"Total not in education, employment or training"', 100 - percent - 7),
                ("Total information not known", 7),
            ):
                region_code = "E12000005" if region else ""
                rows.append(
                    f"2024,Reporting year,{level},E92000001,England,{region_code},{region},"
                    f"{code},{name},{new_code},{age},{breakdown},100,{share}"
                )
    activity = folder / "la_care_leavers_activity.csv"
    activity.write_text("\n".join(rows) + "\n", encoding="utf-8")
    neighbours = folder / "neighbour_groupings.csv"
    neighbours.write_text(
        "LA num,LA Name,LA number,GOInd,GOReg,SN1,SNP,SN2,SNP\n"
        "330,Birmingham,330,6,West Midlands,331,Close,332,Close\n",
        encoding="utf-8",
    )
    return [activity, neighbours]


@pytest.fixture(scope="module")
def benchmarked(sample_workspace: Workspace, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the sample workspace with England, region and neighbour benchmarks."""
    root = tmp_path_factory.mktemp("benchmarked") / "ws"
    shutil.copytree(sample_workspace.root, root)
    files = _benchmark_files(root.parent / "ees")
    done = _run("benchmarks", "import", *files, "-w", root)
    assert done.returncode == 0, done.stderr
    return root


# ---------------------------------------------------------------------------- tables


@pytest.mark.parametrize("columns", ["60", "80", "200"])
def test_piped_care_leaver_table_keeps_every_column(benchmarked: Path, columns: str) -> None:
    done = _run(
        "metrics", "care-leavers", "--year", "2023-24", "-w", benchmarked, env={"COLUMNS": columns}
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    header = next(line for line in lines if "metric" in line and "neighbours" in line)
    for name in (*HEADERS, "neighbours"):
        assert name in header
    table = [line for line in lines if line.startswith("│")]
    assert not any("…" in line for line in table)
    cells = {line.count("│") for line in table}
    assert cells == {len(HEADERS) + 2}, "every row has every column (9 columns, 10 rules)"
    row = next(line for line in table if "19 to 21 in education, employment or training " in line)
    # value, n/N, prior, change, England 54%, region 52%, neighbours mean of 50% and 47%
    assert re.search(r"│\s+56% │ 440 of 786 │.*│\s+54% │\s+52% │\s+49% │$", row), row
    assert len({len(line) for line in table}) == 1  # natural width, no wrapping


def _wide_listing() -> Listing:
    columns = [
        Column("metric", kind="name"),
        Column("id", kind="id"),
        Column("value", kind="number"),
        Column("definition", kind="text"),
    ]
    rows = [
        [
            "Care leavers aged 19 to 21 in education, employment or training",
            "care_leavers.eet_19_21_known_only",
            "1,234",
            "Share of the DfE cohort in education, employment or training on 31 March.",
        ],
        ["Advocacy referrals", "advocacy.referrals", "689", "Referrals in the year."],
    ]
    return Listing("Figures", columns, rows)


def test_fit_keeps_ids_and_numbers_whole_and_wraps_names() -> None:
    listing = _wide_listing()
    natural = fit(listing, None)
    assert natural == [63, 33, 5, 73]
    assert fit(listing, 300) == natural
    narrow = fit(listing, 110)
    assert narrow is not None and sum(narrow) + 13 <= 110
    assert narrow[1:3] == [33, 5]  # the id and the value keep their full width
    assert narrow[0] >= 20 and narrow[3] >= 30
    assert fit(listing, 70) is None  # then: one record per line


def _terminal(monkeypatch: pytest.MonkeyPatch, width: int) -> None:
    monkeypatch.setattr(common, "is_terminal", lambda stream: True)
    monkeypatch.setenv("COLUMNS", str(width))


@pytest.mark.parametrize("width", [60, 90, 120])
def test_on_a_narrow_terminal_nothing_is_cut(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], width: int
) -> None:
    _terminal(monkeypatch, width)
    listing = _wide_listing()
    print_table(listing)
    out = capsys.readouterr().out
    assert "…" not in out
    assert max(len(line) for line in out.splitlines()) <= width or "one line" in out
    flat = " ".join(out.replace("│", " ").split())
    for row in listing.rows:
        assert row[1] in out  # ids on one line, whole
        for cell in row:
            for word in cell.split():
                assert word in flat
    if width == 60:
        assert "wider than this terminal's 60 columns, so each row is one line" in out
        assert (
            "Advocacy referrals: id advocacy.referrals; value 689; definition Referrals in "
            "the year." in out
        )


def test_metric_catalogue_never_truncates_ids(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    for width in (80, 250):
        _terminal(monkeypatch, width)
        result = cli("metrics", "list")
        assert result.code == 0 and "…" not in result.out
        for spec in all_metrics():
            assert spec.id in result.out, (width, spec.id)
    monkeypatch.undo()
    result = cli("metrics", "list", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.out)))
    assert [r["id"] for r in rows] == [s.id for s in all_metrics()]
    assert set(rows[0]) >= {"id", "title", "unit", "timing", "definition", "inputs"}
    records = json.loads(cli("metrics", "list", "--format", "json").out)
    assert len(records) == len(rows) and records[0]["inputs"]


@pytest.mark.parametrize(
    "command",
    [
        ["datasets"],
        ["datasets", "--all"],
        ["validate"],
        ["benchmarks", "list"],
        ["metrics", "list"],
    ],
)
def test_every_listing_honours_format(
    cli: Cli, sample_workspace: Workspace, command: list[str]
) -> None:
    args = [*command, "-w", sample_workspace.root]
    if command == ["metrics", "list"]:
        args = command
    as_json = cli(*args, "--format", "json")
    assert as_json.code == 0, as_json.err
    records = json.loads(as_json.out)
    assert isinstance(records, list) and records
    as_csv = cli(*args, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(as_csv.out)))
    assert len(rows) == len(records)
    assert set(rows[0]) == set(records[0])
    table = cli(*args)
    assert table.code == 0 and "…" not in table.out
    bad = cli(*args, "--format", "xlsx")
    assert bad.code == 2 and "unknown format 'xlsx'; choose one of table, json, csv" in bad.err


def test_datasets_json_carries_numbers_and_dates(cli: Cli, sample_workspace: Workspace) -> None:
    records = json.loads(cli("datasets", "-w", sample_workspace.root, "-f", "json").out)
    advocacy = next(r for r in records if r["dataset"] == "advocacy_referrals")
    assert advocacy["rows"] == 1851 and advocacy["first"] == "2021-04-01"
    assert advocacy["years"] == ["2021-22", "2022-23", "2023-24"]
    table = cli("datasets", "-w", sample_workspace.root).out
    assert "1,851" in table


# ---------------------------------------------------------------------------- help


@pytest.mark.parametrize("args", [[], ["report"], ["benchmarks"]])
def test_no_arguments_prints_the_help_once(cli: Cli, args: list[str]) -> None:
    result = cli(*args)
    assert result.code == 0
    assert result.out.count("Usage:") == 1 and result.err == ""


def test_help_is_readable(cli: Cli) -> None:
    import typer

    from cpkit.cli import app
    from cpkit.cli.docgen import _walk

    for path, _ in _walk(typer.main.get_command(app), "cpkit"):
        text = cli(*path.split()[1:], "--help").out
        usage, _, rest = text.partition("\n")
        assert "{" not in usage and "paths" not in usage, usage
        options = rest.split("Arguments:")[-1]
        for noise in ("<str>", "<bool>", "<path>", "<int>", "list["):
            assert noise not in options, (path, noise)
    ingest = cli("ingest", "--help").out
    assert "Usage: cpkit ingest [OPTIONS] PATH..." in ingest
    assert "--collection-year YYYY" in ingest and "--dataset NAME" in ingest
    metrics = cli("metrics", "--help").out
    assert "Usage: cpkit metrics [OPTIONS] AREA" in metrics
    assert "--la CODE" in metrics and "[la] code in cpkit.toml" in metrics
    assert "cpkit metrics list --format csv > catalogue.csv\n" in metrics  # examples kept
    root = cli("--help").out
    assert "--install-completion" in root and "-V, --version" in root
    assert "-q, --quiet" in root and "-v, --verbose" in root
    report = " ".join(cli("report", "--help").out.split())  # the listing may wrap it
    assert "annual Render the annual report for a financial year as Markdown and HTML." in report
    assert "scorecard Render the board scorecard: one A4 landscape page" in report


def test_version(cli: Cli) -> None:
    from cpkit import __version__

    for flag in ("-V", "--version"):
        assert cli(flag).out == f"cpkit {__version__}\n"


# ---------------------------------------------------------------------------- completion


def _complete(words: str, shell: str = "bash") -> list[str]:
    """What the shell's completion hook gets back for ``words`` (as the script cpkit
    --install-completion installs asks for it: through environment variables)."""
    from cpkit.cli import main

    env = {"_CPKIT_COMPLETE": f"complete_{shell}"}
    if shell == "bash":
        cword = len(words.split()) - (0 if words.endswith(" ") else 1)
        env |= {"COMP_WORDS": words, "COMP_CWORD": str(cword)}
    else:
        env |= {"_TYPER_COMPLETE_ARGS": words}
    with pytest.MonkeyPatch.context() as patch:
        for key, value in env.items():
            patch.setenv(key, value)
        out = io.StringIO()
        patch.setattr(sys, "stdout", out)
        with pytest.raises(SystemExit):
            main([])
    return out.getvalue().split()


def test_tab_completion_offers_areas_formats_and_datasets() -> None:
    assert _complete("cpkit metrics car") == ["care-leavers"]
    assert set(_complete("cpkit metrics ")) >= {"advocacy", "iv", "care-leavers", "list"}
    assert _complete("cpkit metrics iv --format j") == ["json"]
    assert _complete("cpkit ingest --dataset advocacy_r") == ["advocacy_referrals"]
    assert _complete("cpkit report annual --format md,h") == ["md,html"]
    assert "metrics" in _complete("cpkit me")
    zsh = " ".join(_complete("cpkit metrics corp", shell="zsh"))
    assert "corporate-parenting" in zsh


def test_the_completion_script_is_offered(cli: Cli) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "cpkit", "--show-completion", "bash"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert "_CPKIT_COMPLETE=complete_bash" in result.stdout


# ---------------------------------------------------------------------------- choices


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["metrics", "advcoacy"], "unknown area 'advcoacy'; did you mean 'advocacy'?"),
        (["metrics", "care_leavers"], "did you mean 'care-leavers'?"),
        (["metrics", "zzz"], "unknown area 'zzz'; choose one of advocacy, iv,"),
        (["metrics", "iv", "--format", "jsn"], "unknown format 'jsn'; did you mean 'json'?"),
        (["metrcs"], "No such command 'metrcs'. Did you mean 'metrics'?"),
        (["--quiet", "--verbose", "metrics", "list"], "--quiet and --verbose cannot be used"),
    ],
)
def test_fixed_sets_are_choices_with_did_you_mean(cli: Cli, args: list[str], expected: str) -> None:
    result = cli(*args)
    assert result.code == 2
    assert result.err.startswith("Error: ") and result.err.count("\n") == 1
    assert expected in result.err, result.err


# ---------------------------------------------------------------------------- exits


def test_a_year_with_no_data_is_exit_1_with_the_reason(
    cli: Cli, sample_workspace: Workspace
) -> None:
    result = cli("metrics", "advocacy", "--year", "2019-20", "-w", sample_workspace.root)
    assert result.code == 1 and result.out == ""
    assert result.err == (
        "Error: no figures for advocacy in 2019-20: no data for 2019-20 (advocacy_referrals "
        "covers 2021-22 to 2023-24). Ingest the extracts named, or choose a year the data "
        "covers.\n"
    )
    as_json = cli("metrics", "advocacy", "-y", "2019-20", "-f", "json", "-w", sample_workspace.root)
    assert as_json.code == 1
    document = json.loads(as_json.out)
    assert len(document["not_computed"]) == 11
    assert document["not_computed"][0] == {
        "id": "advocacy.referrals",
        "status": "no_data",
        "reason": "no data for 2019-20 (advocacy_referrals covers 2021-22 to 2023-24)",
    }


def test_a_complete_year_carries_an_empty_not_computed(
    cli: Cli, sample_workspace: Workspace
) -> None:
    result = cli("metrics", "advocacy", "-y", "2023-24", "-f", "json", "-w", sample_workspace.root)
    assert result.code == 0 and json.loads(result.out)["not_computed"] == []


def test_an_la_with_no_rows_says_so(cli: Cli, sample_workspace: Workspace) -> None:
    result = cli("metrics", "iv", "-y", "2023-24", "--la", "336", "-w", sample_workspace.root)
    assert result.code == 1 and result.out == ""
    assert result.err == (
        "Error: no rows for LA 336 in the iv data of this workspace (it holds LA 330). "
        "Use --la 330, or ingest LA 336's extracts.\n"
    )


# ---------------------------------------------------------------------------- workspace


def test_commands_find_the_workspace_from_a_subfolder(
    cli: Cli, sample_workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CPKIT_WORKSPACE", raising=False)
    deep = sample_workspace.root / "reports" / "narrative"
    monkeypatch.chdir(deep)
    result = cli("datasets", "-f", "json")
    assert result.code == 0 and json.loads(result.out)


def test_workspace_option_and_environment_win_over_the_search(
    cli: Cli, sample_workspace: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    other = init_workspace(tmp_path / "other", la_code="336")
    monkeypatch.chdir(sample_workspace.root / "reports")
    monkeypatch.setenv("CPKIT_WORKSPACE", str(other.root))
    assert cli("datasets").out.startswith("The warehouse is empty")
    monkeypatch.delenv("CPKIT_WORKSPACE")
    assert json.loads(cli("datasets", "-f", "json").out)
    assert cli("datasets", "-w", other.root).out.startswith("The warehouse is empty")


def test_no_workspace_above_says_so(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CPKIT_WORKSPACE", raising=False)
    monkeypatch.chdir(tmp_path)
    result = cli("datasets")
    assert result.code == 2
    assert f"no cpkit workspace at {tmp_path} or in any folder above it" in result.err


def test_init_with_a_code_names_the_la_and_asks_nothing_already_given(
    cli: Cli, tmp_path: Path
) -> None:
    result = cli("init", tmp_path / "rap", "--la-code", "336")
    assert result.code == 0 and result.err == ""
    assert "LA 336: Wolverhampton" in result.out
    assert "set [la]" not in result.out
    assert f"Next: cd {tmp_path / 'rap'}, then cpkit ingest FILES" in result.out
    text = (tmp_path / "rap" / "cpkit.toml").read_text(encoding="utf-8")
    assert 'code = "336"' in text and 'name = "Wolverhampton"' in text


def test_init_without_a_code_flags_the_placeholder_and_commands_refuse_it(
    cli: Cli, tmp_path: Path
) -> None:
    result = cli("init", tmp_path / "rap")
    assert result.code == 0
    assert result.err.startswith("Warning: no --la-code given:")
    assert "placeholder LA code 000" in result.err
    for command in (["datasets"], ["ingest", FIXTURES / "advocacy_comma.csv"], ["validate"]):
        refused = cli(*command, "-w", tmp_path / "rap")
        assert refused.code == 2
        assert "still has the placeholder LA code 000. Set [la] code" in refused.err


@pytest.mark.parametrize(
    ("code", "expected"),
    [("33", "--la-code 33 is not a DfE LA code"), ("000", "000 is the placeholder")],
)
def test_init_refuses_a_bad_code(cli: Cli, tmp_path: Path, code: str, expected: str) -> None:
    result = cli("init", tmp_path / "rap", "--la-code", code)
    assert result.code == 2 and expected in result.err
    assert not (tmp_path / "rap" / "cpkit.toml").exists()


def test_init_over_an_existing_workspace_says_what_it_kept(cli: Cli, workspace: Workspace) -> None:
    result = cli("init", workspace.root, "--la-code", "336")
    assert "left as it was (LA 330)" in result.out
    assert "Warning: --la-code 336 not applied" in result.err


# ---------------------------------------------------------------------------- output


def test_quiet_prints_only_what_needs_acting_on(cli: Cli, workspace: Workspace) -> None:
    clean = cli("--quiet", "ingest", FIXTURES / "advocacy_comma.csv", "-w", workspace.root)
    assert clean.code == 0 and clean.out == "" and clean.err == ""
    rules = cli("-q", "ingest", FIXTURES / "advocacy_rules.csv", "-w", workspace.root)
    assert rules.out == ""
    assert re.match(r"Warning: advocacy_rules\.csv: \d+ rows? quarantined \(", rules.err)
    figures = cli("-q", "metrics", "advocacy", "-y", "2023-24", "-f", "json", "-w", workspace.root)
    assert json.loads(figures.out)["area"] == "advocacy"  # the data asked for is still there


def test_verbose_says_what_it_is_doing(cli: Cli, workspace: Workspace) -> None:
    result = cli("-v", "ingest", FIXTURES / "advocacy_comma.csv", "-w", workspace.root)
    assert result.code == 0
    assert f"workspace: {workspace.root}" in result.err
    assert "reading advocacy_comma.csv..." in result.err


def test_ingest_summary_writes_numbers_and_names_in_full(
    cli: Cli, workspace: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    long_name = tmp_path / "advocacy_referrals_2021-22_to_2023-24_from_the_case_system.csv"
    shutil.copyfile(SAMPLE / "advocacy_referrals_2021-22_to_2023-24.csv", long_name)
    _terminal(monkeypatch, 70)
    result = cli("ingest", long_name, "-w", workspace.root)
    assert result.code == 0, result.err
    assert long_name.name in result.out and "…" not in result.out
    assert "Rows read 1,855 = accepted 1,851 + quarantined 4" in result.out or re.search(
        r"Rows read \d,\d{3} = accepted \d,\d{3} \+ quarantined \d", result.out
    )
    assert not re.search(r"\b1 rows\b", result.out)


def test_notes_say_one_row_not_one_rows(cli: Cli, sample_workspace: Workspace) -> None:
    result = cli("metrics", "care-leavers", "-y", "2023-24", "-w", sample_workspace.root)
    assert "1 row quarantined at ingest" in result.out
    assert not re.search(r"\b1 rows\b", result.out)
    public = cli(
        "metrics", "care-leavers", "-y", "2023-24", "--public", "-w", sample_workspace.root
    )
    assert "1 row quarantined at ingest" in public.out  # rows of a file are not people


def test_quantity() -> None:
    from cpkit.formatting import quantity

    assert quantity(1, "row") == "1 row"
    assert quantity(0, "row") == "0 rows"
    assert quantity(1851, "row") == "1,851 rows"
    assert quantity(2, "child", "children") == "2 children"


# ---------------------------------------------------------------------------- README


def test_readme_says_how_to_get_cpkit_on_path_and_uses_no_tilde() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "source .venv/bin/activate" in readme and "pipx install" in readme
    blocks = re.findall(r"```sh\n(.*?)```", readme, re.DOTALL)
    assert blocks and not any("~" in block for block in blocks)
    assert "make demo" in readme and "make test" in readme


def test_a_report_for_a_year_with_no_data_is_exit_1(
    cli: Cli, sample_workspace: Workspace, tmp_path: Path
) -> None:
    result = cli(
        "report", "annual", "-y", "2015-16", "-o", tmp_path / "out", "-w", sample_workspace.root
    )
    assert result.code == 1 and result.out == ""
    assert result.err.startswith("Error: no figures for 2015-16 in this workspace: no data for ")
    assert "Choose a year the data covers" in result.err
    assert not (tmp_path / "out").exists()


def test_listing_csv_cells_stay_text_in_a_spreadsheet(capsys: pytest.CaptureFixture[str]) -> None:
    from cpkit.cli.tables import emit

    listing = Listing(
        "x",
        [Column("name"), Column("rows", kind="number")],
        [["=HYPERLINK(1)", "-5"]],
        [{"name": "=HYPERLINK(1)", "rows": -5}],
    )
    emit(listing, "csv")
    assert capsys.readouterr().out == "name,rows\n'=HYPERLINK(1),-5\n"
