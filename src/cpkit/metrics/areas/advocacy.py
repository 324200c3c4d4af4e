"""Advocacy (dataset advocacy_referrals): referrals, children, cohorts, sources, issues, ICPC."""

from __future__ import annotations

from cpkit.datasets.codelists import (
    COHORT,
    ETHNICITY,
    GENDER,
    ISSUE,
    REFERRAL_SOURCE,
    REFERRAL_SOURCE_GROUPS,
)
from cpkit.metrics.context import (
    MetricContext,
    Tables,
    Value,
    age_sql,
    breakdown,
    count,
    share,
)
from cpkit.metrics.registry import metric

IN_YEAR = "FROM advocacy_referrals WHERE referral_date BETWEEN ? AND ?"
AGE_BANDS = ("Under 5", "5-9", "10-14", "15-17", "18+", "Not known")


def _in_year(t: Tables, c: MetricContext, select: str, tail: str = "") -> list[tuple]:
    return t.rows(f"SELECT {select} {IN_YEAR} {tail}", c.start, c.end)


def _total(t: Tables, c: MetricContext) -> int:
    return int(_in_year(t, c, "count(*)")[0][0])


@metric(
    "advocacy.referrals",
    title="Advocacy referrals received",
    definition="Referrals to the advocacy service with a referral date in the financial year. "
    "A child referred twice counts twice: this counts referrals, not children.",
    unit="count",
    inputs=["advocacy_referrals.referral_date"],
    timing="in_year",
    counts="referrals",
    polarity="neither",
    base_years=2,
)
def referrals(t: Tables, c: MetricContext) -> Value:
    return count(_total(t, c))


@metric(
    "advocacy.children_referred",
    title="Children and young people referred for advocacy",
    definition="Distinct children with at least one advocacy referral in the financial year. "
    "Fewer than the number of referrals when some children were referred more than once.",
    unit="count",
    inputs=["advocacy_referrals.child_id"],
    timing="in_year",
    counts="children",
    polarity="neither",
)
def children_referred(t: Tables, c: MetricContext) -> Value:
    return count(_in_year(t, c, "count(DISTINCT child_id)")[0][0])


@metric(
    "advocacy.referrals_by_cohort",
    title="Advocacy referrals by cohort",
    definition="Share of the year's advocacy referrals by the child's status at referral: child "
    "in care, child protection plan, child in need, care leaver or other.",
    unit="proportion",
    inputs=["advocacy_referrals.cohort"],
    timing="in_year",
    counts="referrals",
    polarity="neither",
    breakdown="cohort",
)
def referrals_by_cohort(t: Tables, c: MetricContext) -> list[Value]:
    counts = _in_year(t, c, "coalesce(cohort, 'OTHER'), count(*)", "GROUP BY 1")
    return breakdown("cohort", counts, _total(t, c), list(COHORT.codes))


@metric(
    "advocacy.referrals_with_disability",
    title="Advocacy referrals for disabled children",
    definition="Share of the year's advocacy referrals where the child has a recorded "
    "disability. Referrals with disability not recorded stay in the denominator and are shown "
    "separately as 'Not recorded'.",
    unit="proportion",
    inputs=["advocacy_referrals.disability"],
    timing="in_year",
    counts="referrals",
    polarity="neither",
)
def referrals_with_disability(t: Tables, c: MetricContext) -> list[Value]:
    total = _total(t, c)
    rows = dict(
        _in_year(
            t,
            c,
            "CASE WHEN disability THEN 'Disabled' WHEN NOT disability THEN "
            "'Not disabled' ELSE 'Not recorded' END, count(*)",
            "GROUP BY 1",
        )
    )
    headline = share(rows.get("Disabled", 0), total)
    parts = breakdown("disability", rows, total, ["Disabled", "Not disabled", "Not recorded"])
    return [headline, *parts]


@metric(
    "advocacy.referrals_by_source",
    title="Advocacy referrals by source",
    definition="Share of the year's advocacy referrals by who referred: family group "
    "conference (FGC), social work, or other (every other source, listed in detail).",
    unit="proportion",
    inputs=["advocacy_referrals.referral_source"],
    timing="in_year",
    counts="referrals",
    polarity="neither",
    breakdown="source_group",
)
def referrals_by_source(t: Tables, c: MetricContext) -> list[Value]:
    total = _total(t, c)
    detailed = dict(
        _in_year(t, c, "coalesce(referral_source, 'NOT_RECORDED'), count(*)", "GROUP BY 1")
    )
    grouped: dict[str, int] = {}
    for code, n in detailed.items():
        group = REFERRAL_SOURCE_GROUPS.get(code, "Not recorded")
        grouped[group] = grouped.get(group, 0) + n
    groups = breakdown("source_group", grouped, total, ["FGC", "Social work", "Other"])
    details = breakdown("source", detailed, total, list(REFERRAL_SOURCE.codes))
    return [*groups, *(v for v in details if v.numerator)]


