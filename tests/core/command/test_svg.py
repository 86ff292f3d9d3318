"""The SVG chart functions: valid markup, text alternatives, escaped text."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from core.command import svg

NS = "{http://www.w3.org/2000/svg}"


def _parse(markup: str) -> ET.Element:
    return ET.fromstring(  # noqa: S314 - our own markup
        markup.replace("<svg ", '<svg xmlns="http://www.w3.org/2000/svg" ', 1)
    )


CHARTS = [
    lambda: svg.line_chart("Hari <ini>", ["06", "07", "08"], [svg.Series("A", [1, None, 3])]),
    lambda: svg.line_chart("Kosong", [], []),
    lambda: svg.bar_chart(
        "OPD & unit",
        [("Dinas <A>", 50.0, "chart-a"), ("B", 0, "chart-a")],
        max_value=100,
        marker=30,
    ),
    lambda: svg.stacked_bars(
        "Predikat", [("Kota", [1, 2, 0, 0, 1])], [(str(i), f"p{i}") for i in range(5)]
    ),
    lambda: svg.bullet_chart("PAD", 50, 60, 100, projection=90, actual_label="a", target_label="t"),
    lambda: svg.sparkline("Tren", [0, 3, 1]),
]


@pytest.mark.parametrize("make", CHARTS)
def test_every_chart_is_valid_svg_with_a_text_alternative(make):
    root = _parse(str(make()))
    assert root.get("role") == "img" and root.get("aria-label")
    assert root.find(f"{NS}title") is not None
    assert root.get("viewBox")


def test_text_is_escaped_and_numbers_are_indonesian():
    markup = str(svg.bar_chart("T", [("<script>", 1234.5, "chart-a")]))
    assert "<script>" not in markup and "&lt;script&gt;" in markup
    assert "1.234,5" in markup


def test_a_line_with_gaps_draws_separate_runs():
    root = _parse(
        str(svg.line_chart("T", ["a", "b", "c", "d"], [svg.Series("s", [1, 2, None, 4])]))
    )
    assert len(root.findall(f"{NS}polyline")) == 1 and len(root.findall(f"{NS}circle")) == 1
