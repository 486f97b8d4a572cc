"""Server-rendered SVG charts. Each chart is shown with a table of the same figures beside it.

Hand-written because the charts are two small shapes (bars and lines) and every
charting library we looked at draws in the browser with JavaScript, which the
pages must not need. The numbers are placed here; the template draws them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

# Lines are told apart by dash pattern as well as colour, for people who cannot
# tell the colours apart. Colours from the GOV.UK palette, with enough contrast on white.
STYLES: tuple[tuple[str, str], ...] = (
    ("#1d70b8", ""),
    ("#d4351c", "6 3"),
    ("#00703c", "2 3"),
    ("#4c2c92", "10 3 2 3"),
    ("#f47738", "1 2"),
    ("#505a5f", "12 4"),
)


@dataclass(frozen=True)
class Bar:
    label: str
    value: float | None
    y: float
    width: float
    text_y: float


@dataclass(frozen=True)
class BarChart:
    width: int
    height: int
    label_width: int
    bars: list[Bar]
    ticks: list[tuple[float, str]]  # x, label


def bar_chart(
    items: Sequence[tuple[str, float | None]], *, low: float = 1, high: float = 5
) -> BarChart:
    """Horizontal bars from `low` to `high` (the agree scale runs 1 to 5)."""
    label_width, plot_width, row = 230, 360, 34
    bars = []
    for n, (label, value) in enumerate(items):
        width = 0.0 if value is None else (value - low) / (high - low) * plot_width
        bars.append(Bar(label, value, n * row + 8, max(width, 2.0), n * row + 26))
    ticks = [
        (label_width + (v - low) / (high - low) * plot_width, f"{v:g}")
        for v in range(int(low), int(high) + 1)
    ]
    return BarChart(label_width + plot_width + 20, len(items) * row + 36, label_width, bars, ticks)


@dataclass(frozen=True)
class Line:
    label: str
    colour: str
    dash: str
    points: str  # "x,y x,y" for <polyline>
    dots: list[tuple[float, float]]


@dataclass(frozen=True)
class LineChart:
    width: int
    height: int
    lines: list[Line]
    x_labels: list[tuple[float, str]]
    y_labels: list[tuple[float, str]]
    left: int
    bottom: int


def line_chart(
    periods: Sequence[str],
    series: Sequence[tuple[str, Sequence[float | None]]],
    *,
    low: float = 1,
    high: float = 5,
) -> LineChart:
    """One line per series across the periods; a gap where a period has no figure."""
    left, top, plot_w, plot_h = 40, 12, 480, 200
    step = plot_w / max(len(periods) - 1, 1)

    def x(i: int) -> float:
        return left + i * step if len(periods) > 1 else left + plot_w / 2

    def y(v: float) -> float:
        return top + (high - v) / (high - low) * plot_h

    lines = []
    for n, (label, values) in enumerate(series):
        colour, dash = STYLES[n % len(STYLES)]
        dots = [(x(i), y(v)) for i, v in enumerate(values) if v is not None]
        points = " ".join(f"{px:.1f},{py:.1f}" for px, py in dots)
        lines.append(Line(label, colour, dash, points, dots))
    return LineChart(
        width=left + plot_w + 20,
        height=top + plot_h + 30,
        lines=lines,
        x_labels=[(x(i), p) for i, p in enumerate(periods)],
        y_labels=[(y(v), f"{v:g}") for v in range(int(low), int(high) + 1)],
        left=left,
        bottom=top + plot_h,
    )
