"""Care leavers from the SSDA903 OC3 table, by DfE's published method.

Cohort (per collection year, i.e. financial year): OC3 rows whose 17th or 18th (band 17-18) or
19th, 20th or 21st (band 19-21) birthday falls in the year, which for a 12-month year is the
same as their age on 31 March. Young people who died (IN_TOUCH DIED) or returned home for six
months or more (RHOM) are excluded. When the return's episodes are ingested, so are those who
are not care leavers by what the episodes say (DfE validator rules 1007/1016, 1000, 1011):
still looked after on their 17th or 18th birthday, died in care, care transferred to another
LA, or looked after only under an agreed series of short breaks. Those not in touch, refusing
contact or no longer requiring services stay in the denominator: that is DfE's method, and the
rate every official comparator uses. The "known-only" rate (not-known activity removed from the
denominator) is a separate metric, always labelled as such.

``cohort_counts`` computes every count for all LAs and years in one grouped query, so the same
code serves one LA's report and a national run.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from cpkit.datasets.codelists import ACTIVITY_TYPES
from cpkit.metrics.context import MetricContext, Tables, Value, age_sql, count, share
from cpkit.metrics.registry import BenchmarkRef, metric
from cpkit.metrics.ssda903 import EPISODE_EXCLUSIONS, oc3_exclusions_sql

EET_CODES = ("F1", "P1", "F2", "P2", "F3", "P3", "F4", "P4", "F5", "P5")
NEET_CODES = ("G4", "G5", "G6")
EXCLUDED_IN_TOUCH = ("DIED", "RHOM")
OUT_OF_SUITABILITY = ("G", "H", "R")  # gone abroad, deported, residence not known
BANDS = {"17_18": (17, 18), "19_21": (19, 21)}
BAND_LABELS = {"17_18": "aged 17 to 18", "19_21": "aged 19 to 21"}
DFE_AGE = {"17_18": "17 to 18 years", "19_21": "19 to 21 years"}
ACTIVITY_GROUPS = (
    "Higher education",
    "Other education",
    "Apprenticeship",
    "Training or employment",
)
NEET_REASONS = {
    "G4": "Illness or disability",
    "G5": "Other reasons",
    "G6": "Pregnancy or parenting",
}

# An ACCOM that was not a code is stored as not recorded (ACCOM is not a column the cohort or
# its EET, NEET and in-touch counts depend on, so ingest keeps the row): for accommodation it
# counts as information not known, ACCOM 0, inside the suitability denominator as DfE's own
# "not known" is.
_COUNTS_SQL = """
WITH oc3 AS (
    SELECT la_code, collection_year, child, dob, in_touch, activ,
           coalesce(accom, '0') AS accom, {age} AS age
    FROM ssda903_oc3 {where}
), flags AS ({flags})
SELECT la_code, collection_year,
       CASE WHEN age BETWEEN 17 AND 18 THEN '17_18' WHEN age BETWEEN 19 AND 21 THEN '19_21'
            ELSE 'other' END AS band,
       in_touch, activ, accom, excluded, count(*) AS n
