"""Corporate parenting board (datasets board_meetings, board_actions)."""

from __future__ import annotations

from cpkit.datasets.model import normalise
from cpkit.metrics.context import (
    MetricContext,
    Tables,
    Value,
    count,
    median_and_p90,
    share,
)
from cpkit.metrics.registry import metric

_MEETINGS = "FROM board_meetings WHERE meeting_date BETWEEN ? AND ?"


@metric(
    "corporate_parenting.boards_held",
    title="Corporate parenting boards held",
    definition="Corporate parenting board meetings held in the financial year.",
    unit="count",
    inputs=["board_meetings.meeting_date"],
    timing="in_year",
    counts="meetings",
    polarity="neither",
)
def boards_held(t: Tables, c: MetricContext) -> list[Value]:
    agenda = "agenda" if t.has_column("board_meetings", "agenda") else "NULL"
    rows = t.rows(
        f"SELECT meeting_date, themes, takeover, {agenda} {_MEETINGS} ORDER BY 1", c.start, c.end
    )
    headline = count(len(rows))
    headline.extra["meetings"] = [
        {"date": d.isoformat(), "themes": themes, "takeover": bool(takeover), "agenda": items}
        for d, themes, takeover, items in rows
    ]
    return [headline]


@metric(
    "corporate_parenting.takeover_boards",
    title="Takeover boards led by young people",
    definition="Board meetings in the financial year run as a takeover by children and young "
    "people.",
    unit="count",
    inputs=["board_meetings.takeover"],
    timing="in_year",
    counts="meetings",
    polarity="higher",
)
def takeover_boards(t: Tables, c: MetricContext) -> Value:
    return count(t.scalar(f"SELECT count(*) {_MEETINGS} AND takeover", c.start, c.end))


@metric(
    "corporate_parenting.theme_coverage",
    title="Pledge themes covered by the board",
    definition="Distinct pledge themes of the corporate parenting strategy (listed under "
    "[corporate_parenting] themes in cpkit.toml) that were the theme of at least one board "
    "in the year, as a share of all the strategy's themes; each theme shows how many boards "
    "covered it.",
    unit="proportion",
    inputs=["board_meetings.themes"],
    timing="in_year",
    counts="themes",
    polarity="higher",
    breakdown="theme",
    part_year="Only boards held in the period count, so a quarter's one or two boards cannot "
    "cover every theme: the strategy covers them all over a year.",
)
def theme_coverage(t: Tables, c: MetricContext) -> list[Value]:
    strategy = list(c.settings.corporate_parenting.themes) if c.settings else []
    boards = [themes for (themes,) in t.rows(f"SELECT themes {_MEETINGS}", c.start, c.end)]
    covered = {theme: 0 for theme in strategy}
    by_key = {normalise(theme): theme for theme in strategy}
    for themes in boards:
        # a set: a theme written twice for one board is still one board covering it
        for theme in {by_key.get(normalise(part)) for part in (themes or "").split(";")}:
            if theme is not None:
                covered[theme] += 1
    headline = share(sum(1 for n in covered.values() if n), len(strategy))
    if not strategy:
        headline.extra["note"] = "set [corporate_parenting] themes in cpkit.toml"
    # each theme as a proportion (like the headline): boards covering it of the year's boards
    return [headline, *(share(n, len(boards), theme=theme) for theme, n in covered.items())]


_RAISED = "FROM board_actions WHERE raised_date BETWEEN ? AND ?"


@metric(
    "corporate_parenting.actions_raised",
    title="Asks raised by young people at the board",
    definition="Asks and actions raised at the corporate parenting board in the financial year.",
    unit="count",
    inputs=["board_actions.raised_date"],
    timing="in_year",
    counts="asks",
    polarity="neither",
)
def actions_raised(t: Tables, c: MetricContext) -> Value:
    return count(t.scalar(f"SELECT count(*) {_RAISED}", c.start, c.end))


@metric(
    "corporate_parenting.actions_delivered",
    title="Asks delivered",
    definition="Of the asks raised in the financial year, the share delivered by 31 March (a "
    "delivered date on or before that day); the median days from ask to delivery is given.",
    unit="proportion",
    inputs=["board_actions.delivered_date"],
    timing="in_year",
    counts="asks",
    polarity="higher",
    part_year="Asks raised in the period, delivered by its last day: asks raised late in a "
    "short period have had little time to be delivered.",
)
def actions_delivered(t: Tables, c: MetricContext) -> Value:
    raised = t.scalar(f"SELECT count(*) {_RAISED}", c.start, c.end)
    days = [
        d
        for (d,) in t.rows(
            f"SELECT date_diff('day', raised_date, delivered_date) "
            f"{_RAISED} AND delivered_date <= ?",
            c.start,
            c.end,
            c.end,
        )
    ]
    value = share(len(days), raised)
    value.extra["median_days_to_deliver"] = median_and_p90(days)[0]
    return value


@metric(
    "corporate_parenting.delivered_asks",
    title="Asks delivered in the year",
    definition="Each ask from children and young people that was delivered in the financial "
    "year (delivered date in the year), whenever it was raised.",
    unit="count",
    inputs=["board_actions.delivered_date", "board_actions.ask"],
    timing="in_year",
    counts="asks",
    polarity="neither",
    prior_year=False,
    breakdown="ask",
)
def delivered_asks(t: Tables, c: MetricContext) -> list[Value]:
    rows = t.rows(
        "SELECT ask, count(*), min(delivered_date), min(theme) FROM board_actions "
        "WHERE delivered_date BETWEEN ? AND ? GROUP BY ask ORDER BY 3, 1",
        c.start,
        c.end,
    )
    values = [count(sum(n for _, n, _, _ in rows))]
    for ask, n, delivered, theme in rows:  # the same ask delivered twice is one group
        value = count(n, ask=ask)
        value.extra.update({"delivered_date": delivered.isoformat(), "theme": theme})
        values.append(value)
    return values


@metric(
    "corporate_parenting.asks",
    title="Asks and what was done (you said, we did)",
    definition="Every ask raised at the board in the financial year, and every earlier ask "
    "still open when the year began, with what was done and its status at 31 March.",
    unit="count",
    inputs=["board_actions.ask"],
    timing="year_end",
    counts="asks",
    polarity="neither",
    prior_year=False,
    breakdown="ask",
)
def asks(t: Tables, c: MetricContext) -> list[Value]:
    response = "response" if t.has_column("board_actions", "response") else "NULL"
    rows = t.rows(
        f"SELECT action_id, ask, theme, status, raised_date, delivered_date, {response} "
        "FROM board_actions WHERE raised_date <= ? AND (raised_date >= ? OR delivered_date IS "
        "NULL OR delivered_date >= ?) ORDER BY raised_date, action_id",
        c.end,
        c.start,
        c.start,
    )
    values = [count(len(rows))]
    for _, ask, theme, status, raised, delivered, done in rows:
        value = count(1, ask=ask)
        state = status or "OPEN"
        if delivered is not None:  # the status at 31 March, whatever the extract says now
            state = "DELIVERED" if delivered <= c.end else "IN_PROGRESS"
        value.extra.update(
            {
                "theme": theme,
                "status": state,
                "raised_date": raised.isoformat(),
                "delivered_date": delivered.isoformat() if delivered else None,
                "response": done,
            }
        )
        values.append(value)
    return values
