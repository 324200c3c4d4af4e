"""Sections for the corporate parenting board (with funded programmes), participation,
apprenticeships and care leavers."""

from __future__ import annotations

import datetime as dt

from cpkit.formatting import SUPPRESSED
from cpkit.render.charts import Chart, Series, render_svg
from cpkit.render.model import Section, date_text
from cpkit.render.sections.common import (
    ReportInputs,
    alt_from_table,
    join_words,
)


def corporate_parenting(section: Section, inputs: ReportInputs) -> list[str]:
    f, year = inputs.figures, inputs.year
    highlights = []
    if f.ok("corporate_parenting.boards_held"):
        held = f.value("corporate_parenting.boards_held")
        takeover = f.value("corporate_parenting.takeover_boards")
        coverage = f.get("corporate_parenting.theme_coverage")
        themes = ""
        if coverage is not None and coverage.denominator:
            themes = (
                f", and covered {f.of('corporate_parenting.theme_coverage')} pledge themes "
                "of the corporate parenting strategy"
            )
        text = (
            f"The corporate parenting board met {held} times in {year}, including {takeover} "
            f"takeover board{'s' if takeover != '1' else ''} led by children and young "
            f"people{themes}."
        )
        section.add("paragraph", text=text)
        highlights.append(text)
        boards = f.get("corporate_parenting.boards_held")
        meetings = boards.extra.get("meetings", []) if boards else []
        if meetings:
            section.add(
                "table",
                caption=f"Corporate parenting boards held in {year}",
                headers=["Date", "Pledge themes", "Takeover board"],
                rows=[
                    [
                        date_text(dt.date.fromisoformat(m["date"])),
                        m["themes"],
                        "Yes" if m["takeover"] else "No",
                    ]
                    for m in meetings
                ],
            )
    if f.ok("corporate_parenting.actions_raised"):
        delivered = f.get("corporate_parenting.actions_delivered")
        text = (
            f"Young people raised {f.value('corporate_parenting.actions_raised')} asks at the "
            f"board in {year}"
        )
        if delivered is not None and delivered.denominator:
            text += (
                f"; {f.n_and_pct('corporate_parenting.actions_delivered')} were delivered by "
                f"{date_text(f.year.end)}"
            )
        section.add("paragraph", text=text + ".")
    asks = [x for x in f.breakdown("corporate_parenting.delivered_asks", "ask")]
    if asks:
        section.add("paragraph", text=f"Asks delivered during {year} included:")
        section.add("bullets", items=[x.group["ask"] for x in asks])
    highlights += programmes(section, inputs)
    return highlights


def programmes(section: Section, inputs: ReportInputs) -> list[str]:
    """Funded programmes sit in the corporate parenting section, as in the annual report."""
    f = inputs.figures
    highlights = []
    for figure in f.breakdown("programmes.enrolled", "programme"):
        name = figure.group["programme"]
        title = inputs.programmes.get(name, name)
        since = figure.extra.get("since")
        start = f" since it started on {date_text(dt.date.fromisoformat(since))}" if since else ""
        target = figure.extra.get("target")
        enrolled = SUPPRESSED if figure.suppressed else f.fmt.count(figure.value)
        text = (
            f"By {date_text(f.year.end)}, {enrolled} young people had enrolled on the "
            f"{title} programme{start}"
        )
        progress = f.get("programmes.target_progress", programme=name)
        if target and progress is not None:
            text += (
                f": {f.value('programmes.target_progress', programme=name)} of its target "
                f"of {f.fmt.count(target)} for the whole programme"
            )
        neet = f.get("programmes.neet_at_enrolment", programme=name)
        if neet is not None and neet.denominator:
            text += (
                f". {f.n_and_pct('programmes.neet_at_enrolment', programme=name)} were not "
                "in education, employment or training when they enrolled"
            )
        cost = f.get("programmes.cost_per_participant", programme=name)
        if cost is not None and cost.value is not None:
            text += (
                f"; the grant so far works out at "
                f"{f.value('programmes.cost_per_participant', programme=name)} per young "
                "person enrolled"
            )
        section.add("paragraph", text=text + ".")
        highlights.append(text + ".")
    return highlights


