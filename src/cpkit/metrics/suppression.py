"""Small-number suppression for public outputs (``--public``): the entry points that take one
area or one metric. The work is done by the one disclosure pass in
``cpkit.metrics.disclosure`` (primary and secondary suppression over every figure, its
earlier years and changes, with the declared relations), and audited there.
"""

from __future__ import annotations

from cpkit.metrics.disclosure import AuditReport, Publication, disclose, is_small, publish
from cpkit.metrics.engine import AreaResult, MetricResult
from cpkit.periods import FinancialYear, as_period

__all__ = ["is_small", "suppress_area", "suppress_metric"]


def suppress_area(result: AreaResult, threshold: int, *, check: bool = True) -> AreaResult:
    """Hide, in place, every figure of an area that must not be published, then audit it
    (``DisclosureError`` when the audit fails and ``check`` is set)."""
    publication = Publication({result.area: result})
    (publish if check else disclose)(publication, threshold)
    return result


def suppress_metric(metric: MetricResult, threshold: int) -> AuditReport:
    """The disclosure pass over one metric on its own (for tests and single figures)."""
    area = AreaResult(
        metric.spec.area, metric.period or as_period(_year_of(metric)), None, [metric]
    )
    return disclose(Publication({area.area: area}), threshold)


def _year_of(metric: MetricResult) -> FinancialYear:
    """The year of a result made without the engine (tests): the one after its prior year."""
    label = next(
        (f.comparisons.prior.label for f in metric.figures if f.comparisons.prior is not None),
        None,
    )
    return FinancialYear.parse(label).shifted(1) if label else FinancialYear(2000)
