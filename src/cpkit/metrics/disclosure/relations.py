"""The arithmetic the published figures obey, declared once, so that secondary suppression and
the audit know every way a reader could work a hidden cell out.

Some relations follow from the declarations alone and are not listed here (see ``automatic``
in ledger.py): a share's numerator plus its complement is its denominator; the parts of a
breakdown add up to the total they share (the headline of a count breakdown, the common
denominator of a share breakdown) unless the breakdown is listed in ``PARTIAL``; a headline
share has the same denominator as its breakdown; this year minus the change is last year.

The rest are listed below, each as ``total = sum of parts`` over cells of one year (every
relation holds in every year, prior years included). A group value ``"*"`` stands for each
value found (each programme, each age band). ``Parts`` stands for every category of a
breakdown that is shown (a category not listed is a zero). tests/test_disclosure_relations.py
checks that every relation holds on the sample's figures, so a wrong declaration is caught.
"""

from __future__ import annotations

from dataclasses import dataclass

from cpkit.datasets.codelists import REFERRAL_SOURCE, REFERRAL_SOURCE_GROUPS

Group = tuple[tuple[str, str], ...]

# group keys that name separate populations, not the parts of a whole: each programme's
# figures stand alone (their own denominators), like a headline of their own
SEPARATE_POPULATIONS = frozenset({"programme"})

# breakdowns whose parts are a subset of the total they share (metric id, breakdown key):
# NEET reasons add up to the NEET count, activity types to the EET count, not to the cohort
PARTIAL = frozenset(
    {
        *((f"care_leavers.neet_{band}", "reason") for band in ("17_18", "19_21")),
        *((f"care_leavers.activity_by_type_{band}", "activity") for band in ("17_18", "19_21")),
    }
)


@dataclass(frozen=True)
class Ref:
    """One cell of a year: a metric's value, numerator, denominator, total:<key> or base."""

    metric: str
    role: str = "value"
    group: Group = ()


@dataclass(frozen=True)
class Parts:
    """Every shown category of a breakdown (optionally only some codes), one role each."""

    metric: str
    key: str
    role: str = "numerator"
    only: frozenset[str] | None = None
    outer: Group = ()


@dataclass(frozen=True)
class Relation:
    """``total`` equals the sum of ``parts`` in every year."""

    name: str
    total: Ref
    parts: tuple[Ref | Parts, ...]


def value(metric: str, **group: str) -> Ref:
    return Ref(metric, "value", tuple(sorted(group.items())))


def num(metric: str, **group: str) -> Ref:
    return Ref(metric, "numerator", tuple(sorted(group.items())))


def den(metric: str, **group: str) -> Ref:
    return Ref(metric, "denominator", tuple(sorted(group.items())))


def total(metric: str, key: str, **outer: str) -> Ref:
    """The denominator every part of ``metric``'s breakdown by ``key`` shares."""
    return Ref(metric, f"total:{key}", tuple(sorted(outer.items())))


def base(metric: str, **group: str) -> Ref:
    return Ref(metric, "base", tuple(sorted(group.items())))


def same(name: str, a: Ref, b: Ref) -> Relation:
    return Relation(name, a, (b,))


# --------------------------------------------------------------------------- advocacy

_REFERRALS = value("advocacy.referrals")
_ADVOCACY_BREAKDOWNS = (
    ("advocacy.referrals_by_cohort", "cohort"),
    ("advocacy.referrals_with_disability", "disability"),
    ("advocacy.referrals_by_source", "source_group"),
    ("advocacy.referrals_by_source", "source"),
    ("advocacy.referrals_by_issue", "issue"),
    ("advocacy.referrals_by_age_band", "age_band"),
    ("advocacy.referrals_by_gender", "gender"),
    ("advocacy.referrals_by_ethnicity", "ethnic_group"),
)


def _source_groups() -> list[Relation]:
    groups: dict[str, set[str]] = {}
    for code in (*REFERRAL_SOURCE.codes, "NOT_RECORDED"):
        groups.setdefault(REFERRAL_SOURCE_GROUPS.get(code, "Not recorded"), set()).add(code)
    return [
        Relation(
            f"referrals from {group} = the detailed sources in it",
            num("advocacy.referrals_by_source", source_group=group),
            (Parts("advocacy.referrals_by_source", "source", only=frozenset(codes)),),
        )
        for group, codes in sorted(groups.items())
    ]