@metric(
    "advocacy.referrals_by_issue",
    title="Advocacy referrals by primary issue",
    definition="Count and share of the year's advocacy referrals by the primary issue raised, "
    "ranked from the most common.",
    unit="proportion",
    inputs=["advocacy_referrals.issue"],
    timing="in_year",
    counts="referrals",
    polarity="neither",
    breakdown="issue",
)
def referrals_by_issue(t: Tables, c: MetricContext) -> list[Value]:
    counts = _in_year(t, c, "coalesce(issue, 'NOT_RECORDED'), count(*)", "GROUP BY 1")
    return breakdown("issue", counts, _total(t, c), list(ISSUE.codes), rank=True)


@metric(
    "advocacy.icpc_uptake_15_17",
    title="Young people aged 15-17 referred at an ICPC who accessed advocacy",
    definition="Of the year's advocacy referrals made at an initial child protection conference "
    "(ICPC) for young people aged 15 to 17 at referral, the share who went on to access "
    "advocacy support.",
    unit="proportion",
    inputs=[
        "advocacy_referrals.icpc",
        "advocacy_referrals.support_accessed",
        "advocacy_referrals.dob",
    ],
    timing="in_year",
    counts="referrals",
    polarity="higher",
)
def icpc_uptake_15_17(t: Tables, c: MetricContext) -> Value:
    age = age_sql("dob", "referral_date")
    row = _in_year(
        t,
        c,
        "count(*), count(*) FILTER (WHERE support_accessed)",
        f"AND icpc AND {age} BETWEEN 15 AND 17",
    )[0]
    return share(row[1], row[0])


@metric(
    "advocacy.referrals_per_advocate",
    title="Advocacy referrals per advocate",
    definition="The year's advocacy referrals divided by the number of distinct advocates "
    "allocated to them.",
    unit="ratio",
    inputs=["advocacy_referrals.advocate_id"],
    timing="in_year",
    counts="referrals",
    polarity="neither",
    base="referrals",
)
def referrals_per_advocate(t: Tables, c: MetricContext) -> Value:
    referrals_n, advocates = _in_year(t, c, "count(*), count(DISTINCT advocate_id)")[0]
    value = Value(
        referrals_n / advocates if advocates else None, {}, referrals_n, advocates, base=referrals_n
    )
    value.extra["advocates"] = advocates  # staff, not people the service works with
    return value


def _age_band_sql() -> str:
    age = age_sql("dob", "referral_date")
    return (
        f"CASE WHEN dob IS NULL THEN 'Not known' WHEN {age} < 5 THEN 'Under 5' "
        f"WHEN {age} < 10 THEN '5-9' WHEN {age} < 15 THEN '10-14' "
        f"WHEN {age} < 18 THEN '15-17' ELSE '18+' END"
    )


@metric(
    "advocacy.referrals_by_age_band",
    title="Advocacy referrals by age at referral",
    definition="Share of the year's advocacy referrals by the child's age on the referral date.",
    unit="proportion",
    inputs=["advocacy_referrals.dob"],
    timing="in_year",
    counts="referrals",
    polarity="neither",
    breakdown="age_band",
)
def referrals_by_age_band(t: Tables, c: MetricContext) -> list[Value]:
    counts = _in_year(t, c, f"{_age_band_sql()}, count(*)", "GROUP BY 1")
    return breakdown("age_band", counts, _total(t, c), list(AGE_BANDS))


@metric(
    "advocacy.referrals_by_gender",
    title="Advocacy referrals by gender",
    definition="Share of the year's advocacy referrals by the child's recorded gender, with "
    "other and unknown shown.",
    unit="proportion",
    inputs=["advocacy_referrals.gender"],
    timing="in_year",
    counts="referrals",
    polarity="neither",
    breakdown="gender",
)
def referrals_by_gender(t: Tables, c: MetricContext) -> list[Value]:
    counts = _in_year(t, c, "coalesce(gender, 'UNKNOWN'), count(*)", "GROUP BY 1")
    return breakdown("gender", counts, _total(t, c), list(GENDER.codes))


@metric(
    "advocacy.referrals_by_ethnicity",
    title="Advocacy referrals by ethnic group",
    definition="Share of the year's advocacy referrals by the child's ethnic group (DfE major "
    "groups: White, Mixed, Asian, Black, Other, Not known).",
    unit="proportion",
    inputs=["advocacy_referrals.ethnicity"],
    timing="in_year",
    counts="referrals",
    polarity="neither",
    breakdown="ethnic_group",
)
def referrals_by_ethnicity(t: Tables, c: MetricContext) -> list[Value]:
    return ethnic_groups(_in_year(t, c, "ethnicity, count(*)", "GROUP BY 1"), _total(t, c))


ETHNIC_GROUPS = ("White", "Mixed", "Asian", "Black", "Other", "Not known")


def ethnic_groups(rows: list[tuple], total: int) -> list[Value]:
    """Ethnicity codes counted into DfE's major groups (blank = Not known)."""
    grouped: dict[str, int] = {}
    for code, n in rows:
        group = ETHNICITY.group_of(code) or "Not known"
        grouped[group] = grouped.get(group, 0) + n
    return breakdown("ethnic_group", grouped, total, list(ETHNIC_GROUPS))
