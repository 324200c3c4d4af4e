"""The machine-readable output (cpkit.metrics.output) against the contract in interfaces.md:
the JSON document's keys and types, unrounded values, numerator and denominator on every
proportion, and CSV records that are the JSON records flattened."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from typing import Any

import pytest

from cpkit import __version__
from cpkit.config import settings_from_dict
from cpkit.csvcells import csv_value
from cpkit.metrics.engine import AreaResult, Engine
from cpkit.metrics.output import area_json, dumps_csv, dumps_json
from cpkit.metrics.registry import UNITS, metrics_for_area
from cpkit.metrics.suppression import suppress_area
from cpkit.metrics.testing import tables_from_rows
from cpkit.periods import FinancialYear

YEAR = FinancialYear(2023)
SETTINGS = settings_from_dict(
    {
        "la": {"code": "330"},
        "targets": {"apprenticeships.in_post": 30},
        "corporate_parenting": {"themes": ["Voice", "Health", "Home"]},
    }
)


def _tables() -> dict[str, list[dict[str, Any]]]:
    d = dt.date
    return {
        # no advocate_id, icpc or issue: those metrics are reported as missing inputs
        "advocacy_referrals": [
            {
                "referral_id": f"R{i}",
                "child_id": f"C{i % 5}",
                "referral_date": d(2023, 5, 1 + i),
                "cohort": ("CIC", "CP", "CIN")[i % 3],
                "disability": i % 2 == 0,
            }
            for i in range(7)
        ]
        + [
            {
                "referral_id": "P1",
                "child_id": "C9",
                "referral_date": d(2022, 7, 1),
                "cohort": "CIC",
                "disability": True,
            }
        ],
        "apprentices": [
            {
                "apprentice_id": "A1",
                "start_date": d(2022, 9, 1),
                "funding": "PROGRAMME",
                "level": "3",
            },
            {
                "apprentice_id": "A2",
                "start_date": d(2023, 6, 1),
                "funding": "SERVICE",
                "level": "2",
                "end_date": d(2024, 1, 31),
                "epa_grade": "PASS",
                "destination": "EDUCATION",
            },
            {
                "apprentice_id": "A3",
                "start_date": d(2023, 7, 1),
                "funding": "PARTNER",
                "level": "4",
                "end_date": d(2024, 2, 1),
                "epa_grade": "FAIL",
                "destination": "NEET",
            },
        ],
        "participation_events": [
            {
                "event_id": "E1",
                "event_date": d(2023, 5, 1),
                "event_type": "GROUP_SESSION",
                "group": "Children in Care Council",
                "attendees": 9,
                "young_people": 7,
                "paid": False,
                "title": "May session",
            },
            {
                "event_id": "E2",
                "event_date": d(2023, 9, 1),
                "event_type": "CONSULTATION",
                "attendees": 12,
                "young_people": 12,
                "paid": True,
                "title": "Pledge",
            },
        ],
        "board_meetings": [
            {"meeting_date": d(2023, 6, 1), "themes": "voice; HOME", "takeover": True},
            {"meeting_date": d(2023, 12, 1), "themes": "Voice", "takeover": False},
        ],
        "board_actions": [
            {
                "action_id": "K1",
                "raised_date": d(2023, 6, 1),
                "ask": "Wi-fi",
                "delivered_date": d(2023, 7, 1),
            },
            {"action_id": "K2", "raised_date": d(2023, 6, 1), "ask": "Bus passes"},
            {"action_id": "K3", "raised_date": d(2023, 12, 1), "ask": "Gym"},
        ],
        "ssda903_oc3": [
            {
                "child": f"L{i}",
                "dob": d(2006, 1 + i, 1),
                "in_touch": "YES",
                "activ": ("F1", "G5", "F5")[i % 3],
                "accom": "B1",
                "collection_year": 2024,
            }
            for i in range(6)
        ],
    }


ENGINE = Engine(tables_from_rows(_tables(), la_code="330"), SETTINGS, la_code="330")
AREAS = ["advocacy", "apprenticeships", "participation", "corporate-parenting", "care-leavers"]


def _area(name: str, public: bool = False) -> AreaResult:
    result = ENGINE.area(name, YEAR)
    return suppress_area(result, 5) if public else result


TOP_KEYS = {
    "area": str,
    "year": str,
    "la_code": str,
    "period_start": str,
    "period_end": str,
    "cpkit_version": str,
    "software": dict,  # what computed the figures: cpkit, its libraries, Python
    "metrics": list,
}
RECORD_KEYS = {"id", "title", "unit", "group", "value", "numerator", "denominator", "comparisons"}
NUMBER_COMPARISONS = (
    "prior_year",
    "change",
    "change_pct",
    "base_year",
    "target",
    "england",
    "region",
    "statistical_neighbours",
)


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


@pytest.mark.parametrize("public", [False, True])
@pytest.mark.parametrize("name", AREAS)
def test_json_document_matches_the_contract(name: str, public: bool) -> None:
    document = json.loads(dumps_json(_area(name, public)))
    for key, kind in TOP_KEYS.items():
        assert isinstance(document[key], kind), key
    assert set(document) <= {
        *TOP_KEYS,
        "suppression",
        "notes",
        "definitions",
        "sources",
        "not_computed",
    }
    not_computed = {r["id"]: r["message"] for r in document["metrics"] if r.get("status")}
    assert {m["id"]: m["reason"] for m in document["not_computed"]} == not_computed
    for metric_id, about in document["definitions"].items():
        assert metric_id.startswith(document["metrics"][0]["id"].split(".")[0])
        assert about["definition"].endswith(".") and about["timing"]
    assert document["area"] == name
    assert document["year"] == "2023-24"
    assert document["la_code"] == "330"
    assert document["period_start"] == "2023-04-01" and document["period_end"] == "2024-03-31"
    assert document["cpkit_version"] == __version__
    assert ("suppression" in document) is public
    ids = {s.id for s in metrics_for_area(name)}
    assert {r["id"] for r in document["metrics"]} == ids  # every metric appears, once or more
    for record in document["metrics"]:
        label = f"{record['id']} {record['group']}"
        assert set(record) >= RECORD_KEYS, label
        assert isinstance(record["id"], str) and record["id"] in ids
        assert isinstance(record["title"], str) and record["title"]
        assert record["unit"] in UNITS
        assert isinstance(record["group"], dict)
        assert all(isinstance(k, str) and isinstance(v, str) for k, v in record["group"].items())
        assert record["value"] is None or _is_number(record["value"]), label
        for part in ("numerator", "denominator"):
            assert record[part] is None or isinstance(record[part], int), label
        assert isinstance(record["comparisons"], dict), label
        for key in NUMBER_COMPARISONS:
            if key in record["comparisons"]:
                value = record["comparisons"][key]
                assert value is None or _is_number(value), f"{label} {key}={value!r}"
        if record.get("suppressed"):
            assert record["suppressed"] is True and record["value"] is None
        if record["value"] is None and "status" not in record and not record.get("suppressed"):
            # nothing to divide by: a proportion with a zero denominator (never a silent gap)
            assert record["unit"] == "proportion" or record["id"] == "participation.largest_event"


@pytest.mark.parametrize("name", AREAS)
def test_every_proportion_carries_numerator_and_denominator(name: str) -> None:
    for record in area_json(_area(name))["metrics"]:
        if record["unit"] != "proportion" or record.get("status"):
            continue
        assert isinstance(record["numerator"], int), record
        assert isinstance(record["denominator"], int), record
        if record["denominator"]:
            assert record["value"] == record["numerator"] / record["denominator"]  # unrounded
        else:
            assert record["value"] is None


def test_values_are_unrounded_and_counts_are_integers() -> None:
    records = area_json(_area("advocacy"))["metrics"]
    cic = next(r for r in records if r["group"] == {"cohort": "CIC"})
    assert cic["numerator"] == 3 and cic["denominator"] == 7
    assert cic["value"] == 3 / 7  # 0.428571..., not 0.4286 or 43
    text = dumps_json(_area("advocacy"))
    assert "0.42857142857142855" in text
    referrals = next(r for r in records if r["id"] == "advocacy.referrals")
    assert referrals["value"] == 7 and isinstance(referrals["value"], int)
    assert re.search(r'"value": 7,', text)
    assert referrals["comparisons"]["prior_year"] == 1
    assert referrals["comparisons"]["change"] == 6
    assert referrals["comparisons"]["change_pct"] == 600.0
    eet = next(
        r
        for r in area_json(_area("care-leavers"))["metrics"]
        if r["id"] == "care_leavers.eet_17_18"
    )
    # ages 18,18,18,17,17,17 on 31/3/2024; F1 F5 F1 F5 EET, G5 G5 NEET -> 4 of 6
    assert (eet["numerator"], eet["denominator"], eet["value"]) == (4, 6, 4 / 6)


def test_a_headline_has_an_empty_group_and_breakdowns_are_separate_records() -> None:
    records = [
        r
        for r in area_json(_area("apprenticeships"))["metrics"]
        if r["id"] == "apprenticeships.in_post"
    ]
    assert [r["group"] for r in records] == [
        {},
        {"funding": "PROGRAMME"},
        {"funding": "SERVICE"},
        {"funding": "PARTNER"},
    ]
    assert [r["value"] for r in records] == [1, 1, 0, 0]
    assert records[0]["comparisons"]["target"] == 30


def test_a_metric_that_could_not_be_computed_appears_once_with_its_status() -> None:
    records = [
        r
        for r in area_json(_area("advocacy"))["metrics"]
        if r["id"] == "advocacy.referrals_per_advocate"
    ]
    assert len(records) == 1
    record = records[0]
    assert record["status"] == "missing_input"
    assert "advocate_id" in record["message"]
    assert record["value"] is None and record["group"] == {}
    assert record["numerator"] is None and record["denominator"] is None


def test_labelled_variants_carry_their_label() -> None:
    records = area_json(_area("care-leavers"))["metrics"]
    known = next(r for r in records if r["id"] == "care_leavers.eet_known_17_18")
    assert known["label"] == "known-only"
    dfe = next(r for r in records if r["id"] == "care_leavers.eet_17_18")
    assert "label" not in dfe


def test_json_is_one_object_that_round_trips() -> None:
    area = _area("corporate-parenting")
    text = dumps_json(area)
    assert json.loads(text) == json.loads(json.dumps(area_json(area), default=str))
    assert text.lstrip().startswith("{") and text.rstrip().endswith("}")


# ----------------------------------------------------------------------------- CSV


def _csv(area: AreaResult) -> tuple[list[str], list[dict[str, str]]]:
    reader = csv.DictReader(io.StringIO(dumps_csv(area)))
    return list(reader.fieldnames or []), list(reader)


@pytest.mark.parametrize("public", [False, True])
@pytest.mark.parametrize("name", AREAS)
def test_csv_has_one_row_per_json_record(name: str, public: bool) -> None:
    area = _area(name, public)
    records = area_json(area)["metrics"]
    header, rows = _csv(area)
    assert len(rows) == len(records)
    assert len(header) == len(set(header))
    for key in (
        "area",
        "year",
        "la_code",
        "id",
        "title",
        "unit",
        "value",
        "numerator",
        "denominator",
        "suppressed",
        "label",
        "status",
    ):
        assert key in header
    group_keys = sorted({k for r in records for k in r["group"]})
    assert [h for h in header if h.startswith("group.")] == [f"group.{k}" for k in group_keys]
    for row, record in zip(rows, records, strict=True):
        assert row["id"] == record["id"]
        assert row["area"] == name and row["year"] == "2023-24" and row["la_code"] == "330"
        for key in group_keys:
            assert row[f"group.{key}"] == record["group"].get(key, "")
        assert row["value"] == str(csv_value(record["value"]))  # no float noise
        assert row["suppressed"] == ("true" if record.get("suppressed") else "false")
        for key, value in record.get("comparisons", {}).items():
            assert row[key] == str(csv_value(value)), key
            if isinstance(value, float):
                assert float(row[key]) == pytest.approx(value, rel=1e-11), key


def test_csv_flattens_groups_as_group_columns() -> None:
    header, rows = _csv(_area("participation"))
    assert "group.event_type" in header and "group.group" in header
    council = [r for r in rows if r["group.group"] == "Children in Care Council"]
    assert len(council) == 1
    assert council[0]["id"] == "participation.active_groups" and council[0]["value"] == "1"
    headline = next(
        r for r in rows if r["id"] == "participation.events" and not r["group.event_type"]
    )
    assert headline["value"] == "2"
