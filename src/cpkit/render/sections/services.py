"""Sections for advocacy, independent visitors and mentoring: sentences, charts, tables."""

from __future__ import annotations

from cpkit.formatting import SUPPRESSED
from cpkit.metrics.engine import Figure
from cpkit.render.model import Figures, Section, date_text
from cpkit.render.sections.common import (
    ReportInputs,
    breakdown_chart,
    change_phrase,
    comparison_chart,
    join_words,
    rose_or_fell,
    snapshot_change,
    trend_chart,
)


def advocacy(section: Section, inputs: ReportInputs) -> list[str]:
    """Returns the highlight for the executive summary."""
    f, year = inputs.figures, inputs.year
    if not f.ok("advocacy.referrals"):
        return []
    referrals = f.value("advocacy.referrals")
    headline = (
        f"In {year} the service received {referrals} advocacy referrals"
        f"{change_phrase(f, 'advocacy.referrals')}."
    )
    section.add("paragraph", text=headline)
    if f.ok("advocacy.children_referred"):
        children = f.value("advocacy.children_referred")
        section.add(
            "paragraph",
            text=(
                f"The referrals were for {children} different children and young people: a child "
                "referred more than once counts once here and once for each referral above."
            ),
        )
    cohorts = [
        c
        for c in f.breakdown("advocacy.referrals_by_cohort", "cohort")
        if c.numerator or c.suppressed
    ]
    if cohorts:
        parts = [
            f"{_count_pct(f, c)} for {COHORT_PHRASES.get(c.group['cohort'], 'others')}"
            for c in cohorts
        ]
        parts[0] = parts[0].replace(" for ", " were for ", 1)
        section.add("paragraph", text=f"Of the {referrals} referrals, {join_words(parts)}.")
    if f.ok("advocacy.referrals_with_disability"):
        section.add(
            "paragraph",
            text=(
                f"{f.n_and_pct('advocacy.referrals_with_disability')} of the referrals were for "
                "children with a recorded disability; for "
                f"{f.n_and_pct('advocacy.referrals_with_disability', disability='Not recorded')} "
                "disability was not recorded."
            ),
        )
    sources = [
        s
        for s in f.breakdown("advocacy.referrals_by_source", "source_group")
        if s.numerator or s.suppressed
    ]
    if sources:
        parts = [
            f"{_count_pct(f, s)} from "
            f"{SOURCE_PHRASES.get(s.group['source_group'], 'sources not recorded')}"
            for s in sources
        ]
        parts[0] = parts[0].replace(" from ", " came from ", 1)
        section.add("paragraph", text=f"Of the referrals, {join_words(parts)}.")
    issues = [x for x in f.breakdown("advocacy.referrals_by_issue", "issue") if x.numerator]
    if len(issues) >= 2:
        first, second = issues[0], issues[1]
        section.add(
            "paragraph",
            text=(
                "The most common primary issue was "
                f"{f.label('issue', first.group['issue']).lower()} "
                f"({_count_pct(f, first, ', ')}), followed by "
                f"{f.label('issue', second.group['issue']).lower()} "
                f"({_count_pct(f, second, ', ')})."
            ),
        )
    icpc = f.get("advocacy.icpc_uptake_15_17")
    if icpc is not None and icpc.denominator:
        total = SUPPRESSED if icpc.suppressed else f.fmt.count(icpc.denominator)
        section.add(
            "paragraph",
            text=(
                f"Of the {total} young people aged 15 to 17 referred at an initial child "
                f"protection conference, {f.n_and_pct('advocacy.icpc_uptake_15_17')} accessed "
                "advocacy "
                "support."
            ),
        )
    _advocacy_charts(section, inputs)
    return [headline]


COHORT_PHRASES = {
    "CIC": "children in care",
    "CP": "children on child protection plans",
    "CIN": "children in need",
    "CARE_LEAVER": "care leavers",
    "OTHER": "other children and young people",
}
AGE_PHRASES = {
    "15+": "aged 15 or over",
    "12-14": "aged 12 to 14",
    "8-11": "aged 8 to 11",
    "Under 8": "aged under 8",
}
SOURCE_PHRASES = {
    "FGC": "the family group conference (FGC) team",
    "Social work": "social work teams",
    "Other": "other sources (self-referrals, IROs, child protection chairs, "
    "providers, carers, parents and other services)",
}


def _count_pct(f: Figures, figure: Figure, joiner: str = " ") -> str:
    """'303 (44%)' (or '312, 45%' inside brackets); [c] when suppressed."""
    if figure.suppressed:
        return SUPPRESSED
    count, pct = f.fmt.count(figure.numerator), f.fmt.percent(figure.value)
    return f"{count}{joiner}{pct}" if joiner != " " else f"{count} ({pct})"


