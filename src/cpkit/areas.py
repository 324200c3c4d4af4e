"""The one registry of metric areas: every place that lists areas reads it.

An area is a group of metrics about one service (advocacy, independent visitors...). It has
one key (the metric id prefix, ``iv`` in ``iv.children_matched``), one CLI name (``cpkit
metrics iv``), a title, the report section and narrative file it appears in, and the metrics
whose history the report draws as a trend. The CLI, the metric registry, the report and the
generated docs all read ``AREAS``; nothing else lists them.

This module imports nothing from cpkit, so ``cpkit --help`` can list the areas without loading
the metric layer.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass


@dataclass(frozen=True)
class Area:
    key: str  # metric id prefix: "corporate_parenting"
    cli: str  # the AREA argument of `cpkit metrics`: "corporate-parenting"
    title: str  # in listings, docs and table titles
    section: str  # the report section (and narrative file) that shows it by default
    datasets: tuple[str, ...]  # the datasets its metrics read
    trends: tuple[str, ...] = ()  # metric ids drawn as a multi-year trend in the report
    # the board scorecard's default key measures (cpkit.toml [scorecard] measures overrides):
    # metric ids, or "id[key=CODE]" for one category of a breakdown
    scorecard: tuple[str, ...] = ()
    annual_only: bool = False  # SSDA903 figures: financial (collection) years only


AREAS: tuple[Area, ...] = (
    Area(
        "advocacy",
        "advocacy",
        "Advocacy",
        section="advocacy",
        datasets=("advocacy_referrals",),
        trends=("advocacy.referrals",),
        scorecard=(
            "advocacy.referrals",
            "advocacy.children_referred",
            "advocacy.icpc_uptake_15_17",
        ),
    ),
    Area(
        "iv",
        "iv",
        "Independent visitors",
        section="independent_visitors",
        datasets=("iv_referrals", "iv_volunteers"),
        trends=("iv.children_matched", "iv.children_awaiting", "iv.volunteers"),
        scorecard=(
            "iv.referrals",
            "iv.children_matched",
            "iv.children_awaiting",
            "iv.days_waiting",
            "iv.volunteers",
        ),
    ),
    Area(
        "mentoring",
        "mentoring",
        "Develop Me mentoring",
        section="mentoring",
        datasets=("mentees", "mentors"),
        scorecard=("mentoring.active_matches", "mentoring.mentees_awaiting"),
    ),
    Area(
        "programmes",
        "programmes",
        "Funded programmes",
        section="corporate_parenting",
        datasets=("programme_participants",),
    ),
    Area(
        "apprenticeships",
        "apprenticeships",
        "Apprenticeships",
        section="apprenticeships",
        datasets=("apprentices",),
        scorecard=("apprenticeships.in_post", "apprenticeships.starts"),
    ),
    Area(
        "participation",
        "participation",
        "Participation",
        section="participation",
        datasets=("participation_events",),
        scorecard=("participation.events", "participation.young_people_attending"),
    ),
    Area(
        "corporate_parenting",
        "corporate-parenting",
        "Corporate parenting board",
        section="corporate_parenting",
        datasets=("board_meetings", "board_actions"),
        scorecard=("corporate_parenting.boards_held", "corporate_parenting.actions_delivered"),
    ),
    Area(
        "care_leavers",
        "care-leavers",
        "Care leavers",
        section="care_leavers",
        datasets=("ssda903_oc3", "ssda903_header"),
        annual_only=True,
        scorecard=(
            "care_leavers.eet_19_21",
            "care_leavers.eet_17_18",
            "care_leavers.suitable_accommodation_19_21",
            "care_leavers.in_touch_19_21",
        ),
    ),
    Area(
        "children_in_care",
        "children-in-care",
        "Children in care",
        section="children_in_care",
        datasets=(
            "ssda903_episodes",
            "ssda903_header",
            "ssda903_missing",
            "ssda903_reviews",
            "ssda903_uasc",
            "ssda903_oc2",
            "ssda903_ad1",
        ),
        trends=("children_in_care.looked_after", "children_in_care.placements_3plus"),
        annual_only=True,
        scorecard=(
            "children_in_care.rate_per_10k",
            "children_in_care.placements_3plus",
            "children_in_care.long_term_stability",
            "children_in_care.went_missing",
            "children_in_care.health_assessments",
        ),
    ),
)

BY_KEY: dict[str, Area] = {a.key: a for a in AREAS}
BY_CLI: dict[str, Area] = {a.cli: a for a in AREAS}
CLI_NAMES: tuple[str, ...] = tuple(BY_CLI)
KEYS: tuple[str, ...] = tuple(BY_KEY)


def area(name: str) -> Area:
    """The area named by its CLI name or its key (``corporate-parenting`` or
    ``corporate_parenting``); KeyError for anything else."""
    found = BY_CLI.get(name) or BY_KEY.get(name)
    if found is None:
        raise KeyError(name)
    return found


def suggest(name: str) -> str | None:
    """The CLI name closest to a misspelt one ('advcoacy' -> 'advocacy'), or None."""
    close = difflib.get_close_matches(name.replace("_", "-"), CLI_NAMES, n=1, cutoff=0.6)
    return close[0] if close else None


def _check() -> None:
    """Keys and CLI names are unique and spelt to the house rules (checked on import)."""
    for name in (a.key for a in AREAS):
        if not name.replace("_", "").isalnum() or name != name.lower():
            raise ValueError(f"area key '{name}' must be lower case with underscores")
    if len(BY_KEY) != len(AREAS) or len(BY_CLI) != len(AREAS):
        raise ValueError("two areas share a key or a CLI name")
    for a in AREAS:
        if a.cli != a.key.replace("_", "-"):
            raise ValueError(f"area '{a.key}': its CLI name must be '{a.key.replace('_', '-')}'")
        for metric_id in (*a.trends, *a.scorecard):
            if not metric_id.startswith(a.key + "."):
                raise ValueError(f"area '{a.key}': metric '{metric_id}' is another area's")


_check()
