"""Benchmarks: DfE open data (EES) for England, regions and LAs, and statistical neighbours.

``import_benchmarks`` reads DfE's explore-education-statistics CSVs (``time_period,
time_identifier, geographic_level, ..., la_name, new_la_code`` then dimension and measure
columns) and the statistical-neighbour groupings file, and stores them in the workspace under
``warehouse/_benchmarks/``. Suppressed and special cells (``c``, ``z``, ``k``, ``x``, ``low``)
are kept as missing with their reason.

``BenchmarkStore.comparators`` gives a metric's England, region and statistical-neighbour
figures for the same year, each with its year and source. A small curated table of national
figures ships with cpkit so England comparisons work before anything is imported.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import os
import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyarrow as pa

from cpkit.errors import InputError
from cpkit.metrics.comparisons import Benchmark
from cpkit.periods import FinancialYear

# the official statistics every comparator cpkit reads is published in (year appended)
PUBLICATION = "DfE, Children looked after in England including adoptions"

if TYPE_CHECKING:
    from cpkit.metrics.context import Population
    from cpkit.metrics.registry import MetricSpec

# DfE's children-looked-after numbers and rates file carries the population aged 0 to 17 that
# its rates per 10,000 use, for every LA and year
CLA_RATES = "cla_number_and_rate_per_10k_children"
CLA_AT_31_MARCH = {"population_type": "Children looked after on 31 March each year"}

LONG_SCHEMA = pa.schema(
    [
        ("kind", pa.string()),
        ("row", pa.int32()),
        ("time_period", pa.int32()),
        ("level", pa.string()),
        ("region", pa.string()),
        ("la_code", pa.string()),
        ("la_name", pa.string()),
        ("dimensions", pa.string()),
        ("measure", pa.string()),
        ("value", pa.float64()),
        ("status", pa.string()),
    ]
)

SPECIAL_CODES = {
    "c": "suppressed (confidential)",
    "z": "not applicable",
    "k": "below 0.5%",
    "x": "not available",
    "low": "low value",
    "u": "low quality",
    ":": "not available",
}
GEOGRAPHY = (
    "time_period",
    "time_identifier",
    "geographic_level",
    "country_code",
    "country_name",
    "region_code",
    "region_name",
    "old_la_code",
    "la_name",
    "new_la_code",
)
REQUIRED = ("time_period", "geographic_level")
_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")
STORE_FILE = "ees.parquet"
META_FILE = "benchmarks.json"


@dataclass
class ImportSummary:
    file: str
    kind: str
    rows: int
    years: list[int]
    levels: list[str]


@dataclass
class Comparator:
    level: str
    region: str
    la_code: str
    value: float | None
    status: str


@dataclass
class BenchmarkStore:
    """Imported EES figures (long Parquet), neighbour groupings and the shipped national table."""

    folder: Path | None = None
    neighbours: dict[str, dict[str, Any]] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)  # kind -> source description
    national: dict[tuple[str, int], tuple[float, str]] = field(default_factory=dict)
    _db: Any = field(default=None, repr=False)

    @classmethod
    def load(cls, folder: Path | None) -> BenchmarkStore:
        store = cls(folder=folder, national=_shipped_national())
        if folder is not None:
            meta = folder / META_FILE
            if meta.exists():
                data = json.loads(meta.read_text(encoding="utf-8"))
                store.sources = data.get("sources", {})
                store.neighbours = data.get("neighbours", {})
        return store

    @property
    def imported(self) -> bool:
        return self.folder is not None and (self.folder / STORE_FILE).exists()

    def figures(
        self, kind: str, period: int, measure: str, filters: dict[str, str]
    ) -> list[Comparator]:
        """Published figures for one indicator and year at every geographic level."""
        connection = self._connection()
        if connection is None:
            return []
        conditions = "".join(
            f" AND json_extract_string(dimensions, '$.\"{k}\"') = ?" for k in filters
        )
        sql = (
            f"SELECT level, region, la_code, value, status FROM ees WHERE "
            f"kind = ? AND time_period = ? AND measure = ?{conditions}"
        )
        params = [kind, period, measure, *filters.values()]
        return [Comparator(*row) for row in connection.execute(sql, params).fetchall()]

    def _connection(self) -> Any:
        """One in-memory DuckDB table of the imported figures, loaded on first use."""
        if not self.imported:
            return None
        if self._db is None:
            import duckdb

            assert self.folder is not None
            self._db = duckdb.connect(":memory:")
            self._db.execute(
                "CREATE TABLE ees AS SELECT * FROM read_parquet(?)", [str(self.folder / STORE_FILE)]
            )
        return self._db

    def population_0_17(self, la_code: str, period: int) -> Population | None:
        """The LA's population aged 0 to 17 in DfE's imported children-looked-after file for
        one reporting year (collection year), or None."""
        from cpkit.metrics.context import Population

        found = [
            r
            for r in self.figures(CLA_RATES, period, "population_estimate", CLA_AT_31_MARCH)
            if r.level == "Local authority" and r.la_code == la_code and r.value
        ]
        if not found:
            return None
        source = self.sources.get(CLA_RATES, CLA_RATES)
        return Population(
            int(found[0].value or 0),
            f"{source}, population_estimate",
            period,
            f"{PUBLICATION}, {period}",
        )

    def comparators(
        self, spec: MetricSpec, year: FinancialYear, la_code: str | None
    ) -> Benchmark | None:
        """England, region and statistical-neighbour average for the metric's year."""
        ref = spec.benchmark
        if ref is None:
            return None
        period = year.collection_year
        found = self.figures(ref.file, period, ref.measure, dict(ref.filters))
        result = Benchmark(year.label)
        national = [r for r in found if r.level == "National"]
        if national:
            result.england = _scaled(national[0].value, ref.scale)
            result.source = self.sources.get(ref.file, ref.file)
        elif (spec.id, period) in self.national:
            value, source = self.national[(spec.id, period)]
            result.england = value * ref.scale
            result.source = source
        if la_code:
            self._local(result, found, ref, la_code)
        if result.any:
            result.publication = f"{PUBLICATION}, {period}"
        else:
            result.note = (
                f"no published figure for {year.label} in the shipped "
                "table or imported files (cpkit benchmarks import)"
            )
        return result

    def _local(self, result: Benchmark, found: list[Comparator], ref: Any, la_code: str) -> None:
        by_la = {r.la_code: r for r in found if r.level == "Local authority"}
        own = by_la.get(la_code)
        region = own.region if own else self.neighbours.get(la_code, {}).get("region")
        if region:
            regional = [r for r in found if r.level == "Regional" and r.region == region]
            if regional:
                result.region = _scaled(regional[0].value, ref.scale)
                result.region_name = region
        group = self.neighbours.get(la_code, {}).get("neighbours", [])
        values = (by_la[n].value for n in group if n in by_la)
        published = [v for v in values if v is not None]
        if published:
            result.statistical_neighbours = sum(published) / len(published) * ref.scale
            result.neighbours_used = len(published)
            result.neighbours_source = self.neighbours[la_code].get("source")
        if own is not None:
            result.la_published = _scaled(own.value, ref.scale)


