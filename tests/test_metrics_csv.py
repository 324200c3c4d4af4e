"""CSV for tools: one way to write a cell (true/false, numbers without float noise), the wide
layout and the long one (one row per number, the same columns for every area, appendable)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from conftest import Cli, Ingest
from cpkit.csvcells import clean_number, csv_value
from cpkit.metrics.output import LONG_COLUMNS
from cpkit.workspace import Workspace


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        (True, "true"),
        (False, "false"),
        (None, ""),
        (0.1 + 0.2, "0.3"),
        (0.5700000000000001, "0.57"),
        (15.400000000000006, "15.4"),
        (689.0, "689"),
        (-9.486136012218371e-06, "-0.00000948613601222"),  # never 9.48e-06
        (-0.0, "0"),
        (7, 7),
        (["a", "b"], "a; b"),
        ("=HYPERLINK(1)", "'=HYPERLINK(1)"),
    ],
)
def test_one_way_to_write_a_csv_cell(value: object, cell: object) -> None:
    assert csv_value(value) == cell


def test_clean_number_keeps_every_real_digit() -> None:
    assert clean_number(0.4397677793904209) == "0.43976777939"
    assert float(clean_number(123456.789)) == 123456.789


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))


def test_wide_csv_has_one_spelling_of_booleans_and_no_float_noise(
    sample_workspace: Workspace, cli: Cli
) -> None:
    out = cli("metrics", "advocacy", "-y", "2023-24", "-f", "csv", "-w", sample_workspace.root).out
    rows = _rows(out)
    cells = [c for row in rows for c in row.values()]
    assert "True" not in cells and "False" not in cells
    assert {row["suppressed"] for row in rows} == {"false"}
    numbers = [c for c in cells if c.replace(".", "", 1).lstrip("-").isdigit()]
    assert numbers and all(len(c.lstrip("-").replace(".", "").lstrip("0")) <= 12 for c in numbers)
    assert "e-" not in out


def test_long_csv_has_every_number_of_the_json(sample_workspace: Workspace, cli: Cli) -> None:
    args = ("metrics", "iv", "-y", "2023-24", "-w", sample_workspace.root)
    document = json.loads(cli(*args, "-f", "json").out)
    result = cli(*args, "-f", "csv", "--long")
    assert result.code == 0, result.err
    assert result.out.splitlines()[0] == ",".join(LONG_COLUMNS)
    rows = _rows(result.out)
    by_key = {
        (r["metric_id"], r["group_name"], r["group_value"], r["field"]): r["value"] for r in rows
    }
    assert len(by_key) == len(rows)  # one row per number
    for record in document["metrics"]:
        name = "; ".join(record["group"]) or "total"
        value = "; ".join(record["group"].values()) or "Total"
        assert by_key[(record["id"], name, value, "value")] == str(csv_value(record["value"]))
        for field, number in record["comparisons"].items():
            if isinstance(number, int | float) and not isinstance(number, bool):
                assert by_key[(record["id"], name, value, field)] == str(csv_value(number))
    assert {r["area"] for r in rows} == {"iv"} and {r["public"] for r in rows} == {"false"}


def test_long_csv_appends_across_areas_with_one_header(
    sample_workspace: Workspace, cli: Cli, tmp_path: Path
) -> None:
    out = tmp_path / "all.csv"
    root = sample_workspace.root
    first = cli(
        "metrics", "advocacy", "-y", "2023-24", "-f", "csv", "--long", "-o", out, "-w", root
    )
    assert first.code == 0, first.err
    before = len(_rows(out.read_text(encoding="utf-8-sig")))
    added = cli(
        "metrics", "mentoring", "-y", "2023-24", "-f", "csv", "--long", "-o", out, "--append",
        "-w", root,
    )  # fmt: skip
    assert added.code == 0, added.err
    text = out.read_text(encoding="utf-8-sig")
    assert text.count("area,period,") == 1
    rows = _rows(text)
    assert {r["area"] for r in rows} == {"advocacy", "mentoring"}
    assert f"Added {len(rows) - before} rows to {out}" in added.out
    published = cli(
        "metrics", "iv", "-y", "2023-24", "-f", "csv", "--long", "-o", out, "--append",
        "--public", "-w", root,
    )  # fmt: skip
    assert published.code == 2 and "without disclosure control" in published.err
    assert out.read_text(encoding="utf-8-sig") == text  # left as it was


def test_long_csv_leaves_a_hidden_figure_empty(
    workspace: Workspace, ingest: Ingest, cli: Cli
) -> None:
    ingest("advocacy_comma.csv")
    args = ("metrics", "advocacy", "-y", "2023-24", "--public", "-f", "csv", "--long")
    rows = _rows(cli(*args, "-w", workspace.root).out)
    hidden = [r for r in rows if r["suppressed"] == "true"]
    assert hidden and all(r["value"] == "" for r in hidden)
    assert {r["public"] for r in rows} == {"true"}
    assert not any(r["value"] == "3" for r in rows if r["unit"] == "count")


@pytest.mark.parametrize(
    ("extra", "says"),
    [
        (("--long",), "--long is a CSV layout"),
        (("-f", "csv", "--append"), "--append adds rows to a --long CSV file"),
    ],
)
def test_long_and_append_mistakes_are_one_error(
    workspace: Workspace, cli: Cli, extra: tuple[str, ...], says: str
) -> None:
    result = cli("metrics", "advocacy", "-y", "2023-24", *extra, "-w", workspace.root)
    assert result.code == 2
    assert result.err.startswith("Error: ") and says in result.err
    assert len(result.err.strip().splitlines()) == 1


def test_append_refuses_a_file_of_another_layout(
    workspace: Workspace, cli: Cli, tmp_path: Path
) -> None:
    other = tmp_path / "other.csv"
    other.write_text("a,b\n1,2\n", encoding="utf-8")
    result = cli(
        "metrics", "advocacy", "-y", "2023-24", "-f", "csv", "--long", "-o", other, "--append",
        "-w", workspace.root,
    )  # fmt: skip
    assert result.code == 2 and "is not a CSV written by --long" in result.err
    assert other.read_text(encoding="utf-8") == "a,b\n1,2\n"
