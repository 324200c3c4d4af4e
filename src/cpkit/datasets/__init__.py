"""The dataset registry: every dataset of datasets.md declared once, as data.

Listings, header detection, validation and the warehouse schema are all derived from
``REGISTRY``; nothing else in cpkit spells out a dataset's columns.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from cpkit.datasets.codelists import ALL as CODELISTS
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
    "get_dataset",
    "match_header",
    "normalise",
]

REGISTRY: dict[str, Dataset] = {d.name: d for d in (*SERVICE_DATASETS, *SSDA903_TABLES)}

# Unknown columns whose header looks like one of these are direct identifiers: never stored.
_IDENTIFIER_WORDS = re.compile(
    r"name|forename|surname|address|postcode|postalcode|zip|phone|mobile|email|nhs|upn|"
    r"nationalinsurance|nino|uln|street|houseno"
)


def get_dataset(name: str) -> Dataset:
    from cpkit.errors import UsageError

    try:
        return REGISTRY[name]
    except KeyError:
        import difflib

        close = difflib.get_close_matches(name, list(REGISTRY), n=3, cutoff=0.4)
        hint = f"did you mean {', '.join(close)}?" if close else "see 'cpkit datasets --all'"
        raise UsageError(f"unknown dataset '{name}'", hint=hint) from None


def looks_like_identifier(header: str) -> bool:
    return bool(_IDENTIFIER_WORDS.search(normalise(header)))


@dataclass
class HeaderMatch:
    """How one header row maps onto a dataset."""

    dataset: Dataset
    columns: dict[int, str]  # position in the row -> canonical column name
    unknown: list[str] = field(default_factory=list)  # ignored (not stored)
    identifiers: list[str] = field(default_factory=list)  # direct identifiers, never stored

    @property
    def missing_required(self) -> list[str]:
        found = set(self.columns.values())
        return [c.name for c in self.dataset.required if c.name not in found]

    @property
    def complete(self) -> bool:
        return not self.missing_required

    def score(self) -> tuple[int, int, int]:
        required = len(self.dataset.required)
        return (required - len(self.missing_required), len(self.columns), -len(self.unknown))


def _lookup(dataset: Dataset, extra: Mapping[str, Sequence[str]]) -> dict[str, str]:
    table: dict[str, str] = {}
    for column in dataset.columns:
        for wording in (column.name, *column.aliases, *extra.get(column.name, ())):
            table.setdefault(normalise(wording), column.name)
    return table


def match_header(
    cells: Sequence[object],
    dataset: Dataset,
    extra_aliases: Mapping[str, Sequence[str]] | None = None,
) -> HeaderMatch:
    """Map the cells of a header row onto ``dataset``'s columns (first match wins)."""
    lookup = _lookup(dataset, extra_aliases or {})
    columns: dict[int, str] = {}
    unknown: list[str] = []
    identifiers: list[str] = []
    for position, cell in enumerate(cells):
        text = "" if cell is None else str(cell).strip()
        if not text:
            continue
        name = lookup.get(normalise(text))
        if name is not None and name not in columns.values():
            columns[position] = name
        elif looks_like_identifier(text):
            identifiers.append(text)
        else:
            unknown.append(text)
    return HeaderMatch(dataset, columns, unknown, identifiers)


def rank_datasets(
    cells: Sequence[object],
    aliases: Mapping[str, Mapping[str, Sequence[str]]] | None = None,
    candidates: Sequence[Dataset] | None = None,
) -> list[HeaderMatch]:
    """Every dataset's match for a header row, best first."""
    aliases = aliases or {}
    datasets = candidates or list(REGISTRY.values())
    matches = [match_header(cells, d, aliases.get(d.name)) for d in datasets]
    return sorted(matches, key=lambda m: m.score(), reverse=True)
