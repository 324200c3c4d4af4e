"""Children in care (children looked after) from the SSDA903 return, by DfE's methods.

How many children are looked after and the rate per 10,000 children, who started and who
stopped being looked after, and placement stability: the figures DfE publishes for every LA in
'Children looked after in England including adoptions' and 'Stability measures for children
looked after in England', computed from the LA's own return the same way (see
``cpkit.metrics.ssda903`` for how episodes become periods of care, placements and carers).
Missing episodes, reviews, health outcomes and adoption timeliness are in
``children_in_care_outcomes``.

Every count leaves out children looked after only under an agreed series of short breaks
(LS V3, V4), as DfE does.
"""

from __future__ import annotations

import datetime as dt

from cpkit.datasets.codelists import ETHNICITY
from cpkit.metrics.benchmarks import CLA_AT_31_MARCH, CLA_RATES
from cpkit.metrics.context import (
    MetricContext,
    NotComputable,
    Tables,
    Value,
    breakdown,
    count,
    share,
)
from cpkit.metrics.registry import BenchmarkRef, metric
from cpkit.metrics.ssda903 import (
    ADOPTION_PLACEMENTS,
    Child,
    Return,
    count_by,
    months_before_april,
    read_return,
)

AGE_BANDS = ("Under 1", "1 to 4", "5 to 9", "10 to 15", "16 and over", "Not known")
SEXES = {"M": "Male", "F": "Female"}
ETHNIC_GROUPS = ("White", "Mixed", "Asian", "Black", "Other", "Not known")
# REC codes grouped as DfE groups reasons for ceasing (E43/E44 are the SGO codes before 2015)
CEASED_REASONS = {
    "Returned home": ("E4A", "E4B"),
    "Adopted": ("E11", "E12"),
    "Special guardianship order": ("E43", "E44", "E45", "E46", "E47", "E48"),
}
CEASED_GROUPS = (*CEASED_REASONS, "Aged 18 or over", "Other")
_STABILITY = "la_cla_placement_stability"
_EPISODES = ["ssda903_episodes"]


def the_return(t: Tables, c: MetricContext) -> Return:
    return read_return(t, c.year.collection_year)


def looked_after(t: Tables, c: MetricContext) -> list[Child]:
    """Children looked after at 31 March of the year."""
    return the_return(t, c).looked_after_on(c.end)


def age_band(age: int | None) -> str:
    """DfE's age bands for children looked after."""
    if age is None:
        return "Not known"
    for limit, band in ((1, "Under 1"), (5, "1 to 4"), (10, "5 to 9"), (16, "10 to 15")):
        if age < limit:
            return band
    return "16 and over"


def _stability_ref(group: str, measure: str) -> BenchmarkRef:
    return BenchmarkRef(
        _STABILITY, {"cla_group": group, "placement_stability": measure}, "children_percent"
    )


# --------------------------------------------------------------------------- numbers


@metric(
    "children_in_care.looked_after",
    title="Children looked after at 31 March",
    definition="Children looked after by the local authority at 31 March: an SSDA903 episode "
    "open on that day (begun on or before it and not ended by it). Children looked after "
    "only under an agreed series of short breaks (legal status V3 or V4) are not counted, as "
    "in DfE's statistics.",
    unit="count",
    inputs=_EPISODES,
    timing="year_end",
    counts="children",
    polarity="neither",
)
def looked_after_count(t: Tables, c: MetricContext) -> Value:
    return count(len(looked_after(t, c)))


@metric(
    "children_in_care.rate_per_10k",
    title="Children looked after at 31 March per 10,000 children aged 0 to 17",
    definition="Children looked after at 31 March per 10,000 children aged 0 to 17 living in "
    "the local authority, DfE's published rate. The population is DfE's own (the "
    "population estimate in its children looked after file for the year) when that file is "
    "imported, otherwise [la] population_0_17 of cpkit.toml; the figure names which.",
    unit="ratio",
    inputs=_EPISODES,
    timing="year_end",
    benchmark=BenchmarkRef(CLA_RATES, CLA_AT_31_MARCH, "rate_per_10000", scale=1.0),
    counts="children",
    polarity="neither",
    base="children",
)
def rate_per_10k(t: Tables, c: MetricContext) -> Value:
    population = c.population()
    children = len(looked_after(t, c))
    return Value(
        children / population.value * 10_000,
        {},
        base=children,
        extra={
            "population_0_17": population.value,
            "population_source": population.source,
            "population_year": population.year,
            "population_publication": population.publication or population.source,
        },
    )


