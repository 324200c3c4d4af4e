"""The datasets described for people: ``cpkit datasets NAME`` and docs/datasets.md.

Both are derived from the declarations (``REGISTRY``, ``CODELISTS``), so what the docs say a
column accepts is what ingest accepts. A workspace's own header aliases and ``[codes]``
wordings are added when given.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from cpkit.datasets.codelists import ALL as CODELISTS
from cpkit.datasets.model import Column, Dataset

TYPE_LABELS = {
    "id": "id (text, leading zeros kept)",
    "person_id": "person id (pseudonymised)",
    "text": "text",
    "upper": "code (upper case)",
    "date": "date (dd/mm/yyyy)",
    "bool": "yes/no",
    "int": "whole number",
    "code": "code",
    "themes": "pledge themes",
    "programme": "programme name",
    "postcode_district": "postcode district",
    "drop": "never stored",
}

RULE = """\
## What quarantines and what warns

A row is **quarantined** (left out of every count, listed in `quarantine/` with file, sheet,
row, column and reason) only when it cannot be counted:

- a column it is *counted by* is unusable: its key, the dates and codes that place it in a
  count (marked **counted by** below), when a value there is missing (where required), not a
  date, in the future, or a wording of no code;
- or the row as a whole is impossible: dates out of order (a referral before the date of
  birth, a match before the referral), the same key twice with different contents (an exact
  repeat is kept once), a totals row, a row with more cells than the header.

