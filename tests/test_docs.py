"""Generated docs are current, and every command has help and appears in them."""

from __future__ import annotations

from pathlib import Path

import typer

from cpkit.cli import app
from cpkit.cli.docgen import GENERATED, _walk

DOCS = Path(__file__).resolve().parents[1] / "docs"


def test_generated_docs_are_current() -> None:
    for name, build in GENERATED.items():
        committed = (DOCS / name).read_text(encoding="utf-8")
        assert committed == build(), (
            f"docs/{name} is out of date: run `python -m cpkit.cli.docgen` and commit it"
        )


def test_every_command_has_help_with_an_example_and_is_documented() -> None:
    cli_doc = (DOCS / "cli.md").read_text(encoding="utf-8")
    commands = _walk(typer.main.get_command(app), "cpkit")
    assert len(commands) >= 9
    for path, command in commands:
        assert command.help and len(command.help.strip()) > 20, f"{path} has no help"
        assert f"## `{path}`" in cli_doc, f"{path} is missing from docs/cli.md"
    with_examples = [path for path, command in commands if "Examples:" in (command.help or "")]
    assert len(with_examples) >= len(commands) - 2  # list-style commands may have none


def test_every_metric_is_in_the_catalogue() -> None:
    from cpkit.metrics.registry import all_metrics

    catalogue = (DOCS / "metrics.md").read_text(encoding="utf-8")
    for spec in all_metrics():
        assert f"`{spec.id}`" in catalogue
