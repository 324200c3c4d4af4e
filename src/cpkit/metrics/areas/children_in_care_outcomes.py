"""Children in care: going missing, their voice in reviews, health and adoption timeliness.

From the SSDA903 missing, reviews, OC2 and AD1 tables of the collection year, with the
episodes for who was looked after (DfE's methods, as in ``children_in_care``):

- missing and away from placement without authorisation: incidents that began during the
  year, for children looked after at any time during it (an incident running over 31 March is
  the year it began in);
- participation in reviews: reviews held during the year by REVIEW_CODE, PN0 (a child under 4)
  left out, PN1 to PN6 (the child's views were conveyed) of PN1 to PN7;
- OC2 outcomes: children looked after continuously for at least 12 months at 31 March;
- adoption timeliness (A10, A2): children adopted during the year.
"""

from __future__ import annotations

import datetime as dt
from statistics import mean, median

from cpkit.metrics.areas.children_in_care import looked_after, the_return
from cpkit.metrics.context import MetricContext, Tables, Value, count, share
from cpkit.metrics.registry import metric
from cpkit.metrics.ssda903 import ADOPTION_PLACEMENTS, Child, months_before_april
from cpkit.periods import age_at

PARTICIPATION = {
    "PN1": "Attended and spoke for themselves",
    "PN2": "Attended and an advocate spoke for them",
    "PN3": "Attended and conveyed their views symbolically",
    "PN4": "Attended but did not convey their views",
    "PN5": "Did not attend; briefed an advocate to speak for them",
    "PN6": "Did not attend; conveyed their views by another means",
    "PN7": "Did not attend and their views were not conveyed",
}
PARTICIPATED = ("PN1", "PN2", "PN3", "PN4", "PN5", "PN6")
ADVOCATE = ("PN2", "PN5")
ADOPTED = ("E11", "E12")
COURT_AUTHORITY = ("E1", "D1")  # LS: placement order granted; freeing order (before 2005)


# --------------------------------------------------------------------------- missing


def _incidents(t: Tables, c: MetricContext, kind: str) -> tuple[set[tuple[str, str]], int]:
    """Children looked after during the year with an incident of ``kind`` (M missing, A away
    without authorisation) beginning in the year, and the number of those incidents."""
    during = {child.key for child in the_return(t, c).looked_after_during(c.start, c.end)}
    rows = t.rows(
        "SELECT la_code, child FROM ssda903_missing WHERE collection_year = ? AND missing = ? "
        "AND mis_start BETWEEN ? AND ?",
        c.year.collection_year,
        kind,
        c.start,
        c.end,
    )
    counted = [key for key in rows if key in during]
    return set(counted), len(counted)


def _went(t: Tables, c: MetricContext, kind: str) -> Value:
    children, incidents = _incidents(t, c, kind)
    during = len(the_return(t, c).looked_after_during(c.start, c.end))
    value = share(len(children), during)
    value.extra["incidents"] = incidents
    value.extra["incidents_per_child"] = incidents / len(children) if children else None
    return value


_MISSING_INPUTS = ["ssda903_episodes", "ssda903_missing"]


@metric(
    "children_in_care.went_missing",
    title="Children looked after during the year who went missing",
    definition="Children looked after at any time during the year who had at least one "
    "missing incident (SSDA903 MISSING M) beginning in the year, as a share of all children "
    "looked after during the year; with the number of incidents and incidents per child.",
    unit="proportion",
    inputs=_MISSING_INPUTS,
    timing="in_year",
    polarity="lower",
    counts="children",
    extra_counts={"incidents": "incidents"},
)
def went_missing(t: Tables, c: MetricContext) -> Value:
    return _went(t, c, "M")


@metric(
    "children_in_care.missing_incidents",
    title="Missing incidents of children looked after",
    definition="Missing incidents (SSDA903 MISSING M) beginning during the year, of children "
    "looked after during the year; an incident running over 31 March counts in the year it "
    "began.",
    unit="count",
    inputs=_MISSING_INPUTS,
    timing="in_year",
    counts="incidents",
    polarity="lower",
)
def missing_incidents(t: Tables, c: MetricContext) -> Value:
    return count(_incidents(t, c, "M")[1])


