"""Code wordings: the workspace's own, and what to tell the analyst about unknown ones.

A code list's wordings ("Section 31 - Full Care Order", "Asian/Asian British - Indian") are
labels, not personal data: messages may name them, with their row counts and the
``[codes.<list>]`` lines that would map them. A cell that looks like a date, an id, an
address or a sentence is never shown, even in a code column: someone may have typed a
person's details in the wrong column.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from cpkit.config import Settings
from cpkit.datasets import CODELISTS, normalise
from cpkit.datasets.local_authorities import find as find_la
from cpkit.ingest.coerce import Vocabulary

NOT_SHOWN = "(a value not shown: it looks like a date, an id or free text)"
_LOOKS_PERSONAL = re.compile(
    r"\d{3,}"  # ids, phone numbers, years
    r"|\d{1,2}[/.\-]\d{1,2}[/.\-]\d{2,4}"  # dates
    r"|@"  # e-mail addresses
    r"|\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b",  # postcodes
    re.IGNORECASE,
)
_MAX_SHOWN = 60  # characters: longer cells are sentences, not code wordings
_MAX_WORDS = 8


def shows_safely(wording: str) -> bool:
    """Whether a cell of a code column may appear in a message (a short label)."""
    text = wording.strip()
    return (
        0 < len(text) <= _MAX_SHOWN
        and len(text.split()) <= _MAX_WORDS
        and not _LOOKS_PERSONAL.search(text)
    )


def shown(wording: str) -> str:
    return wording.strip() if shows_safely(wording) else NOT_SHOWN


def workspace_vocabulary(settings: Settings) -> Vocabulary:
    """Everything cpkit.toml adds to reading cells: code wordings, pledge themes and
    programme names (by key and by title, matched ignoring case, spaces and punctuation)."""
    programmes: dict[str, str] = {}
    for key, programme in settings.programmes.items():
        programmes.setdefault(normalise(key), key)
        if programme.title:
            programmes.setdefault(normalise(programme.title), key)
    return Vocabulary(
        codes=workspace_wordings(settings),
        themes=tuple(settings.corporate_parenting.themes),
        programmes=programmes,
    )


def settings_fingerprint(vocabulary: Vocabulary, aliases: Mapping[str, object]) -> str:
    """A short digest of every setting that changes how a file is read, so that a file
    ingested before a ``[codes]`` line was added is read again rather than "unchanged"."""
    import hashlib

    from cpkit import __version__  # a new version may read cells differently

    data = {
        "cpkit": __version__,
        "codes": vocabulary.codes,
        "themes": vocabulary.themes,
        "programmes": vocabulary.programmes,
        "aliases": aliases,
    }
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, default=list)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def workspace_wordings(settings: Settings) -> dict[str, dict[str, list[str]]]:
    """Extra wordings per code list: ``[codes.<list>]``, then the location labels of
    ``[locations]`` and the LA's own name and region (from its LA code), so that "West
    Midlands" means REGION for LA 330 with no configuration at all."""
    extras: dict[str, dict[str, list[str]]] = {
        name: {code: list(wordings) for code, wordings in codes.items()}
        for name, codes in settings.codes.items()
    }
    location = extras.setdefault("location", {})
    labels = settings.locations
    for code in ("IN_AREA", "REGION", "ELSEWHERE_UK"):
        location.setdefault(code, []).append(getattr(labels, code))
    la = find_la(settings.la.code)
    if settings.la.name:
        location["IN_AREA"].append(settings.la.name)
    if la is not None:
        location["IN_AREA"] += la.in_area_wordings()
        location["REGION"] += la.region_wordings()
    return extras


@dataclass
class UnmappedColumn:
    """The distinct wordings of one column that no code (or theme) matched, with rows."""

    column: str
    codelist: str | None  # None for a column of another type (yes/no) or themes
    quarantined: bool  # a counting column: the rows were quarantined; else kept as null
    wordings: dict[str, int] = field(default_factory=dict)

    @property
    def rows(self) -> int:
        return sum(self.wordings.values())

    def listed(self, limit: int = 8) -> str:
        """'"Housing" 4, "Other (see notes)" 2' (most rows first), the rest counted."""
        ordered = sorted(self.wordings.items(), key=lambda item: (-item[1], item[0]))
        parts = [f"{json.dumps(w, ensure_ascii=False)} {n}" for w, n in ordered[:limit]]
        if len(ordered) > limit:
            parts.append(f"and {len(ordered) - limit} more")
        return ", ".join(parts)


def paste_lines(codelist: str, wordings: Iterable[str]) -> list[str]:
    """``[codes.<list>]`` lines that would map ``wordings``: a code guessed from the
    closest known wording when one is close (to check), else ``CODE`` to replace (which
    cpkit refuses, naming the codes, if pasted unchanged)."""
    known = CODELISTS[codelist]
    lookup = known.lookup()
    by_code: dict[str, list[str]] = {}
    for wording in sorted(set(wordings)):
        if wording == NOT_SHOWN:
            continue
        close = difflib.get_close_matches(normalise(wording), list(lookup), n=1, cutoff=0.8)
        by_code.setdefault(lookup[close[0]] if close else "CODE", []).append(wording)
    lines = [f"[codes.{codelist}]"]
    for code, listed in sorted(by_code.items(), key=lambda item: item[0] == "CODE"):
        quoted = ", ".join(json.dumps(w, ensure_ascii=False) for w in listed)
        comment = (
            f"  # replace CODE with one of {', '.join(known.codes)}"
            if code == "CODE"
            else "  # a guess from a similar wording: check it"
        )
        lines.append(f"{code} = [{quoted}]{comment}")
    return lines if len(lines) > 1 else []


def merge_unmapped(columns: Iterable[UnmappedColumn]) -> dict[str, set[str]]:
    """Wordings to map, per code list, over several columns and files."""
    merged: dict[str, set[str]] = {}
    for column in columns:
        if column.codelist:
            merged.setdefault(column.codelist, set()).update(column.wordings)
    return merged
