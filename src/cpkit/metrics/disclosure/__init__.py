"""Disclosure control for public outputs: one pass over everything a publication shows, and
an audit that proves what it shows discloses no one.

Every output (metrics JSON and CSV, the terminal table, the report's sentences, tables,
charts and narrative, and any later format) reads the same computed results after
``publish`` has run over them, so a figure is hidden the same way wherever it appears:

    publication = Publication(areas={"iv": result}, trends=trends)
    report = publish(publication, threshold=5)   # hides in place, then audits

``publish`` raises ``DisclosureError`` (and nothing may be written) when the audit fails.
Only figures about people are subject to it (``counts=`` in the registry); the relations a
reader could use are declared in ``relations.py``.
"""

from __future__ import annotations

from cpkit.errors import DisclosureError
from cpkit.metrics.disclosure.audit import AuditReport, audit
from cpkit.metrics.disclosure.cells import Publication
from cpkit.metrics.disclosure.control import disclose_in_place, is_small

__all__ = ["AuditReport", "Publication", "audit", "disclose", "is_small", "publish"]


def disclose(publication: Publication, threshold: int) -> AuditReport:
    """Hide, in place, every figure that must not be published; return the audit of the
    result (which has not been checked for failure)."""
    disclose_in_place(publication, threshold)
    report = audit(publication, threshold)
    for area in publication.areas.values():
        area.public = True
        area.suppress_below = threshold
        area.audit = report.summary()
    return report


def publish(publication: Publication, threshold: int) -> AuditReport:
    """``disclose``, then refuse (``DisclosureError``) unless the audit passed."""
    report = disclose(publication, threshold)
    if not report.passed:
        raise DisclosureError(
            f"{report.summary()}; first: {report.problems[0]}",
            hint="nothing was written; please report this with 'cpkit metrics AREA --year "
            "YEAR' output to the cpkit maintainers, or publish with a higher suppress_below",
        )
    return report