@metric(
    "children_in_care.away_without_authorisation",
    title="Children looked after during the year who were away from placement without "
    "authorisation",
    definition="Children looked after at any time during the year who were away from their "
    "placement without authorisation at least once (SSDA903 MISSING A) in the year, as a "
    "share of all children looked after during the year; with the number of incidents.",
    unit="proportion",
    inputs=_MISSING_INPUTS,
    timing="in_year",
    polarity="lower",
    counts="children",
    extra_counts={"incidents": "incidents"},
)
def away(t: Tables, c: MetricContext) -> Value:
    return _went(t, c, "A")


@metric(
    "children_in_care.away_incidents",
    title="Incidents of children looked after away from placement without authorisation",
    definition="Incidents beginning during the year of a child looked after being away from "
    "their placement without authorisation (SSDA903 MISSING A).",
    unit="count",
    inputs=_MISSING_INPUTS,
    timing="in_year",
    counts="incidents",
    polarity="lower",
)
def away_incidents(t: Tables, c: MetricContext) -> Value:
    return count(_incidents(t, c, "A")[1])


# --------------------------------------------------------------------------- reviews


def _review_codes(t: Tables, c: MetricContext) -> dict[str, int]:
    rows = t.rows(
        "SELECT review_code, count(*) FROM ssda903_reviews WHERE collection_year = ? "
        "AND review BETWEEN ? AND ? GROUP BY 1",
        c.year.collection_year,
        c.start,
        c.end,
    )
    return {code: n for code, n in rows}


@metric(
    "children_in_care.review_participation",
    title="Reviews of children looked after in which the child's views were conveyed",
    definition="Reviews of children looked after held during the year in which the child "
    "took part or their views were conveyed (SSDA903 REVIEW_CODE PN1 to PN6), as a share of "
    "reviews coded PN1 to PN7; reviews of children under 4 (PN0) are left out. The breakdown "
    "shows each way of taking part.",
    unit="proportion",
    inputs=["ssda903_reviews"],
    timing="in_year",
    polarity="higher",
    breakdown="participation",
    counts="reviews",
    extra_counts={"under_4_pn0": "reviews", "other_codes": "reviews"},
)
def review_participation(t: Tables, c: MetricContext) -> list[Value]:
    codes = _review_codes(t, c)
    total = sum(codes.get(code, 0) for code in PARTICIPATION)
    headline = share(sum(codes.get(code, 0) for code in PARTICIPATED), total)
    headline.extra["under_4_pn0"] = codes.get("PN0", 0)
    headline.extra["other_codes"] = sum(
        n for code, n in codes.items() if code not in (*PARTICIPATION, "PN0")
    )
    return [
        headline,
        *(
            share(codes.get(code, 0), total, participation=label)
            for code, label in PARTICIPATION.items()
        ),
    ]


@metric(
    "children_in_care.review_advocate_supported",
    title="Reviews of children looked after in which an advocate spoke for the child",
    definition="Reviews held during the year in which an advocate conveyed the child's views "
    "(REVIEW_CODE PN2: the child attended and an advocate spoke for them; PN5: the child "
    "briefed an advocate), as a share of reviews coded PN1 to PN7 (PN0 left out).",
    unit="proportion",
    inputs=["ssda903_reviews"],
    timing="in_year",
    counts="reviews",
    polarity="neither",
)
def review_advocate_supported(t: Tables, c: MetricContext) -> Value:
    codes = _review_codes(t, c)
    total = sum(codes.get(code, 0) for code in PARTICIPATION)
    return share(sum(codes.get(code, 0) for code in ADVOCATE), total)


# --------------------------------------------------------------------------- OC2 outcomes


_OC2_COLUMNS = (
    "dob",
    "sdq_score",
    "convicted",
    "health_check",
    "immunisations",
    "teeth_check",
    "health_assessment",
    "substance_misuse",
)


def oc2_cohort(t: Tables, c: MetricContext) -> list[dict]:
    """OC2 records of children looked after continuously for at least 12 months at 31 March
    (by the episodes), each with the child's age on 31 March. Memoised per year."""

    def load() -> list[dict]:
        since = months_before_april(c.end, 12)
        cohort = {
            child.key for child in looked_after(t, c) if child.looked_after_since(since, c.end)
        }
        rows = t.rows(
            f"SELECT la_code, child, {', '.join(_OC2_COLUMNS)} FROM ssda903_oc2 "
            "WHERE collection_year = ?",
            c.year.collection_year,
        )
        records = []
        for la, child, *values in rows:
            if (la, child) in cohort:
                record = dict(zip(_OC2_COLUMNS, values, strict=True))
                record["age"] = age_at(record["dob"], c.end) if record["dob"] else None
                records.append(record)
        return records

    records: list[dict] = t.memo(("children_in_care.oc2", c.year), load)
    return records


