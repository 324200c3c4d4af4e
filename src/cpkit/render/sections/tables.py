"""Tables declared in the report definition: a breakdown of any metric, or key figures with
their prior year, change, target and England comparator. (Area tables such as the board's
"you said, we did" live beside their area: corporate_parenting.py, participation.py.)"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cpkit.formatting import MISSING, SUPPRESSED
from cpkit.render.model import Block
from cpkit.render.sections.charts import category, ranked_parts

if TYPE_CHECKING:
    from cpkit.metrics.engine import Figure
    from cpkit.render.definition import BlockDef
    from cpkit.render.sections.inputs import ReportInputs


def breakdown_table(inputs: ReportInputs, block: BlockDef) -> Block | None:
    """Category, count, share and last year's count of one breakdown ('Other' after a top)."""
    f = inputs.figures
    metric_id = block.options["metric"]
    parts, key = ranked_parts(inputs, metric_id, block.get("top"), block.get("key"))
    if not parts:
        return None
    spec = f.spec(metric_id)
    percent = spec.unit == "proportion"
    prior = f.year.prior.label
    headers = [key.replace("_", " ").capitalize(), "Count", *(["Share"] if percent else [])]
    headers.append(f"Count in {prior}")
    rows = []
    for part in parts:
        row = [category(inputs, key, part), _count(inputs, part, percent)]
        if percent:
            row.append(SUPPRESSED if part.suppressed else f.fmt.percent(part.value))
        row.append(_prior_count(inputs, part, percent))
        rows.append(row)
    caption = inputs.literal(block.get("caption") or f"{spec.title}, {inputs.year}")
    return Block("table", caption=caption, headers=headers, rows=rows)


def figures_table(inputs: ReportInputs, block: BlockDef) -> Block | None:
    """One row per metric: this year, last year, the change, the target, and England, the
    region and statistical neighbours where DfE publishes them (imported files)."""
    f = inputs.figures
    ids = [i for i in block.options["metrics"] if f.ok(i) and f.get(i) is not None]
    if not ids:
        return None
    prior = f.year.prior.label
    headers = ["Measure", inputs.year, prior, "Change"]
    targets = any(f.comparisons(i).target is not None for i in ids)
    benches = [f.comparisons(i).benchmark for i in ids]
    # England, the region and statistical neighbours: a column each when any row has it
    levels = [
        (level, name)
        for level, name in (
            ("england", "England"),
            ("region", next((b.region_name for b in benches if b and b.region_name), "Region")),
            ("statistical_neighbours", "Statistical neighbours"),
        )
        if any(b is not None and getattr(b, level) is not None for b in benches)
    ]
    headers += ["Target"] * targets + [name for _, name in levels]
    rows = []
    for metric_id in ids:
        figure = f.get(metric_id)
        assert figure is not None
        spec = f.spec(metric_id)
        c = figure.comparisons
        row = [_measure(spec), _value(inputs, metric_id, figure)]
        if c.prior is None:
            row += [MISSING, MISSING]
        else:
            shown = SUPPRESSED if c.prior.suppressed else f.fmt.value(c.prior.value, spec.unit)
            row += [shown, _change(inputs, spec.unit, c.prior)]
        if targets:
            row.append(_target(inputs, spec.unit, c.target, c.target_year))
        for level, _ in levels:
            value = getattr(c.benchmark, level, None) if c.benchmark else None
            row.append(f.fmt.value(value, spec.unit) if value is not None else "")
        rows.append(row)
    caption = inputs.literal(block.get("caption") or f"Key figures, {inputs.year} and {prior}")
    return Block("table", caption=caption, headers=headers, rows=rows)


def _measure(spec: object) -> str:
    title = str(getattr(spec, "title", ""))
    label = getattr(spec, "label", None)
    return f"{title} ({label})" if label and label not in title else title


def _value(inputs: ReportInputs, metric_id: str, figure: Figure) -> str:
    f = inputs.figures
    unit = f.unit(metric_id)
    text = f.fmt.value(figure.value, unit, figure.suppressed)
    if unit == "proportion" and not figure.suppressed and figure.denominator:
        text += f" ({f.fmt.count(figure.numerator)} of {f.fmt.count(figure.denominator)})"
    return text


def _change(inputs: ReportInputs, unit: str, prior: object) -> str:
    change = getattr(prior, "change", None)
    if change is None:
        return SUPPRESSED if getattr(prior, "suppressed", False) else MISSING
    fmt = inputs.figures.fmt
    if unit == "proportion":
        points = fmt.round(change * 100)
        return "0 pts" if points.is_zero() else f"{points:+} pts"
    before, pct = getattr(prior, "value", None), getattr(prior, "pct", None)
    change, pct = fmt.shown_change(change, before, unit, pct)
    text = f"{change:+,.0f}" if float(change).is_integer() else f"{change:+,.1f}"
    return text + (f" ({fmt.round(pct):+}%)" if pct is not None else "")


def _target(inputs: ReportInputs, unit: str, target: float | None, year: str | None) -> str:
    if target is None:
        return ""
    return f"{inputs.figures.fmt.value(target, unit)} by {year or inputs.year}"


def _count(inputs: ReportInputs, part: Figure, percent: bool) -> str:
    if part.suppressed:
        return SUPPRESSED
    return inputs.figures.fmt.count(part.numerator if percent else part.value)


def _prior_count(inputs: ReportInputs, part: Figure, percent: bool) -> str:
    prior = part.comparisons.prior
    if prior is None:
        return MISSING
    if prior.suppressed:
        return SUPPRESSED
    number = prior.numerator if percent else prior.value
    return inputs.figures.fmt.count(number) if number is not None else MISSING
