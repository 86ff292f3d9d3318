"""The one set of display filters: numbers, money, percentages, minutes and labels, in
the active language's format (Indonesian: Rp5.000.000, 100,00 %, 1.065 menit).

Loaded everywhere as a template builtin (settings TEMPLATES "builtins"), so a template
applies `{{ value|rupiah }}` without `{% load %}`.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import cast

from django import template

from core import labels
from core.formats import _decimal, minutes, number, percent, rupiah, share

register = template.Library()


register.filter(number)
register.filter(rupiah)
register.filter(percent)
register.filter(share)
register.filter(minutes)


@register.filter
def label(value: object, kind: str) -> str:
    """`{{ row.predicate|label:"predicate" }}` -> "Butuh Perbaikan"."""
    return labels.label(kind, value)


@register.filter
def label_list(values: object, kind: str) -> str:
    """`{{ rule.predicates|label_list:"predicate" }}` -> "Sangat Baik / Baik"."""
    if values is None:
        return "–"
    items = [values] if isinstance(values, str) else cast(Iterable[object], values)
    return " / ".join(labels.label(kind, value) for value in items)


@register.filter
def object_label(value: object) -> str:
    return labels.object_label(value)


@register.filter
def role_label(value: object) -> str:
    return labels.role_label(value)


@register.filter
def roles_label(value: object) -> str:
    return labels.roles_label(cast("str | Iterable[object]", value))


@register.filter
def template_label(value: object, version: object = None) -> str:
    """'surabaya@1' (or 'surabaya' with version 1) -> 'Model Surabaya versi 1'."""
    if version not in (None, ""):
        value = f"{value}@{version}"
    return labels.template_label(value)


@register.filter
def can_open(user: object, url_name: str) -> bool:
    """`{% if user|can_open:"performance:attendance" %}`: the view's own access predicate,
    so a page never links to something that answers 403."""
    from django.urls import NoReverseMatch, reverse

    from core.navigation import view_predicate

    try:
        predicate = view_predicate(reverse(url_name))
    except NoReverseMatch:
        return False
    return predicate is None or bool(predicate(user))


@register.filter
def humanize_code(value: object) -> str:
    return labels.humanize_code(value)


@register.filter
def short_rupiah(value: object) -> str:
    """Millions and billions for tight spaces: "1,5 M" (miliar), "2,3 T" (triliun)."""
    amount = _decimal(value)
    if amount is None:
        return "–"
    for size, suffix in ((10**12, " T"), (10**9, " M"), (10**6, " jt")):
        if abs(amount) >= size:
            return number(amount / size, 1) + suffix
    return number(amount)


@register.filter
def month_name(value: object) -> str:
    """3 -> "Mar" in the active language."""
    from django.utils.dates import MONTHS_3

    try:
        return str(MONTHS_3[int(cast(str, value))]).title()
    except (KeyError, TypeError, ValueError):
        return str(value)


@register.filter
def bar_width(value: object) -> int:
    """A percentage as a CSS width, 0-100."""
    amount = _decimal(value)
    if amount is None:
        return 0
    return int(min(max(amount, Decimal(0)), Decimal(100)))


@register.filter(name="month_year")
def month_year_filter(month: int | str, year: int | str) -> str:
    """`{{ month|month_year:year }}`: 12, 2026 -> "Desember 2026" (never "12/2026")."""
    import datetime

    from core.formats import month_year

    try:
        return month_year(datetime.date(int(year), int(month), 1))
    except (TypeError, ValueError):
        return f"{month}/{year}"