def _advocacy_charts(section: Section, inputs: ReportInputs) -> None:
    f, year = inputs.figures, inputs.year
    trend = inputs.trends.get("advocacy.referrals", [])
    if len(trend) >= 2:
        first, last = trend[0], trend[-1]
        verb = rose_or_fell(
            first[1].value if first[1] else None, last[1].value if last[1] else None
        )
        chart = trend_chart(
            inputs,
            "advocacy-referrals-trend",
            [("Referrals", "advocacy.referrals")],
            title=f"Advocacy referrals {verb} between {first[0]} and {last[0]}",
            subtitle=f"Referrals received each financial year, {first[0]} to {last[0]}",
        )
        if chart:
            section.add("chart", chart=chart)
    cohorts = [x for x in f.breakdown("advocacy.referrals_by_cohort", "cohort") if x.numerator]
    if cohorts:
        top = max(cohorts, key=lambda x: x.numerator or 0)
        chart = breakdown_chart(
            inputs,
            "advocacy-cohort",
            "advocacy.referrals_by_cohort",
            "cohort",
            title=f"{f.label('cohort', top.group['cohort'])} made up the largest share of "
            "referrals",
            subtitle=f"Share of advocacy referrals by cohort, {year}",
            series_name="Referrals",
        )
        if chart:
            section.add("chart", chart=chart)
    chart = breakdown_chart(
        inputs,
        "advocacy-issues",
        "advocacy.referrals_by_issue",
        "issue",
        title="Support at meetings and placements were the most common issues"
        if _top_two(inputs)
        else "Primary issues raised",
        subtitle=f"Share of advocacy referrals by primary issue, {year}",
        series_name="Referrals",
        limit=6,
    )
    if chart:
        section.add("chart", chart=chart)


def _top_two(inputs: ReportInputs) -> bool:
    issues = [
        x.group["issue"]
        for x in inputs.figures.breakdown("advocacy.referrals_by_issue", "issue")
        if x.numerator
    ]
    return issues[:2] == ["SUPPORT_AT_MEETINGS", "PLACEMENT"]


def independent_visitors(section: Section, inputs: ReportInputs) -> list[str]:
    f, year = inputs.figures, inputs.figures.year
    if not f.ok("iv.children_matched"):
        return []
    end = date_text(year.end)
    matched = f.value("iv.children_matched")
    awaiting = f.value("iv.children_awaiting")
    involved = f.value("iv.children_involved")
    headline = (
        f"At {end}, {matched} children were matched with an independent visitor"
        f"{snapshot_change(f, 'iv.children_matched')}."
    )
    section.add("paragraph", text=headline)
    section.add(
        "paragraph",
        text=(
            f"A further {awaiting} children were waiting for a match at {end}"
            f"{snapshot_change(f, 'iv.children_awaiting')}, so {involved} children were involved "
            f"with the service at the year end{snapshot_change(f, 'iv.children_involved')}. These "
            "are snapshots on the last day of the year, not everyone seen during it."
        ),
    )
    if f.ok("iv.referrals"):
        section.add(
            "paragraph",
            text=(
                f"During {inputs.year} the service received {f.value('iv.referrals')} referrals"
                f"{change_phrase(f, 'iv.referrals')}."
            ),
        )
    if f.ok("iv.volunteers"):
        male = f.n_and_pct("iv.volunteers_male")
        section.add(
            "paragraph",
            text=(
                f"There were {f.value('iv.volunteers')} active volunteers at {end}"
                f"{snapshot_change(f, 'iv.volunteers')}; {f.n('iv.volunteers_matched')} of them "
                f"had a current match and {male} were male."
            ),
        )
    ages = f.breakdown("iv.involved_by_age_band", "age_band")
    if ages:
        parts = [
            f"{_count_pct(f, a)} {AGE_PHRASES.get(a.group['age_band'], 'age not known')}"
            for a in reversed(ages)
            if a.numerator or a.suppressed
        ]
        if parts:
            parts[0] = parts[0].replace(" aged", " were aged", 1)
            section.add(
                "paragraph",
                text=(f"Of the {involved} children involved at {end}, {join_words(parts)}."),
            )
    _iv_charts(section, inputs)
    return [headline]


