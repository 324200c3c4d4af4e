"""A sparkline: a measure's last few periods as a tiny inline SVG line, with its text.

The SVG is self-contained (no fonts, scripts or links) and carries ``role="img"`` with an
``aria-label`` that reads the points out; the same words go in a visually hidden span beside
it, so the trend is there for a screen reader and in a text-only copy. A point that is not
available (no data, or hidden by disclosure control) breaks the line: nothing is drawn for
it, and the text says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

WIDTH, HEIGHT, PAD = 96, 24, 3.0
LINE, DOT, LAST = "#12436D", "#12436D", "#12436D"  # Analysis Function dark blue


@dataclass(frozen=True)
class Point:
    label: str  # "Q3 2023-24"
    value: float | None  # None: not available
    text: str  # "177", "44%", "[c]", "no data"


def description(points: list[Point]) -> str:
    """The trend in words: 'Q4 2021-22 to Q3 2023-24: 150, 162, [c], 177'."""
    if not points:
        return "No earlier periods to show."
    span = points[0].label if len(points) == 1 else f"{points[0].label} to {points[-1].label}"
    return f"{span}: " + ", ".join(p.text for p in points)


def sparkline_svg(points: list[Point]) -> str:
    """The inline SVG (an empty string when fewer than two points have values)."""
    shown = [(i, p.value) for i, p in enumerate(points) if p.value is not None]
    if len(shown) < 2:
        return ""
    low = min(v for _, v in shown)
    high = max(v for _, v in shown)
    span = (high - low) or 1.0
    step = (WIDTH - 2 * PAD) / max(len(points) - 1, 1)

    def x(i: int) -> float:
        return PAD + i * step

    def y(v: float) -> float:
        middle = HEIGHT / 2 if high == low else HEIGHT - PAD - (v - low) / span * (HEIGHT - 2 * PAD)
        return round(middle, 1)

    runs: list[list[tuple[float, float]]] = [[]]
    for i, point in enumerate(points):
        if point.value is None:
            runs.append([])
        else:
            runs[-1].append((round(x(i), 1), y(point.value)))
    paths = "".join(
        f'<polyline points="{" ".join(f"{a},{b}" for a, b in run)}" fill="none" '
        f'stroke="{LINE}" stroke-width="1.5" stroke-linejoin="round"/>'
        for run in runs
        if len(run) > 1
    )
    dots = "".join(
        f'<circle cx="{a}" cy="{b}" r="1.6" fill="{DOT}"/>' for run in runs for a, b in run
    )
    last_i, last_v = shown[-1]
    last = f'<circle cx="{round(x(last_i), 1)}" cy="{y(last_v)}" r="2.8" fill="{LAST}"/>'
    label = escape(f"Trend, {description(points)}", quote=True)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="spark" width="{WIDTH}" '
        f'height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{label}">'
        f"{paths}{dots}{last}</svg>"
    )
