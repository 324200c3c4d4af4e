"""The workspace: a folder holding cpkit.toml, the warehouse, quarantine and reports."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from cpkit.config import CONFIG_NAME, Settings, default_config, load_settings
from cpkit.errors import WorkspaceError

SECRET_NAME = ".cpkit-secret"
PLACEHOLDER_LA = "000"  # what cpkit init writes without --la-code; refused by open_workspace
_GITIGNORE = """\
# cpkit: never commit the pseudonymisation key, record-level data or unpublished reports
.cpkit-secret
warehouse/
quarantine/
reports/
"""
_DATA_SUFFIXES = {".csv", ".xlsx", ".xls", ".xlsm", ".ods", ".parquet"}


@dataclass(frozen=True)
class Workspace:
    root: Path

    @property
    def config_path(self) -> Path:
        return self.root / CONFIG_NAME

    @property
    def warehouse_dir(self) -> Path:
        return self.root / "warehouse"

    @property
    def quarantine_dir(self) -> Path:
        return self.root / "quarantine"

    @property
    def reports_dir(self) -> Path:
        return self.root / "reports"

    @property
    def benchmarks_dir(self) -> Path:
        return self.root / "warehouse" / "_benchmarks"

    @cached_property
    def settings(self) -> Settings:
        return load_settings(self.config_path)

    def secret(self) -> bytes:
        """The workspace's pseudonymisation key (kept out of cpkit.toml and the warehouse)."""
        path = self.root / SECRET_NAME
        try:
            text = path.read_text(encoding="ascii").strip()
        except FileNotFoundError:
            raise WorkspaceError(
                f"the workspace key {SECRET_NAME} is missing from {self.root}",
                hint="restore it from your backup; ids ingested with another key will not link. "
                "For a brand-new workspace run 'cpkit init --new-secret'",
            ) from None
        damaged = WorkspaceError(
            f"{SECRET_NAME} in {self.root} is damaged",
            hint="restore it from your backup (it must be the hex key 'cpkit init' wrote)",
        )
        if len(text) < 32:
            raise damaged
        try:
            return bytes.fromhex(text)
        except ValueError:
            raise damaged from None


def resolve_root(explicit: Path | str | None) -> Path:
    """--workspace, else $CPKIT_WORKSPACE, else the current directory (for ``init``)."""
    chosen = explicit or os.environ.get("CPKIT_WORKSPACE") or Path.cwd()
    return Path(chosen).expanduser().resolve()


def find_root(explicit: Path | str | None = None) -> Path:
    """The workspace to use: --workspace, else $CPKIT_WORKSPACE, else the nearest folder
    holding cpkit.toml from the current directory upwards (as git finds its repository), so
    commands work from a workspace's reports/ or any folder below it. Without one, the
    current directory (whose error then says what to do)."""
    if explicit or os.environ.get("CPKIT_WORKSPACE"):
        return resolve_root(explicit)
    here = Path.cwd().resolve()
    for folder in (here, *here.parents):
        if (folder / CONFIG_NAME).is_file():
            return folder
    return here


def open_workspace(explicit: Path | str | None = None) -> Workspace:
    """The workspace to use; an error suggesting ``cpkit init`` when there is none."""
    root = find_root(explicit)
    searched = not (explicit or os.environ.get("CPKIT_WORKSPACE"))
    if not (root / CONFIG_NAME).is_file():
        if root.is_dir() and any(p.suffix.lower() in _DATA_SUFFIXES for p in root.iterdir()):
            raise WorkspaceError(
                f"{root} holds data files but no {CONFIG_NAME}; cpkit will not guess settings",
                hint=f"run 'cpkit init {root} --la-code CODE' or pass --workspace DIR",
            )
        above = " or in any folder above it" if searched else ""
        raise WorkspaceError(
            f"no cpkit workspace at {root}{above} (no {CONFIG_NAME})",
            hint="run 'cpkit init' there (with --la-code CODE), or pass --workspace DIR",
        )
    workspace = Workspace(root)
    _ = workspace.settings  # validate early: a bad config fails before any work
    if workspace.settings.la.code == PLACEHOLDER_LA:
        raise WorkspaceError(
            f"{workspace.config_path} still has the placeholder LA code {PLACEHOLDER_LA}",
            hint='set [la] code to your DfE 3-digit LA code (e.g. code = "330") and name, '
            "then run again",
        )
    return workspace


def init_workspace(
    directory: Path | str | None,
    *,
    la_code: str | None = None,
    la_name: str | None = None,
    new_secret: bool = False,
) -> Workspace:
    """Create a workspace: a commented cpkit.toml, the key file and a .gitignore.

    Without ``la_code`` cpkit.toml gets the placeholder code, which ``open_workspace``
    refuses, so nothing is ever ingested or published as "LA 000"; the LA's name and region
    come from cpkit's table of English LAs unless ``la_name`` is given. An existing cpkit.toml is
    left alone; an existing key is never overwritten unless ``new_secret`` (which breaks
    linkage with data already ingested).
    """
    if la_code is not None:
        _check_la_code(la_code)
    root = resolve_root(directory)
    root.mkdir(parents=True, exist_ok=True)
    config = root / CONFIG_NAME
    if not config.exists():
        config.write_text(default_config(la_code or PLACEHOLDER_LA, la_name), encoding="utf-8")
    secret_path = root / SECRET_NAME
    if new_secret and secret_path.exists():
        _refuse_new_key_over_data(root)
    if new_secret or not secret_path.exists():
        _write_secret(secret_path)
    gitignore = root / ".gitignore"
    if not gitignore.exists():
        gitignore.write_text(_GITIGNORE, encoding="utf-8")
    for sub in ("warehouse", "quarantine", "reports"):
        (root / sub).mkdir(exist_ok=True)
    from cpkit.warehouse.lock import prepare_readers_file

    prepare_readers_file(root / "warehouse")  # where readers take their leases
    return Workspace(root)


def _refuse_new_key_over_data(root: Path) -> None:
    """A new key in a workspace whose warehouse holds data would silently give every child
    a second pseudonym: refuse, and say how to start afresh."""
    from cpkit.warehouse.manifest import Manifest

    if not Manifest.load(root / "warehouse").is_empty:
        raise WorkspaceError(
            f"the warehouse in {root} holds data pseudonymised with the current key; a new "
            "key would give every child a second pseudonym",
            hint="keep the current .cpkit-secret; to start afresh, move the warehouse folder "
            "aside first (or run 'cpkit init' in a new folder)",
        )


def _check_la_code(code: str) -> None:
    from cpkit.errors import UsageError

    if not (code.isdigit() and len(code) == 3):
        raise UsageError(
            f"--la-code {code} is not a DfE LA code", hint="give the 3-digit code, e.g. 330"
        )
    if code == PLACEHOLDER_LA:
        raise UsageError(
            f"--la-code {PLACEHOLDER_LA} is the placeholder, not an LA",
            hint="give your LA's 3-digit DfE code, e.g. 330",
        )


def _write_secret(path: Path) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(secrets.token_hex(32) + "\n")