def _iv_charts(section: Section, inputs: ReportInputs) -> None:
    f = inputs.figures
    end = date_text(f.year.end)
    for dimension in ("location", "gender"):
        matched = [x for x in f.breakdown(f"iv.matched_by_{dimension}", dimension) if x.numerator]
        awaiting = [x for x in f.breakdown(f"iv.awaiting_by_{dimension}", dimension) if x.numerator]
        if not matched or not awaiting:
            continue
        top_m = max(matched, key=lambda x: x.numerator or 0).group[dimension]
        top_a = max(awaiting, key=lambda x: x.numerator or 0).group[dimension]
        if dimension == "location":
            title = (
                f"Most matched children live {_place(f, top_m)}; most of those awaiting "
                f"live {_place(f, top_a)}"
                if top_m != top_a
                else f"Most matched and awaiting children live {_place(f, top_m)}"
            )
        else:
            title = (
                f"{f.label('gender', top_m)} children are the largest group matched; "
                f"{f.label('gender', top_a).lower()} children the largest group awaiting"
            )
        chart = comparison_chart(
            inputs,
            f"iv-{dimension}",
            f"iv.matched_by_{dimension}",
            dimension,
            [
                ("Matched", f"iv.matched_by_{dimension}"),
                ("Awaiting a match", f"iv.awaiting_by_{dimension}"),
            ],
            title=title,
            subtitle=f"Children matched and awaiting an independent visitor by "
            f"{dimension}, share of each group at {end}",
        )
        if chart:
            section.add("chart", chart=chart)
    chart = trend_chart(
        inputs,
        "iv-trend",
        [
            ("Matched", "iv.children_matched"),
            ("Awaiting", "iv.children_awaiting"),
            ("Volunteers", "iv.volunteers"),
        ],
        title=_iv_trend_title(inputs),
        subtitle="Children matched and awaiting, and active volunteers, at 31 March of each year",
    )
    if chart:
        section.add("chart", chart=chart)


def _place(f: Figures, code: str) -> str:
    """'in Birmingham', 'in the West Midlands', 'elsewhere in UK'."""
    label = f.label("location", code)
    if label.lower().startswith(("elsewhere", "in ", "out")):
        return label[0].lower() + label[1:]
    return f"in {label}"


def _iv_trend_title(inputs: ReportInputs) -> str:
    trend = inputs.trends.get("iv.children_matched", [])
    if len(trend) < 2 or trend[-2][1] is None or trend[-1][1] is None:
        return "Children matched with an independent visitor over time"
    before, now = trend[-2][1].value, trend[-1][1].value
    if trend[-1][1].suppressed or trend[-2][1].suppressed:
        return "Children matched with an independent visitor over time"
    verb = rose_or_fell(before, now)
    return f"Children matched {verb} from {before} to {now} in a year"


def mentoring(section: Section, inputs: ReportInputs) -> list[str]:
    f, year = inputs.figures, inputs.figures.year
    if not f.ok("mentoring.active_matches"):
        return []
    end = date_text(year.end)
    matches = f.get("mentoring.active_matches")
    mentors = matches.extra.get("mentors") if matches and not matches.suppressed else None
    mentor_text = f" with {mentors} mentors" if mentors is not None else ""
    headline = (
        f"At {end}, {f.value('mentoring.active_matches')} young people were in an "
        f"active mentoring match{mentor_text}, and {f.value('mentoring.mentees_awaiting')}"
        " were waiting for a mentor."
    )
    section.add("paragraph", text=headline)
    mentees_f = f.get("mentoring.mentees_by_gender", gender="F")
    mentors_f = f.get("mentoring.mentors_by_gender", gender="F")
    if mentees_f and mentors_f:
        section.add(
            "paragraph",
            text=(
                f"{f.of('mentoring.mentees_by_gender', gender='F')} matched mentees "
                f"({f.value('mentoring.mentees_by_gender', gender='F')}) were female, compared "
                "with "
                f"{f.of('mentoring.mentors_by_gender', gender='F')} active mentors "
                f"({f.value('mentoring.mentors_by_gender', gender='F')})."
            ),
        )
    if f.ok("mentoring.outcomes"):
        parts = [
            f"{f.value('mentoring.outcomes', outcome=code)} into {word}"
            for code, word in (
                ("EMPLOYMENT", "paid employment"),
                ("EDUCATION", "education"),
                ("TRAINING", "training"),
            )
        ]
        section.add(
            "paragraph",
            text=(
                f"During {inputs.year}, mentees recorded {f.value('mentoring.outcomes')} outcomes: "
                + join_words(parts)
                + "."
            ),
        )
    chart = comparison_chart(
        inputs,
        "mentoring-gender",
        "mentoring.mentees_by_gender",
        "gender",
        [("Mentees", "mentoring.mentees_by_gender"), ("Mentors", "mentoring.mentors_by_gender")],
        title="Most mentors are female, so male mentees are less likely to find a male mentor"
        if _mostly_female(inputs)
        else "Mentees and mentors by gender",
        subtitle=f"Matched mentees and active mentors by gender, share of each at {end}",
    )
    if chart:
        section.add("chart", chart=chart)
    return [headline]


def _mostly_female(inputs: ReportInputs) -> bool:
    share = inputs.figures.number("mentoring.mentors_by_gender", gender="F")
    return share is not None and share > 0.6
