"""Which dataset a table holds: header matching, the header row, and reasons to doubt.

A header row matches a dataset when every required column is found (by name or alias,
ignoring case, spaces and punctuation); the best match has the most required columns, then
the most columns. The file and sheet names are a hint: they settle a tie, and when they
point elsewhere, or when another dataset matches more of the columns, or most columns go
unused, the choice is reported as doubtful (``cpkit ingest --strict`` then fails).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from cpkit.datasets.model import Dataset, normalise

# Unknown columns whose header looks like one of these are direct identifiers: never stored.
_IDENTIFIER_WORDS = re.compile(
    r"name|forename|surname|address|postcode|postalcode|zip|phone|mobile|email|nhs|upn|"
    r"nationalinsurance|nino|uln|street|houseno"
)
_WORD = re.compile(r"[a-z0-9]+")


def looks_like_identifier(header: str) -> bool:
    return bool(_IDENTIFIER_WORDS.search(normalise(header)))


@dataclass
class HeaderMatch:
    """How one header row maps onto a dataset."""

    dataset: Dataset
    columns: dict[int, str]  # position in the row -> canonical column name
    unknown: list[str] = field(default_factory=list)  # ignored (not stored)
    identifiers: list[str] = field(default_factory=list)  # direct identifiers, never stored
    headers: dict[int, str] = field(default_factory=dict)  # position -> header as written

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

    def decided_by(self) -> str:
        """'Referral No (referral_id), Child Ref (child_id)...': the headers that made it."""
        required = {c.name for c in self.dataset.required}
        decisive = [
            f"{self.headers.get(p, name)} ({name})"
            for p, name in sorted(self.columns.items())
            if name in required
        ]
        others = len(self.columns) - len(decisive)
        more = f", and {others} more of its columns" if others else ""
        return ", ".join(decisive) + more


def _lookup(dataset: Dataset, extra: Mapping[str, Sequence[str]]) -> dict[str, str]:
    table: dict[str, str] = {}
    for column in dataset.columns:
        for wording in (*extra.get(column.name, ()), column.name, *column.aliases):
            table.setdefault(normalise(wording), column.name)
    return table


def match_header(
    cells: Sequence[object],
    dataset: Dataset,
    extra_aliases: Mapping[str, Sequence[str]] | None = None,
) -> HeaderMatch:
    """Map the cells of a header row onto ``dataset``'s columns (first match wins)."""
    lookup = _lookup(dataset, extra_aliases or {})
    match = HeaderMatch(dataset, {})
    for position, cell in enumerate(cells):
        text = "" if cell is None else str(cell).strip()
        if not text:
            continue
        name = lookup.get(normalise(text))
        if name is not None and name not in match.columns.values():
            match.columns[position] = name
            match.headers[position] = text
        elif looks_like_identifier(text):
            match.identifiers.append(text)
        else:
            match.unknown.append(text)
    return match


def rank_datasets(
    cells: Sequence[object],
    aliases: Mapping[str, Mapping[str, Sequence[str]]] | None = None,
    candidates: Sequence[Dataset] | None = None,
) -> list[HeaderMatch]:
    """Every dataset's match for a header row, best first."""
    from cpkit.datasets import REGISTRY

    aliases = aliases or {}
    datasets = candidates or list(REGISTRY.values())
    matches = [match_header(cells, d, aliases.get(d.name)) for d in datasets]
    return sorted(matches, key=lambda m: m.score(), reverse=True)


def _words(name: str) -> list[str]:
    """Lower-case words of a file or sheet name, plurals made singular."""
    words = _WORD.findall(name.lower().replace("_", " "))
    return [w[:-1] if len(w) > 3 and w.endswith("s") else w for w in words]


def hinted(names: Iterable[str | None]) -> set[str]:
    """Datasets whose ``name_hints`` appear, as whole words, in a file or sheet name."""
    from cpkit.datasets import REGISTRY

    words = [w for name in names if name for w in _words(name)]
    text = f" {' '.join(words)} "
    return {
        dataset.name
        for dataset in REGISTRY.values()
        if any(f" {' '.join(_words(hint))} " in text for hint in dataset.name_hints)
    }


def find_header(
    preview: list[list[str | None]],
    forced: Dataset | None,
    aliases: Mapping[str, Mapping[str, Sequence[str]]],
    hints: set[str] | None = None,
) -> tuple[tuple[int, HeaderMatch] | None, HeaderMatch | None]:
    """The first row that is a complete header of some dataset (or of the forced one).

    Returns ((row index, match), None) when found, else (None, the closest match seen).
    Two datasets fitting equally well are told apart by the name ``hints``, or refused.
    """
    from cpkit.errors import InputError

    closest: HeaderMatch | None = None
    for index, row in enumerate(preview):
        if not any(cell for cell in row):
            continue
        if forced is not None:
            ranked = [match_header(row, forced, aliases.get(forced.name))]
        else:
            ranked = rank_datasets(row, aliases)
        complete = [m for m in ranked if m.complete]
        if complete:
            tied = [m for m in complete if m.score() == complete[0].score()]
            if len(tied) > 1:
                by_hint = [m for m in tied if m.dataset.name in (hints or set())]
                if len(by_hint) != 1:
                    raise InputError(
                        f"the header in row {index + 1} fits both {tied[0].dataset.name} and "
                        f"{tied[1].dataset.name}",
                        hint="say which with --dataset NAME",
                    )
                tied = by_hint
            return (index, tied[0]), None
        if closest is None or ranked[0].score() > closest.score():
            closest = ranked[0]
    return None, closest


def doubts(
    match: HeaderMatch,
    row: Sequence[object],
    aliases: Mapping[str, Mapping[str, Sequence[str]]],
    hints: set[str],
) -> list[str]:
    """Reasons to think the dataset chosen for a header row is the wrong one."""
    found: list[str] = []
    name = match.dataset.name
    used = len(match.columns)
    if len(match.unknown) > used:
        found.append(
            f"{len(match.unknown)} of its {len(match.unknown) + used} columns are not "
            f"columns of {name} and are not stored"
        )
    others = [m for m in rank_datasets(row, aliases) if m.dataset.name != name]
    wider = max(others, key=lambda m: (len(m.columns), m.score()), default=None)
    if wider is not None and len(wider.columns) > used:
        lacking = (
            f" but lacks {', '.join(wider.missing_required)}" if wider.missing_required else ""
        )
        found.append(
            f"{wider.dataset.name} matches more of its columns ({len(wider.columns)} "
            f"against {used}){lacking}"
        )
    if hints and name not in hints:
        found.append(f"the file or sheet name suggests {' or '.join(sorted(hints))}")
    return found