Anywhere else (ethnicity, gender, issue, referral source, location, a date of birth, an OC3
ACCOM...) an unusable value is stored as **not recorded** and the row is **kept** in every
count, with a **warning** naming the file, sheet, column and, for a code list, the wordings
with their row counts and the `[codes.<list>]` lines that would map them. Breakdowns show such
rows as not recorded (or not known); nothing is silently dropped. Code-list wordings are labels,
not personal data, so messages name them; dates, ids and free text never appear in a message.
"""


@dataclass(frozen=True)
class ColumnRow:
    """One column as listed: name, type, whether required and counted by, header names."""

    name: str
    type: str
    required: bool
    counted_by: bool
    headers: tuple[str, ...]
    codelist: str | None


def column_rows(
    dataset: Dataset, aliases: Mapping[str, Sequence[str]] | None = None
) -> list[ColumnRow]:
    aliases = aliases or {}
    return [
        ColumnRow(
            column.name,
            _type_label(column),
            column.required,
            column.counts_rows,
            (*aliases.get(column.name, ()), *column.aliases),
            column.codelist,
        )
        for column in dataset.columns
    ]


def _type_label(column: Column) -> str:
    if column.type == "code" and column.codelist:
        return f"code ({column.codelist})"
    return TYPE_LABELS.get(column.type, column.type)


def codelists_of(dataset: Dataset) -> list[str]:
    return list(dict.fromkeys(c.codelist for c in dataset.columns if c.codelist))


def wordings(
    codelist: str, extra: Mapping[str, Sequence[str]] | None = None
) -> list[tuple[str, str, list[str]]]:
    """(code, reporting group, accepted wordings: the workspace's first) for every code."""
    known = CODELISTS[codelist]
    extra = extra or {}
    return [
        (code, known.groups.get(code, ""), [*extra.get(code, ()), *found])
        for code, found in known.codes.items()
    ]


def code_labels(codelist: str, locations: object = None) -> dict[str, str]:
    """A reader's label for every code of ``codelist``, for a lookup table (Power BI, Excel):
    the report's own label where a breakdown uses the list (so the two agree), else the
    code's reporting group when each code has its own, else its first wording, else the
    code written out ('IN_AREA' -> 'In area')."""
    from cpkit.formatting import _CODE_LISTS_BY_GROUP, category_label

    keys = {name: key for key, name in _CODE_LISTS_BY_GROUP.items()}
    keys |= {"referral_source": "source", "location": "location"}
    known = CODELISTS[codelist]
    own = len(known.groups) == len(known.codes) == len(set(known.groups.values()))
    labels = {}
    for code, found in known.codes.items():
        if codelist in keys:
            label = category_label(keys[codelist], code, locations)
        elif own:
            label = known.groups[code]
        elif found and not found[0].isdigit():
            label = found[0][:1].upper() + found[0][1:]
        else:
            label = known.groups.get(code) or category_label("", code)
        labels[code] = label
    return labels


def reported_as(codelist: str, code: str, label: str) -> str:
    """The group a code is reported in: its declared group; in a list that groups only
    some codes (referral sources: FGC, social work), the others are 'Other'."""
    groups = CODELISTS[codelist].groups
    if code in groups:
        return groups[code]
    return "Other" if groups else label


def code_lookup(codelist: str | None = None, locations: object = None) -> list[dict[str, Any]]:
    """One row per code of every code list (or one): the lookup table that turns the codes
    stored in the warehouse into labels. ``columns`` names the dataset columns holding it;
    ``locations`` are a workspace's own names for in area, region... ([locations])."""
    from cpkit.datasets import REGISTRY

    used: dict[str, list[str]] = {}
    for dataset in REGISTRY.values():
        for column in dataset.columns:
            if column.codelist:
                used.setdefault(column.codelist, []).append(f"{dataset.name}.{column.name}")
    names = [codelist] if codelist else list(CODELISTS)
    return [
        {
            "code_list": name,
            "code": code,
            "label": label,
            "reported_as": reported_as(name, code, label),
            "columns": used.get(name, []),
        }
        for name in names
        for code, label in code_labels(name, locations).items()
    ]


def datasets_markdown() -> str:
    """docs/datasets.md: every dataset, its columns, and every code list's wordings."""
    from cpkit.datasets import REGISTRY

    lines = [
        "# Datasets, columns and code lists",
        "",
        "<!-- Generated by `python -m cpkit.cli.docgen` from the dataset registry. "
        "Do not edit. -->",
        "",
        "What `cpkit ingest` recognises. Header matching ignores case, spaces and punctuation "
        "(`Referral Date`, `REFERRAL_DATE` and `referral date ` are one header); each column "
        "also answers to the header names listed, and `[datasets.<name>.columns]` in "
        "cpkit.toml adds more. Code wordings match the same way, a code may be written with "
        "its wording (`AIND - Indian`), and `[codes.<list>]` adds wordings. "
        "`cpkit datasets NAME` shows the same for one dataset, with your workspace's additions.",
        "",
        RULE,
    ]
    for dataset in REGISTRY.values():
        lines += _dataset_section(dataset)
    lines += ["## Code lists", ""]
    for name in CODELISTS:
        lines += _codelist_section(name)
    return "\n".join(lines).rstrip() + "\n"


def _dataset_section(dataset: Dataset) -> list[str]:
    lines = [
        f"## `{dataset.name}`: {dataset.title}",
        "",
        f"{dataset.unit[:1].upper()}{dataset.unit[1:]}; key `{', '.join(dataset.key)}`.",
        "",
        "| column | type | required | counted by | header names |",
        "|---|---|---|---|---|",
    ]
    for row in column_rows(dataset):
        headers = ", ".join(_cell(h) for h in row.headers) or "-"
        lines.append(
            f"| `{row.name}` | {row.type} | {'yes' if row.required else ''} | "
            f"{'yes' if row.counted_by else ''} | {headers} |"
        )
    return [*lines, ""]


def _codelist_section(name: str) -> list[str]:
    known = CODELISTS[name]
    lines = [f"### `{name}`", ""]
    if known.description:
        lines += [known.description[:1].upper() + known.description[1:] + ".", ""]
    lines += ["| code | reported as | wordings accepted |", "|---|---|---|"]
    for code, group, found in wordings(name):
        lines.append(f"| `{code}` | {_cell(group)} | {', '.join(_cell(w) for w in found) or '-'} |")
    return [*lines, ""]


def _cell(text: str) -> str:
    return text.replace("|", "\\|")
