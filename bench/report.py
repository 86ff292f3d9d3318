"""The results table (terminal and Markdown) and BENCHMARKS.md upkeep.

BENCHMARKS.md holds one section per module between `<!-- bench:NAME -->` and
`<!-- /bench:NAME -->` markers. A run rewrites the sections of the modules it ran
and keeps the others, so running one module never loses the other figures. Each
section says when, how and on what machine it was measured.
"""

from __future__ import annotations

import os
import platform
import re
import shlex
import sys
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from bench.figures import Figure
from bench.timing import format_seconds

BENCHMARKS_PATH = Path(__file__).resolve().parent.parent / "BENCHMARKS.md"

HEADER = """# Benchmarks

Written by `make bench` (`python -m bench`, see docs/bench.md); do not edit by hand.
Every figure is set against a baseline measured **in the same run** on the same
machine: the lower bound (the same work done the cheapest way) or, for "N times
faster" targets, the slower alternative. Times are medians; p95 is the 95th
percentile (nearest rank) where the operation was repeated. A module's section is
rewritten only when that module runs.
"""

COLUMNS = (
    "Figure",
    "Median",
    "p95",
    "n",
    "Baseline",
    "Baseline median",
    "Ratio",
    "Target",
    "Result",
)


@dataclass(frozen=True)
class Machine:
    cpu: str
    cores: int
    ram_gib: float
    python: str
    postgres: str

    def summary(self) -> str:
        return (
            f"{self.cpu}, {self.cores} cores, {self.ram_gib:.1f} GiB RAM; "
            f"Python {self.python}; {self.postgres}"
        )


def machine(postgres_version: str) -> Machine:
    cpu = platform.processor() or "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram = 0.0
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                ram = int(line.split()[1]) / 1024 / 1024
                break
    except OSError:
        pass
    return Machine(
        cpu=cpu,
        cores=os.cpu_count() or 1,
        ram_gib=ram,
        python=platform.python_version(),
        postgres=postgres_version,
    )


def command_line() -> str:
    args = sys.argv[1:]
    return " ".join(["python -m bench", *(shlex.quote(a) for a in args)])


# ---------------------------------------------------------------- rows
def row(figure: Figure) -> tuple[str, ...]:
    value = figure.value
    repeated = value.n > 1
    ratio = figure.ratio
    baseline = figure.baseline
    if figure.count:
        return (
            figure.name,
            f"{value.median:,.0f}",
            "",
            "1",
            "",
            "",
            "",
            figure.target.describe() if figure.target else "",
            figure.verdict,
        )
    return (
        figure.name,
        format_seconds(value.median),
        format_seconds(value.p95) if repeated else "",
        str(value.n),
        figure.baseline_label,
        format_seconds(baseline.median) if baseline is not None else "",
        _ratio_text(figure) if ratio is not None else "",
        figure.target.describe() if figure.target else "",
        figure.verdict,
    )


def _ratio_text(figure: Figure) -> str:
    text = f"{figure.ratio:.2f}×"
    if figure.difference is not None and abs(figure.difference) < 0.01:
        sign = "+" if figure.difference >= 0 else ""
        text += f" ({sign}{format_seconds(figure.difference)})"
    return text


def measured_text(figure: Figure) -> str:
    """The measured value in the terms of its target, e.g. "ratio 1.72×"."""
    if figure.count:
        return f"{figure.value.median:,.0f}"
    if figure.ratio is not None:
        return f"median {format_seconds(figure.value.median)}, ratio {_ratio_text(figure)}"
    return f"median {format_seconds(figure.value.median)}"


def terminal_table(figures: list[Figure]) -> str:
    rows = [COLUMNS, *(row(f) for f in figures)]
    widths = [max(len(r[i]) for r in rows) for i in range(len(COLUMNS))]
    lines = []
    for index, cells in enumerate(rows):
        line = "  ".join(cell.ljust(width) for cell, width in zip(cells, widths, strict=True))
        lines.append(line.rstrip())
        if index == 0:
            lines.append("  ".join("-" * width for width in widths))
    return "\n".join(lines)


def markdown_table(figures: list[Figure]) -> str:
    lines = [
        "| " + " | ".join(COLUMNS) + " |",
        "|" + "|".join("---" for _ in COLUMNS) + "|",
    ]
    for figure in figures:
        cells = list(row(figure))
        cells[-1] = f"**{cells[-1]}**" if figure.passed is False else cells[-1]
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return "\n".join(lines)


# ---------------------------------------------------------------- BENCHMARKS.md
@dataclass
class ModuleResult:
    name: str
    title: str
    figures: list[Figure]
    notes: list[str]
    seconds: float
    error: str = ""
    load: tuple[float, float] | None = None  # 1-minute load average before and after


def load_average() -> float | None:
    try:
        return os.getloadavg()[0]
    except OSError:
        return None


def load_text(load: tuple[float, float] | None, cores: int) -> str:
    if load is None:
        return ""
    return (
        f" Load average {load[0]:.1f} before, {load[1]:.1f} after ({cores} cores; "
        "above the core count other processes were competing)."
    )


def section(result: ModuleResult, *, when: datetime, command: str, host: Machine) -> str:
    parts = [
        f"<!-- bench:{result.name} -->",
        f"## {result.name}: {result.title}",
        "",
        f"Measured {when:%Y-%m-%d %H:%M} UTC by `{command}` in {result.seconds:.0f} s on "
        f"{host.summary()}." + load_text(result.load, host.cores),
        "",
    ]
    if result.error:
        parts += ["**The module failed:**", "", "```", result.error.strip(), "```", ""]
    if result.figures:
        parts += [markdown_table(result.figures), ""]
    for figure in result.figures:
        if figure.note:
            parts += [f"- *{figure.name}*: {figure.note}"]
    if any(f.note for f in result.figures):
        parts.append("")
    for note in result.notes:
        parts += [note, ""]
    parts.append(f"<!-- /bench:{result.name} -->")
    return "\n".join(parts)


_SECTION = re.compile(r"<!-- bench:(?P<name>[\w-]+) -->\n.*?<!-- /bench:(?P=name) -->", re.S)


def existing_sections(text: str) -> dict[str, str]:
    return {m.group("name"): m.group(0) for m in _SECTION.finditer(text)}


def write_benchmarks(
    results: list[ModuleResult],
    *,
    host: Machine,
    when: datetime | None = None,
    command: str | None = None,
    path: Path = BENCHMARKS_PATH,
) -> Path:
    """Rewrite the sections of `results` in BENCHMARKS.md, keeping the others."""
    when = when or datetime.now(UTC)
    command = command or command_line()
    sections = existing_sections(path.read_text()) if path.exists() else {}
    for result in results:
        sections[result.name] = section(result, when=when, command=command, host=host)
    body = [
        HEADER,
        "## Machine of the latest run",
        "",
        f"- CPU: {host.cpu} ({host.cores} cores)",
        f"- RAM: {host.ram_gib:.1f} GiB",
        f"- Python {host.python}",
        f"- {host.postgres}",
        f"- Date: {when:%Y-%m-%d %H:%M} UTC",
        f"- Command: `{command}`",
        "",
    ]
    for name in sorted(sections):
        body += [sections[name], ""]
    path.write_text("\n".join(body).rstrip() + "\n")
    return path