def _scaled(value: float | None, scale: float) -> float | None:
    return None if value is None else value * scale


def _shipped_national() -> dict[tuple[str, int], tuple[float, str]]:
    text = (
        resources.files("cpkit.metrics")
        .joinpath("data/national_benchmarks.csv")
        .read_text(encoding="utf-8")
    )
    return {
        (row["metric_id"], int(row["time_period"])): (float(row["england_percent"]), row["source"])
        for row in csv.DictReader(io.StringIO(text))
    }


# --------------------------------------------------------------------------- import


def import_benchmarks(folder: Path, files: list[Path]) -> list[ImportSummary]:
    """Read EES CSVs and neighbour files into ``folder``, replacing earlier imports of the
    same kind of file; written atomically."""
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    folder.mkdir(parents=True, exist_ok=True)
    store = BenchmarkStore.load(folder)
    existing = pq.read_table(folder / STORE_FILE) if store.imported else None
    tables = [] if existing is None else [existing]
    summaries = []
    for path in files:
        text = _read_text(path)
        header = next(csv.reader(io.StringIO(text)), [])
        if any(h.strip().upper() == "SN1" for h in header):
            found = _parse_neighbours(text, path)
            store.neighbours.update(found)
            summaries.append(
                ImportSummary(
                    path.name, "statistical_neighbours", len(found), [], ["Local authority"]
                )
            )
            continue
        kind, columns = _parse_ees(text, path)
        tables = [t.filter(pc.not_equal(t.column("kind"), kind)) for t in tables]
        tables.append(pa.table(columns, schema=LONG_SCHEMA))
        digest = hashlib.sha256(path.read_bytes()).hexdigest()[:12]
        store.sources[kind] = (
            f"DfE open data '{path.name}' (sha256 {digest}…), imported {dt.date.today():%d/%m/%Y}"
        )
        summaries.append(
            ImportSummary(
                path.name,
                kind,
                len(set(columns["row"])),
                sorted(set(columns["time_period"])),
                sorted(set(columns["level"])),
            )
        )
    if tables:
        temporary = folder / (STORE_FILE + ".tmp")
        pq.write_table(pa.concat_tables(tables), temporary, compression="zstd")
        os.replace(temporary, folder / STORE_FILE)
    _write_json(folder / META_FILE, {"sources": store.sources, "neighbours": store.neighbours})
    return summaries


