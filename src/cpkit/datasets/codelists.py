"""Code lists (datasets.md): canonical codes with the wordings extracts use for them.

Matching is case-, space- and punctuation-insensitive, so "Child in Care", "child-in-care" and
"CHILD IN CARE" are one wording. Order matters where ``precedence`` applies (cohort: CIC > CP >
CIN when a cell gives several).
"""

from __future__ import annotations

from cpkit.datasets.advocacy_codes import (
    COHORT,
    ISSUE,
    REFERRAL_SOURCE,
)
from cpkit.datasets.advocacy_codes import REFERRAL_SOURCE_GROUPS as REFERRAL_SOURCE_GROUPS
from cpkit.datasets.ethnicity import ETHNICITY
from cpkit.datasets.model import CodeList

GENDER = CodeList(
    "gender",
    {
        "F": ("female", "girl", "woman", "f"),
        "M": ("male", "boy", "man", "m"),
        "OTHER": (
            "other",
            "non-binary",
            "nonbinary",
            "non binary",
            "prefer to self-describe",
            "transgender",
            "gender fluid",
            "genderfluid",
            "agender",
            "another gender",
            "other gender",
            "gender neutral",
        ),
        "UNKNOWN": (
            "unknown",
            "not known",
            "not stated",
            "not specified",
            "indeterminate",
            "prefer not to say",
            "not recorded",
            "u",
            "0",
            "9",
        ),
    },
    groups={"F": "Female", "M": "Male", "OTHER": "Other", "UNKNOWN": "Unknown"},
    blank="UNKNOWN",
)

SEX_903 = CodeList(
    "sex_903",
    {"M": ("1", "male", "m"), "F": ("2", "female", "f")},
    groups={"F": "Female", "M": "Male"},
)

LOCATION = CodeList(
    "location",
    {
        "IN_AREA": ("in area", "in city", "in borough", "in county", "local", "in la"),
        "REGION": (
            "region",
            "in region",
            "elsewhere in region",
            "regional",
            "out of area in region",
        ),
        "ELSEWHERE_UK": (
            "elsewhere in uk",
            "elsewhere",
            "out of region",
            "outside region",
            "national",
            "rest of uk",
            "uk",
        ),
    },
)

MENTORING_OUTCOME = CodeList(
    "mentoring_outcome",
    {
        "EMPLOYMENT": ("employment", "paid employment", "job", "work", "employed", "paid work"),
        "EDUCATION": ("education", "college", "university", "course", "college course"),
        "TRAINING": ("training", "training programme"),
        "NONE": ("none", "no outcome", "no change"),
    },
    groups={
        "EMPLOYMENT": "Into employment",
        "EDUCATION": "Into education",
        "TRAINING": "Into training",
        "NONE": "No outcome recorded",
    },
)

FUNDING = CodeList(
    "funding",
    {
        "PROGRAMME": ("programme", "programme funded", "apprentice programme", "central"),
        "SERVICE": ("service", "service funded", "team funded"),
        "PARTNER": ("partner", "partner funded", "external", "external partner"),
    },
    groups={
        "PROGRAMME": "Funded by the programme",
        "SERVICE": "Funded by a service",
        "PARTNER": "Funded by a partner",
    },
)

LEVEL = CodeList(
    "level",
    {str(level): (f"level {level}", f"l{level}") for level in range(2, 8)},
    groups={str(level): f"Level {level}" for level in range(2, 8)},
)

EPA_GRADE = CodeList(
    "epa_grade",
    {
        "PASS": ("pass", "passed"),
        "MERIT": ("merit",),
        "DISTINCTION": ("distinction", "dist"),
        "FAIL": ("fail", "failed"),
    },
    groups={"PASS": "Pass", "MERIT": "Merit", "DISTINCTION": "Distinction", "FAIL": "Fail"},
)

DESTINATION = CodeList(
    "destination",
    {
        "EMPLOYED_INTERNAL": (
            "employed internal",
            "employed internally",
            "internal employment",
            "employed in the trust",
            "internal role",
        ),
        "EMPLOYED_EXTERNAL": (
            "employed external",
            "employed externally",
            "external employment",
            "employed elsewhere",
            "external role",
        ),
        "EDUCATION": ("education", "further education", "higher education", "university"),
        "NEET": ("neet", "not in education employment or training"),
        "UNKNOWN": ("unknown", "not known"),
    },
    groups={
        "EMPLOYED_INTERNAL": "Employed (internal)",
        "EMPLOYED_EXTERNAL": "Employed (external)",
        "EDUCATION": "Education",
        "NEET": "NEET",
        "UNKNOWN": "Unknown",
    },
)

