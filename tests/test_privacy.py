"""Privacy: keyed pseudonyms, direct identifiers never stored, no personal value in any
message, log, quarantine file or manifest."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from conftest import FIXTURES, Cli, Ingest, read_table
from cpkit.privacy import PSEUDONYM_CHARS, pseudonym, pseudonymise
from cpkit.warehouse import Manifest
from cpkit.workspace import SECRET_NAME, Workspace, init_workspace

KEY = bytes(range(32))

# Every personal value in advocacy_personal.csv (and a few spellings of the DOBs)
PERSONAL = [
    "ZZFAKE99173",
    "ZZFAKE55555",
    "Zebedee",
    "Quuxfake",
    "Xanthippe",
    "Fakeson",
    "Nowhere Lane",
    "Elsewhere Row",
    "QQ1 9ZZ",
    "QQ2 8YY",
    "13/07/2031",
    "2031-07-13",
    "13/07/2009",
    "2009-07-13",
    "22/11/2009",
]
# A code-list wording is a label, not personal data: messages name it (with its row count
# and the [codes.cohort] line to paste), so the analyst knows what to map.
WORDING = "Zorbling"


def test_pseudonym_is_keyed_deterministic_and_short() -> None:
    first = pseudonym("000123", KEY)
    assert first == pseudonym("000123", KEY) == pseudonym(" 000123 ", KEY)
    assert len(first) == PSEUDONYM_CHARS and int(first, 16) >= 0
    assert first != pseudonym("000123", bytes(32))  # another key, another pseudonym
    assert first != pseudonym("123", KEY)  # leading zeros matter
    assert "000123" not in first


def test_pseudonymise_keeps_nulls_and_repeats() -> None:
    result = pseudonymise(pa.array(["A1", None, "A1", "B2"]), KEY).to_pylist()
    assert result == [pseudonym("A1", KEY), None, pseudonym("A1", KEY), pseudonym("B2", KEY)]


def test_same_child_gets_the_same_pseudonym_across_datasets(
    ingest: Ingest, workspace: Workspace, tmp_path: Path
) -> None:
    iv = tmp_path / "iv.csv"
    iv.write_text(
        "Referral ID,Child ID,Referral date\nIV1,000123,01/06/2023\nIV2,900001,02/06/2023\n"
    )
    ingest("advocacy_comma.csv", iv, "ssda903")
    advocacy = read_table(
        workspace, "SELECT child_id FROM advocacy_referrals WHERE referral_id='R0001'"
    )
    linked = read_table(
        workspace,
        "SELECT i.referral_id FROM iv_referrals i JOIN advocacy_referrals a USING (child_id)",
    )
    assert linked == [("IV1",)]
    assert advocacy == [(pseudonym("000123", workspace.secret()),)]
    across = read_table(
        workspace,
        "SELECT count(*) FROM iv_referrals i JOIN ssda903_header h ON i.child_id = h.child",
    )
    assert across == [(1,)]  # the SSDA903 CHILD and the service extract's id link


def test_same_child_links_across_years_and_tables(ingest: Ingest, workspace: Workspace) -> None:
    ingest("ssda903")
    rows = read_table(
        workspace,
        "SELECT count(DISTINCT child) FROM ssda903_header JOIN ssda903_episodes USING (child)",
    )
    assert rows == [(3,)]


def _all_stored_text(workspace: Workspace) -> str:
    """Every value of every Parquet file in the warehouse (datasets and issues), as text."""
    parts = []
    for path in workspace.warehouse_dir.rglob("*.parquet"):
        table = pq.read_table(path)
        parts.append(" ".join(table.column_names))
        for column in table.columns:
            parts.extend(str(v) for v in column.to_pylist())
    return "\n".join(parts)


def test_raw_ids_and_direct_identifiers_are_never_stored(
    ingest: Ingest, workspace: Workspace
) -> None:
    ingest("advocacy_personal.csv", "advocacy_comma.csv", "ssda903")
    stored = _all_stored_text(workspace)
    for value in ("ZZFAKE55555", "000123", "900001", "Xanthippe", "9 Elsewhere Row", "QQ2 8YY"):
        assert value not in stored
    for upn in ("A123456789012", "B123456789013"):
        assert upn not in stored
    for postcode in ("B12 9QN", "B13 0AA", "B1 1AA"):  # only districts are kept
        assert postcode not in stored
    columns = read_table(
        workspace,
        "SELECT column_name FROM (DESCRIBE advocacy_referrals) UNION ALL "
        "SELECT column_name FROM (DESCRIBE ssda903_header)",
    )
    names = {name for (name,) in columns}
    assert not names & {"child_name", "name", "address", "postcode", "upn"}
    assert read_table(workspace, "SELECT DISTINCT home_post FROM ssda903_episodes ORDER BY 1") == [
        ("B12",),
        ("B5",),
        (None,),
    ]


def test_raw_ids_are_not_in_the_parquet_bytes(
    ingest: Ingest, workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Also at the byte level, with compression turned off so nothing hides."""
    real_write = pq.write_table
    monkeypatch.setattr(
        pq,
        "write_table",
        lambda table, where, *_, **__: real_write(table, where, compression="none"),
    )
    ingest("advocacy_personal.csv", "ssda903")
    blobs = b"".join(p.read_bytes() for p in workspace.warehouse_dir.rglob("*.parquet"))
    assert b"R0902" in blobs  # the check can see values (referral ids are not personal)
    for value in (b"ZZFAKE55555", b"ZZFAKE99173", b"Xanthippe", b"A123456789012", b"B12 9QN"):
        assert value not in blobs


