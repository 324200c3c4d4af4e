"""Code lists (datasets.md): canonical codes with the wordings extracts use for them.

Matching is case-, space- and punctuation-insensitive, so "Child in Care", "child-in-care" and
"CHILD IN CARE" are one wording. Order matters where ``precedence`` applies (cohort: CIC > CP >
CIN when a cell gives several).
"""

from __future__ import annotations

from cpkit.datasets.model import CodeList

COHORT = CodeList(
    "cohort",
    {
        "CIC": (
            "child in care",
            "children in care",
            "looked after",
            "looked after child",
            "lac",
            "cla",
            "in care",
            "child looked after",
            "children looked after",
        ),
        "CP": (
            "child protection",
            "child protection plan",
            "cpp",
            "cp plan",
            "subject to cp plan",
            "subject to child protection plan",
        ),
        "CIN": ("child in need", "children in need", "cin plan"),
        "CARE_LEAVER": (
            "care leaver",
            "care leavers",
            "care experienced",
            "18+",
            "leaving care",
            "care experienced young person",
        ),
        "OTHER": ("other", "none of these"),
    },
    groups={
        "CIC": "Children in care",
        "CP": "Child protection",
        "CIN": "Children in need",
        "CARE_LEAVER": "Care leavers",
        "OTHER": "Other",
    },
)

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
        ),
        "UNKNOWN": (
            "unknown",
            "not known",
            "not stated",
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

_ETHNIC = {
    "WBRI": (
        "White British",
        "White - British",
        "White English",
        "White Welsh",
        "White Scottish",
        "White English/Welsh/Scottish/Northern Irish/British",
    ),
    "WIRI": ("White Irish", "White - Irish"),
    "WOTH": ("Any other White background", "White other", "Other White", "White - Other"),
    "WIRT": ("Traveller of Irish heritage", "Irish Traveller", "White Irish Traveller"),
    "WROM": ("Gypsy/Roma", "Gypsy Roma", "Gypsy", "Roma", "White Gypsy or Irish Traveller"),
    "MWBC": (
        "White and Black Caribbean",
        "Mixed White and Black Caribbean",
        "Mixed - White and Black Caribbean",
    ),
    "MWBA": (
        "White and Black African",
        "Mixed White and Black African",
        "Mixed - White and Black African",
    ),
    "MWAS": ("White and Asian", "Mixed White and Asian", "Mixed - White and Asian"),
    "MOTH": ("Any other mixed background", "Other mixed", "Mixed other", "Mixed - Other"),
    "AIND": ("Indian", "Asian Indian", "Asian or Asian British Indian", "Asian - Indian"),
    "APKN": (
        "Pakistani",
        "Asian Pakistani",
        "Asian or Asian British Pakistani",
        "Asian - Pakistani",
    ),
    "ABAN": (
        "Bangladeshi",
        "Asian Bangladeshi",
        "Asian or Asian British Bangladeshi",
        "Asian - Bangladeshi",
    ),
    "AOTH": ("Any other Asian background", "Other Asian", "Asian other", "Asian - Other"),
    "BCRB": (
        "Black Caribbean",
        "Caribbean",
        "Black or Black British Caribbean",
        "Black - Caribbean",
    ),
    "BAFR": ("Black African", "African", "Black or Black British African", "Black - African"),
    "BOTH": ("Any other Black background", "Other Black", "Black other", "Black - Other"),
    "CHNE": ("Chinese",),
    "OOTH": ("Any other ethnic group", "Other ethnic group", "Other", "Arab"),
    "REFU": ("Refused", "Information refused", "Declined"),
    "NOBT": (
        "Information not yet obtained",
        "Not obtained",
        "Not known",
        "Unknown",
        "Not recorded",
    ),
}
ETHNICITY = CodeList(
    "ethnicity",
    _ETHNIC,
    groups={
        **{code: "White" for code in ("WBRI", "WIRI", "WOTH", "WIRT", "WROM")},
        **{code: "Mixed" for code in ("MWBC", "MWBA", "MWAS", "MOTH")},
        **{code: "Asian" for code in ("AIND", "APKN", "ABAN", "AOTH")},
        **{code: "Black" for code in ("BCRB", "BAFR", "BOTH")},
        "CHNE": "Other",
        "OOTH": "Other",
        "REFU": "Not known",
        "NOBT": "Not known",
    },
)

REFERRAL_SOURCE = CodeList(
    "referral_source",
    {
        "FGC": ("family group conference", "fgc team", "family group conferencing"),
        "SOCIAL_WORK": (
            "social work",
            "social worker",
            "social work team",
            "sw",
            "children's social care",
            "social care",
        ),
        "SELF": (
            "self",
            "self referral",
            "self-referral",
            "young person",
            "child",
            "child or young person",
        ),
        "IRO": ("independent reviewing officer", "reviewing officer"),
        "CP_CHAIR": (
            "cp chair",
            "child protection chair",
            "cpo",
            "child protection officer",
            "conference chair",
        ),
        "PROVIDER": (
            "provider",
            "residential home",
            "children's home",
            "private residential",
            "placement provider",
            "residential worker",
        ),
        "CARER": ("carer", "foster carer", "kinship carer"),
        "PARENT": ("parent", "family member", "family"),
        "OTHER_SERVICE": (
            "other service",
            "other trust service",
            "health",
            "school",
            "education",
            "youth offending",
            "yos",
            "early help",
            "housing",
            "st basils",
        ),
        "OTHER": ("other",),
    },
    groups={"FGC": "FGC", "SOCIAL_WORK": "Social work"},
)
# Every source not FGC or social work is reported in the "Other" group.
REFERRAL_SOURCE_GROUPS = {
    code: REFERRAL_SOURCE.groups.get(code, "Other") for code in REFERRAL_SOURCE.codes
}

ISSUE = CodeList(
    "issue",
    {
        "SUPPORT_AT_MEETINGS": (
            "support at meetings",
            "meetings",
            "meeting support",
            "support at meeting",
            "attending meetings",
        ),
        "PLACEMENT": ("placement", "placement issues", "placement move", "where i live"),
        "COMPLAINT": ("complaint", "complaints", "making a complaint"),
        "CONTACT": ("contact", "family time", "contact with family"),
        "EDUCATION": ("education", "school", "schooling"),
        "LEAVING_CARE": ("leaving care", "pathway plan", "care leaver entitlements"),
        "HOMELESSNESS": ("homelessness", "homeless", "presenting homeless"),
        "HEALTH": ("health", "mental health", "health needs"),
        "IDENTITY": ("identity", "culture and identity"),
        "OTHER": ("other",),
    },
    groups={
        "SUPPORT_AT_MEETINGS": "Support at meetings",
        "PLACEMENT": "Placement",
        "COMPLAINT": "Complaint",
        "CONTACT": "Contact",
        "EDUCATION": "Education",
        "LEAVING_CARE": "Leaving care",
        "HOMELESSNESS": "Homelessness",
        "HEALTH": "Health",
        "IDENTITY": "Identity",
        "OTHER": "Other",
    },
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
        "GROUP_SESSION": ("group session", "group", "session", "forum", "group meeting"),
        "ALL_TOGETHER_DAY": ("all together day", "all-together day", "all together"),
        "CONSULTATION": ("consultation", "paid consultation"),
        "TRAINING_DELIVERED": ("training", "training delivered"),
        "INTERVIEW_PANEL": ("interview panel", "interviews", "recruitment panel", "interview"),
        "CONFERENCE": ("conference",),
        "CELEBRATION": ("celebration", "fun day", "family fun day", "celebration event"),
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