FROM oc3 LEFT JOIN flags USING (la_code, collection_year, child)
GROUP BY ALL
"""
_NO_EPISODES = (
    "SELECT NULL::VARCHAR AS la_code, NULL::SMALLINT AS collection_year, "
    "NULL::VARCHAR AS child, NULL::VARCHAR AS excluded WHERE false"
)

Codes = tuple[str, str, str, str | None]  # (in_touch, activ, accom, excluded by the episodes)


@dataclass
class BandCounts:
    """Counts for one LA, collection year and age band."""

    rows: Counter[Codes] = field(default_factory=Counter)

    def cohort(self) -> Iterable[tuple[Codes, int]]:
        return ((k, n) for k, n in self.rows.items() if k[0] not in EXCLUDED_IN_TOUCH and not k[3])

    def total(self) -> int:
        return sum(n for _, n in self.cohort())

    def activity(self, codes: Iterable[str]) -> int:
        wanted = set(codes)
        return sum(n for (_, activ, _, _), n in self.cohort() if activ in wanted)

    def in_touch(self) -> int:
        return sum(n for (touch, _, _, _), n in self.cohort() if touch == "YES")

    def accommodation(self) -> tuple[int, int, int, int]:
        """(suitable, unsuitable, not known, out of the denominator: G/H/R)."""
        suitable = unsuitable = unknown = outside = 0
        for (_, _, accom, _), n in self.cohort():
            if accom == "0":
                unknown += n
            elif accom[:1] in OUT_OF_SUITABILITY:
                outside += n
            elif accom in ("S1", "X1") or accom.endswith("2"):
                unsuitable += n  # S1 and X1 are invalid: never suitable
            else:
                suitable += n
        return suitable, unsuitable, unknown, outside


def cohort_counts(
    t: Tables, collection_year: int | None = None
) -> dict[tuple[str, int, str], BandCounts]:
    """Counts keyed by (la_code, collection_year, band) for every LA and year in the tables
    (or one collection year). Band 'other' holds ages outside 17-21. With episodes ingested,
    each row also says whether the episodes take it out of the cohort, and why."""
    age = age_sql("dob", "make_date(collection_year, 3, 31)")
    where = "WHERE collection_year = ?" if collection_year is not None else ""
    params = [collection_year] if collection_year is not None else []
    flags = oc3_exclusions_sql() if t.has("ssda903_episodes") else _NO_EPISODES
    result: dict[tuple[str, int, str], BandCounts] = {}
    for la, year, band, touch, activ, accom, excluded, n in t.rows(
        _COUNTS_SQL.format(age=age, where=where, flags=flags), *params
    ):
        result.setdefault((la, year, band), BandCounts()).rows[(touch, activ, accom, excluded)] += n
    return result


def _year_counts(t: Tables, collection_year: int) -> dict[tuple[str, int, str], BandCounts]:
    """One collection year's counts, computed once for the seventeen metrics that share it."""
    return t.memo(
        ("care_leavers.cohort_counts", collection_year),
        lambda: cohort_counts(t, collection_year),
    )


def _band(t: Tables, c: MetricContext, band: str) -> BandCounts:
    combined = BandCounts()
    for (_, _, found_band), counts in _year_counts(t, c.year.collection_year).items():
        if found_band == band:
            combined.rows.update(counts.rows)
    return combined


def _activity_groups(counts: BandCounts, total: int) -> list[Value]:
    grouped: Counter[str] = Counter()
    for (_, activ, _, _), n in counts.cohort():
        if activ in EET_CODES:
            grouped[ACTIVITY_TYPES[activ]] += n
    return [share(grouped.get(g, 0), total, activity=g) for g in ACTIVITY_GROUPS]


