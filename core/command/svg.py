"""Charts as server-rendered SVG: pure functions from plain data to markup.

Every chart scales with its container (a viewBox, width 100 %), carries role="img", a
<title> and an aria-label, and is meant to sit above a <details> table holding the same
numbers. Colours come from CSS classes (`chart-*` in command.css), so a high-contrast
theme can change them; no JavaScript, no external assets.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from django.utils.safestring import SafeString, mark_safe

WIDTH = 320  # viewBox width: text stays readable at 360 px and scales up on a big screen


@dataclass(frozen=True)
class Series:
    label: str
    values: Sequence[float | None]
    css: str = "chart-a"  # chart-a (primary), chart-b (reference), chart-c ...


def _num(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _open(title: str, height: int, desc: str = "") -> str:
    label = escape(f"{title}. {desc}".strip(". ") if desc else title)
    return (
        f'<svg class="chart" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'aria-label="{label}" preserveAspectRatio="xMidYMid meet">'
        f"<title>{escape(title)}</title>"
    )


def line_chart(
    title: str,
    x_labels: Sequence[str],
    series: Sequence[Series],
    *,
    desc: str = "",
    height: int = 150,
    y_max: float | None = None,
) -> SafeString:
    """Lines over shared x positions (None values leave a gap), with a legend."""
    n = len(x_labels)
    left, right, top, bottom = 30, 8, 8, 34
    plot_w, plot_h = WIDTH - left - right, height - top - bottom
    peak = max([v for s in series for v in s.values if v is not None] + [y_max or 0, 1])
    step = plot_w / max(n - 1, 1)

    def x(i: int) -> float:
        return left + i * step

    def y(v: float) -> float:
        return top + plot_h - (v / peak) * plot_h

    parts = [_open(title, height, desc)]
    for frac in (0, 0.5, 1):
        gy = y(peak * frac)
        parts.append(
            f'<line class="chart-grid" x1="{left}" x2="{WIDTH - right}" '
            f'y1="{_num(gy)}" y2="{_num(gy)}"/>'
            f'<text class="chart-axis" x="{left - 3}" y="{_num(gy + 3)}" '
            f'text-anchor="end">{_num(round(peak * frac))}</text>'
        )
    every = max(1, -(-n // 8))
    for i, label in enumerate(x_labels):
        if i % every == 0 or i == n - 1:
            parts.append(
                f'<text class="chart-axis" x="{_num(x(i))}" y="{top + plot_h + 11}" '
                f'text-anchor="middle">{escape(label)}</text>'
            )
    for s in series:
        runs: list[list[str]] = [[]]
        for i, v in enumerate(s.values):
            if v is None:
                runs.append([])
            else:
                runs[-1].append(f"{_num(x(i))},{_num(y(v))}")
        for run in runs:
            if len(run) > 1:
                parts.append(f'<polyline class="{s.css}" fill="none" points="{" ".join(run)}"/>')
            elif run:
                cx, cy = run[0].split(",")
                parts.append(f'<circle class="{s.css}-dot" cx="{cx}" cy="{cy}" r="2"/>')
    parts.append(_legend(series, height - 8))
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text went through escape()


def _legend(series: Sequence[Series], y: int) -> str:
    out: list[str] = []
    x = 30.0
    for s in series:
        out.append(
            f'<rect class="{s.css}-fill" x="{x}" y="{y - 7}" width="10" height="4"/>'
            f'<text class="chart-legend" x="{x + 14}" y="{y - 3}">{escape(s.label)}</text>'
        )
        x += 20 + 6.5 * len(s.label)
    return "".join(out)


def bar_chart(
    title: str,
    rows: Sequence[tuple[str, float, str]],
    *,
    desc: str = "",
    max_value: float | None = None,
    marker: float | None = None,
    unit: str = "",
) -> SafeString:
    """Horizontal bars, one per (label, value, css class); `marker` draws a reference line
    (the city's rate) across every bar."""
    bar_h, gap, label_h = 9, 7, 13
    row_h = label_h + bar_h + gap
    height = max(row_h * len(rows) + 6, 20)
    peak = max([v for _l, v, _c in rows] + [max_value or 0, marker or 0, 1])
    left, right = 4, 44
    plot_w = WIDTH - left - right
    parts = [_open(title, height, desc)]
    for i, (label, value, css) in enumerate(rows):
        top = i * row_h + 4
        width = max(value, 0) / peak * plot_w
        parts.append(
            f'<text class="chart-label" x="{left}" y="{top + 10}">{escape(_clip(label, 46))}</text>'
            f'<rect class="chart-track" x="{left}" y="{top + label_h}" width="{_num(plot_w)}" '
            f'height="{bar_h}"/>'
            f'<rect class="{css}-fill" x="{left}" y="{top + label_h}" width="{_num(width)}" '
            f'height="{bar_h}"/>'
            f'<text class="chart-value" x="{WIDTH - 2}" y="{top + label_h + 8}" '
            f'text-anchor="end">{escape(_fmt(value))}{escape(unit)}</text>'
        )
    if marker is not None:
        mx = left + marker / peak * plot_w
        parts.append(
            f'<line class="chart-marker" x1="{_num(mx)}" x2="{_num(mx)}" y1="0" y2="{height}"/>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text went through escape()


def stacked_bars(
    title: str,
    rows: Sequence[tuple[str, Sequence[int]]],
    keys: Sequence[tuple[str, str]],
    *,
    desc: str = "",
) -> SafeString:
    """One 100 % bar per row, split by `keys` ((label, css) in order); a legend on top."""
    bar_h, label_h, gap = 10, 13, 6
    legend_h = 16 * (-(-len(keys) // 3))
    row_h = label_h + bar_h + gap
    height = legend_h + row_h * len(rows) + 4
    parts = [_open(title, height, desc)]
    for k, (label, css) in enumerate(keys):
        lx, ly = 4 + (k % 3) * 105, 11 + 16 * (k // 3)
        parts.append(
            f'<rect class="{css}" x="{lx}" y="{ly - 8}" width="9" height="9"/>'
            f'<text class="chart-legend" x="{lx + 12}" y="{ly}">{escape(label)}</text>'
        )
    plot_w = WIDTH - 8
    for i, (label, counts) in enumerate(rows):
        top = legend_h + i * row_h + 2
        total = sum(counts) or 1
        parts.append(
            f'<text class="chart-label" x="4" y="{top + 10}">{escape(_clip(label, 46))}</text>'
        )
        x = 4.0
        for (_key_label, css), count in zip(keys, counts, strict=True):
            w = count / total * plot_w
            if w > 0:
                parts.append(
                    f'<rect class="{css}" x="{_num(x)}" y="{top + label_h}" width="{_num(w)}" '
                    f'height="{bar_h}"/>'
                )
            x += w
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text went through escape()


def bullet_chart(
    title: str,
    actual: float,
    target_to_date: float,
    target_total: float,
    *,
    projection: float | None = None,
    desc: str = "",
    actual_label: str = "",
    target_label: str = "",
) -> SafeString:
    """A bullet chart: the whole-year range, the target to date (tick), the actual (bar)
    and the projection (hollow bar)."""
    height, left, right = 60, 4, 4
    plot_w = WIDTH - left - right
    peak = max(target_total, actual, projection or 0, 1)

    def w(v: float) -> float:
        return max(v, 0) / peak * plot_w

    parts = [_open(title, height, desc)]
    parts.append(f'<rect class="chart-track" x="{left}" y="6" width="{_num(plot_w)}" height="18"/>')
    parts.append(
        f'<rect class="chart-range" x="{left}" y="6" width="{_num(w(target_total))}" height="18"/>'
    )
    if projection is not None:
        parts.append(
            f'<rect class="chart-projection" x="{left}" y="10" width="{_num(w(projection))}" '
            f'height="10"/>'
        )
    parts.append(
        f'<rect class="chart-a-fill" x="{left}" y="11" width="{_num(w(actual))}" height="8"/>'
    )
    tx = left + w(target_to_date)
    parts.append(f'<line class="chart-marker" x1="{_num(tx)}" x2="{_num(tx)}" y1="3" y2="27"/>')
    if actual_label or target_label:
        parts.append(
            f'<text class="chart-legend" x="{left}" y="40">{escape(actual_label)}</text>'
            f'<text class="chart-legend" x="{left}" y="55">{escape(target_label)}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text went through escape()


def sparkline(title: str, values: Sequence[float], *, css: str = "chart-a") -> SafeString:
    """A tiny trend line (in a table cell); the cell beside it holds the figure."""
    width, height = 60, 16
    peak = max([*values, 1])
    step = width / max(len(values) - 1, 1)
    points = " ".join(
        f"{_num(i * step)},{_num(height - 1 - v / peak * (height - 2))}"
        for i, v in enumerate(values)
    )
    return mark_safe(  # noqa: S308 - the title is escaped, the rest are numbers
        f'<svg class="spark" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{escape(title)}"><title>{escape(title)}</title>'
        f'<polyline class="{css}" fill="none" points="{points}"/></svg>'
    )


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _fmt(value: float) -> str:
    """Indonesian digits: thousands with '.', decimals with ','."""
    if float(value).is_integer():
        return f"{int(value):,}".replace(",", ".")
    return f"{value:,.1f}".replace(",", "_").replace(".", ",").replace("_", ".")
