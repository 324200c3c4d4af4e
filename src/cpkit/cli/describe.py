"""``cpkit datasets NAME``: one dataset's columns, header names and accepted wordings."""

from __future__ import annotations

from pathlib import Path

from cpkit.cli.common import console


def print_dataset(name: str, workspace_dir: Path | None) -> None:
    """Columns (with the workspace's own header aliases first) and every code list the
    dataset uses (with the workspace's ``[codes]`` wordings first)."""
    from rich.table import Table

    from cpkit.datasets import get_dataset
    from cpkit.datasets.describe import codelists_of, column_rows, wordings

    dataset = get_dataset(name)
    aliases, codes = _workspace_additions(name, workspace_dir)
    out = console()
    out.print(f"{dataset.name}: {dataset.title} ({dataset.unit}; key {', '.join(dataset.key)})")
    table = Table(title="Columns", title_justify="left", show_lines=True)
    for header in ("column", "type", "required", "counted by", "header names"):
        table.add_column(header, overflow="fold")
    for row in column_rows(dataset, aliases):
        table.add_row(
            row.name,
            row.type,
            "yes" if row.required else "",
            "yes" if row.counted_by else "",
            ", ".join(row.headers),
        )
    out.print(table)
    out.print(
        "counted by: an unusable value there quarantines the row; anywhere else it is stored "
        "as not recorded and the row kept, with a warning.",
        soft_wrap=True,
    )
    for codelist in codelists_of(dataset):
        listing = Table(title=f"Code list {codelist}", title_justify="left", show_lines=True)
        for header in ("code", "reported as", "wordings accepted"):
            listing.add_column(header, overflow="fold")
        for code, group, found in wordings(codelist, codes.get(codelist)):
            listing.add_row(code, group, ", ".join(found))
        out.print(listing)


def _workspace_additions(
    name: str, workspace_dir: Path | None
) -> tuple[dict[str, list[str]], dict[str, dict[str, list[str]]]]:
    """The workspace's header aliases for the dataset and its code wordings, when run in a
    workspace (built-ins only otherwise)."""
    from cpkit.errors import WorkspaceError
    from cpkit.workspace import open_workspace

    try:
        ws = open_workspace(workspace_dir)
    except WorkspaceError:
        return {}, {}
    from cpkit.ingest.wordings import workspace_wordings

    return ws.settings.column_aliases(name), workspace_wordings(ws.settings)