def _declare(band: str) -> None:
    ages = BAND_LABELS[band]
    dfe_age = DFE_AGE[band]
    inputs = ["ssda903_oc3.activ", "ssda903_oc3.dob"]

    def activity_ref(breakdown: str) -> BenchmarkRef:
        return BenchmarkRef(
            "la_care_leavers_activity",
            {"care_leaver_age": dfe_age, "breakdown": breakdown},
            "care_leaver_percent",
        )

    @metric(
        f"care_leavers.cohort_{band}",
        title=f"Care leavers {ages} (DfE cohort)",
        definition=f"Care leavers in the SSDA903 OC3 return whose age on 31 March was "
        f"{ages.removeprefix('aged ')} (their birthday in the year), excluding those who "
        "died or returned home; the denominator of DfE's care-leaver rates.",
        unit="count",
        inputs=inputs,
        timing="cohort",
        counts="care_leavers",
        polarity="neither",
    )
    def cohort(t: Tables, c: MetricContext) -> Value:
        return count(_band(t, c, band).total())

    @metric(
        f"care_leavers.eet_{band}",
        title=f"Care leavers {ages} in education, employment or training",
        definition=f"Care leavers {ages} in education, employment or training (OC3 ACTIV "
        "F1-F5 or P1-P5) as a share of the whole cohort, including those whose activity "
        "is not known: DfE's published method, comparable with England, region and "
        "statistical neighbours.",
        unit="proportion",
        inputs=inputs,
        timing="cohort",
        counts="care_leavers",
        polarity="higher",
        benchmark=activity_ref("Total in education, employment or training"),
    )
    def eet(t: Tables, c: MetricContext) -> Value:
        counts = _band(t, c, band)
        return share(counts.activity(EET_CODES), counts.total())

    @metric(
        f"care_leavers.eet_known_{band}",
        title=f"Care leavers {ages} in education, employment or training (known-only)",
        definition=f"Care leavers {ages} in education, employment or training as a share of "
        "those whose activity is known (not-known removed from the denominator). Not DfE's "
        "method and higher than it: never compare it with the national all-cohort rate.",
        unit="proportion",
        inputs=inputs,
        timing="cohort",
        counts="care_leavers",
        polarity="higher",
        label="known-only",
    )
    def eet_known(t: Tables, c: MetricContext) -> Value:
        counts = _band(t, c, band)
        return share(counts.activity(EET_CODES), counts.total() - counts.activity(("0",)))

    @metric(
        f"care_leavers.neet_{band}",
        title=f"Care leavers {ages} not in education, employment or training",
        definition=f"Care leavers {ages} not in education, employment or training (ACTIV "
        "G4, G5, G6) as a share of the cohort, with each reason: illness or disability, "
        "pregnancy or parenting, other reasons.",
        unit="proportion",
        inputs=inputs,
        timing="cohort",
        counts="care_leavers",
        polarity="lower",
        benchmark=activity_ref("Total not in education, employment or training"),
        breakdown="reason",
    )
    def neet(t: Tables, c: MetricContext) -> list[Value]:
        counts = _band(t, c, band)
        total = counts.total()
        return [
            share(counts.activity(NEET_CODES), total),
            *(
                share(counts.activity((code,)), total, reason=label)
                for code, label in NEET_REASONS.items()
            ),
        ]

    @metric(
        f"care_leavers.activity_not_known_{band}",
        title=f"Care leavers {ages} whose activity is not known",
        definition=f"Care leavers {ages} with activity not known (ACTIV 0: not in touch, "
        "refusing contact or no longer requiring services) as a share of the cohort.",
        unit="proportion",
        inputs=inputs,
        timing="cohort",
        counts="care_leavers",
        polarity="lower",
        benchmark=activity_ref("Total information not known"),
    )
    def not_known(t: Tables, c: MetricContext) -> Value:
        counts = _band(t, c, band)
        return share(counts.activity(("0",)), counts.total())

    @metric(
        f"care_leavers.activity_by_type_{band}",
        title=f"Activity of care leavers {ages} in education, employment or training",
        definition=f"Care leavers {ages} by type of activity (higher education, other "
        "education, apprenticeship, training or employment) as shares of the whole cohort.",
        unit="proportion",
        inputs=inputs,
        timing="cohort",
        counts="care_leavers",
        polarity="neither",
        breakdown="activity",
    )
    def by_type(t: Tables, c: MetricContext) -> list[Value]:
        counts = _band(t, c, band)
        return _activity_groups(counts, counts.total())

    @metric(
        f"care_leavers.suitable_accommodation_{band}",
        title=f"Care leavers {ages} in suitable accommodation",
        definition=f"Care leavers {ages} whose accommodation is suitable (ACCOM ending 1) as "
        "a share of the cohort, leaving out those gone abroad, deported or whose residence "
        "is not known (G, H, R), as DfE does; unsuitable and not known are shown too.",
        unit="proportion",
        inputs=["ssda903_oc3.accom", "ssda903_oc3.dob"],
        timing="cohort",
        counts="care_leavers",
        polarity="higher",
        extra_counts={"left_out_gone_abroad_deported_or_residence_not_known": "care_leavers"},
        breakdown="suitability",
        benchmark=BenchmarkRef(
            "la_care_leavers_accommodation_suitability",
            {"care_leaver_age": dfe_age, "breakdown": "Accommodation considered suitable"},
            "care_leaver_percent",
        ),
    )
    def suitable(t: Tables, c: MetricContext) -> list[Value]:
        good, bad, unknown, outside = _band(t, c, band).accommodation()
        total = good + bad + unknown
        headline = share(good, total)
        headline.extra["left_out_gone_abroad_deported_or_residence_not_known"] = outside
        return [
            headline,
            share(good, total, suitability="Suitable"),
            share(bad, total, suitability="Unsuitable"),
            share(unknown, total, suitability="Not known"),
        ]

    @metric(
        f"care_leavers.in_touch_{band}",
        title=f"Care leavers {ages} the local authority is in touch with",
        definition=f"Care leavers {ages} with IN_TOUCH YES as a share of the cohort.",
        unit="proportion",
        inputs=["ssda903_oc3.in_touch", "ssda903_oc3.dob"],
        timing="cohort",
        counts="care_leavers",
        polarity="higher",
    )
    def in_touch(t: Tables, c: MetricContext) -> Value:
        counts = _band(t, c, band)
        return share(counts.in_touch(), counts.total())


