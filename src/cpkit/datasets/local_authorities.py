"""English local authorities: old (3-digit) code -> new code, name and region.

Shipped as ``local_authorities.csv`` (public reference information from the LA list of
DfE's open-data files), so that cpkit knows, from ``[la] code`` alone, what "in area" and
"in region" mean in an extract: "Birmingham" and "West Midlands" for LA 330.

Rebuild the table from DfE's files (any EES CSV with ``old_la_code``, ``la_name``,
``new_la_code`` and ``region_name`` columns) with::

    python -m cpkit.datasets.local_authorities ../shared/reference-data/ees/*.csv
"""

from __future__ import annotations

import csv
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

TABLE = Path(__file__).with_name("local_authorities.csv")
FIELDS = ("old_la_code", "new_la_code", "la_name", "region_name", "subregion_name")
_LONDON_PARTS = ("Inner London", "Outer London")  # DfE files give these as regions


@dataclass(frozen=True)
class LocalAuthority:
    code: str  # old 3-digit code, as in [la] code
    new_code: str
    name: str
    region: str
    subregion: str = ""

    def in_area_wordings(self) -> tuple[str, ...]:
        """How an extract may say "in the LA's own area"."""
        name = self.name
        return (
            name,
            f"{name} council",
            f"{name} city council",
            f"{name} county council",
            f"in {name}",
            f"{name} area",
        )

    def region_wordings(self) -> tuple[str, ...]:
        """How an extract may say "elsewhere in the LA's region"."""
        names = [self.region, *([self.subregion] if self.subregion else [])]
        if "The " in self.region:
            names.append(self.region.replace("The ", ""))  # Yorkshire and Humber
        forms = []
        for name in names:
            forms += [name, f"{name} region", f"in {name}", f"elsewhere in {name}"]
        return tuple(forms)


@cache
def local_authorities() -> dict[str, LocalAuthority]:
    """Every English LA in the shipped table, by old code."""
    with TABLE.open(encoding="utf-8", newline="") as handle:
        return {
            row["old_la_code"]: LocalAuthority(
                row["old_la_code"],
                row["new_la_code"],
                row["la_name"],
                row["region_name"],
                row["subregion_name"],
            )
            for row in csv.DictReader(handle)
        }


def find(code: str) -> LocalAuthority | None:
    """The LA with this old code, or None (a code cpkit does not know: a new LA)."""
    return local_authorities().get(code)


def build(sources: Iterable[Path]) -> list[dict[str, str]]:
    """One row per LA from DfE EES files, the latest name for each code."""
    found: dict[str, tuple[str, dict[str, str]]] = {}
    for source in sources:
        with source.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            if not {"old_la_code", "la_name", "new_la_code", "region_name"} <= set(
                reader.fieldnames or ()
            ):
                continue
            for row in reader:
                if row.get("geographic_level") != "Local authority" or not row["old_la_code"]:
                    continue
                region = row["region_name"]
                entry = {
                    "old_la_code": row["old_la_code"],
                    "new_la_code": row["new_la_code"],
                    "la_name": row["la_name"],
                    "region_name": "London" if region in _LONDON_PARTS else region,
                    "subregion_name": region if region in _LONDON_PARTS else "",
                }
                period = row.get("time_period", "")
                if row["old_la_code"] not in found or period >= found[row["old_la_code"]][0]:
                    found[row["old_la_code"]] = (period, entry)
    return [entry for _, entry in sorted(found.values(), key=lambda f: f[1]["old_la_code"])]


def main(argv: list[str]) -> int:
    rows = build(Path(a) for a in argv)
    if not rows:
        sys.stderr.write("no DfE EES file with an LA list among the files given\n")
        return 2
    with TABLE.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, FIELDS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    sys.stdout.write(f"wrote {len(rows)} local authorities to {TABLE}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
