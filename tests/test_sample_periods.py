"""The sample for Q3 2023-24 and for 2023-24 to 31 December, recounted from the raw extracts.

Each expected figure is counted here straight from the sample's CSV and workbook rows (the
faulty rows that data/sample/README.md lists as quarantined left out), with none of cpkit's
reading or metric code, and pinned as a number so that a change to the sample shows up.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from cpkit.metrics import compute_area
from cpkit.metrics.engine import AreaResult, Figure
from cpkit.periods import Period

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample"
Q3 = Period.parse("2023-24-Q3")  # 1 October to 31 December 2023
YTD = Period.parse("2023-24-to-2023-12-31")  # 1 April to 31 December 2023
# rows data/sample/README.md lists as quarantined (Excel row numbers; CSV header = row 1)
ADVOCACY_QUARANTINED = {1194, 1424, 1607, 1700, 1701, 1787, 1863}
IV_REFERRALS_QUARANTINED = {80}
IV_VOLUNTEERS_QUARANTINED = {56}


def _day(cell: Any) -> dt.date | None:
    """A date cell as the extracts write it: a date, an Excel serial number or dd/mm/yyyy."""
    if isinstance(cell, dt.datetime):
        return cell.date()
    if isinstance(cell, dt.date):
        return cell
    if isinstance(cell, int | float) and cell:
        return dt.date(1899, 12, 30) + dt.timedelta(days=int(cell))
    text = str(cell or "").strip()
    return dt.datetime.strptime(text, "%d/%m/%Y").date() if text else None


def _advocacy_dates() -> list[tuple[str, dt.date]]:
    """(child, referral date) of every referral row that ingest keeps."""
    with (SAMPLE / "advocacy_referrals_2021-22_to_2023-24.csv").open(encoding="utf-8-sig") as f:
        rows = list(csv.reader(f))
    header = rows[0]
    child, date = header.index("Eclipse ID"), header.index("Date of Referral")
    return [
        (row[child], _day(row[date]))  # type: ignore[misc]
        for number, row in enumerate(rows[1:], start=2)
        if number not in ADVOCACY_QUARANTINED and any(cell.strip() for cell in row)
    ]


def _sheet(name: str, quarantined: set[int]) -> list[dict[str, Any]]:
    from python_calamine import CalamineWorkbook

    path = SAMPLE / "independent_visitors_extract_2024-03-31.xlsx"
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_name(name).to_python()
    start = next(i for i, row in enumerate(rows) if str(row[0]).endswith("Ref"))
    header = rows[start]
    return [
        dict(zip(header, row, strict=True))
        for number, row in enumerate(rows[start + 1 :], start=start + 2)
        if number not in quarantined and any(str(cell).strip() for cell in row)
    ]


def _iv_children_at(day: dt.date) -> tuple[set[str], set[str]]:
    """(matched, awaiting) children at the end of ``day``, by the documented definitions."""
    rows = _sheet("Referrals", IV_REFERRALS_QUARANTINED)
    matched = {
        r["Child Ref"]
        for r in rows
        if (m := _day(r["Date Matched"]))
        and m <= day
        and not ((end := _day(r["Match Ended"])) and end <= day)
    }
    awaiting = {
        r["Child Ref"]
        for r in rows
        if _day(r["Date of Referral"]) <= day  # type: ignore[operator]
        and not ((closed := _day(r["Date Closed"])) and closed <= day)
    }
    return matched, awaiting - matched


def _volunteers_at(day: dt.date) -> int:
    rows = _sheet("Volunteers", IV_VOLUNTEERS_QUARANTINED)
    return sum(
        1
        for r in rows
        if _day(r["Date Approved"]) <= day  # type: ignore[operator]
        and not ((left := _day(r["Date Left"])) and left <= day)
    )


@pytest.fixture(scope="module")
def computed(sample_workspace) -> dict[tuple[str, Period], AreaResult]:  # type: ignore[no-untyped-def]
    return {
        (area, period): compute_area(sample_workspace, area, period)
        for area in ("advocacy", "iv")
        for period in (Q3, YTD)
    }


def _headline(computed: dict, area: str, period: Period, metric_id: str) -> Figure:  # type: ignore[type-arg]
    figure = computed[(area, period)].result(metric_id).headline
    assert figure is not None
    return figure


def _in(period: Period) -> tuple[int, int]:
    """Advocacy referrals and distinct children referred in ``period``."""
    found = [(c, d) for c, d in _advocacy_dates() if d in period]
    return len(found), len({c for c, _ in found})


def test_advocacy_q3_and_year_to_date_recounted_from_the_extract(computed) -> None:  # type: ignore[no-untyped-def]
    # Q3: 177 referrals of 175 children; Q3 2022-23: 174; Q2 2023-24: 162
    assert _in(Q3) == (177, 175)
    assert (_in(Q3.prior)[0], _in(Q3.previous_quarter)[0]) == (174, 162)  # type: ignore[arg-type]
    # to 31 December: 519 referrals of 489 children; 2022-23 to 31 December: 467
    assert _in(YTD) == (519, 489)
    assert _in(YTD.prior)[0] == 467
    for period in (Q3, YTD):
        referrals = _headline(computed, "advocacy", period, "advocacy.referrals")
        children = _headline(computed, "advocacy", period, "advocacy.children_referred")
        assert (referrals.value, children.value) == _in(period)
        assert referrals.comparisons.prior is not None
        assert referrals.comparisons.prior.value == _in(period.prior)[0]
        assert referrals.comparisons.prior.label == period.prior.label
    previous = _headline(computed, "advocacy", Q3, "advocacy.referrals").comparisons.previous
    assert previous is not None and (previous.label, previous.value) == ("Q2 2023-24", 162)


def test_independent_visitors_snapshot_on_31_december_recounted(computed) -> None:  # type: ignore[no-untyped-def]
    day = dt.date(2023, 12, 31)
    matched, awaiting = _iv_children_at(day)
    assert (len(matched), len(awaiting), _volunteers_at(day)) == (35, 40, 44)
    before, waiting_before = _iv_children_at(dt.date(2022, 12, 31))
    assert (len(before), len(waiting_before)) == (25, 28)
    assert len(_iv_children_at(dt.date(2023, 9, 30))[0]) == 28  # end of Q2
    for period in (Q3, YTD):  # both end on 31 December: the same snapshot
        for metric_id, expected, prior in (
            ("iv.children_matched", 35, 25),
            ("iv.children_awaiting", 40, 28),
            ("iv.volunteers", 44, _volunteers_at(dt.date(2022, 12, 31))),
        ):
            figure = _headline(computed, "iv", period, metric_id)
            assert figure.value == expected, metric_id
            assert figure.comparisons.prior is not None
            assert figure.comparisons.prior.value == prior, metric_id


def test_independent_visitor_referrals_in_q3_and_to_date(computed) -> None:  # type: ignore[no-untyped-def]
    dates = [_day(r["Date of Referral"]) for r in _sheet("Referrals", IV_REFERRALS_QUARANTINED)]
    for period, expected in ((Q3, 4), (YTD, 20)):
        assert sum(1 for d in dates if d in period) == expected
        assert _headline(computed, "iv", period, "iv.referrals").value == expected
