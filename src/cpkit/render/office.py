"""What the Word, Excel and PDF writers share: the document's front matter and numbering.

The writers take a generic model, not the annual report: a ``DocumentInfo`` (title,
organisation, period, public or not) and a list of ``Section`` (headings, paragraphs,
bullets, narrative, tables, charts and notes, render/model.py). Any report built as
sections (the annual report, a board scorecard) can be written as .docx or .xlsx.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cpkit.render.charts import Chart
    from cpkit.render.model import Section


@dataclass(frozen=True)
class DocumentInfo:
    title: str  # "Corporate parenting annual report 2023-24"
    organisation: str
    period: str  # "1 April 2023 to 31 March 2024"
    public: bool
    threshold: int  # counts 1..threshold-1 are hidden in the public version
    version: str  # cpkit's
    created: dt.datetime
    source: str = ""  # who produced the figures, for a workbook's cover
    extra: dict[str, str] = field(default_factory=dict)
    command: str = "cpkit report annual"  # the command whose --public gives the version to publish

    @property
    def suppression_note(self) -> str:
        """The [c] note every public output carries (the HTML banner's words)."""
        return (
            f"Published version: counts from 1 to {self.threshold - 1}, and percentages made "
            "from them, are shown as [c] to protect the identity of children and young people."
        )

    @property
    def banner(self) -> str:
        if self.public:
            return self.suppression_note
        return (
            f"Not for publication: small numbers are not suppressed. Use {self.command} "
            "--public for a version to publish."
        )


def charts_of(sections: list[Section]) -> list[Chart]:
    return [b.chart for s in sections for b in s.blocks if b.chart is not None]


def chart_numbers(sections: list[Section]) -> dict[str, int]:
    """Figure numbers in reading order (as the HTML numbers them)."""
    return {chart.id: n for n, chart in enumerate(charts_of(sections), start=1)}


def heading_text(section: Section) -> str:
    """'3. Executive summary' or 'Appendix A: Data quality' (as the HTML heads sections)."""
    return f"{section.number}. {section.title}" if section.number else section.title
