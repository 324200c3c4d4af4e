"""Validation of the manifest as it is read from disk.

The manifest is a plain JSON file in a folder users can open and edit. Its dataset names
become SQL view names and its file names become paths DuckDB reads, so a hand-edited or
truncated manifest must fail clearly, never run as SQL or read files outside the warehouse.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath
from typing import Any

from cpkit.warehouse.manifest import FORMAT, DatasetState, IngestRecord, Manifest

_NAME = re.compile(r"^[a-z][a-z0-9_]{0,62}$")


def parse_manifest(raw: Any) -> Manifest:
    """A Manifest from parsed JSON; ValueError naming the first bad entry."""
    from pydantic import TypeAdapter, ValidationError

    if not isinstance(raw, dict):
        raise ValueError("it is not a JSON object")
    version = raw.get("format", FORMAT)
    if not isinstance(version, int) or version > FORMAT:
        raise ValueError(f"format {version!r} is newer than this cpkit understands")
    try:
        datasets = TypeAdapter(dict[str, DatasetState]).validate_python(raw.get("datasets", {}))
        ingests = TypeAdapter(list[IngestRecord]).validate_python(raw.get("ingests", []))
        extras = TypeAdapter(dict[str, str | None]).validate_python(
            {k: raw.get(k) for k in ("cpkit_version", "commit_id", "key_fingerprint")},
        )
    except ValidationError as exc:
        error = exc.errors()[0]
        where = ".".join(str(part) for part in error["loc"])
        raise ValueError(f"{where or 'an entry'}: {error['msg']}") from None
    for name, state in datasets.items():
        _check_name(name)
        for file in state.files:
            _check_file(file, f"datasets.{name}.files")
    for index, record in enumerate(ingests):
        _check_name(record.dataset)
        if record.issues_file is not None:
            _check_file(record.issues_file, f"ingests.{index}.issues_file")
    return Manifest(
        datasets=datasets,
        ingests=ingests,
        format=version,
        cpkit_version=extras["cpkit_version"] or "",
        commit_id=extras["commit_id"],
        key_fingerprint=extras["key_fingerprint"],
    )


def _check_name(name: str) -> None:
    if not _NAME.match(name):
        raise ValueError(f"{name[:40]!r} is not a dataset name")


def _check_file(file: str, where: str) -> None:
    """A path inside the warehouse folder: relative, no '..', a Parquet file."""
    path = PurePosixPath(file)
    if (
        path.is_absolute()
        or ".." in path.parts
        or "\\" in file
        or "\x00" in file
        or ":" in file
        or path.suffix != ".parquet"
        or len(path.parts) != 2
    ):
        raise ValueError(f"{where}: {file[:60]!r} is not a file inside the warehouse")