@metric(
    "children_in_care.looked_after_by_age",
    title="Children looked after at 31 March by age",
    definition="Children looked after at 31 March by their age on that day, in DfE's bands "
    "(under 1, 1 to 4, 5 to 9, 10 to 15, 16 and over), as shares of all children looked "
    "after; age not known where the SSDA903 header has no date of birth.",
    unit="proportion",
    inputs=[*_EPISODES, "ssda903_header.dob"],
    timing="year_end",
    breakdown="age_band",
    counts="children",
    polarity="neither",
)
def looked_after_by_age(t: Tables, c: MetricContext) -> list[Value]:
    children = looked_after(t, c)
    counts = count_by(children, lambda child: age_band(child.age_on(c.end)))
    return breakdown("age_band", counts, len(children), AGE_BANDS)


@metric(
    "children_in_care.looked_after_by_sex",
    title="Children looked after at 31 March by sex",
    definition="Children looked after at 31 March by sex as recorded in the SSDA903 header, "
    "as shares of all children looked after.",
    unit="proportion",
    inputs=[*_EPISODES, "ssda903_header.sex"],
    timing="year_end",
    breakdown="sex",
    counts="children",
    polarity="neither",
)
def looked_after_by_sex(t: Tables, c: MetricContext) -> list[Value]:
    children = looked_after(t, c)
    counts = count_by(children, lambda child: SEXES.get(child.sex or "", "Not known"))
    return breakdown("sex", counts, len(children), (*SEXES.values(), "Not known"))


@metric(
    "children_in_care.looked_after_by_ethnicity",
    title="Children looked after at 31 March by ethnic group",
    definition="Children looked after at 31 March by DfE's major ethnic groups (White, Mixed, "
    "Asian, Black, Other; refused or not obtained counted as not known), as shares of all "
    "children looked after.",
    unit="proportion",
    inputs=[*_EPISODES, "ssda903_header.ethnic"],
    timing="year_end",
    breakdown="ethnic_group",
    counts="children",
    polarity="neither",
)
def looked_after_by_ethnicity(t: Tables, c: MetricContext) -> list[Value]:
    children = looked_after(t, c)
    counts = count_by(children, lambda child: ETHNICITY.group_of(child.ethnic or "") or "Not known")
    return breakdown("ethnic_group", counts, len(children), ETHNIC_GROUPS)


@metric(
    "children_in_care.started",
    title="Children who started to be looked after",
    definition="Children who started to be looked after during the year (an SSDA903 episode "
    "beginning a period of care, RNE S), each child counted once however many times they "
    "started, as DfE counts them.",
    unit="count",
    inputs=_EPISODES,
    timing="in_year",
    counts="children",
    polarity="neither",
    extra_counts={"periods_of_care_started": "children"},
)
def started(t: Tables, c: MetricContext) -> Value:
    starts = [len(child.starts(c.start, c.end)) for child in the_return(t, c).children.values()]
    value = count(sum(1 for n in starts if n))
    value.extra["periods_of_care_started"] = sum(starts)
    return value


@metric(
    "children_in_care.ceased",
    title="Children who ceased to be looked after, by reason",
    definition="Children who ceased to be looked after during the year, each counted once by "
    "the last time they ceased (as DfE counts them), by reason: returned home to parents or "
    "relatives (REC E4A, E4B), adopted (E11, E12), special guardianship order (E43 to E48), "
    "aged 18 or over when care ended for any other reason, and other reasons.",
    unit="count",
    inputs=_EPISODES,
    timing="in_year",
    breakdown="reason",
    counts="children",
    polarity="neither",
)
def ceased(t: Tables, c: MetricContext) -> list[Value]:
    reasons: dict[str, int] = {}
    for child in the_return(t, c).children.values():
        endings = child.endings(c.start, c.end)
        if endings:
            group = _ceased_group(child, endings[-1].rec or "", endings[-1].dec)
            reasons[group] = reasons.get(group, 0) + 1
    return [
        count(sum(reasons.values())),
        *(count(reasons.get(group, 0), reason=group) for group in CEASED_GROUPS),
    ]


def _ceased_group(child: Child, rec: str, day: dt.date | None) -> str:
    for group, codes in CEASED_REASONS.items():
        if rec in codes:
            return group
    age = child.age_on(day) if day is not None else None
    return "Aged 18 or over" if age is not None and age >= 18 else "Other"


# --------------------------------------------------------------------------- stability


@metric(
    "children_in_care.placements_3plus",
    title="Children looked after at 31 March with 3 or more placements during the year",
    definition="Children looked after at 31 March who lived in three or more placements "
    "during the year (the one they were in on 1 April counts), as a share of all children "
    "looked after at 31 March: DfE's short-term stability measure. A change of legal status "
    "alone is not a new placement; temporary placements (T0 to T4), and the return from one "
    "to the same placement, are not counted.",
    unit="proportion",
    inputs=_EPISODES,
    timing="year_end",
    polarity="lower",
    benchmark=_stability_ref("CLA on 31 March", "With 3 or more placements during the year"),
    counts="children",
)
def placements_3plus(t: Tables, c: MetricContext) -> Value:
    children = looked_after(t, c)
    moved = sum(1 for child in children if child.placements(c.start, c.end) >= 3)
    return share(moved, len(children))