def _oc2_share(t: Tables, c: MetricContext, column: str, low: int = 0, high: int = 99) -> Value:
    records = [r for r in oc2_cohort(t, c) if r["age"] is not None and low <= r["age"] <= high]
    return share(sum(1 for r in records if r[column]), len(records))


_OC2_INPUTS = ["ssda903_episodes", "ssda903_oc2"]
_OC2_COHORT = "children looked after continuously for at least 12 months at 31 March"


def _declare_oc2(
    name: str, title: str, what: str, column: str, ages: tuple[int, int], polarity: str
) -> None:
    low, high = ages
    who = _OC2_COHORT if ages == (0, 99) else f"{_OC2_COHORT} aged {low} to {high}"

    @metric(
        f"children_in_care.{name}",
        title=title,
        definition=f"Of {who} (with an SSDA903 OC2 record), the share {what}.",
        unit="proportion",
        inputs=[*_OC2_INPUTS, f"ssda903_oc2.{column}"],
        timing="year_end",
        counts="children",
        polarity=polarity,  # type: ignore[arg-type]
    )
    def compute(t: Tables, c: MetricContext) -> Value:
        return _oc2_share(t, c, column, low, high)


for _args in (
    (
        "health_assessments",
        "Children looked after for 12 months with their health assessment up to date",
        "whose annual health assessment was up to date (HEALTH_ASSESSMENT)",
        "health_assessment",
        (0, 99),
        "higher",
    ),
    (
        "dental_checks",
        "Children looked after for 12 months whose teeth were checked by a dentist",
        "whose teeth were checked by a dentist during the year (TEETH_CHECK)",
        "teeth_check",
        (0, 99),
        "higher",
    ),
    (
        "immunisations",
        "Children looked after for 12 months with immunisations up to date",
        "whose immunisations were up to date (IMMUNISATIONS)",
        "immunisations",
        (0, 99),
        "higher",
    ),
    (
        "development_assessments",
        "Children under 5 looked after for 12 months with development assessments up to date",
        "whose development assessments were up to date (HEALTH_CHECK)",
        "health_check",
        (0, 4),
        "higher",
    ),
    (
        "convictions",
        "Children aged 10 to 17 looked after for 12 months convicted or given a youth caution",
        "convicted or subject to a youth caution or youth conditional caution "
        "during the year (CONVICTED)",
        "convicted",
        (10, 17),
        "lower",
    ),
    (
        "substance_misuse",
        "Children looked after for 12 months identified as having a substance misuse problem",
        "identified as having a substance misuse problem during the year (SUBSTANCE_MISUSE)",
        "substance_misuse",
        (0, 99),
        "lower",
    ),
):
    _declare_oc2(*_args)


@metric(
    "children_in_care.oc2_cohort",
    title="Children looked after continuously for 12 months at 31 March",
    definition="Children looked after at 31 March who had been looked after continuously for "
    "at least 12 months (since 1 April of the year before) and have an SSDA903 OC2 record: "
    "the children the health and wellbeing outcomes describe.",
    unit="count",
    inputs=_OC2_INPUTS,
    timing="year_end",
    counts="children",
    polarity="neither",
)
def oc2_cohort_count(t: Tables, c: MetricContext) -> Value:
    return count(len(oc2_cohort(t, c)))


def _sdq(t: Tables, c: MetricContext) -> tuple[list[int], int]:
    records = [r for r in oc2_cohort(t, c) if r["age"] is not None and 5 <= r["age"] <= 16]
    return [r["sdq_score"] for r in records if r["sdq_score"] is not None], len(records)


@metric(
    "children_in_care.sdq_completed",
    title="Children aged 5 to 16 looked after for 12 months with an SDQ score",
    definition=f"Of {_OC2_COHORT} aged 5 to 16, the share with a strengths and difficulties "
    "questionnaire (SDQ) score recorded in OC2.",
    unit="proportion",
    inputs=[*_OC2_INPUTS, "ssda903_oc2.dob"],
    timing="year_end",
    polarity="higher",
    counts="children",
)
def sdq_completed(t: Tables, c: MetricContext) -> Value:
    scores, total = _sdq(t, c)
    return share(len(scores), total)