def participation(section: Section, inputs: ReportInputs) -> list[str]:
    f, year = inputs.figures, inputs.year
    if not f.ok("participation.events"):
        return []
    groups = f.breakdown("participation.active_groups", "group")
    names = join_words([g.group["group"] for g in groups])
    text = (
        f"In {year}, {f.value('participation.active_groups')} participation groups met "
        f"({names}), holding {f.value('participation.events', event_type='GROUP_SESSION')} "
        "group sessions between them."
    )
    section.add("paragraph", text=text)
    days = f.value("participation.events", event_type="ALL_TOGETHER_DAY")
    section.add(
        "paragraph",
        text=(
            f"The groups came together for {days} all-together days, and young people took part in "
            f"{f.value('participation.events', event_type='CONSULTATION')} consultations "
            f"({f.value('participation.paid_consultations')} paid), "
            f"{f.value('participation.events', event_type='TRAINING_DELIVERED')} training sessions "
            f"they delivered and {f.value('participation.events', event_type='INTERVIEW_PANEL')} "
            "interview panels."
        ),
    )
    largest = f.get("participation.largest_event")
    if largest is not None and largest.value and not largest.suppressed:
        section.add(
            "paragraph",
            text=(
                f"The largest event was {largest.extra.get('title') or 'an event'}, with "
                f"{f.fmt.count(largest.value)} people attending. Across all events there were "
                f"{f.value('participation.attendance')} attendances, "
                f"{f.value('participation.young_people_attending')} of them by children and young "
                "people (people attending several events count each time)."
            ),
        )
    # A table, not a chart: the counts are of events, read one by one, and one type dwarfs
    # the rest (a bar chart of them says less than the numbers do).
    types = [x for x in f.breakdown("participation.events", "event_type") if x.value]
    if types:
        section.add(
            "table",
            caption=f"Participation events by type, {year}",
            headers=["Event type", "Events"],
            rows=[
                [f.label("event_type", x.group["event_type"]), f.fmt.count(x.value)]
                for x in sorted(types, key=lambda x: -(x.value or 0))
            ]
            + [["All events", f.value("participation.events")]],
        )
    return [text]


def apprenticeships(section: Section, inputs: ReportInputs) -> list[str]:
    f, year = inputs.figures, inputs.year
    if not f.ok("apprenticeships.in_post"):
        return []
    end = date_text(f.year.end)
    funding = [
        x for x in f.breakdown("apprenticeships.in_post", "funding") if x.value or x.suppressed
    ]
    split = join_words(
        [
            f"{SUPPRESSED if x.suppressed else f.fmt.count(x.value)} "
            f"{f.label('funding', x.group['funding']).lower()}"
            for x in funding
        ]
    )
    target = f.comparisons("apprenticeships.in_post").target
    target_text = f" (target: {f.fmt.count(target)})" if target else ""
    text = (
        f"At {end}, {f.value('apprenticeships.in_post')} apprentices were in post"
        f"{target_text}: {split}."
    )
    section.add("paragraph", text=text)
    completions = f.value("apprenticeships.completions")
    detail = ""
    if f.number("apprenticeships.completions"):
        detail = (
            f"; {f.n_and_pct('apprenticeships.distinctions')} were graded distinction and "
            f"{f.n_and_pct('apprenticeships.positive_destinations')} moved into "
            "employment or education"
        )
        destinations = [
            x
            for x in f.breakdown("apprenticeships.positive_destinations", "destination")
            if x.numerator or x.suppressed
        ]
        if destinations:
            detail += (
                " ("
                + join_words(
                    [
                        f"{SUPPRESSED if x.suppressed else f.fmt.count(x.numerator)} "
                        f"{f.label('destination', x.group['destination']).lower()}"
                        for x in destinations
                    ]
                )
                + ")"
            )
    section.add(
        "paragraph",
        text=(
            f"In {year}, {f.value('apprenticeships.starts')} apprenticeships started and "
            f"{completions} were completed{detail}."
        ),
    )
    return [text]


def care_leavers(section: Section, inputs: ReportInputs) -> list[str]:
    f, year = inputs.figures, inputs.year
    highlights = []
    for band, ages in (("19_21", "aged 19 to 21"), ("17_18", "aged 17 to 18")):
        metric = f"care_leavers.eet_{band}"
        if not f.ok(metric):
            continue
        text = (
            f"In {year}, {f.value(metric)} of care leavers {ages} ({f.of(metric)}) were in "
            "education, employment or training, by DfE's method, which keeps those whose "
            f"activity is not known in the denominator{_benchmarks(inputs, metric)}."
        )
        section.add("paragraph", text=text)
        if band == "19_21":
            highlights.append(text)
        known = f"care_leavers.eet_known_{band}"
        unknown = f.get(f"care_leavers.activity_not_known_{band}")
        if f.ok(known) and unknown is not None:
            section.add(
                "paragraph",
                text=(
                    f"Leaving out the {f.n(f'care_leavers.activity_not_known_{band}')} whose "
                    f"activity is not known gives a known-only rate of {f.value(known)} "
                    f"({f.of(known)}). The known-only rate is always higher and is not "
                    "comparable with the national, regional or neighbour figures."
                ),
            )
        suitable = f"care_leavers.suitable_accommodation_{band}"
        if f.ok(suitable):
            section.add(
                "paragraph",
                text=(
                    f"{f.value(suitable)} of care leavers {ages} ({f.of(suitable)}) were in "
                    f"suitable accommodation{_benchmarks(inputs, suitable)}."
                ),
            )
    chart = _care_leaver_chart(
        inputs, "eet", "care-leavers-eet", "in education, employment or training"
    )
    if chart:
        section.add("chart", chart=chart)
    chart = _care_leaver_chart(
        inputs, "suitable_accommodation", "care-leavers-accommodation", "in suitable accommodation"
    )
    if chart:
        section.add("chart", chart=chart)
    return highlights


