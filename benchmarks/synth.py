"""Synthetic inputs for the benchmarks, generated into the scratch folder (never committed).

Every generator is seeded, so the same sizes give the same files on every run. The service
extract imitates a case-management export of advocacy referrals: the header wordings, date
formats and value wordings come from the bundled sample's generator (``data/sample``), so the
benchmark ingests the same mixes cpkit meets in real extracts, including a few faulty rows
that ingest must quarantine. The SSDA903 warehouse is written straight as Parquet in the
warehouse's shape (``warehouse_schema``), for many LAs and years at once.
"""

from __future__ import annotations

import csv
import datetime as dt
import importlib.util
import random
import sys
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parents[1]

ADVOCACY_HEADER = (
    "Referral No",
    "Eclipse ID",
    "Child Name",
    "Date of Birth",
    "Gender",
    "Ethnic Origin",
    "Postcode",
    "Legal Status",
    "Disability",
    "Type of Disability",
    "Date of Referral",
    "Referred By",
    "Primary Issue",
    "ICPC Referral",
    "Accessed Support",
    "Advocate",
    "Date Closed",
    "Case Status",
)
DATE_COLUMNS = ("Date of Birth", "Date of Referral", "Date Closed")
FIRST_REFERRAL = dt.date(2014, 4, 1)  # ten financial years, 2014-15 to 2023-24
LAST_REFERRAL = dt.date(2024, 3, 31)
FAULT_SHARE = 0.002  # rows made faulty (see _add_faults): quarantined by ingest


