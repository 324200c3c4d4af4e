"""Options and output helpers shared by the command modules."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from rich.console import Console

    from cpkit.workspace import Workspace

WORKSPACE_OPTION = typer.Option(
    None,
    "--workspace",
    "-w",
    envvar="CPKIT_WORKSPACE",
    show_envvar=True,
    help="Workspace folder (default: the current directory).",
)


def workspace(path: Path | None) -> Workspace:
    from cpkit.workspace import open_workspace

    return open_workspace(path)


def console(stderr: bool = False) -> Console:
    """Rich output without markup surprises ([la] stays [la]); wide enough when piped."""
    import shutil

    from rich.console import Console

    stream = sys.stderr if stderr else sys.stdout
    width = None if stream.isatty() else max(shutil.get_terminal_size((120, 24)).columns, 120)
    return Console(stderr=stderr, highlight=False, soft_wrap=False, markup=False, width=width)


def progress_enabled() -> bool:
    """Progress goes to stderr, and only when stderr is a terminal."""
    return sys.stderr.isatty()
