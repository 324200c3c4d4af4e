"""Machine-readable outputs for tools: validate and datasets NAME as JSON and CSV, the code
label lookup table (cpkit codes), and the software versions in the provenance."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from conftest import Cli
from cpkit.datasets import CODELISTS, REGISTRY
from cpkit.formatting import category_label
from cpkit.versions import library_versions, versions_line
from cpkit.workspace import Workspace


def test_validate_json_lists_each_unrecognised_wording(
    sample_workspace: Workspace, cli: Cli
) -> None:
    result = cli("validate", "--format", "json", "-w", sample_workspace.root)
    assert result.code == 0, result.err
    records = json.loads(result.out)
    wordings = [r for r in records if r["rule"] == "unrecognised_wording"]
    assert wordings, "the sample has wordings no code matches"
    private = next(w for w in wordings if w["wording"] == "Private fostering")
    assert private["dataset"] == "advocacy_referrals" and private["column"] == "cohort"
    assert private["code_list"] == "cohort" and private["rows"] == 1
    assert private["config_table"] == "[codes.cohort]"
    assert private["config_line"].startswith('CODE = ["Private fostering"]')
    rules = [r for r in records if r["rule"] != "unrecognised_wording"]
    assert rules and all("examples" in r for r in rules)


def test_validate_csv_has_the_same_records(sample_workspace: Workspace, cli: Cli) -> None:
    records = json.loads(cli("validate", "-f", "json", "-w", sample_workspace.root).out)
    text = cli("validate", "-f", "csv", "-w", sample_workspace.root).out
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == len(records)
    assert {"column", "code_list", "wording", "config_line"} <= set(rows[0])
    assert [r["rule"] for r in rows] == [r["rule"] for r in records]
    assert "True" not in text and "None" not in text


def test_datasets_name_honours_format(cli: Cli, workspace: Workspace) -> None:
    record = json.loads(
        cli("datasets", "advocacy_referrals", "-f", "json", "-w", workspace.root).out
    )
    dataset = REGISTRY["advocacy_referrals"]
    assert record["dataset"] == "advocacy_referrals" and record["key"] == list(dataset.key)
    assert [c["column"] for c in record["columns"]] == [c.name for c in dataset.columns]
    cohort = next(c for c in record["columns"] if c["column"] == "cohort")
    assert cohort["counted_by"] is True and cohort["code_list"] == "cohort"
    assert {c["code"] for c in record["code_lists"]["cohort"]} == set(CODELISTS["cohort"].codes)
    text = cli("datasets", "advocacy_referrals", "-f", "csv", "-w", workspace.root).out
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [r["column"] for r in rows] == [c.name for c in dataset.columns]
    assert {r["required"] for r in rows} == {"true", "false"}


def test_codes_is_a_lookup_of_every_declared_code(cli: Cli, tmp_path: Path) -> None:
    rows = json.loads(cli("codes", "--format", "json").out)
    assert len(rows) == sum(len(c.codes) for c in CODELISTS.values())
    keyed = {(r["code_list"], r["code"]): r for r in rows}
    assert keyed[("cohort", "CIC")]["label"] == category_label("cohort", "CIC")
    assert keyed[("ethnicity", "WBRI")]["label"] == "White British"
    assert keyed[("ethnicity", "WBRI")]["reported_as"] == "White"
    assert keyed[("referral_source", "SELF")]["reported_as"] == "Other"  # not FGC or social work
    assert "advocacy_referrals.cohort" in keyed[("cohort", "CIC")]["columns"]
    out = tmp_path / "codes.csv"
    written = cli("codes", "ethnicity", "--format", "csv", "--out", out)
    assert written.code == 0, written.err
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    table = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert {r["code_list"] for r in table} == {"ethnicity"}
    assert len(table) == len(CODELISTS["ethnicity"].codes)


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("codes", "ethnicty"), "unknown code list 'ethnicty'. Did you mean 'ethnicity'?"),
        (("codes", "--out", "codes.txt"), "--out writes csv or json"),
    ],
)
def test_codes_mistakes_are_one_error(cli: Cli, args: tuple[str, ...], says: str) -> None:
    result = cli(*args)
    assert result.code == 2 and result.err.startswith("Error: ") and says in result.err
    assert len(result.err.strip().splitlines()) == 1


def test_the_software_versions_are_those_installed() -> None:
    from importlib.metadata import version

    found = library_versions()
    assert next(iter(found)) == "cpkit" and list(found)[-1] == "python"
    assert found["duckdb"] == version("duckdb") and found["pyarrow"] == version("pyarrow")
    assert f"matplotlib {version('matplotlib')}" in versions_line()


def test_metrics_json_says_which_software_computed_it(
    sample_workspace: Workspace, cli: Cli
) -> None:
    document = json.loads(
        cli("metrics", "iv", "-y", "2023-24", "-f", "json", "-w", sample_workspace.root).out
    )
    assert document["software"] == library_versions()
