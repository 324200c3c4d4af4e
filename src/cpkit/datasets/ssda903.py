"""SSDA903 tables (the DfE children looked after return), identified by their standard headers.

Column names are the standard headers in lower case. Every row also carries the
``collection_year`` (the year ending 31 March that the return covers). UPN is recognised but
never stored; home and placement postcodes are kept as their district (outward code) only.
"""

from __future__ import annotations

from cpkit.datasets.model import (
    CodeRequirement,
    Column,
    Dataset,
    DateOrder,
    InCollectionYear,
    ReturnCheck,
)

_CHILD = Column("child", "person_id", required=True, description="child's id in the return")
_DOB = Column("dob", "date", required=True)


def _table(
    name: str,
    title: str,
    unit: str,
    key: tuple[str, ...],
    *columns: Column,
    rules: tuple[DateOrder, ...] = (),
    date_column: str | None = None,
    checks: tuple[CodeRequirement | InCollectionYear | ReturnCheck, ...] = (),
) -> Dataset:
    return Dataset(
        name=name,
        title=title,
        unit=unit,
        key=key,
        columns=columns,
        family="ssda903",
        rules=rules,
        date_column=date_column,
        checks=checks,
    )


# datasets.md: IN_TOUCH DIED/RHOM requires ACTIV and ACCOM 0; IN_TOUCH YES requires both
# non-zero; S1 and X1 are invalid (homelessness and custody are never suitable).
OC3_CHECKS: tuple[CodeRequirement | InCollectionYear | ReturnCheck, ...] = (
    *(
        CodeRequirement(
            f"in_touch_died_or_home_with_{col}",
            "in_touch",
            ("DIED", "RHOM"),
            col,
            ("0",),
            True,
            f"IN_TOUCH is DIED or RHOM, so {col.upper()} should be 0",
        )
        for col in ("activ", "accom")
    ),
    *(
        CodeRequirement(
            f"in_touch_yes_without_{col}",
            "in_touch",
            ("YES",),
            col,
            ("0",),
            False,
            f"IN_TOUCH is YES, so {col.upper()} should be known (not 0)",
        )
        for col in ("activ", "accom")
    ),
    CodeRequirement(
        "accom_s1_x1_invalid",
        "accom",
        ("S1", "X1"),
        "accom",
        ("S1", "X1"),
        False,
        "ACCOM S1 or X1 is invalid: no fixed abode and custody are never suitable; "
        "counted as unsuitable",
    ),
    # checks that need the collection year (DfE validator rule 391, and codes out of place)
    ReturnCheck(
        "oc3_age_outside_17_to_21",
        "the young person is not aged 17 to 21 on 31 March {year} (DfE validator rule 391): "
        "not in the care-leaver cohort; is the collection year right? (--collection-year)",
        outside_ages=(17, 21),
    ),
    ReturnCheck(
        "activ_legacy_f3_p3",
        "ACTIV F3/P3 is a legacy code not used in returns after 2021; counted as training or "
        "employment: record F5 or P5 in the source system",
        column="activ",
        values=("F3", "P3"),
        from_year=2022,
    ),
    ReturnCheck(
        "accom_z1_at_17",
        "ACCOM Z1 (with former foster carers) at 17: staying put begins at 18, so a "
        "17-year-old still with their foster carers is usually still looked after; check the "
        "episodes",
        column="accom",
        values=("Z1",),
        at_ages=(17, 17),
    ),
)