def _benchmarks(inputs: ReportInputs, metric_id: str) -> str:
    f = inputs.figures
    b = f.comparisons(metric_id).benchmark
    if b is None:
        return ""
    parts = []
    if b.england is not None:
        parts.append(f"England {f.fmt.percent(b.england)}")
    if b.region is not None:
        parts.append(f"{b.region_name or 'region'} {f.fmt.percent(b.region)}")
    if b.statistical_neighbours is not None:
        parts.append(f"statistical neighbours {f.fmt.percent(b.statistical_neighbours)}")
    if not parts:
        return ""
    return f" (same measure, {b.year}: {', '.join(parts)})"


def _care_leaver_chart(inputs: ReportInputs, stem: str, chart_id: str, what: str) -> Chart | None:
    f = inputs.figures
    bands = [("17_18", "Aged 17 to 18"), ("19_21", "Aged 19 to 21")]
    present = [(b, label) for b, label in bands if f.ok(f"care_leavers.{stem}_{b}")]
    if not present:
        return None
    sources = [
        ("la", inputs.la_name),
        ("england", "England"),
        ("region", "Region"),
        ("statistical_neighbours", "Statistical neighbours"),
    ]
    series = []
    for key, name in sources:
        values, labels = [], []
        for band, _ in present:
            figure = f.get(f"care_leavers.{stem}_{band}")
            raw = None
            bench = figure.comparisons.benchmark if figure is not None else None
            if figure is not None and not figure.suppressed:
                raw = figure.value if key == "la" else getattr(bench, key, None)
            values.append(None if raw is None else raw * 100)
            labels.append(
                SUPPRESSED
                if figure is not None and figure.suppressed and key == "la"
                else ("–" if raw is None else f.fmt.percent(raw))
            )
            if key == "region" and bench is not None and bench.region_name:
                name = bench.region_name
        if any(v is not None for v in values):
            series.append(Series(name, values, labels))
    bench = f.comparisons(f"care_leavers.{stem}_{present[-1][0]}").benchmark
    source = inputs.source
    if bench is not None and bench.source:
        source += f"; comparators: {bench.source}"
    title = _comparison_title(inputs, stem, present[-1], what)
    chart = Chart(
        chart_id,
        title,
        f"Care leavers {what} (DfE method), {inputs.year}",
        source,
        "",
        [label for _, label in present],
        series,
        unit="percent",
        highlight=series[0].name,  # the LA, against muted comparators
    )
    chart.table_headers = ["Age", *(s.name for s in series)]
    chart.table_rows = [
        [label, *(s.labels[i] for s in series)] for i, (_, label) in enumerate(present)
    ]
    others = join_words([s.name for s in series[1:]]) or "no comparator"
    chart.alt = alt_from_table(
        "Grouped bar chart",
        f"Care leavers {what} in {series[0].name} compared with {others}, {inputs.year}",
        chart,
    )
    render_svg(chart)
    return chart


def _comparison_title(inputs: ReportInputs, stem: str, band: tuple[str, str], what: str) -> str:
    f = inputs.figures
    figure = f.get(f"care_leavers.{stem}_{band[0]}")
    if figure is None or figure.suppressed or figure.value is None:
        return f"Care leavers {what}"
    bench = figure.comparisons.benchmark
    england = bench.england if bench else None
    ours = f.fmt.percent(figure.value)
    if england is None:
        return f"{ours} of care leavers {band[1].lower()} were {what}"
    ours_n, england_n = f.fmt.percent_number(figure.value), f.fmt.percent_number(england)
    relation = (
        "the same as" if ours_n == england_n else ("above" if ours_n > england_n else "below")
    )
    return (
        f"{ours} of care leavers {band[1].lower()} were {what}, {relation} England "
        f"({f.fmt.percent(england)})"
    )
