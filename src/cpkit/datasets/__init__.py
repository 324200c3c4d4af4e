"""The dataset registry: every dataset of datasets.md declared once, as data.

Listings, header detection, validation and the warehouse schema are all derived from
``REGISTRY``; nothing else in cpkit spells out a dataset's columns.
"""

from __future__ import annotations

from cpkit.datasets.codelists import ALL as CODELISTS
from cpkit.datasets.detection import (
    HeaderMatch,
    find_header,
    looks_like_identifier,
    match_header,
    rank_datasets,
)
from cpkit.datasets.model import CodeList, Column, Dataset, DateOrder, normalise
from cpkit.datasets.service import SERVICE_DATASETS
from cpkit.datasets.ssda903 import SSDA903_TABLES

__all__ = [
    "CODELISTS",
    "REGISTRY",
    "CodeList",
    "Column",
    "Dataset",
    "DateOrder",
    "HeaderMatch",
    "find_header",
    "get_dataset",
    "looks_like_identifier",
    "match_header",
    "normalise",
    "rank_datasets",
]

REGISTRY: dict[str, Dataset] = {d.name: d for d in (*SERVICE_DATASETS, *SSDA903_TABLES)}


def get_dataset(name: str) -> Dataset:
    from cpkit.errors import UsageError

    try:
        return REGISTRY[name]
    except KeyError:
        import difflib

        close = difflib.get_close_matches(name, list(REGISTRY), n=3, cutoff=0.4)
        hint = f"did you mean {', '.join(close)}?" if close else "see 'cpkit datasets --all'"
        raise UsageError(f"unknown dataset '{name}'", hint=hint) from None
