"""The children-in-care sample's other SSDA903 tables: reviews, missing, UASC, OC2 and AD1
(used by generate_cic.py). Rates are drawn to be plausible for Birmingham (reviews: nearly
every child takes part; 7% of children go missing; health checks around 90%)."""

from __future__ import annotations

import datetime as dt
import random
from typing import TYPE_CHECKING

from generate import Extract, Sample, Sheet, add_years, age_at, days, rand_date, uk, weighted

if TYPE_CHECKING:
    from generate_cic import Ep, Kid

REVIEW_CODES = {"PN1": 52, "PN2": 6, "PN3": 9, "PN4": 5, "PN5": 5, "PN6": 20, "PN7": 3}
# (children missing, missing incidents, children away, away incidents) per return
MISSING = {2023: (220, 1260, 110, 290), 2024: (210, 1150, 100, 260)}
SDQ_REASONS = {"SDQ2": 2, "SDQ3": 1, "SDQ4": 4, "SDQ5": 3}


def spans(kid: Kid) -> list[tuple[dt.date, dt.date | None]]:
    """The child's periods of care (from their first known episode), as (start, end)."""
    found: list[tuple[dt.date, dt.date | None]] = []
    start: dt.date | None = None
    for episode in kid.episodes:
        if start is None:
            start = episode.decom
        if episode.rec and episode.rec != "X1":
            found.append((start, episode.dec))
            start = None
    if start is not None:
        found.append((start, None))
    return found


def in_year(kid: Kid, first: dt.date, last: dt.date) -> list[tuple[dt.date, dt.date]]:
    """The parts of the year the child was looked after."""
    parts = []
    for start, end in spans(kid):
        low, high = max(start, first), min(end or last, last)
        if low <= high:
            parts.append((low, high))
    return parts


def write_tables(
    sample: Sample, rng: random.Random, shown: list[tuple[Kid, list[Ep]]], year: int
) -> None:
    from generate_cic import YEARS

    first, last = YEARS[year]
    kids = [kid for kid, _ in shown]
    sample.extracts.append(Extract(f"ssda903_{year}_reviews.csv", [reviews(rng, kids, year)]))
    sample.extracts.append(Extract(f"ssda903_{year}_missing.csv", [missing(rng, kids, year)]))
    uasc = Sheet(None)
    uasc.add(["CHILD", "SEX", "DOB", "DUC"])
    for kid in kids:
        if kid.uasc:
            uasc.add(
                [kid.child, "1" if kid.sex == "M" else "2", uk(kid.dob), uk(add_years(kid.dob, 18))]
            )
    sample.extracts.append(Extract(f"ssda903_{year}_uasc.csv", [uasc]))
    sample.extracts.append(Extract(f"ssda903_{year}_oc2.csv", [oc2(rng, kids, first, last)]))
    sample.extracts.append(Extract(f"ssda903_{year}_ad1.csv", [ad1(rng, kids, first, last)]))


def reviews(rng: random.Random, kids: list[Kid], year: int) -> Sheet:
    """A review 20 days into care, the next three months later, then every six months."""
    from generate_cic import YEARS

    first, last = YEARS[year]
    sheet = Sheet(None)
    sheet.add(["CHILD", "DOB", "REVIEW", "REVIEW_CODE"])
    for kid in kids:
        for start, end in spans(kid):
            review, step = start + days(20), 91
            while review <= last and (end is None or review < end):
                if review >= first:
                    young = age_at(kid.dob, review) < 4
                    code = "PN0" if young else weighted(rng, REVIEW_CODES)
                    sheet.add([kid.child, uk(kid.dob), uk(review), code])
                review, step = review + days(step), 182
    return sheet