@metric(
    "children_in_care.sdq_mean",
    title="Average SDQ score of children aged 5 to 16 looked after for 12 months",
    definition=f"The mean strengths and difficulties questionnaire score (0 to 40; 17 or more "
    f"is a cause for concern) of {_OC2_COHORT} aged 5 to 16 with a score, as DfE publishes it.",
    unit="ratio",
    inputs=[*_OC2_INPUTS, "ssda903_oc2.sdq_score"],
    timing="year_end",
    polarity="lower",
    counts="children",
    base="children",
    extra_counts={"concern_17_plus": "children"},
)
def sdq_mean(t: Tables, c: MetricContext) -> Value:
    scores, _ = _sdq(t, c)
    return Value(
        mean(scores) if scores else None,
        {},
        base=len(scores),
        extra={"concern_17_plus": sum(1 for s in scores if s >= 17)},
    )


# --------------------------------------------------------------------------- adoption


def _adopted(t: Tables, c: MetricContext) -> list[tuple[Child, dt.date]]:
    """Children adopted during the year, with the day care ended."""
    found = []
    for child in the_return(t, c).children.values():
        endings = [e for e in child.endings(c.start, c.end) if e.rec in ADOPTED]
        if endings and endings[-1].dec is not None:
            found.append((child, endings[-1].dec))
    return found


def _days_value(days: list[int], left_out: int) -> Value:
    """The mean of the children's days (their median beside it); children whose dates are not
    recorded, or are in the wrong order, are left out and counted."""
    kept = [d for d in days if d >= 0]
    return Value(
        mean(kept) if kept else None,
        {},
        base=len(kept),
        extra={
            "median": median(kept) if kept else None,
            "left_out_dates_not_recorded": left_out + len(days) - len(kept),
        },
    )


@metric(
    "children_in_care.adoption_a10",
    title="Average days from entering care to moving in with the adoptive family (A10)",
    definition="For children adopted during the year, the average (mean) number of days from "
    "entering care (the start of the period of care that ended in adoption) to moving in with "
    "the family who adopted them (the start of the adoptive placement, or of living with "
    "those carers if they were the child's foster carers first): DfE's adoption scorecard "
    "measure A10.",
    unit="days",
    inputs=["ssda903_episodes", "ssda903_ad1"],
    timing="in_year",
    polarity="lower",
    counts="children",
    base="children",
    extra_counts={"left_out_dates_not_recorded": "children"},
)
def adoption_a10(t: Tables, c: MetricContext) -> Value:
    days, left_out = [], 0
    for child, ended in _adopted(t, c):
        day_before = ended - dt.timedelta(days=1)
        period = child.period_start(day_before)
        moved_in = _moved_in_with_adopters(child, day_before)
        if period is None or not period[1] or moved_in is None:
            left_out += 1
        else:
            days.append((moved_in - period[0]).days)
    return _days_value(days, left_out)


def _moved_in_with_adopters(child: Child, day: dt.date) -> dt.date | None:
    """When the child began living with the carers of their adoptive placement."""
    adoptive = [s for s in child.stays if s.place in ADOPTION_PLACEMENTS and s.start <= day]
    if not adoptive:
        return None
    carer = child.carer_since(adoptive[-1].start)
    return carer[0] if carer is not None else adoptive[-1].start


@metric(
    "children_in_care.adoption_a2",
    title="Average days from court authority to place to the match with adopters (A2)",
    definition="For children adopted during the year, the average (mean) number of days "
    "from the local authority receiving court authority to place the child for adoption (the "
    "placement order: the first episode with legal status E1, or D1) to deciding on a match "
    "with the adoptive family (DATE_MATCH in SSDA903 AD1): DfE's adoption scorecard measure "
    "A2.",
    unit="days",
    inputs=["ssda903_episodes", "ssda903_ad1.date_match"],
    timing="in_year",
    polarity="lower",
    counts="children",
    base="children",
    extra_counts={"left_out_dates_not_recorded": "children"},
)
def adoption_a2(t: Tables, c: MetricContext) -> Value:
    matches = {
        (la, child): match
        for la, child, match in t.rows(
            "SELECT la_code, child, date_match FROM ssda903_ad1 WHERE collection_year = ?",
            c.year.collection_year,
        )
    }
    days, left_out = [], 0
    for child, ended in _adopted(t, c):
        period = child.period_start(ended - dt.timedelta(days=1))
        began = period[0] if period else ended
        order = next(
            (e.decom for e in child.episodes if e.ls in COURT_AUTHORITY and e.decom >= began),
            None,
        )
        match = matches.get(child.key)
        if order is None or match is None:
            left_out += 1
        else:
            days.append((match - order).days)
    return _days_value(days, left_out)