SSDA903_TABLES = (
    _table(
        "ssda903_header",
        "SSDA903 header",
        "one row per child looked after in the year",
        ("child",),
        _CHILD,
        Column("sex", "code", codelist="sex_903", required=True),
        _DOB,
        Column("ethnic", "code", codelist="ethnicity", required=True),
        Column("upn", "drop"),
        Column("mother", "bool"),
        Column("mc_dob", "date"),
    ),
    _table(
        "ssda903_episodes",
        "SSDA903 episodes",
        "one row per episode of care",
        ("child", "decom"),
        _CHILD,
        Column("decom", "date", required=True),
        Column("rne", "upper", required=True),
        Column("ls", "upper", required=True),
        Column("cin", "upper", required=True),
        Column("place", "upper", required=True),
        Column("place_provider", "upper"),
        Column("dec", "date"),
        Column("rec", "upper"),
        Column("reason_place_change", "upper"),
        Column("home_post", "postcode_district"),
        Column("pl_post", "postcode_district"),
        Column("urn", "id"),
        rules=(DateOrder("decom", "dec"),),
        checks=(InCollectionYear("decom"), InCollectionYear("dec", from_start=True)),
        date_column="decom",
    ),
    _table(
        "ssda903_oc3",
        "SSDA903 OC3 care leavers",
        "one row per care leaver with a 17th to 21st birthday in the year",
        ("child",),
        _CHILD,
        _DOB,
        Column("in_touch", "code", codelist="in_touch", required=True),
        Column("activ", "code", codelist="activity", required=True),
        # required by the return, but no row is counted by it: EET, NEET and in touch do not
        # depend on it, so a value that is not a code is stored as not recorded (the row
        # kept) and the accommodation figures count it as not known
        Column("accom", "code", codelist="accommodation", required=True, counting=False),
        checks=OC3_CHECKS,
    ),
    _table(
        "ssda903_reviews",
        "SSDA903 reviews",
        "one row per review",
        ("child", "review"),
        _CHILD,
        _DOB,
        Column("review", "date", required=True),
        Column("review_code", "upper", required=True),
        checks=(InCollectionYear("review", from_start=True),),
        date_column="review",
    ),
    _table(
        "ssda903_missing",
        "SSDA903 missing episodes",
        "one row per missing or away episode",
        ("child", "mis_start"),
        _CHILD,
        _DOB,
        Column("missing", "upper", required=True),
        Column("mis_start", "date", required=True),
        Column("mis_end", "date"),
        rules=(DateOrder("mis_start", "mis_end"),),
        checks=(InCollectionYear("mis_start", from_start=True),),
        date_column="mis_start",
    ),
    _table(
        "ssda903_oc2",
        "SSDA903 OC2 outcomes",
        "one row per child looked after for 12 months",
        ("child",),
        _CHILD,
        _DOB,
        Column("sdq_score", "int", minimum=0, maximum=40),
        Column("sdq_reason", "upper"),
        Column("convicted", "bool"),
        # health surveillance checks: recorded for children under 5 only (blank for the others,
        # DfE validator rule 546), so never required
        Column("health_check", "bool"),
        Column("immunisations", "bool"),
        Column("teeth_check", "bool"),
        Column("health_assessment", "bool"),
        Column("substance_misuse", "bool"),
        Column("intervention_received", "bool"),
        Column("intervention_offered", "bool"),
    ),
    _table(
        "ssda903_uasc",
        "SSDA903 UASC",
        "one row per unaccompanied asylum-seeking child",
        ("child",),
        _CHILD,
        Column("sex", "code", codelist="sex_903", required=True),
        _DOB,
        Column("duc", "date", required=True, future_ok=True),
    ),
    _table(
        "ssda903_previous_permanence",
        "SSDA903 previous permanence",
        "one row per child",
        ("child",),
        _CHILD,
        _DOB,
        Column("prev_perm", "upper", required=True),
        Column("la_perm", "upper"),
        Column("date_perm", "text"),  # the return allows partial dates such as zz/12/2016
    ),
    _table(
        "ssda903_ad1",
        "SSDA903 AD1 adoptions",
        "one row per child adopted",
        ("child",),
        _CHILD,
        _DOB,
        Column("date_int", "date", required=True),
        Column("date_match", "date", required=True),
        Column("foster_care", "bool"),
        Column("nb_adoptr", "int", minimum=1, maximum=2),
        Column("sex_adoptr", "upper"),
        Column("ls_adoptr", "upper"),
    ),
    _table(
        "ssda903_placed_for_adoption",
        "SSDA903 placed for adoption",
        "one row per decision to place for adoption",
        ("child", "date_placed"),
        _CHILD,
        _DOB,
        Column("date_placed", "date", required=True),
        Column("date_placed_ceased", "date"),
        Column("reason_placed_ceased", "upper"),
        rules=(DateOrder("date_placed", "date_placed_ceased"),),
    ),
    _table(
        "ssda903_sw_episodes",
        "SSDA903 social worker episodes",
        "one row per social worker episode",
        ("child", "sw_decom"),
        _CHILD,
        _DOB,
        Column("sw_id", "person_id", required=True),
        Column("sw_decom", "date", required=True),
        Column("sw_dec", "date"),
        Column("sw_reason", "upper"),
        rules=(DateOrder("sw_decom", "sw_dec"),),
    ),
)