ADVOCACY = (
    *(
        same(f"{metric} by {key} shares the referrals total", _REFERRALS, total(metric, key))
        for metric, key in _ADVOCACY_BREAKDOWNS
    ),
    same(
        "referrals for disabled children = the Disabled part",
        num("advocacy.referrals_with_disability"),
        num("advocacy.referrals_with_disability", disability="Disabled"),
    ),
    *_source_groups(),
    same(
        "referrals per advocate rests on the referrals",
        _REFERRALS,
        num("advocacy.referrals_per_advocate"),
    ),
    same("referrals per advocate: its base", _REFERRALS, base("advocacy.referrals_per_advocate")),
)

# --------------------------------------------------------------------------- independent visitors

_MATCHED, _AWAITING = value("iv.children_matched"), value("iv.children_awaiting")
_INVOLVED = value("iv.children_involved")
_IV_DIMENSIONS = ("age_band", "gender", "disability", "location", "ethnic_group")


def _iv_profiles() -> list[Relation]:
    found = []
    for dimension in _IV_DIMENSIONS:
        metric = "ethnicity" if dimension == "ethnic_group" else dimension
        for status, headline in (("matched", _MATCHED), ("awaiting", _AWAITING)):
            found.append(
                same(
                    f"children {status} by {dimension} add up to children {status}",
                    headline,
                    total(f"iv.{status}_by_{metric}", dimension),
                )
            )
    return found


INDEPENDENT_VISITORS = (
    Relation("matched + awaiting = involved", _INVOLVED, (_MATCHED, _AWAITING)),
    same("match rate: matched", _MATCHED, num("iv.match_rate")),
    same("match rate: of involved", _INVOLVED, den("iv.match_rate")),
    *_iv_profiles(),
    same("involved by age: of involved", _INVOLVED, total("iv.involved_by_age_band", "age_band")),
    Relation(
        "involved in an age band = matched + awaiting in it",
        num("iv.involved_by_age_band", age_band="*"),
        (
            num("iv.matched_by_age_band", age_band="*"),
            num("iv.awaiting_by_age_band", age_band="*"),
        ),
    ),
    same("days waiting rests on the children awaiting", _AWAITING, base("iv.days_waiting")),
    same("volunteers matched: of volunteers", value("iv.volunteers"), den("iv.volunteers_matched")),
    same("male volunteers: of volunteers", value("iv.volunteers"), den("iv.volunteers_male")),
    same(
        "male volunteers = the Male part",
        num("iv.volunteers_male"),
        num("iv.volunteers_male", gender="M"),
    ),
)

# --------------------------------------------------------------------------- mentoring

_MATCHES = value("mentoring.active_matches")
MENTORING = (
    same("mentoring match rate: matched", _MATCHES, num("mentoring.match_rate")),
    Relation(
        "mentoring match rate: of matched + awaiting",
        den("mentoring.match_rate"),
        (_MATCHES, value("mentoring.mentees_awaiting")),
    ),
    same(
        "matched mentees by gender add up to the matches",
        _MATCHES,
        total("mentoring.mentees_by_gender", "gender"),
    ),
    same(
        "mentors by gender add up to the active mentors",
        value("mentoring.active_mentors"),
        total("mentoring.mentors_by_gender", "gender"),
    ),
)

# --------------------------------------------------------------------------- programmes

_ENROLLED = value("programmes.enrolled", programme="*")
PROGRAMMES = (
    same(
        "progress to target: enrolled", _ENROLLED, num("programmes.target_progress", programme="*")
    ),
    same(
        "NEET at enrolment: of enrolled",
        _ENROLLED,
        den("programmes.neet_at_enrolment", programme="*"),
    ),
    same(
        "participants by cohort add up to enrolled",
        _ENROLLED,
        total("programmes.by_cohort", "cohort", programme="*"),
    ),
    same(
        "grant per participant rests on enrolled",
        _ENROLLED,
        base("programmes.cost_per_participant", programme="*"),
    ),
)

# --------------------------------------------------------------------------- apprenticeships

_COMPLETIONS = value("apprenticeships.completions")
_PASSING = frozenset({"PASS", "MERIT", "DISTINCTION"})
_POSITIVE = frozenset({"EMPLOYED_INTERNAL", "EMPLOYED_EXTERNAL", "EDUCATION"})
APPRENTICESHIPS = (
    same(
        "apprentices by level add up to those in post",
        value("apprenticeships.in_post"),
        total("apprenticeships.by_level", "level"),
    ),
    same(
        "grades add up to completions",
        _COMPLETIONS,
        total("apprenticeships.epa_pass_rate", "grade"),
    ),
    Relation(
        "passes = pass + merit + distinction",
        num("apprenticeships.epa_pass_rate"),
        (Parts("apprenticeships.epa_pass_rate", "grade", only=_PASSING),),
    ),
    same("distinctions: of completions", _COMPLETIONS, den("apprenticeships.distinctions")),
    same(
        "distinctions = the Distinction grade",
        num("apprenticeships.distinctions"),
        num("apprenticeships.epa_pass_rate", grade="DISTINCTION"),
    ),
    same(
        "destinations add up to completions",
        _COMPLETIONS,
        total("apprenticeships.positive_destinations", "destination"),
    ),
    Relation(
        "positive destinations = employment and education",
        num("apprenticeships.positive_destinations"),
        (Parts("apprenticeships.positive_destinations", "destination", only=_POSITIVE),),
    ),
)

