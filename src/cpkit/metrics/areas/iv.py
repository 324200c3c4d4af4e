"""Independent visitors (datasets iv_referrals, iv_volunteers).

Children matched and awaiting are snapshots at 31 March; referrals received are in-year. The
two kinds are different metrics with different labels, so a snapshot is never compared with
an in-year count.
"""

from __future__ import annotations

from cpkit.datasets.codelists import GENDER, LOCATION
from cpkit.metrics.areas.advocacy import ethnic_groups
from cpkit.metrics.context import (
    MetricContext,
    Tables,
    Value,
    age_sql,
    breakdown,
    count,
    median_and_p90,
    share,
)
from cpkit.metrics.context import days_to_match as shared_days_to_match
from cpkit.metrics.registry import metric

IV_AGE_BANDS = ("Under 8", "8-11", "12-14", "15+", "Not known")

# One row per child at the snapshot date $1: the child's current match (matched) or open
# referral (awaiting), with the attributes of that referral.
_CHILDREN_AT = f"""
WITH matched_rows AS (
    SELECT *, 'matched' AS status FROM iv_referrals
    WHERE match_date <= $1 AND (match_end_date IS NULL OR match_end_date > $1)
), open_rows AS (
    SELECT *, 'awaiting' AS status FROM iv_referrals
    WHERE referral_date <= $1 AND (closed_date IS NULL OR closed_date > $1)
      AND child_id NOT IN (SELECT child_id FROM matched_rows)
), candidates AS (
    SELECT *, row_number() OVER (PARTITION BY child_id ORDER BY
        CASE status WHEN 'matched' THEN match_date ELSE referral_date END DESC, referral_id) AS n
    FROM (SELECT * FROM matched_rows UNION ALL BY NAME SELECT * FROM open_rows)
)
SELECT child_id, status, gender, disability, location, ethnicity, referral_date, match_date,
       volunteer_id,
       CASE WHEN dob IS NULL THEN NULL ELSE {age_sql("dob", "$1")} END AS age
FROM candidates WHERE n = 1
"""


def children_at(t: Tables, c: MetricContext, status: str | None = None) -> list[dict]:
    """Children matched or awaiting at the year end, one dict per child."""
    columns = (
        "child_id",
        "status",
        "gender",
        "disability",
        "location",
        "ethnicity",
        "referral_date",
        "match_date",
        "volunteer_id",
        "age",
    )
    rows = [dict(zip(columns, row, strict=True)) for row in t.rows(_CHILDREN_AT, c.end)]
    return [r for r in rows if status is None or r["status"] == status]


def _age_band(age: int | None) -> str:
    if age is None:
        return "Not known"
    if age < 8:
        return "Under 8"
    if age <= 11:
        return "8-11"
    return "12-14" if age <= 14 else "15+"


@metric(
    "iv.referrals",
    title="Independent visitor referrals received",
    definition="Referrals to the independent visitor service with a referral date in the "
    "financial year (an in-year count of referrals, not of children).",
    unit="count",
    inputs=["iv_referrals.referral_date"],
    timing="in_year",
    counts="referrals",
    polarity="neither",
)
def referrals(t: Tables, c: MetricContext) -> Value:
    return count(
        t.scalar(
            "SELECT count(*) FROM iv_referrals WHERE referral_date BETWEEN ? AND ?", c.start, c.end
        )
    )


@metric(
    "iv.children_matched",
    title="Children matched with an independent visitor",
    definition="Distinct children with a current independent visitor match at 31 March: the "
    "match started on or before that day and had not ended.",
    unit="count",
    inputs=["iv_referrals.match_date"],
    timing="year_end",
    counts="children",
    polarity="higher",
)
def children_matched(t: Tables, c: MetricContext) -> Value:
    return count(len(children_at(t, c, "matched")))