@metric(
    "children_in_care.placements_3plus_2yrs",
    title="Children looked after for 2 years with 3 or more placements in those 2 years",
    definition="Children looked after at 31 March who had been looked after continuously for "
    "the previous two years (since 1 April two years before), with three or more placements "
    "during those two years, as a share of them: DfE's two-year stability measure. Needs the "
    "previous year's SSDA903 return for the first of the two years.",
    unit="proportion",
    inputs=_EPISODES,
    timing="year_end",
    polarity="lower",
    benchmark=_stability_ref(
        "CLA 2 years on 31 March", "With 3 or more placements during the previous 2 years"
    ),
    counts="children",
    extra_counts={"history_incomplete": "children"},
)
def placements_3plus_2yrs(t: Tables, c: MetricContext) -> Value:
    found = the_return(t, c)
    if c.year.collection_year - 1 not in found.years:
        raise NotComputable(
            f"needs the SSDA903 episodes of collection year {c.year.collection_year - 1} "
            f"(the {c.year.prior.label} return) for the first of the two years: ingest it"
        )
    since = months_before_april(c.end, 24)
    cohort, unknown = _continuously_since(looked_after(t, c), since, c)
    moved = sum(1 for child in cohort if child.placements(since, c.end) >= 3)
    value = share(moved, len(cohort))
    value.extra["history_incomplete"] = unknown
    return value


@metric(
    "children_in_care.long_term_stability",
    title="Children under 16 looked after for 2.5 years or more living with the same carer "
    "for 2 years",
    definition="Children aged under 16 at 31 March who had been looked after continuously "
    "for at least two and a half years, and who had lived with the same carer for at least "
    "two years, or were placed for adoption and their adoptive placement and the placement "
    "before it together lasted two years: DfE's long-term stability measure, as a share of "
    "those children. A change of placement with the same carers (RNE T or B) keeps the carer.",
    unit="proportion",
    inputs=[*_EPISODES, "ssda903_header.dob"],
    timing="year_end",
    polarity="higher",
    benchmark=_stability_ref(
        "Children looked after continuously for at least 2.5 years on 31 March aged under 16 years",
        "Living with the same carer for at least 2 years",
    ),
    counts="children",
    extra_counts={"history_incomplete": "children", "no_date_of_birth": "children"},
)
def long_term_stability(t: Tables, c: MetricContext) -> Value:
    under_16 = [child for child in looked_after(t, c) if _under(child.age_on(c.end), 16)]
    cohort, unknown = _continuously_since(under_16, months_before_april(c.end, 30), c)
    carer_cutoff = months_before_april(c.end, 24)
    stable = sum(1 for child in cohort if _same_carer_since(child, carer_cutoff, c))
    value = share(stable, len(cohort))
    value.extra["history_incomplete"] = unknown
    value.extra["no_date_of_birth"] = sum(1 for ch in looked_after(t, c) if ch.dob is None)
    return value


def _under(age: int | None, limit: int) -> bool:
    return age is not None and age < limit


def _continuously_since(
    children: list[Child], since: dt.date, c: MetricContext
) -> tuple[list[Child], int]:
    """Children looked after continuously from ``since`` to 31 March, and how many could not
    be placed because their history in the warehouse starts later (reported, not guessed)."""
    cohort, unknown = [], 0
    for child in children:
        found = child.looked_after_since(since, c.end)
        if found is None:
            unknown += 1
        elif found:
            cohort.append(child)
    return cohort, unknown


def _same_carer_since(child: Child, cutoff: dt.date, c: MetricContext) -> bool:
    carer = child.carer_since(c.end)
    if carer is not None and carer[0] <= cutoff:
        return True
    current = child.current(c.end)
    if current is None or current.place not in ADOPTION_PLACEMENTS:
        return False
    before = child.previous_placement_start(c.end)
    return before is not None and before <= cutoff


# --------------------------------------------------------------------------- UASC


@metric(
    "children_in_care.uasc",
    title="Unaccompanied asylum-seeking children looked after at 31 March",
    definition="Children looked after at 31 March who were unaccompanied asylum-seeking "
    "children on that day: in the SSDA903 UASC table with the date they ceased to be UASC "
    "(DUC) after 31 March; also shown as a share of all children looked after.",
    unit="count",
    inputs=[*_EPISODES, "ssda903_uasc"],
    timing="year_end",
    counts="children",
    polarity="neither",
)
def uasc(t: Tables, c: MetricContext) -> Value:
    children = looked_after(t, c)
    still_uasc = {
        (la, child)
        for la, child in t.rows(
            "SELECT la_code, child FROM ssda903_uasc WHERE collection_year = ? AND duc > ?",
            c.year.collection_year,
            c.end,
        )
    }
    value = count(sum(1 for child in children if child.key in still_uasc))
    value.extra["share_of_looked_after"] = (value.value or 0) / len(children) if children else None
    return value