EVENT_TYPE = CodeList(
    "event_type",
    {
        "GROUP_SESSION": (
            "group session",
            "group",
            "session",
            "forum",
            "group meeting",
            "youth forum",
            "children in care council",
            "cicc",
            "council meeting",
            "drop in",
            "participation group",
        ),
        "ALL_TOGETHER_DAY": ("all together day", "all-together day", "all together"),
        "CONSULTATION": ("consultation", "paid consultation", "focus group", "survey"),
        "TRAINING_DELIVERED": ("training", "training delivered", "training session"),
        "INTERVIEW_PANEL": (
            "interview panel",
            "interviews",
            "recruitment panel",
            "interview",
            "young people's interview panel",
        ),
        "CONFERENCE": ("conference",),
        "CELEBRATION": (
            "celebration",
            "fun day",
            "family fun day",
            "celebration event",
            "awards",
            "award ceremony",
            "awards ceremony",
        ),
        "OTHER": ("other",),
    },
    groups={
        "GROUP_SESSION": "Group sessions",
        "ALL_TOGETHER_DAY": "All-together days",
        "CONSULTATION": "Consultations",
        "TRAINING_DELIVERED": "Training delivered",
        "INTERVIEW_PANEL": "Interview panels",
        "CONFERENCE": "Conferences",
        "CELEBRATION": "Celebration events",
        "OTHER": "Other",
    },
)

ACTION_STATUS = CodeList(
    "action_status",
    {
        "OPEN": ("open", "not started"),
        "IN_PROGRESS": ("in progress", "ongoing", "started"),
        "DELIVERED": ("delivered", "done", "complete", "completed", "achieved"),
        "CLOSED": ("closed", "withdrawn"),
    },
)

IN_TOUCH = CodeList(
    "in_touch",
    {"YES": ("y",), "NO": ("n",), "DIED": (), "REFU": (), "NREQ": (), "RHOM": ()},
    groups={
        "YES": "In touch",
        "NO": "Not in touch",
        "DIED": "Died",
        "REFU": "Refuses contact",
        "NREQ": "No longer requires services",
        "RHOM": "Returned home",
    },
)

# ACTIV: EET codes (F = full time, P = part time), NEET reasons, 0 = not known.
ACTIVITY_TYPES = {
    "F1": "Higher education",
    "P1": "Higher education",
    "F2": "Other education",
    "P2": "Other education",
    "F3": "Training or employment",
    "P3": "Training or employment",  # legacy codes
    "F4": "Apprenticeship",
    "P4": "Apprenticeship",
    "F5": "Training or employment",
    "P5": "Training or employment",
    "G4": "NEET: illness or disability",
    "G5": "NEET: other reasons",
    "G6": "NEET: pregnancy or parenting",
    "0": "Not known",
}
ACTIVITY = CodeList("activity", {code: () for code in ACTIVITY_TYPES}, groups=ACTIVITY_TYPES)

# ACCOM: a letter for the type, a digit for suitability (1 suitable, 2 unsuitable); 0 = not known.
ACCOMMODATION_TYPES = {
    "B": "With parents or relatives",
    "C": "Community home or other residential",
    "D": "Semi-independent, transitional",
    "E": "Supported lodgings",
    "G": "Gone abroad",
    "H": "Deported",
    "K": "Ordinary lodgings",
    "R": "Residence not known",
    "S": "No fixed abode or homeless",
    "T": "Foyers",
    "U": "Independent living",
    "V": "Emergency accommodation",
    "W": "Bed and breakfast",
    "X": "In custody",
    "Y": "Other accommodation",
    "Z": "With former foster carers",
}
ACCOMMODATION = CodeList(
    "accommodation",
    {"0": (), **{f"{letter}{digit}": () for letter in ACCOMMODATION_TYPES for digit in "12"}},
)

ALL: dict[str, CodeList] = {
    codelist.name: codelist
    for codelist in (
        COHORT,
        GENDER,
        SEX_903,
        ETHNICITY,
        REFERRAL_SOURCE,
        ISSUE,
        LOCATION,
        MENTORING_OUTCOME,
        FUNDING,
        LEVEL,
        EPA_GRADE,
        DESTINATION,
        EVENT_TYPE,
        ACTION_STATUS,
        IN_TOUCH,
        ACTIVITY,
        ACCOMMODATION,
    )
}