@metric(
    "iv.children_awaiting",
    title="Children awaiting an independent visitor",
    definition="Distinct children with an open referral and no current match at 31 March "
    "(a snapshot, not everyone who waited at some point in the year).",
    unit="count",
    inputs=["iv_referrals.referral_date"],
    timing="year_end",
    counts="children",
    polarity="lower",
)
def children_awaiting(t: Tables, c: MetricContext) -> Value:
    return count(len(children_at(t, c, "awaiting")))


@metric(
    "iv.children_involved",
    title="Children involved with the independent visitor service",
    definition="Children matched plus children awaiting a match at 31 March.",
    unit="count",
    inputs=["iv_referrals.referral_date"],
    timing="year_end",
    counts="children",
    polarity="neither",
)
def children_involved(t: Tables, c: MetricContext) -> Value:
    return count(len(children_at(t, c)))


@metric(
    "iv.match_rate",
    title="Share of involved children who are matched",
    definition="Children matched at 31 March as a share of all children involved (matched plus "
    "awaiting) at 31 March.",
    unit="proportion",
    inputs=["iv_referrals.match_date"],
    timing="year_end",
    counts="children",
    polarity="higher",
)
def match_rate(t: Tables, c: MetricContext) -> Value:
    children = children_at(t, c)
    return share(sum(r["status"] == "matched" for r in children), len(children))


@metric(
    "iv.days_to_match",
    title="Days from referral to match (median)",
    definition="For matches that started in the financial year, the median number of days from "
    "referral to match; the 90th percentile is given too.",
    unit="days",
    inputs=["iv_referrals.match_date"],
    timing="in_year",
    counts="children",
    base="children",
    polarity="lower",
)
def days_to_match(t: Tables, c: MetricContext) -> Value:
    return shared_days_to_match(t, c, "iv_referrals")


@metric(
    "iv.days_waiting",
    title="Days waited so far by children awaiting a match (median)",
    definition="For children awaiting a match at 31 March, the median number of days since "
    "their referral; the 90th percentile is given too.",
    unit="days",
    inputs=["iv_referrals.referral_date"],
    timing="year_end",
    counts="children",
    base="children",
    polarity="lower",
)
def days_waiting(t: Tables, c: MetricContext) -> Value:
    days = [(c.end - r["referral_date"]).days for r in children_at(t, c, "awaiting")]
    median, p90 = median_and_p90(days)
    return Value(median, {}, base=len(days), extra={"p90": p90})


_ACTIVE = "FROM iv_volunteers WHERE approval_date <= $1 AND (end_date IS NULL OR end_date > $1)"


@metric(
    "iv.volunteers",
    title="Independent visitor volunteers",
    definition="Volunteers approved on or before 31 March whose volunteering had not ended "
    "(a snapshot of volunteers, not of children).",
    unit="count",
    inputs=["iv_volunteers.approval_date"],
    timing="year_end",
    counts="volunteers",
    polarity="higher",
)
def volunteers(t: Tables, c: MetricContext) -> Value:
    return count(t.scalar(f"SELECT count(DISTINCT volunteer_id) {_ACTIVE}", c.end))


@metric(
    "iv.volunteers_matched",
    title="Volunteers with a current match",
    definition="Active volunteers at 31 March who were matched with a child at that date; the "
    "rest are awaiting a match.",
    unit="proportion",
    inputs=["iv_volunteers.approval_date", "iv_referrals.volunteer_id"],
    timing="year_end",
    counts="volunteers",
    polarity="higher",
)
def volunteers_matched(t: Tables, c: MetricContext) -> Value:
    active = {v for (v,) in t.rows(f"SELECT DISTINCT volunteer_id {_ACTIVE}", c.end)}
    # every current match, not one row per child: a child with two current matches has two
    # matched volunteers
    matched = {
        v
        for (v,) in t.rows(
            "SELECT DISTINCT volunteer_id FROM iv_referrals WHERE match_date <= $1 "
            "AND (match_end_date IS NULL OR match_end_date > $1)",
            c.end,
        )
    }
    return share(len(active & matched), len(active))


