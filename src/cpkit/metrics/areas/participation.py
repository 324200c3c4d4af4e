"""Participation (dataset participation_events): events, attendance, groups."""

from __future__ import annotations

from cpkit.datasets.codelists import EVENT_TYPE
from cpkit.metrics.context import MetricContext, Tables, Value, count
from cpkit.metrics.registry import metric

_IN_YEAR = "FROM participation_events WHERE event_date BETWEEN ? AND ?"


@metric(
    "participation.events",
    title="Participation events and sessions",
    definition="Events and group sessions held in the financial year, in total and by type.",
    unit="count",
    inputs=["participation_events.event_type"],
    timing="in_year",
    counts="events",
    polarity="higher",
    breakdown="event_type",
)
def events(t: Tables, c: MetricContext) -> list[Value]:
    rows = dict(t.rows(f"SELECT event_type, count(*) {_IN_YEAR} GROUP BY 1", c.start, c.end))
    return [
        count(sum(rows.values())),
        *(count(rows.get(code, 0), event_type=code) for code in EVENT_TYPE.codes),
    ]


def _sums(t: Tables, c: MetricContext, column: str) -> list[Value]:
    rows = dict(
        t.rows(
            f"SELECT event_type, sum({column}) {_IN_YEAR} AND {column} IS NOT NULL GROUP BY 1",
            c.start,
            c.end,
        )
    )
    values = [count(sum(rows.values()))]
    values += [count(rows[code], event_type=code) for code in EVENT_TYPE.codes if code in rows]
    return values


@metric(
    "participation.attendance",
    title="Attendances at participation events",
    definition="Sum of everyone attending the year's events (young people, families and "
    "professionals), in total and by type of event. People attending several events count "
    "each time.",
    unit="count",
    inputs=["participation_events.attendees"],
    timing="in_year",
    counts="attendances",
    polarity="higher",
    breakdown="event_type",
)
def attendance(t: Tables, c: MetricContext) -> list[Value]:
    return _sums(t, c, "attendees")


@metric(
    "participation.young_people_attending",
    title="Attendances by children and young people",
    definition="Sum of children and young people attending the year's events, in total and by "
    "type of event (attendances, not distinct young people).",
    unit="count",
    inputs=["participation_events.young_people"],
    timing="in_year",
    counts="attendances",
    polarity="higher",
    breakdown="event_type",
)
def young_people_attending(t: Tables, c: MetricContext) -> list[Value]:
    return _sums(t, c, "young_people")


@metric(
    "participation.active_groups",
    title="Participation groups meeting",
    definition="Distinct participation groups and forums that held at least one group session "
    "in the financial year; the sessions of each group are counted too.",
    unit="count",
    inputs=["participation_events.group"],
    timing="in_year",
    counts="groups",
    polarity="higher",
    breakdown="group",
)
def active_groups(t: Tables, c: MetricContext) -> list[Value]:
    rows = t.rows(
        f"SELECT \"group\", count(*) {_IN_YEAR} AND event_type = 'GROUP_SESSION' "
        'AND "group" IS NOT NULL GROUP BY 1 ORDER BY 1',
        c.start,
        c.end,
    )
    return [count(len(rows)), *(count(n, group=name) for name, n in rows)]


@metric(
    "participation.paid_consultations",
    title="Paid consultations with young people",
    definition="Events in the financial year where the young people taking part were paid for "
    "their time (paid consultation and co-production).",
    unit="count",
    inputs=["participation_events.paid"],
    timing="in_year",
    counts="events",
    polarity="higher",
)
def paid_consultations(t: Tables, c: MetricContext) -> Value:
    return count(t.scalar(f"SELECT count(*) {_IN_YEAR} AND paid", c.start, c.end))


@metric(
    "participation.largest_event",
    title="Largest single event",
    definition="The event in the financial year with the most attendees, with its title and type.",
    unit="count",
    inputs=["participation_events.attendees"],
    timing="in_year",
    counts="attendances",
    polarity="neither",
    prior_year=False,
)
def largest_event(t: Tables, c: MetricContext) -> Value:
    rows = t.rows(
        f"SELECT attendees, title, event_type, event_date {_IN_YEAR} AND attendees IS "
        "NOT NULL ORDER BY attendees DESC, event_date LIMIT 1",
        c.start,
        c.end,
    )
    if not rows:
        return Value(None)
    attendees, title, event_type, event_date = rows[0]
    return Value(
        attendees,
        extra={"title": title, "event_type": event_type, "event_date": event_date.isoformat()},
    )
