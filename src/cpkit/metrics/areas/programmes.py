"""Funded programmes (dataset programme_participants; targets and grants from cpkit.toml).

Each programme is a group ``{"programme": name}``; its start date, target and grant come from
``[programmes.<name>]``. Enrolment counts run from the programme's start to the end of the
year asked for, so a two-year programme is not reset at the year boundary.
"""

from __future__ import annotations

import datetime as dt

from cpkit.datasets.codelists import COHORT
from cpkit.metrics.context import MetricContext, Tables, Value, breakdown, count, share
from cpkit.metrics.registry import metric


def _programmes(t: Tables, c: MetricContext) -> list[tuple[str, dt.date, int, int]]:
    """(programme, start, enrolled, neet) for each programme with enrolments by year end."""
    configured = c.settings.programmes if c.settings else {}
    names = [
        n
        for (n,) in t.rows(
            "SELECT DISTINCT programme FROM programme_participants "
            "WHERE enrolment_date <= ? ORDER BY 1",
            c.end,
        )
    ]
    found = []
    for name in names:
        settings = configured.get(name)
        start = settings.start if settings and settings.start else dt.date.min
        enrolled, neet = t.rows(
            "SELECT count(DISTINCT participant_id), count(DISTINCT participant_id) FILTER "
            "(WHERE neet_at_enrolment) FROM programme_participants WHERE programme = ? AND "
            "enrolment_date BETWEEN ? AND ?",
            name,
            start,
            c.end,
        )[0]
        found.append((name, start, enrolled, neet))
    return found


def _setting(c: MetricContext, name: str, key: str) -> float | None:
    settings = c.settings.programmes.get(name) if c.settings else None
    return getattr(settings, key) if settings else None


@metric(
    "programmes.enrolled",
    title="Young people enrolled on the programme",
    definition="Distinct young people enrolled from the programme's start date (from "
    "cpkit.toml) to 31 March of the year, per programme; the programme's target is shown "
    "beside it.",
    unit="count",
    inputs=["programme_participants.enrolment_date"],
    timing="programme",
    counts="young_people",
    polarity="higher",
    breakdown="programme",
)
def enrolled(t: Tables, c: MetricContext) -> list[Value]:
    values = []
    for name, start, n, _ in _programmes(t, c):
        value = count(n, programme=name)
        target = _setting(c, name, "target_participants")
        if target:
            value.extra["target"] = target
        if start != dt.date.min:
            value.extra["since"] = start.isoformat()
        values.append(value)
    return values


@metric(
    "programmes.target_progress",
    title="Progress towards the enrolment target",
    definition="Young people enrolled so far as a share of the programme's target number of "
    "participants (target_participants in cpkit.toml).",
    unit="proportion",
    inputs=["programme_participants.enrolment_date"],
    timing="programme",
    counts="young_people",
    denominator_is_target=True,
    polarity="higher",
    breakdown="programme",
)
def target_progress(t: Tables, c: MetricContext) -> list[Value]:
    values = []
    for name, _, n, _ in _programmes(t, c):
        target = _setting(c, name, "target_participants")
        if target:
            values.append(share(n, int(target), programme=name))
    return values


@metric(
    "programmes.neet_at_enrolment",
    title="Participants not in education, employment or training when they enrolled",
    definition="Share of the young people enrolled so far who were NEET at enrolment.",
    unit="proportion",
    inputs=["programme_participants.neet_at_enrolment"],
    timing="programme",
    counts="young_people",
    polarity="neither",
    breakdown="programme",
)
def neet_at_enrolment(t: Tables, c: MetricContext) -> list[Value]:
    return [share(neet, n, programme=name) for name, _, n, neet in _programmes(t, c)]


@metric(
    "programmes.cost_per_participant",
    title="Grant per young person enrolled",
    definition="The programme's grant (grant_gbp in cpkit.toml) divided by the young people "
    "enrolled so far; it falls as enrolment grows.",
    unit="gbp",
    inputs=["programme_participants.enrolment_date"],
    timing="programme",
    counts="young_people",
    base="young_people",
    polarity="lower",
    breakdown="programme",
)
def cost_per_participant(t: Tables, c: MetricContext) -> list[Value]:
    values = []
    for name, _, n, _ in _programmes(t, c):
        grant = _setting(c, name, "grant_gbp")
        if grant:
            values.append(
                Value(
                    grant / n if n else None,
                    {"programme": name},
                    base=n,
                    extra={"grant_gbp": grant},
                )
            )
    return values


@metric(
    "programmes.by_cohort",
    title="Participants by cohort",
    definition="Young people enrolled so far by their status at enrolment (child in care, "
    "care leaver and so on).",
    unit="proportion",
    inputs=["programme_participants.cohort"],
    timing="programme",
    counts="young_people",
    polarity="neither",
    breakdown="cohort",
)
def by_cohort(t: Tables, c: MetricContext) -> list[Value]:
    values = []
    for name, start, n, _ in _programmes(t, c):
        rows = t.rows(
            "SELECT coalesce(cohort, 'OTHER'), count(DISTINCT participant_id) FROM "
            "programme_participants WHERE programme = ? AND enrolment_date BETWEEN ? "
            "AND ? GROUP BY 1",
            name,
            start,
            c.end,
        )
        for value in breakdown("cohort", rows, n, list(COHORT.codes)):
            value.group = {"programme": name, **value.group}
            values.append(value)
    return values
