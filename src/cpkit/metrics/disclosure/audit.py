"""The audit: an independent check of what a publication shows, run before any public output
is written.

It reads only the published figures (a hidden figure is null) and the declared relations,
and proves that
- no count of 1 to ``threshold - 1`` people is shown, anywhere (this year, earlier years,
  numerators, denominators, bases, details), nor the complement of a shown share;
- no rate, median, money figure or change is shown beside a hidden count it is made from;
- no hidden cell can be worked out through the relations (linear algebra: see ledger.py),
  and no count of people that is never shown can be worked out to be 1 to ``threshold - 1``;
- no breakdown shows exactly one hidden part beside a visible total, or beside parts that
  are all zero (everyone counted would then be known to be in the hidden part).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from cpkit.metrics.disclosure.cells import LINEAR, Publication, slots
from cpkit.metrics.disclosure.control import is_small, problems_in
from cpkit.metrics.disclosure.ledger import Ledger


@dataclass
class AuditReport:
    threshold: int
    cells: int = 0  # numbers checked
    hidden: int = 0
    equations: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        verdict = "passed" if self.passed else f"FAILED ({len(self.problems)} problems)"
        return (
            f"disclosure audit {verdict}: {self.cells:,} figures checked, {self.hidden:,} "
            f"hidden, {self.equations:,} relations"
        )


def audit(publication: Publication, threshold: int) -> AuditReport:
    """Check a publication as it stands; ``passed`` is True when nothing can be disclosed."""
    ledger = Ledger(slots(publication))
    report = AuditReport(threshold, equations=len(ledger.equations))
    for cell in ledger.unique():
        report.cells += cell.published
        report.hidden += cell.published and cell.hidden
        if cell.known and cell.kind == LINEAR and cell.people and is_small(cell.value, threshold):
            report.problems.append(f"{cell.key}: a count of {cell.value:g} is shown")
        hidden_parts = [k for k in cell.made_of if k in ledger.cells and ledger.cells[k].hidden]
        if cell.known and hidden_parts:
            report.problems.append(f"{cell.key} is shown but made from hidden {hidden_parts[0]}")
    for key, group in problems_in(ledger, threshold):
        cell = ledger.cells[key]
        if group == -1:
            report.problems.append(
                f"{key} is the only hidden part of its breakdown, beside a visible total or "
                "parts that are all zero"
            )
        elif cell.published:
            report.problems.append(f"{key} is hidden but can be worked out from the others")
        else:
            report.problems.append(f"{key} is never shown but can be worked out, and is small")
    return report
