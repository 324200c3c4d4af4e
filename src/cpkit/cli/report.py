"""Metric commands (filled in by the metrics layer)."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Nothing yet."""
