"""Care-experienced apprenticeships (dataset apprentices)."""

from __future__ import annotations

from cpkit.datasets.codelists import DESTINATION, EPA_GRADE, FUNDING, LEVEL
from cpkit.metrics.context import MetricContext, Tables, Value, breakdown, count, share
from cpkit.metrics.registry import metric

_IN_POST = "FROM apprentices WHERE start_date <= $1 AND (end_date IS NULL OR end_date > $1)"
_COMPLETED = "FROM apprentices WHERE end_date BETWEEN $1 AND $2 AND epa_grade IS NOT NULL"
_POSITIVE = ("EMPLOYED_INTERNAL", "EMPLOYED_EXTERNAL", "EDUCATION")


@metric(
    "apprenticeships.in_post",
    title="Apprentices in post",
    definition="Apprenticeships current at 31 March (started on or before that day and not "
    "ended), split by who funds the post.",
    unit="count",
    inputs=["apprentices.start_date", "apprentices.funding"],
    timing="year_end",
    counts="apprentices",
    polarity="higher",
    breakdown="funding",
)
def in_post(t: Tables, c: MetricContext) -> list[Value]:
    rows = dict(t.rows(f"SELECT funding, count(*) {_IN_POST} GROUP BY 1", c.end))
    return [
        count(sum(rows.values())),
        *(count(rows.get(code, 0), funding=code) for code in FUNDING.codes),
    ]


@metric(
    "apprenticeships.starts",
    title="Apprenticeships started",
    definition="Apprenticeships with a start date in the financial year.",
    unit="count",
    inputs=["apprentices.start_date"],
    timing="in_year",
    counts="apprentices",
    polarity="higher",
)
def starts(t: Tables, c: MetricContext) -> Value:
    return count(
        t.scalar(
            "SELECT count(*) FROM apprentices WHERE start_date BETWEEN ? AND ?", c.start, c.end
        )
    )


@metric(
    "apprenticeships.completions",
    title="Apprenticeships completed",
    definition="Apprenticeships that ended in the financial year with an end-point assessment "
    "(EPA) grade recorded.",
    unit="count",
    inputs=["apprentices.end_date", "apprentices.epa_grade"],
    timing="in_year",
    counts="apprentices",
    polarity="higher",
)
def completions(t: Tables, c: MetricContext) -> Value:
    return count(t.scalar(f"SELECT count(*) {_COMPLETED}", c.start, c.end))


def _grades(t: Tables, c: MetricContext) -> dict[str, int]:
    return dict(t.rows(f"SELECT epa_grade, count(*) {_COMPLETED} GROUP BY 1", c.start, c.end))


@metric(
    "apprenticeships.epa_pass_rate",
    title="End-point assessments passed",
    definition="Of the apprenticeships completed in the year, the share whose end-point "
    "assessment grade was a pass, merit or distinction; grades are listed.",
    unit="proportion",
    inputs=["apprentices.epa_grade"],
    timing="in_year",
    counts="apprentices",
    polarity="higher",
)
def epa_pass_rate(t: Tables, c: MetricContext) -> list[Value]:
    grades = _grades(t, c)
    total = sum(grades.values())
    passed = total - grades.get("FAIL", 0)
    return [share(passed, total), *breakdown("grade", grades, total, list(EPA_GRADE.codes))]


@metric(
    "apprenticeships.distinctions",
    title="Completers graded distinction",
    definition="Of the apprenticeships completed in the year, the share graded distinction at "
    "end-point assessment.",
    unit="proportion",
    inputs=["apprentices.epa_grade"],
    timing="in_year",
    counts="apprentices",
    polarity="higher",
)
def distinctions(t: Tables, c: MetricContext) -> Value:
    grades = _grades(t, c)
    return share(grades.get("DISTINCTION", 0), sum(grades.values()))


@metric(
    "apprenticeships.positive_destinations",
    title="Completers moving into work or education",
    definition="Of the apprenticeships completed in the year, the share whose next step was "
    "employment (in the organisation or elsewhere) or education; every destination is listed.",
    unit="proportion",
    inputs=["apprentices.destination", "apprentices.epa_grade"],
    timing="in_year",
    counts="apprentices",
    polarity="higher",
    breakdown="destination",
)
def positive_destinations(t: Tables, c: MetricContext) -> list[Value]:
    rows = dict(
        t.rows(
            f"SELECT coalesce(destination, 'UNKNOWN'), count(*) {_COMPLETED} GROUP BY 1",
            c.start,
            c.end,
        )
    )
    total = sum(rows.values())
    positive = sum(rows.get(code, 0) for code in _POSITIVE)
    return [share(positive, total), *breakdown("destination", rows, total, list(DESTINATION.codes))]


@metric(
    "apprenticeships.by_level",
    title="Apprentices in post by qualification level",
    definition="Apprenticeships current at 31 March by the level of the apprenticeship "
    "standard (2 to 7).",
    unit="proportion",
    inputs=["apprentices.level"],
    timing="year_end",
    counts="apprentices",
    polarity="neither",
    breakdown="level",
)
def by_level(t: Tables, c: MetricContext) -> list[Value]:
    rows = t.rows(f"SELECT coalesce(level, 'Not recorded'), count(*) {_IN_POST} GROUP BY 1", c.end)
    return breakdown("level", rows, sum(n for _, n in rows), list(LEVEL.codes))
