"""Develop Me mentoring (datasets mentees, mentors): matches, waiting, outcomes."""

from __future__ import annotations

from cpkit.datasets.codelists import GENDER, MENTORING_OUTCOME
from cpkit.metrics.context import (
    MetricContext,
    Tables,
    Value,
    breakdown,
    count,
    share,
)
from cpkit.metrics.context import days_to_match as shared_days_to_match
from cpkit.metrics.registry import metric

_MATCHED = "FROM mentees WHERE match_date <= $1 AND (match_end_date IS NULL OR match_end_date > $1)"
_AWAITING = (
    "FROM mentees WHERE referral_date <= $1 AND (closed_date IS NULL OR closed_date > $1)"
    " AND mentee_id NOT IN (SELECT mentee_id " + _MATCHED + ")"
)
_ACTIVE_MENTORS = "FROM mentors WHERE approval_date <= $1 AND (end_date IS NULL OR end_date > $1)"


@metric(
    "mentoring.active_matches",
    title="Young people in an active mentoring match",
    definition="Mentees with a current match with a mentor at 31 March (the match started on or "
    "before that day and had not ended); the number of distinct mentors is given too.",
    unit="count",
    inputs=["mentees.match_date"],
    timing="year_end",
    counts="young_people",
    extra_counts={"mentors": "mentors"},
    polarity="higher",
)
def active_matches(t: Tables, c: MetricContext) -> Value:
    mentees, mentors = t.rows(
        f"SELECT count(DISTINCT mentee_id), count(DISTINCT mentor_id) {_MATCHED}", c.end
    )[0]
    value = count(mentees)
    value.extra["mentors"] = mentors
    return value


@metric(
    "mentoring.mentees_awaiting",
    title="Young people awaiting a mentor",
    definition="Mentees referred and not closed by 31 March who had no current match that day.",
    unit="count",
    inputs=["mentees.referral_date"],
    timing="year_end",
    counts="young_people",
    polarity="lower",
)
def mentees_awaiting(t: Tables, c: MetricContext) -> Value:
    return count(t.scalar(f"SELECT count(DISTINCT mentee_id) {_AWAITING}", c.end))


@metric(
    "mentoring.match_rate",
    title="Share of mentees who are matched",
    definition="Mentees in an active match at 31 March as a share of mentees matched or "
    "awaiting a mentor that day.",
    unit="proportion",
    inputs=["mentees.match_date"],
    timing="year_end",
    counts="young_people",
    polarity="higher",
)
def match_rate(t: Tables, c: MetricContext) -> Value:
    matched = t.scalar(f"SELECT count(DISTINCT mentee_id) {_MATCHED}", c.end)
    awaiting = t.scalar(f"SELECT count(DISTINCT mentee_id) {_AWAITING}", c.end)
    return share(matched, matched + awaiting)


@metric(
    "mentoring.active_mentors",
    title="Active mentors",
    definition="Mentors approved on or before 31 March whose volunteering had not ended.",
    unit="count",
    inputs=["mentors.approval_date"],
    timing="year_end",
    counts="mentors",
    polarity="higher",
)
def active_mentors(t: Tables, c: MetricContext) -> Value:
    return count(t.scalar(f"SELECT count(DISTINCT mentor_id) {_ACTIVE_MENTORS}", c.end))


@metric(
    "mentoring.mentees_by_gender",
    title="Gender of matched mentees",
    definition="Mentees in an active match at 31 March by recorded gender.",
    unit="proportion",
    inputs=["mentees.gender", "mentees.match_date"],
    timing="year_end",
    counts="young_people",
    polarity="neither",
    breakdown="gender",
)
def mentees_by_gender(t: Tables, c: MetricContext) -> list[Value]:
    rows = t.rows(
        f"SELECT coalesce(gender, 'UNKNOWN'), count(DISTINCT mentee_id) {_MATCHED} GROUP BY 1",
        c.end,
    )
    return breakdown("gender", rows, sum(n for _, n in rows), list(GENDER.codes))


@metric(
    "mentoring.mentors_by_gender",
    title="Gender of active mentors",
    definition="Mentors active at 31 March by recorded gender.",
    unit="proportion",
    inputs=["mentors.gender"],
    timing="year_end",
    counts="mentors",
    polarity="neither",
    breakdown="gender",
)
def mentors_by_gender(t: Tables, c: MetricContext) -> list[Value]:
    rows = t.rows(
        f"SELECT coalesce(gender, 'UNKNOWN'), count(DISTINCT mentor_id) "
        f"{_ACTIVE_MENTORS} GROUP BY 1",
        c.end,
    )
    return breakdown("gender", rows, sum(n for _, n in rows), list(GENDER.codes))


@metric(
    "mentoring.outcomes",
    title="Mentees' outcomes achieved",
    definition="Mentees recording an outcome in the financial year (by outcome date): into "
    "employment, education or training.",
    unit="count",
    inputs=["mentees.outcome", "mentees.outcome_date"],
    timing="in_year",
    counts="young_people",
    polarity="higher",
    breakdown="outcome",
)
def outcomes(t: Tables, c: MetricContext) -> list[Value]:
    rows = dict(
        t.rows(
            "SELECT outcome, count(DISTINCT mentee_id) FROM mentees WHERE "
            "outcome_date BETWEEN ? AND ? AND outcome <> 'NONE' GROUP BY 1",
            c.start,
            c.end,
        )
    )
    positive = [code for code in MENTORING_OUTCOME.codes if code != "NONE"]
    return [
        count(sum(rows.values())),
        *(count(rows.get(code, 0), outcome=code) for code in positive),
    ]


@metric(
    "mentoring.days_to_match",
    title="Days from referral to a mentor match (median)",
    definition="For mentoring matches that started in the financial year, the median number "
    "of days from referral to match; the 90th percentile is given too.",
    unit="days",
    inputs=["mentees.match_date"],
    timing="in_year",
    counts="young_people",
    base="young_people",
    polarity="lower",
)
def days_to_match(t: Tables, c: MetricContext) -> Value:
    return shared_days_to_match(t, c, "mentees")