def _everything_written(workspace: Workspace) -> str:
    texts = [(workspace.warehouse_dir / "_manifest.json").read_text()]
    texts += [p.read_text() for p in workspace.quarantine_dir.glob("*.csv")]
    return "\n".join(texts)


def test_no_personal_value_in_any_message_or_file(
    cli: Cli, workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "300")
    personal = FIXTURES / "advocacy_personal.csv"
    outputs = []
    strict = cli("ingest", personal, "--strict", "-w", workspace.root)
    assert strict.code == 1
    outputs += [strict.out, strict.err]
    result = cli("ingest", personal, "-w", workspace.root)
    assert result.code == 0 and "quarantined 1" in result.out  # the future DOB: kept, not recorded
    outputs += [result.out, result.err]
    for command in (("validate",), ("datasets",)):
        shown = cli(*command, "-w", workspace.root)
        outputs += [shown.out, shown.err]
    assert len(list(workspace.quarantine_dir.glob("*.csv"))) == 1
    written = "\n".join(outputs) + _everything_written(workspace)
    issues = "\n".join(
        str(v)
        for path in (workspace.warehouse_dir / "_issues").glob("*.parquet")
        for column in pq.read_table(path).columns
        for v in column.to_pylist()
    )
    leaks = [value for value in PERSONAL if value in written or value in issues]
    assert leaks == []
    assert f'"{WORDING}" 1' in result.out and f'CODE = ["{WORDING}"]' in result.out
    assert "Child Name" in result.out  # what was dropped is named (its header, not its values)


def test_internal_errors_never_print_the_exception_text(
    cli: Cli, workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    import cpkit.ingest

    def broken(*args: object, **kwargs: object) -> None:
        raise ValueError("could not parse ZZFAKE99173 born 13/07/2031")

    monkeypatch.delenv("CPKIT_DEBUG", raising=False)
    monkeypatch.setattr(cpkit.ingest, "ingest_paths", broken)
    result = cli("ingest", FIXTURES / "advocacy_comma.csv", "-w", workspace.root)
    assert result.code == 3
    assert "internal error (ValueError)" in result.err
    assert "ZZFAKE99173" not in result.err + result.out
    assert "13/07/2031" not in result.err + result.out


# --------------------------------------------------------------------------- the key


def test_init_creates_a_private_key_outside_config_and_warehouse(
    ingest: Ingest, workspace: Workspace
) -> None:
    secret_file = workspace.root / SECRET_NAME
    key_hex = secret_file.read_text().strip()
    assert len(bytes.fromhex(key_hex)) == 32
    if os.name == "posix":
        assert stat.S_IMODE(secret_file.stat().st_mode) == 0o600
    assert key_hex not in workspace.config_path.read_text()
    assert SECRET_NAME in (workspace.root / ".gitignore").read_text()
    ingest("advocacy_comma.csv")
    for path in workspace.warehouse_dir.rglob("*"):
        if path.is_file():
            assert key_hex.encode() not in path.read_bytes()
            assert workspace.secret() not in path.read_bytes()


def test_two_workspaces_have_different_keys(tmp_path: Path) -> None:
    one = init_workspace(tmp_path / "one")
    two = init_workspace(tmp_path / "two")
    assert one.secret() != two.secret()


def test_init_never_replaces_an_existing_key_unless_asked(workspace: Workspace) -> None:
    key = workspace.secret()
    assert init_workspace(workspace.root).secret() == key
    assert init_workspace(workspace.root, new_secret=True).secret() != key


@pytest.mark.parametrize("content", [None, "abc\n", "zz" * 32 + "\n"])
def test_missing_or_damaged_key_is_a_clear_error(
    cli: Cli, workspace: Workspace, content: str | None
) -> None:
    secret_file = workspace.root / SECRET_NAME
    if content is None:
        secret_file.unlink()
    else:
        secret_file.write_text(content)
    result = cli("ingest", FIXTURES / "advocacy_comma.csv", "-w", workspace.root)
    assert result.code == 2
    assert result.err.startswith("Error: ") and SECRET_NAME in result.err
    assert "Restore it from your backup" in result.err
    assert Manifest.load(workspace.warehouse_dir).ingests == []
