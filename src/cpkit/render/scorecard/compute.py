"""The scorecard's figures: each area with a key measure, and each measure's trend, from one
engine, through the same disclosure control as every public output.

An area is computed whole (``metrics.area_figures`` and ``describe_area``, the steps of
``compute_area`` that ``cpkit metrics`` and the annual report use), and ``--public`` runs the
one disclosure pass (``cpkit.metrics.disclosure.publish``) over the areas and the trends
together, so the page hides what every other output hides, and a number shown twice (this
quarter's value and the trend's last point) is decided once. A trend is the
measure in each of the last few periods (``Period.series``: consecutive quarters for a
quarter, the same period in earlier years otherwise; whole years for annual-only metrics).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cpkit.areas import BY_KEY
from cpkit.metrics.timing import period_for
from cpkit.periods import Period

if TYPE_CHECKING:
    from cpkit.metrics.engine import AreaResult, Engine, Figure
    from cpkit.render.scorecard.measures import Measure, MeasureSet
    from cpkit.workspace import Workspace

Trend = list[tuple[Period, "Figure | None"]]


def compute(
    workspace: Workspace, measures: MeasureSet, period: Period, public: bool, points: int
) -> tuple[dict[str, AreaResult], dict[Measure, Trend]]:
    """The areas' results and the measures' trends; with ``public``, after one disclosure
    pass over all of them together, whose audit must pass (``DisclosureError`` otherwise)."""
    from cpkit.metrics import area_figures, describe_area, open_engine
    from cpkit.metrics.disclosure import Publication, publish

    engine = open_engine(workspace)
    areas = {
        BY_KEY[key].cli: area_figures(workspace, BY_KEY[key].cli, period, engine=engine)
        for key in measures.by_area
    }
    trends = {m: trend(engine, m, period, points) for m in measures.measures}
    if public:
        series: dict[str, list[tuple[str, Figure | None]]] = {}
        for measure, found in trends.items():
            series.setdefault(measure.metric_id, []).extend((p.label, f) for p, f in found)
        publish(Publication(areas, series), workspace.settings.privacy.suppress_below)
    return {a: describe_area(workspace, r, public) for a, r in areas.items()}, trends


def trend(engine: Engine, measure: Measure, period: Period, points: int) -> Trend:
    """The measure in the last ``points`` periods the data covers, oldest first (periods
    before the data starts are left out; a gap inside it is a point with no figure), before
    disclosure control (``compute`` runs it over them with the rest of the page)."""
    from cpkit.metrics.registry import REGISTRY

    spec = REGISTRY[measure.metric_id]
    found: Trend = []
    if engine.missing_inputs(spec):
        return found
    group = measure.group_dict
    for when in period_for(spec, period).series(points):
        if not engine.covers(spec, when):
            found.append((when, None))
            continue
        result = engine.compute(spec, when)
        found.append((when, next((f for f in result.figures if f.group == group), None)))
    while found and found[0][1] is None:
        found.pop(0)
    return found
