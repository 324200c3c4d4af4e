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
    """--workspace, else $CPKIT_WORKSPACE, else the current directory."""
    chosen = explicit or os.environ.get("CPKIT_WORKSPACE") or Path.cwd()
    return Path(chosen).expanduser().resolve()


def open_workspace(explicit: Path | str | None = None) -> Workspace:
    """The workspace to use; an error suggesting ``cpkit init`` when there is none."""
    root = resolve_root(explicit)
    if not (root / CONFIG_NAME).is_file():
        if root.is_dir() and any(p.suffix.lower() in _DATA_SUFFIXES for p in root.iterdir()):
            raise WorkspaceError(
                f"{root} holds data files but no {CONFIG_NAME}; cpkit will not guess settings",
                hint=f"run 'cpkit init {root}' (then set [la] code) or pass --workspace DIR",
            )
        raise WorkspaceError(
            f"no cpkit workspace at {root} (no {CONFIG_NAME})",
            hint="run 'cpkit init' there, or pass --workspace DIR",
        )
    workspace = Workspace(root)
    _ = workspace.settings  # validate early: a bad config fails before any work
    return workspace


def init_workspace(
    directory: Path | str | None,
    *,
    la_code: str = "000",
    la_name: str | None = None,
    new_secret: bool = False,
) -> Workspace:
    """Create a workspace: a commented cpkit.toml, the key file and a .gitignore.

    An existing cpkit.toml is left alone; an existing key is never overwritten unless
    ``new_secret`` (which breaks linkage with data already ingested).
    """
    root = resolve_root(directory)
    root.mkdir(parents=True, exist_ok=True)
    config = root / CONFIG_NAME
    if not config.exists():
        config.write_text(default_config(la_code, la_name), encoding="utf-8")
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


def _write_secret(path: Path) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(secrets.token_hex(32) + "\n")