def _read_text(path: Path) -> str:
    if not path.is_file():
        raise InputError(f"{path} does not exist", hint="check the path")
    data = path.read_bytes()
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InputError(f"{path.name} is not a text CSV file")


def _parse_ees(text: str, path: Path) -> tuple[str, dict[str, list[Any]]]:
    """One long row per (source row, measure): the shape comparisons query."""
    reader = csv.DictReader(io.StringIO(text))
    columns = [c.strip() for c in reader.fieldnames or []]
    missing = [c for c in REQUIRED if c not in columns]
    if missing:
        raise InputError(
            f"{path.name} is not a DfE open-data (EES) file: no {', '.join(missing)} column",
            hint="download the CSV from explore-education-statistics.service.gov.uk",
        )
    records = [{k.strip(): (v or "").strip() for k, v in r.items() if k} for r in reader]
    others = [c for c in columns if c not in GEOGRAPHY]
    measures = [c for c in others if _is_measure(c, records)]
    dimensions = [c for c in others if c not in measures]
    kind = _kind(path, columns, records)
    long: dict[str, list[Any]] = {name: [] for name in LONG_SCHEMA.names}
    for number, record in enumerate(records):
        dims = json.dumps({d: record.get(d, "") for d in dimensions}, sort_keys=True)
        for measure in measures:
            cell = record.get(measure, "")
            numeric = bool(_NUMBER.match(cell))
            for name, value in (
                ("kind", kind),
                ("row", number),
                ("time_period", _period(record["time_period"])),
                ("level", record["geographic_level"]),
                ("region", record.get("region_name", "")),
                ("la_code", record.get("old_la_code", "")),
                ("la_name", record.get("la_name", "")),
                ("dimensions", dims),
                ("measure", measure),
                ("value", float(cell) if numeric else None),
                ("status", "" if numeric else (cell.lower() or "blank")),
            ):
                long[name].append(value)
    return kind, long


def _period(text: str) -> int:
    """EES time_period: 2024, or 202324 for a financial year (both mean the year to March 2024)."""
    digits = text.strip()
    if len(digits) == 6 and digits.isdigit():
        return int(digits[:4]) + 1
    return int(digits)


def _is_measure(column: str, records: list[dict[str, str]]) -> bool:
    cells = [r.get(column, "") for r in records[:500] if r.get(column, "")]
    if not cells:
        return False
    numeric = sum(1 for c in cells if _NUMBER.match(c) or c.lower() in SPECIAL_CODES)
    return numeric / len(cells) > 0.9


def _kind(path: Path, columns: list[str], records: list[dict[str, str]]) -> str:
    if "care_leaver_age" in columns and "breakdown" in columns:
        breakdowns = {r.get("breakdown", "").lower() for r in records[:2000]}
        if any("accommodation" in b or "suitab" in b for b in breakdowns):
            return "la_care_leavers_accommodation_suitability"
        return "la_care_leavers_activity"
    if "population_type" in columns and "rate_per_10000" in columns:
        return "cla_number_and_rate_per_10k_children"
    if "placement_stability" in columns:
        return "la_cla_placement_stability"
    return re.sub(r"[^a-z0-9_]+", "_", path.stem.lower())


def _parse_neighbours(text: str, path: Path) -> dict[str, dict[str, Any]]:
    """The statistical-neighbour file: one row per LA, SN1..SN10 as old LA codes."""
    rows = list(csv.reader(io.StringIO(text)))
    header = [h.strip() for h in rows[0]]
    upper = [h.upper() for h in header]
    try:
        code_at = next(i for i, h in enumerate(upper) if h in ("LA NUMBER", "LA NUM", "LA CODE"))
        name_at = upper.index("LA NAME")
    except (StopIteration, ValueError):
        raise InputError(
            f"{path.name}: no 'LA number' and 'LA Name' columns in the statistical-neighbour file"
        ) from None
    region_at = upper.index("GOREG") if "GOREG" in upper else None
    sn_at = [upper.index(f"SN{i}") for i in range(1, 11) if f"SN{i}" in upper]
    source = f"Statistical neighbour groupings, '{path.name}'"
    found: dict[str, dict[str, Any]] = {}
    for row in rows[1:]:
        if len(row) <= max(sn_at, default=0) or not row[code_at].strip():
            continue
        code = row[code_at].strip().zfill(3)
        found[code] = {
            "name": row[name_at].strip(),
            "region": row[region_at].strip() if region_at is not None else "",
            "neighbours": [row[i].strip().zfill(3) for i in sn_at if row[i].strip()],
            "source": source,
        }
    return found


def _write_json(path: Path, data: Any) -> None:
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps(data), encoding="utf-8")
    os.replace(temporary, path)
