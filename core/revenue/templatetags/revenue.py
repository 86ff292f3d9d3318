"""Template filters of the revenue pages: rupiah and percentages the Indonesian way."""

from __future__ import annotations

from decimal import Decimal

from django import template

register = template.Library()


def _grouped(value: int) -> str:
    return f"{abs(value):,}".replace(",", ".")


@register.filter
def rupiah(value: int | None) -> str:
    """1234567 -> "Rp1.234.567"; None -> "–"."""
    if value is None or value == "":
        return "–"
    value = int(value)
    return ("-" if value < 0 else "") + "Rp" + _grouped(value)


@register.filter
def short_rupiah(value: int | None) -> str:
    """Millions and billions for tight spaces: 1.5 M, 2.3 T (miliar → M, triliun → T)."""
    if value is None:
        return "–"
    value = int(value)
    for size, suffix in ((10**12, " T"), (10**9, " M"), (10**6, " jt")):
        if abs(value) >= size:
            return f"{value / size:.1f}".replace(".", ",") + suffix
    return _grouped(value)


@register.filter
def percent(value: Decimal | None) -> str:
    if value is None:
        return "–"
    return f"{Decimal(value):.1f}".replace(".", ",") + "%"


@register.filter
def month_name(value: int) -> str:
    from django.utils.dates import MONTHS_3

    return str(MONTHS_3.get(int(value), value))


@register.filter
def bar_width(value: Decimal | None) -> int:
    """A percentage as a CSS width, 0-100."""
    if value is None:
        return 0
    return int(min(max(Decimal(value), Decimal(0)), Decimal(100)))