def missing(rng: random.Random, kids: list[Kid], year: int) -> Sheet:
    """Missing (M) and away without authorisation (A) incidents of children aged 11 or more,
    each beginning on a day the child was looked after; one runs over 31 March."""
    from generate_cic import YEARS

    first, last = YEARS[year]
    children, incidents, away_children, away_incidents = MISSING[year]
    eligible = [
        k
        for k in kids
        if age_at(k.dob, last) >= 11 and sum((b - a).days for a, b in in_year(k, first, last)) > 90
    ]
    chosen = rng.sample(eligible, children + away_children)
    sheet = Sheet(None)
    sheet.add(["CHILD", "DOB", "MISSING", "MIS_START", "MIS_END"])
    rows: list[tuple[str, dt.date, str, dt.date, dt.date | None]] = []
    for kind, group, total in (
        ("M", chosen[:children], incidents),
        ("A", chosen[children:], away_incidents),
    ):
        counts = _spread(rng, total, len(group))
        for kid, n in zip(group, counts, strict=True):
            parts = in_year(kid, first, last)
            taken: set[dt.date] = set()
            n = min(n, 60)  # at most a few a week
            while len(taken) < n:
                low, high = rng.choice(parts)
                taken.add(rand_date(rng, low, high))
            for start in sorted(taken):
                end: dt.date | None = start + days(rng.choice((0, 0, 1, 1, 2, 3, 5)))
                rows.append((kid.child, kid.dob, kind, start, end))
    # an incident running over 31 March (in the 2024 return its end is not known yet), and in
    # the 2024 return the one that ran over 31 March 2023 again: counted in 2022-23 only
    over = next(k for k in chosen[:children] if in_year(k, first, last)[-1][1] == last)
    rows.append(
        (over.child, over.dob, "M", last - days(2), None if year == 2024 else last + days(2))
    )
    if year == 2024:
        since = next(k for k in chosen[:children] if in_year(k, first, last)[0][0] == first)
        rows.append((since.child, since.dob, "M", first - days(2), first + days(1)))
    seen: set[tuple[str, dt.date]] = set()
    for child, dob, kind, start, end in sorted(rows, key=lambda r: (r[0], r[3])):
        if (child, start) not in seen:
            seen.add((child, start))
            sheet.add([child, uk(dob), kind, uk(start), uk(end)])
    return sheet


def _spread(rng: random.Random, total: int, n: int) -> list[int]:
    """``total`` incidents over ``n`` children, each with at least one, a few with many."""
    counts = [1] * n
    for _ in range(total - n):
        counts[min(int(rng.expovariate(1 / (n / 4))), n - 1)] += 1
    rng.shuffle(counts)
    return counts


def oc2(rng: random.Random, kids: list[Kid], first: dt.date, last: dt.date) -> Sheet:
    """OC2 for children looked after continuously from 1 April to 31 March."""
    sheet = Sheet(None)
    sheet.add(
        [
            "CHILD",
            "DOB",
            "SDQ_SCORE",
            "SDQ_REASON",
            "CONVICTED",
            "HEALTH_CHECK",
            "IMMUNISATIONS",
            "TEETH_CHECK",
            "HEALTH_ASSESSMENT",
            "SUBSTANCE_MISUSE",
            "INTERVENTION_RECEIVED",
            "INTERVENTION_OFFERED",
        ]
    )
    for kid in kids:
        if in_year(kid, first, last) != [(first, last)]:
            continue
        age = age_at(kid.dob, last)
        score, reason = "", ""
        if 5 <= age <= 16 and rng.random() < 0.78:
            score = str(max(0, min(40, round(rng.gauss(14.5, 6.5)))))
        else:
            reason = "SDQ1" if not 5 <= age <= 16 else weighted(rng, SDQ_REASONS)
        misuse = age >= 11 and rng.random() < 0.06
        row = [
            kid.child, uk(kid.dob), score, reason,
            _flag(rng, 0.035) if age >= 10 else "",
            _flag(rng, 0.88) if age < 5 else "",
            _flag(rng, 0.85), _flag(rng, 0.87), _flag(rng, 0.9),
            "1" if misuse else "0",
            _flag(rng, 0.7) if misuse else "", _flag(rng, 0.9) if misuse else "",
        ]  # fmt: skip
        sheet.add(row)
    return sheet


def _flag(rng: random.Random, p: float) -> str:
    return "1" if rng.random() < p else "0"


def ad1(rng: random.Random, kids: list[Kid], first: dt.date, last: dt.date) -> Sheet:
    """AD1 for the children adopted during the year."""
    sheet = Sheet(None)
    sheet.add(
        [
            "CHILD",
            "DOB",
            "DATE_INT",
            "DATE_MATCH",
            "FOSTER_CARE",
            "NB_ADOPTR",
            "SEX_ADOPTR",
            "LS_ADOPTR",
        ]
    )
    for kid in kids:
        if kid.adopted is None or not first <= (kid.current.dec or last) <= last:
            continue
        decision, match, foster_carers = kid.adopted
        couple = rng.random() < 0.85
        sex = weighted(rng, {"MF": 80, "MM": 10, "FF": 10}) if couple else rng.choice(("F", "M"))
        status = weighted(rng, {"L0": 60, "L11": 25, "L2": 5}) if couple else "L12"
        sheet.add(
            [
                kid.child,
                uk(kid.dob),
                uk(decision),
                uk(match),
                "1" if foster_carers else "0",
                "2" if couple else "1",
                sex,
                status,
            ]
        )
    return sheet