# --------------------------------------------------------------------------- care leavers


def _care_leavers(band: str) -> list[Relation]:
    cohort = value(f"care_leavers.cohort_{band}")
    eet, neet = f"care_leavers.eet_{band}", f"care_leavers.neet_{band}"
    not_known, known = f"care_leavers.activity_not_known_{band}", f"care_leavers.eet_known_{band}"
    by_type, suitable = (
        f"care_leavers.activity_by_type_{band}",
        f"care_leavers.suitable_accommodation_{band}",
    )
    left_out = Ref(suitable, "extra:left_out_gone_abroad_deported_or_residence_not_known")
    return [
        *(
            same(f"{metric} is of the cohort", cohort, den(metric))
            for metric in (eet, neet, not_known, f"care_leavers.in_touch_{band}")
        ),
        same(f"{by_type} is of the cohort", cohort, total(by_type, "activity")),
        same(f"{neet} reasons are of the cohort", cohort, total(neet, "reason")),
        Relation(
            f"cohort {band} = EET + NEET + not known", cohort, (num(eet), num(neet), num(not_known))
        ),
        Relation(f"EET {band} = its activity types", num(eet), (Parts(by_type, "activity"),)),
        Relation(f"NEET {band} = its reasons", num(neet), (Parts(neet, "reason"),)),
        same(f"known-only EET {band}: EET", num(eet), num(known)),
        Relation(f"cohort {band} = known + not known", cohort, (den(known), num(not_known))),
        Relation(
            f"cohort {band} = suitability's total + left out", cohort, (den(suitable), left_out)
        ),
        same(
            f"suitable {band} = the Suitable part",
            num(suitable),
            num(suitable, suitability="Suitable"),
        ),
    ]


CARE_LEAVERS = (*_care_leavers("17_18"), *_care_leavers("19_21"))

# --------------------------------------------------------------------------- children in care

_LOOKED_AFTER = value("children_in_care.looked_after")
_DURING_YEAR = den("children_in_care.went_missing")  # children looked after during the year
_OC2 = value("children_in_care.oc2_cohort")
CHILDREN_IN_CARE = (
    *(
        same(
            f"{metric} by {key} adds up to the children looked after",
            _LOOKED_AFTER,
            total(metric, key),
        )
        for metric, key in (
            ("children_in_care.looked_after_by_age", "age_band"),
            ("children_in_care.looked_after_by_sex", "sex"),
            ("children_in_care.looked_after_by_ethnicity", "ethnic_group"),
        )
    ),
    same(
        "three or more placements: of those looked after",
        _LOOKED_AFTER,
        den("children_in_care.placements_3plus"),
    ),
    same(
        "the rate per 10,000 rests on those looked after",
        _LOOKED_AFTER,
        base("children_in_care.rate_per_10k"),
    ),
    same(
        "missing and away: of the same children",
        _DURING_YEAR,
        den("children_in_care.away_without_authorisation"),
    ),
    same(
        "missing incidents, counted twice",
        value("children_in_care.missing_incidents"),
        Ref("children_in_care.went_missing", "extra:incidents"),
    ),
    same(
        "away incidents, counted twice",
        value("children_in_care.away_incidents"),
        Ref("children_in_care.away_without_authorisation", "extra:incidents"),
    ),
    *(
        same(f"{metric} is of the OC2 cohort", _OC2, den(f"children_in_care.{metric}"))
        for metric in ("health_assessments", "dental_checks", "immunisations", "substance_misuse")
    ),
    same(
        "the SDQ mean rests on the SDQs completed",
        num("children_in_care.sdq_completed"),
        base("children_in_care.sdq_mean"),
    ),
    same(
        "reviews supported by an advocate: of the reviews",
        den("children_in_care.review_participation"),
        den("children_in_care.review_advocate_supported"),
    ),
    same(
        "adoption timeliness: the same adoptions",
        base("children_in_care.adoption_a10"),
        base("children_in_care.adoption_a2"),
    ),
)

RELATIONS: tuple[Relation, ...] = (
    *ADVOCACY,
    *INDEPENDENT_VISITORS,
    *MENTORING,
    *PROGRAMMES,
    *APPRENTICESHIPS,
    *CARE_LEAVERS,
    *CHILDREN_IN_CARE,
)
