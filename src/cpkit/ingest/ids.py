"""Person ids that would not link: a different key, and ids Excel has changed.

Pseudonyms link a child across extracts only if every extract's ids are hashed with the same
key and written the same way. Two things break that silently, and are caught here:

- another key (``cpkit init --new-secret``, a key file from another workspace) or another
  ``[privacy] leading_zeros`` setting than the warehouse was built with: ingest refuses,
  naming both fingerprints (the manifest records the fingerprint, never the key);
- ids typed as numbers in a workbook, where Excel drops leading zeros (``0012345`` becomes
  ``12345``), and ids in one run that differ only by leading zeros: the ingest summary says
  so, and offers ``[privacy] leading_zeros = "strip"``. No id is ever shown.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from cpkit.errors import WorkspaceError
from cpkit.privacy import key_fingerprint

if TYPE_CHECKING:
    from cpkit.datasets import HeaderMatch
    from cpkit.ingest.rawtable import RawTable
    from cpkit.warehouse import Manifest

STRIP_ADVICE = (
    'if your ids have leading zeros, set [privacy] leading_zeros = "strip" in cpkit.toml '
    "before the first ingest (it then applies to every extract)"
)


def check_key(manifest: Manifest, key: bytes, warehouse: Path, strip: bool = False) -> None:
    """Refuse to add rows pseudonymised otherwise than the warehouse's: the same child would
    get two pseudonyms and never link."""
    stored = manifest.key_fingerprint
    if stored is None or manifest.is_empty or stored == key_fingerprint(key, strip):
        return
    if stored == key_fingerprint(key, not strip):
        was = "strip" if not strip else "keep"
        raise WorkspaceError(
            f'[privacy] leading_zeros is "{"strip" if strip else "keep"}" but the warehouse '
            f'{warehouse} was built with "{was}"; ids with leading zeros would get new '
            "pseudonyms and not link to the children already there",
            hint=f'set leading_zeros = "{was}" again, or move the warehouse folder aside and '
            "ingest every extract again with the new setting",
        )
    raise WorkspaceError(
        f"the workspace key (.cpkit-secret, fingerprint {key_fingerprint(key, strip)}) is not "
        f"the key the warehouse {warehouse} was built with (fingerprint {stored}); children "
        "ingested with the new key would not link to those already there",
        hint="put the original .cpkit-secret back (from your backup); to start afresh with "
        "the new key, move the warehouse folder aside and ingest every extract again",
    )


class IdChecker:
    """Notes on the id columns of the tables of one run (counts and column names only)."""

    def __init__(self, strip: bool) -> None:
        self.strip = strip
        self._seen: dict[str, set[str]] = {}  # id without leading zeros -> forms seen
        self._files: dict[str, str] = {}  # id without leading zeros -> first file

    def notes(self, raw: RawTable, match: HeaderMatch, where: str) -> list[str]:
        if self.strip:
            return []  # ids are already compared without their leading zeros
        notes = []
        for position, name in sorted(match.columns.items()):
            column = match.dataset.column(name)
            if not column.is_person_id or position >= len(raw.columns):
                continue
            if position in raw.numeric_columns:
                notes.append(
                    f"{name}: ids are numbers in this workbook, and Excel drops leading zeros "
                    f"(0012345 becomes 12345), so they may not link to the same children in "
                    f"other extracts; {STRIP_ADVICE}"
                )
            notes += self._zero_notes(raw.columns[position].to_pylist(), name, where)
        return notes

    def _zero_notes(self, values: list[str | None], name: str, where: str) -> list[str]:
        clashes: dict[str, int] = {}
        for value in {v.strip() for v in values if v}:
            bare = value.lstrip("0") or "0"
            forms = self._seen.setdefault(bare, set())
            if forms and value not in forms:
                other = self._files.get(bare, where)
                clashes[other] = clashes.get(other, 0) + 1
            forms.add(value)
            self._files.setdefault(bare, where)
        return [
            f"{name}: {count} id{'s' if count > 1 else ''} differ only by leading zeros from "
            f"ids in {'this file' if other == where else other} (the same "
            f"child{'ren' if count > 1 else ''}?); {STRIP_ADVICE}"
            for other, count in sorted(clashes.items())
        ]