for _band_name in BANDS:
    _declare(_band_name)


@metric(
    "care_leavers.excluded_records",
    title="OC3 records left out of the care-leaver cohort",
    definition="OC3 records of the collection year not counted in either age band, by reason: "
    "died, returned home for six months or more, aged outside 17 to 21 on 31 March, and, from "
    "the return's episodes, still looked after on their 17th or 18th birthday, died in care, "
    "care transferred to another local authority, or looked after only under an agreed "
    "series of short breaks (DfE validator rules 1007/1016, 1000, 1011); and records whose "
    "codes contradict each other (reported, counted by DfE's rules).",
    unit="count",
    inputs=["ssda903_oc3.in_touch", "ssda903_oc3.dob"],
    timing="cohort",
    counts="care_leavers",
    polarity="neither",
    breakdown="reason",
)
def excluded_records(t: Tables, c: MetricContext) -> list[Value]:
    reasons: Counter[str] = Counter()
    inconsistent = 0
    for (_, _, band), counts in _year_counts(t, c.year.collection_year).items():
        for (touch, activ, accom, excluded), n in counts.rows.items():
            if band == "other":
                reasons["outside"] += n
            elif touch in EXCLUDED_IN_TOUCH:
                reasons[touch] += n
            elif excluded:
                reasons[excluded] += n
            if _inconsistent(touch, activ, accom):
                inconsistent += n
    # The reasons add up to the total; the inconsistent-codes warning does not, so it is
    # marked outside the total: secondary suppression must hide another reason, not the warning.
    warning = count(inconsistent, reason="Inconsistent codes (reported only)")
    warning.extra["outside_total"] = True
    headline = count(sum(reasons.values()))
    headline.extra["episodes_ingested"] = _has_episodes(t, c.year.collection_year)
    return [
        headline,
        count(reasons["DIED"], reason="Died"),
        count(reasons["RHOM"], reason="Returned home for 6 months or more (RHOM)"),
        count(reasons["outside"], reason="Aged outside 17 to 21 on 31 March"),
        *(count(reasons[key], reason=label) for key, label in EPISODE_EXCLUSIONS.items()),
        warning,
    ]


def _has_episodes(t: Tables, collection_year: int) -> bool:
    if not t.has("ssda903_episodes"):
        return False
    return bool(
        t.scalar(
            "SELECT count(*) > 0 FROM ssda903_episodes WHERE collection_year = ?",
            collection_year,
        )
    )


def _inconsistent(touch: str, activ: str, accom: str) -> bool:
    """datasets.md: DIED/RHOM need ACTIV and ACCOM 0; YES needs both known; S1/X1 invalid."""
    if touch in EXCLUDED_IN_TOUCH:
        return activ != "0" or accom != "0"
    if touch == "YES" and (activ == "0" or accom == "0"):
        return True
    return accom in ("S1", "X1")