@cache
def sample_vocabulary() -> ModuleType:
    """The sample generator, for its wordings (loaded by path: data/sample is no package)."""
    path = ROOT / "data" / "sample" / "generate.py"
    spec = importlib.util.spec_from_file_location("cpkit_sample_generate", path)
    if spec is None or spec.loader is None:
        raise RuntimeError(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def _words(mapping: dict[str, Sequence[str]], weights: dict[str, float]) -> tuple[list, list]:
    """Every wording of every code, each weighted by its code's share."""
    values, shares = [], []
    for code, words in mapping.items():
        for word in words:
            values.append(word)
            shares.append(weights.get(code, 1) / len(words))
    return values, shares


def _pick(rng: random.Random, pool: tuple[list, list], n: int) -> list:
    values, weights = pool
    return rng.choices(values, weights=weights, k=n)


def _uk(day: dt.date) -> str:
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


def _children(rng: random.Random, n: int) -> dict[str, list[Any]]:
    """Per child: id, date of birth, gender, ethnicity and disability wordings."""
    v = sample_vocabulary()
    first_dob = dt.date(2001, 1, 1)  # aged 1 to 23 at referral
    dob_pool = [first_dob + dt.timedelta(days=d) for d in range(365 * 13)]
    disabled = rng.choices(("Yes", "No", "Y", "N", ""), weights=(30, 45, 5, 10, 10), k=n)
    kinds = _pick(rng, (list(v.DISABILITY_TYPES), list(v.DISABILITY_TYPES.values())), n)
    gender_mix = {"F": 52, "M": 45, "OTHER": 1, "UNKNOWN": 2}
    return {
        "Eclipse ID": [f"{i:07d}" for i in rng.sample(range(100_000, 9_999_999), n)],
        "Date of Birth": rng.choices(dob_pool, k=n),
        "Gender": _pick(rng, _words(v.GENDER_WORDS, gender_mix), n),
        "Ethnic Origin": _pick(rng, _words(v.ETHNICITY_WORDS, v.ETHNICITY_MIX), n),
        "Disability": disabled,
        "Type of Disability": [
            kind if answer in ("Yes", "Y") else ""
            for kind, answer in zip(kinds, disabled, strict=True)
        ],
    }


def advocacy_columns(rows: int, seed: str = "bench-advocacy") -> dict[str, list[Any]]:
    """Column name -> values: dates as ``datetime.date`` (a few faulty ones as text), blanks
    as "". About 2.5 referrals per child, so ids repeat as they do in a real extract."""
    v = sample_vocabulary()
    rng = random.Random(seed)
    children = _children(rng, max(1, int(rows / 2.5)))
    who = [rng.randrange(len(children["Eclipse ID"])) for _ in range(rows)]
    span = (LAST_REFERRAL - FIRST_REFERRAL).days
    day_pool = [FIRST_REFERRAL + dt.timedelta(days=d) for d in range(span + 1)]
    referred = rng.choices(day_pool, k=rows)
    closed = [
        day + dt.timedelta(days=rng.randint(7, 90)) if rng.random() > 0.05 else None
        for day in referred
    ]
    closed = [c if c is not None and c <= LAST_REFERRAL else None for c in closed]
    spec = v.ADVOCACY_YEARS[2023]
    cohorts = {"CIC": 45, "CP": 28, "CIN": 17, "CARE_LEAVER": 10}
    columns: dict[str, list[Any]] = {
        "Referral No": [f"AR{n:07d}" for n in range(1, rows + 1)],
        **{name: [values[c] for c in who] for name, values in children.items()},
        "Child Name": rng.choices([v.fake_name(rng, g) for g in "FMX" * 500], k=rows),
        "Postcode": rng.choices([v.fake_postcode(rng) for _ in range(5000)], k=rows),
        "Legal Status": _pick(rng, _words(v.COHORT_WORDS, cohorts), rows),
        "Date of Referral": referred,
        "Referred By": _pick(rng, _words(v.SOURCE_WORDS, spec["source"]), rows),
        "Primary Issue": _pick(rng, _words(v.ISSUE_WORDS, spec["issue"]), rows),
        "ICPC Referral": rng.choices(("No", "Yes", ""), weights=(80, 8, 12), k=rows),
        "Accessed Support": rng.choices(("Yes", "No", "Y", "N", ""), (60, 20, 8, 4, 8), k=rows),
        "Advocate": rng.choices([f"ST{n}" for n in range(1000, 1060)], k=rows),
        "Date Closed": closed,
        "Case Status": ["Closed" if c is not None else "Open" for c in closed],
    }
    _add_faults(rng, columns, rows)
    return columns


def _add_faults(rng: random.Random, columns: dict[str, list[Any]], rows: int) -> None:
    """Faults of the kinds real extracts have, each quarantining one row or two: impossible
    and month-first dates, a source no code list knows, a row exported twice, and two
    referrals sharing one reference."""
    for index in rng.sample(range(rows), int(rows * FAULT_SHARE)):
        kind = rng.randrange(5)
        if kind == 0:
            columns["Date of Referral"][index] = "31/02/2023"
        elif kind == 1:
            columns["Date of Referral"][index] = "12/31/2022"  # month-first
        elif kind == 2:
            columns["Referred By"][index] = "Lollipop man"
        else:
            other = rng.randrange(rows)
            copied = columns if kind == 3 else {"Referral No": columns["Referral No"]}
            for values in copied.values():
                values[index] = values[other]


def write_advocacy_csv(path: Path, rows: int) -> int:
    """A UTF-8 CSV with dd/mm/yyyy dates, as an analyst's export; returns the size in bytes."""
    columns = advocacy_columns(rows)
    for name in DATE_COLUMNS:
        columns[name] = [_uk(d) if isinstance(d, dt.date) else (d or "") for d in columns[name]]
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(ADVOCACY_HEADER)
        writer.writerows(zip(*(columns[name] for name in ADVOCACY_HEADER), strict=True))
    return path.stat().st_size


def write_advocacy_xlsx(path: Path, rows: int) -> int:
    """The same extract as a workbook (real Excel dates), written in constant-memory mode."""
    import xlsxwriter

    columns = advocacy_columns(rows, seed="bench-advocacy-xlsx")
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    try:
        workbook.set_properties({"created": dt.datetime(2024, 4, 2, 9, 0)})
        sheet = workbook.add_worksheet("Referrals")
        bold = workbook.add_format({"bold": True})
        date_format = workbook.add_format({"num_format": "dd/mm/yyyy"})
        sheet.write_row(0, 0, ADVOCACY_HEADER, bold)
        dates = {ADVOCACY_HEADER.index(name) for name in DATE_COLUMNS}
        for row, values in enumerate(zip(*(columns[n] for n in ADVOCACY_HEADER), strict=True), 1):
            for col, value in enumerate(values):
                if col in dates and isinstance(value, dt.date):
                    sheet.write_datetime(row, col, value, date_format)
                elif value != "" and value is not None:
                    sheet.write_string(row, col, value)
    finally:
        workbook.close()
    return path.stat().st_size


# --------------------------------------------------------------------------- SSDA903

SSDA903_TABLES = ("ssda903_header", "ssda903_episodes", "ssda903_oc3")
IN_TOUCH = {"YES": 85, "NO": 6, "REFU": 3, "NREQ": 4.4, "RHOM": 1.2, "DIED": 0.4}
ACTIVITIES = {
    "F1": 6,
    "P1": 1,
    "F2": 18,
    "P2": 5,
    "F3": 1,
    "P3": 0.5,
    "F4": 4,
    "P4": 1,
    "F5": 19,
    "P5": 8,
    "G4": 11,
    "G5": 20,
    "G6": 5.5,
}
ACCOMMODATION = {
    "U1": 28,
    "D1": 18,
    "Z1": 10,
    "B1": 12,
    "E1": 7,
    "T1": 4,
    "K1": 5,
    "Y1": 3,
    "C1": 3,
    "S2": 2,
    "V2": 1.5,
    "W2": 1,
    "X2": 1.5,
    "B2": 1,
    "U2": 1.5,
    "D2": 1,
    "G1": 0.5,
    "R1": 0.5,
    "S1": 0.1,
}


def _choice(rng: Any, table: dict[str, float], n: int) -> Any:
    import numpy as np

    values = np.array(list(table), dtype=object)
    weights = np.array(list(table.values()), dtype=float)
    return rng.choice(values, size=n, p=weights / weights.sum())


def _pseudonyms(rng: Any, n: int) -> list[str]:
    """Ids as the warehouse holds them: 32 hex characters (a keyed hash of the raw id)."""
    raw = rng.bytes(16 * n)
    return [raw[i : i + 16].hex() for i in range(0, 16 * n, 16)]


def _days_before(np: Any, day: Any, lengths: Any) -> Any:
    return day - lengths.astype("timedelta64[D]")


def ssda903_frames(
    las: int, years: Sequence[int], episodes_per_la_year: int = 1000, seed: int = 903
) -> dict[str, dict[str, Any]]:
    """Columns of the header, episodes and OC3 tables for ``las`` LAs and ``years``.

    LAs differ in size (0.3 to 1.7 times the mean), children have 1.5 episodes each on
    average, and each OC3 cohort is about a third the size of the header.
    """
    import numpy as np

    rng = np.random.default_rng(seed)
    codes = [str(200 + n) for n in range(las)]
    sizes = rng.uniform(0.3, 1.7, size=las)
    groups = [(la, year, size) for la, size in zip(codes, sizes, strict=True) for year in years]
    n_ep = np.array([round(episodes_per_la_year * s) for _, _, s in groups])
    n_hd = np.maximum(1, (n_ep / 1.5).round().astype(int))
    n_oc = np.maximum(1, (n_ep / 3.1).round().astype(int))
    return {
        "ssda903_header": _header(np, rng, groups, n_hd),
        "ssda903_episodes": _episodes(np, rng, groups, n_hd, n_ep),
        "ssda903_oc3": _oc3(np, rng, groups, n_oc),
    }


def _frame_keys(np: Any, groups: list, counts: Any) -> dict[str, Any]:
    return {
        "la_code": np.repeat([g[0] for g in groups], counts),
        "collection_year": np.repeat([g[1] for g in groups], counts).astype(np.int16),
    }


def _source(np: Any, name: str, keys: dict[str, Any]) -> dict[str, Any]:
    n = len(keys["la_code"])
    return {
        "source_file": np.char.add(
            np.char.add(keys["la_code"], f"_{name}_"), keys["collection_year"].astype(str)
        ),
        "source_sheet": None,
        "source_row": np.arange(2, n + 2, dtype=np.int32),
        "ingest_id": np.full(n, "20250101T000000-bench", dtype=object),
    }


def _year_end(np: Any, keys: dict[str, Any]) -> Any:
    return (keys["collection_year"].astype(int) - 1970).astype("datetime64[Y]").astype(
        "datetime64[D]"
    ) + np.timedelta64(89, "D")  # 31 March (1 January + 89 days; leap years: 30 March)


def _header(np: Any, rng: Any, groups: list, counts: Any) -> dict[str, Any]:
    keys = _frame_keys(np, groups, counts)
    n = len(keys["la_code"])
    v = sample_vocabulary()
    return {
        "child": _pseudonyms(rng, n),
        "sex": _choice(rng, {"M": 55, "F": 45}, n),
        "dob": _days_before(np, _year_end(np, keys), rng.integers(0, 18 * 365, n)),
        "ethnic": _choice(rng, v.ETHNICITY_MIX, n),
        "mother": np.where(rng.random(n) < 0.02, True, None),
        "mc_dob": None,
        **keys,
        **_source(np, "header", keys),
    }


def _episodes(np: Any, rng: Any, groups: list, n_hd: Any, n_ep: Any) -> dict[str, Any]:
    keys = _frame_keys(np, groups, n_ep)
    n = len(keys["la_code"])
    header_ids = _pseudonyms(np.random.default_rng(7), int(n_hd.sum()))
    offsets = np.repeat(np.concatenate([[0], np.cumsum(n_hd)[:-1]]), n_ep)
    pick = offsets + (rng.random(n) * np.repeat(n_hd, n_ep)).astype(int)
    end = _year_end(np, keys)
    start = end - np.timedelta64(364, "D")
    decom = _days_before(np, end, rng.integers(0, 3 * 365, n))
    dec = decom + rng.integers(1, 500, n).astype("timedelta64[D]")
    # an episode in the return is open at some point of the year: none ends before it
    dec = np.where(dec < start, start + rng.integers(0, 365, n).astype("timedelta64[D]"), dec)
    ended = dec <= end
    places = {"U1": 20, "U3": 25, "U4": 10, "U6": 5, "K2": 10, "R1": 8, "P1": 7, "S1": 5, "H5": 10}
    reasons = {
        "CARPL": 3,
        "CLOSE": 1,
        "ALLEG": 1,
        "STAND": 3,
        "APPRR": 1,
        "CREQB": 1,
        "CHILD": 2,
        "LAREQ": 2,
        "PLACE": 2,
        "OTHER": 1,
    }
    districts = np.array([f"B{d}" for d in range(1, 99)] + [f"WS{d}" for d in range(1, 15)])
    return {
        "child": [header_ids[i] for i in pick],
        "decom": decom,
        "rne": _choice(rng, {"S": 40, "P": 30, "L": 10, "T": 10, "B": 5, "U": 5}, n),
        "ls": _choice(rng, {"C2": 60, "V2": 15, "J2": 2, "E1": 8, "D1": 10, "C1": 5}, n),
        "cin": _choice(rng, {f"N{d}": w for d, w in enumerate((60, 10, 5, 3, 8, 2, 5, 7), 1)}, n),
        "place": _choice(rng, places, n),
        "place_provider": _choice(rng, {f"PR{d}": 1 for d in range(6)}, n),
        "dec": np.where(ended, dec, np.datetime64("NaT")),
        "rec": np.where(
            ended, _choice(rng, {"E11": 2, "E12": 1, "E13": 3, "E4A": 2, "X1": 6}, n), None
        ),
        "reason_place_change": np.where(
            ended & (rng.random(n) < 0.5), _choice(rng, reasons, n), None
        ),
        "home_post": rng.choice(districts, n),
        "pl_post": rng.choice(districts, n),
        "urn": np.where(
            rng.random(n) < 0.3,
            "SC" + np.char.zfill(rng.integers(0, 999_999, n).astype(str), 6).astype(object),
            None,
        ),
        **keys,
        **_source(np, "episodes", keys),
    }


def _oc3(np: Any, rng: Any, groups: list, counts: Any) -> dict[str, Any]:
    keys = _frame_keys(np, groups, counts)
    n = len(keys["la_code"])
    ages = rng.choice(
        np.array([16, 17, 18, 19, 20, 21, 22]), size=n, p=np.array([1, 19, 19, 20, 20, 19, 2]) / 100
    )
    age_end = (keys["collection_year"].astype(int) - ages - 1970).astype("datetime64[Y]")
    dob = age_end.astype("datetime64[D]") + np.timedelta64(89, "D")
    dob = _days_before(np, dob, rng.integers(0, 365, n))
    touch = _choice(rng, IN_TOUCH, n)
    known = touch == "YES"
    slip = rng.random(n) < 0.004  # inconsistent codes, reported by cohort metrics
    return {
        "child": _pseudonyms(rng, n),
        "dob": dob,
        "in_touch": touch,
        "activ": np.where(known & ~slip, _choice(rng, ACTIVITIES, n), "0").astype(object),
        "accom": np.where(known, _choice(rng, ACCOMMODATION, n), "0").astype(object),
        **keys,
        **_source(np, "oc3", keys),
    }


def write_ssda903_warehouse(warehouse: Path, las: int, years: Sequence[int]) -> dict[str, int]:
    """Parquet per table in the warehouse's layout, plus a manifest naming them.

    Returns rows per table. Columns are typed by ``warehouse_schema``, exactly what ingest
    writes, so DuckDB reads the same shapes as in production.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    from cpkit.datasets import REGISTRY
    from cpkit.ingest.pipeline import warehouse_schema
    from cpkit.warehouse import DatasetState, Manifest

    manifest = Manifest()
    counts: dict[str, int] = {}
    for name, columns in ssda903_frames(las, years).items():
        schema = warehouse_schema(REGISTRY[name])
        n = len(columns["la_code"])
        arrays = [
            pa.nulls(n, field.type)
            if columns.get(field.name) is None
            else pa.array(columns[field.name], type=field.type, from_pandas=True)
            for field in schema
        ]
        table = pa.Table.from_arrays(arrays, schema=schema)
        relative = f"{name}/part-bench.parquet"
        (warehouse / name).mkdir(parents=True, exist_ok=True)
        pq.write_table(table, warehouse / relative, compression="zstd")
        present = [c for c in schema.names if table.column(c).null_count < n]
        manifest.datasets[name] = DatasetState([relative], n, present, "2025-01-01T00:00:00")
        counts[name] = n
    manifest.save(warehouse)
    return counts
