"""The ethnicity code list: DfE's 20 codes with the wordings systems export for them.

Case-management systems export the DfE description ("White British"), the ONS 2021 census
wording ("Asian, Asian British or Asian Welsh: Indian", "Black/Black British - Caribbean") or
the 2011 one ("Asian or Asian British: Indian"). Matching ignores case, spaces and
punctuation, so each census wording is its group's name (in each of its forms) followed by
the category: the forms are listed once here and combined, not typed out 200 times.
"""

from __future__ import annotations

from cpkit.datasets.model import CodeList, normalise

# The census group names, in the forms systems use (2021, 2011, short).
_GROUPS = {
    "white": ("White",),
    "mixed": (
        "Mixed",
        "Mixed or Multiple ethnic groups",
        "Mixed/Multiple ethnic groups",
        "Mixed or Multiple",
        "Mixed Multiple",
        "Mixed ethnic groups",
        "Dual heritage",
    ),
    "asian": (
        "Asian",
        "Asian or Asian British",
        "Asian/Asian British",
        "Asian, Asian British or Asian Welsh",
        "Asian British",
    ),
    "black": (
        "Black",
        "Black or Black British",
        "Black/Black British",
        "Black, Black British, Black Welsh, Caribbean or African",
        "Black, African, Caribbean or Black British",
        "Black/African/Caribbean/Black British",
        "Black British",
    ),
    "other": ("Other ethnic group", "Other ethnic groups", "Other", "Any other ethnic group"),
}

# code -> (census group, categories within that group); each is also accepted on its own
_CENSUS: dict[str, tuple[str, tuple[str, ...]]] = {
    "WBRI": (
        "white",
        (
            "English, Welsh, Scottish, Northern Irish or British",
            "English/Welsh/Scottish/Northern Irish/British",
            "British",
            "English",
        ),
    ),
    "WIRI": ("white", ("Irish",)),
    "WIRT": ("white", ("Irish Traveller", "Traveller of Irish heritage")),
    "WROM": ("white", ("Roma", "Gypsy", "Gypsy/Roma", "Gypsy or Roma")),
    "WOTH": ("white", ("Any other White background", "Other White", "Other", "Any other")),
    "MWBC": ("mixed", ("White and Black Caribbean",)),
    "MWBA": ("mixed", ("White and Black African",)),
    "MWAS": ("mixed", ("White and Asian",)),
    "MOTH": (
        "mixed",
        (
            "Any other Mixed or Multiple ethnic background",
            "Any other Mixed/Multiple ethnic background",
            "Any other mixed background",
            "Other Mixed or Multiple ethnic groups",
            "Other Mixed",
            "Other",
            "Any other",
        ),
    ),
    "AIND": ("asian", ("Indian",)),
    "APKN": ("asian", ("Pakistani",)),
    "ABAN": ("asian", ("Bangladeshi",)),
    "CHNE": ("asian", ("Chinese",)),  # the 2021 census puts Chinese under Asian; DfE: Other
    "AOTH": ("asian", ("Any other Asian background", "Other Asian", "Other", "Any other")),
    "BCRB": ("black", ("Caribbean",)),
    "BAFR": ("black", ("African",)),
    "BOTH": (
        "black",
        (
            "Any other Black, Black British or Caribbean background",
            "Any other Black, African or Caribbean background",
            "Any other Black background",
            "Other Black",
            "Other",
            "Any other",
        ),
    ),
    "OOTH": ("other", ("Arab", "Any other ethnic group", "Other")),
}

_DFE = {
    "WBRI": ("White British", "White English", "White Welsh", "White Scottish"),
    "WIRI": ("White Irish",),
    "WOTH": ("Any other White background", "White other", "Other White"),
    "WIRT": ("Traveller of Irish heritage", "Irish Traveller", "White Irish Traveller"),
    "WROM": ("Gypsy/Roma", "Gypsy Roma", "Gypsy", "Roma", "White Gypsy or Irish Traveller"),
    "MWBC": ("White and Black Caribbean", "Mixed White and Black Caribbean"),
    "MWBA": ("White and Black African", "Mixed White and Black African"),
    "MWAS": ("White and Asian", "Mixed White and Asian"),
    "MOTH": ("Any other mixed background", "Other mixed", "Mixed other"),
    "AIND": ("Indian", "Asian Indian"),
    "APKN": ("Pakistani", "Asian Pakistani"),
    "ABAN": ("Bangladeshi", "Asian Bangladeshi"),
    "AOTH": ("Any other Asian background", "Other Asian", "Asian other"),
    "BCRB": ("Black Caribbean", "Caribbean"),
    "BAFR": ("Black African", "African"),
    "BOTH": ("Any other Black background", "Other Black", "Black other"),
    "CHNE": ("Chinese",),
    "OOTH": ("Any other ethnic group", "Other ethnic group", "Other", "Arab"),
    "REFU": ("Refused", "Information refused", "Declined", "Prefer not to say", "Not given"),
    "NOBT": (
        "Information not yet obtained",
        "Not obtained",
        "Not known",
        "Unknown",
        "Not recorded",
        "Not stated",
    ),
}


def _wordings() -> dict[str, tuple[str, ...]]:
    """Every code's DfE wordings, then each census category under each form of its group
    name ("Asian/Asian British - Indian" covers "Asian or Asian British: Indian" too: matching
    ignores punctuation), one spelling per matching form."""
    wordings = {code: list(found) for code, found in _DFE.items()}
    for code, (group, categories) in _CENSUS.items():
        for category in categories:
            wordings[code] += [f"{name} - {category}" for name in _GROUPS[group]]
    return {code: _distinct(found) for code, found in wordings.items()}


def _distinct(wordings: list[str]) -> tuple[str, ...]:
    """The wordings, without any that match the same as an earlier one."""
    seen: dict[str, str] = {}
    for wording in wordings:
        seen.setdefault(normalise(wording), wording)
    return tuple(seen.values())


ETHNICITY = CodeList(
    "ethnicity",
    _wordings(),
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
    description="DfE ethnicity codes (as in the school census and SSDA903), with their "
    "descriptions and the ONS 2021 and 2011 census wordings",
)