@metric(
    "iv.volunteers_male",
    title="Male volunteers",
    definition="Share of the volunteers active at 31 March who are male.",
    unit="proportion",
    inputs=["iv_volunteers.gender"],
    timing="year_end",
    counts="volunteers",
    polarity="neither",
)
def volunteers_male(t: Tables, c: MetricContext) -> list[Value]:
    rows = t.rows(f"SELECT coalesce(gender, 'UNKNOWN'), count(*) {_ACTIVE} GROUP BY 1", c.end)
    total = sum(n for _, n in rows)
    return [
        share(dict(rows).get("M", 0), total),
        *breakdown("gender", rows, total, list(GENDER.codes)),
    ]


def _profile(status: str, dimension: str, title: str, definition: str, inputs: list[str]):
    """Declare iv.<status>_by_<dimension>: shares within matched (or awaiting) children."""
    metric_id = f"iv.{status}_by_{dimension}"
    group = {"matched": "children matched", "awaiting": "children awaiting a match"}[status]

    @metric(
        metric_id,
        title=f"{title} of {group}",
        definition=f"{definition} Shares are of {group} at 31 March, so matched and awaiting "
        "children can be compared side by side.",
        unit="proportion",
        inputs=inputs,
        timing="year_end",
        counts="children",
        polarity="neither",
        breakdown=dimension,
    )
    def compute(t: Tables, c: MetricContext) -> list[Value]:
        children = children_at(t, c, status)
        return profile_values(children, dimension)

    compute.__name__ = f"{status}_by_{dimension}"
    return compute


def profile_values(children: list[dict], dimension: str) -> list[Value]:
    """A breakdown of children by one of their attributes (categories always complete)."""
    total = len(children)
    counted: dict[str, int] = {}
    if dimension == "ethnicity":
        codes: dict[str | None, int] = {}
        for child in children:
            codes[child["ethnicity"]] = codes.get(child["ethnicity"], 0) + 1
        return ethnic_groups(list(codes.items()), total)
    for child in children:
        category = _category(child, dimension)
        counted[category] = counted.get(category, 0) + 1
    categories = {
        "age_band": IV_AGE_BANDS,
        "gender": tuple(GENDER.codes),
        "disability": ("Disabled", "Not disabled", "Not recorded"),
        "location": (*LOCATION.codes, "Not recorded"),
    }[dimension]
    return breakdown(dimension, counted, total, list(categories))


def _category(child: dict, dimension: str) -> str:
    if dimension == "age_band":
        return _age_band(child["age"])
    if dimension == "gender":
        return child["gender"] or "UNKNOWN"
    if dimension == "disability":
        flag = child["disability"]
        return "Not recorded" if flag is None else ("Disabled" if flag else "Not disabled")
    return child["location"] or "Not recorded"


_DIMENSIONS = {
    "age_band": ("Age band", "Age on 31 March in bands 8-11, 12-14 and 15+.", ["iv_referrals.dob"]),
    "gender": ("Gender", "Recorded gender, with other and unknown shown.", ["iv_referrals.gender"]),
    "disability": (
        "Disability",
        "Whether the child has a recorded disability.",
        ["iv_referrals.disability"],
    ),
    "location": (
        "Where they live",
        "Where the child lives: in the area, elsewhere in the region or elsewhere in the UK.",
        ["iv_referrals.location"],
    ),
    "ethnicity": ("Ethnic group", "DfE major ethnic groups.", ["iv_referrals.ethnicity"]),
}
for _status in ("matched", "awaiting"):
    for _dimension, (_title, _definition, _inputs) in _DIMENSIONS.items():
        _profile(_status, _dimension, _title, _definition, ["iv_referrals.referral_date", *_inputs])


@metric(
    "iv.involved_by_age_band",
    title="Age band of all children involved",
    definition="Children matched or awaiting at 31 March by age on that day, in bands 8-11, "
    "12-14 and 15+.",
    unit="proportion",
    inputs=["iv_referrals.dob"],
    timing="year_end",
    counts="children",
    polarity="neither",
    breakdown="age_band",
)
def involved_by_age_band(t: Tables, c: MetricContext) -> list[Value]:
    return profile_values(children_at(t, c), "age_band")
