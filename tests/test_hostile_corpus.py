"""Every hostile input of the corpus (``hostile_corpus.py``): the right exit code, one
``Error:`` line or a summary whose counts add up to the records really in the file, never a
traceback, and never a half-written warehouse."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import Cli
from cpkit.warehouse import Manifest
from cpkit.workspace import Workspace
from hostile_corpus import CASES, Case

SUMMARY = re.compile(r"Rows read (\d+) = accepted (\d+) \+ quarantined (\d+)")


def test_the_corpus_is_large_enough() -> None:
    assert len(CASES) >= 50
    assert len({case.name for case in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_hostile_input(cli: Cli, workspace: Workspace, tmp_path: Path, case: Case) -> None:
    path = case.build(tmp_path)
    result = cli("ingest", path, *case.options, "--workspace", workspace.root)
    assert "Traceback" not in result.out + result.err
    assert result.code == case.code, result.err or result.out
    manifest = Manifest.load(workspace.warehouse_dir)
    if case.code:
        lines = result.err.splitlines()
        assert len(lines) == 1, result.err
        assert lines[0].startswith("Error: ") and "internal error" not in lines[0]
        assert case.words in lines[0], lines[0]
        assert manifest.is_empty  # nothing half-written
        return
    assert result.err == ""
    found = SUMMARY.search(" ".join(result.out.split()))
    assert found, result.out
    read, accepted, quarantined = map(int, found.groups())
    assert read == accepted + quarantined
    if case.records is not None:
        assert read == case.records, result.out
    assert sum(state.rows for state in manifest.datasets.values()) == accepted
    assert sum(r.rows_read for r in manifest.ingests) == read
